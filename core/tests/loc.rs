//! `loc`, the structured location of every issue and change: the walkers build it segment by
//! segment, and `path` is rendered from it. Unknown keys kept as written are one segment each,
//! whatever characters they hold.

use scimgate::{Issue, Loc, Options, Segment, Validator};
use serde_json::{json, Value};

const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

fn validator(options: Value) -> Validator {
    Validator::new(Options::from_value(options).unwrap()).unwrap()
}

/// `(code, path, loc as JSON)` of each issue.
fn located(issues: &[Issue]) -> Vec<(String, String, Value)> {
    issues
        .iter()
        .map(|i| {
            (
                i.code.as_str().to_string(),
                i.path.clone(),
                serde_json::to_value(&i.loc).unwrap(),
            )
        })
        .collect()
}

fn has(issues: &[Issue], code: &str, path: &str, loc: &Value) {
    let all = located(issues);
    assert!(
        all.iter()
            .any(|(c, p, l)| c == code && p == path && l == loc),
        "no {code} at {path} / {loc}: {all:#?}"
    );
}

#[test]
fn check_locates_attributes_elements_extensions_and_schemas() {
    let v = validator(json!({}));
    let report = v
        .check(&json!({
            "schemas": [USER, ENTERPRISE, "urn:x:unknown"],
            "userName": "ada@acme.com",
            "emails": [{"value": "ada@acme.com"}, {"value": "not-an-email"}],
            "name": {"givenName": 7},
            ENTERPRISE: {"manager": {"value": 1}},
        }))
        .unwrap();
    has(
        &report.issues,
        "invalid_email",
        "emails[1].value",
        &json!(["emails", 1, "value"]),
    );
    has(
        &report.issues,
        "invalid_type",
        "name.givenName",
        &json!(["name", "givenName"]),
    );
    has(
        &report.issues,
        "invalid_type",
        &format!("{ENTERPRISE}:manager.value"),
        &json!([ENTERPRISE, "manager", "value"]),
    );
    has(
        &report.issues,
        "unknown_schema",
        "schemas[2]",
        &json!(["schemas", 2]),
    );

    let report = v.check(&json!([])).unwrap();
    has(&report.issues, "not_an_object", "", &json!([]));
}

#[test]
fn unknown_keys_with_separators_are_one_segment() {
    let v = validator(json!({"mode": "lenient"}));
    let report = v
        .check(&json!({
            "schemas": [USER],
            "userName": "ada",
            "a.b": 1,
            "x[0]": 2,
            "urn:example:thing:attr": 3,
            "name": {"given.Name": "Ada", "x[1]": "y", "p:q": "z"},
        }))
        .unwrap();
    for (path, loc) in [
        ("a.b", json!(["a.b"])),
        ("x[0]", json!(["x[0]"])),
        ("urn:example:thing:attr", json!(["urn:example:thing:attr"])),
        ("name.given.Name", json!(["name", "given.Name"])),
        ("name.x[1]", json!(["name", "x[1]"])),
        ("name.p:q", json!(["name", "p:q"])),
    ] {
        has(&report.issues, "unknown_attribute", path, &loc);
    }
    // The text of `name.given.Name` is also the text of a nested place; the segments are not.
    let issue = report
        .issues
        .iter()
        .find(|i| i.path == "name.given.Name")
        .unwrap();
    assert_eq!(
        issue.loc.segments(),
        [
            Segment::Key("name".into()),
            Segment::Key("given.Name".into())
        ]
    );
    assert_ne!(issue.loc, Loc::root().key("name").key("given").key("Name"));
}

#[test]
fn qualified_keys_are_located_where_they_belong() {
    let v = validator(json!({"mode": "lenient"}));
    let report = v
        .check(&json!({
            "schemas": [USER, ENTERPRISE],
            "userName": "ada",
            format!("{ENTERPRISE}:department"): "Eng",
            format!("{USER}:name.givenName"): "Ada",
        }))
        .unwrap();
    has(
        &report.issues,
        "qualified_attribute_name",
        &format!("{ENTERPRISE}:department"),
        &json!([ENTERPRISE, "department"]),
    );
    has(
        &report.issues,
        "qualified_attribute_name",
        &format!("{USER}:name.givenName"),
        &json!([USER, "name", "givenName"]),
    );
    let n = v
        .normalize(&json!({
            "schemas": [USER],
            "userName": "ada",
            format!("{ENTERPRISE}:department"): "Eng",
            "emails": [null, {"value": "a@b.c", "primary": "True"}],
        }))
        .unwrap();
    has(
        &n.changes,
        "qualified_attribute_moved",
        &format!("{ENTERPRISE}:department"),
        &json!([ENTERPRISE, "department"]),
    );
    has(
        &n.changes,
        "null_removed",
        "emails[0]",
        &json!(["emails", 0]),
    );
    has(
        &n.changes,
        "string_boolean_coerced",
        "emails[1].primary",
        &json!(["emails", 1, "primary"]),
    );
    has(
        &n.changes,
        "extension_declared",
        "schemas",
        &json!(["schemas"]),
    );
}

#[test]
fn patch_changes_locate_targets_filters_and_operations() {
    let v = validator(json!({"dialect": "entra"}));
    let user = json!({
        "schemas": [USER], "id": "1", "userName": "ada",
        "emails": [{"value": "a@x.com", "type": "work"}, {"value": "b@x.com", "type": "home", "primary": true}],
    });
    let patch = json!({"schemas": [PATCH_OP], "Operations": [
        {"op": "Replace", "path": "emails[type eq \"work\"].value", "value": "c@x.com"},
        {"op": "replace", "path": "emails[type eq \"work\"].primary", "value": "True"},
    ]});
    let out = v.apply_patch(&user, &patch).unwrap();
    has(
        &out.changes,
        "capitalized_op",
        "Operations[0].op",
        &json!(["Operations", 0, "op"]),
    );
    has(
        &out.changes,
        "replaced",
        "emails[type eq \"work\"].value",
        &json!(["emails", "[type eq \"work\"]", "value"]),
    );
    has(
        &out.changes,
        "primary_cleared",
        "emails[1].primary",
        &json!(["emails", 1, "primary"]),
    );
    // A filter segment reads back as a filter.
    let replaced = out.changes.iter().find(|c| c.code == "replaced").unwrap();
    let back: Loc = serde_json::from_value(serde_json::to_value(&replaced.loc).unwrap()).unwrap();
    assert_eq!(back, replaced.loc);
    assert_eq!(
        back.segments()[1],
        Segment::Filter("type eq \"work\"".into())
    );
}

#[test]
fn plan_and_login_issues_are_located() {
    let plan = scimgate::plan(
        "POST",
        Some(&json!({"schemas": [USER], "userName": "ada",
            "emails": [{"value": "ada@evil.com", "primary": true}]})),
        None,
        &Options::from_value(json!({"profile": "wrike", "approvedDomains": ["acme.com"]})).unwrap(),
    )
    .unwrap();
    has(
        &plan.issues,
        "domain_not_approved",
        "emails[0].value",
        &json!(["emails", 0, "value"]),
    );
    let o = Options::from_value(json!({"profile": "wrike"})).unwrap();
    let patch =
        json!({"schemas": [PATCH_OP], "Operations": [{"op": "remove", "path": "userName"}]});
    let current = json!({"schemas": [USER], "id": "1", "userName": "ada@acme.com"});
    let plan = scimgate::plan("PATCH", Some(&patch), Some(&current), &o).unwrap();
    has(
        &plan.issues,
        "patch_failed",
        "Operations[0]",
        &json!(["Operations", 0]),
    );
}

#[test]
fn every_issue_serializes_loc_beside_path() {
    let v = validator(json!({}));
    let report = v
        .check(&json!({"schemas": [USER], "emails": [{"value": "x"}]}))
        .unwrap();
    let text = serde_json::to_value(&report).unwrap();
    for issue in text["issues"].as_array().unwrap() {
        let loc = issue["loc"].as_array().expect("loc is an array");
        assert!(loc.iter().all(|s| s.is_string() || s.is_u64()), "{issue}");
    }
    let back: scimgate::Report = serde_json::from_value(text).unwrap();
    assert_eq!(back, report);
}

#[test]
fn an_issue_read_without_loc_gets_its_path_as_one_segment() {
    let report: scimgate::Report = serde_json::from_value(json!({
        "valid": false,
        "issues": [
            {"code": "required_missing", "severity": "error", "path": "name.givenName",
             "message": "x", "scimType": "invalidValue", "status": 400},
            {"code": "no_login_email", "severity": "error", "path": "", "message": "y"}
        ]
    }))
    .unwrap();
    assert_eq!(
        report.issues[0].loc.segments(),
        [Segment::Key("name.givenName".into())]
    );
    assert_eq!(report.issues[0].loc.to_string(), report.issues[0].path);
    assert!(report.issues[1].loc.is_root());
    assert!(report.to_scim_error().is_some());
}
