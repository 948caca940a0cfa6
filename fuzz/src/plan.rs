//! `plan`: one selector byte, then a JSON array `[body, current]` (`null` or a missing element
//! means absent), planned with the `wrike` profile and approved domain `acme.com`.
//!
//! Byte 0: bits 0-1 method (POST, PUT, PATCH, DELETE); bit 2 Group; bits 3-4 dialect (none,
//! entra, okta, onelogin); bit 5 lenient; bit 6 allow subdomains; bit 7 the custom-field catalog.

use scimgate::{Mode, Options, Plan, Severity};
use serde_json::{json, Value};

/// The methods, in selector order.
pub const METHODS: [&str; 4] = ["POST", "PUT", "PATCH", "DELETE"];

const ACTIONS: [&str; 7] = [
    "create",
    "update",
    "deactivate",
    "reactivate",
    "delete",
    "reject",
    "noop",
];

/// Decode the selector byte (the method bits are not options).
pub fn options(b0: u8) -> Options {
    let mut o = Options::default();
    o.profile.profile = Some(json!("wrike"));
    o.profile.approved_domains = Some(vec!["acme.com".into()]);
    if b0 & 4 != 0 {
        o.schema.resource_type = "Group".into();
    }
    o.rules.dialect = [
        scimgate::dialect::Dialect::default(),
        crate::dialect(1),
        crate::dialect(3),
        crate::dialect(4),
    ][usize::from((b0 >> 3) & 3)];
    if b0 & 0x20 != 0 {
        o.rules.mode = Mode::Lenient;
    }
    if b0 & 0x40 != 0 {
        o.profile.allow_subdomains = Some(true);
    }
    if b0 & 0x80 != 0 {
        o.profile.custom_fields = Some(crate::catalog().clone());
    }
    o
}

fn present(v: Option<&Value>) -> Option<&Value> {
    v.filter(|v| !v.is_null())
}

/// The `plan` target. Oracles: no panic; the action is one of the documented ones; `reject`
/// exactly when an issue has severity error, and then no resource; `billable` only for a create or
/// a reactivation without errors; issues well-formed; no issue or summary echoes a password.
pub fn plan(data: &[u8]) {
    if crate::spells_marker(data) {
        return;
    }
    let Some((&b0, rest)) = data.split_first() else {
        return;
    };
    let Some(parts) = crate::parse_parts(rest) else {
        return;
    };
    let (body, current) = (present(parts.first()), present(parts.get(1)));
    let method = METHODS[usize::from(b0 & 3)];
    let v = crate::validator(b'P', u32::from(b0 >> 2), || options(b0));
    if let Ok(p) = v.plan(method, body, current) {
        assert_plan(&p);
    }
    let (mut b2, mut c2) = (body.cloned(), current.cloned());
    let marked_b = b2.as_mut().is_some_and(crate::replace_passwords);
    let marked_c = c2.as_mut().is_some_and(crate::replace_passwords);
    if marked_b || marked_c {
        match v.plan(method, b2.as_ref(), c2.as_ref()) {
            Ok(p) => {
                crate::assert_no_marker("plan issue", crate::issue_texts(&p.issues));
                crate::assert_no_marker("plan summary", [p.summary.as_str()]);
                // The wrike profile stores no passwords: the planned resource carries none.
                if let Some(r) = &p.resource {
                    assert!(
                        !crate::has_password(r),
                        "the plan's resource carries a password: {r}"
                    );
                }
            }
            Err(e) => crate::assert_no_marker("plan error", [e.to_string().as_str()]),
        }
    }
}

/// The oracles of a plan (see [`plan`]).
pub fn assert_plan(p: &Plan) {
    assert!(
        ACTIONS.contains(&p.action.as_str()),
        "unknown action {:?}",
        p.action
    );
    for i in &p.issues {
        crate::assert_issue(i);
    }
    let has_error = p.issues.iter().any(|i| i.severity == Severity::Error);
    assert_eq!(
        p.action == "reject",
        has_error,
        "action {:?} with issues {:?}",
        p.action,
        p.issues
    );
    if p.action == "reject" {
        assert!(p.resource.is_none(), "a rejected plan carries a resource");
    }
    if p.billable {
        assert!(
            p.action == "create" || p.action == "reactivate",
            "billable {:?}",
            p.action
        );
        assert!(!has_error, "billable with errors: {:?}", p.issues);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_selector_compiles() {
        for b0 in 0..=255u8 {
            scimgate::Validator::new(super::options(b0)).unwrap();
        }
    }

    #[test]
    fn plans_a_create() {
        let mut input = vec![0x00];
        input.extend_from_slice(
            br#"[{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ada@acme.com","active":true}, null]"#,
        );
        super::plan(&input);
    }
}
