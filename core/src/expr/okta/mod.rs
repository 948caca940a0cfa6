//! The Okta Expression Language (classic, as in Okta profile mappings): a subset of Spring's
//! SpEL with Okta's function families (`String`, `Arrays`, `Convert`, `Iso3166Convert`,
//! `Time`). The grammar, the functions and every choice where Okta's reference is silent are
//! in `docs/mapping-okta.md`.
//!
//! - References: `root.name[.name...]` (`user.firstName`, `appuser.userName`, `org.name`,
//!   `app.domain`, `source.x`, `zendesk.email`); the source holds the roots as nested objects,
//!   and an absent attribute is null.
//! - Strings in `'...'` or `"..."`; a quote is doubled to stand for itself; a backslash is an
//!   ordinary character (`"XDOMAIN\" + ...` in Okta's reference).
//! - A null result is not sent: `flows` is false.

mod eval;
mod funcs;
mod iso3166;
mod joda;
mod parse;
mod zones;

#[cfg(test)]
mod tests;

use std::fmt::Write as _;

use serde_json::Value;

use super::ast::Node;
use super::{Env, Evaluation};
use crate::error::Result;

/// Parse `text` into a tree.
///
/// # Errors
/// [`Error::InvalidExpression`](crate::Error::InvalidExpression) at the offset of the problem.
pub fn parse(text: &str) -> Result<Node> {
    parse::parse(text)
}

/// Binding strength of a node's outermost operator (higher binds tighter).
fn precedence(node: &Node) -> u8 {
    match node {
        Node::Conditional { .. } => 1,
        Node::Binary { op, .. } => match op.as_str() {
            "?:" => 1,
            "OR" => 2,
            "AND" => 3,
            "+" => 5,
            _ => 4,
        },
        Node::Unary { .. } => 6,
        Node::Literal { value, .. } if value.is_number() => 6,
        _ => 7,
    }
}

fn wrap(node: &Node, min: u8, out: &mut String) {
    if precedence(node) < min {
        out.push('(');
        write(node, out);
        out.push(')');
    } else {
        write(node, out);
    }
}

fn literal(value: &Value, out: &mut String) {
    match value {
        Value::String(s) => {
            out.push('"');
            out.push_str(&s.replace('"', "\"\""));
            out.push('"');
        }
        Value::Number(n) => match n.as_i64() {
            Some(i) => out.push_str(&i.to_string()),
            None => {
                let _ = write!(out, "{:?}", n.as_f64().unwrap_or(0.0));
            }
        },
        other => out.push_str(&other.to_string()),
    }
}

fn list(items: &[Node], out: &mut String) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write(item, out);
    }
}

fn write(node: &Node, out: &mut String) {
    match node {
        Node::Literal { value, .. } => literal(value, out),
        Node::Missing { .. } | Node::Template { .. } => {}
        Node::Attribute { path, .. } => out.push_str(&path.join(".")),
        Node::Call {
            function,
            receiver,
            args,
            ..
        } => {
            if let Some(r) = receiver {
                wrap(r, 7, out);
                out.push('.');
            }
            out.push_str(function);
            out.push('(');
            list(args, out);
            out.push(')');
        }
        Node::Unary { op, operand, .. } => {
            out.push_str(op);
            // `- -1` must not print as `--1` (SpEL's decrement). A space, not parentheses, keeps
            // the two apart, so a chain of negations prints no deeper than it parsed (each
            // parenthesis would add a nesting level, and the text would exceed the limit).
            if op == "-" && matches!(&**operand, Node::Unary { op, .. } if op == "-") {
                out.push(' ');
                write(operand, out);
            } else {
                wrap(operand, 6, out);
            }
        }
        Node::Binary {
            op, left, right, ..
        } => {
            let p = precedence(node);
            if op == "?:" {
                wrap(left, 2, out);
                out.push_str(" ?: ");
                wrap(right, 1, out);
                return;
            }
            // Left-associative; comparisons do not chain.
            wrap(left, if p == 4 { 5 } else { p }, out);
            out.push(' ');
            out.push_str(op);
            out.push(' ');
            wrap(right, p + 1, out);
        }
        Node::Conditional {
            test,
            then,
            otherwise,
            ..
        } => {
            wrap(test, 2, out);
            out.push_str(" ? ");
            wrap(then, 1, out);
            out.push_str(" : ");
            wrap(otherwise, 1, out);
        }
        Node::List { items, .. } => {
            out.push('{');
            list(items, out);
            out.push('}');
        }
        Node::Index { target, index, .. } => {
            wrap(target, 7, out);
            out.push('[');
            write(index, out);
            out.push(']');
        }
    }
}

/// The canonical text of `node`: double-quoted strings, `AND`/`OR`, one space around binary
/// operators and after commas, parentheses only where needed.
pub fn print(node: &Node) -> String {
    let mut out = String::new();
    write(node, &mut out);
    out
}

/// Evaluate `node` against `source` (the roots `user`, `appuser`, `org`, ... as nested
/// objects).
pub fn evaluate(node: &Node, source: &Value, env: &Env) -> Evaluation {
    let ctx = eval::Ctx { source, env };
    match ctx.eval(node) {
        Ok(value) => Evaluation {
            flows: !value.is_null(),
            value,
            issues: Vec::new(),
        },
        Err(f) => Evaluation::failed(f.at, &f.message),
    }
}
