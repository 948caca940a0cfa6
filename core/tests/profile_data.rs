//! Vendor rules are profile data: a profile names its custom-field id grammar and field types,
//! and `extends` starts from any built-in profile, merging object-valued sections.

use scimgate::{extension_schema, Options, Profile, Validator};
use serde_json::{json, Value};

const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const ACME: &str = "urn:example:params:scim:schemas:extension:acme:2.0:User";

/// A vendor whose field ids are 8 lower-case hex digits and whose types differ from Wrike's.
fn acme() -> Value {
    json!({
        "name": "acme",
        "extension": ACME,
        "schemas": [{
            "id": ACME, "name": "AcmeUser",
            "attributes": [{"name": "userType", "type": "string", "multiValued": false}]
        }],
        "userTypes": {"values": ["Member", "Guest"], "default": "Member"},
        "customFields": {
            "id": {"length": 8, "characters": "a-f0-9", "description": "an Acme field id (8 hex digits)"},
            "types": {"Amount": "number", "Flag": "boolean", "Pick": "choice"},
            "catalog": [
                {"id": "c0ffee00", "title": "Budget", "type": "Amount"},
                {"id": "deadbeef", "title": "Remote", "type": "Flag"}
            ]
        }
    })
}

fn codes(o: Value, resource: &Value) -> Vec<(String, String)> {
    let v = Validator::new(Options::from_value(o).unwrap()).unwrap();
    v.check(resource)
        .unwrap()
        .issues
        .into_iter()
        .map(|i| (i.code.as_str().to_string(), i.path))
        .collect()
}

#[test]
fn a_profile_names_its_own_id_grammar_and_types() {
    let user =
        |ext: Value| json!({"schemas": [USER, ACME], "userName": "a@example.com", ACME: ext});
    let o = json!({"profile": acme()});
    // Fields of the catalog, by Acme's grammar and types.
    assert_eq!(
        codes(
            o.clone(),
            &user(
                json!({"userType": "Guest", "c0ffee00_Budget": "12.5", "deadbeef_Remote": "true"})
            )
        ),
        vec![]
    );
    let found = codes(o.clone(), &user(json!({"c0ffee00_Budget": "lots"})));
    assert!(
        found.contains(&(
            "invalid_custom_field_value".into(),
            format!("{ACME}:c0ffee00_Budget")
        )),
        "{found:?}"
    );
    let found = codes(o.clone(), &user(json!({"deadbeef_Remote": 3})));
    assert!(
        found.iter().any(|(c, _)| c == "invalid_custom_field_value"),
        "{found:?}"
    );
    // A Wrike-shaped id is not an Acme field id, and the message says what one is.
    let v = Validator::new(Options::from_value(o).unwrap()).unwrap();
    let report = v
        .check(&user(
            json!({"userType": "Guest", "IEAGWMBBJUAK4G7J_Budget": "1"}),
        ))
        .unwrap();
    let issue = report
        .issues
        .iter()
        .find(|i| i.code.as_str() == "malformed_custom_field_id")
        .unwrap_or_else(|| panic!("{:?}", report.issues));
    assert!(
        issue.message.contains("an Acme field id (8 hex digits)"),
        "{}",
        issue.message
    );
}

#[test]
fn the_extension_schema_types_fields_by_the_profiles_classes() {
    let o = Options::from_value(json!({"profile": acme()})).unwrap();
    let doc = extension_schema(&acme()["customFields"]["catalog"], &o).unwrap();
    let ty = |name: &str| -> Value {
        doc["attributes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["name"] == name)
            .map_or(Value::Null, |a| a["type"].clone())
    };
    assert_eq!(ty("c0ffee00_Budget"), "decimal");
    assert_eq!(ty("deadbeef_Remote"), "boolean");
}

#[test]
fn a_catalog_is_read_with_the_profiles_grammar() {
    let mut doc = acme();
    doc["customFields"]["catalog"] =
        json!([{"id": "IEAGWMBBJUAK4G7J", "title": "X", "type": "Flag"}]);
    let e = Profile::from_option(&doc).unwrap_err();
    assert_eq!(e.code().as_str(), "invalid_profile");
    assert!(
        e.to_string().contains("an Acme field id (8 hex digits)"),
        "{e}"
    );
}

#[test]
fn bad_rules_are_profile_errors_with_a_path() {
    for (rules, path) in [
        (
            json!({"id": {"length": 0, "characters": "a-z"}}),
            "customFields.id",
        ),
        (json!({"id": {"characters": "z-a"}}), "customFields.id"),
        (json!({"id": {"characters": "é"}}), "customFields.id"),
        (json!({"id": {"length": 3}}), "customFields.id.characters"),
        (
            json!({"types": {"Amount": "money"}}),
            "customFields.types.Amount",
        ),
        (json!({"idPattern": "x"}), "customFields.idPattern"),
    ] {
        let mut doc = acme();
        doc["customFields"] = rules;
        match Profile::from_option(&doc) {
            Err(scimgate::Error::InvalidProfile { path: p, .. }) => assert_eq!(p, path),
            other => panic!("{path}: {other:?}"),
        }
    }
}

#[test]
fn extends_merges_sections_and_keeps_the_built_in_rules() {
    // A catalog given as a bare list keeps Wrike's id grammar and types.
    let doc = json!({
        "extends": "wrike",
        "customFields": [{"id": "IEAGWMBBJUAK4G7J", "title": "Cost Center", "type": "Numeric"}],
        "domains": {"approved": ["example.com"]}
    });
    let p = Profile::from_option(&doc).unwrap();
    assert_eq!(p.custom_fields.len(), 1);
    assert!(p.field_rules.is_id("IEAGWMBBJUAK4G7J"));
    assert!(!p.field_rules.is_id("c0ffee00"));
    assert_eq!(p.domains.approved, vec!["example.com".to_string()]);
    // domains merged one level: allowSubdomains comes from the built-in.
    assert!(!p.domains.allow_subdomains);
    // Every built-in is reachable by name; an unknown one is a profile error.
    for name in scimgate::profile::BUILTIN_PROFILES {
        assert!(
            Profile::from_option(&json!({"extends": name})).is_ok(),
            "{name}"
        );
    }
    let e = Profile::from_option(&json!({"extends": "nope"})).unwrap_err();
    assert_eq!(e.code().as_str(), "invalid_profile");
    // The profile document round-trips with its rules.
    let again = Profile::from_value(&p.to_value()).unwrap();
    assert_eq!(again.field_rules, p.field_rules);
    assert_eq!(again.custom_fields, p.custom_fields);
}
