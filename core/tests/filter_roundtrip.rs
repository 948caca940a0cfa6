//! Filters and paths print canonically and parse back exactly: number literals are kept
//! exactly or refused, and random ASTs and random client-written texts round-trip (text → AST →
//! text → the same AST and text) within the same length and depth limits, including at them.
#![allow(
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap,
    clippy::items_after_statements
)] // a test PRNG's draws; local helper fns beside their use

use scimgate::filter::{parse_filter_with, parse_path_with, ParseOptions};
use scimgate::{parse_filter, AttrPath, CompareOp, Error, Filter};
use serde_json::{json, Number, Value};

mod common;
use common::Rng;

// ---- numbers ---------------------------------------------------------------------------------

fn literal(text: &str) -> Result<Value, Error> {
    match parse_filter(&format!("a eq {text}"))? {
        Filter::Compare { value, .. } => Ok(value),
        other => panic!("{other:?}"),
    }
}

#[test]
fn number_literals_are_kept_exactly_or_refused() {
    for (text, canonical) in [
        ("0", "0"),
        ("-0", "-0.0"),
        ("-0.0", "-0.0"),
        ("0e-999999999999999999", "0.0"),
        ("9223372036854775807", "9223372036854775807"),
        ("9223372036854775808", "9223372036854775808"),
        ("18446744073709551615", "18446744073709551615"),
        ("-9223372036854775808", "-9223372036854775808"),
        ("1e3", "1000.0"),
        ("2.50", "2.5"),
        ("1E+16", "1e+16"),
        ("1.7976931348623157e308", "1.7976931348623157e+308"),
        ("2.2250738585072014e-308", "2.2250738585072014e-308"),
        ("5e-324", "5e-324"),
        ("0.1", "0.1"),
        ("0.30000000000000004", "0.30000000000000004"),
        ("123456789.12345679", "123456789.12345679"),
        ("9007199254740993", "9007199254740993"),
        ("100000000000000000000000000000e-29", "1.0"),
    ] {
        let v = literal(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(v.to_string(), canonical, "{text}");
        assert_eq!(literal(canonical).unwrap(), v, "{text}");
    }
    assert!(literal("-0").unwrap().as_f64().unwrap().is_sign_negative());
    for text in [
        "18446744073709551616",
        "-9223372036854775809",
        "99999999999999999999999999999999999999",
        "1e309",
        "-1e400",
        "1e-400",
        "2e-324",
        "0.10000000000000001",
        "123456789.123456789",
        "9007199254740993.0",
        "1.7976931348623159e308",
    ] {
        match literal(text) {
            Err(Error::InvalidFilter {
                offset, message, ..
            }) => {
                assert_eq!(offset, 5, "{text}");
                assert!(message.contains("refused rather than rounded"), "{message}");
            }
            other => panic!("{text}: {other:?}"),
        }
    }
}

#[test]
fn random_numbers_print_and_parse_back_exactly() {
    let mut rng = Rng(0x0123_4567_89ab_cdef);
    for _ in 0..50_000 {
        let value = match rng.below(3) {
            0 => {
                let x = f64::from_bits(rng.next());
                if !x.is_finite() {
                    continue;
                }
                Value::Number(Number::from_f64(x).unwrap())
            }
            1 => json!(rng.next() as i64),
            _ => json!(rng.next()),
        };
        let f = Filter::Compare {
            path: AttrPath::attr("score"),
            op: CompareOp::Eq,
            value: value.clone(),
        };
        let text = f.to_string();
        let back = parse_filter(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(back, f, "{text}");
        assert_eq!(back.to_string(), text);
        if let (Some(a), Filter::Compare { value: b, .. }) = (value.as_f64(), &back) {
            assert_eq!(a.to_bits(), b.as_f64().unwrap().to_bits(), "{text}");
        }
    }
}

// ---- canonical text within the limits ----------------------------------------------------------

#[test]
fn canonical_text_longer_than_the_limit_is_refused() {
    let opts = |max_length| ParseOptions {
        max_length,
        ..ParseOptions::default()
    };
    // `not(a pr)` is 9 bytes; its canonical `not (a pr)` is 10.
    match parse_filter_with("not(a pr)", &opts(9)) {
        Err(Error::InvalidFilter {
            offset, message, ..
        }) => {
            assert_eq!(offset, 0);
            assert!(message.contains("canonical form"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        parse_filter_with("not(a pr)", &opts(10))
            .unwrap()
            .to_string(),
        "not (a pr)"
    );
    // Numbers print in full: `a eq 1e15` (9) is `a eq 1000000000000000.0` (23).
    assert!(parse_filter_with("a eq 1e15", &opts(22)).is_err());
    assert!(parse_filter_with("a eq 1e15", &opts(23)).is_ok());
    // Paths too: `e[not(a pr)]` (12) is `e[not (a pr)]` (13).
    assert!(matches!(
        parse_path_with("e[not(a pr)]", &opts(12)),
        Err(Error::InvalidPath { offset: 0, .. })
    ));
    assert!(parse_path_with("e[not(a pr)]", &opts(13)).is_ok());
}

/// Nesting of a parsed AST as the parser counts it: `not`, value filters and the parentheses
/// around an `or` inside an `and`.
fn depth(f: &Filter) -> usize {
    match f {
        Filter::Compare { path, .. } | Filter::Present { path } => {
            path.filter.as_deref().map_or(0, |x| 1 + depth(x))
        }
        Filter::And(items) => items
            .iter()
            .map(|x| depth(x) + usize::from(matches!(x, Filter::Or(_))))
            .max()
            .unwrap_or(0),
        Filter::Or(items) => items.iter().map(depth).max().unwrap_or(0),
        Filter::Not(x) | Filter::ValuePath { filter: x, .. } => 1 + depth(x),
    }
}

/// A random AST in parsed shape: n-ary `And`/`Or` with operands of other kinds.
fn gen(r: &mut Rng, budget: u32, in_brackets: bool, parent: usize) -> Filter {
    let names = ["userName", "emails", "x-y_z", "a", "$ref"];
    let path = |r: &mut Rng| AttrPath {
        urn: (r.below(6) == 0)
            .then(|| "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User".to_string()),
        name: names[r.below(4)].to_string(),
        filter: None,
        sub: (r.below(3) == 0).then(|| names[r.below(5)].to_string()),
    };
    let values = [
        json!(""),
        json!("a\"b\\c\u{7f}\u{1f}é😀"),
        json!(0),
        json!(-7),
        json!(u64::MAX),
        json!(1e21),
        json!(-0.0),
        json!(2.5e-8),
        json!(true),
        json!(null),
    ];
    let mut pick = if budget == 0 { r.below(2) } else { r.below(7) };
    if pick == parent {
        pick = 1;
    }
    let kids = |r: &mut Rng, kind| {
        (0..2 + r.below(3))
            .map(|_| gen(r, budget - 1, in_brackets, kind))
            .collect()
    };
    match pick {
        0 => Filter::Compare {
            path: path(r),
            op: CompareOp::parse(
                ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"][r.below(9)],
            )
            .unwrap(),
            value: values[r.below(values.len())].clone(),
        },
        1 => Filter::Present { path: path(r) },
        2 => Filter::And(kids(r, 2)),
        3 => Filter::Or(kids(r, 3)),
        4 => Filter::Not(Box::new(gen(r, budget - 1, in_brackets, 4))),
        5 if !in_brackets => Filter::ValuePath {
            path: AttrPath::attr("emails"),
            filter: Box::new(gen(r, budget - 1, true, 5)),
        },
        6 if !in_brackets => {
            // Entra's emails[type eq "work"].value eq "x" (lenient).
            let mut p = AttrPath::attr("emails");
            p.filter = Some(Box::new(gen(r, budget - 1, true, 6)));
            p.sub = Some("value".into());
            Filter::Compare {
                path: p,
                op: CompareOp::Eq,
                value: json!("x"),
            }
        }
        _ => Filter::Present { path: path(r) },
    }
}

#[test]
fn random_asts_round_trip_exactly_at_their_limits() {
    let mut r = Rng(0x2545_f491_4f6c_dd1d);
    for _ in 0..5000 {
        let f = gen(&mut r, 5, false, 9);
        let text = f.to_string();
        let d = depth(&f);
        let at = ParseOptions {
            max_length: text.len(),
            max_depth: d,
            lenient: true,
        };
        let back = parse_filter_with(&text, &at).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(back, f, "{text}");
        assert_eq!(back.to_string(), text);
        let shorter = ParseOptions {
            max_length: text.len() - 1,
            ..at
        };
        assert!(parse_filter_with(&text, &shorter).is_err(), "{text}");
        if d > 0 {
            let shallower = ParseOptions {
                max_depth: d - 1,
                ..at
            };
            assert!(parse_filter_with(&text, &shallower).is_err(), "{text}");
        }
    }
}

/// Print `f` as a client might write it: any keyword case, extra whitespace, `not(` without a
/// space, redundant parentheses, escapes and other spellings of the same numbers.
fn noisy(r: &mut Rng, f: &Filter, compact: bool, out: &mut String) {
    let ws = |r: &mut Rng, out: &mut String, at_least_one: bool| {
        let n = if compact {
            usize::from(at_least_one)
        } else {
            r.below(3) + usize::from(at_least_one)
        };
        for _ in 0..n {
            out.push([' ', ' ', '\t', '\n', '\r'][r.below(5)]);
        }
    };
    fn kw(r: &mut Rng, word: &str, out: &mut String) {
        for c in word.chars() {
            out.push(if r.below(2) == 0 {
                c
            } else {
                c.to_ascii_uppercase()
            });
        }
    }
    fn value(r: &mut Rng, v: &Value, out: &mut String) {
        let text = v.to_string();
        match v {
            Value::String(_) => {
                let text = text.replace('/', "\\/");
                out.push_str(&if r.below(2) == 0 {
                    text.replace('é', "\\u00e9")
                } else {
                    text
                });
            }
            Value::Number(_) => match r.below(4) {
                0 => out.push_str(&text.replace('e', "E")),
                1 if text.contains('.') && !text.contains('e') => {
                    out.push_str(&text);
                    out.push_str("00");
                }
                2 if !text.contains('e') && !text.contains('.') => {
                    out.push_str(&text);
                    out.push_str("e0");
                }
                _ => out.push_str(&text),
            },
            Value::Bool(_) | Value::Null => kw(r, &text, out),
            _ => out.push_str(&text),
        }
    }
    let group = |r: &mut Rng, x: &Filter, needed: bool, out: &mut String| {
        if needed || (!compact && r.below(6) == 0) {
            out.push('(');
            ws(r, out, false);
            noisy(r, x, compact, out);
            ws(r, out, false);
            out.push(')');
        } else {
            noisy(r, x, compact, out);
        }
    };
    match f {
        Filter::Compare { path, op, value: v } => {
            out.push_str(&path.to_string());
            ws(r, out, true);
            kw(r, op.as_str(), out);
            ws(r, out, true);
            value(r, v, out);
        }
        Filter::Present { path } => {
            out.push_str(&path.to_string());
            ws(r, out, true);
            kw(r, "pr", out);
        }
        Filter::And(items) | Filter::Or(items) => {
            let and = matches!(f, Filter::And(_));
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    ws(r, out, true);
                    kw(r, if and { "and" } else { "or" }, out);
                    ws(r, out, true);
                }
                group(r, x, and && matches!(x, Filter::Or(_)), out);
            }
        }
        Filter::Not(x) => {
            kw(r, "not", out);
            ws(r, out, false);
            out.push('(');
            ws(r, out, false);
            noisy(r, x, compact, out);
            ws(r, out, false);
            out.push(')');
        }
        Filter::ValuePath { path, filter } => {
            out.push_str(&path.to_string());
            out.push('[');
            ws(r, out, false);
            noisy(r, filter, compact, out);
            ws(r, out, false);
            out.push(']');
        }
    }
}

#[test]
fn random_texts_round_trip_within_the_same_limits() {
    let mut r = Rng(0xfeed_face_dead_beef);
    let (mut accepted, mut at_limit, mut too_long) = (0, 0, 0);
    for _ in 0..20_000 {
        let f = gen(&mut r, 4, false, 9);
        let mut text = String::new();
        if r.below(4) == 0 {
            ws(&mut r, &mut text);
        }
        let compact = r.below(2) == 0;
        noisy(&mut r, &f, compact, &mut text);
        let opts = ParseOptions {
            // Half of the texts sit exactly at the length limit.
            max_length: text.len() + if r.below(2) == 0 { 0 } else { r.below(30) },
            max_depth: 1 + r.below(6),
            lenient: true,
        };
        match parse_filter_with(&text, &opts) {
            Ok(parsed) => {
                accepted += 1;
                at_limit += usize::from(text.len() == opts.max_length);
                let canonical = parsed.to_string();
                assert!(canonical.len() <= opts.max_length, "{text:?}");
                let again = parse_filter_with(&canonical, &opts)
                    .unwrap_or_else(|e| panic!("{text:?} -> {canonical:?}: {e}"));
                assert_eq!(again, parsed, "{text:?}");
                assert_eq!(again.to_string(), canonical, "{text:?}");
                // Paths with the same value filter round-trip too.
                if let Filter::ValuePath { path, filter } = &parsed {
                    let mut p = path.clone();
                    p.filter = Some(filter.clone());
                    let t = p.to_string();
                    let back = parse_path_with(
                        &t,
                        &ParseOptions {
                            max_length: t.len(),
                            ..opts
                        },
                    )
                    .unwrap_or_else(|e| panic!("{t:?}: {e}"));
                    assert_eq!(back, p);
                }
            }
            Err(Error::InvalidFilter { message, .. }) => {
                too_long += usize::from(message.contains("canonical form"));
            }
            Err(other) => panic!("{other:?}"),
        }
    }
    assert!(
        accepted > 5_000 && at_limit > 2_000 && too_long > 500,
        "{accepted} {at_limit} {too_long}"
    );
}

fn ws(r: &mut Rng, out: &mut String) {
    for _ in 0..=r.below(2) {
        out.push(' ');
    }
}
