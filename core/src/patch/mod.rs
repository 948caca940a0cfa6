//! PATCH (RFC 7644 §3.5.2): parse a PatchOp request, apply its operations atomically to a
//! resource, record every change, report membership deltas for groups, and re-check the result.
//! IdP quirks are accepted only when the dialect switches them on, each use reported.
//!
//! Checking a request without a resource ([`check_patch`](crate::check_patch)) is the same walk
//! over an empty resource, in a mode that leaves undecided what only the stored resource can
//! tell (whether a value filter matches, whether a readOnly value repeats the stored one): so a
//! failed apply lists the same problems, each located in the request.

mod canonical;
mod multi;
mod ops;
mod place;
mod read;

use std::borrow::Cow;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::Result;
use crate::filter::AttrPath;
use crate::issue::{Issue, Report};
use crate::validator::compiled::Compiled;

/// URN of the PatchOp message.
pub const PATCH_OP_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/// The operation kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OpKind {
    /// add
    Add,
    /// remove
    Remove,
    /// replace
    Replace,
}

/// One parsed operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The kind.
    pub op: OpKind,
    /// The target path, if any.
    pub path: Option<AttrPath>,
    /// The value, if any.
    pub value: Option<Value>,
}

/// Group membership changes made by a PATCH: member ids added and removed.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Members {
    /// Ids (`members[].value`) that became members.
    pub added: Vec<String>,
    /// Ids that stopped being members.
    pub removed: Vec<String>,
}

/// The outcome of [`apply_patch`](crate::apply_patch).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Patched {
    /// The resource after every operation.
    pub resource: Value,
    /// What each operation did (`added`, `replaced`, `removed`) and every dialect coercion
    /// (warnings), with paths.
    pub changes: Vec<Issue>,
    /// Membership deltas (empty for resources without `members`).
    pub members: Members,
    /// The resulting resource checked as a replace body (readOnly attributes it carries from
    /// the stored resource are not reported).
    pub report: Report,
}

/// Check a PatchOp request without a resource (within the depth limit): every problem of the
/// body and of each operation, and every dialect quirk it relies on, located in the request.
pub(crate) fn check(c: &Compiled, patch: &Value) -> Report {
    ops::check(c, patch)
}

/// Apply a PatchOp request to `resource` (both within the depth limit).
pub(crate) fn apply(c: &Compiled, resource: &Value, patch: &Value) -> Result<Patched> {
    ops::apply(c, Cow::Borrowed(resource), patch, None).map(|(patched, _)| patched)
}

/// [`apply`] to a resource the caller hands over (parsed from text): when it is already in
/// canonical form, the operations work on it in place, without a copy.
pub(crate) fn apply_owned(c: &Compiled, resource: Value, patch: &Value) -> Result<Patched> {
    ops::apply(c, Cow::Owned(resource), patch, None).map(|(patched, _)| patched)
}

/// [`apply`], and in the same walk of the result that re-checks it, the result normalized for
/// `operation` (what [`normalize`](crate::normalize) would make of it), for the plan's view.
pub(crate) fn apply_normalized(
    c: &Compiled,
    resource: &Value,
    patch: &Value,
    operation: crate::options::Operation,
) -> Result<(Patched, Map<String, Value>)> {
    let (patched, normalized) = ops::apply(c, Cow::Borrowed(resource), patch, Some(operation))?;
    Ok((patched, normalized.unwrap_or_default()))
}

/// The member ids of a group-like resource.
pub(crate) fn member_ids(resource: &Map<String, Value>) -> Vec<String> {
    match crate::json::find_key(resource, "members") {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|m| {
                m.as_object()
                    .and_then(|o| crate::json::find_key(o, "value"))
            })
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}
