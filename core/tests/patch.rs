//! PATCH: RFC 7644 §3.5.2 semantics, atomicity, errors, and the IdP dialect forms.
#![allow(clippy::needless_pass_by_value)] // helpers take json!(...) temporaries

use scimgate::{apply_patch, Error, Options};
use serde_json::{json, Value};

const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
const ENT: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

fn user() -> Value {
    json!({
        "schemas": [USER, ENT],
        "id": "u1",
        "userName": "ada@contoso.com",
        "active": true,
        "name": {"givenName": "Ada", "familyName": "Lovelace"},
        "emails": [{"value": "ada@contoso.com", "type": "work", "primary": true}],
        "meta": {"resourceType": "User"},
        ENT: {"department": "R&D", "manager": {"value": "m1"}}
    })
}

fn group() -> Value {
    json!({"schemas": [GROUP], "id": "g1", "displayName": "Eng",
           "members": [{"value": "u1", "display": "Ada"}, {"value": "u2"}]})
}

fn ops(ops: Value) -> Value {
    json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": ops})
}

fn opts(extra: Value) -> Options {
    Options::from_value(extra).unwrap()
}

fn codes(out: &scimgate::Patched) -> Vec<String> {
    out.changes
        .iter()
        .map(|c| format!("{} @ {}", c.code, c.path))
        .collect()
}

fn patch_err(resource: &Value, patch: Value, o: &Options) -> (Option<usize>, String) {
    match apply_patch(resource, &patch, o) {
        Err(Error::PatchFailed { index, kind, .. }) => (index, kind.as_str().to_string()),
        other => panic!("expected a PATCH failure, got {other:?}"),
    }
}

#[test]
fn rfc_add_replace_remove() {
    let o = Options::default();
    let out = apply_patch(
        &user(),
        &ops(json!([
            {"op": "add", "path": "emails", "value": [{"value": "ada@home.org", "type": "home"}]},
            {"op": "add", "path": "emails", "value": [{"value": "ada@home.org", "type": "home"}]},
            {"op": "replace", "path": "name.givenName", "value": "Augusta"},
            {"op": "add", "path": "nickName", "value": "Countess"},
            {"op": "remove", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"},
            {"op": "replace", "value": {"title": "Analyst", "active": false}}
        ])),
        &o,
    )
    .unwrap();
    let r = &out.resource;
    assert_eq!(
        r["emails"].as_array().unwrap().len(),
        2,
        "no duplicate on the second add"
    );
    assert_eq!(
        r["name"],
        json!({"givenName": "Augusta", "familyName": "Lovelace"})
    );
    assert_eq!(r["nickName"], "Countess");
    assert_eq!(r[ENT], json!({"manager": {"value": "m1"}}));
    assert_eq!(
        (r["title"].as_str(), r["active"].as_bool()),
        (Some("Analyst"), Some(false))
    );
    assert_eq!(r["id"], "u1", "stored readOnly attributes are kept");
    assert!(out.report.valid, "{:?}", out.report);
    assert!(out.members.added.is_empty());
    assert_eq!(codes(&out)[0], "added @ emails");
}

#[test]
fn value_filters_and_primary() {
    let o = Options::default();
    let u = json!({"schemas": [USER], "userName": "a", "emails": [
        {"value": "a@x.com", "type": "work", "primary": true},
        {"value": "a@home.org", "type": "home"}]});
    let out = apply_patch(
        &u,
        &ops(json!([
            {"op": "replace", "path": "emails[type eq \"home\"].primary", "value": true},
            {"op": "replace", "path": "emails[type eq \"work\"].value", "value": "ada@x.com"}
        ])),
        &o,
    )
    .unwrap();
    assert_eq!(
        out.resource["emails"],
        json!([
        {"value": "ada@x.com", "type": "work", "primary": false},
        {"value": "a@home.org", "type": "home", "primary": true}])
    );
    let out = apply_patch(
        &u,
        &ops(json!([{"op": "remove", "path": "emails[type eq \"home\"]"}])),
        &o,
    )
    .unwrap();
    assert_eq!(out.resource["emails"].as_array().unwrap().len(), 1);
    // A filter that matches nothing is noTarget in RFC mode.
    let (i, kind) = patch_err(
        &u,
        ops(json!([
        {"op": "add", "path": "nickName", "value": "x"},
        {"op": "replace", "path": "emails[type eq \"other\"].value", "value": "z@x.com"}])),
        &o,
    );
    assert_eq!((i, kind.as_str()), (Some(1), "noTarget"));
}

#[test]
fn errors_and_atomicity() {
    let o = Options::default();
    let u = user();
    for (patch, index, kind) in [
        (json!({"Operations": []}), None, "invalidSyntax"),
        (ops(json!([])), None, "invalidSyntax"),
        (
            ops(json!([{"op": "Replace", "path": "title", "value": "x"}])),
            Some(0),
            "invalidSyntax",
        ),
        (
            ops(json!([{"op": "move", "path": "title"}])),
            Some(0),
            "invalidSyntax",
        ),
        (ops(json!([{"op": "remove"}])), Some(0), "noTarget"),
        (
            ops(json!([{"op": "add", "path": "title"}])),
            Some(0),
            "invalidValue",
        ),
        (
            ops(json!([{"op": "add", "path": "emails[type eq", "value": 1}])),
            Some(0),
            "invalidPath",
        ),
        (
            ops(json!([{"op": "add", "path": "bogus", "value": 1}])),
            Some(0),
            "invalidPath",
        ),
        (
            ops(json!([{"op": "replace", "path": "id", "value": "x"}])),
            Some(0),
            "mutability",
        ),
        (
            ops(json!([{"op": "add", "path": "groups", "value": [{"value": "g"}]}])),
            Some(0),
            "mutability",
        ),
        (
            ops(json!([{"op": "replace", "path": "active", "value": "False"}])),
            Some(0),
            "invalidValue",
        ),
        (
            ops(
                json!([{"op": "replace", "path": "title", "value": "ok"}, {"op": "replace", "path": "userName", "value": 5}]),
            ),
            Some(1),
            "invalidValue",
        ),
        (
            ops(json!([{"op": "replace", "value": {"name.givenName": "x"}}])),
            Some(0),
            "invalidPath",
        ),
        (
            ops(
                json!([{"op": "remove", "path": "emails", "value": [{"value": "ada@contoso.com"}]}]),
            ),
            Some(0),
            "invalidSyntax",
        ),
        (
            ops(
                json!([{"op": "replace", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.displayName", "value": "x"}]),
            ),
            Some(0),
            "mutability",
        ),
    ] {
        let (i, k) = patch_err(&u, patch.clone(), &o);
        assert_eq!((i, k.as_str()), (index, kind), "{patch}");
    }
    let big: Vec<Value> = (0..1001)
        .map(|_| json!({"op": "add", "path": "title", "value": "x"}))
        .collect();
    let (_, k) = patch_err(&u, ops(Value::Array(big)), &o);
    assert_eq!(k, "invalidSyntax");
    let err = apply_patch(&u, &ops(json!([{"op": "remove"}])), &o).unwrap_err();
    assert_eq!((err.code().as_str(), err.status()), ("patch_failed", 400));
    assert_eq!(scimgate::to_scim_error(&err)["scimType"], "noTarget");
}

#[test]
fn group_membership_deltas() {
    let o = Options::for_type("Group");
    let out = apply_patch(
        &group(),
        &ops(json!([
            {"op": "add", "path": "members", "value": [{"value": "u3"}, {"value": "u1"}]},
            {"op": "remove", "path": "members[value eq \"u2\"]"}
        ])),
        &o,
    )
    .unwrap();
    assert_eq!(out.members.added, ["u3"]);
    assert_eq!(out.members.removed, ["u2"]);
    // Okta: replace members [] empties the group.
    let out = apply_patch(
        &group(),
        &ops(json!([{"op": "replace", "path": "members", "value": []}])),
        &o,
    )
    .unwrap();
    assert_eq!(out.members.removed, ["u1", "u2"]);
    assert!(out.resource.get("members").is_none());
    // Removing everything.
    let out = apply_patch(
        &group(),
        &ops(json!([{"op": "remove", "path": "members"}])),
        &o,
    )
    .unwrap();
    assert_eq!(out.members.removed.len(), 2);
}

#[test]
fn entra_dialect() {
    let o = opts(json!({"dialect": "entra"}));
    let out = apply_patch(&user(), &ops(json!([
        {"op": "Replace", "path": "active", "value": "False"},
        {"op": "Add", "value": {"name.givenName": "Augusta", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department": "Maths"}},
        {"op": "Replace", "path": "emails[type eq \"home\"].value", "value": "ada@home.org"},
        {"op": "Add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", "value": "m2"}
    ])), &o).unwrap();
    let r = &out.resource;
    assert_eq!(r["active"], false);
    assert_eq!(r["name"]["givenName"], "Augusta");
    assert_eq!(r[ENT]["department"], "Maths");
    assert_eq!(r[ENT]["manager"], json!({"value": "m2"}));
    assert_eq!(
        r["emails"][1],
        json!({"type": "home", "value": "ada@home.org"})
    );
    let c = codes(&out);
    for want in [
        "capitalized_op @ Operations[0].op",
        "string_boolean_coerced @ active",
        "path_key_in_value @ name.givenName",
        "created_on_unmatched_filter @ emails[type eq \"home\"].value",
        "manager_coerced @ urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
    ] {
        assert!(c.iter().any(|x| x == want), "{want} missing from {c:?}");
    }
    // Clearing the manager with {"value": ""}.
    let out = apply_patch(&user(), &ops(json!([{"op": "Replace", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", "value": {"value": ""}}])), &o).unwrap();
    assert!(out.resource[ENT].get("manager").is_none());
    // One-element array manager.
    let out = apply_patch(&user(), &ops(json!([{"op": "replace", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", "value": [{"value": "m9"}]}])), &o).unwrap();
    assert_eq!(out.resource[ENT]["manager"], json!({"value": "m9"}));
    // Microsoft's validator: empty Operations.
    let out = apply_patch(&user(), &ops(json!([])), &o).unwrap();
    assert_eq!(
        out.resource,
        apply_patch(
            &user(),
            &ops(json!([{"op": "add", "path": "title", "value": "t"}])),
            &Options::default()
        )
        .unwrap()
        .resource
        .as_object()
        .map(|m| {
            let mut m = m.clone();
            m.remove("title");
            Value::Object(m)
        })
        .unwrap()
    );
    // Removing members by value.
    let g = opts(json!({"dialect": "entra", "resourceType": "Group"}));
    let out = apply_patch(
        &group(),
        &ops(json!([{"op": "Remove", "path": "members", "value": [{"value": "u2"}]}])),
        &g,
    )
    .unwrap();
    assert_eq!(out.members.removed, ["u2"]);
    assert_eq!(
        out.resource["members"],
        json!([{"value": "u1", "display": "Ada"}])
    );
}

#[test]
fn okta_dialect_drops_password_without_echo() {
    let o = opts(json!({"dialect": "okta"}));
    let out = apply_patch(
        &user(),
        &ops(json!([
            {"op": "replace", "value": {"password": "Sup3rSecret!", "active": false}}
        ])),
        &o,
    )
    .unwrap();
    assert_eq!(out.resource["active"], false);
    assert!(out.resource.get("password").is_none());
    let text = serde_json::to_string(&out).unwrap();
    assert!(!text.contains("Sup3rSecret"), "{text}");
    assert!(codes(&out).contains(&"password_dropped @ password".to_string()));
}

#[test]
fn rfc_details_from_review() {
    let o = Options::default();
    // Removing a required attribute is a mutability error (RFC 7644 §3.5.2.2).
    let (i, k) = patch_err(
        &user(),
        ops(json!([{"op": "remove", "path": "userName"}])),
        &o,
    );
    assert_eq!((i, k.as_str()), (Some(0), "mutability"));
    let (_, k) = patch_err(
        &user(),
        ops(json!([{"op": "replace", "path": "userName", "value": null}])),
        &o,
    );
    assert_eq!(k, "mutability");
    // Adding an existing value again (case-insensitive value, same type) changes nothing.
    let out = apply_patch(&user(), &ops(json!([{"op": "add", "path": "emails", "value": [{"value": "ADA@contoso.com", "type": "work"}]}])), &o).unwrap();
    assert_eq!(out.resource["emails"].as_array().unwrap().len(), 1);
    // A first enterprise attribute declares the extension.
    let bare = json!({"schemas": [USER], "userName": "a"});
    let out = apply_patch(&bare, &ops(json!([{"op": "add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "value": "D"}])), &o).unwrap();
    assert_eq!(out.resource["schemas"], json!([USER, ENT]));
    assert!(out.report.valid, "{:?}", out.report);
    // A single object for a multi-valued attribute: an error in strict mode, wrapped in lenient.
    let one = ops(json!([{"op": "add", "path": "emails", "value": {"value": "x@y.com"}}]));
    assert_eq!(patch_err(&bare, one.clone(), &o).1, "invalidValue");
    let out = apply_patch(&bare, &one, &opts(json!({"mode": "lenient"}))).unwrap();
    assert_eq!(out.resource["emails"], json!([{"value": "x@y.com"}]));
    // Two primaries in one value.
    let two = ops(
        json!([{"op": "replace", "path": "emails", "value": [{"value": "a@b.com", "primary": true}, {"value": "c@b.com", "primary": true}]}]),
    );
    assert_eq!(patch_err(&bare, two, &o).1, "invalidValue");
    // Immutable member ids.
    let g = Options::for_type("Group");
    let (_, k) = patch_err(
        &group(),
        ops(json!([{"op": "replace", "path": "members[value eq \"u1\"].value", "value": "u9"}])),
        &g,
    );
    assert_eq!(k, "mutability");
    // Okta renames a group repeating its id: the unchanged readOnly id is accepted.
    let out = apply_patch(
        &group(),
        &ops(json!([{"op": "replace", "value": {"id": "g1", "displayName": "Engineering"}}])),
        &g,
    )
    .unwrap();
    assert_eq!(out.resource["displayName"], "Engineering");
    assert_eq!(
        patch_err(
            &group(),
            ops(json!([{"op": "replace", "value": {"id": "g2"}}])),
            &g
        )
        .1,
        "mutability"
    );
}
