//! `mapping`: one selector byte, then a JSON array `[source, mapping, current]` (`current`
//! optional), previewed with `mapping::map_user`.
//!
//! Byte 0: bits 0-1 the IdP (modulo 3: Entra, Okta, OneLogin), whose default mapping is used
//! when the `mapping` element is `null` or absent, and to which an array `mapping` is appended
//! as extra rules; bit 2 `update` (a missing or `null` `current` is then [`current_user`]); bit 3
//! approved domain `acme.com`; bit 4 the custom-field catalog; bit 5 the IdP's dialect set
//! explicitly in the options. Clock and seed are fixed ([`crate::expr::NOW_MS`],
//! [`crate::expr::SEED`]).

use scimgate::expr::{Env, Language};
use scimgate::mapping::{default_mapping, map_user, MapOperation, MapResult, MapSettings};
use scimgate::{Error, Options};
use serde_json::{json, Value};

use crate::expr::{secrets, LANGUAGES, NOW_MS, SEED};

/// The user the target holds in an update when the input gives none.
pub fn current_user() -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": "u-1", "userName": "ada@acme.com", "active": true,
        "name": {"givenName": "Ada", "familyName": "Lovelace"},
        "emails": [{"type": "work", "value": "ada@acme.com", "primary": true}]
    })
}

/// The options of selector `b0` (the IdP, operation and mapping bits aside).
pub fn options(b0: u8) -> Options {
    let mut o = Options::default();
    if b0 & 8 != 0 {
        o.profile.approved_domains = Some(vec!["acme.com".into()]);
    }
    if b0 & 0x10 != 0 {
        o.profile.custom_fields = Some(crate::catalog().clone());
    }
    if b0 & 0x20 != 0 {
        o.rules.dialect = crate::dialect(match LANGUAGES[usize::from(b0 & 3) % 3] {
            Language::Entra => 1,
            Language::Okta => 3,
            Language::OneLogin => 4,
        });
    }
    o
}

/// The mapping document the harness previews: `given` itself when it is an object, the IdP's
/// default mapping when it is `null` or absent, with `given`'s elements appended to its rules
/// when it is an array.
pub fn document(idp: Language, given: Option<&Value>) -> Value {
    match given {
        Some(Value::Object(_)) => given.cloned().unwrap_or_default(),
        Some(Value::Array(extra)) => {
            let mut d = default_mapping(idp.as_str()).expect("a built-in mapping");
            if let Some(Value::Array(rules)) = d.get_mut("rules") {
                rules.extend(extra.iter().cloned());
            }
            d
        }
        Some(other) if !other.is_null() => other.clone(),
        _ => default_mapping(idp.as_str()).expect("a built-in mapping"),
    }
}

/// What `path` (`rules[2].source.expression`, `idp`, `""`) names in `doc`: the value there, or
/// `Value::Null` when its last member is missing from an existing object (a required member
/// that is absent); `None` when the path leads nowhere.
pub fn resolve<'a>(doc: &'a Value, path: &str) -> Option<&'a Value> {
    static NULL: Value = Value::Null;
    if path.is_empty() {
        return Some(doc);
    }
    // Keys are the schema's (`rules`, `source`, ...) or an unknown member named as is: try the
    // whole remaining text as one key before splitting at a dot.
    let mut at = doc;
    let mut rest = path;
    loop {
        if let Some(r) = rest.strip_prefix("[\"") {
            // A JSON-quoted member name: `["a.b"]`.
            let mut de = serde_json::Deserializer::from_str(&rest[1..]).into_iter::<String>();
            let key = de.next()?.ok()?;
            let used = 1 + de.byte_offset();
            debug_assert!(r.len() + 2 > used);
            at = at.as_object()?.get(&key).unwrap_or(&NULL);
            rest = rest[used..].strip_prefix(']')?;
            rest = rest.strip_prefix('.').unwrap_or(rest);
        } else if let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']')?;
            let i: usize = r[..end].parse().ok()?;
            at = at.as_array()?.get(i)?;
            rest = &r[end + 1..];
            rest = rest.strip_prefix('.').unwrap_or(rest);
        } else {
            let map = at.as_object()?;
            if let Some(v) = map.get(rest) {
                return Some(v);
            }
            let end = rest.find(['.', '[']).unwrap_or(rest.len());
            let key = &rest[..end];
            match map.get(key) {
                Some(v) => at = v,
                None if end == rest.len() => return Some(&NULL),
                None => return None,
            }
            rest = &rest[end..];
            rest = rest.strip_prefix('.').unwrap_or(rest);
        }
        if rest.is_empty() {
            return Some(at);
        }
    }
}

/// The `mapping` target. Oracles: no panic; errors are `invalid_mapping` (whose path names a
/// place in the document, and whose offset, when given, is inside the expression there on a
/// char boundary) or `not_an_object`; a preview's issues are well-formed and repeat no source
/// string of 8 bytes or more; its plan satisfies the `plan` target's oracles; the request body
/// carries no password.
pub fn mapping(data: &[u8]) {
    let Some((&b0, rest)) = data.split_first() else {
        return;
    };
    let Some(parts) = crate::parse_parts(rest) else {
        return;
    };
    let idp = LANGUAGES[usize::from(b0 & 3) % 3];
    let Some(source) = parts.first() else {
        return;
    };
    let doc = document(idp, parts.get(1));
    let operation = if b0 & 4 != 0 {
        MapOperation::Update
    } else {
        MapOperation::Create
    };
    let fallback = current_user();
    let current = match parts.get(2) {
        Some(Value::Null) | None if operation == MapOperation::Update => Some(&fallback),
        other => other.filter(|c| !c.is_null()),
    };
    let settings = MapSettings {
        operation,
        env: Env::fixed(NOW_MS, SEED),
    };
    let options = options(b0);
    match map_user(source, &doc, current, settings, &options) {
        Ok(r) => assert_result(&r, source, &doc),
        Err(e) => assert_error(&e, &doc),
    }
}

fn assert_error(e: &Error, doc: &Value) {
    match e {
        Error::InvalidMapping { path, offset, .. } => {
            let at = resolve(doc, path)
                .unwrap_or_else(|| panic!("invalid_mapping path {path:?} names no place: {e}"));
            if let Some(offset) = offset {
                let text = at.as_str().unwrap_or_else(|| {
                    panic!("invalid_mapping offset at {path:?}, which is not an expression: {e}")
                });
                assert!(
                    *offset <= text.len() && text.is_char_boundary(*offset),
                    "invalid_mapping offset {offset} outside {text:?}: {e}"
                );
            }
        }
        Error::NotAnObject { .. } => {}
        other => panic!("map_user failed with {other:?}"),
    }
}

fn assert_result(r: &MapResult, source: &Value, doc: &Value) {
    let spelled = doc.to_string();
    for i in r
        .issues
        .iter()
        .chain(&r.report.issues)
        .chain(&r.plan.issues)
    {
        crate::assert_issue(i);
    }
    for i in &r.issues {
        for s in secrets(source) {
            // A string the mapping document spells may appear in a message about it.
            assert!(
                spelled.contains(s) || !i.message.contains(s),
                "a mapping issue repeats the source value {s:?}: {:?}",
                i.message
            );
        }
    }
    crate::plan::assert_plan(&r.plan);
    assert!(
        !crate::has_password(&r.request.body),
        "the request body carries a password: {}",
        r.request.body
    );
    assert!(
        r.values.len() <= doc["rules"].as_array().map_or(0, Vec::len),
        "more values than rules"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_selector_compiles() {
        for b0 in 0..=255u8 {
            scimgate::Validator::new(options(b0)).unwrap();
        }
    }

    #[test]
    fn resolves_paths() {
        let d = json!({"idp": "entra", "rules": [{"source": {"expression": "x"}}], "a.b": 1});
        assert_eq!(resolve(&d, "rules[0].source.expression"), Some(&json!("x")));
        assert_eq!(resolve(&d, "a.b"), Some(&json!(1)));
        assert_eq!(resolve(&d, "rules[0].target"), Some(&Value::Null));
        assert_eq!(resolve(&d, "rules[1]"), None);
        assert_eq!(resolve(&d, "nope.x"), None);
        assert_eq!(resolve(&d, "[\"a.b\"]"), Some(&json!(1)));
    }

    #[test]
    fn previews_each_default_mapping() {
        for b0 in [0u8, 1, 2, 4, 5, 6, 0x3f] {
            let mut input = vec![b0];
            input.extend_from_slice(
                br#"[{"userPrincipalName":"ada@acme.com","mail":"ada@acme.com","user":{"login":"ada@acme.com"},"email":"ada@acme.com"}]"#,
            );
            mapping(&input);
        }
    }
}
