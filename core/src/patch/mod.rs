//! PATCH (RFC 7644 §3.5.2): parse a PatchOp request, apply its operations atomically to a
//! resource, record every change, report membership deltas for groups, and re-check the result.
//! IdP quirks are accepted only when the dialect switches them on, each use reported.

mod multi;
mod ops;

use crate::codes::Code;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::dialect::Dialect;
use crate::error::{Error, PatchErrorKind, Result};
use crate::filter::{AttrPath, ParseOptions};
use crate::issue::{Issue, Report, Severity};
use crate::loc::Loc;
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

pub(crate) fn fail(
    index: Option<usize>,
    kind: PatchErrorKind,
    message: impl Into<String>,
) -> Error {
    Error::PatchFailed {
        index,
        kind,
        message: message.into(),
    }
}

/// Parse a PatchOp body. `changes` receives the dialect coercions made while reading it.
pub(crate) fn parse_request(
    body: &Value,
    dialect: &Dialect,
    lenient: bool,
    max_operations: usize,
    changes: &mut Vec<Issue>,
) -> Result<Vec<Operation>> {
    let Value::Object(map) = body else {
        return Err(fail(
            None,
            PatchErrorKind::InvalidSyntax,
            "a PATCH body must be a JSON object",
        ));
    };
    match map.get("schemas") {
        Some(Value::Array(s))
            if s.iter().any(|u| {
                u.as_str()
                    .is_some_and(|u| u.eq_ignore_ascii_case(PATCH_OP_SCHEMA))
            }) => {}
        _ => {
            if !lenient {
                return Err(fail(
                    None,
                    PatchErrorKind::InvalidSyntax,
                    format!("\"schemas\" must list {PATCH_OP_SCHEMA}"),
                ));
            }
            changes.push(Issue::new(
                Code::PatchSchemaMissing,
                Severity::Warning,
                Loc::root().key("schemas"),
                format!("\"schemas\" does not list {PATCH_OP_SCHEMA}; accepted in lenient mode"),
            ));
        }
    }
    let ops = map.get("Operations").or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("operations"))
            .map(|(_, v)| v)
    });
    let Some(Value::Array(ops)) = ops else {
        return Err(fail(
            None,
            PatchErrorKind::InvalidSyntax,
            "\"Operations\" must be an array of operations",
        ));
    };
    if ops.is_empty() {
        if dialect.empty_operations_is_noop {
            changes.push(Issue::new(
                Code::EmptyOperations,
                Severity::Warning,
                Loc::root().key("Operations"),
                "\"Operations\" is empty; nothing to do (accepted for Microsoft's SCIM validator)",
            ));
            return Ok(Vec::new());
        }
        return Err(fail(
            None,
            PatchErrorKind::InvalidSyntax,
            "\"Operations\" must hold at least one operation",
        ));
    }
    if ops.len() > max_operations {
        return Err(fail(
            None,
            PatchErrorKind::InvalidSyntax,
            format!(
                "{} operations exceed the limit of {max_operations} (maxOperations)",
                ops.len()
            ),
        ));
    }
    let parse_opts = ParseOptions {
        lenient: dialect.value_path_compare,
        ..ParseOptions::default()
    };
    let mut out = Vec::with_capacity(ops.len());
    for (i, op) in ops.iter().enumerate() {
        let Value::Object(o) = op else {
            return Err(fail(
                Some(i),
                PatchErrorKind::InvalidSyntax,
                "an operation must be a JSON object",
            ));
        };
        for k in o.keys() {
            if !matches!(k.as_str(), "op" | "path" | "value") {
                return Err(fail(
                    Some(i),
                    PatchErrorKind::InvalidSyntax,
                    format!("unknown member {k:?}; an operation has op, path and value"),
                ));
            }
        }
        let Some(Value::String(name)) = o.get("op") else {
            return Err(fail(
                Some(i),
                PatchErrorKind::InvalidSyntax,
                "\"op\" must be add, remove or replace",
            ));
        };
        let kind = match name.as_str() {
            "add" => OpKind::Add,
            "remove" => OpKind::Remove,
            "replace" => OpKind::Replace,
            other => {
                let folded = match other.to_ascii_lowercase().as_str() {
                    "add" => Some(OpKind::Add),
                    "remove" => Some(OpKind::Remove),
                    "replace" => Some(OpKind::Replace),
                    _ => None,
                };
                match folded {
                    Some(k) if dialect.capitalized_ops => {
                        changes.push(Issue::new(
                            Code::CapitalizedOp,
                            Severity::Warning,
                            Loc::root().key("Operations").index(i).key("op"),
                            format!("op {other:?} read as {:?}", other.to_ascii_lowercase()),
                        ));
                        k
                    }
                    Some(_) => {
                        return Err(fail(
                            Some(i),
                            PatchErrorKind::InvalidSyntax,
                            format!("op {other:?} must be lower-case (the capitalizedOps dialect switch accepts it)"),
                        ))
                    }
                    None => {
                        return Err(fail(
                            Some(i),
                            PatchErrorKind::InvalidSyntax,
                            format!("op {other:?} is not add, remove or replace"),
                        ))
                    }
                }
            }
        };
        let path = match o.get("path") {
            None | Some(Value::Null) => None,
            Some(Value::String(p)) if p.is_empty() => None,
            Some(Value::String(p)) => Some(
                crate::filter::parse_path_with(p, &parse_opts)
                    .map_err(|e| fail(Some(i), PatchErrorKind::InvalidPath, e.to_string()))?,
            ),
            Some(_) => {
                return Err(fail(
                    Some(i),
                    PatchErrorKind::InvalidPath,
                    "\"path\" must be a string",
                ))
            }
        };
        let value = o.get("value").cloned();
        match (kind, &path, &value) {
            (OpKind::Remove, None, _) => {
                return Err(fail(
                    Some(i),
                    PatchErrorKind::NoTarget,
                    "remove needs a path",
                ));
            }
            (OpKind::Add | OpKind::Replace, _, None) => {
                return Err(fail(
                    Some(i),
                    PatchErrorKind::InvalidValue,
                    format!("{} needs a value", name.to_ascii_lowercase()),
                ));
            }
            (OpKind::Add | OpKind::Replace, None, Some(v)) if !v.is_object() => {
                return Err(fail(
                    Some(i),
                    PatchErrorKind::InvalidValue,
                    "without a path, the value must be an object of attributes",
                ));
            }
            _ => {}
        }
        out.push(Operation {
            op: kind,
            path,
            value,
        });
    }
    Ok(out)
}

/// Apply a PatchOp request to `resource` (both within the depth limit).
pub(crate) fn apply(c: &Compiled, resource: &Value, patch: &Value) -> Result<Patched> {
    ops::apply(c, resource, patch, None).map(|(patched, _)| patched)
}

/// [`apply`], and in the same walk of the result that re-checks it, the result normalized for
/// `operation` (what [`normalize`](crate::normalize) would make of it), for the plan's view.
pub(crate) fn apply_normalized(
    c: &Compiled,
    resource: &Value,
    patch: &Value,
    operation: crate::options::Operation,
) -> Result<(Patched, Map<String, Value>)> {
    let (patched, normalized) = ops::apply(c, resource, patch, Some(operation))?;
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
