//! The harnesses behind the cargo-fuzz targets in `fuzz_targets/`, kept in a library so that
//! `cargo test` can replay saved inputs (`fuzz/regressions/<target>/`) without libFuzzer.
//!
//! Every target reads option bits from its first byte(s) (see `fuzz/README.md` for the layout,
//! which `scripts/fuzz-seeds.py` writes) and checks its oracles with `assert!`: a failed oracle is
//! a crash for libFuzzer, just like a panic inside scimgate.
//!
//! The harnesses use the public API only, and compare filters and paths through their canonical
//! text (`Display`), their parser and `PartialEq`, so they do not depend on the AST's shape.

pub mod domain;
pub mod expr;
pub mod filter;
pub mod mapping;
pub mod patch;
pub mod plan;
pub mod resource;

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;

use scimgate::{Issue, Options, Report, Severity, Validator};
use serde_json::{Map, Value};

/// Largest input handed to the JSON parser by the harnesses that split their input themselves.
pub const MAX_INPUT: usize = 1 << 20;
/// Depth limit for the harness's own parse of a composite input (`[resource, patch]`); the
/// documents inside are limited again by the options.
pub const MAX_SPLIT_DEPTH: usize = 64;

/// A string a password is replaced with before checking that no output echoes it.
pub const PASSWORD_MARKER: &str = "Pw-marker-7f1cZ";

/// Findings the targets reported that are not fixed in the core yet: `(id, what)`. Their
/// oracles are skipped unless `SCIMGATE_FUZZ_ALL=1` is set, so `make fuzz-smoke` stays green
/// while a fix is pending and the targets keep looking for other failures. Remove an entry with
/// the fix; `make fuzz-open` (or `SCIMGATE_FUZZ_ALL=1 cargo test --manifest-path fuzz/Cargo.toml
/// -- --include-ignored`) replays the inputs in `fuzz/regressions/` with every oracle.
pub const OPEN_FINDINGS: &[(&str, &str)] = &[];

/// Whether the oracle for finding `id` runs: always, unless `id` is in [`OPEN_FINDINGS`] and
/// `SCIMGATE_FUZZ_ALL` is not `1`.
pub fn enforce(id: &str) -> bool {
    static ALL: OnceLock<bool> = OnceLock::new();
    *ALL.get_or_init(|| std::env::var("SCIMGATE_FUZZ_ALL").is_ok_and(|v| v == "1"))
        || !OPEN_FINDINGS.iter().any(|(open, _)| *open == id)
}

/// The IdP dialect presets, in selector order.
pub const DIALECTS: [&str; 5] = ["rfc", "entra", "entra-aadOptscim062020", "okta", "onelogin"];

fn fixture(cell: &'static OnceLock<Value>, text: &str) -> &'static Value {
    cell.get_or_init(|| serde_json::from_str(text).expect("fixture is JSON"))
}

/// `fixtures/schemas.json`: `{"test": <extension with one attribute per type>, "acme": <extension
/// with required attributes>}` (the same documents the shared vectors use).
pub fn schemas() -> &'static Value {
    static CELL: OnceLock<Value> = OnceLock::new();
    fixture(&CELL, include_str!("../fixtures/schemas.json"))
}

/// `fixtures/catalog.json`: a Wrike `GET /customfields` response (Checkbox, Date, Numeric,
/// DropDown, and a field not applicable to users).
pub fn catalog() -> &'static Value {
    static CELL: OnceLock<Value> = OnceLock::new();
    fixture(&CELL, include_str!("../fixtures/catalog.json"))
}

/// `fixtures/resources.json`: the resources filters, paths and PATCH run against: the RFC 7643
/// bjensen user, a Wrike user with a custom field, a user of the test extension, a group, and a
/// user whose every attribute has the wrong shape. The first two carry passwords.
pub fn resources() -> &'static [Value] {
    static CELL: OnceLock<Value> = OnceLock::new();
    fixture(&CELL, include_str!("../fixtures/resources.json"))
        .as_array()
        .expect("resources fixture is an array")
}

thread_local! {
    static VALIDATORS: RefCell<HashMap<(u8, u32), Validator>> = RefCell::new(HashMap::new());
}

/// The validator for option selector `key` of harness `tag`, compiled once per process. The
/// options each selector builds are valid by construction (a unit test compiles all of them), so
/// a failure here is a harness bug or a regression in `Validator::new`, and panics.
pub fn validator(tag: u8, key: u32, options: impl FnOnce() -> Options) -> Validator {
    if let Some(v) = VALIDATORS.with(|m| m.borrow().get(&(tag, key)).cloned()) {
        return v;
    }
    let o = options();
    let v = Validator::new(o.clone())
        .unwrap_or_else(|e| panic!("options {} do not compile: {e}", o.to_value()));
    VALIDATORS.with(|m| m.borrow_mut().insert((tag, key), v.clone()));
    v
}

/// The dialect option for a selector value: `None` (no dialect) or one of [`DIALECTS`].
pub fn dialect(index: usize) -> scimgate::dialect::Dialect {
    DIALECTS
        .get(index)
        .map_or_else(scimgate::dialect::Dialect::default, |d| {
            scimgate::dialect::Dialect::from_option(Some(&Value::String((*d).into())))
                .expect("a built-in preset")
        })
}

/// Oracles every report must satisfy: `valid` is exactly "no issue of severity error"; every
/// issue has a snake_case code; errors carry a `status`.
pub fn assert_report(report: &Report) {
    let has_error = report.issues.iter().any(|i| i.severity == Severity::Error);
    assert_eq!(
        report.valid, !has_error,
        "report.valid disagrees with its issues: {report:?}"
    );
    for issue in &report.issues {
        assert_issue(issue);
    }
}

/// One issue: a non-empty snake_case code; a status on errors.
pub fn assert_issue(issue: &Issue) {
    assert!(
        !issue.code.as_str().is_empty()
            && issue
                .code
                .as_str()
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
        "issue code is not a snake_case slug: {issue:?}"
    );
    if issue.severity == Severity::Error {
        assert!(
            issue.status.is_some(),
            "error issue without status: {issue:?}"
        );
    }
}

/// Whether `value` holds a password anywhere: a string under a key spelled `password` in any
/// case, or the value of a PATCH operation whose path names `password`.
pub fn has_password(value: &Value) -> bool {
    let mut copy = value.clone();
    replace_passwords(&mut copy)
}

/// Replace every password string in `value` (see [`has_password`]) with [`PASSWORD_MARKER`];
/// returns whether anything was replaced.
pub fn replace_passwords(value: &mut Value) -> bool {
    let mut replaced = false;
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::Array(items) => stack.extend(items.iter_mut()),
            Value::Object(map) => {
                let patch_path = map
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case("path"))
                    .and_then(|(_, p)| p.as_str())
                    .is_some_and(names_password);
                for (k, item) in map.iter_mut() {
                    let secret = k.eq_ignore_ascii_case("password")
                        || k.to_ascii_lowercase().ends_with(":password")
                        || (patch_path && k.eq_ignore_ascii_case("value"));
                    if secret && item.is_string() {
                        *item = Value::String(PASSWORD_MARKER.into());
                        replaced = true;
                    } else {
                        stack.push(item);
                    }
                }
            }
            _ => {}
        }
    }
    replaced
}

fn names_password(path: &str) -> bool {
    let p = path.trim().to_ascii_lowercase();
    p == "password" || p.ends_with(":password")
}

/// Whether the input itself spells [`PASSWORD_MARKER`] (libFuzzer learns it from the oracle's
/// comparisons): such an input is skipped, as an output may repeat what the input says outside
/// a password (a schema URN) and the marker would no longer prove an echo.
pub fn spells_marker(data: &[u8]) -> bool {
    data.windows(PASSWORD_MARKER.len())
        .any(|w| w == PASSWORD_MARKER.as_bytes())
}

/// Assert that no text an output carries (a message, a path, an error) contains the marker.
pub fn assert_no_marker<'a>(what: &str, texts: impl IntoIterator<Item = &'a str>) {
    for t in texts {
        assert!(
            !t.contains(PASSWORD_MARKER),
            "{what} echoes a password: {t:?}"
        );
    }
}

/// Messages and paths of issues, for [`assert_no_marker`].
pub fn issue_texts(issues: &[Issue]) -> impl Iterator<Item = &str> {
    issues
        .iter()
        .flat_map(|i| [i.message.as_str(), i.path.as_str()])
}

/// Parse a composite input (`[a, b]` JSON) with generous limits; `None` when it is not JSON.
pub fn parse_parts(data: &[u8]) -> Option<Vec<Value>> {
    match scimgate::json::parse(data, MAX_INPUT, MAX_SPLIT_DEPTH).ok()? {
        Value::Array(items) => Some(items),
        _ => None,
    }
}

/// A JSON object's key that equals `name` ignoring ASCII case.
pub fn find_key<'a>(map: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    map.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixtures_parse() {
        assert_eq!(resources().len(), 5);
        assert!(schemas()["test"]["id"].is_string());
        assert!(catalog()["data"].is_array());
    }

    #[test]
    fn passwords_are_found_and_replaced() {
        let mut v = serde_json::json!({
            "PassWord": "hunter22",
            "emails": [{"value": "a@b.c"}],
            "Operations": [{"op": "replace", "path": "password", "value": "s3cret!!"},
                           {"op": "add", "value": {"password": "other-one"}}],
            "urn:ietf:params:scim:schemas:core:2.0:User:password": "qualified"
        });
        assert!(has_password(&v));
        assert!(replace_passwords(&mut v));
        let text = v.to_string();
        for secret in ["hunter22", "s3cret!!", "other-one", "qualified"] {
            assert!(!text.contains(secret), "{secret} left in {text}");
        }
        assert!(text.contains("a@b.c"));
        assert!(!has_password(
            &serde_json::json!({"userName": "x", "path": "password"})
        ));
    }

    #[test]
    fn report_oracle_catches_inconsistent_valid() {
        let issue = Issue::new(
            scimgate::Code::InvalidType,
            Severity::Error,
            scimgate::Loc::root(),
            "m",
        );
        let bad = Report {
            valid: true,
            issues: vec![issue],
        };
        assert!(std::panic::catch_unwind(|| assert_report(&bad)).is_err());
        assert_report(&Report::from_issues(vec![Issue::new(
            scimgate::Code::InvalidType,
            Severity::Error,
            scimgate::Loc::root(),
            "m",
        )]));
    }
}
