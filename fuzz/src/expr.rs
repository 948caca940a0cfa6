//! `expr`: one selector byte, then the expression text (UTF-8).
//!
//! Byte 0: bits 0-1 the language (modulo 3: Entra, Okta, OneLogin); bits 2-3 the source it is
//! evaluated against (0: parse only; 1-3: [`sources`] of the language), with the fixed clock
//! [`NOW_MS`] and seed [`SEED`].

use scimgate::expr::{evaluate_node, parse_expression, Env, Evaluation, Language};
use scimgate::{Code, Error, Severity};
use serde_json::{json, Value};
use std::sync::OnceLock;

/// A string every fixed source carries (alone and inside longer values): no issue message may
/// repeat it, nor any other source string of [`SECRET_LEN`] bytes or more.
pub const SOURCE_MARKER: &str = "Src-marker-9qK2x";
/// Source strings this long or longer must not appear in an issue message (unless the
/// expression text itself spells them).
pub const SECRET_LEN: usize = 8;
/// The clock of every evaluation: 2026-11-27T10:00:00Z.
pub const NOW_MS: i64 = 1_795_773_600_000;
/// The random seed of every evaluation.
pub const SEED: u64 = 7;
/// The largest value (serialized JSON) an evaluation may return: the languages cap a string
/// result at 1 MiB, which JSON escaping can grow 6-fold (`\u0001`); lists and objects repeat
/// what the text and the source spell, so the bound grows with them too.
pub fn max_value_len(text: &str, source: &Value) -> usize {
    8 * (1 << 20) + 64 * (text.len() + source.to_string().len())
}

/// The languages, in selector order.
pub const LANGUAGES: [Language; 3] = [Language::Entra, Language::Okta, Language::OneLogin];

/// The three fixed sources of `language`: a usual user carrying [`SOURCE_MARKER`], a user with
/// odd shapes (numbers, nulls, lists, nested objects, non-ASCII, empty strings), and `{}`.
pub fn sources(language: Language) -> &'static [Value; 3] {
    static CELLS: [OnceLock<[Value; 3]>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let i = LANGUAGES.iter().position(|l| *l == language).unwrap_or(0);
    CELLS[i].get_or_init(|| {
        let m = SOURCE_MARKER;
        let mail = format!("{m}@contoso.com");
        match language {
            Language::Entra => [
                json!({
                    "userPrincipalName": mail, "mail": mail, "givenName": "Ada",
                    "surname": "Lovelace", "jobTitle": "Engineer", "department": m,
                    "telephoneNumber": "+1 555 0100", "companyName": format!("Contoso {m}"),
                    "employeeHireDate": "2021-03-04T05:06:07Z", "accountEnabled": true,
                    "IsSoftDeleted": false, "extensionAttribute1": "2026-01-31",
                    "proxyAddresses": [format!("SMTP:{mail}"), "smtp:ada@contoso.com"],
                    "appRoleAssignments": [{"displayName": "Collaborator", "value": m}],
                    "objectId": "00000000-0000-0000-0000-000000000001"
                }),
                json!({
                    "userPrincipalName": "", "givenName": null, "surname": 42,
                    "jobTitle": ["a", m], "department": {"name": m}, "mail": "ÅSA@bücher.de",
                    "accountEnabled": "False", "extensionAttribute1": m,
                    "employeeHireDate": m, "IsSoftDeleted": "True", "manager": 1.5e300,
                    "appRoleAssignments": [m, null, {"value": 3}]
                }),
                json!({}),
            ],
            Language::Okta => [
                json!({
                    "user": {"firstName": "Ada", "lastName": "Lovelace", "login": mail,
                             "email": mail, "department": m, "title": format!("Lead {m}"),
                             "countryCode": "US", "salary": 1_500_000, "isContractor": false,
                             "arrayAttribute": [10, 20, 30], "middleInitial": "",
                             "hireDate": "2021-03-04T05:06:07Z", "groups": ["Eng", m]},
                    "appuser": {"userType": "Collaborator", "secret": m},
                    "source": {"department": m}, "org": {"name": m}
                }),
                json!({
                    "user": {"firstName": null, "lastName": 42, "login": "", "email": [m],
                             "department": {"x": m}, "countryCode": "ZZ", "salary": "abc",
                             "isContractor": "true", "arrayAttribute": [m, null, 1.5],
                             "hireDate": m, "title": "ÅSA bücher"},
                    "appuser": m
                }),
                json!({}),
            ],
            Language::OneLogin => [
                json!({
                    "firstname": "Ada", "lastname": "Lovelace", "email": mail,
                    "username": "alovelace", "title": "Wrike Admin", "department": m,
                    "phone": "+1 555 0100", "member_of": ["Engineering", m],
                    "custom_fields": {"cost_center": m, "wrike_user_type": "Collaborator",
                                      "badge": 42},
                    "parameters": {"department": m, "title": "Lead"}
                }),
                json!({
                    "firstname": null, "lastname": 42, "email": "", "username": [m],
                    "title": {"x": m}, "department": "ÅSA bücher", "member_of": m,
                    "custom_fields": m, "parameters": [m]
                }),
                json!({}),
            ],
        }
    })
}

/// Every string of `source` of [`SECRET_LEN`] bytes or more.
pub fn secrets(source: &Value) -> Vec<&str> {
    let mut out = Vec::new();
    let mut stack = vec![source];
    while let Some(v) = stack.pop() {
        match v {
            Value::String(s) if s.len() >= SECRET_LEN => out.push(s.as_str()),
            Value::Array(items) => stack.extend(items),
            Value::Object(m) => stack.extend(m.values()),
            _ => {}
        }
    }
    out
}

/// A parse error must be `invalid_expression` with an offset inside `text`, on a char boundary.
pub fn assert_parse_error(e: &Error, text: &str) {
    match e {
        Error::InvalidExpression { offset, .. } => assert!(
            *offset <= text.len() && text.is_char_boundary(*offset),
            "error offset {offset} outside {text:?} or inside a character: {e}"
        ),
        other => panic!("parsing {text:?} failed with {other:?}, not invalid_expression"),
    }
}

/// Oracles every evaluation satisfies: only `expression_failed` issues (errors, with the value
/// null and nothing sent), no message repeating a source string of [`SECRET_LEN`] bytes or more
/// that `text` does not spell itself, a bounded value.
pub fn assert_evaluation(e: &Evaluation, text: &str, source: &Value) {
    for i in &e.issues {
        crate::assert_issue(i);
        assert!(
            i.code == Code::ExpressionFailed && i.severity == Severity::Error,
            "evaluation issue other than expression_failed: {i:?}"
        );
        for s in secrets(source) {
            assert!(
                text.contains(s) || !i.message.contains(s),
                "an evaluation message repeats the source value {s:?}: {:?}",
                i.message
            );
        }
    }
    if !e.issues.is_empty() {
        assert!(
            e.value.is_null() && !e.flows,
            "a failed evaluation has a value or flows: {e:?}"
        );
    }
    let size = e.value.to_string().len();
    assert!(
        size <= max_value_len(text, source),
        "value of {size} bytes exceeds the bound"
    );
}

fn codes(e: &Evaluation) -> Vec<&str> {
    let mut c: Vec<&str> = e.issues.iter().map(|i| i.code.as_str()).collect();
    c.sort_unstable();
    c
}

/// The `expr` target. Oracles: no panic; a parse error is `invalid_expression` with an offset
/// inside the text on a char boundary; the canonical text parses back to a tree with the same
/// canonical text; evaluated (when the selector asks) against a fixed source it passes
/// [`assert_evaluation`] and the canonical text's tree evaluates to the same value, `flows` and
/// issue codes.
pub fn expr(data: &[u8]) {
    let Some((&b0, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let language = LANGUAGES[usize::from(b0 & 3) % 3];
    let parsed = match parse_expression(text, language) {
        Ok(p) => p,
        Err(e) => return assert_parse_error(&e, text),
    };
    let again = parse_expression(&parsed.canonical, language).unwrap_or_else(|e| {
        panic!(
            "canonical text {:?} of {text:?} does not parse: {e}",
            parsed.canonical
        )
    });
    assert_eq!(
        again.canonical, parsed.canonical,
        "canonical text is not stable"
    );
    let which = usize::from((b0 >> 2) & 3);
    if which == 0 {
        return;
    }
    let source = &sources(language)[which - 1];
    let env = Env::fixed(NOW_MS, SEED);
    let e = evaluate_node(&parsed.ast, source, language, &env);
    assert_evaluation(&e, text, source);
    let e2 = evaluate_node(&again.ast, source, language, &env);
    assert_eq!(
        (&e.value, e.flows, codes(&e)),
        (&e2.value, e2.flows, codes(&e2)),
        "{text:?} and its canonical text {:?} evaluate differently",
        parsed.canonical
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn now_is_the_documented_instant() {
        assert_eq!(
            scimgate::expr::time::parse_rfc3339_ms("2026-11-27T10:00:00Z"),
            Some(NOW_MS)
        );
    }

    #[test]
    fn evaluates_each_language() {
        expr(b"\x04Join(\" \", [givenName], [department])");
        expr(b"\x05user.firstName + \" \" + user.department");
        expr(b"\x06{firstname} {custom_fields.cost_center}");
        for l in LANGUAGES {
            assert!(secrets(&sources(l)[0]).contains(&SOURCE_MARKER));
        }
    }

    #[test]
    fn oracle_catches_an_echoed_source_value() {
        let source = &sources(Language::Entra)[0];
        let bad = Evaluation::failed(0, &format!("cannot convert {SOURCE_MARKER:?}"));
        assert!(
            std::panic::catch_unwind(|| assert_evaluation(&bad, "[department]", source)).is_err()
        );
        assert_evaluation(
            &Evaluation::failed(0, "cannot convert"),
            "[department]",
            source,
        );
    }
}
