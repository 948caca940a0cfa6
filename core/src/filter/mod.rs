//! SCIM filters (RFC 7644 §3.4.2.2) and attribute paths (§3.5.2): parsing with byte-offset
//! errors, a canonical text form that parses back to the same AST, and evaluation against
//! resources using the schemas' types and caseExact.

mod ast;
pub(crate) mod eval;
mod number;
mod parse;

use serde_json::Value;

pub use ast::{AttrPath, CompareOp, Filter};
pub use parse::{
    parse_filter as parse_filter_with, parse_path as parse_path_with, ParseOptions, DEPTH_CEILING,
};

use crate::error::Result;
use crate::resource::Validator;

/// Parse a filter with default limits (8 KiB, 32 levels) in strict mode. Without schemas, it
/// cannot refuse attributes that are never returned; [`Validator::parse_filter`] does, and
/// [`Filter::matches`] refuses them at evaluation.
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
    ///
    /// A filter naming an attribute whose schema says `returned: never` (`password`, in any
    /// spelling, qualified or not, under `not` or in a value filter) fails with
    /// [`Error::InvalidFilter`](crate::Error::InvalidFilter) at the offset of that attribute
    /// path: matching on it would reveal the value it never returns.
    pub fn parse_filter(&self, text: &str) -> Result<Filter> {
        let c = self.compiled();
        let check = |path: &AttrPath, within: Option<&AttrPath>, container: bool| {
            eval::unfilterable(c, path, within, container)
        };
        parse::parse_filter_checked(text, &self.filter_options()?, Some(&check))
    }

    /// Parse a PATCH path with this validator's settings. Its value filter may not name an
    /// attribute that is never returned (see [`Validator::parse_filter`]); the path itself may
    /// (`password` is a valid PATCH target).
    pub fn parse_path(&self, text: &str) -> Result<AttrPath> {
        let c = self.compiled();
        let check = |path: &AttrPath, within: Option<&AttrPath>, container: bool| {
            within.and_then(|_| eval::unfilterable(c, path, within, container))
        };
        parse::parse_path_checked(text, &self.filter_options()?, Some(&check))
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
    ///
    /// A filter naming an attribute that the validator's schemas never return (`password`) is
    /// refused with [`Error::InvalidFilter`](crate::Error::InvalidFilter) (offset 0, like other
    /// evaluation errors) whatever the resource holds, also when it was parsed without schemas
    /// by the free [`parse_filter`].
    pub fn matches(&self, resource: &Value, validator: &Validator) -> Result<bool> {
        eval::ensure_filterable(validator.compiled(), self, None)?;
        self.matches_checked(resource, validator)
    }

    fn matches_checked(&self, resource: &Value, validator: &Validator) -> Result<bool> {
        match resource {
            Value::Object(m) => eval::matches(self, m, eval::Scope::Resource(validator.compiled())),
            _ => Ok(false),
        }
    }
}

/// The resources a filter selects, in order — the answer to `GET /Users?filter=...`. An empty
/// list when nothing matches (Entra's probe with a random GUID expects exactly that). Refuses a
/// filter on an attribute that is never returned, as [`Filter::matches`] does.
pub fn filter_resources<'a>(
    filter: &Filter,
    resources: &'a [Value],
    validator: &Validator,
) -> Result<Vec<&'a Value>> {
    eval::ensure_filterable(validator.compiled(), filter, None)?;
    let mut out = Vec::new();
    for r in resources {
        if filter.matches_checked(r, validator)? {
            out.push(r);
        }
    }
    Ok(out)
}
