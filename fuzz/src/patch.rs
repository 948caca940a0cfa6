//! `patch`: one selector byte, then a JSON array `[resource, patchOp]`.
//!
//! Byte 0: bit 0 Group; bits 1-2 dialect (rfc, entra, okta, onelogin); bit 3 lenient; bit 4
//! profile `wrike` with approved domain `acme.com`; bit 5 `maxOperations` 4.

use scimgate::{Error, Mode, Operation, Options, PatchErrorKind, Severity, Validator};
use serde_json::{json, Value};

/// Decode the selector byte.
pub fn options(b0: u8) -> Options {
    let mut o = Options::default();
    if b0 & 1 != 0 {
        o.schema.resource_type = "Group".into();
    }
    o.rules.dialect = crate::dialect([0, 1, 3, 4][usize::from((b0 >> 1) & 3)]);
    if b0 & 8 != 0 {
        o.rules.mode = Mode::Lenient;
    }
    if b0 & 0x10 != 0 {
        o.profile.profile = Some(json!("wrike"));
        o.profile.approved_domains = Some(vec!["acme.com".into()]);
    }
    if b0 & 0x20 != 0 {
        o.limits.max_operations = 4;
    }
    o
}

fn member_ids(resource: &Value) -> Vec<&str> {
    let members = resource
        .as_object()
        .and_then(|m| crate::find_key(m, "members"))
        .and_then(Value::as_array);
    members
        .into_iter()
        .flatten()
        .filter_map(|m| m.as_object().and_then(|o| crate::find_key(o, "value")))
        .filter_map(Value::as_str)
        .collect()
}

fn operation_count(patch: &Value) -> Option<usize> {
    patch
        .as_object()
        .and_then(|m| crate::find_key(m, "Operations"))
        .and_then(Value::as_array)
        .map(Vec::len)
}

/// The `patch` target. Oracles: no panic; the input resource is unchanged whatever happens;
/// `apply_patch` on values and `apply_patch_json` on their text give the same result or error;
/// a failing operation's index is in range; on success every change and the report are
/// well-formed, re-checking the result as a replace body does not panic, and the member deltas
/// agree with the result (added ids are members, removed ids are not); no message or error echoes
/// a password. `check_patch` (on values and on text alike) never fails for a well-nested body,
/// and when it finds an error `apply_patch` fails too; a failure's `issues` are its problems, the
/// first one giving its `index` and `kind`.
pub fn patch(data: &[u8]) {
    if crate::spells_marker(data) {
        return;
    }
    let Some((&b0, rest)) = data.split_first() else {
        return;
    };
    let Some(parts) = crate::parse_parts(rest) else {
        return;
    };
    let [resource, patch, ..] = parts.as_slice() else {
        return;
    };
    let v = crate::validator(b'p', u32::from(b0 & 0x3f), || options(b0));
    run(&v, resource, patch);
}

fn run(v: &Validator, resource: &Value, patch: &Value) {
    let before = resource.clone();
    let checked = v.check_patch(patch);
    let checked_text = v.check_patch_json(patch.to_string().as_bytes());
    assert_eq!(
        checked, checked_text,
        "check_patch and check_patch_json disagree"
    );
    let out = v.apply_patch(resource, patch);
    assert_eq!(resource, &before, "apply_patch changed its input");
    let from_text = v.apply_patch_json(
        resource.to_string().as_bytes(),
        patch.to_string().as_bytes(),
    );
    assert_eq!(out, from_text, "apply_patch and apply_patch_json disagree");
    match &out {
        Ok(p) => {
            crate::assert_report(&p.report);
            for c in &p.changes {
                crate::assert_issue(c);
            }
            let _ = v.with_operation(Operation::Replace).check(&p.resource);
            let ids = member_ids(&p.resource);
            for id in &p.members.added {
                assert!(
                    ids.contains(&id.as_str()),
                    "added member {id:?} is not a member"
                );
            }
            for id in &p.members.removed {
                assert!(
                    !ids.contains(&id.as_str()),
                    "removed member {id:?} is still a member"
                );
            }
        }
        Err(Error::PatchFailed {
            index,
            kind,
            issues,
            ..
        }) => {
            if let Some(i) = index {
                let n = operation_count(patch).unwrap_or(0);
                assert!(*i < n, "operation index {i} out of range ({n} operations)");
            }
            assert!(!issues.is_empty(), "a failed PATCH without issues");
            for issue in issues {
                crate::assert_issue(issue);
                assert_eq!(issue.severity, Severity::Error, "{issue:?}");
                assert!(PatchErrorKind::of_code(issue.code).is_some(), "{issue:?}");
            }
            assert_eq!(PatchErrorKind::of_code(issues[0].code), Some(*kind));
        }
        Err(e) => assert!(!e.code().as_str().is_empty()),
    }
    if let Ok(report) = &checked {
        crate::assert_report(report);
        if !report.valid {
            assert!(
                matches!(out, Err(Error::PatchFailed { .. })),
                "check_patch found {:?}, apply_patch did not fail",
                report.errors().collect::<Vec<_>>()
            );
        }
    }
    let (mut r2, mut p2) = (resource.clone(), patch.clone());
    let marked_r = crate::replace_passwords(&mut r2);
    let marked_p = crate::replace_passwords(&mut p2);
    if marked_r || marked_p {
        match v.apply_patch(&r2, &p2) {
            Ok(p) => {
                crate::assert_no_marker("patch change", crate::issue_texts(&p.changes));
                crate::assert_no_marker("patch report", crate::issue_texts(&p.report.issues));
            }
            Err(e) => {
                crate::assert_no_marker("patch error", [e.to_string().as_str()]);
                if let Error::PatchFailed { issues, .. } = &e {
                    crate::assert_no_marker("patch error issue", crate::issue_texts(issues));
                }
            }
        }
        if let Ok(report) = v.check_patch(&p2) {
            crate::assert_no_marker("check_patch", crate::issue_texts(&report.issues));
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_selector_compiles() {
        for b0 in 0..64u8 {
            scimgate::Validator::new(super::options(b0)).unwrap();
        }
    }

    #[test]
    fn applies_a_group_patch() {
        let mut input = vec![0x01];
        input.extend_from_slice(
            br#"[{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"g","displayName":"G","members":[{"value":"u1"}]},
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"members","value":[{"value":"u2"}]},{"op":"remove","path":"members[value eq \"u1\"]"}]}]"#,
        );
        super::patch(&input);
    }
}
