//! Whether a stored resource is already in the canonical form PATCH works on (what
//! `resource::normalize_stored` would make of it), decided without building anything: then the
//! stored resource is used as it is instead of being rewritten on every call.
//!
//! The test is conservative: `true` only for shapes the rewrite provably leaves alone — every
//! key spelled exactly as its schema spells it, no nulls, no secret the target drops, no key the
//! rewrite would move (qualified, bare custom keys, unknown keys), a user-type value only in
//! the spelling the rewrite gives it (no alias, no other letter case), `schemas` listing exactly
//! the core schema first and each extension present. Anything else takes the full rewrite. The tests check the claim on every stored
//! resource of the shared vectors.

use serde_json::{Map, Value};

use crate::schema::{Attribute, AttributeType};
use crate::validator::compiled::{Compiled, KeyKind};

/// Whether `normalize_stored(c, resource)` would return `resource` unchanged (see the module
/// docs; `false` means "not known", not "not canonical").
pub(super) fn is_canonical(c: &Compiled, resource: &Value) -> bool {
    let Value::Object(map) = resource else {
        return false;
    };
    let mut extensions: Vec<&str> = Vec::new();
    for (key, value) in map {
        let ok = match c.classify(key) {
            KeyKind::Schemas => key == "schemas",
            KeyKind::Attr(attr) => *key == attr.name && plain(c, attr, value),
            KeyKind::Extension(schema) => {
                extensions.push(&schema.id);
                let profile = c.is_profile_extension(schema);
                *key == schema.id
                    && value.as_object().is_some_and(|m| {
                        !m.is_empty()
                            && m.iter().all(|(k, v)| {
                                schema.attribute(k).is_some_and(|a| {
                                    *k == a.name
                                        && plain(c, a, v)
                                        && (!profile || user_type_kept(c, a, v))
                                })
                            })
                    })
            }
            _ => false,
        };
        if !ok {
            return false;
        }
    }
    let Some(Value::Array(listed)) = map.get("schemas") else {
        return false;
    };
    let mut listed = listed.iter().map(Value::as_str);
    listed.next() == Some(Some(c.core.id.as_str()))
        && listed.len() == extensions.len()
        && listed.zip(&extensions).all(|(l, e)| l == Some(*e))
}

/// Whether the rewrite keeps a value of an attribute of the profile's extension: anything but
/// the user type, and a user type that resolves to itself (or to nothing: kept as written).
fn user_type_kept(c: &Compiled, attr: &Attribute, value: &Value) -> bool {
    let Some(profile) = &c.profile else {
        return true;
    };
    if attr.name != profile.user_types.attribute {
        return true;
    }
    match value {
        Value::String(given) => profile
            .user_types
            .resolve(given)
            .is_none_or(|canonical| canonical == given),
        _ => true,
    }
}

/// Whether the rewrite keeps `value` of `attr` as it is.
fn plain(c: &Compiled, attr: &Attribute, value: &Value) -> bool {
    if value.is_null() || c.drops_secret(attr) {
        return false;
    }
    match value {
        Value::Array(items) if attr.multi_valued => items
            .iter()
            .all(|x| !x.is_null() && !x.is_array() && single(c, attr, x)),
        Value::Array(_) => false,
        _ if attr.multi_valued => false,
        _ => single(c, attr, value),
    }
}

fn single(c: &Compiled, attr: &Attribute, value: &Value) -> bool {
    match (attr.kind, value) {
        (AttributeType::Complex, Value::Object(m)) => members(c, &attr.sub_attributes, m),
        (AttributeType::Complex, _) => false,
        _ => true,
    }
}

fn members(c: &Compiled, attrs: &[Attribute], map: &Map<String, Value>) -> bool {
    map.iter().all(|(k, v)| {
        crate::schema::find_attribute(attrs, k).is_some_and(|a| *k == a.name && plain(c, a, v))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::Options;
    use crate::resource::normalize_stored;
    use crate::validator::compiled::compile;

    /// Every object resource the shared vectors hand over, with its case's options.
    fn vector_resources() -> Vec<(Value, Value)> {
        crate::test_vectors::resources()
            .into_iter()
            .filter(|(r, _)| r.is_object())
            .collect()
    }

    /// The claim the fast path rests on: whenever `is_canonical` says yes, the rewrite returns
    /// the resource unchanged (also for the vectors' resources after one rewrite, which are
    /// canonical far more often); and the fast path is taken often enough to matter.
    #[test]
    fn canonical_resources_are_left_alone_by_the_rewrite() {
        let mut canonical = 0;
        let mut total = 0;
        for (resource, options) in vector_resources() {
            let Ok(options) = Options::from_value(options) else {
                continue;
            };
            let Ok(c) = compile(options, None) else {
                continue;
            };
            let Ok(once) = normalize_stored(&c, &resource) else {
                continue;
            };
            for r in [resource, Value::Object(once)] {
                total += 1;
                if is_canonical(&c, &r) {
                    canonical += 1;
                    let again = Value::Object(normalize_stored(&c, &r).unwrap());
                    assert_eq!(again, r, "said canonical but rewritten");
                    // Byte-identical, key order included.
                    assert_eq!(again.to_string(), r.to_string());
                }
            }
        }
        assert!(total > 200, "only {total} resources in the vectors");
        assert!(
            canonical * 4 > total,
            "fast path taken for only {canonical} of {total}"
        );
    }

    #[test]
    fn what_the_rewrite_would_change_is_not_canonical() {
        let c = compile(Options::default(), None).unwrap();
        let core = "urn:ietf:params:scim:schemas:core:2.0:User";
        let ent = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
        let yes = serde_json::json!({"schemas": [core, ent], "userName": "a", "name": {"givenName": "A"},
            "emails": [{"value": "a@x.com", "primary": true}], ent: {"department": "D"}});
        assert!(is_canonical(&c, &yes));
        for no in [
            serde_json::json!({"schemas": [core], "USERNAME": "a"}),
            serde_json::json!({"schemas": [core], "userName": null}),
            serde_json::json!({"schemas": [core], "name": {"GivenName": "A"}}),
            serde_json::json!({"schemas": [core], "emails": [null]}),
            serde_json::json!({"schemas": [core], "emails": {"value": "a@x.com"}}),
            serde_json::json!({"schemas": [core], "nickName": ["a"]}),
            serde_json::json!({"schemas": [core], "nope": 1}),
            serde_json::json!({"schemas": [core], ent: {"department": "D"}}),
            serde_json::json!({"schemas": [ent, core], ent: {"department": "D"}}),
            serde_json::json!({"schemas": [core, ent], ent: {}}),
            serde_json::json!({"schemas": [core.to_uppercase()], "userName": "a"}),
            serde_json::json!({"userName": "a"}),
            serde_json::json!({"schemas": [core], format!("{ent}:department"): "D"}),
        ] {
            assert!(!is_canonical(&c, &no), "{no}");
        }
    }

    #[test]
    fn a_user_type_is_canonical_only_as_the_rewrite_spells_it() {
        let options =
            Options::from_value(serde_json::json!({"profile": "wrike", "dialect": "entra"}))
                .unwrap();
        let c = compile(options, None).unwrap();
        let core = "urn:ietf:params:scim:schemas:core:2.0:User";
        let wrike = "urn:ietf:params:scim:schemas:extension:wrike:2.0:User";
        let with = |t: &str| serde_json::json!({"schemas": [core, wrike], "userName": "a@x.com", wrike: {"userType": t}});
        for (given, canonical) in [
            ("Regular", true),
            ("Collaborator", true),
            ("Unheard Of", true),
            ("regular", false),
            ("REGULAR", false),
            (" Regular", false),
        ] {
            let r = with(given);
            assert_eq!(is_canonical(&c, &r), canonical, "{given}");
            let rewritten = Value::Object(normalize_stored(&c, &r).unwrap());
            assert_eq!(rewritten == r, canonical, "{given}: {rewritten}");
        }
    }
}
