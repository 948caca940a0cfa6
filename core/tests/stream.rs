//! `check` of JSON text has two paths — the token stream and the parsed document — which must
//! give the same result for every input: the same report (issues, codes, locations, severities,
//! messages, order) or the same error. Run over every resource the shared vectors hand to
//! `check`/`normalize`/`plan`/the view (each with its own options and with a set of others), and
//! over random mutations of them, in the tree and in the bytes.

mod common;

use common::Rng;
use scimgate::{Options, Validator};
use serde_json::{json, Value};

fn vector_cases() -> Vec<(Vec<u8>, Value)> {
    let mut out = Vec::new();
    let mut dirs = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/vectors"
    ))];
    while let Some(dir) = dirs.pop() {
        let mut entries: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let doc: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            for case in doc["cases"].as_array().into_iter().flatten() {
                let options = case.get("options").cloned().unwrap_or(json!({}));
                let function = case["function"].as_str().unwrap_or("");
                if let Some(text) = case.get("inputText").and_then(Value::as_str) {
                    if function == "check" || function == "normalize" {
                        out.push((text.as_bytes().to_vec(), options.clone()));
                    }
                }
                let input = case.get("input");
                let resources: Vec<&Value> = match function {
                    "check" | "normalize" => input.into_iter().collect(),
                    "wrikeView" | "plan" | "applyPatch" => ["resource", "body", "current"]
                        .iter()
                        .filter_map(|k| input.and_then(|i| i.get(*k)))
                        .collect(),
                    _ => Vec::new(),
                };
                for r in resources {
                    out.push((serde_json::to_vec(r).unwrap(), options.clone()));
                }
            }
        }
    }
    out
}

/// Option sets every input is also checked under.
fn extra_options() -> Vec<Value> {
    vec![
        json!({}),
        json!({"profile": "wrike", "approvedDomains": ["contoso.com", "example.com"]}),
        json!({"mode": "lenient"}),
        json!({"dialect": "entra"}),
        json!({"dialect": "onelogin", "profile": "wrike"}),
        json!({"operation": "response"}),
        json!({"resourceType": "Group"}),
        json!({"maxDepth": 2}),
        json!({"maxBytes": 300}),
        json!({"userTypes": ["Regular", "External"], "customFields": [{"id": "IEAGWMBBJUAK4G7J", "title": "Completed Induction", "type": "Checkbox"}]}),
    ]
}

fn validator(options: &Value) -> Option<Validator> {
    let o = Options::from_json(&serde_json::to_vec(options).unwrap()).ok()?;
    Validator::new(o).ok()
}

/// Both paths on `text`; whether the stream path gave the report.
fn same(v: &Validator, text: &[u8], what: &str) -> bool {
    let stream = v.check_json(text);
    let dom = v.check_json_dom(text);
    assert_eq!(
        format!("{stream:?}"),
        format!("{dom:?}"),
        "{what}: {}",
        String::from_utf8_lossy(text)
    );
    v.check_stream(text).is_some()
}

#[test]
fn both_paths_agree_on_every_vector_input_under_every_option_set() {
    let cases = vector_cases();
    assert!(cases.len() > 300, "{} inputs", cases.len());
    let extra: Vec<Validator> = extra_options().iter().filter_map(validator).collect();
    let (mut streamed, mut total) = (0, 0);
    for (text, options) in &cases {
        let own = validator(options);
        for v in own.iter().chain(&extra) {
            total += 1;
            streamed += usize::from(same(v, text, "vector"));
        }
    }
    // The stream path must carry a real share of them (most vectors exist to show a finding).
    assert!(streamed * 20 > total, "{streamed} of {total} streamed");
}

const TOKENS: &[&str] = &[
    "\"",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "null",
    "\"\"",
    "\"\\ud800\"",
    "1e400",
    "1.0",
    "18446744073709551616",
    "-9223372036854775809",
    "true",
    "\"True\"",
    " ",
    "\n",
    "0",
    "\"emails\"",
    "\"userName\"",
    "\"primary\":true",
    "\"value\"",
    "\"a@b\"",
    "\"\\u0041\"",
    "\"schemas\"",
    "\"urn:ietf:params:scim:schemas:extension:wrike:2.0:User\"",
    "\"Regular\"",
];

/// A random JSON value, small.
fn random_value(rng: &mut Rng, depth: usize) -> Value {
    match rng.below(if depth > 2 { 7 } else { 9 }) {
        0 => Value::Null,
        1 => Value::Bool(rng.below(2) == 0),
        2 => json!(rng.below(1000)),
        3 => json!(1.5),
        4 => json!(""),
        5 => json!(
            [
                "user@contoso.com",
                "x@evil.test",
                "not-an-email",
                "True",
                "work",
                "Regular",
                "https://x.example/a"
            ][rng.below(7)]
        ),
        6 => json!(
            [
                "A@contoso.com",
                "Viewer",
                "2024-01-31T09:30:00Z",
                "aGk=",
                "external"
            ][rng.below(5)]
        ),
        7 => Value::Array(
            (0..rng.below(3))
                .map(|_| random_value(rng, depth + 1))
                .collect(),
        ),
        _ => {
            let keys = [
                "value",
                "primary",
                "type",
                "display",
                "givenName",
                "Value",
                "x",
                "userType",
            ];
            let mut m = serde_json::Map::new();
            for _ in 0..rng.below(3) {
                m.insert(
                    keys[rng.below(keys.len())].into(),
                    random_value(rng, depth + 1),
                );
            }
            Value::Object(m)
        }
    }
}

/// Change one node of `v`: replace it, drop a key, respell a key, repeat an element.
fn mutate(rng: &mut Rng, v: &mut Value, depth: usize) {
    let descend = rng.below(3) != 0;
    match v {
        Value::Object(m) if !m.is_empty() => {
            let i = rng.below(m.len());
            if descend {
                let key = m.keys().nth(i).unwrap().clone();
                mutate(rng, m.get_mut(&key).unwrap(), depth + 1);
                return;
            }
            let key = m.keys().nth(i).unwrap().clone();
            match rng.below(4) {
                0 => {
                    m.shift_remove(&key);
                }
                1 => {
                    let val = m.shift_remove(&key).unwrap();
                    m.insert(key.to_uppercase(), val);
                }
                2 => {
                    let prefix = if rng.below(2) == 0 {
                        "urn:ietf:params:scim:schemas:core:2.0:User:"
                    } else {
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:"
                    };
                    let val = m.shift_remove(&key).unwrap();
                    m.insert(format!("{prefix}{key}"), val);
                }
                _ => {
                    *m.get_mut(&key).unwrap() = random_value(rng, depth);
                }
            }
        }
        Value::Array(items) if !items.is_empty() => {
            let i = rng.below(items.len());
            match rng.below(3) {
                0 => mutate(rng, &mut items[i], depth + 1),
                1 => {
                    let copy = items[i].clone();
                    items.push(copy);
                }
                _ => items[i] = random_value(rng, depth),
            }
        }
        _ => *v = random_value(rng, depth),
    }
}

fn mutate_bytes(rng: &mut Rng, text: &mut Vec<u8>) {
    if text.is_empty() {
        text.extend_from_slice(TOKENS[rng.below(TOKENS.len())].as_bytes());
        return;
    }
    let at = rng.below(text.len());
    match rng.below(3) {
        0 => {
            let end = (at + 1 + rng.below(8)).min(text.len());
            text.drain(at..end);
        }
        1 => {
            let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
            text.splice(at..at, token.iter().copied());
        }
        _ => text[at] = rng.byte(),
    }
}

#[test]
fn both_paths_agree_on_random_mutations() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let cases = vector_cases();
    let extra: Vec<Validator> = extra_options().iter().filter_map(validator).collect();
    let bench_user = json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
        "externalId": "8aa1a0c0", "userName": "user1@contoso.com", "active": true,
        "displayName": "User 1", "title": "Engineer",
        "name": {"givenName": "Given1", "familyName": "Family1", "formatted": "Given1 Family1"},
        "emails": [{"primary": true, "type": "work", "value": "user1@contoso.com"},
                   {"type": "home", "value": "u1@example.com"}],
        "phoneNumbers": [{"primary": true, "type": "work", "value": "+1 425 555 0001"}],
        "addresses": [{"type": "work", "primary": true, "locality": "Redmond", "country": "US"}],
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":
            {"department": "Sales", "employeeNumber": "1", "manager": {"value": "0001"}}
    });
    let wrike = json!({"profile": "wrike", "approvedDomains": ["contoso.com"]});
    let mut wrike_user = bench_user.clone();
    wrike_user["schemas"].as_array_mut().unwrap().push(json!(
        "urn:ietf:params:scim:schemas:extension:wrike:2.0:User"
    ));
    wrike_user["urn:ietf:params:scim:schemas:extension:wrike:2.0:User"] =
        json!({"userType": "Collaborator"});
    let (mut streamed, mut total) = (0, 0);
    for round in 0..4000 {
        let (base, options) = if round % 4 == 0 {
            (bench_user.clone(), json!({}))
        } else if round % 4 == 1 {
            (wrike_user.clone(), wrike.clone())
        } else {
            let (t, o) = &cases[rng.below(cases.len())];
            match serde_json::from_slice::<Value>(t) {
                Ok(v) => (v, o.clone()),
                Err(_) => (Value::String(String::from_utf8_lossy(t).into()), o.clone()),
            }
        };
        let mut doc = base;
        for _ in 0..rng.below(3) {
            mutate(&mut rng, &mut doc, 0);
        }
        let mut text = serde_json::to_vec(&doc).unwrap();
        if rng.below(4) == 0 {
            mutate_bytes(&mut rng, &mut text);
        }
        let own = validator(&options);
        let v = if rng.below(2) == 0 {
            own.as_ref().unwrap_or(&extra[0])
        } else {
            &extra[rng.below(extra.len())]
        };
        total += 1;
        streamed += usize::from(same(v, &text, &format!("round {round}")));
    }
    assert!(streamed * 10 > total, "{streamed} of {total} streamed");
}

#[test]
fn the_bench_corpus_shape_takes_the_stream_path() {
    let user = br#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],"userName":"user1@contoso.com","active":true,"name":{"givenName":"G","familyName":"F"},"emails":[{"primary":true,"type":"work","value":"user1@contoso.com"}],"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Sales","manager":{"value":"01"}}}"#;
    for options in [
        json!({}),
        json!({"profile": "wrike", "approvedDomains": ["contoso.com"]}),
        json!({"dialect": "entra"}),
    ] {
        let v = validator(&options).unwrap();
        let report = v.check_stream(user).expect("streamed");
        assert_eq!(
            format!("{report:?}"),
            format!("{:?}", v.check_json_dom(user).unwrap())
        );
    }
    // The Wrike profile's findings on the whole resource come through the stream path too.
    let v = validator(&json!({"profile": "wrike", "approvedDomains": ["example.com"]})).unwrap();
    let report = v.check_stream(user).expect("streamed");
    let codes: Vec<&str> = report.issues.iter().map(|i| i.code.as_str()).collect();
    assert_eq!(codes, ["user_type_defaulted", "domain_not_approved"]);
}

/// Values that fold to the same lower case are one value to the duplicate rule on both paths,
/// whether or not they are ASCII (the Kelvin sign lower-cases to `k`, `İ` to `i̇`), and values that
/// differ are not: so the stream path never accepts what the DOM path reports.
#[test]
fn both_paths_fold_values_alike_for_duplicates() {
    let v = validator(&json!({})).unwrap();
    let pairs = [
        ("k@example.com", "\u{212a}@example.com"),
        ("K@example.com", "\u{212a}@example.com"),
        ("ab@example.com", "AB@EXAMPLE.COM"),
        ("a\u{130}@example.com", "a\u{69}\u{307}@example.com"),
        ("abcdefgh@example.com", "abcdefgh@example.co"),
        ("a@example.com", "a\u{0}@example.com"),
    ];
    for (a, b) in pairs {
        for kind in ["work", "WORK"] {
            let user = json!({
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                "userName": "u",
                "emails": [{"value": a, "type": "work"}, {"value": b, "type": kind}]
            });
            same(&v, &serde_json::to_vec(&user).unwrap(), "folded duplicates");
        }
    }
}
