//! check_patch and the problems of a failed PATCH: one walk, so a failed apply lists the problems
//! check_patch reports (each located in the request), plus only what the stored resource reveals;
//! a request check_patch finds invalid never applies.
#![allow(clippy::needless_pass_by_value)] // helpers take json!(...) temporaries

use std::collections::BTreeSet;

use scimgate::{Error, Options, PatchErrorKind, Segment, Severity, Validator};
use serde_json::{json, Value};

const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENT: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

fn ops(ops: Value) -> Value {
    json!({"schemas": [PATCH_OP], "Operations": ops})
}

fn user() -> Value {
    json!({"schemas": [USER, ENT], "id": "u1", "userName": "ada@acme.com",
           "name": {"givenName": "Ada"},
           "emails": [{"value": "ada@acme.com", "type": "work", "primary": true}],
           ENT: {"department": "R&D"}})
}

fn found(issues: &[scimgate::Issue]) -> Vec<(String, String)> {
    issues
        .iter()
        .map(|i| (i.code.to_string(), i.path.clone()))
        .collect()
}

fn failure(
    out: Result<scimgate::Patched, Error>,
) -> (Option<usize>, PatchErrorKind, Vec<scimgate::Issue>) {
    match out {
        Err(Error::PatchFailed {
            index,
            kind,
            issues,
            ..
        }) => (index, kind, issues),
        other => panic!("expected a PATCH failure, got {other:?}"),
    }
}

/// Every applyPatch case of the shared vectors: what check_patch finds wrong, apply_patch finds
/// too (at the same places); a request it finds wrong never applies; one that applies has no
/// error in check_patch.
#[test]
fn apply_lists_what_check_finds_on_every_vector() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors");
    let mut stack = vec![std::path::PathBuf::from(dir)];
    let mut seen = 0;
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            stack.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        for case in doc["cases"].as_array().unwrap() {
            if case["function"] != "applyPatch" {
                continue;
            }
            let name = case["name"].as_str().unwrap();
            let Ok(options) = Options::from_value(case.get("options").cloned().unwrap_or_default())
            else {
                continue;
            };
            let v = Validator::new(options).unwrap();
            let (resource, patch) = (&case["input"]["resource"], &case["input"]["patch"]);
            let report = v.check_patch(patch).unwrap();
            let errors: BTreeSet<(String, String)> = report
                .errors()
                .map(|i| (i.code.to_string(), i.path.clone()))
                .collect();
            match v.apply_patch(resource, patch) {
                Ok(_) => assert!(
                    errors.is_empty(),
                    "{name}: applies, yet check_patch finds {errors:?}"
                ),
                Err(Error::PatchFailed { issues, .. }) => {
                    let listed: BTreeSet<(String, String)> = found(&issues).into_iter().collect();
                    assert!(
                        errors.is_subset(&listed),
                        "{name}: check_patch finds {errors:?}, the failure lists {listed:?}"
                    );
                }
                Err(e) => panic!("{name}: {e}"),
            }
            seen += 1;
        }
    }
    assert!(seen > 100, "only {seen} applyPatch vectors");
}

#[test]
fn no_problem_hides_another() {
    let v = Validator::new(Options::default()).unwrap();
    let patch = ops(json!([
        {"op": "Replace", "path": "active", "value": "yes"},
        {"op": "replace", "path": "title", "value": "Lead"},
        {"op": "replace", "value": {"name": {"givenName": 1, "bogus": "x"}, "favoriteColor": "blue"}},
        {"op": "replace", "path": "emails[type eq \"home\"].value", "value": "ada@home.org"}
    ]));
    let want = [
        ("patch_invalid_syntax", "Operations[0].op"),
        ("patch_invalid_value", "Operations[0].value"),
        ("patch_invalid_value", "Operations[2].value.name.givenName"),
        ("patch_invalid_value", "Operations[2].value.name.bogus"),
        ("patch_invalid_path", "Operations[2].value.favoriteColor"),
    ];
    let report = v.check_patch(&patch).unwrap();
    assert!(!report.valid);
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(c, p)| ((*c).to_string(), (*p).to_string()))
        .collect();
    assert_eq!(found(&report.issues), want);
    // The apply lists the same, in request order, and what only the resource reveals: the
    // filter of operation 3 matches no element.
    let (index, kind, issues) = failure(v.apply_patch(&user(), &patch));
    assert_eq!((index, kind), (Some(0), PatchErrorKind::InvalidSyntax));
    let mut with_target = want.clone();
    with_target.push(("patch_no_target".into(), "Operations[3].path".into()));
    assert_eq!(found(&issues), with_target);
    for i in &issues {
        assert_eq!(i.severity, Severity::Error);
        assert_eq!(i.status, Some(400));
        assert_eq!(
            i.scim_type.as_deref(),
            PatchErrorKind::of_code(i.code).map(PatchErrorKind::as_str)
        );
    }
}

#[test]
fn the_error_carries_its_issues_in_its_one_json_shape() {
    let v = Validator::new(Options::default()).unwrap();
    let e = v
        .apply_patch(
            &user(),
            &ops(json!([
                {"op": "add", "path": "title", "value": "x"},
                {"op": "add", "path": "title", "value": 1},
                {"op": "remove"}
            ])),
        )
        .unwrap_err();
    let body = e.to_json();
    assert_eq!(body["index"], 1);
    assert_eq!(body["scimType"], "invalidValue");
    assert_eq!(body["issues"][0]["path"], "Operations[1].value");
    assert_eq!(body["issues"][0]["loc"], json!(["Operations", 1, "value"]));
    assert_eq!(body["issues"][1]["code"], "patch_no_target");
    assert!(
        e.to_string().contains("(and 1 more problem: see issues)"),
        "{e}"
    );
    // The RFC 7644 error body keeps the first problem's scimType.
    assert_eq!(scimgate::to_scim_error(&e)["scimType"], "invalidValue");
}

#[test]
fn a_path_less_key_is_one_segment_of_the_request() {
    let v = Validator::new(Options::from_value(json!({"dialect": "entra"})).unwrap()).unwrap();
    let report = v
        .check_patch(&ops(json!([{"op": "replace", "value": {
            "name.givenName": 5,
            format!("{ENT}:department"): "R&D"
        }}])))
        .unwrap();
    let bad = report.errors().next().expect("an error");
    assert_eq!(bad.path, "Operations[0].value.name.givenName");
    assert_eq!(
        bad.loc.segments(),
        [
            Segment::Key("Operations".into()),
            Segment::Index(0),
            Segment::Key("value".into()),
            Segment::Key("name.givenName".into()),
        ]
    );
    // The quirks are warnings, located in the request too.
    let warned: Vec<&str> = report
        .issues
        .iter()
        .filter(|i| i.severity == Severity::Warning)
        .map(|i| i.path.as_str())
        .collect();
    assert_eq!(
        warned,
        [
            "Operations[0].value.name.givenName",
            &format!("Operations[0].value.{ENT}:department") as &str
        ]
    );
}

#[test]
fn what_only_the_resource_tells_is_left_to_apply() {
    let v = Validator::new(Options::for_type("Group")).unwrap();
    // A filter that may match nothing, a readOnly id that may repeat the stored one, a sub-attribute
    // of every element: valid without the resource.
    let patch = ops(json!([
        {"op": "remove", "path": "members[value eq \"u9\"]"},
        {"op": "replace", "value": {"id": "g1", "displayName": "Eng"}},
        {"op": "replace", "path": "members.display", "value": "x"}
    ]));
    let report = v.check_patch(&patch).unwrap();
    assert!(report.valid, "{report:?}");
    assert_eq!(
        found(&report.issues),
        [(
            "read_only_target".to_string(),
            "Operations[1].value.id".to_string()
        )]
    );
    let group = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "id": "g1",
                       "displayName": "Eng", "members": [{"value": "u1"}]});
    let (index, kind, issues) = failure(v.apply_patch(&group, &patch));
    assert_eq!((index, kind), (Some(0), PatchErrorKind::NoTarget));
    assert_eq!(
        found(&issues),
        [(
            "patch_no_target".to_string(),
            "Operations[0].path".to_string()
        )]
    );
    let other_id = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "id": "g2",
                          "displayName": "Eng", "members": [{"value": "u9"}, {"value": "u1"}]});
    let (_, _, issues) = failure(v.apply_patch(&other_id, &patch));
    assert_eq!(
        found(&issues),
        [(
            "patch_mutability".to_string(),
            "Operations[1].value.id".to_string()
        )]
    );
}

#[test]
fn strict_never_writes_an_unknown_sub_attribute_and_lenient_drops_it() {
    let strict = Validator::new(Options::default()).unwrap();
    let lenient = Validator::new(Options::from_value(json!({"mode": "lenient"})).unwrap()).unwrap();
    for (patch, at, dropped) in [
        (
            json!([{"op": "replace", "path": "emails", "value": [{"value": "a@acme.com", "bogus": "x"}]}]),
            "Operations[0].value[0].bogus",
            "emails[0].bogus",
        ),
        (
            json!([{"op": "add", "path": "name", "value": {"bogus": "x"}}]),
            "Operations[0].value.bogus",
            "name.bogus",
        ),
        (
            json!([{"op": "add", "value": {"name": {"bogus": "x"}}}]),
            "Operations[0].value.name.bogus",
            "name.bogus",
        ),
        (
            json!([{"op": "add", "path": "emails[type eq \"work\"]", "value": {"bogus": "x"}}]),
            "Operations[0].value.bogus",
            "emails[type eq \"work\"].bogus",
        ),
    ] {
        let patch = ops(patch);
        let (_, kind, issues) = failure(strict.apply_patch(&user(), &patch));
        assert_eq!(kind, PatchErrorKind::InvalidValue);
        assert_eq!(
            found(&issues),
            [("patch_invalid_value".to_string(), at.to_string())]
        );
        let out = lenient.apply_patch(&user(), &patch).unwrap();
        assert!(
            !out.resource.to_string().contains("bogus"),
            "{}",
            out.resource
        );
        assert!(
            out.changes
                .iter()
                .any(|c| c.code == "unknown_attribute_dropped" && c.path == dropped),
            "{:?}",
            out.changes
        );
    }
}

#[test]
fn plan_rejects_with_every_problem() {
    let o =
        Options::from_value(json!({"profile": "wrike", "approvedDomains": ["acme.com"]})).unwrap();
    let plan = scimgate::plan(
        "PATCH",
        Some(&ops(json!([{"op": "replace", "path": "title", "value": 5}, {"op": "add", "path": "x", "value": 1}]))),
        Some(&user()),
        &o,
    )
    .unwrap();
    assert_eq!(plan.action, scimgate::Action::Reject);
    let codes: Vec<(String, String)> = found(&plan.issues);
    for want in [
        ("patch_failed", "Operations[0]"),
        ("patch_invalid_value", "Operations[0].value"),
        ("patch_invalid_path", "Operations[1].path"),
    ] {
        assert!(
            codes.contains(&(want.0.to_string(), want.1.to_string())),
            "{want:?} not in {codes:?}"
        );
    }
}
