//! Reading a PatchOp body: its shape, each operation's `op`, `path` and `value` members, with
//! every problem recorded (located in the request) instead of stopping at the first, so that
//! `check_patch` and a failed `apply_patch` list them all.

use serde_json::Value;

use super::{OpKind, Operation, PATCH_OP_SCHEMA};
use crate::codes::Code;
use crate::dialect::Dialect;
use crate::error::{Error, PatchErrorKind as K};
use crate::filter::{AttrPath, ParseOptions};
use crate::issue::{Issue, Severity};
use crate::loc::Loc;

/// What a PATCH walk found: the changes it made (apply), and its problems — with, in check-only
/// mode, the warnings — each with its operation (`None` for the body itself), in request order.
#[derive(Debug, Default)]
pub(crate) struct Findings {
    /// Check only (`check_patch`): warnings go to `problems`, located in the request; infos
    /// are not kept.
    pub(crate) check_only: bool,
    /// The changes of an apply: what each operation did and every quirk accepted.
    pub(crate) changes: Vec<Issue>,
    /// Problems (error issues), and in check-only mode the warnings, in request order.
    pub(crate) problems: Vec<(Option<usize>, Issue)>,
}

impl Findings {
    /// Record a problem of `kind` at `loc` (in the request) for operation `index`.
    pub(crate) fn problem(
        &mut self,
        index: Option<usize>,
        kind: K,
        loc: Loc,
        message: impl Into<String>,
    ) {
        self.problems.push((
            index,
            Issue::new(kind.code(), Severity::Error, loc, message.into()),
        ));
    }

    /// Record every issue of a failure (a [`Error::PatchFailed`] from a step of the walk).
    pub(crate) fn failed(&mut self, e: Error) {
        match e {
            Error::PatchFailed {
                index,
                kind,
                message,
                issues,
            } => {
                if issues.is_empty() {
                    self.problem(index, kind, op_loc(index), message);
                } else {
                    self.problems
                        .extend(issues.into_iter().map(|issue| (index, issue)));
                }
            }
            other => {
                let message = other.to_string();
                self.problem(None, K::InvalidSyntax, Loc::root(), message);
            }
        }
    }

    /// Record a warning located in the request (both modes keep these).
    pub(crate) fn request_warning(
        &mut self,
        index: Option<usize>,
        code: Code,
        loc: Loc,
        message: String,
    ) {
        let issue = Issue::new(code, Severity::Warning, loc, message);
        if self.check_only {
            self.problems.push((index, issue));
        } else {
            self.changes.push(issue);
        }
    }

    /// Whether an error was recorded.
    pub(crate) fn failing(&self) -> bool {
        self.problems
            .iter()
            .any(|(_, i)| i.severity == Severity::Error)
    }

    /// The failure for the problems recorded (call when [`Findings::failing`]): the first
    /// error gives `index`, `kind` and `message`, and every error is in `issues`.
    pub(crate) fn into_error(self) -> Error {
        let errors: Vec<(Option<usize>, Issue)> = self
            .problems
            .into_iter()
            .filter(|(_, i)| i.severity == Severity::Error)
            .collect();
        let (index, kind, message) = match errors.first() {
            Some((index, first)) => (
                *index,
                K::of_code(first.code).unwrap_or(K::InvalidSyntax),
                first.message.clone(),
            ),
            None => (None, K::InvalidSyntax, "the PATCH request failed".into()),
        };
        Error::PatchFailed {
            index,
            kind,
            message,
            issues: errors.into_iter().map(|(_, i)| i).collect(),
        }
    }
}

/// `Operations[index]`, or the body itself.
pub(crate) fn op_loc(index: Option<usize>) -> Loc {
    match index {
        Some(i) => Loc::root().key("Operations").index(i),
        None => Loc::root(),
    }
}

/// Read the body around the operations: an object, listing the PatchOp schema, with an
/// `Operations` array of at most `max_operations`. Returns the operations when they can be
/// read (an empty list for an empty `Operations` that the dialect accepts); every problem is
/// recorded.
pub(crate) fn read_body<'b>(
    body: &'b Value,
    dialect: &Dialect,
    lenient: bool,
    max_operations: usize,
    f: &mut Findings,
) -> Option<&'b [Value]> {
    let Value::Object(map) = body else {
        f.problem(
            None,
            K::InvalidSyntax,
            Loc::root(),
            "a PATCH body must be a JSON object",
        );
        return None;
    };
    match map.get("schemas") {
        Some(Value::Array(s))
            if s.iter().any(|u| {
                u.as_str()
                    .is_some_and(|u| u.eq_ignore_ascii_case(PATCH_OP_SCHEMA))
            }) => {}
        _ if lenient => f.request_warning(
            None,
            Code::PatchSchemaMissing,
            Loc::root().key("schemas"),
            format!("\"schemas\" does not list {PATCH_OP_SCHEMA}; accepted in lenient mode"),
        ),
        _ => f.problem(
            None,
            K::InvalidSyntax,
            Loc::root().key("schemas"),
            format!("\"schemas\" must list {PATCH_OP_SCHEMA}"),
        ),
    }
    let ops = map.get("Operations").or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("operations"))
            .map(|(_, v)| v)
    });
    let at = Loc::root().key("Operations");
    let Some(Value::Array(ops)) = ops else {
        f.problem(
            None,
            K::InvalidSyntax,
            at,
            "\"Operations\" must be an array of operations",
        );
        return None;
    };
    if ops.is_empty() {
        if dialect.empty_operations_is_noop {
            f.request_warning(
                None,
                Code::EmptyOperations,
                at,
                "\"Operations\" is empty; nothing to do (accepted for Microsoft's SCIM validator)"
                    .into(),
            );
            return Some(&[]);
        }
        f.problem(
            None,
            K::InvalidSyntax,
            at,
            "\"Operations\" must hold at least one operation",
        );
        return None;
    }
    if ops.len() > max_operations {
        f.problem(
            None,
            K::InvalidSyntax,
            at,
            format!(
                "{} operations exceed the limit of {max_operations} (maxOperations)",
                ops.len()
            ),
        );
        return None;
    }
    Some(ops)
}

/// What can be done with one operation once read.
pub(crate) enum Read {
    /// Run it (it may still have recorded problems, such as an op name in the wrong case or
    /// an unknown member, that do not stop its path and value from being checked).
    Run(Operation),
    /// Its op is unknown: only its path can be checked.
    PathOnly(AttrPath),
    /// Nothing more to check.
    Skip,
}

/// Read operation `i`: its members, `op` (with the dialect's op-name rules), the syntax of its
/// `path`, and whether its `value` fits the op. Every problem is recorded.
pub(crate) fn read_operation(
    i: usize,
    op: &Value,
    dialect: &Dialect,
    parse_opts: &ParseOptions,
    f: &mut Findings,
) -> Read {
    let at = op_loc(Some(i));
    let Value::Object(o) = op else {
        f.problem(
            Some(i),
            K::InvalidSyntax,
            at,
            "an operation must be a JSON object",
        );
        return Read::Skip;
    };
    for k in o.keys() {
        if !matches!(k.as_str(), "op" | "path" | "value") {
            f.problem(
                Some(i),
                K::InvalidSyntax,
                at.clone().key(k),
                format!("unknown member {k:?}; an operation has op, path and value"),
            );
        }
    }
    let kind = read_op(i, o.get("op"), dialect, f);
    let path = match o.get("path") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(p)) if p.is_empty() => Ok(None),
        Some(Value::String(p)) => crate::filter::parse_path_with(p, parse_opts)
            .map(Some)
            .map_err(|e| {
                f.problem(
                    Some(i),
                    K::InvalidPath,
                    at.clone().key("path"),
                    e.to_string(),
                );
            }),
        Some(_) => {
            f.problem(
                Some(i),
                K::InvalidPath,
                at.clone().key("path"),
                "\"path\" must be a string",
            );
            Err(())
        }
    };
    let value = o.get("value");
    let Some(kind) = kind else {
        return match path {
            Ok(Some(p)) => Read::PathOnly(p),
            _ => Read::Skip,
        };
    };
    let runs = match (kind, &path, value) {
        (_, Err(()), _) => false,
        (OpKind::Remove, Ok(None), _) => {
            f.problem(
                Some(i),
                K::NoTarget,
                at.clone().key("path"),
                "remove needs a path",
            );
            false
        }
        (OpKind::Add | OpKind::Replace, _, None) => {
            let name = if kind == OpKind::Add {
                "add"
            } else {
                "replace"
            };
            f.problem(
                Some(i),
                K::InvalidValue,
                at.clone().key("value"),
                format!("{name} needs a value"),
            );
            false
        }
        (OpKind::Add | OpKind::Replace, Ok(None), Some(v)) if !v.is_object() => {
            f.problem(
                Some(i),
                K::InvalidValue,
                at.clone().key("value"),
                "without a path, the value must be an object of attributes",
            );
            false
        }
        (OpKind::Remove, Ok(Some(p)), Some(v))
            if !v.is_null() && (p.filter.is_some() || p.sub.is_some()) =>
        {
            // Nothing would say what the value means: a value filter or a sub-attribute
            // already names what is removed.
            f.problem(
                Some(i),
                K::InvalidSyntax,
                at.clone().key("value"),
                "remove takes no value when its path has a value filter or a sub-attribute",
            );
            true
        }
        _ => true,
    };
    match path {
        Ok(path) if runs => Read::Run(Operation {
            op: kind,
            path,
            value: value.cloned(),
        }),
        _ => Read::Skip,
    }
}

/// The op of operation `i`: `add`, `remove` or `replace`; another letter case is accepted with
/// the `capitalizedOps` switch (a warning) and otherwise a problem, but still read as that op so
/// that the rest of the operation is checked.
fn read_op(i: usize, op: Option<&Value>, dialect: &Dialect, f: &mut Findings) -> Option<OpKind> {
    let at = op_loc(Some(i)).key("op");
    let Some(Value::String(name)) = op else {
        f.problem(
            Some(i),
            K::InvalidSyntax,
            at,
            "\"op\" must be add, remove or replace",
        );
        return None;
    };
    let exact = |s: &str| match s {
        "add" => Some(OpKind::Add),
        "remove" => Some(OpKind::Remove),
        "replace" => Some(OpKind::Replace),
        _ => None,
    };
    if let Some(k) = exact(name) {
        return Some(k);
    }
    let lower = name.to_ascii_lowercase();
    let Some(k) = exact(&lower) else {
        f.problem(
            Some(i),
            K::InvalidSyntax,
            at,
            format!("op {name:?} is not add, remove or replace"),
        );
        return None;
    };
    if dialect.capitalized_ops {
        f.request_warning(
            Some(i),
            Code::CapitalizedOp,
            at,
            format!("op {name:?} read as {lower:?}"),
        );
    } else {
        f.problem(
            Some(i),
            K::InvalidSyntax,
            at,
            format!(
                "op {name:?} must be lower-case (the capitalizedOps dialect switch accepts it)"
            ),
        );
    }
    Some(k)
}
