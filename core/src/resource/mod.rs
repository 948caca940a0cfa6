//! Checking and normalizing a SCIM resource against the schemas of its resource type.

mod check;
mod normalize;

use serde::Serialize;
use serde_json::Value;

use crate::error::Result;
use crate::issue::{Issue, Report};
use crate::options::Operation;
use crate::validator::compiled::Compiled;

/// Check `resource` (already within the depth limit) for `operation`.
pub(crate) fn check(c: &Compiled, operation: Operation, resource: &Value) -> Report {
    check::check(c, operation, resource)
}

/// Normalize `resource` (already within the depth limit) for `operation`.
pub(crate) fn normalize(
    c: &Compiled,
    operation: Operation,
    resource: &Value,
) -> Result<Normalized> {
    normalize::normalize(c, operation, resource)
}

/// The result of [`normalize`](crate::normalize): the rewritten resource and every change made, in order.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Normalized {
    /// The normalized resource.
    pub resource: Value,
    /// What was changed (or, for `duplicate_attribute_kept`, deliberately left alone), with a code
    /// and a path each.
    pub changes: Vec<Issue>,
}

/// Normalize a stored resource for PATCH: canonical spelling, readOnly attributes kept, no
/// change record.
pub(crate) fn normalize_stored(
    c: &Compiled,
    resource: &Value,
) -> Result<serde_json::Map<String, Value>> {
    match normalize::normalize_keep_read_only(c, resource)?.resource {
        Value::Object(m) => Ok(m),
        _ => Ok(serde_json::Map::new()),
    }
}
