use serde_json::{json, Value};

use super::*;
use crate::Error;

fn eval(text: &str, source: &Value) -> Evaluation {
    let node = parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    evaluate(&node, source, &Env::fixed(0, 1))
}

fn err_at(text: &str) -> usize {
    match parse(text) {
        Err(Error::InvalidExpression { offset, .. }) => offset,
        other => panic!("{text}: expected an error, got {other:?}"),
    }
}

fn ada() -> Value {
    json!({"firstname": "Ada", "lastname": "Lovelace", "email": "ada@acme.com", "username": "ada",
           "title": "Admin Lead", "member_of": ["Eng", "Wrike-Users"],
           "custom_fields": {"cost_center": "CC7", "level": 3},
           "parameters": {"department": "R&D"}})
}

#[test]
fn macros_join_text_and_fields() {
    let out = eval("{firstname}.{lastname}@example.com", &ada());
    assert_eq!(out.value, json!("Ada.Lovelace@example.com"));
    assert!(out.flows);
    assert_eq!(eval("{email_name_part}", &ada()).value, json!("ada"));
    assert_eq!(eval("{email_domain_part}", &ada()).value, json!("acme.com"));
    assert_eq!(
        eval("{firstinitial}{lastname}", &ada()).value,
        json!("ALovelace")
    );
    assert_eq!(eval("{name}", &ada()).value, json!("Ada Lovelace"));
    assert_eq!(
        eval("{user.custom_fields.cost_center}", &ada()).value,
        json!("CC7")
    );
    assert_eq!(eval("{cost_center}", &ada()).value, json!("CC7"));
    assert_eq!(eval("{member_of}", &ada()).value, json!("Eng;Wrike-Users"));
    let none = eval("{department}", &ada());
    assert_eq!(none.value, Value::Null);
    assert!(!none.flows);
    assert!(!eval("{strongpwd}", &ada()).flows);
}

#[test]
fn macro_errors_have_offsets() {
    assert_eq!(err_at("{firstname"), 0);
    assert_eq!(err_at("a}b"), 1);
    assert_eq!(err_at("x{first name}"), 7);
    assert_eq!(err_at("{a.b}"), 0);
    assert_eq!(err_at("{{a}}"), 1);
    assert_eq!(err_at("ab{}"), 3);
}

#[test]
fn macro_round_trips() {
    for t in [
        "{firstname}.{lastname}",
        "",
        "plain",
        "{user.custom_fields.x}-{y}",
    ] {
        let n = parse(t).unwrap();
        assert_eq!(print(&n), t);
    }
}

#[test]
fn template_substitutes_and_drops() {
    let t = r#"{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
      "userName": "{$parameters.scimusername}",
      "name": {"givenName": "{$user.firstname}", "familyName": "{$user.lastname}", "formatted": "{$user.display_name}"},
      "title": "{$user.title}", "level": "{$user.custom_fields.level}",
      "department": "{$parameters.department}", "phone": "{$user.phone}",
      "manager": {"value": "{$parameters.external_manager_id}", "displayName": "{$user.manager_firstname} {$user.manager_lastname}"},
      "label": "L{$user.custom_fields.level}", "active": true}"#;
    let out = eval(t, &ada());
    assert!(out.flows, "{:?}", out.issues);
    assert_eq!(
        out.value,
        json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "ada",
               "name": {"givenName": "Ada", "familyName": "Lovelace", "formatted": "Ada Lovelace"},
               "title": "Admin Lead", "level": 3, "department": "R&D", "label": "L3", "active": true})
    );
}

#[test]
fn template_failure_is_an_issue() {
    let out = eval(
        r#"{"x": "a{$user.custom_fields.o}"}"#,
        &json!({"custom_fields": {"o": {"k": 1}}}),
    );
    assert!(!out.flows);
    assert_eq!(out.value, Value::Null);
    assert_eq!(out.issues.len(), 1);
    assert_eq!(out.issues[0].code, crate::Code::ExpressionFailed);
    assert!(
        out.issues[0].message.contains("at byte 8"),
        "{}",
        out.issues[0].message
    );
}

#[test]
fn template_errors_and_canonical() {
    assert_eq!(err_at(r#"{"a": "{user.x}"}"#), 8);
    assert_eq!(err_at(r#"{"a": "{$foo.x}"}"#), 7);
    assert_eq!(err_at(r#"{"a": "{$user.x"}"#), 7);
    assert_eq!(err_at(r#"{"a": 1,}"#), 8);
    assert_eq!(err_at(r#"{"a": 1, "a": 2}"#), 9);
    let n = parse("{ \"a\" :\"x{$user.y}\\u007b\" ,\"b\":[1,2]}").unwrap();
    let c = print(&n);
    assert_eq!(c, r#"{"a": "x{$user.y}\u007b", "b": [1, 2]}"#);
    assert_eq!(print(&parse(&c).unwrap()), c);
}

#[test]
fn rules_match_and_set() {
    let r = r#"{"name": "admins", "match": "all", "conditions": [{"source": "title", "operator": "contains", "value": "admin"}],
               "actions": [{"action": "set_usertype", "value": ["Collaborator"]}, {"action": "set_nick", "value": "{firstname}-{user.custom_fields.cost_center}"}]}"#;
    let out = eval(r, &ada());
    assert!(out.flows);
    assert_eq!(
        out.value,
        json!({"usertype": "Collaborator", "nick": "Ada-CC7"})
    );
    let miss = eval(r, &json!({"title": "Engineer"}));
    assert!(!miss.flows);
    assert_eq!(miss.value, Value::Null);
    let canon = print(&parse(r).unwrap());
    assert_eq!(
        canon,
        r#"{"name": "admins", "match": "all", "conditions": [{"source": "title", "operator": "~", "value": "admin"}], "actions": [{"action": "set_usertype", "value": ["Collaborator"]}, {"action": "set_nick", "value": ["{firstname}-{user.custom_fields.cost_center}"]}]}"#
    );
    assert_eq!(print(&parse(&canon).unwrap()), canon);
    let any = r#"{"match": "any", "conditions": [{"source": "member_of", "operator": "=", "value": "wrike-users"}, {"source": "custom_attribute_cost_center", "operator": "bw", "value": "XX"}], "actions": [{"action": "set_type", "value": ["Regular"]}]}"#;
    assert_eq!(eval(any, &ada()).value, json!({"type": "Regular"}));
    assert_eq!(err_at(r#"{"conditions": [], "actions": [], "x": 1}"#), 34);
    assert_eq!(
        err_at(
            r#"{"conditions": [{"source": "a", "operator": "like", "value": "b"}], "actions": []}"#
        ),
        44
    );
    assert_eq!(
        err_at(r#"{"conditions": [], "actions": [{"action": "add_role", "value": ["1"]}]}"#),
        42
    );
}

#[test]
fn depth_is_limited() {
    let deep = format!("{{\"a\": {}1{}}}", "[".repeat(100), "]".repeat(100));
    let e = err_at(&deep);
    assert!(e > 6);
}

#[test]
fn random_text_never_panics() {
    let alphabet: Vec<char> = "{}$\"\\:,[]. abu_01nt\u{e9}\u{1F600}".chars().collect();
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    for _ in 0..20_000 {
        let mut s = String::new();
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let len = usize::try_from(state % 24).unwrap();
        for _ in 0..len {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            s.push(alphabet[usize::try_from(state % 64).unwrap() % alphabet.len()]);
        }
        if let Ok(n) = parse(&s) {
            let c = print(&n);
            let again = parse(&c).unwrap_or_else(|e| panic!("{s:?} -> {c:?}: {e}"));
            assert_eq!(print(&again), c, "{s:?}");
            let _ = evaluate(&n, &ada(), &Env::fixed(0, 1));
        }
    }
}
