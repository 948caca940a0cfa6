//! Checking and normalizing a SCIM resource against the schemas of its resource type: one walk
//! ([`walk`] and the modules beside it) with two outputs — the findings and, when asked, the rewritten
//! resource with its changes — so that each rule lives once and a caller that needs both (the
//! plan, PATCH's re-check) walks the resource once.

mod names;
mod rewrite;
mod schemas;
mod value;
mod walk;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::issue::{Issue, Report};
use crate::json::type_name;
use crate::options::Operation;
use crate::validator::compiled::Compiled;
use walk::Walker;

/// Check `resource` (already within the depth limit) for `operation`.
pub(crate) fn check(c: &Compiled, operation: Operation, resource: &Value) -> Report {
    let mut w = Walker::new(c, operation, false);
    w.resource(resource, true, false);
    Report::from_issues(w.issues)
}

/// Normalize `resource` (already within the depth limit) for `operation`.
pub(crate) fn normalize(
    c: &Compiled,
    operation: Operation,
    resource: &Value,
) -> Result<Normalized> {
    let mut w = Walker::new(c, operation, false);
    let out = w
        .resource(resource, false, true)
        .ok_or(Error::NotAnObject {
            found: type_name(resource),
        })?;
    Ok(Normalized {
        resource: Value::Object(out),
        changes: w.changes,
    })
}

/// [`check`] and [`normalize`] in one walk: the same report and the same result as the two.
pub(crate) fn check_and_normalize(
    c: &Compiled,
    operation: Operation,
    resource: &Value,
) -> Result<(Report, Normalized)> {
    check_and_rewrite(c, operation, false, resource)
}

/// Findings for `operation` and, in the same walk, the rewritten resource — keeping readOnly
/// attributes when `keep_read_only` (the rewrite a response would get, next to the findings of
/// a request).
pub(crate) fn check_and_rewrite(
    c: &Compiled,
    operation: Operation,
    keep_read_only: bool,
    resource: &Value,
) -> Result<(Report, Normalized)> {
    let mut w = Walker::new(c, operation, keep_read_only);
    let out = w.resource(resource, true, true).ok_or(Error::NotAnObject {
        found: type_name(resource),
    })?;
    Ok((
        Report::from_issues(w.issues),
        Normalized {
            resource: Value::Object(out),
            changes: w.changes,
        },
    ))
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
pub(crate) fn normalize_stored(c: &Compiled, resource: &Value) -> Result<Map<String, Value>> {
    let mut w = Walker::new(c, Operation::Replace, true);
    w.resource(resource, false, true).ok_or(Error::NotAnObject {
        found: type_name(resource),
    })
}
