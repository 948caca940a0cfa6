//! Passwords never leave: a sweep of every entry point × dialect × mode × operation with a marker
//! password. No issue message, change message, error message, error body or error issue (a failed
//! PATCH's, or `check_patch`'s) ever carries it; with
//! a profile whose target stores no passwords (Wrike), no output at all carries it; without one,
//! only the returned resource itself may.

use scimgate::{Error, Operation, Options, Validator};
use serde_json::{json, Value};

const MARKER: &str = "MARKER-pa55-w0rd";
const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const DIALECTS: &[&str] = &["rfc", "entra", "entra-aadOptscim062020", "okta", "onelogin"];

fn user() -> Value {
    json!({
        "schemas": [USER],
        "userName": "ada@acme.com",
        "password": MARKER,
        "emails": [{"value": "ada@acme.com", "primary": true}],
    })
}

/// Bodies that carry the marker in every place a password can travel.
fn bodies() -> Vec<Value> {
    vec![
        user(),
        json!({"schemas": [USER], "userName": "ada@acme.com", "PASSWORD": MARKER}),
        json!({"schemas": [USER], "userName": "ada@acme.com", format!("{USER}:password"): MARKER}),
        // Wrong types and duplicates make the checker describe the value.
        json!({"schemas": [USER], "userName": "ada@acme.com", "password": [MARKER]}),
        json!({"schemas": [USER], "userName": "ada@acme.com", "password": {"value": MARKER}}),
        json!({"schemas": [USER], "userName": "ada@acme.com", "password": MARKER, "Password": MARKER}),
        json!({"schemas": [USER], "userName": "ada@acme.com", "id": "1", "password": MARKER}),
    ]
}

fn patches() -> Vec<Value> {
    let ops = [
        json!({"op": "replace", "path": "password", "value": MARKER}),
        json!({"op": "Replace", "path": "password", "value": MARKER}),
        json!({"op": "add", "value": {"password": MARKER}}),
        json!({"op": "replace", "value": {format!("{USER}:password"): MARKER}}),
        json!({"op": "replace", "path": format!("{USER}:password"), "value": MARKER}),
        json!({"op": "replace", "path": "password", "value": [MARKER]}),
        json!({"op": "replace", "path": "password", "value": {"x": MARKER}}),
        json!({"op": "replace", "path": "password.value", "value": MARKER}),
        json!({"op": "remove", "path": "password", "value": MARKER}),
        json!({"op": "replace", "path": format!("password[value eq \"{MARKER}\"]"), "value": "x"}),
        json!({"op": "bogus", "path": "password", "value": MARKER}),
        // Several problems in one operation, each of which check_patch and a failed apply list.
        json!({"op": "Add", "value": {"password": [MARKER], "name": {"bogus": MARKER}, "x": MARKER}}),
        json!({"op": "replace", "path": "password", "value": MARKER, "extra": MARKER}),
        json!({"op": "remove", "path": "name.givenName", "value": MARKER}),
    ];
    ops.into_iter()
        .map(|op| json!({"schemas": [PATCH_OP], "Operations": [op]}))
        .collect()
}

/// No part of the marker (an error may echo a few characters of input).
fn no_marker_in(what: &str, text: &str) {
    for part in ["MARKER", "pa55", "w0rd"] {
        assert!(!text.contains(part), "{what} leaks the password: {text}");
    }
}

fn no_marker_in_issues(what: &str, issues: &[scimgate::Issue]) {
    for i in issues {
        no_marker_in(&format!("{what}: issue {} message", i.code), &i.message);
        no_marker_in(&format!("{what}: issue {} path", i.code), &i.path);
        let loc = serde_json::to_string(&i.loc).unwrap();
        no_marker_in(&format!("{what}: issue {} loc", i.code), &loc);
    }
}

fn no_marker_in_error(what: &str, e: &Error) {
    no_marker_in(what, &e.to_string());
    no_marker_in(what, &format!("{e:?}"));
    no_marker_in(what, &e.to_json().to_string());
    no_marker_in(what, &scimgate::to_scim_error(e).to_string());
}

fn options() -> Vec<Options> {
    let mut out = Vec::new();
    for dialect in DIALECTS {
        for mode in [scimgate::Mode::Strict, scimgate::Mode::Lenient] {
            for operation in [Operation::Create, Operation::Replace, Operation::Response] {
                for profile in [None, Some("wrike")] {
                    let mut o = Options::default().with_dialect(&json!(dialect)).unwrap();
                    o.rules.mode = mode;
                    o.rules.operation = operation;
                    if let Some(p) = profile {
                        o = o.with_profile(json!(p));
                        o.profile.approved_domains = Some(vec!["acme.com".to_string()]);
                    }
                    out.push(o);
                }
            }
        }
    }
    out
}

#[test]
fn no_message_or_error_ever_carries_a_password() {
    for o in options() {
        let v = Validator::new(o.clone()).unwrap();
        let stores_none = o.profile.profile.is_some();
        let ctx = format!("{:?}/{:?}", o.rules, o.profile.profile);
        for body in bodies() {
            let report = v.check(&body).unwrap();
            no_marker_in_issues(&format!("check {ctx}"), &report.issues);
            if let Some(err) = report.to_scim_error() {
                no_marker_in(&format!("check error body {ctx}"), &err.to_string());
            }
            let text = serde_json::to_vec(&body).unwrap();
            assert_eq!(v.check_json(&text).unwrap(), report);
            let n = v.normalize(&body).unwrap();
            no_marker_in_issues(&format!("normalize {ctx}"), &n.changes);
            if stores_none {
                no_marker_in(
                    &format!("normalized resource {ctx}"),
                    &n.resource.to_string(),
                );
                let view = v.view(&body).unwrap();
                no_marker_in(
                    &format!("view {ctx}"),
                    &serde_json::to_string(&view).unwrap(),
                );
            }
            for method in ["POST", "PUT"] {
                if !stores_none {
                    continue;
                }
                let plan = v.plan(method, Some(&body), Some(&user())).unwrap();
                no_marker_in(
                    &format!("plan {method} {ctx}"),
                    &serde_json::to_string(&plan).unwrap(),
                );
            }
        }
        for p in patches() {
            match v.apply_patch(&user(), &p) {
                Ok(out) => {
                    no_marker_in_issues(&format!("patch changes {ctx} {p}"), &out.changes);
                    no_marker_in_issues(&format!("patch report {ctx} {p}"), &out.report.issues);
                    if stores_none {
                        no_marker_in(
                            &format!("patched resource {ctx}"),
                            &out.resource.to_string(),
                        );
                    }
                }
                Err(e) => no_marker_in_error(&format!("patch error {ctx} {p}"), &e),
            }
            let report = v.check_patch(&p).unwrap();
            no_marker_in_issues(&format!("check_patch {ctx} {p}"), &report.issues);
            if let Some(err) = report.to_scim_error() {
                no_marker_in(&format!("check_patch error body {ctx}"), &err.to_string());
            }
            let text = serde_json::to_vec(&p).unwrap();
            assert_eq!(v.check_patch_json(&text).unwrap(), report);
            if stores_none {
                let plan = v.plan("PATCH", Some(&p), Some(&user())).unwrap();
                no_marker_in(
                    &format!("plan PATCH {ctx} {p}"),
                    &serde_json::to_string(&plan).unwrap(),
                );
            }
        }
    }
}

#[test]
fn parse_errors_never_echo_a_password() {
    let v = Validator::new(Options::default()).unwrap();
    let texts = [
        format!("{{\"password\": \"{MARKER}"),
        format!("{{\"password\": {MARKER}}}"),
        format!("{{\"password\": \"{MARKER}\",}}"),
        format!("{{\"password\": \"{MARKER}\" \"x\": 1}}"),
        format!("{{\"password\": \"{MARKER}\", \"password\": \"{MARKER}\"}}"),
        format!("{{\"password\": \"{MARKER}\\q\"}}"),
        format!("{{\"password\": \"{MARKER}\u{1}\"}}"),
    ];
    for t in &texts {
        match v.check_json(t.as_bytes()) {
            Err(e) => no_marker_in_error(&format!("JSON error for {t:?}"), &e),
            Ok(r) => panic!("{t:?} parsed: {r:?}"),
        }
    }
    let filters = [
        format!("password eq \"{MARKER}"),
        format!("password eq {MARKER}"),
        format!("userName eq \"x\" and password eq {MARKER}"),
        format!("password eq \"{MARKER}\" garbage"),
        format!("password eq \"{MARKER}\")"),
        format!("emails[value eq \"{MARKER}\" ]] "),
        format!("password {MARKER}"),
    ];
    for f in &filters {
        if let Err(e) = scimgate::parse_filter(f) {
            no_marker_in_error(&format!("filter error for {f:?}"), &e);
        }
        if let Err(e) = v.parse_filter(f) {
            no_marker_in_error(&format!("filter error for {f:?}"), &e);
        }
        if let Err(e) = v.parse_path(f) {
            no_marker_in_error(&format!("path error for {f:?}"), &e);
        }
    }
}

#[test]
fn without_a_profile_only_the_returned_resource_carries_it() {
    let v = Validator::new(Options::default()).unwrap();
    let n = v.normalize(&user()).unwrap();
    assert_eq!(
        n.resource["password"], MARKER,
        "the caller's own resource is kept"
    );
    no_marker_in_issues("normalize", &n.changes);
    let p = v
        .apply_patch(
            &user(),
            &json!({"schemas": [PATCH_OP], "Operations": [{"op": "replace", "path": "password", "value": "new-secret"}]}),
        )
        .unwrap();
    assert_eq!(p.resource["password"], "new-secret");
    // With the Wrike profile the same calls drop it, and say so.
    let w = Validator::new(
        scimgate::Options::from_value(serde_json::json!({"profile": "wrike"})).unwrap(),
    )
    .unwrap();
    let n = w.normalize(&user()).unwrap();
    assert!(n.resource.get("password").is_none());
    assert!(n
        .changes
        .iter()
        .any(|c| c.code == "password_dropped" && c.path == "password"));
    let report = w.check(&user()).unwrap();
    assert!(report
        .issues
        .iter()
        .any(|i| i.code == "password_ignored" && i.path == "password"));
}
