//! `check_json` and `normalize`: two selector bytes choose the options, the rest is the resource
//! as JSON text.
//!
//! Byte 0: bit 0 lenient; bits 1-2 operation (create, replace, response, create); bit 3 Group;
//! bits 4-6 dialect (none, rfc, entra, entra-aadOptscim062020, okta, onelogin, none, none);
//! bit 7 profile `wrike`.
//! Byte 1: bit 0 approved domains `acme.com`, `@example.com`; bit 1 allow subdomains; bits 2-3
//! user types (none, `[Member, Guest]`, `{values, default, aliases}`, `[Regular]`; with a
//! profile only); bit 4 the custom-field catalog (with a profile only); bit 5 the `test`
//! extension schema; bit 6 the `acme` extension schema (required attributes); bit 7 `maxDepth` 6.

use scimgate::{Error, Mode, Operation, Options, Severity, Validator};
use serde_json::{json, Value};

/// Decode the two selector bytes into options. Bits that need a profile are ignored without one,
/// so every selector compiles.
pub fn options(b0: u8, b1: u8) -> Options {
    let mut o = Options::default();
    if b0 & 1 != 0 {
        o.rules.mode = Mode::Lenient;
    }
    o.rules.operation = match (b0 >> 1) & 3 {
        1 => Operation::Replace,
        2 => Operation::Response,
        _ => Operation::Create,
    };
    if b0 & 8 != 0 {
        o.schema.resource_type = "Group".into();
    }
    let d = usize::from((b0 >> 4) & 7);
    o.rules.dialect = d
        .checked_sub(1)
        .map_or_else(scimgate::dialect::Dialect::default, crate::dialect);
    let profile = b0 & 0x80 != 0;
    if profile {
        o.profile.profile = Some(json!("wrike"));
    }
    if b1 & 1 != 0 {
        o.profile.approved_domains = Some(vec!["acme.com".into(), "@example.com".into()]);
    }
    if b1 & 2 != 0 {
        o.profile.allow_subdomains = Some(true);
    }
    if profile {
        o.profile.user_types = match (b1 >> 2) & 3 {
            1 => Some(json!(["Member", "Guest"])),
            2 => Some(json!({
                "values": ["Regular", "External", "Collaborator"],
                "default": "External",
                "aliases": {"wrike_guest": "Collaborator"}
            })),
            3 => Some(json!(["Regular"])),
            _ => None,
        };
        if b1 & 0x10 != 0 {
            o.profile.custom_fields = Some(crate::catalog().clone());
        }
    }
    if b1 & 0x20 != 0 {
        o.schema.schemas.push(crate::schemas()["test"].clone());
    }
    if b1 & 0x40 != 0 {
        o.schema.schemas.push(crate::schemas()["acme"].clone());
    }
    if b1 & 0x80 != 0 {
        o.limits.max_depth = 6;
    }
    o
}

fn split(data: &[u8]) -> Option<(Validator, &[u8])> {
    let (&b0, rest) = data.split_first()?;
    let (&b1, text) = rest.split_first()?;
    let v = crate::validator(b'c', u32::from(b0) << 8 | u32::from(b1), || options(b0, b1));
    Some((v, text))
}

/// The `check_json` target. Oracles: no panic; the report is consistent ([`crate::assert_report`]);
/// `check_json` of the bytes equals `json::parse` + `check` of the same bytes (report or error);
/// no issue echoes a password.
pub fn check_json(data: &[u8]) {
    if crate::spells_marker(data) {
        return;
    }
    let Some((v, text)) = split(data) else { return };
    let o = v.options();
    let fast = v.check_json(text);
    let slow =
        scimgate::json::parse(text, o.limits.max_bytes, o.limits.max_depth).and_then(|value| {
            let report = v.check(&value);
            if report.is_ok() {
                passwords_not_echoed(&v, &value);
            }
            report
        });
    // json::parse knows the text only as "JSON text"; check_json names its argument.
    let slow = slow.map_err(|e| match e {
        Error::InvalidUnicode { .. } => Error::InvalidUnicode {
            argument: "resource".into(),
        },
        other => other,
    });
    assert_eq!(fast, slow, "check_json and parse + check disagree");
    if let Ok(report) = &fast {
        crate::assert_report(report);
    }
}

/// Check again with every password replaced by a marker; no issue may carry the marker.
fn passwords_not_echoed(v: &Validator, value: &Value) {
    let mut marked = value.clone();
    if crate::replace_passwords(&mut marked) {
        if let Ok(r) = v.check(&marked) {
            crate::assert_no_marker("check", crate::issue_texts(&r.issues));
        }
    }
}

/// The `normalize` target. Oracles: no panic; normalizing the result again succeeds with the same
/// resource and no change except `duplicate_attribute_kept` (idempotence, docs/issues.md); every
/// change is a well-formed non-error issue; no change message echoes a password.
pub fn normalize(data: &[u8]) {
    if crate::spells_marker(data) {
        return;
    }
    let Some((v, text)) = split(data) else { return };
    let Ok(first) = v.normalize_json(text) else {
        return;
    };
    for c in &first.changes {
        crate::assert_issue(c);
        assert_ne!(
            c.severity,
            Severity::Error,
            "a change of severity error: {c:?}"
        );
    }
    let again = match v.normalize(&first.resource) {
        Ok(n) => n,
        // Moving a qualified key into its extension object nests it two levels deeper; input at
        // the depth limit may not normalize twice. Anything else must.
        Err(scimgate::Error::NestingTooDeep { .. }) => return,
        Err(e) => panic!("normalizing the output again fails: {e}"),
    };
    assert_eq!(
        again.resource, first.resource,
        "normalize is not idempotent"
    );
    let extra: Vec<_> = again
        .changes
        .iter()
        .filter(|c| c.code != "duplicate_attribute_kept")
        .collect();
    assert!(
        extra.is_empty(),
        "normalizing the output again changes it: {extra:?}"
    );
    if let Ok(mut marked) = scimgate::json::parse(text, usize::MAX, v.options().limits.max_depth) {
        if crate::replace_passwords(&mut marked) {
            if let Ok(n) = v.normalize(&marked) {
                crate::assert_no_marker("normalize", crate::issue_texts(&n.changes));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_selector_compiles() {
        // Every value of each byte against the extremes and single bits of the other.
        let others: Vec<u8> = [0u8, 0xff, 0x7f]
            .into_iter()
            .chain((0..8).map(|b| 1 << b))
            .collect();
        for a in 0..=255u8 {
            for &b in &others {
                for (b0, b1) in [(a, b), (b, a)] {
                    scimgate::Validator::new(super::options(b0, b1))
                        .unwrap_or_else(|e| panic!("selector {b0:#04x} {b1:#04x}: {e}"));
                }
            }
        }
    }

    #[test]
    fn harnesses_accept_a_plain_user() {
        let mut input = vec![0x80, 0x11];
        input.extend_from_slice(
            br#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ada@acme.com","password":"hunter2-hunter2"}"#,
        );
        super::check_json(&input);
        super::normalize(&input);
    }
}
