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

impl Validator {
    /// Parse a filter with this validator's settings: lenient mode or the `valuePathCompare`
    /// dialect switch accept Entra's `emails[type eq "work"].value eq "x"`.
    pub fn parse_filter(&self, text: &str) -> Result<Filter> {
        parse::parse_filter(text, &self.filter_options()?)
    }

    /// Parse a PATCH path with this validator's settings.
    pub fn parse_path(&self, text: &str) -> Result<AttrPath> {
        parse::parse_path(text, &self.filter_options()?)
    }

    fn filter_options(&self) -> Result<ParseOptions> {
        let dialect = crate::dialect::Dialect::from_option(self.options().dialect.as_ref())?;
        Ok(ParseOptions {
            lenient: dialect.value_path_compare || self.options().mode == crate::Mode::Lenient,
            ..ParseOptions::default()
        })
    }
}

impl AttrPath {
    /// `{"urn": ..., "name": ..., "filter": <canonical filter text or null>, "sub": ...,
    /// "text": <canonical path>}`.
    pub fn to_json(&self) -> Value {
        serde_json::json!({
            "urn": self.urn,
            "name": self.name,
            "filter": self.filter.as_ref().map(|f| f.to_string()),
            "sub": self.sub,
            "text": self.to_string(),
        })
    }
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
