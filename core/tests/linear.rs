//! Growth tests: the steps whose cost depends on input size are linear. Each test runs the same
//! step at two sizes in one process and compares the times: doubling the input must not much
//! more than double the time (a quadratic step quadruples it). No absolute time is asserted.
#![allow(clippy::needless_pass_by_value)] // helpers take json!(...) temporaries

mod common;

use scimgate::{Options, Validator};
use serde_json::{json, Value};

const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const WRIKE: &str = "urn:ietf:params:scim:schemas:extension:wrike:2.0:User";

/// Assert that `f` grows linearly: doubling the input takes under 3 times the CPU time (2x
/// expected; a product of two sizes would give 4x). Retried once.
fn assert_linear(what: &str, n: usize, f: &dyn Fn(usize)) {
    common::assert_grows_linearly(what, n, 2, f);
}

fn group(n: usize) -> Value {
    let members: Vec<Value> = (0..n).map(|i| json!({"value": format!("u{i}")})).collect();
    json!({"schemas": [GROUP], "id": "g", "displayName": "G", "members": members})
}

fn patch(ops: Vec<Value>) -> Value {
    json!({"schemas": [PATCH_OP], "Operations": ops})
}

#[test]
fn patch_adds_are_linear_in_operations_plus_members() {
    let v = Validator::new(Options::for_type("Group")).unwrap();
    // Ten members per operation, so that the members, not the per-operation work, dominate.
    assert_linear("n add operations on 10n members", 400, &|n| {
        let ops = (0..n)
            .map(|i| json!({"op": "add", "path": "members", "value": [{"value": format!("n{i}")}]}))
            .collect();
        let out = v.apply_patch(&group(10 * n), &patch(ops)).unwrap();
        assert_eq!(out.members.added.len(), n);
    });
}

#[test]
fn patch_filtered_operations_are_linear() {
    let v = Validator::new(Options::for_type("Group")).unwrap();
    assert_linear("n filtered removes on n members", 500, &|n| {
        let ops = (0..n)
            .map(|i| json!({"op": "remove", "path": format!("members[value eq \"u{i}\"]")}))
            .collect();
        let out = v.apply_patch(&group(n), &patch(ops)).unwrap();
        assert_eq!(out.members.removed.len(), n);
    });
    assert_linear("n filtered replaces on n members", 500, &|n| {
        let ops = (0..n)
            .map(|i| json!({"op": "replace", "path": format!("members[value eq \"u{i}\"].display"), "value": "x"}))
            .collect();
        v.apply_patch(&group(n), &patch(ops)).unwrap();
    });
}

#[test]
fn patch_removes_by_value_are_linear() {
    let o = scimgate::Options::from_value(
        serde_json::json!({"resourceType": "Group", "dialect": "entra"}),
    )
    .unwrap();
    let v = Validator::new(o).unwrap();
    assert_linear("n Entra removes by value on n members", 500, &|n| {
        let ops = (0..n)
            .map(|i| json!({"op": "Remove", "path": "members", "value": [{"value": format!("u{i}")}]}))
            .collect();
        let out = v.apply_patch(&group(n), &patch(ops)).unwrap();
        assert_eq!(out.members.removed.len(), n);
    });
}

fn catalog(n: usize) -> Value {
    let fields: Vec<Value> = (0..n)
        .map(|i| json!({"id": format!("IEAGWMBB{i:08}"), "title": format!("Field {i}"), "type": "Text"}))
        .collect();
    json!({"kind": "customfields", "data": fields})
}

#[test]
fn custom_field_catalogs_compile_and_check_in_linear_time() {
    assert_linear("a catalog of n fields", 5000, &|n| {
        let o = scimgate::Options::from_value(
            serde_json::json!({"profile": "wrike", "customFields": catalog(n)}),
        )
        .unwrap();
        Validator::new(o).unwrap();
    });
    assert_linear("the extension schema of n fields", 5000, &|n| {
        let schema = scimgate::extension_schema(&catalog(n), &Options::default()).unwrap();
        assert_eq!(schema["attributes"].as_array().unwrap().len(), n + 1);
    });
    assert_linear("a user with n custom fields against n fields", 3000, &|n| {
        let o = scimgate::Options::from_value(
            serde_json::json!({"profile": "wrike", "customFields": catalog(n)}),
        )
        .unwrap();
        let v = Validator::new(o).unwrap();
        let ext: serde_json::Map<String, Value> = (0..n)
            .map(|i| (format!("IEAGWMBB{i:08}_Field_{i}"), json!("x")))
            .collect();
        let user = json!({"schemas": [USER, WRIKE], "userName": "ada@acme.com", WRIKE: ext});
        let report = v.check(&user).unwrap();
        assert!(report.valid, "{:?}", report.issues.first());
    });
}

/// A validator whose extension `ext` has n string attributes `a0`..`a{n-1}`.
fn with_string_attributes(ext: &str, n: usize) -> Validator {
    with_string_attributes_in(ext, n, "strict")
}

/// [`with_string_attributes`] in a mode.
fn with_string_attributes_in(ext: &str, n: usize, mode: &str) -> Validator {
    let attrs: Vec<Value> = (0..n)
        .map(|i| json!({"name": format!("a{i}"), "type": "string"}))
        .collect();
    let schema = json!({"id": ext, "attributes": attrs});
    let options = json!({"schemas": [schema], "mode": mode});
    Validator::new(scimgate::Options::from_value(options).unwrap()).unwrap()
}

#[test]
fn large_schemas_load_and_check_in_linear_time() {
    let ext = "urn:example:params:scim:schemas:extension:big:2.0:User";
    assert_linear(
        "a schema of n attributes and a user with n of them",
        3000,
        &|n| {
            let v = with_string_attributes(ext, n);
            let values: serde_json::Map<String, Value> =
                (0..n).map(|i| (format!("A{i}"), json!("x"))).collect();
            let user = json!({"schemas": [USER, ext], "userName": "ada", ext: values});
            let report = v.check(&user).unwrap();
            assert!(report.valid);
        },
    );
}

#[test]
fn repeated_spellings_check_and_normalize_in_linear_time() {
    let ext = "urn:example:params:scim:schemas:extension:twice:2.0:User";
    assert_linear(
        "a user giving each of n attributes under two spellings",
        2000,
        &|n| {
            let v = with_string_attributes(ext, n);
            let mut values = serde_json::Map::new();
            for i in 0..n {
                values.insert(format!("A{i}"), json!("x"));
                values.insert(format!("a{i}"), json!("y"));
            }
            let user = json!({"schemas": [USER, ext], "userName": "ada", ext: values});
            let report = v.check(&user).unwrap();
            assert_eq!(report.errors().count(), n);
            let out = v.normalize(&user).unwrap();
            assert_eq!(out.changes.len(), n);
        },
    );
}

#[test]
fn unqualified_extension_attributes_check_and_normalize_in_linear_time() {
    let ext = "urn:example:params:scim:schemas:extension:bare:2.0:User";
    assert_linear(
        "a user giving each of n extension attributes unqualified, under two spellings",
        2000,
        &|n| {
            let v = with_string_attributes_in(ext, n, "lenient");
            let mut user = serde_json::Map::new();
            user.insert("schemas".into(), json!([USER, ext]));
            user.insert("userName".into(), json!("ada"));
            for i in 0..n {
                user.insert(format!("a{i}"), json!("x"));
                user.insert(format!("A{i}"), json!("y"));
            }
            let user = Value::Object(user);
            // One spelling of each moves into the extension; the other would overwrite it.
            let report = v.check(&user).unwrap();
            assert_eq!(report.errors().count(), n);
            let out = v.normalize(&user).unwrap();
            let moved = out
                .changes
                .iter()
                .filter(|c| c.code == "unqualified_extension_attribute")
                .count();
            assert_eq!(moved, n);
        },
    );
}

#[test]
fn check_patch_is_linear_in_the_problems() {
    let v =
        Validator::new(Options::from_value(json!({"maxOperations": 100_000})).unwrap()).unwrap();
    // Every operation has problems, so every one is recorded: doubling them doubles the work.
    assert_linear(
        "checkPatch of n operations with 3 problems each",
        4000,
        &|n| {
            let list: Vec<Value> = (0..n)
                .map(
                    |i| json!({"op": "Add", "path": "emails", "value": [{"value": i, "bogus": i}]}),
                )
                .collect();
            let report = v.check_patch(&patch(list)).unwrap();
            assert_eq!(report.issues.len(), 3 * n);
        },
    );
}

#[test]
fn entra_expressions_parse_and_evaluate_in_linear_time() {
    use scimgate::expr::{evaluate_expression, Env, Language};
    let env = Env::fixed(0, 1);
    // Long expressions: n arguments (sizes that take tens of milliseconds, so that a busy machine
    // does not decide the ratio).
    assert_linear("a Coalesce of n attributes", 16_000, &|n| {
        let args: Vec<String> = (0..n).map(|i| format!("[a{i}]")).collect();
        let text = format!("Coalesce({}, \"d\")", args.join(", "));
        let out = evaluate_expression(&text, &json!({}), Language::Entra, &env).unwrap();
        assert_eq!(out.value, json!("d"));
    });
    // Long values: the separator and delimiter sets are as long as the text.
    assert_linear(
        "PCase and Word with n-character separator sets",
        20_000,
        &|n| {
            let s: String = "abcdefghijklmnopqrstuvwxyz"
                .chars()
                .cycle()
                .take(n)
                .collect();
            let source = json!({"s": s, "seps": "-".repeat(n)});
            for text in [
                "PCase([s], [seps])",
                "Word([s], 2, [seps])",
                "Replace([s], , \"[a-c]+\", , \"${0}x\", , )",
            ] {
                let out = evaluate_expression(text, &source, Language::Entra, &env).unwrap();
                assert!(out.issues.is_empty(), "{text}: {:?}", out.issues);
            }
        },
    );
}

#[test]
fn okta_and_onelogin_expressions_grow_linearly() {
    use scimgate::expr::{evaluate_expression, parse_expression, Env, Language};
    let env = Env::fixed(0, 1);
    assert_linear("an Okta list literal of n strings", 20_000, &|n| {
        let text = format!("{{{}}}", vec!["'ab'"; n].join(", "));
        let out = evaluate_expression(&text, &json!({}), Language::Okta, &env).unwrap();
        assert_eq!(out.value.as_array().map(Vec::len), Some(n));
    });
    let ada = json!({"firstname": "Ada"});
    assert_linear("a OneLogin template with n placeholders", 4_000, &|n| {
        let body: Vec<String> = (0..n)
            .map(|i| format!("\"k{i}\": \"{{$user.firstname}}-{i}\""))
            .collect();
        let text = format!("{{{}}}", body.join(", "));
        let parsed = parse_expression(&text, Language::OneLogin).unwrap();
        assert!(!parsed.canonical.is_empty());
        let out = evaluate_expression(&text, &ada, Language::OneLogin, &env).unwrap();
        assert!(out.issues.is_empty(), "{:?}", out.issues);
    });
}
