//! Attribute-mapping expressions in the IdPs' own languages: Microsoft Entra ID's provisioning
//! expressions ([`entra`]), the Okta Expression Language ([`okta`]) and OneLogin's macros and
//! SCIM JSON templates ([`onelogin`]).
//!
//! Each language parses into the one syntax tree of [`ast`] (with byte spans), prints it back in
//! its canonical text, and evaluates it against a directory user (`source`) with the vendor's
//! documented semantics. The clock and the random source are injected ([`Env`]), so a preview or
//! a test gives the same answer every time.
//!
//! ```
//! use scimgate::expr::{evaluate_expression, parse_expression, Env, Language};
//! use serde_json::json;
//!
//! let parsed = parse_expression("Join(\" \", [givenName], [surname])", Language::Entra)?;
//! assert_eq!(parsed.canonical, "Join(\" \", [givenName], [surname])");
//! let out = evaluate_expression(
//!     "Join(\" \", [givenName], [surname])",
//!     &json!({"givenName": "Ada", "surname": "Lovelace"}),
//!     Language::Entra,
//!     &Env::fixed(0, 1),
//! )?;
//! assert_eq!(out.value, json!("Ada Lovelace"));
//! assert!(out.flows);
//! # Ok::<(), scimgate::Error>(())
//! ```

pub mod ast;
pub mod entra;
pub mod okta;
pub mod onelogin;

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::issue::Issue;
pub use ast::{Node, Span};

/// An IdP's expression language.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", schemars(rename = "ExpressionLanguage"))]
pub enum Language {
    /// Microsoft Entra ID attribute-mapping expressions.
    #[serde(rename = "entra")]
    Entra,
    /// Okta Expression Language (classic, as in profile mappings).
    #[serde(rename = "okta")]
    Okta,
    /// OneLogin macros, SCIM JSON templates and rule actions.
    #[serde(rename = "onelogin")]
    OneLogin,
}

impl Language {
    /// Every language, in documentation order.
    pub const ALL: [Language; 3] = [Language::Entra, Language::Okta, Language::OneLogin];

    /// `"entra"`, `"okta"` or `"onelogin"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Language::Entra => "entra",
            Language::Okta => "okta",
            Language::OneLogin => "onelogin",
        }
    }

    /// The language named `name` (`entra`, `okta`, `onelogin`, any ASCII case); `argument`
    /// names the argument in the error otherwise.
    pub fn parse(name: &str, argument: &str) -> Result<Language> {
        Language::ALL
            .into_iter()
            .find(|l| l.as_str().eq_ignore_ascii_case(name))
            .ok_or_else(|| Error::InvalidArgument {
                argument: argument.into(),
                message: format!(
                    "unknown expression language {name:?}; known: entra, okta, onelogin"
                ),
            })
    }
}

/// What an evaluation may read besides the source: the clock and the random source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Env {
    /// The current time, in milliseconds since 1970-01-01T00:00:00Z (`Now()`, `DateAdd`, Okta's
    /// `Time.now()`).
    pub now_ms: i64,
    /// The seed of the random source (`Guid()`, `RandomString`): the same seed gives the same
    /// values.
    pub seed: u64,
}

impl Env {
    /// A fixed clock and seed (for previews and tests).
    pub const fn fixed(now_ms: i64, seed: u64) -> Env {
        Env { now_ms, seed }
    }

    /// The clock and seed asked for, each defaulting to the system's: the current time, and a
    /// seed drawn from it. `now` is an RFC 3339 date-time (`2026-11-27T10:00:00Z`) or
    /// milliseconds since the epoch; `argument` names the argument in an error.
    pub fn from_options(now: Option<&Value>, seed: Option<&Value>) -> Result<Env> {
        let now_ms = match now {
            None | Some(Value::Null) => system_now_ms(),
            Some(Value::Number(n)) => n
                .as_i64()
                .ok_or_else(|| bad_now("must be an integer number of milliseconds"))?,
            Some(Value::String(s)) => crate::expr::time::parse_rfc3339_ms(s).ok_or_else(|| {
                bad_now("must be an RFC 3339 date-time such as 2026-11-27T10:00:00Z")
            })?,
            Some(_) => {
                return Err(bad_now(
                    "must be an RFC 3339 date-time or milliseconds since the epoch",
                ))
            }
        };
        let seed = match seed {
            None | Some(Value::Null) => {
                // No seed asked for: different on every call, like the IdP.
                let n = u64::try_from(now_ms).unwrap_or(0);
                n ^ 0x9E37_79B9_7F4A_7C15
                    ^ u64::from(COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
            }
            Some(v) => v.as_u64().ok_or_else(|| Error::InvalidArgument {
                argument: "seed".into(),
                message: "must be a non-negative integer".into(),
            })?,
        };
        Ok(Env { now_ms, seed })
    }
}

static COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

fn bad_now(message: &str) -> Error {
    Error::InvalidArgument {
        argument: "now".into(),
        message: message.into(),
    }
}

static CLOCK: OnceLock<fn() -> i64> = OnceLock::new();

/// Set where the system time comes from when no `now` is given (the wasm binding sets
/// `Date.now`, as `std::time` has no clock there). The first call wins.
pub fn set_clock(clock: fn() -> i64) {
    let _ = CLOCK.set(clock);
}

fn system_now_ms() -> i64 {
    if let Some(clock) = CLOCK.get() {
        return clock();
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .ok()
            .and_then(|d| i64::try_from(d.as_millis()).ok())
            .unwrap_or(0)
    }
    #[cfg(target_arch = "wasm32")]
    {
        0
    }
}

pub mod time;

/// A parsed expression.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Expression {
    /// Its language.
    pub language: Language,
    /// The text it was parsed from.
    pub text: String,
    /// The canonical text: the same expression in the language's canonical spelling (function
    /// names as documented, one space after commas, ...). It parses back to the same tree.
    pub canonical: String,
    /// The syntax tree.
    pub ast: Node,
}

/// The result of evaluating an expression against a source user.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    /// The value: a string, number, boolean, list, or `null` for NULL (nothing).
    #[cfg_attr(feature = "schema", schemars(with = "serde_json::Value"))]
    pub value: Value,
    /// Whether the IdP would send the attribute: `false` when the expression says to leave it
    /// out (Entra's `IgnoreFlowIfNullOrEmpty`, a NULL with no default) or failed.
    pub flows: bool,
    /// What the evaluation found: failures (`expression_failed`, the IdP would not provision
    /// the user) and warnings, each with the byte offset of the part at fault in its message.
    pub issues: Vec<Issue>,
}

impl Evaluation {
    /// A failed evaluation: value null, not sent, and one `expression_failed` error naming the
    /// byte offset of the part at fault (`at byte 12: ...`). The message must not repeat a
    /// source value.
    pub fn failed(offset: usize, message: &str) -> Evaluation {
        Evaluation {
            value: Value::Null,
            flows: false,
            issues: vec![Issue::new(
                crate::codes::Code::ExpressionFailed,
                crate::issue::Severity::Error,
                crate::loc::Loc::root(),
                format!("at byte {offset}: {message}"),
            )],
        }
    }
}

/// Parse `text` in `language`.
///
/// # Errors
/// [`Error::InvalidExpression`] with the byte offset of the problem and what was expected there
/// (an unknown function, a wrong number of arguments, an unterminated string, ...).
pub fn parse_expression(text: &str, language: Language) -> Result<Expression> {
    let ast = parse_node(text, language)?;
    let canonical = print_node(&ast, language);
    Ok(Expression {
        language,
        text: text.to_string(),
        canonical,
        ast,
    })
}

/// Parse `text` into its tree.
pub(crate) fn parse_node(text: &str, language: Language) -> Result<Node> {
    match language {
        Language::Entra => entra::parse(text),
        Language::Okta => okta::parse(text),
        Language::OneLogin => onelogin::parse(text),
    }
}

/// The canonical text of `node`.
pub(crate) fn print_node(node: &Node, language: Language) -> String {
    match language {
        Language::Entra => entra::print(node),
        Language::Okta => okta::print(node),
        Language::OneLogin => onelogin::print(node),
    }
}

/// Evaluate a parsed tree.
pub fn evaluate_node(node: &Node, source: &Value, language: Language, env: &Env) -> Evaluation {
    match language {
        Language::Entra => entra::evaluate(node, source, env),
        Language::Okta => okta::evaluate(node, source, env),
        Language::OneLogin => onelogin::evaluate(node, source, env),
    }
}

/// Evaluate `text` in `language` against `source` (Entra: attribute name → value, an absent
/// attribute is NULL; Okta: the roots `user`, `appuser`, `source`, ... as nested objects;
/// OneLogin: the user's fields and `custom_fields`).
///
/// # Errors
/// [`Error::InvalidExpression`] when the text does not parse; [`Error::NotAnObject`] when
/// `source` is not an object. A failure while evaluating is an issue of the result, not an
/// error.
pub fn evaluate_expression(
    text: &str,
    source: &Value,
    language: Language,
    env: &Env,
) -> Result<Evaluation> {
    if !source.is_object() {
        return Err(Error::NotAnObject {
            found: crate::json::type_name(source),
        });
    }
    let node = parse_node(text, language)?;
    Ok(evaluate_node(&node, source, language, env))
}

/// How an evaluation failure names a text that may come from the source user: by its length,
/// never its content (a source attribute may hold anything, a password included).
pub(crate) fn shown(s: &str) -> String {
    format!("a text of {} characters", s.chars().count())
}

/// An [`Error::InvalidExpression`] at `offset`.
pub(crate) fn invalid(
    offset: usize,
    expected: impl Into<String>,
    message: impl Into<String>,
) -> Error {
    Error::InvalidExpression {
        offset,
        expected: expected.into(),
        message: message.into(),
    }
}
