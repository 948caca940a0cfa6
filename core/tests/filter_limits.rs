//! Filters and paths under hostile input: no recursion that grows with the input (tested on a
//! small stack), a hard depth ceiling, errors that never echo values, no oracle on attributes
//! that are never returned, and work linear in the input. Round trips: `filter_roundtrip.rs`.

use scimgate::filter::{parse_filter_with, parse_path_with, ParseOptions, DEPTH_CEILING};
use scimgate::{filter_resources, parse_filter, Error, Filter, Options, Validator};
use serde_json::{json, Value};

mod common;
use common::Rng;

/// Limits far above the defaults; the depth ceiling still applies.
fn raised() -> ParseOptions {
    ParseOptions {
        max_length: 10_000_000,
        max_depth: usize::MAX,
        lenient: false,
    }
}

/// Run `f` on a thread with a 256 KiB stack: a recursion that grows with the input would
/// overflow it (and abort the test process).
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("the small-stack thread panicked")
}

fn user() -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "ada@example.com",
        "password": "hunter2",
        "active": true,
        "emails": [{"value": "ada@example.com", "type": "work"}]
    })
}

#[test]
fn ten_megabyte_chains_need_no_deep_stack() {
    on_small_stack(|| {
        let v = Validator::new(Options::default()).unwrap();
        let u = user();
        // ~10 MB of `userName pr and a1 pr or ...`: and-chains inside one or-chain.
        let mut text = String::with_capacity(10_000_000);
        let mut i = 0usize;
        while text.len() < 9_999_900 {
            if i > 0 {
                text.push_str(if i % 1000 == 0 { " or " } else { " and " });
            }
            text.push_str(if i % 7 == 0 {
                "userName pr"
            } else {
                "active eq true"
            });
            i += 1;
        }
        let f = parse_filter_with(&text, &raised()).unwrap();
        let Filter::Or(groups) = &f else {
            panic!("expected an or of ands")
        };
        assert_eq!(groups.len(), i.div_ceil(1000));
        assert!(matches!(&groups[0], Filter::And(items) if items.len() == 1000));
        assert_eq!(f.to_string(), text);
        assert!(f.matches(&u, &v).unwrap());
        assert!(!f.matches(&json!({"active": false}), &v).unwrap());
        assert_eq!(
            filter_resources(&f, std::slice::from_ref(&u), &v)
                .unwrap()
                .len(),
            1
        );
        drop(f);

        // One flat and-chain of the same size, whose last term fails.
        let mut text = "active eq true and ".repeat(10_000_000 / 19 - 1);
        text.push_str("userName eq \"nobody\"");
        assert!(text.len() <= 10_000_000);
        let f = parse_filter_with(&text, &raised()).unwrap();
        assert!(matches!(&f, Filter::And(items) if items.len() == 10_000_000 / 19));
        assert_eq!(f.to_string(), text);
        assert!(!f.matches(&u, &v).unwrap());
        drop(f);

        // Parenthesized groups of the same kind flatten, however they are written.
        let left = format!("{}a pr{}", "(".repeat(60), " and b pr)".repeat(60));
        let right = format!("{}a pr{}", "(b pr and ".repeat(60), ")".repeat(60));
        for t in [left, right] {
            let f = parse_filter_with(&t, &raised()).unwrap();
            assert!(matches!(&f, Filter::And(items) if items.len() == 61), "{t}");
        }
    });
}

/// `not (` × levels around `a pr`.
fn nots(levels: usize) -> String {
    format!("{}a pr{}", "not (".repeat(levels), ")".repeat(levels))
}

/// `(… or b1 pr) and c1 pr`: each level an or inside an and, so the parentheses are needed and
/// the canonical text is the input itself.
fn alternating(levels: usize) -> String {
    let mut s = "a pr".to_string();
    for k in 0..levels {
        s = format!("({s} or b{k} pr) and c{k} pr");
    }
    s
}

/// `not (` × (levels − 1) around a value filter.
fn nots_around_value_path(levels: usize) -> String {
    format!(
        "{}emails[type eq \"work\" or not (value pr)]{}",
        "not (".repeat(levels - 2),
        ")".repeat(levels - 2)
    )
}

#[test]
fn maximal_nesting_fits_a_small_stack_whatever_max_depth_says() {
    assert_eq!(DEPTH_CEILING, 64);
    on_small_stack(|| {
        let v = Validator::new(Options::default()).unwrap();
        let u = user();
        for (make, matches_user) in [
            (nots as fn(usize) -> String, false),
            (alternating, false),
            (nots_around_value_path, true),
        ] {
            let text = make(DEPTH_CEILING);
            let f = parse_filter_with(&text, &raised()).unwrap();
            assert_eq!(f.to_string(), text);
            assert_eq!(f.matches(&u, &v).unwrap(), matches_user, "{text}");
            let again = parse_filter_with(&f.to_string(), &raised()).unwrap();
            assert_eq!(again, f);
            drop((f, again));
            // One level more is refused, whatever max_depth the caller passes.
            let deeper = make(DEPTH_CEILING + 1);
            for max_depth in [DEPTH_CEILING + 1, 1000, usize::MAX] {
                let opts = ParseOptions {
                    max_depth,
                    ..raised()
                };
                match parse_filter_with(&deeper, &opts) {
                    Err(Error::InvalidFilter { message, .. }) => {
                        assert!(message.contains("nested deeper than 64"), "{message}");
                    }
                    other => panic!("{max_depth}: {other:?}"),
                }
            }
        }
        // Hostile nesting far beyond the ceiling stops at the ceiling.
        let hostile = format!("{}a pr{}", "(".repeat(1_000_000), ")".repeat(1_000_000));
        assert!(parse_filter_with(&hostile, &raised()).is_err());
        // Paths: the value filter counts one level.
        let path = format!("emails[{}type pr{}]", "(".repeat(63), ")".repeat(63));
        assert!(parse_path_with(&path, &raised()).is_ok());
        let path = format!("emails[{}type pr{}]", "(".repeat(64), ")".repeat(64));
        assert!(parse_path_with(&path, &raised()).is_err());
    });
}

/// The error message of a failed parse, for filters and paths.
fn message(e: Error) -> String {
    match e {
        Error::InvalidFilter { message, .. } | Error::InvalidPath { message, .. } => message,
        other => panic!("{other:?}"),
    }
}

#[test]
fn errors_name_the_token_kind_never_the_text() {
    for (text, offset, found) in [
        ("password eq \"hunter2", 20, "found the end"),
        ("userName eq hunter2", 12, "found a word"),
        ("userName eq 'hunter2'", 12, "found '\\''"),
        ("userName eq \"x\" hunter2 pr", 16, "found a word"),
        ("userName eq \"x\" \"hunter2\"", 16, "found a string"),
        ("userName eq \"x\" 12345", 16, "found a number"),
        ("userName eq \"x\" AND", 19, "found the end"),
        ("userName eq \"x\" and(a pr)", 19, "found '('"),
        ("userName eq \"x\" XOR a pr", 16, "found a word"),
        ("userName eq \"x\" Or", 18, "found the end"),
        ("userName eq \"x\" ne \"y\"", 16, "found the keyword 'ne'"),
        ("userName eq \"x\"  )", 17, "found ')'"),
        ("a.\tb pr", 2, "found a space"),
        ("userName eq \"x\" \u{1}", 16, "found a control character"),
        ("userName eq \"x\" é", 16, "found a word"),
        ("userName eq \"x\" ✓", 16, "found a non-ASCII character"),
        (
            "userName eq \"a\\qhunter2\"",
            12,
            "found a string with an invalid escape",
        ),
        (
            "seats eq 123456789012345678901234",
            9,
            "found an integer beyond 64 bits",
        ),
        (
            "score eq 1.00000000000000000001",
            9,
            "found a number with more significant digits",
        ),
    ] {
        let e = parse_filter(text).unwrap_err();
        let Error::InvalidFilter { offset: o, .. } = &e else {
            panic!("{e:?}")
        };
        assert_eq!(*o, offset, "{text}");
        let m = message(e);
        assert!(m.contains(found), "{text}: {m}");
        for secret in ["hunter", "12345", "00000001"] {
            assert!(!m.contains(secret), "{text}: {m}");
        }
    }
    for (text, offset, found) in [
        ("emails[value eq hunter2]", 16, "found a word"),
        ("emails[value eq \"hunter2\"]hunter2", 26, "found a word"),
        ("emails[value eq \"hunter2\"", 25, "found the end"),
        ("emails.hunter2.x", 14, "found '.'"),
    ] {
        let e = scimgate::parse_path(text).unwrap_err();
        let Error::InvalidPath { offset: o, .. } = &e else {
            panic!("{e:?}")
        };
        assert_eq!(*o, offset, "{text}");
        let m = message(e);
        assert!(m.contains(found), "{text}: {m}");
        assert!(!m.contains("hunter"), "{text}: {m}");
    }
}

#[test]
fn random_errors_never_echo_values() {
    let secret = "Zq9sEcReT";
    let pieces: &[&str] = &[
        "userName",
        " eq ",
        " and ",
        " or ",
        "not",
        "(",
        ")",
        "[",
        "]",
        " pr",
        ".value",
        "emails",
        "\"Zq9sEcReT\"",
        "\"Zq9sEcReT",
        "Zq9sEcReT",
        "-Zq9sEcReT",
        "\\Zq9sEcReT",
        "1Zq9sEcReT",
        "'Zq9sEcReT'",
        " ",
        "\t",
        "\"",
        "urn:ietf:params:scim:schemas:core:2.0:User:",
        "$Zq9",
        "9876543210987654321098",
        "1e999",
        "0.98765432109876543210",
        ":",
        ".",
    ];
    let mut rng = Rng(0x5eed_0f5e_c2e7);
    let mut errors = 0;
    for _ in 0..20_000 {
        let n = 1 + rng.below(8);
        let text: String = (0..n).map(|_| pieces[rng.below(pieces.len())]).collect();
        for result in [parse_filter(&text).err(), scimgate::parse_path(&text).err()]
            .into_iter()
            .flatten()
        {
            errors += 1;
            let m = result.to_string();
            for leak in [secret, "Zq9", "sEcReT", "98765", "87654"] {
                assert!(!m.contains(leak), "{text:?}: {m}");
            }
        }
    }
    assert!(errors > 10_000);
}

#[test]
fn evaluation_errors_never_contain_the_compared_value() {
    let v = Validator::new(Options::default()).unwrap();
    let mut u = user();
    u["x509Certificates"] = json!([{"value": "TWFu"}]);
    u["meta"] = json!({"created": "2024-01-01T00:00:00Z"});
    u["emails"][0]["primary"] = json!(true);
    for text in [
        "active gt \"Zq9sEcReT\"",
        "active lt true",
        "x509Certificates.value ge \"Zq9sEcReT\"",
        "x509Certificates gt \"Zq9sEcReT\"",
        "emails[value eq \"ada@example.com\" and primary le true]",
        "userName[value eq \"Zq9sEcReT\"]",
        "userName co null",
    ] {
        let e = parse_filter(text).unwrap().matches(&u, &v).unwrap_err();
        assert_eq!(e.code(), "invalid_filter", "{text}");
        let m = e.to_string();
        assert!(!m.contains("Zq9") && !m.contains("true"), "{text}: {m}");
    }
}

#[test]
fn never_returned_attributes_cannot_be_filtered_on() {
    let v = Validator::new(Options::default()).unwrap();
    let with = user();
    let mut without = user();
    without.as_object_mut().unwrap().remove("password");
    for (text, offset) in [
        ("password eq \"hunter2\"", 0),
        ("password eq \"wrong\"", 0),
        ("password pr", 0),
        ("password sw \"h\"", 0),
        ("PASSWORD gt \"a\"", 0),
        ("userName pr and not (password ew \"2\")", 21),
        ("emails[type eq \"work\"] or password.value pr", 26),
        ("password[value pr]", 0),
        (
            "urn:ietf:params:scim:schemas:core:2.0:User:password co \"unt\"",
            0,
        ),
        (
            "urn:ietf:params:scim:schemas:core:2.0:user:Password ne null",
            0,
        ),
    ] {
        // With schemas, parsing refuses it at the attribute path.
        match v.parse_filter(text) {
            Err(Error::InvalidFilter {
                offset: o, message, ..
            }) => {
                assert_eq!(o, offset, "{text}");
                assert!(
                    message.contains("password is never returned")
                        && message.contains("cannot be filtered on"),
                    "{message}"
                );
                assert!(!message.contains("hunter") && !message.contains("unt\""));
            }
            other => panic!("{text}: {other:?}"),
        }
        // Parsed without schemas, evaluation refuses it whatever the resource holds.
        let f = parse_filter(text).unwrap();
        for r in [&with, &without, &json!({}), &json!(42)] {
            let e = f.matches(r, &v).unwrap_err();
            assert_eq!(e.code(), "invalid_filter", "{text}");
            assert!(e.to_string().contains("never returned"));
        }
        let e = filter_resources(&f, &[with.clone(), without.clone()], &v).unwrap_err();
        assert_eq!(e.code(), "invalid_filter");
        assert!(filter_resources(&f, &[], &v).is_err());
    }
    // Other attributes, and names that only look alike, are fine.
    for text in [
        "userName pr",
        "emails[password eq \"x\"]",
        "passwords pr",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:password pr",
    ] {
        let f = v.parse_filter(text).unwrap();
        assert!(f.matches(&with, &v).is_ok(), "{text}");
    }
    // Any attribute a loaded schema never returns, including the `value` a complex attribute
    // compares by when no sub-attribute is named.
    let urn = "urn:ietf:params:scim:schemas:extension:vault:2.0:User";
    let attr = |name: &str, kind: &str, returned: &str, subs: Value| {
        let mut a = json!({"name": name, "type": kind, "multiValued": kind == "complex",
                           "required": false, "caseExact": false, "mutability": "readWrite",
                           "returned": returned, "uniqueness": "none"});
        if kind == "complex" {
            a["subAttributes"] = subs;
        }
        a
    };
    let schema = json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"], "id": urn, "name": "Vault",
        "attributes": [
            attr("pin", "string", "never", json!([])),
            attr("keys", "complex", "default", json!([
                attr("value", "string", "never", json!([])),
                attr("kind", "string", "default", json!([])),
            ])),
        ]
    });
    let vault = Validator::new(
        scimgate::Options::from_value(serde_json::json!({"schemas": [schema]})).unwrap(),
    )
    .unwrap();
    let holder = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", urn],
                        urn: {"pin": "1234", "keys": [{"value": "k1", "kind": "ssh"}]}});
    for (text, offset, name) in [
        (format!("{urn}:pin eq \"1234\""), 0, "pin"),
        (format!("{urn}:PIN pr"), 0, "pin"),
        (format!("{urn}:keys eq \"k1\""), 0, "keys.value"),
        (format!("{urn}:keys.Value sw \"k\""), 0, "keys.value"),
        (
            format!("{urn}:keys[kind eq \"ssh\" and value eq \"k1\"]"),
            urn.len() + 24,
            "keys.value",
        ),
        (
            format!("{urn}:keys[not (value pr)]"),
            urn.len() + 11,
            "keys.value",
        ),
    ] {
        match vault.parse_filter(&text) {
            Err(Error::InvalidFilter {
                offset: o, message, ..
            }) => {
                assert_eq!(o, offset, "{text}");
                assert!(
                    message.starts_with(&format!("{name} is never returned")),
                    "{message}"
                );
            }
            other => panic!("{text}: {other:?}"),
        }
        let f = parse_filter(&text).unwrap();
        assert!(f.matches(&holder, &vault).is_err(), "{text}");
    }
    let f = vault
        .parse_filter(&format!("{urn}:keys[kind eq \"ssh\"]"))
        .unwrap();
    assert!(f.matches(&holder, &vault).unwrap());
    // A Group has no password attribute, but the User schema loaded beside it says password is
    // never returned: a Group validator refuses it too, so it cannot probe a User's password.
    // An attribute no loaded schema defines stays filterable.
    let g = Validator::new(
        scimgate::Options::from_value(serde_json::json!({"resourceType": "Group"})).unwrap(),
    )
    .unwrap();
    assert!(g.parse_filter("password pr").is_err());
    assert!(g
        .parse_filter("urn:ietf:params:scim:schemas:core:2.0:User:password pr")
        .is_err());
    assert!(g.parse_filter("nickName pr").is_ok());
    assert!(g.parse_filter("undefinedThing pr").is_ok());
    // A PATCH path may target password; its value filter may not name it.
    assert!(v.parse_path("password").is_ok());
    assert!(v.parse_path("emails[type eq \"work\"].value").is_ok());
}

/// Parsing, printing and evaluating grow linearly with the text: 8 times the input takes about 8
/// times as long (a quadratic step would take 64 times). Best of three runs, as a ratio.
#[test]
fn work_grows_linearly_with_the_filter() {
    let v = Validator::new(Options::default()).unwrap();
    let u = user();
    let text = |n: usize| {
        (0..n)
            .map(|i| match i % 4 {
                0 => "(userName pr or emails[type eq \"work\"])".to_string(),
                1 => format!("not (a{i} eq {i}.5)"),
                2 => "urn:ietf:params:scim:schemas:core:2.0:User:active eq true".to_string(),
                _ => "(b pr and (c pr and d pr))".to_string(),
            })
            .collect::<Vec<_>>()
            .join(" and ")
    };
    common::assert_grows_linearly(
        "parsing, printing and evaluating a filter",
        5_000,
        8,
        &|n| {
            let t = text(n);
            let f = parse_filter_with(&t, &raised()).unwrap();
            // The canonical text drops the parentheses of the flattened and-groups.
            let groups = t.matches("(b pr and (c pr and d pr))").count();
            assert_eq!(f.to_string().len(), t.len() - 4 * groups);
            assert!(!f.matches(&u, &v).unwrap());
        },
    );
}
