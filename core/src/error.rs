//! Operational failures: what prevents the work (as opposed to findings about a payload, which are
//! [`Issue`](crate::Issue)s in a [`Report`](crate::Report)).

use serde_json::{json, Value};

use crate::codes::Code;

/// Result alias used throughout the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A failure that prevents scimgate from doing the work asked of it.
///
/// Every variant has a stable [`code`](Error::code), and an RFC 7644 §3.12 `status` and (where one
/// fits) `scimType`, so a SCIM service can answer with [`to_scim_error`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input is not well-formed JSON.
    #[error("invalid JSON at line {line}, column {column}: {message}")]
    InvalidJson {
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
        /// What the parser found wrong.
        message: String,
    },
    /// The input is larger than the configured limit.
    #[error("payload too large: {size} bytes, the limit is {limit} bytes")]
    PayloadTooLarge {
        /// Size of the input in bytes.
        size: usize,
        /// Configured limit (`maxBytes`).
        limit: usize,
    },
    /// The input nests deeper than the configured limit.
    #[error("nesting too deep: more than {limit} levels of arrays and objects")]
    NestingTooDeep {
        /// Configured limit (`maxDepth`).
        limit: usize,
    },
    /// The requested resource type is not in the schema registry.
    #[error("unknown resource type '{name}'; known: {known}")]
    UnknownResourceType {
        /// The name asked for.
        name: String,
        /// Comma-separated list of the known resource type names.
        known: String,
    },
    /// A schema, resource type or `/Schemas` document could not be understood.
    #[error("invalid schema document at {path}: {message}")]
    InvalidSchema {
        /// Where in the document the problem is (`attributes[3].type`).
        path: String,
        /// What is wrong.
        message: String,
    },
    /// An option is not understood or has a value out of range.
    #[error("invalid option {option}: {message}")]
    InvalidOption {
        /// Option name as the caller wrote it.
        option: String,
        /// What is wrong.
        message: String,
    },
    /// A filter could not be parsed (or compares in a way the RFC does not define).
    #[error("invalid filter: {message}")]
    InvalidFilter {
        /// Byte offset of the problem in the filter text.
        offset: usize,
        /// What the parser expected there (empty for limits and evaluation errors).
        expected: String,
        /// The full explanation.
        message: String,
    },
    /// An attribute-mapping expression could not be parsed.
    #[error("invalid expression: {message}")]
    InvalidExpression {
        /// Byte offset of the problem in the expression text.
        offset: usize,
        /// What the parser expected there.
        expected: String,
        /// The full explanation.
        message: String,
    },
    /// A mapping document could not be understood.
    #[error("invalid mapping at {path}: {message}")]
    InvalidMapping {
        /// Where in the mapping document (`rules[2].source.expression`), with the expression's
        /// offset when an expression is at fault.
        path: String,
        /// Byte offset in the expression at `path`, when an expression does not parse.
        offset: Option<usize>,
        /// What is wrong.
        message: String,
    },
    /// An attribute path could not be parsed or does not name an attribute.
    #[error("invalid path: {message}")]
    InvalidPath {
        /// Byte offset of the problem in the path text.
        offset: usize,
        /// What the parser expected there.
        expected: String,
        /// The full explanation.
        message: String,
    },
    /// A PATCH request could not be applied; nothing was changed. `index`, `kind` and
    /// `message` describe the first problem; `issues` lists every problem found, each located in
    /// the request (`Operations[2].path`, `Operations[0].value.emails[0].value`), as
    /// [`check_patch`](crate::check_patch) reports them, plus those only the stored resource can
    /// reveal (a value filter that matches nothing, an immutable attribute already set).
    #[error("PATCH failed{}: {message}{}", index.map(|i| format!(" at Operations[{i}]")).unwrap_or_default(), more_problems(issues.len()))]
    PatchFailed {
        /// Index of the (first) failing operation in `Operations`, when an operation is at
        /// fault (`None` for a problem of the body itself).
        index: Option<usize>,
        /// The RFC 7644 §3.12 scimType of the first problem: invalidSyntax, invalidPath,
        /// noTarget, invalidValue or mutability.
        kind: PatchErrorKind,
        /// What went wrong first.
        message: String,
        /// Every problem, in the order of the request (the first is the one `index`, `kind`
        /// and `message` describe). Never empty when built by scimgate.
        issues: Vec<crate::Issue>,
    },
    /// A custom-field id, title, catalog or Wrike API response could not be used.
    #[error("invalid custom field: {message}")]
    InvalidCustomField {
        /// What is wrong.
        message: String,
    },
    /// A profile document is invalid.
    #[error("invalid profile at {path}: {message}")]
    InvalidProfile {
        /// Where in the profile document (`userTypes.values[2]`).
        path: String,
        /// What is wrong.
        message: String,
    },
    /// An email address given to a domain check is not a plain address.
    #[error("invalid email address: {message}")]
    InvalidEmail {
        /// Why the address was refused.
        message: String,
    },
    /// The operation needs a JSON object and was given something else.
    #[error("expected a JSON object, found {found}")]
    NotAnObject {
        /// The JSON type found (`array`, `string`, ...).
        found: &'static str,
    },
    /// An argument holds a lone surrogate (a UTF-16 code unit in U+D800–U+DFFF without its
    /// pair), which is not Unicode text: a JS or Python string that holds one, JSON text that
    /// escapes one (`"\ud800"`, as `JSON.stringify` and Python's `json.dumps` write it), or
    /// bytes that encode one. The message names the argument and never echoes the text.
    #[error(
        "invalid Unicode: {argument} contains a lone surrogate (U+D800–U+DFFF), which is not \
         Unicode text"
    )]
    InvalidUnicode {
        /// Which argument: `resource`, `filter`, `options`, `JSON text`, ...
        argument: String,
    },
    /// An argument of a function is missing or of the wrong type (a number where a string is
    /// expected, an unknown function name in the bindings' contract).
    #[error("invalid argument {argument}: {message}")]
    InvalidArgument {
        /// The argument's name.
        argument: String,
        /// What is wrong.
        message: String,
    },
}

/// The tail of a failed PATCH's message when it has more than one problem.
fn more_problems(issues: usize) -> String {
    match issues {
        0 | 1 => String::new(),
        2 => " (and 1 more problem: see issues)".into(),
        n => format!(" (and {} more problems: see issues)", n - 1),
    }
}

/// Why a PATCH failed, as an RFC 7644 §3.12 scimType.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatchErrorKind {
    /// The request body is not a well-formed PatchOp.
    InvalidSyntax,
    /// A path is malformed or names no attribute.
    InvalidPath,
    /// A value filter matched nothing (or `remove` had no path).
    NoTarget,
    /// A value does not fit its attribute.
    InvalidValue,
    /// The operation would modify a readOnly or immutable attribute.
    Mutability,
}

impl PatchErrorKind {
    /// The scimType keyword.
    pub fn as_str(self) -> &'static str {
        match self {
            PatchErrorKind::InvalidSyntax => "invalidSyntax",
            PatchErrorKind::InvalidPath => "invalidPath",
            PatchErrorKind::NoTarget => "noTarget",
            PatchErrorKind::InvalidValue => "invalidValue",
            PatchErrorKind::Mutability => "mutability",
        }
    }

    /// The issue code of a PATCH problem of this kind (`patch_invalid_path`, ...).
    pub fn code(self) -> Code {
        match self {
            PatchErrorKind::InvalidSyntax => Code::PatchInvalidSyntax,
            PatchErrorKind::InvalidPath => Code::PatchInvalidPath,
            PatchErrorKind::NoTarget => Code::PatchNoTarget,
            PatchErrorKind::InvalidValue => Code::PatchInvalidValue,
            PatchErrorKind::Mutability => Code::PatchMutability,
        }
    }

    /// The kind of a PATCH problem's issue code (`None` for other codes).
    pub fn of_code(code: Code) -> Option<PatchErrorKind> {
        Some(match code {
            Code::PatchInvalidSyntax => PatchErrorKind::InvalidSyntax,
            Code::PatchInvalidPath => PatchErrorKind::InvalidPath,
            Code::PatchNoTarget => PatchErrorKind::NoTarget,
            Code::PatchInvalidValue => PatchErrorKind::InvalidValue,
            Code::PatchMutability => PatchErrorKind::Mutability,
            _ => return None,
        })
    }
}

impl Error {
    /// Stable snake_case code of this failure (never reworded).
    pub fn code(&self) -> Code {
        match self {
            Error::InvalidJson { .. } => Code::InvalidJson,
            Error::PayloadTooLarge { .. } => Code::PayloadTooLarge,
            Error::NestingTooDeep { .. } => Code::NestingTooDeep,
            Error::UnknownResourceType { .. } => Code::UnknownResourceType,
            Error::InvalidSchema { .. } => Code::InvalidSchema,
            Error::InvalidOption { .. } => Code::InvalidOption,
            Error::NotAnObject { .. } => Code::NotAnObject,
            Error::InvalidCustomField { .. } => Code::InvalidCustomField,
            Error::InvalidFilter { .. } => Code::InvalidFilter,
            Error::InvalidExpression { .. } => Code::InvalidExpression,
            Error::InvalidMapping { .. } => Code::InvalidMapping,
            Error::PatchFailed { .. } => Code::PatchFailed,
            Error::InvalidPath { .. } => Code::InvalidPath,
            Error::InvalidProfile { .. } => Code::InvalidProfile,
            Error::InvalidEmail { .. } => Code::InvalidEmail,
            Error::InvalidUnicode { .. } => Code::InvalidUnicode,
            Error::InvalidArgument { .. } => Code::InvalidArgument,
        }
    }

    /// The RFC 7644 §3.12 `scimType` for this failure, where one applies: the code's, or for a
    /// failed PATCH, why it failed.
    pub fn scim_type(&self) -> Option<&'static str> {
        match self {
            Error::PatchFailed { kind, .. } => Some(kind.as_str()),
            other => other.code().scim_type(),
        }
    }

    /// The HTTP status a SCIM service should answer with for this failure (the code's).
    pub fn status(&self) -> u16 {
        self.code().info().status
    }

    /// The error as one JSON object: `code`, `message`, `scimType` (or `null`), `status`, and
    /// the variant's own fields (see [`ERROR_FIELDS`]).
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

/// The fields each error code carries besides `code`, `message`, `scimType` and `status`, with
/// their JSON types (`integer`, `string`, `integer | null`, or a list of a contract type such as
/// `Issue[]`). The bindings' error classes are generated from this table.
pub const ERROR_FIELDS: &[(Code, &[(&str, &str)])] = &[
    (
        Code::InvalidJson,
        &[("line", "integer"), ("column", "integer")],
    ),
    (
        Code::PayloadTooLarge,
        &[("size", "integer"), ("limit", "integer")],
    ),
    (Code::NestingTooDeep, &[("limit", "integer")]),
    (
        Code::UnknownResourceType,
        &[("resourceType", "string"), ("known", "string")],
    ),
    (Code::InvalidSchema, &[("path", "string")]),
    (Code::InvalidOption, &[("option", "string")]),
    (Code::NotAnObject, &[("found", "string")]),
    (
        Code::InvalidFilter,
        &[("offset", "integer"), ("expected", "string")],
    ),
    (
        Code::InvalidPath,
        &[("offset", "integer"), ("expected", "string")],
    ),
    (
        Code::InvalidExpression,
        &[("offset", "integer"), ("expected", "string")],
    ),
    (
        Code::InvalidMapping,
        &[("path", "string"), ("offset", "integer | null")],
    ),
    (
        Code::PatchFailed,
        &[("index", "integer | null"), ("issues", "Issue[]")],
    ),
    (Code::InvalidCustomField, &[]),
    (Code::InvalidProfile, &[("path", "string")]),
    (Code::InvalidEmail, &[]),
    (Code::InvalidUnicode, &[("argument", "string")]),
    (Code::InvalidArgument, &[("argument", "string")]),
];

impl serde::Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("code", &self.code())?;
        m.serialize_entry("message", &self.to_string())?;
        m.serialize_entry("scimType", &self.scim_type())?;
        m.serialize_entry("status", &self.status())?;
        match self {
            Error::InvalidJson { line, column, .. } => {
                m.serialize_entry("line", line)?;
                m.serialize_entry("column", column)?;
            }
            Error::PayloadTooLarge { size, limit } => {
                m.serialize_entry("size", size)?;
                m.serialize_entry("limit", limit)?;
            }
            Error::NestingTooDeep { limit } => m.serialize_entry("limit", limit)?,
            Error::UnknownResourceType { name, known } => {
                m.serialize_entry("resourceType", name)?;
                m.serialize_entry("known", known)?;
            }
            Error::InvalidSchema { path, .. } | Error::InvalidProfile { path, .. } => {
                m.serialize_entry("path", path)?;
            }
            Error::InvalidOption { option, .. } => m.serialize_entry("option", option)?,
            Error::NotAnObject { found } => m.serialize_entry("found", found)?,
            Error::InvalidFilter {
                offset, expected, ..
            }
            | Error::InvalidPath {
                offset, expected, ..
            }
            | Error::InvalidExpression {
                offset, expected, ..
            } => {
                m.serialize_entry("offset", offset)?;
                m.serialize_entry("expected", expected)?;
            }
            Error::InvalidMapping { path, offset, .. } => {
                m.serialize_entry("path", path)?;
                m.serialize_entry("offset", offset)?;
            }
            Error::PatchFailed { index, issues, .. } => {
                m.serialize_entry("index", index)?;
                m.serialize_entry("issues", issues)?;
            }
            Error::InvalidUnicode { argument } | Error::InvalidArgument { argument, .. } => {
                m.serialize_entry("argument", argument)?;
            }
            Error::InvalidCustomField { .. } | Error::InvalidEmail { .. } => {}
        }
        m.end()
    }
}

/// Render an RFC 7644 §3.12 error response body.
///
/// `status` is written as a string, as the RFC's examples do; `scimType` is omitted when `None`.
///
/// ```
/// let body = scimgate::scim_error_body(409, Some("uniqueness"), "userName is taken");
/// assert_eq!(body["status"], "409");
/// assert_eq!(body["schemas"][0], "urn:ietf:params:scim:api:messages:2.0:Error");
/// ```
pub fn scim_error_body(status: u16, scim_type: Option<&str>, detail: &str) -> Value {
    let mut body = json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
        "status": status.to_string(),
    });
    if let Some(t) = scim_type {
        body["scimType"] = Value::String(t.to_string());
    }
    body["detail"] = Value::String(detail.to_string());
    body
}

/// An RFC 7644 §3.12 error response body.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ScimErrorBody {
    /// `["urn:ietf:params:scim:api:messages:2.0:Error"]`.
    pub schemas: Vec<String>,
    /// The HTTP status, as a string (as the RFC's examples write it).
    pub status: String,
    /// The RFC 7644 §3.12 scimType, when one applies.
    #[serde(rename = "scimType", skip_serializing_if = "Option::is_none")]
    pub scim_type: Option<String>,
    /// What went wrong.
    pub detail: String,
}

/// The error body for a report (`None` when valid) or for an error as [`Error::to_json`] writes
/// it (`code`, `message`, `scimType`, `status`, and its fields, such as a failed PATCH's
/// `issues`): what the bindings' `toScimError` takes.
pub fn body_of(value: &Value) -> Result<Option<ScimErrorBody>> {
    let bad = |message: &str| Error::InvalidArgument {
        argument: "value".into(),
        message: message.into(),
    };
    let map = value
        .as_object()
        .ok_or_else(|| bad("expected a report or an error"))?;
    // A report has issues and no message; an error has a message (a failed PATCH has issues too).
    let body = if map.contains_key("issues") && !map.contains_key("message") {
        let report: crate::Report = serde_json::from_value(value.clone())
            .map_err(|e| bad(&format!("not a report: {e}")))?;
        report.to_scim_error()
    } else if let (Some(Value::String(message)), Some(status)) = (
        map.get("message"),
        map.get("status").and_then(Value::as_u64),
    ) {
        let status = u16::try_from(status).map_err(|_| bad("status out of range"))?;
        Some(scim_error_body(
            status,
            map.get("scimType").and_then(Value::as_str),
            message,
        ))
    } else {
        return Err(bad(
            "expected a report (with issues) or an error (with message and status)",
        ));
    };
    body.map(|b| serde_json::from_value(b).map_err(|e| bad(&e.to_string())))
        .transpose()
}

/// Anything that can be answered as an RFC 7644 §3.12 error: an [`Error`] or a [`Report`](crate::Report).
pub trait ToScimError {
    /// The RFC 7644 §3.12 error body.
    fn to_scim_error(&self) -> Value;
}

impl ToScimError for Error {
    fn to_scim_error(&self) -> Value {
        scim_error_body(self.status(), self.scim_type(), &self.to_string())
    }
}

/// Render `x` (an [`Error`] or a [`Report`](crate::Report)) as an RFC 7644 §3.12 error body.
pub fn to_scim_error<T: ToScimError + ?Sized>(x: &T) -> Value {
    x.to_scim_error()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::{Use, CATALOGUE};

    fn samples() -> Vec<Error> {
        vec![
            Error::InvalidJson {
                line: 1,
                column: 2,
                message: "x".into(),
            },
            Error::PayloadTooLarge { size: 3, limit: 2 },
            Error::NestingTooDeep { limit: 4 },
            Error::UnknownResourceType {
                name: "Device".into(),
                known: "User, Group".into(),
            },
            Error::InvalidSchema {
                path: "attributes[0]".into(),
                message: "x".into(),
            },
            Error::InvalidOption {
                option: "mode".into(),
                message: "x".into(),
            },
            Error::NotAnObject { found: "array" },
            Error::InvalidFilter {
                offset: 3,
                expected: "a value".into(),
                message: "x".into(),
            },
            Error::InvalidPath {
                offset: 1,
                expected: "a name".into(),
                message: "x".into(),
            },
            Error::InvalidExpression {
                offset: 4,
                expected: "`)`".into(),
                message: "x".into(),
            },
            Error::InvalidMapping {
                path: "rules[0].target".into(),
                offset: None,
                message: "x".into(),
            },
            Error::PatchFailed {
                index: None,
                kind: PatchErrorKind::NoTarget,
                message: "x".into(),
                issues: Vec::new(),
            },
            Error::InvalidCustomField {
                message: "x".into(),
            },
            Error::InvalidProfile {
                path: "userTypes".into(),
                message: "x".into(),
            },
            Error::InvalidEmail {
                message: "x".into(),
            },
            Error::InvalidUnicode {
                argument: "filter".into(),
            },
            Error::InvalidArgument {
                argument: "id".into(),
                message: "x".into(),
            },
        ]
    }

    #[test]
    fn a_failed_patch_with_issues_is_an_error_not_a_report() {
        let e = Error::PatchFailed {
            index: Some(1),
            kind: PatchErrorKind::InvalidValue,
            message: "x".into(),
            issues: vec![crate::Issue::new(
                Code::PatchInvalidValue,
                crate::Severity::Error,
                crate::Loc::root().key("Operations").index(1).key("value"),
                "x",
            )],
        };
        let body = body_of(&e.to_json()).unwrap().unwrap();
        assert_eq!(body.scim_type.as_deref(), Some("invalidValue"));
        assert_eq!(body.detail, e.to_string());
        let report = crate::Report::from_issues(Vec::new());
        assert!(body_of(&serde_json::to_value(report).unwrap())
            .unwrap()
            .is_none());
    }

    #[test]
    fn errors_serialize_to_one_shape_with_their_table_fields() {
        let errors = samples();
        for e in &errors {
            let v = e.to_json();
            let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
            let fields = ERROR_FIELDS
                .iter()
                .find(|(c, _)| *c == e.code())
                .map_or_else(
                    || panic!("{} has no ERROR_FIELDS entry", e.code()),
                    |(_, f)| *f,
                );
            let mut want = vec!["code", "message", "scimType", "status"];
            want.extend(fields.iter().map(|(name, _)| *name));
            assert_eq!(keys, want, "{}", e.code());
            assert_eq!(v["code"], e.code().as_str());
            assert_eq!(v["status"], e.status());
            assert_eq!(v["message"], e.to_string());
        }
        // Every error code of the catalogue (but the npm-only internal_error) has a variant.
        for info in CATALOGUE.iter().filter(|i| i.uses.contains(&Use::Error)) {
            if info.code == Code::InternalError {
                continue;
            }
            assert!(
                errors.iter().any(|e| e.code() == info.code),
                "{} has no sample",
                info.slug
            );
        }
        assert_eq!(errors.len(), ERROR_FIELDS.len());
    }
}
