//! Filters and paths: parsing, canonical text, round trips, evaluation, errors.
mod common;
use common::Rng;

use scimgate::{
    filter_resources, parse_filter, parse_path, AttrPath, CompareOp, Error, Filter, Options,
    Validator,
};
use serde_json::{json, Value};

fn canon(text: &str) -> String {
    parse_filter(text)
        .unwrap_or_else(|e| panic!("{text}: {e}"))
        .to_string()
}

#[test]
fn canonical_text() {
    for (input, want) in [
        (r#"userName eq "bjensen""#, r#"userName eq "bjensen""#),
        (r#"userName Eq "bjensen""#, r#"userName eq "bjensen""#),
        (
            r#"name.familyName co "O'Malley""#,
            r#"name.familyName co "O'Malley""#,
        ),
        (r"title pr", "title pr"),
        (
            r#"title pr and userType eq "Employee""#,
            r#"title pr and userType eq "Employee""#,
        ),
        (
            r#"title pr or userType eq "Intern""#,
            r#"title pr or userType eq "Intern""#,
        ),
        (
            r#"userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")"#,
            r#"userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")"#,
        ),
        (
            r#"userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")"#,
            r#"userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")"#,
        ),
        (
            r#"emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]"#,
            r#"emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]"#,
        ),
        (
            r#"meta.lastModified gt "2011-05-13T04:42:34Z""#,
            r#"meta.lastModified gt "2011-05-13T04:42:34Z""#,
        ),
        (
            r#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "26118915""#,
            r#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "26118915""#,
        ),
        (r"((a eq 1))", "a eq 1"),
        (
            r"a eq 1 and (b eq 2 and c eq 3)",
            "a eq 1 and b eq 2 and c eq 3",
        ),
        (
            r"(a eq 1 and b eq 2) and c eq 3",
            "a eq 1 and b eq 2 and c eq 3",
        ),
        (
            r"a eq 1 or b eq 2 and c eq 3",
            "a eq 1 or b eq 2 and c eq 3",
        ),
        (
            r"(a eq 1 or b eq 2) and c eq 3",
            "(a eq 1 or b eq 2) and c eq 3",
        ),
        (r#"a eq "\u00e9\n\"""#, r#"a eq "é\n\"""#),
        (
            r"a eq true or b eq null or c ge -1.5e3",
            "a eq true or b eq null or c ge -1500.0",
        ),
        (r"NOT(a pr)", "not (a pr)"),
    ] {
        let got = canon(input);
        assert_eq!(got, want, "{input}");
        assert_eq!(
            parse_filter(&got).unwrap(),
            parse_filter(input).unwrap(),
            "round trip {input}"
        );
    }
}

#[test]
fn invalid_filters_have_offsets() {
    for (input, offset) in [
        ("", 0),
        ("userName", 8),
        ("userName eq", 11),
        ("userName eq bjensen", 12),
        (r#"userName eq "bjensen" and"#, 25),
        (r#"userName eq "bjensen" xor a pr"#, 22),
        (r#"userName zz "x""#, 9),
        (r"(a pr", 5),
        (r#"emails[type eq "work""#, 21),
        (r#"emails[type eq "work"].value eq "x""#, 22),
        (r"emails[types[a pr]]", 12),
        (r#"a eq "unterminated"#, 18),
        ("a eq \"\\é", 9),
        ("a eq \"\\", 7),
        (r#"a eq "bad \x escape""#, 5),
        (r"1abc pr", 0),
        (r"a.b.c pr", 3),
        (r"not a pr", 4),
        (r"a eq 01", 5),
    ] {
        match parse_filter(input) {
            Err(Error::InvalidFilter { offset: o, .. }) => assert_eq!(o, offset, "{input:?}"),
            other => panic!("{input:?}: {other:?}"),
        }
    }
    let err = parse_filter("a eq").unwrap_err();
    assert_eq!(err.scim_type(), Some("invalidFilter"));
    assert_eq!(err.status(), 400);
}

#[test]
fn limits_hold_on_hostile_filters() {
    let deep = format!("{}a pr{}", "(".repeat(10_000), ")".repeat(10_000));
    assert!(matches!(
        parse_filter(&deep),
        Err(Error::InvalidFilter { .. })
    ));
    let nots = format!("{}a pr{}", "not (".repeat(5_000), ")".repeat(5_000));
    assert!(parse_filter(&nots).is_err());
    let long = format!("a eq \"{}\"", "x".repeat(100_000));
    assert!(parse_filter(&long).is_err());
    // Long flat chains are fine (no recursion on and/or chains beyond the limit).
    let chain = (0..500)
        .map(|i| format!("a{i} pr"))
        .collect::<Vec<_>>()
        .join(" or ");
    assert!(parse_filter(&chain).is_ok());
}

#[test]
fn entra_value_path_compare_is_lenient_only() {
    let text = r#"emails[type eq "work"].value eq "ada@contoso.com""#;
    assert!(parse_filter(text).is_err());
    let opts = scimgate::filter::ParseOptions {
        lenient: true,
        ..Default::default()
    };
    let f = scimgate::filter::parse_filter_with(text, &opts).unwrap();
    assert_eq!(f.to_string(), text);
    let v = Validator::new(Options::default()).unwrap();
    assert!(f.matches(&user(), &v).unwrap());
    let other = scimgate::filter::parse_filter_with(
        r#"emails[type eq "home"].value eq "ada@contoso.com""#,
        &opts,
    )
    .unwrap();
    assert!(!other.matches(&user(), &v).unwrap());
}

fn user() -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
        "id": "2819c223",
        "externalId": "Ext-1",
        "userName": "Ada@Contoso.com",
        "active": true,
        "title": "Engineer",
        "emails": [{"value": "ada@contoso.com", "type": "work", "primary": true}, {"value": "ada@home.org", "type": "home"}],
        "meta": {"lastModified": "2024-01-02T10:00:00+02:00", "created": "2023-06-01T00:00:00Z"},
        "x509Certificates": [{"value": "TWFu"}],
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "R&D", "manager": {"value": "m1"}}
    })
}

#[test]
fn evaluation_follows_schema_types() {
    let v = Validator::new(Options::default()).unwrap();
    let u = user();
    for (text, want) in [
        (r#"userName eq "ada@contoso.com""#, true),
        (r#"USERNAME EQ "ADA@CONTOSO.COM""#, true),
        (r#"externalId eq "ext-1""#, false),
        (r#"externalId eq "Ext-1""#, true),
        (r#"id eq "2819C223""#, false),
        (r#"emails co "home.org""#, true),
        (r#"emails.value ew "@CONTOSO.COM""#, true),
        (r#"emails[type eq "work" and primary eq true]"#, true),
        (r#"emails[type eq "other"]"#, false),
        (r#"not (emails[type eq "other"])"#, true),
        (r"active eq true", true),
        (r#"active eq "True""#, false),
        (r"active ne false", true),
        (r"title pr", true),
        (r"nickName pr", false),
        (r"nickName eq null", true),
        (r"title ne null", true),
        (r#"meta.lastModified gt "2024-01-02T07:59:59Z""#, true),
        (r#"meta.lastModified gt "2024-01-02T08:00:00Z""#, false),
        (r#"meta.lastModified ge "2024-01-02T08:00:00Z""#, true),
        (r#"meta.created lt "2023-06-01T00:00:00.001Z""#, true),
        (
            r#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "r&d""#,
            true,
        ),
        (
            r#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "m1""#,
            true,
        ),
        (
            r#"urn:ietf:params:scim:schemas:core:2.0:User:userName sw "ada""#,
            true,
        ),
        (r#"displayName eq "x" or userName sw "ada""#, true),
        (r#"userName eq "x" and title pr"#, false),
        (r#"userName gt "A" and userName lt "B""#, true),
        (r#"unknownAttr eq "x""#, false),
        (r#"unknownAttr ne "x""#, false),
    ] {
        let f = parse_filter(text).unwrap();
        assert_eq!(f.matches(&u, &v).unwrap(), want, "{text}");
    }
    for text in [
        r"active gt true",
        r#"x509Certificates.value gt "A""#,
        r"title lt null",
    ] {
        let f = parse_filter(text).unwrap();
        let err = f.matches(&u, &v).unwrap_err();
        assert_eq!(err.code(), "invalid_filter", "{text}");
    }
}

#[test]
fn filter_resources_answers_get_queries() {
    let v = Validator::new(Options::default()).unwrap();
    let users = vec![user(), json!({"userName": "grace@contoso.com"}), json!(42)];
    let f = parse_filter(r#"userName eq "grace@contoso.com""#).unwrap();
    assert_eq!(filter_resources(&f, &users, &v).unwrap().len(), 1);
    let probe = parse_filter(r#"userName eq "5c6a1b0e-9a2c-4f7e-8d3b-1f2e3d4c5b6a""#).unwrap();
    assert!(filter_resources(&probe, &users, &v).unwrap().is_empty());
}

#[test]
fn paths() {
    let p = parse_path(r#"members[value eq "2819c223-7f76-453a-919d-413861904646"]"#).unwrap();
    assert_eq!(p.name, "members");
    assert!(p.filter.is_some() && p.sub.is_none());
    let p = parse_path(r#"emails[type eq "work"].value"#).unwrap();
    assert_eq!(p.sub.as_deref(), Some("value"));
    assert_eq!(p.to_string(), r#"emails[type eq "work"].value"#);
    let p = parse_path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User").unwrap();
    assert_eq!(
        (p.urn.as_deref(), p.name.as_str()),
        (
            Some("urn:ietf:params:scim:schemas:extension:enterprise:2.0"),
            "User"
        )
    );
    let p = parse_path("name.givenName").unwrap();
    assert_eq!(
        p,
        AttrPath {
            urn: None,
            name: "name".into(),
            filter: None,
            sub: Some("givenName".into())
        }
    );
    for (bad, offset) in [
        ("", 0),
        (" name", 0),
        ("name.", 5),
        ("name[", 5),
        ("emails[type eq \"work\"]x", 22),
        ("a.b[c pr]", 3),
        ("emails[type eq]", 14),
    ] {
        match parse_path(bad) {
            Err(Error::InvalidPath { offset: o, .. }) => assert_eq!(o, offset, "{bad:?}"),
            other => panic!("{bad:?}: {other:?}"),
        }
    }
    assert_eq!(
        parse_path("a[").unwrap_err().scim_type(),
        Some("invalidPath")
    );
}

/// Random ASTs print and parse back to themselves.
#[test]
fn random_round_trips() {
    fn path(r: &mut Rng) -> AttrPath {
        let names = ["userName", "emails", "name", "meta", "x-y_z"];
        AttrPath {
            urn: (r.below(5) == 0)
                .then(|| "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User".to_string()),
            name: names[r.below(5)].to_string(),
            filter: None,
            sub: (r.below(3) == 0).then(|| "value".to_string()),
        }
    }
    /// A random AST in parsed shape: `And`/`Or` with 2–4 operands, none of the same kind.
    fn gen(r: &mut Rng, depth: u32, in_brackets: bool, parent: usize) -> Filter {
        let ops = [
            CompareOp::Eq,
            CompareOp::Ne,
            CompareOp::Co,
            CompareOp::Sw,
            CompareOp::Ew,
            CompareOp::Gt,
            CompareOp::Ge,
            CompareOp::Lt,
            CompareOp::Le,
        ];
        let values = [
            json!("x"),
            json!("q\"uo\\te\u{1}é"),
            json!(1),
            json!(-2.5),
            json!(u64::MAX),
            json!(i64::MIN),
            json!(1e300),
            json!(-0.0),
            json!(5e-324),
            json!(0.1),
            json!(true),
            json!(false),
            json!(null),
        ];
        let operands = |r: &mut Rng, kind: usize| {
            (0..2 + r.below(3))
                .map(|_| gen(r, depth - 1, in_brackets, kind))
                .collect::<Vec<_>>()
        };
        let mut pick = if depth == 0 { r.below(2) } else { r.below(6) };
        if pick == parent {
            pick = 0;
        }
        match pick {
            0 => Filter::Compare {
                path: path(r),
                op: ops[r.below(9)],
                value: values[r.below(values.len())].clone(),
            },
            1 => Filter::Present { path: path(r) },
            2 => Filter::And(operands(r, 2)),
            3 => Filter::Or(operands(r, 3)),
            4 => Filter::Not(Box::new(gen(r, depth - 1, in_brackets, 4))),
            _ if !in_brackets => Filter::ValuePath {
                path: AttrPath {
                    urn: None,
                    name: "emails".into(),
                    filter: None,
                    sub: None,
                },
                filter: Box::new(gen(r, depth - 1, true, 5)),
            },
            _ => Filter::Present { path: path(r) },
        }
    }
    let mut r = Rng(0x2545_f491_4f6c_dd1d);
    for _ in 0..3000 {
        let f = gen(&mut r, 4, false, 9);
        let text = f.to_string();
        let back = parse_filter(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(back, f, "{text}");
        assert_eq!(back.to_string(), text);
    }
}
