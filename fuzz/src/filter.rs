//! `filter` and `path`: one selector byte, then the text (UTF-8).
//!
//! Byte 0: bit 0 lenient parsing (`ParseOptions::lenient`, Entra's
//! `emails[type eq "work"].value eq "x"`); bits 1-3 the validator the filter is evaluated with
//! (modulo 6): User strict, User lenient, User `entra`, Group, User with the `wrike` profile, the
//! catalog, approved domains and the `test` extension, User `okta` lenient with the `test`
//! extension.

use scimgate::filter::{parse_filter_with, parse_path_with, ParseOptions};
use scimgate::{Error, Mode, Options, Validator};
use serde_json::{json, Value};

/// The evaluation validators (see the module docs).
pub fn eval_options(index: u8) -> Options {
    let mut o = Options::default();
    match index % 6 {
        1 => o.rules.mode = Mode::Lenient,
        2 => o.rules.dialect = crate::dialect(1),
        3 => o.schema.resource_type = "Group".into(),
        4 => {
            o.profile.profile = Some(json!("wrike"));
            o.profile.custom_fields = Some(crate::catalog().clone());
            o.profile.approved_domains = Some(vec!["acme.com".into()]);
            o.schema.schemas.push(crate::schemas()["test"].clone());
        }
        5 => {
            o.rules.mode = Mode::Lenient;
            o.rules.dialect = crate::dialect(3);
            o.schema.schemas.push(crate::schemas()["test"].clone());
        }
        _ => {}
    }
    o
}

fn split(data: &[u8]) -> Option<(ParseOptions, Validator, &str)> {
    let (&b0, rest) = data.split_first()?;
    let text = std::str::from_utf8(rest).ok()?;
    let parse = ParseOptions {
        lenient: b0 & 1 != 0,
        ..ParseOptions::default()
    };
    let index = ((b0 >> 1) & 7) % 6;
    let v = crate::validator(b'f', u32::from(index), || eval_options(index));
    Some((parse, v, text))
}

/// The canonical text may be longer than the input (escapes, parentheses): parse it back without
/// the length limit, with the same depth limit and switches.
fn reparse_options(o: &ParseOptions) -> ParseOptions {
    ParseOptions {
        max_length: usize::MAX,
        ..*o
    }
}

fn assert_parse_error(e: &Error, text: &str, code: &str) {
    assert_eq!(e.code(), code, "unexpected error for {text:?}: {e}");
    if let Error::InvalidFilter { offset, .. } | Error::InvalidPath { offset, .. } = e {
        assert!(
            *offset <= text.len(),
            "error offset {offset} past the end of {text:?}"
        );
    }
}

/// The `filter` target. Oracles: no panic; a parse error is `invalid_filter` with an offset inside
/// the text; what strict parsing accepts, lenient parsing accepts as the same filter; the
/// canonical text parses back to an equal filter with the same text; evaluation against the
/// fixture resources never panics, `filter_resources` agrees with `matches`, and no result depends
/// on a password.
pub fn filter(data: &[u8]) {
    if crate::spells_marker(data) {
        return;
    }
    let Some((opts, v, text)) = split(data) else {
        return;
    };
    let f = match parse_filter_with(text, &opts) {
        Ok(f) => f,
        Err(e) => return assert_parse_error(&e, text, "invalid_filter"),
    };
    if !opts.lenient {
        let lenient = ParseOptions {
            lenient: true,
            ..opts
        };
        assert_eq!(
            parse_filter_with(text, &lenient).as_ref(),
            Ok(&f),
            "lenient parsing does not accept what strict parsing does"
        );
    }
    let canonical = f.to_string();
    let again = parse_filter_with(&canonical, &reparse_options(&opts))
        .unwrap_or_else(|e| panic!("canonical text {canonical:?} does not parse: {e}"));
    assert_eq!(
        again, f,
        "canonical text {canonical:?} parses to another filter"
    );
    assert_eq!(again.to_string(), canonical, "canonical text is not stable");

    let resources = crate::resources();
    let mut each = Vec::new();
    for r in resources {
        let outcome = f.matches(r, &v).map_err(|e| e.code());
        let mut other = r.clone();
        if crate::enforce("filter-password") && crate::replace_passwords(&mut other) {
            let blind = f.matches(&other, &v).map_err(|e| e.code());
            assert_eq!(
                outcome, blind,
                "the result of {canonical:?} depends on the password"
            );
        }
        each.push(outcome);
    }
    match scimgate::filter_resources(&f, resources, &v) {
        Ok(hits) => {
            let expected: Vec<&Value> = resources
                .iter()
                .zip(&each)
                .filter(|(_, m)| *m == &Ok(true))
                .map(|(r, _)| r)
                .collect();
            assert!(
                each.iter().all(Result::is_ok),
                "filter_resources hid an error"
            );
            assert_eq!(hits, expected, "filter_resources disagrees with matches");
        }
        Err(_) => assert!(
            each.iter().any(Result::is_err),
            "filter_resources failed where every matches succeeded"
        ),
    }
}

/// The `path` target. Oracles: no panic; a parse error is `invalid_path` (or `invalid_filter` for
/// the value filter) with an offset inside the text; strict ⊆ lenient; the canonical text parses
/// back to an equal path with the same text, which `to_json()["text"]` also gives; PATCH
/// operations on the path (remove, replace with a string, add an element) applied to the fixture
/// resources never panic, and a successful result's report is consistent.
pub fn path(data: &[u8]) {
    let Some((opts, v, text)) = split(data) else {
        return;
    };
    let p = match parse_path_with(text, &opts) {
        Ok(p) => p,
        Err(e) => {
            let code = if e.code() == "invalid_filter" {
                "invalid_filter"
            } else {
                "invalid_path"
            };
            return assert_parse_error(&e, text, code);
        }
    };
    if !opts.lenient {
        let lenient = ParseOptions {
            lenient: true,
            ..opts
        };
        assert_eq!(
            parse_path_with(text, &lenient).as_ref(),
            Ok(&p),
            "lenient parsing does not accept what strict parsing does"
        );
    }
    let canonical = p.to_string();
    let again = parse_path_with(&canonical, &reparse_options(&opts))
        .unwrap_or_else(|e| panic!("canonical text {canonical:?} does not parse: {e}"));
    assert_eq!(
        again, p,
        "canonical text {canonical:?} parses to another path"
    );
    assert_eq!(again.to_string(), canonical, "canonical text is not stable");
    assert_eq!(p.to_json()["text"], json!(canonical));

    let operations = [
        json!({"op": "remove", "path": text}),
        json!({"op": "replace", "path": text, "value": "x"}),
        json!({"op": "add", "path": text, "value": [{"value": "x@acme.com", "type": "work"}]}),
    ];
    for r in crate::resources() {
        for op in &operations {
            let patch = json!({
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                "Operations": [op]
            });
            if let Ok(out) = v.apply_patch(r, &patch) {
                crate::assert_report(&out.report);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_evaluation_validator_compiles() {
        for i in 0..6 {
            scimgate::Validator::new(super::eval_options(i)).unwrap();
        }
    }

    #[test]
    fn round_trips_a_filter_and_a_path() {
        super::filter(
            b"\x00userName eq \"bjensen@example.com\" and (emails[type eq \"work\"] or active pr)",
        );
        super::filter(b"\x09emails[type eq \"work\"].value ew \"acme.com\"");
        super::path(b"\x00emails[type eq \"work\"].value");
        super::path(b"\x08members[value eq \"2819c223-7f76-453a-919d-413861904646\"]");
    }
}
