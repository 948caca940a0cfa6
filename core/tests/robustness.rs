//! Hostile input: any bytes, any JSON value, any depth gives a report or an error — never a panic,
//! a stack overflow, or super-linear time. Deterministic pseudo-random inputs (seeded xorshift).

use scimgate::{check_json, normalize_json, Error, Options, Validator};
use serde_json::{json, Value};

mod common;
use common::Rng;

const SEED_DOCS: &[&str] = &[
    r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],"userName":"a@b.com","active":"True","name":{"givenName":"A"},"emails":[{"value":"a@b.com","primary":true,"type":"work"}],"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":{"value":"x"}},"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department":"D","meta":{"created":"2024-01-01T00:00:00Z"},"x509Certificates":[{"value":"TWFu"}]}"#,
    r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"G","members":[{"value":"1","$ref":"../Users/1","display":"x"}]}"#,
];

const ALPHABET: &[u8] = b"{}[]\":,0123456789.eE+-truefalsnl \\u00e9urn:schemas@";

#[test]
fn random_bytes_never_panic() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let strict = Validator::new(Options::default()).unwrap();
    let lenient = Validator::new(Options::from_json(br#"{"mode":"lenient"}"#).unwrap()).unwrap();
    for round in 0..4000 {
        let seed = SEED_DOCS[round % SEED_DOCS.len()].as_bytes();
        let mut doc = seed.to_vec();
        // Mutate: replace, insert or delete a few bytes.
        for _ in 0..=rng.below(6) {
            let at = rng.below(doc.len() + 1);
            match rng.below(4) {
                0 if at < doc.len() => doc[at] = ALPHABET[rng.below(ALPHABET.len())],
                1 => doc.insert(at, ALPHABET[rng.below(ALPHABET.len())]),
                2 if at < doc.len() => {
                    doc.remove(at);
                }
                _ => doc.insert(at, rng.byte()),
            }
        }
        for v in [&strict, &lenient] {
            if let Ok(report) = v.check_json(&doc) {
                let has_error = report
                    .issues
                    .iter()
                    .any(|i| i.severity == scimgate::Severity::Error);
                assert_eq!(report.valid, !has_error);
            }
            if let Ok(out) = v.normalize_json(&doc) {
                // Idempotent on whatever it accepted.
                let again = v.normalize(&out.resource).unwrap();
                assert_eq!(
                    again.resource,
                    out.resource,
                    "not idempotent for {}",
                    String::from_utf8_lossy(&doc)
                );
            }
        }
    }
}

#[test]
fn any_json_value_gets_a_report() {
    for v in [
        json!(null),
        json!(1),
        json!("x"),
        json!([1, 2]),
        json!(true),
        json!({}),
    ] {
        let report = scimgate::check(&v, &Options::default()).unwrap();
        assert!(!report.valid);
    }
    let report = scimgate::check(&json!([]), &Options::default()).unwrap();
    assert_eq!(report.issues[0].code, "not_an_object");
    assert!(matches!(
        scimgate::normalize(&json!([]), &Options::default()),
        Err(Error::NotAnObject { found: "array" })
    ));
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    for depth in [33usize, 200, 100_000] {
        let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let err = check_json(text.as_bytes(), &Options::default()).unwrap_err();
        assert_eq!(err.code(), "nesting_too_deep", "depth {depth}");
        let text = format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
        let err = normalize_json(text.as_bytes(), &Options::default()).unwrap_err();
        assert_eq!(err.code(), "nesting_too_deep", "depth {depth}");
    }
    // A Value built in Rust, deeper than the limit, is refused before any walk.
    let mut v = json!("leaf");
    for _ in 0..40 {
        v = json!({ "userName": v });
    }
    let err = scimgate::check(&v, &Options::default()).unwrap_err();
    assert_eq!(err.code(), "nesting_too_deep");
    // Exactly at the limit is fine.
    let text = format!("{}{}", "[".repeat(32), "]".repeat(32));
    assert!(check_json(text.as_bytes(), &Options::default()).is_ok());
}

#[test]
fn size_limit_and_bad_json_have_positions() {
    let opts = scimgate::Options::from_value(serde_json::json!({"maxBytes": 10})).unwrap();
    let err = check_json(br#"{"userName":"abcdef"}"#, &opts).unwrap_err();
    assert_eq!(
        err,
        Error::PayloadTooLarge {
            size: 21,
            limit: 10
        }
    );
    assert_eq!(err.status(), 413);
    match check_json(b"{\n  \"userName\": ,\n}", &Options::default()).unwrap_err() {
        Error::InvalidJson { line, column, .. } => assert_eq!((line, column), (2, 15)),
        other => panic!("{other:?}"),
    }
    let err = check_json(br#"{"userName":"a","userName":"b"}"#, &Options::default()).unwrap_err();
    assert_eq!(err.code(), "invalid_json");
    assert!(
        err.to_string().contains("duplicate key \"userName\""),
        "{err}"
    );
    for bad in [&b"\xff\xfe"[..], b"", b"{} {}", b"[1,]", b"{\"a\":NaN}"] {
        let err = check_json(bad, &Options::default()).unwrap_err();
        assert_eq!(
            err.code(),
            "invalid_json",
            "{}",
            String::from_utf8_lossy(bad)
        );
    }
}

#[test]
fn wide_input_is_linear() {
    // 20,000 unknown attributes and 2,000 emails: every one reported, in linear time.
    let mut map = serde_json::Map::new();
    map.insert(
        "schemas".into(),
        json!(["urn:ietf:params:scim:schemas:core:2.0:User"]),
    );
    map.insert("userName".into(), json!("a@b.com"));
    for i in 0..20_000 {
        map.insert(format!("x{i}"), json!(i));
    }
    let emails: Vec<Value> = (0..2_000)
        .map(|i| json!({"value": format!("u{i}@b.com")}))
        .collect();
    map.insert("emails".into(), Value::Array(emails));
    let opts = scimgate::Options::from_value(serde_json::json!({"mode": "lenient"})).unwrap();
    let report = scimgate::check(&Value::Object(map), &opts).unwrap();
    assert_eq!(report.issues.len(), 20_000);
    assert!(report.valid);
}

#[test]
fn passwords_are_never_echoed() {
    let secret = "S3cr3t-Pa55word!";
    let response = Options::from_json(br#"{"operation":"response"}"#).unwrap();
    let create = Options::default();
    let user = "urn:ietf:params:scim:schemas:core:2.0:User";
    for (body, opts) in [
        (
            json!({"schemas":[user],"id":"1","userName":"a","password":secret}),
            &response,
        ),
        (
            json!({"schemas":[user],"userName":"a","password":[secret]}),
            &create,
        ),
        (
            json!({"schemas":[user],"userName":"a","password":{"v":secret}}),
            &create,
        ),
    ] {
        let report = scimgate::check(&body, opts).unwrap();
        assert!(!report.valid);
        let text = serde_json::to_string(&report).unwrap();
        assert!(!text.contains(secret), "{text}");
        let err = report.to_scim_error().unwrap().to_string();
        assert!(!err.contains(secret), "{err}");
    }
}

#[test]
fn filter_and_path_parsers_never_panic() {
    let mut rng = Rng(0xdead_beef_cafe_f00d);
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
        "\"x\"",
        "\"\\u00e9\"",
        "\\",
        "\"",
        " pr",
        ".value",
        "emails",
        "urn:ietf:params:scim:schemas:core:2.0:User:",
        "1",
        "-2.5e3",
        "true",
        "null",
        " ",
        "é",
        "\u{0}",
        "$ref",
        ":",
        ".",
        " co ",
        " gt ",
    ];
    let lenient = scimgate::filter::ParseOptions {
        lenient: true,
        ..Default::default()
    };
    for _ in 0..20_000 {
        let n = 1 + rng.below(12);
        let text: String = (0..n).map(|_| pieces[rng.below(pieces.len())]).collect();
        for opts in [scimgate::filter::ParseOptions::default(), lenient] {
            if let Ok(f) = scimgate::filter::parse_filter_with(&text, &opts) {
                let again = scimgate::filter::parse_filter_with(&f.to_string(), &opts).unwrap();
                assert_eq!(again, f, "{text:?}");
            }
            if let Ok(p) = scimgate::filter::parse_path_with(&text, &opts) {
                let again = scimgate::filter::parse_path_with(&p.to_string(), &opts).unwrap();
                assert_eq!(again, p, "{text:?}");
            }
        }
    }
}

#[test]
fn lone_surrogates_are_invalid_unicode_not_invalid_json() {
    let user = |value: &str| {
        format!(
            r#"{{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{value}"}}"#
        )
    };
    // Escaped lone surrogates, as JSON.stringify and json.dumps write them, in values and keys.
    for text in [
        user(r"ada\ud800"),
        user(r"\udc00ada"),
        user(r"\ud800\u0041"),
        user(r"\ud800\n"),
        user(r"\udbff\udbff"),
        r#"{"k\ud83d":1}"#.to_string(),
    ] {
        // The error names the argument whose text holds the escape.
        for (result, argument) in [
            (
                check_json(text.as_bytes(), &Options::default()).map(|_| ()),
                "resource",
            ),
            (
                normalize_json(text.as_bytes(), &Options::default()).map(|_| ()),
                "resource",
            ),
            (
                scimgate::load_schemas_json(text.as_bytes()).map(|_| ()),
                "doc",
            ),
        ] {
            let err = result.unwrap_err();
            assert_eq!(
                err,
                Error::InvalidUnicode {
                    argument: argument.into()
                },
                "{text}"
            );
            assert_eq!(
                (err.code().as_str(), err.status()),
                ("invalid_unicode", 400)
            );
            assert_eq!(err.scim_type(), Some("invalidValue"));
            assert!(err.to_string().contains("lone surrogate"), "{err}");
            assert!(
                !err.to_string().contains("ada"),
                "the text is never echoed: {err}"
            );
        }
    }
    // A surrogate encoded in the bytes (Python's "surrogatepass", WTF-8) is one too.
    let mut bytes = user("ada").into_bytes();
    let at = bytes.len() - 3;
    bytes.splice(at..at, [0xED, 0xA0, 0x80]);
    assert_eq!(
        check_json(&bytes, &Options::default()).unwrap_err().code(),
        "invalid_unicode"
    );
    // Paired surrogates are a character; other invalid UTF-8 stays invalid JSON.
    let pair = user(r"\ud83d\ude00");
    assert!(
        check_json(pair.as_bytes(), &Options::default())
            .unwrap()
            .valid
    );
    for other in [
        user("ada\u{e9}").replace('\u{e9}', "\u{0}").into_bytes(),
        [
            &user("ada").as_bytes()[..70],
            &[0xFF, 0xFE],
            &user("ada").as_bytes()[70..],
        ]
        .concat(),
        [
            &user("ada").as_bytes()[..70],
            &[0xED, 0x9F],
            &user("ada").as_bytes()[70..],
        ]
        .concat(),
    ] {
        assert_eq!(
            check_json(&other, &Options::default()).unwrap_err().code(),
            "invalid_json"
        );
    }
    // Options text: the argument is "options".
    let err = Options::from_json(br#"{"resourceType":"\ud800"}"#).unwrap_err();
    assert_eq!(
        err,
        Error::InvalidUnicode {
            argument: "options".into()
        }
    );
    assert_eq!(
        Options::from_json(br#"{"resourceType":"\u00e9"#)
            .unwrap_err()
            .code(),
        "invalid_option"
    );
}

#[test]
fn max_bytes_ceiling_only_in_wasm_builds() {
    let big = scimgate::Options::from_value(
        serde_json::json!({"maxBytes": scimgate::options::WASM_MAX_BYTES_CEILING + 1}),
    )
    .unwrap();
    let at = scimgate::Options::from_value(
        serde_json::json!({"maxBytes": scimgate::options::WASM_MAX_BYTES_CEILING}),
    )
    .unwrap();
    assert!(at.validate().is_ok());
    // This test runs natively, where there is no ceiling; the npm tests cover the wasm build.
    assert_eq!(big.validate().is_err(), cfg!(target_arch = "wasm32"));
}
