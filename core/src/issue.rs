//! Findings about a payload: [`Issue`], [`Severity`], [`Report`], and the catalog of stable codes.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::codes::Code;
use crate::loc::Loc;

pub use crate::codes::Severity;

/// One finding: where, what, and how serious.
///
/// `code` is a stable snake_case slug (see [`Code`]); `path` names the place
/// (`emails[1].value`, `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department`, or
/// the empty string for the resource itself) and `loc` is the same place as segments
/// (`["emails", 1, "value"]`), from which `path` is rendered. `scimType` and `status` are set on
/// errors that map to an RFC 7644 §3.12 error response.
///
/// Read back from JSON (a report handed to `toScimError`), an issue without `loc` — one written
/// before `loc` existed, or by hand — gets its `path` text as its one segment, so that `loc`
/// still renders `path`.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issue {
    /// Stable snake_case code (see [`Code`] and the [catalogue](crate::codes::CATALOGUE)).
    pub code: Code,
    /// How serious it is.
    pub severity: Severity,
    /// Where it is, in SCIM attribute-path notation with array indexes.
    pub path: String,
    /// Where it is, as segments (schema URN, attribute, array index): `path` is rendered from it.
    pub loc: Loc,
    /// Human-readable explanation (may be reworded between versions; never compare it).
    pub message: String,
    /// RFC 7644 §3.12 `scimType`, on errors that have one.
    #[serde(rename = "scimType", default, skip_serializing_if = "Option::is_none")]
    pub scim_type: Option<String>,
    /// HTTP status a SCIM service would answer with, on errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
}

/// What an issue reads from JSON: [`Issue`]'s fields, `loc` optional.
#[derive(Deserialize)]
struct IssueDoc {
    code: Code,
    severity: Severity,
    path: String,
    #[serde(default)]
    loc: Option<Loc>,
    message: String,
    #[serde(rename = "scimType", default)]
    scim_type: Option<String>,
    #[serde(default)]
    status: Option<u16>,
}

impl<'de> Deserialize<'de> for Issue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let doc = IssueDoc::deserialize(d)?;
        let loc = doc.loc.unwrap_or_else(|| {
            if doc.path.is_empty() {
                Loc::root()
            } else {
                Loc::root().key(doc.path.as_str())
            }
        });
        Ok(Issue {
            code: doc.code,
            severity: doc.severity,
            path: doc.path,
            loc,
            message: doc.message,
            scim_type: doc.scim_type,
            status: doc.status,
        })
    }
}

impl Issue {
    /// A new issue at `loc` (its `path` is rendered from it); `scimType` and `status` are filled
    /// from the code's catalogue entry when the severity is [`Severity::Error`].
    pub fn new(code: Code, severity: Severity, loc: Loc, message: impl Into<String>) -> Self {
        let (scim_type, status) = if severity == Severity::Error {
            (
                code.scim_type().map(str::to_string),
                Some(code.info().status),
            )
        } else {
            (None, None)
        };
        Issue {
            code,
            severity,
            path: loc.path(),
            loc,
            message: message.into(),
            scim_type,
            status,
        }
    }
}

/// Every finding about one payload. `valid` is true when no issue has severity `error`.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Report {
    /// True when there is no issue of severity [`Severity::Error`].
    pub valid: bool,
    /// All findings, in document order.
    pub issues: Vec<Issue>,
}

impl Report {
    /// Build a report from findings; `valid` is derived.
    pub fn from_issues(issues: Vec<Issue>) -> Self {
        let valid = !issues.iter().any(|i| i.severity == Severity::Error);
        Report { valid, issues }
    }

    /// Issues of severity error.
    pub fn errors(&self) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(|i| i.severity == Severity::Error)
    }

    /// Whether an issue with this code is present.
    pub fn has(&self, code: Code) -> bool {
        self.issues.iter().any(|i| i.code == code)
    }

    /// The RFC 7644 §3.12 error body a SCIM service would answer with, or `None` for a valid report.
    ///
    /// `status` and `scimType` come from the first error; `detail` lists every error as
    /// `path: message`, separated by `; `.
    pub fn to_scim_error(&self) -> Option<Value> {
        let first = self.errors().next()?;
        let detail = self
            .errors()
            .map(|i| {
                if i.path.is_empty() {
                    i.message.clone()
                } else {
                    format!("{}: {}", i.path, i.message)
                }
            })
            .collect::<Vec<_>>()
            .join("; ");
        Some(crate::error::scim_error_body(
            first.status.unwrap_or(400),
            first.scim_type.as_deref(),
            &detail,
        ))
    }
}
