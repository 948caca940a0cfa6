//! SCIM filters (RFC 7644 §3.4.2.2) and attribute paths (§3.5.2): parsing with byte-offset
//! errors, a canonical text form that parses back to the same AST, and evaluation against
//! resources using the schemas' types and caseExact.

mod ast;
pub(crate) mod eval;
mod parse;

use serde_json::Value;

pub use ast::{AttrPath, CompareOp, Filter};
pub use parse::{parse_filter as parse_filter_with, parse_path as parse_path_with, ParseOptions};

use crate::error::Result;
use crate::resource::Validator;

/// Parse a filter with default limits (8 KiB, 32 levels) in strict mode.
///
/// ```
/// let f = scimgate::parse_filter(r#"userName Eq "ada" and (emails[type eq "work"] or active pr)"#).unwrap();
/// assert_eq!(f.to_string(), r#"userName eq "ada" and (emails[type eq "work"] or active pr)"#);
/// assert_eq!(scimgate::parse_filter(&f.to_string()).unwrap(), f);
/// ```
pub fn parse_filter(text: &str) -> Result<Filter> {
    parse::parse_filter(text, &ParseOptions::default())
}

/// Parse a PATCH path with default limits in strict mode.
///
/// ```
/// let p = scimgate::parse_path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value").unwrap();
/// assert_eq!(p.urn.as_deref(), Some("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"));
/// assert_eq!((p.name.as_str(), p.sub.as_deref()), ("manager", Some("value")));
/// ```
pub fn parse_path(text: &str) -> Result<AttrPath> {
    parse::parse_path(text, &ParseOptions::default())
}

impl Filter {
    /// Whether the filter matches `resource` (a JSON object; anything else never matches), with
    /// the validator's resource type deciding attribute types and caseExact.
    pub fn matches(&self, resource: &Value, validator: &Validator) -> Result<bool> {
        match resource {
            Value::Object(m) => eval::matches(self, m, eval::Scope::Resource(validator.compiled())),
            _ => Ok(false),
        }
    }
}

/// The resources a filter selects, in order — the answer to `GET /Users?filter=...`. An empty
/// list when nothing matches (Entra's probe with a random GUID expects exactly that).
pub fn filter_resources<'a>(
    filter: &Filter,
    resources: &'a [Value],
    validator: &Validator,
) -> Result<Vec<&'a Value>> {
    let mut out = Vec::new();
    for r in resources {
        if filter.matches(r, validator)? {
            out.push(r);
        }
    }
    Ok(out)
}
