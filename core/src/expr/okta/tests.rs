//! Unit tests of the Okta language.

use serde_json::{json, Value};

use super::{evaluate, parse, print};
use crate::expr::Env;
use crate::Error;

const NOW: i64 = 1_438_363_117_979; // 2015-07-31T17:18:37.979Z

fn run(text: &str, source: &Value) -> (Value, bool, usize) {
    let node = parse(text).unwrap_or_else(|e| panic!("{text}: {e:?}"));
    let out = evaluate(&node, source, &Env::fixed(NOW, 1));
    (out.value, out.flows, out.issues.len())
}

fn value(text: &str) -> Value {
    let user = json!({"user": {"firstName": "Winston", "lastName": "Churchill",
        "email": "winston.churchill@gmail.com", "arrayAttribute": [10, 20, 30]}});
    let (v, _, issues) = run(text, &user);
    assert_eq!(issues, 0, "{text}");
    v
}

fn error_at(text: &str) -> usize {
    match parse(text) {
        Err(Error::InvalidExpression { offset, .. }) => offset,
        other => panic!("{text}: expected an error, got {other:?}"),
    }
}

#[test]
fn documented_examples() {
    assert_eq!(
        value("String.append(\"This is\", \" a test\")"),
        json!("This is a test")
    );
    assert_eq!(
        value("String.join(\",\", \"This\", \"is\", \"a\", \"test\")"),
        json!("This,is,a,test")
    );
    assert_eq!(
        value("String.replace(\"This is a test\", \"is\", \"at\")"),
        json!("That at a test")
    );
    assert_eq!(
        value("String.replaceFirst(\"This is a test\", \"is\", \"at\")"),
        json!("That is a test")
    );
    assert_eq!(
        value("substring(user.firstName, 0, 1) + substring(user.lastName, 0, 6)"),
        json!("WChurch")
    );
    assert_eq!(
        value("\"XDOMAIN\\\" + toLowerCase(substring( user.firstName, 0, 1)) + toLowerCase(user.lastName)"),
        json!("XDOMAIN\\wchurchill")
    );
    assert_eq!(
        value("Arrays.remove(user.arrayAttribute, 20)"),
        json!([10, 30])
    );
    assert_eq!(
        value("Arrays.toCsvString({\"This\", \"is\", \" a \", \"test\"})"),
        json!("This,is, a ,test")
    );
    assert_eq!(value("Convert.toInt(123.4)"), json!(123));
    assert_eq!(value("Iso3166Convert.toNumeric(\"USA\")"), json!("840"));
    assert_eq!(value("Time.now()"), json!("2015-07-31T17:18:37.979Z"));
}

#[test]
fn null_does_not_flow_and_failures_are_issues() {
    let (v, flows, issues) = run("user.missing", &json!({"user": {}}));
    assert_eq!((v, flows, issues), (Value::Null, false, 0));
    let (v, flows, issues) = run("Convert.toInt(\"12x\")", &json!({}));
    assert_eq!((v, flows, issues), (Value::Null, false, 1));
    let node = parse("1 + Convert.toInt('x')").unwrap();
    let out = evaluate(&node, &json!({}), &Env::fixed(0, 0));
    assert!(
        out.issues[0].message.starts_with("at byte 4:"),
        "{}",
        out.issues[0].message
    );
    assert_eq!(out.issues[0].code, crate::Code::ExpressionFailed);
}

#[test]
fn errors_have_offsets() {
    assert_eq!(error_at("String.len(\"a\", \"b\")"), 0);
    assert_eq!(error_at("1 + String.nope(1)"), 4);
    assert_eq!(error_at("'abc"), 0);
    assert_eq!(error_at("user.a == 1 == 2"), 12);
    assert_eq!(error_at("(1 + 2"), 6);
    assert_eq!(error_at("user.a = 1"), 7);
    assert_eq!(error_at("1 +"), 3);
}

#[test]
fn canonical_text_round_trips() {
    for (text, canonical) in [
        ("user.a&&user.b||!user.c", "user.a AND user.b OR !user.c"),
        (
            "(user.a or user.b) and user.c",
            "(user.a OR user.b) AND user.c",
        ),
        ("'It''s'", "\"It's\""),
        ("\"say \"\"hi\"\"\"", "\"say \"\"hi\"\"\""),
        ("user.x?:user.y?:'z'", "user.x ?: user.y ?: \"z\""),
        ("(user.a ? 1 : 2) ? 3 : 4", "(user.a ? 1 : 2) ? 3 : 4"),
        ("{ 'a','b' }[1]", "{\"a\", \"b\"}[1]"),
        (
            "(user.a + 'x').toUpperCase()",
            "(user.a + \"x\").toUpperCase()",
        ),
        ("1.50 + 2e3", "1.5 + 2000.0"),
        ("TRUE == Null", "true == null"),
    ] {
        let node = parse(text).unwrap();
        let printed = print(&node);
        assert_eq!(printed, canonical, "{text}");
        assert_eq!(print(&parse(&printed).unwrap()), printed, "{text}");
    }
}

#[test]
fn depth_is_limited() {
    let deep = format!("{}1{}", "(".repeat(200), ")".repeat(200));
    assert!(matches!(parse(&deep), Err(Error::InvalidExpression { .. })));
    let long = vec!["1"; 500].join(" + ");
    assert!(matches!(parse(&long), Err(Error::InvalidExpression { .. })));
    let nots = format!("{}true", "!".repeat(100_000));
    assert!(matches!(parse(&nots), Err(Error::InvalidExpression { .. })));
    let ok = vec!["1"; 60].join(" + ");
    assert_eq!(value(&ok), json!(60));
}

#[test]
fn random_input_never_panics() {
    const ALPHABET: &[&str] = &[
        "user",
        ".",
        "a",
        "(",
        ")",
        "{",
        "}",
        "[",
        "]",
        ",",
        "'",
        "\"",
        "?",
        ":",
        "?:",
        "!",
        "-",
        "+",
        "==",
        "<",
        ">=",
        "&&",
        "||",
        "AND",
        " ",
        "0",
        "1.5",
        "e9",
        "String.len",
        "Arrays.get",
        "Time.now",
        "Convert.toInt",
        "substring",
        "\\",
        "é",
        "null",
        "true",
        "=",
        "Time.fromStringToIso8601",
        "'yyyy'",
        "Iso3166Convert.toName",
    ];
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let source = json!({"user": {"a": "x", "b": [1, "2", null], "c": {"d": 1}}});
    for _ in 0..20_000 {
        let mut text = String::new();
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let len = state % 24;
        for _ in 0..len {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            text.push_str(ALPHABET[usize::try_from(state % ALPHABET.len() as u64).unwrap()]);
        }
        if let Ok(node) = parse(&text) {
            let printed = print(&node);
            let again =
                parse(&printed).unwrap_or_else(|e| panic!("{text:?} -> {printed:?}: {e:?}"));
            assert_eq!(print(&again), printed, "{text:?}");
            let _ = evaluate(&node, &source, &Env::fixed(NOW, 0));
        }
    }
}

#[test]
fn time_patterns() {
    assert_eq!(
        value("Time.now(\"UTC\", \"EEE, d MMM yyyy hh:mm a\")"),
        json!("Fri, 31 Jul 2015 05:18 PM")
    );
    assert_eq!(
        value("Time.fromStringToIso8601(\"31/07/2015 5:18 PM\", \"dd/MM/yyyy h:mm a\")"),
        json!("2015-07-31T17:18:00.000Z")
    );
    assert_eq!(
        value("Time.fromIso8601ToString(\"2015-07-31T17:18:37Z\", \"yyyyMMdd'T'HHmmss\")"),
        json!("20150731T171837")
    );
}

#[test]
fn failure_messages_do_not_repeat_source_values() {
    let secret = "not-a-date-secret";
    let source = json!({"user": {"hireDate": secret}});
    for text in [
        "Time.fromIso8601ToUnix(user.hireDate)",
        "Time.fromStringToIso8601(user.hireDate, \"yyyy-MM-dd\")",
        "Time.fromStringToIso8601(\"2020\", user.hireDate)",
    ] {
        let node = parse(text).unwrap_or_else(|e| panic!("{text}: {e:?}"));
        let out = evaluate(&node, &source, &Env::fixed(NOW, 1));
        for i in &out.issues {
            assert!(!i.message.contains(secret), "{text}: {}", i.message);
        }
    }
}
