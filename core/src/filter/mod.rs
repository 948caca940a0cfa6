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
use crate::validator::compiled::Compiled;

/// Parse a filter with default limits (8 KiB, 32 levels) in strict mode. Without schemas, it
/// cannot refuse attributes that are never returned;
/// [`Validator::parse_filter`](crate::Validator::parse_filter) does, and
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

/// Parse options for a compiled validator: lenient mode or the `valuePathCompare` dialect
/// switch accept Entra's `emails[type eq "work"].value eq "x"`.
fn options_for(c: &Compiled) -> ParseOptions {
    ParseOptions {
        lenient: c.dialect.value_path_compare || c.options.rules.mode == crate::Mode::Lenient,
        ..ParseOptions::default()
    }
}

/// Parse a filter with a validator's settings, refusing attributes that are never returned.
pub(crate) fn parse_filter_for(c: &Compiled, text: &str) -> Result<Filter> {
    let check = |path: &AttrPath, within: Option<&AttrPath>, container: bool| {
        eval::unfilterable(c, path, within, container)
    };
    parse::parse_filter_checked(text, &options_for(c), Some(&check))
}

/// Parse a PATCH path with a validator's settings; its value filter may not name an attribute
/// that is never returned (the path itself may: `password` is a valid PATCH target).
pub(crate) fn parse_path_for(c: &Compiled, text: &str) -> Result<AttrPath> {
    let check = |path: &AttrPath, within: Option<&AttrPath>, container: bool| {
        within.and_then(|_| eval::unfilterable(c, path, within, container))
    };
    parse::parse_path_checked(text, &options_for(c), Some(&check))
}

/// Whether `filter` matches `resource`; refuses attributes that are never returned.
pub(crate) fn matches_in(c: &Compiled, filter: &Filter, resource: &Value) -> Result<bool> {
    eval::ensure_filterable(c, filter, None)?;
    matches_checked(c, filter, resource)
}

fn matches_checked(c: &Compiled, filter: &Filter, resource: &Value) -> Result<bool> {
    match resource {
        Value::Object(m) => eval::matches(filter, m, eval::Scope::Resource(c)),
        _ => Ok(false),
    }
}

/// The resources `filter` selects, in order.
pub(crate) fn select<'a>(
    c: &Compiled,
    filter: &Filter,
    resources: &'a [Value],
) -> Result<Vec<&'a Value>> {
    eval::ensure_filterable(c, filter, None)?;
    let mut out = Vec::new();
    for r in resources {
        if matches_checked(c, filter, r)? {
            out.push(r);
        }
    }
    Ok(out)
}

/// A parsed attribute path, as the bindings return it.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PathInfo {
    /// The schema URN, when the path is URN-qualified.
    pub urn: Option<String>,
    /// The attribute name.
    pub name: String,
    /// The value filter in canonical text, or `None`.
    pub filter: Option<String>,
    /// The sub-attribute, or `None`.
    pub sub: Option<String>,
    /// The whole path in canonical text.
    pub text: String,
}

impl AttrPath {
    /// The path's parts and canonical text.
    pub fn info(&self) -> PathInfo {
        PathInfo {
            urn: self.urn.clone(),
            name: self.name.clone(),
            filter: self.filter.as_ref().map(std::string::ToString::to_string),
            sub: self.sub.clone(),
            text: self.to_string(),
        }
    }

    /// [`AttrPath::info`] as JSON: `{"urn", "name", "filter", "sub", "text"}`.
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self.info()).unwrap_or(Value::Null)
    }
}
