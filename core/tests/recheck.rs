//! PATCH's re-check is the full check: for random PatchOps over the stored resources of the
//! shared vectors and over generated stored users, under option sets with and without a profile
//! (which take the canonical fast path or the rewrite of the stored resource), the `report` of
//! every successful `apply_patch` is exactly what `check` of the resulting resource as a replace
//! body reports, less the `read_only_attribute` findings (the stored resource carries its
//! readOnly attributes), and the bytes-in path gives the same result as the values-in path.

mod common;

use common::Rng;
use scimgate::{Code, Options, Report, Validator};
use serde_json::{json, Value};

const CORE: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const WRIKE: &str = "urn:ietf:params:scim:schemas:extension:wrike:2.0:User";

/// The resources the PATCH vectors hand over.
fn vector_resources() -> Vec<Value> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors/patch");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("tests/vectors/patch") {
        let path = entry.unwrap().path();
        let doc: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        for case in doc["cases"].as_array().into_iter().flatten() {
            if let Some(r) = case["input"].get("resource").filter(|r| r.is_object()) {
                out.push(r.clone());
            }
        }
    }
    out
}

/// A stored user as a target holds it (canonical, with id and meta), with some attributes
/// left out or given values the check reports (a bad email, an unknown user type).
fn stored_user(rng: &mut Rng, i: usize) -> Value {
    let user_type = ["Regular", "Collaborator", "External", "regular", "Nope"][rng.below(5)];
    let mut u = json!({
        "schemas": [CORE, ENTERPRISE, WRIKE],
        "externalId": format!("ext-{i}"),
        "userName": format!("user{i}@contoso.com"),
        "active": true,
        "displayName": format!("User {i}"),
        "title": "Engineer",
        "name": {"givenName": format!("Given{i}"), "familyName": format!("Family{i}")},
        "emails": [{"primary": true, "type": "work", "value": format!("user{i}@contoso.com")}],
        "phoneNumbers": [{"primary": true, "type": "work", "value": "+1 425 555 0100"}],
        ENTERPRISE: {"department": "Sales", "employeeNumber": format!("{i}"),
                     "manager": {"value": "m-1"}},
        WRIKE: {"userType": user_type},
        "id": format!("id-{i}"),
        "meta": {"resourceType": "User", "created": "2024-01-02T03:04:05Z"}
    });
    let m = u.as_object_mut().unwrap();
    for key in ["title", "phoneNumbers", "name", "emails", ENTERPRISE] {
        if rng.below(4) == 0 {
            m.remove(key);
        }
    }
    if rng.below(4) == 0 {
        m.insert(
            "emails".into(),
            json!([{"value": "not an address", "type": "work"}]),
        );
    }
    if rng.below(4) == 0 {
        m.insert("userName".into(), json!(format!("user{i}@elsewhere.org")));
    }
    u
}

/// A random value for a path: of the right type, of the wrong type, or a string boolean.
fn value(rng: &mut Rng) -> Value {
    match rng.below(9) {
        0 => json!("x@contoso.com"),
        1 => json!("someone@other.org"),
        2 => json!("True"),
        3 => json!(false),
        4 => json!(null),
        5 => json!([{"value": "a@contoso.com", "type": "work", "primary": true}]),
        6 => json!({"givenName": "G", "familyName": "F"}),
        7 => json!("Collaborator"),
        _ => json!(""),
    }
}

/// A random PatchOp of one to four operations over the attributes the login email, primary,
/// user type and required rules read, and some others.
fn random_patch(rng: &mut Rng) -> Value {
    let paths = [
        "userName",
        "title",
        "active",
        "displayName",
        "emails",
        "emails[type eq \"work\"].value",
        "emails[type eq \"work\"].primary",
        "name.givenName",
        "name",
        "phoneNumbers",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
        "urn:ietf:params:scim:schemas:extension:wrike:2.0:User:userType",
        "externalId",
    ];
    let ops = ["add", "replace", "remove", "Replace"];
    let n = 1 + rng.below(4);
    let operations: Vec<Value> = (0..n)
        .map(|_| {
            let op = ops[rng.below(ops.len())];
            let mut o = json!({"op": op});
            if rng.below(8) == 0 {
                o["value"] = json!({"title": "T", "active": "False"});
            } else {
                o["path"] = json!(paths[rng.below(paths.len())]);
                if op != "remove" {
                    o["value"] = value(rng);
                }
            }
            o
        })
        .collect();
    json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": operations})
}

#[test]
fn the_recheck_reports_what_a_full_check_of_the_result_reports() {
    let option_sets = [
        json!({"operation": "replace"}),
        json!({"operation": "replace", "dialect": "entra", "profile": "wrike",
               "approvedDomains": ["contoso.com"]}),
        json!({"operation": "replace", "mode": "lenient", "profile": "wrike",
               "approvedDomains": ["example.com"]}),
    ];
    let mut rng = Rng(0x5eed_2026_1127);
    let mut resources = vector_resources();
    assert!(resources.len() > 100, "{}", resources.len());
    resources.extend((0..150).map(|i| stored_user(&mut rng, i)));
    let (mut applied, mut with_findings) = (0, 0);
    for options in option_sets {
        let v = Validator::new(Options::from_value(options).unwrap()).unwrap();
        for resource in &resources {
            for _ in 0..8 {
                let patch = random_patch(&mut rng);
                let Ok(out) = v.apply_patch(resource, &patch) else {
                    continue;
                };
                applied += 1;
                let mut issues = v.check(&out.resource).unwrap().issues;
                issues.retain(|i| i.code != Code::ReadOnlyAttribute);
                let full = Report::from_issues(issues);
                assert_eq!(out.report, full, "{resource}\n{patch}");
                if !full.issues.is_empty() {
                    with_findings += 1;
                }
                // The bytes-in path (the bindings' path) gives the same result.
                let text = v
                    .apply_patch_json(
                        resource.to_string().as_bytes(),
                        patch.to_string().as_bytes(),
                    )
                    .unwrap();
                assert_eq!(text, out, "{resource}\n{patch}");
            }
        }
    }
    assert!(applied > 1_000, "{applied}");
    assert!(with_findings > 200, "{with_findings}");
}

/// The contract's `applyPatch` (the bindings' path) parses both documents within `maxDepth` and
/// walks neither again: a document one level too deep fails with `nesting_too_deep`, one at the
/// limit applies, through the free function and a validator's method alike.
#[test]
fn the_contract_applies_the_depth_limit_to_both_documents() {
    use scimgate::api::{call, Doc};
    let options = br#"{"maxDepth": 4}"#;
    let patch = |path: &str, v: &str| {
        format!(
            r#"{{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{{"op":"replace","path":"{path}","value":{v}}}]}}"#
        )
    };
    let user = |v: &str| format!(r#"{{"schemas":["{CORE}"],"userName":"a","x":{v}}}"#);
    // A PatchOp is 3 levels deep before its value; a user 1 before its values.
    let v = Validator::new(Options::from_json(options).unwrap()).unwrap();
    for (resource, patch, deep) in [
        (user("1"), patch("title", "\"T\""), false),
        (user("[[[1]]]"), patch("title", "\"T\""), false),
        (user("[[[[1]]]]"), patch("title", "\"T\""), true),
        (user("1"), patch("emails", "[]"), false),
        (user("1"), patch("emails", "[[]]"), true),
    ] {
        let docs = [Doc::Text(resource.as_bytes()), Doc::Text(patch.as_bytes())];
        for out in [
            call("applyPatch", &docs, b"", options),
            v.call("applyPatch", &docs, b""),
        ] {
            match out {
                Err(e) => assert!(
                    deep && e.code() == "nesting_too_deep",
                    "{resource} {patch}: {e}"
                ),
                Ok(text) => assert!(!deep && text.contains("\"resource\""), "{resource} {patch}"),
            }
        }
    }
}
