//! Schema model, registry loading and error rendering.

use scimgate::schema::{AttributeType, Mutability, Registry, Returned};
use scimgate::{load_schemas, to_scim_error, Error, Options, Validator};
use serde_json::json;

const WRIKE: &str = "urn:ietf:params:scim:schemas:extension:wrike:2.0:User";

fn wrike_schema() -> serde_json::Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
        "id": WRIKE,
        "name": "WrikeUser",
        "attributes": [
            {"name": "userType", "type": "string", "multiValued": false, "required": false,
             "canonicalValues": ["Regular", "External", "Collaborator"], "caseExact": false,
             "mutability": "readWrite", "returned": "default", "uniqueness": "none"}
        ]
    })
}

#[test]
fn builtin_schemas_follow_rfc_7643() {
    let reg = Registry::builtin();
    let user = reg
        .schema("urn:ietf:params:scim:schemas:core:2.0:User")
        .unwrap();
    let user_name = user.attribute("USERNAME").unwrap();
    assert_eq!(user_name.name, "userName");
    assert!(user_name.required);
    let password = user.attribute("password").unwrap();
    assert_eq!(password.mutability, Mutability::WriteOnly);
    assert_eq!(password.returned, Returned::Never);
    let emails = user.attribute("emails").unwrap();
    assert!(emails.multi_valued);
    assert_eq!(emails.kind, AttributeType::Complex);
    assert_eq!(
        emails.sub_attribute("type").unwrap().canonical_values,
        ["work", "home", "other"]
    );
    let groups = user.attribute("groups").unwrap();
    assert_eq!(groups.mutability, Mutability::ReadOnly);
    let x509 = user.attribute("x509Certificates").unwrap();
    assert_eq!(
        x509.sub_attribute("value").unwrap().kind,
        AttributeType::Binary
    );
    let rt = reg.resource_type("user").unwrap();
    assert_eq!(rt.endpoint, "/Users");
    assert_eq!(rt.schema_extensions.len(), 1);
    assert!(!rt.schema_extensions[0].required);
    let common = reg.common();
    assert_eq!(
        common.attribute("id").unwrap().mutability,
        Mutability::ReadOnly
    );
    assert_eq!(
        common
            .attribute("meta")
            .unwrap()
            .sub_attribute("created")
            .unwrap()
            .kind,
        AttributeType::DateTime
    );
}

#[test]
fn loads_a_schemas_list_response_and_attaches_orphan_extensions() {
    let doc = json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
        "totalResults": 1,
        "Resources": [wrike_schema()]
    });
    let reg = load_schemas(&doc).unwrap();
    assert!(reg.schema(WRIKE).is_some());
    let user = reg.resource_type("User").unwrap();
    assert!(user.extension(WRIKE).is_some());
    // The output round-trips through the `schemas` option.
    let again = load_schemas(&reg.to_json()).unwrap();
    assert_eq!(again.to_json(), reg.to_json());

    let options = scimgate::Options::from_value(serde_json::json!({"schemas": [doc]})).unwrap();
    let v = Validator::new(options).unwrap();
    let report = v
        .check(&json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", WRIKE],
            "userName": "a@example.com",
            WRIKE: {"userType": "Contractor"}
        }))
        .unwrap();
    assert!(report.valid);
    assert_eq!(report.issues.len(), 1);
    assert_eq!(report.issues[0].code, "non_canonical_value");
    assert_eq!(report.issues[0].path, format!("{WRIKE}:userType"));
}

#[test]
fn resource_types_can_require_extensions() {
    let rt = json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
        "id": "User", "name": "User", "endpoint": "/Users",
        "schema": "urn:ietf:params:scim:schemas:core:2.0:User",
        "schemaExtensions": [{"schema": WRIKE, "required": true}]
    });
    let options = scimgate::Options::from_value(
        serde_json::json!({"schemas": [json!([wrike_schema(), rt])]}),
    )
    .unwrap();
    let v = Validator::new(options).unwrap();
    let report = v
        .check(&json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "a"}))
        .unwrap();
    assert!(!report.valid);
    assert_eq!(report.issues[0].code, "required_extension_missing");
    assert_eq!(report.issues[0].path, WRIKE);
}

#[test]
fn bad_schema_documents_are_errors_with_paths() {
    let cases = [
        (json!(42), "(document)"),
        (
            json!({"id": "urn:x:y", "attributes": [{"name": "a", "type": "text"}]}),
            "attributes[0].type",
        ),
        (json!({"id": "not-a-urn", "attributes": []}), "id"),
        (
            json!({"id": "urn:x:y", "attributes": [{"name": "1a"}]}),
            "attributes[0].name",
        ),
        (
            json!({"id": "urn:x:y", "attributes": [{"name": "a"}, {"name": "A"}]}),
            "attributes[1].name",
        ),
        (
            json!({"id": "urn:x:y", "attributes": [{"name": "c", "type": "complex"}]}),
            "attributes[0]",
        ),
        (
            json!({"id": "urn:x:y", "attributes": [{"name": "a", "required": "yes"}]}),
            "attributes[0].required",
        ),
        (
            json!({"id": "urn:x:y", "attributes": [{"name": "a", "mutability": "readonly"}]}),
            "attributes[0].mutability",
        ),
        (
            json!({"name": "T", "endpoint": "/T", "schema": "urn:nope:T"}),
            "resourceTypes[2].schema",
        ),
        (json!({"Resources": {"id": "x"}}), "Resources"),
    ];
    for (doc, path) in cases {
        match load_schemas(&doc) {
            Err(Error::InvalidSchema { path: p, .. }) => assert_eq!(p, path, "{doc}"),
            other => panic!("{doc}: expected invalid_schema, got {other:?}"),
        }
    }
}

#[test]
fn errors_render_as_rfc_7644_bodies() {
    let err = scimgate::check_json(b"{", &Options::default()).unwrap_err();
    let body = to_scim_error(&err);
    assert_eq!(
        body["schemas"],
        json!(["urn:ietf:params:scim:api:messages:2.0:Error"])
    );
    assert_eq!(body["status"], "400");
    assert_eq!(body["scimType"], "invalidSyntax");
    assert!(body["detail"].as_str().unwrap().contains("line 1"));
    let err = Validator::new(Options::for_type("Device")).unwrap_err();
    let body = to_scim_error(&err);
    assert_eq!(body["status"], "404");
    assert!(body.get("scimType").is_none());

    let report = scimgate::check(&json!({"schemas": []}), &Options::default()).unwrap();
    let body = report.to_scim_error().unwrap();
    assert_eq!(body["status"], "400");
    assert_eq!(body["scimType"], "invalidSyntax");
    let ok = scimgate::check(
        &json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "a"}),
        &Options::default(),
    )
    .unwrap();
    assert!(ok.valid && ok.to_scim_error().is_none());
}

#[test]
fn options_are_validated() {
    for (text, option) in [
        (&br#"{"resourceTyp":"User"}"#[..], "resourceTyp"),
        (br#"{"maxDepth":0}"#, "maxDepth"),
        (br#"{"maxDepth":1000}"#, "maxDepth"),
        (br#"{"mode":"loose"}"#, "mode"),
        (br#"{"allowSubdomains":"yes"}"#, "allowSubdomains"),
    ] {
        match Options::from_json(text) {
            Err(Error::InvalidOption { option: o, .. }) => assert_eq!(o, option),
            other => panic!("{other:?}"),
        }
    }
    let o = Options::from_json(br#"{"resource_type":"Group","max_bytes":10}"#).unwrap();
    assert_eq!(
        (o.schema.resource_type.as_str(), o.limits.max_bytes),
        ("Group", 10)
    );
    assert_eq!(Options::from_json(b"null").unwrap(), Options::default());
}
