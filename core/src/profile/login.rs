//! The login email: one rule picks it, and the domain check, the view and the plan all use it.
//!
//! Wrike uses an email address as the login and looks for it in `userName` first, then in
//! `emails` (the profile's `loginEmail` order). The rule, for each source in that order:
//!
//! * `userName`: when it looks like an address (it contains `@`, or the fullwidth `＠` or small
//!   `﹫` that some systems fold to `@`), it must be a plain address (strict parsing:
//!   [`email_problem`]); if it is not — a trailing space or dot, a NUL, `Name <addr>`,
//!   `mailto:addr` — the login is **invalid**, and the rule does not look elsewhere. A `userName`
//!   that does not look like an address (Okta's `ada.lovelace`) passes on to the next source.
//! * `emails`: the element with `primary: true` (or the string `"true"` in any case, which
//!   Entra and OneLogin send), else the first of `type: "work"`, else the first element; its
//!   `value` must be a plain address, otherwise the login is invalid.
//! * An attribute given more than once (under two spellings, or as a fully-qualified core key
//!   beside its short key) is never two candidates: the login is invalid.
//!
//! The domain of a valid login email must be on an approved domain when approved domains are
//! set (see [`check_domain`](crate::check_domain)).

use crate::codes::Code;
use serde_json::{Map, Value};

use super::{DomainPolicy, Profile};
use crate::formats::email_problem;
use crate::issue::{Issue, Severity};
use crate::json::{core_values, find_key};
use crate::loc::Loc;

/// The outcome of the login-email rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Login<'m> {
    /// A plain address, and where it came from (`userName`, `emails[1].value`).
    Address {
        /// Where it came from.
        loc: Loc,
        /// The address, as written.
        address: &'m str,
    },
    /// The source the rule stops at is not a usable address.
    Invalid {
        /// Where.
        loc: Loc,
        /// Why.
        problem: String,
    },
    /// No source holds an address.
    Missing,
}

/// Whether a string looks like an email address, and must therefore be one.
pub(crate) fn looks_like_address(s: &str) -> bool {
    s.contains(['@', '\u{FF20}', '\u{FE6B}'])
}

/// Whether an element of a multi-valued attribute is marked primary: `true`, or the string
/// `"true"` in any case (IdPs that send string booleans).
pub(crate) fn is_primary_element(v: &Value) -> bool {
    v.as_object()
        .and_then(|o| find_key(o, "primary"))
        .is_some_and(|p| match p {
            Value::Bool(b) => *b,
            Value::String(s) => s.eq_ignore_ascii_case("true"),
            _ => false,
        })
}

/// The index of the element a profile stores from a multi-valued attribute: `primary`, else the
/// first of type `work`, else the first object.
pub(crate) fn pick_index(items: &[Value]) -> Option<usize> {
    let obj = |i: &usize| items[*i].is_object();
    (0..items.len())
        .filter(obj)
        .find(|&i| is_primary_element(&items[i]))
        .or_else(|| {
            (0..items.len()).filter(obj).find(|&i| {
                items[i]
                    .as_object()
                    .and_then(|o| find_key(o, "type"))
                    .and_then(Value::as_str)
                    .is_some_and(|t| t.eq_ignore_ascii_case("work"))
            })
        })
        .or_else(|| (0..items.len()).find(obj))
}

/// Apply the rule (see the module docs) to a resource. `core` is the resource type's core
/// schema URN; `sources` the profile's `loginEmail` order.
pub(crate) fn login_email<'m>(
    sources: &[String],
    core: &str,
    map: &'m Map<String, Value>,
) -> Login<'m> {
    for source in sources {
        let values = core_values(map, core, source);
        let value = match values.as_slice() {
            [] => continue,
            [one] => *one,
            _ => {
                return Login::Invalid {
                    loc: Loc::root().key(source),
                    problem: format!("\"{source}\" is given more than once"),
                }
            }
        };
        match (source.as_str(), value) {
            ("userName", Value::String(u)) if looks_like_address(u) => {
                return match email_problem(u) {
                    None => Login::Address {
                        loc: Loc::root().key("userName"),
                        address: u,
                    },
                    Some(problem) => Login::Invalid {
                        loc: Loc::root().key("userName"),
                        problem: format!("userName looks like an email address but is not a valid one: {problem}"),
                    },
                };
            }
            ("emails", Value::Array(items)) => {
                let Some(i) = pick_index(items) else { continue };
                let loc = Loc::root().key("emails").index(i).key("value");
                return match items[i].as_object().and_then(|o| find_key(o, "value")) {
                    Some(Value::String(s)) => match email_problem(s) {
                        None => Login::Address { loc, address: s },
                        Some(problem) => Login::Invalid {
                            loc,
                            problem: format!(
                                "the email Wrike would use as the login is not a valid address: {problem}"
                            ),
                        },
                    },
                    _ => Login::Invalid {
                        loc,
                        problem: "the email Wrike would use as the login has no address".into(),
                    },
                };
            }
            _ => {}
        }
    }
    Login::Missing
}

/// The login sources: the profile's `loginEmail`, else `userName`, `emails`.
pub(crate) fn sources(profile: Option<&Profile>) -> &[String] {
    static DEFAULT: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    match profile {
        Some(p) => &p.login_email,
        None => DEFAULT.get_or_init(|| vec!["userName".to_string(), "emails".to_string()]),
    }
}

/// The login-email findings: `invalid_login_email`, `no_login_email` and, with approved
/// domains, `domain_not_approved`. Runs when there is a profile or approved domains; `core` is
/// the resource type's core schema URN.
pub(crate) fn login_issues(
    profile: Option<&Profile>,
    domains: Option<&DomainPolicy>,
    core: &str,
    map: &Map<String, Value>,
    out: &mut Vec<Issue>,
) {
    if profile.is_none() && domains.is_none() {
        return;
    }
    match login_email(sources(profile), core, map) {
        Login::Missing => out.push(Issue::new(
            Code::NoLoginEmail,
            Severity::Error,
            Loc::root(),
            "no email address in userName or emails: the user has no login email and cannot be provisioned",
        )),
        Login::Invalid { loc, problem } => {
            out.push(Issue::new(Code::InvalidLoginEmail, Severity::Error, loc, problem));
        }
        Login::Address { loc, address } => {
            let Some(policy) = domains else { return };
            match super::domains::check_domain_normalized(
                address,
                &policy.approved,
                policy.allow_subdomains,
            ) {
                Ok(r) if r.approved => {}
                Ok(r) => out.push(Issue::new(
                    Code::DomainNotApproved,
                    Severity::Error,
                    loc,
                    format!(
                        "the login email's domain {} is not an approved domain ({}{})",
                        r.domain,
                        policy.approved.join(", "),
                        if policy.allow_subdomains {
                            ", subdomains allowed"
                        } else {
                            ""
                        }
                    ),
                )),
                Err(e) => out.push(Issue::new(
                    Code::InvalidLoginEmail,
                    Severity::Error,
                    loc,
                    format!("the login email's domain cannot be trusted: {e}"),
                )),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const CORE: &str = "urn:ietf:params:scim:schemas:core:2.0:User";

    fn login(v: &Value) -> Login<'static> {
        let map: &'static Map<String, Value> = Box::leak(Box::new(v.as_object().unwrap().clone()));
        login_email(&["userName".to_string(), "emails".to_string()], CORE, map)
    }

    #[test]
    fn user_name_that_looks_like_an_address_must_be_one() {
        let emails = json!([{"value": "ada@acme.com", "primary": true}]);
        for bad in [
            "ada@evil.com ",
            "ada@evil.com.",
            "ada@evil.com\u{0}",
            "Ada <ada@evil.com>",
            "mailto:ada@evil.com",
            "ada\u{FF20}evil.com",
            "ada@@evil.com",
        ] {
            let got = login(&json!({"userName": bad, "emails": emails}));
            assert!(
                matches!(&got, Login::Invalid { loc, .. } if loc.to_string() == "userName"),
                "{bad:?}: {got:?}"
            );
        }
        assert_eq!(
            login(&json!({"userName": "ada.lovelace", "emails": emails})),
            Login::Address {
                loc: Loc::root().key("emails").index(0).key("value"),
                address: "ada@acme.com"
            }
        );
    }

    #[test]
    fn two_spellings_are_never_two_candidates() {
        let got = login(&json!({
            "userName": "ada@acme.com",
            "urn:ietf:params:scim:schemas:core:2.0:User:userName": "eve@evil.com"
        }));
        assert!(matches!(got, Login::Invalid { .. }), "{got:?}");
        let got = login(&json!({
            "urn:ietf:params:scim:schemas:core:2.0:User:userName": "eve@evil.com",
            "emails": [{"value": "ada@acme.com"}]
        }));
        assert_eq!(
            got,
            Login::Address {
                loc: Loc::root().key("userName"),
                address: "eve@evil.com"
            }
        );
        let got = login(
            &json!({"userName": "x", "EMAILS": [{"value": "a@b.com"}], "emails": [{"value": "c@d.com"}]}),
        );
        assert!(matches!(got, Login::Invalid { .. }), "{got:?}");
    }

    #[test]
    fn emails_pick_primary_then_work_then_first() {
        let pick = |emails: Value| match login(&json!({"emails": emails})) {
            Login::Address { address, .. } => address.to_string(),
            other => format!("{other:?}"),
        };
        assert_eq!(
            pick(json!([{"value": "a@x.com"}, {"value": "b@x.com", "primary": "True"}])),
            "b@x.com"
        );
        assert_eq!(
            pick(
                json!([{"value": "a@x.com", "type": "home"}, {"value": "b@x.com", "type": "Work"}])
            ),
            "b@x.com"
        );
        assert_eq!(
            pick(json!([{"value": "a@x.com"}, {"value": "b@x.com"}])),
            "a@x.com"
        );
        assert!(
            pick(json!([{"value": "nope", "primary": true}, {"value": "b@x.com"}]))
                .starts_with("Invalid")
        );
        assert_eq!(login(&json!({"emails": []})), Login::Missing);
    }
}
