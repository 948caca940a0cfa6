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
    /// A PATCH request could not be applied; nothing was changed.
    #[error("PATCH failed{}: {message}", index.map(|i| format!(" at Operations[{i}]")).unwrap_or_default())]
    PatchFailed {
        /// Index of the failing operation in `Operations`, when one operation is at fault.
        index: Option<usize>,
        /// The RFC 7644 §3.12 scimType: invalidSyntax, invalidPath, noTarget, invalidValue or mutability.
        kind: PatchErrorKind,
        /// What went wrong.
        message: String,
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
            Error::PatchFailed { .. } => Code::PatchFailed,
            Error::InvalidPath { .. } => Code::InvalidPath,
            Error::InvalidProfile { .. } => Code::InvalidProfile,
            Error::InvalidEmail { .. } => Code::InvalidEmail,
            Error::InvalidUnicode { .. } => Code::InvalidUnicode,
        }
    }

    /// The RFC 7644 §3.12 `scimType` for this failure, where one applies.
    pub fn scim_type(&self) -> Option<&'static str> {
        match self {
            Error::InvalidJson { .. }
            | Error::NestingTooDeep { .. }
            | Error::NotAnObject { .. } => Some("invalidSyntax"),
            Error::PayloadTooLarge { .. } | Error::UnknownResourceType { .. } => None,
            Error::InvalidFilter { .. } => Some("invalidFilter"),
            Error::PatchFailed { kind, .. } => Some(kind.as_str()),
            Error::InvalidPath { .. } => Some("invalidPath"),
            Error::InvalidSchema { .. }
            | Error::InvalidOption { .. }
            | Error::InvalidCustomField { .. }
            | Error::InvalidProfile { .. }
            | Error::InvalidEmail { .. }
            | Error::InvalidUnicode { .. } => Some("invalidValue"),
        }
    }

    /// The HTTP status a SCIM service should answer with for this failure.
    pub fn status(&self) -> u16 {
        match self {
            Error::PayloadTooLarge { .. } => 413,
            Error::UnknownResourceType { .. } => 404,
            _ => 400,
        }
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
