//! The Wrike profile: user types, custom fields, approved domains, the synced view and the plan.
#![allow(clippy::needless_pass_by_value)] // helpers take json!(...) temporaries

use scimgate::{plan, wrike_view, Options, Validator};

fn view_json(resource: &serde_json::Value, options: &Options) -> serde_json::Value {
    serde_json::to_value(wrike_view(resource, options).unwrap()).unwrap()
}
use serde_json::{json, Value};

const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENT: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const WRIKE: &str = "urn:ietf:params:scim:schemas:extension:wrike:2.0:User";

fn wrike(extra: Value) -> Options {
    let mut o = json!({"profile": "wrike"});
    for (k, v) in extra.as_object().unwrap() {
        o[k] = v.clone();
    }
    Options::from_value(o).unwrap()
}

fn entra_user() -> Value {
    json!({
        "schemas": [USER, ENT, WRIKE],
        "externalId": "0a1b",
        "userName": "ada@acme.com",
        "active": true,
        "title": "Engineer",
        "name": {"givenName": "Ada", "familyName": "Lovelace"},
        "emails": [{"value": "ada@acme.com", "type": "work", "primary": true}],
        "phoneNumbers": [{"value": "+1 555 0100", "type": "work"}],
        ENT: {"department": "R&D", "organization": "Acme"},
        WRIKE: {"userType": "Collaborator"}
    })
}

fn issues(o: &Options, r: &Value) -> Vec<String> {
    let report = Validator::new(o.clone()).unwrap().check(r).unwrap();
    report
        .issues
        .iter()
        .map(|i| format!("{} {} @ {}", i.severity.as_str(), i.code, i.path))
        .collect()
}

#[test]
fn user_types() {
    let o = wrike(json!({"approvedDomains": ["acme.com"]}));
    assert!(
        issues(&o, &entra_user()).is_empty(),
        "{:?}",
        issues(&o, &entra_user())
    );
    let mut u = entra_user();
    u[WRIKE]["userType"] = json!("  collaborator ");
    assert_eq!(
        issues(&o, &u),
        [format!("info user_type_normalized @ {WRIKE}:userType")]
    );
    u[WRIKE]["userType"] = json!("Admin");
    assert_eq!(
        issues(&o, &u),
        [format!("error unknown_user_type @ {WRIKE}:userType")]
    );
    u.as_object_mut().unwrap().remove(WRIKE);
    assert_eq!(
        issues(&o, &u),
        [format!("info user_type_defaulted @ {WRIKE}:userType")]
    );
    // An account's own list and aliases.
    let o = wrike(
        json!({"userTypes": {"values": ["Member", "Guest"], "aliases": {"wrike_external": "Guest"}}}),
    );
    let mut u = entra_user();
    u[WRIKE]["userType"] = json!("wrike_external");
    assert_eq!(
        issues(&o, &u),
        [format!("info user_type_alias @ {WRIKE}:userType")]
    );
    let out = Validator::new(o.clone()).unwrap().normalize(&u).unwrap();
    assert_eq!(out.resource[WRIKE]["userType"], "Guest");
    u[WRIKE]["userType"] = json!("Collaborator");
    assert_eq!(
        issues(&o, &u),
        [format!("error unknown_user_type @ {WRIKE}:userType")]
    );
    // Bad user-type overrides are option errors.
    for bad in [
        json!([]),
        json!({"values": ["A", "a"]}),
        json!({"values": ["A"], "default": "B"}),
        json!({"values": ["A"], "aliases": {"x": "C"}}),
    ] {
        let err = Validator::new(wrike(json!({"userTypes": bad.clone()}))).unwrap_err();
        assert_eq!(err.code(), "invalid_option", "{bad}");
    }
}

#[test]
fn domains_in_check() {
    let o = wrike(json!({"approvedDomains": ["@Acme.com"]}));
    let mut u = entra_user();
    u["userName"] = json!("ada@evil.com");
    assert_eq!(issues(&o, &u), ["error domain_not_approved @ userName"]);
    u["userName"] = json!("ada");
    assert!(issues(&o, &u).is_empty(), "falls back to the primary email");
    u["emails"] = json!([{"value": "ada@acme.com.evil.io", "primary": true}]);
    assert_eq!(
        issues(&o, &u),
        ["error domain_not_approved @ emails[0].value"]
    );
    u.as_object_mut().unwrap().remove("emails");
    assert_eq!(issues(&o, &u), ["error no_login_email @ "]);
    let sub = wrike(json!({"approvedDomains": ["acme.com"], "allowSubdomains": true}));
    u["userName"] = json!("ada@eu.acme.com");
    assert!(issues(&sub, &u).is_empty());
    assert_eq!(issues(&o, &u), ["error domain_not_approved @ userName"]);
    // Without a profile, approvedDomains still applies.
    let plain = Options::from_value(json!({"approvedDomains": ["acme.com"]})).unwrap();
    assert_eq!(
        issues(&plain, &json!({"schemas": [USER], "userName": "x@y.org"})),
        ["error domain_not_approved @ userName"]
    );
}

#[test]
fn custom_fields_in_check() {
    let catalog = json!({"kind": "customfields", "data": [
        {"id": "IEAGWMBBJUAK4G7J", "title": "Completed Induction", "type": "Checkbox", "applicableEntityTypes": ["User"]},
        {"id": "IEAGWMBBJUAK4G7K", "title": "Start Date", "type": "Date", "applicableEntityTypes": ["User"]},
        {"id": "IEAGWMBBJUAK4G7L", "title": "Project budget", "type": "Currency", "applicableEntityTypes": ["Folder"]}
    ]});
    let o = wrike(json!({"customFields": catalog}));
    let mut u = entra_user();
    u[WRIKE]["IEAGWMBBJUAK4G7J_Completed_Induction"] = json!("True");
    u[WRIKE]["IEAGWMBBJUAK4G7K_Start_Date"] = json!("2024-02-30");
    u[WRIKE]["IEAGWMBBJUAK4G7K_Begin"] = json!("2024-02-01");
    u[WRIKE]["IEAGWMBBJUAK4G7L_Project_budget"] = json!("1");
    u[WRIKE]["iea_x"] = json!("1");
    u[WRIKE]["shoeSize"] = json!("1");
    let mut got = issues(&o, &u);
    got.sort();
    let mut want = vec![
        format!("error invalid_custom_field_value @ {WRIKE}:IEAGWMBBJUAK4G7K_Start_Date"),
        format!("warning stale_custom_field_title @ {WRIKE}:IEAGWMBBJUAK4G7K_Begin"),
        format!("error unknown_custom_field @ {WRIKE}:IEAGWMBBJUAK4G7L_Project_budget"),
        format!("error malformed_custom_field_id @ {WRIKE}:iea_x"),
        format!("error unknown_attribute @ {WRIKE}:shoeSize"),
    ];
    want.sort();
    assert_eq!(got, want);
    let schema = scimgate::extension_schema(&catalog, &Options::default()).unwrap();
    let names: Vec<&str> = schema["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "userType",
            "IEAGWMBBJUAK4G7J_Completed_Induction",
            "IEAGWMBBJUAK4G7K_Start_Date"
        ]
    );
    assert_eq!(schema["attributes"][1]["type"], "boolean");
    assert!(
        scimgate::load_schemas(&schema).is_ok(),
        "the emitted schema is a valid schema document"
    );
}

#[test]
fn view_picks_primary_and_reports_omitted() {
    let v = serde_json::to_value(wrike_view(&entra_user(), &Options::default()).unwrap()).unwrap();
    assert_eq!(v["email"], "ada@acme.com");
    assert_eq!(v["phone"], "+1 555 0100");
    assert_eq!(v["department"], "R&D");
    assert_eq!(v["userType"], "Collaborator");
    assert_eq!(v["userTypeDefaulted"], false);
    assert_eq!(v["active"], true);
    assert_eq!(v["loginEmailSource"], "userName");
    assert_eq!(v["omitted"], json!([]));
    let v = view_json(
        &json!({"schemas": [USER], "userName": "x", "emails": [
        {"value": "x@home.org", "type": "home"}, {"value": "x@acme.com", "type": "work"}]}),
        &Options::default(),
    );
    assert_eq!(v["email"], "x@acme.com");
    assert_eq!(
        v["loginEmail"], "x@acme.com",
        "one rule: the login email is the email Wrike stores (primary, else work, else first)"
    );
    assert_eq!(v["userType"], "Regular");
    assert_eq!(
        v["omitted"],
        json!([
            "givenName",
            "familyName",
            "title",
            "phone",
            "organization",
            "department"
        ])
    );
}

#[test]
fn plans() {
    let o = Options::from_value(json!({"approvedDomains": ["acme.com"]})).unwrap();
    let p = plan("POST", Some(&entra_user()), None, &o).unwrap();
    assert_eq!((p.action.as_str(), p.billable), ("create", true));
    assert!(p
        .changes
        .iter()
        .any(|c| c.attribute == "title" && c.to == "Engineer"));
    let mut bad = entra_user();
    bad["userName"] = json!("ada@evil.com");
    let p = plan("post", Some(&bad), None, &o).unwrap();
    assert_eq!(p.action, "reject");
    assert!(p.issues.iter().any(|i| i.code == "domain_not_approved"));

    // PUT omitting phone and department: they are kept.
    let mut put = entra_user();
    put.as_object_mut().unwrap().remove("phoneNumbers");
    put[ENT] = json!({"organization": "Acme"});
    put["title"] = json!("Lead");
    let p = plan("PUT", Some(&put), Some(&entra_user()), &o).unwrap();
    assert_eq!(p.action, "update");
    assert_eq!(p.kept, ["phone", "department"]);
    assert_eq!(p.changes.len(), 1);
    assert_eq!(
        (p.changes[0].from.clone(), p.changes[0].to.clone()),
        (json!("Engineer"), json!("Lead"))
    );
    assert!(!p.billable);

    // PATCH deactivation and reactivation.
    let patch = json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "replace", "path": "active", "value": false}]});
    let p = plan("PATCH", Some(&patch), Some(&entra_user()), &o).unwrap();
    assert_eq!(p.action, "deactivate");
    let mut inactive = entra_user();
    inactive["active"] = json!(false);
    let back = json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "replace", "value": {"active": true}}]});
    let p = plan("PATCH", Some(&back), Some(&inactive), &o).unwrap();
    assert_eq!((p.action.as_str(), p.billable), ("reactivate", true));
    let noop = json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "replace", "path": "title", "value": "Engineer"}]});
    assert_eq!(
        plan("PATCH", Some(&noop), Some(&entra_user()), &o)
            .unwrap()
            .action,
        "noop"
    );
    // Every plan that ends with an active user checks the domain, even when the login does not
    // change; a deactivation of that user is never blocked.
    let p = plan("PATCH", Some(&noop), Some(&bad), &o).unwrap();
    assert_eq!(p.action, "reject", "{:?}", p.issues);
    assert!(p.issues.iter().any(|i| i.code == "domain_not_approved"));
    let off = json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "replace", "path": "active", "value": false}]});
    let p = plan("PATCH", Some(&off), Some(&bad), &o).unwrap();
    assert_eq!(p.action, "deactivate", "{:?}", p.issues);
    let mut bad_inactive = bad.clone();
    bad_inactive["active"] = json!(false);
    let p = plan("PATCH", Some(&back), Some(&bad_inactive), &o).unwrap();
    assert_eq!(
        p.action, "reject",
        "a reactivation is checked: {:?}",
        p.issues
    );
    let move_domain = json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "replace", "path": "userName", "value": "ada@evil.com"}]});
    assert_eq!(
        plan("PATCH", Some(&move_domain), Some(&entra_user()), &o)
            .unwrap()
            .action,
        "reject"
    );
    // A PATCH that cannot apply is a reject with the error as an issue.
    let broken = json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "remove"}]});
    let p = plan("PATCH", Some(&broken), Some(&entra_user()), &o).unwrap();
    assert_eq!(p.action, "reject");
    assert_eq!(p.issues[0].scim_type.as_deref(), Some("noTarget"));
    assert_eq!(
        plan("DELETE", None, Some(&entra_user()), &o)
            .unwrap()
            .action,
        "deactivate"
    );
    assert!(plan("PATCH", Some(&noop), None, &o).is_err());
    assert!(plan("GET", None, None, &o).is_err());

    // Groups.
    let g = Options::from_value(json!({"resourceType": "Group"})).unwrap();
    let group = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Eng", "members": [{"value": "u1"}]});
    let p = plan("POST", Some(&group), None, &g).unwrap();
    assert_eq!(
        (p.action.as_str(), p.members.added.clone()),
        ("create", vec!["u1".to_string()])
    );
    let add = json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "add", "path": "members", "value": [{"value": "u2"}]}]});
    let p = plan("PATCH", Some(&add), Some(&group), &g).unwrap();
    assert_eq!(
        (p.action.as_str(), p.members.added.clone()),
        ("update", vec!["u2".to_string()])
    );
    let p = plan("DELETE", None, Some(&group), &g).unwrap();
    assert_eq!(
        (p.action.as_str(), p.summary.as_str()),
        ("delete", "group removed or disabled")
    );
}

#[test]
fn idp_dialects_in_check_and_normalize() {
    // Okta: the placeholder password is dropped, never echoed.
    let okta = Options::from_value(json!({"dialect": "okta"})).unwrap();
    let body = json!({"schemas": [USER], "userName": "ada@acme.com", "password": "Plac3holder!", "groups": []});
    let v = Validator::new(okta).unwrap();
    let report = v.check(&body).unwrap();
    assert_eq!(
        report
            .issues
            .iter()
            .map(|i| i.code.as_str())
            .collect::<Vec<_>>(),
        ["password_ignored"]
    );
    let out = v.normalize(&body).unwrap();
    assert!(out.resource.get("password").is_none());
    assert!(!serde_json::to_string(&out).unwrap().contains("Plac3holder"));
    // OneLogin: string booleans and bare custom keys.
    let ol = wrike(json!({"dialect": "onelogin"}));
    let body = json!({"schemas": [USER], "userName": "ada@acme.com", "active": "true", "id": null,
                      "userType": "external", "IEAGWMBBJUAK4G7J_Completed_Induction": "yes"});
    let mut got = issues(&ol, &body);
    got.sort();
    // A top-level `userType` is the RFC 7643 core attribute, not Wrike's: it stays where it is.
    assert_eq!(
        got,
        [
            "info null_value @ id".to_string(),
            format!("info user_type_defaulted @ {WRIKE}:userType"),
            "warning bare_custom_key @ IEAGWMBBJUAK4G7J_Completed_Induction".to_string(),
            "warning string_boolean @ active".to_string(),
        ]
    );
    let out = Validator::new(ol).unwrap().normalize(&body).unwrap();
    assert_eq!(
        out.resource,
        json!({"schemas": [USER, WRIKE], "userName": "ada@acme.com", "active": true,
        "userType": "external", WRIKE: {"IEAGWMBBJUAK4G7J_Completed_Induction": "yes"}})
    );
}
