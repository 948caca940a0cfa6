//! Microsoft Entra ID's attribute-mapping expressions (the provisioning service's VBA-like
//! functions: `Join(" ", [givenName], [surname])`, `Switch([state], "x", "NSW", "y")`, ...).
//!
//! The grammar, every function's semantics and the choices made where Microsoft's documentation
//! is silent are described in `docs/mapping-entra.md`. In short:
//!
//! - an expression is a function call, an attribute `[name]`, a string constant `"text"`
//!   (`\"` and `\\` escaped), an integer (`12`, `-3`, `&HF7`), `True`/`False`, or one of InStr's
//!   `vbBinaryCompare`/`vbTextCompare`;
//! - function arguments may also be comparisons (`[a] = "x"`, `<>`, `<`, `<=`, `>`, `>=`), as in
//!   `IIF([country]="USA", ...)`, and may be left empty (`Switch([a], , "k", "v")`) where the
//!   function has an optional parameter there;
//! - function names are matched in any case and printed as documented.

mod dates;
mod eval;
mod functions;
mod parse;
mod text;

#[cfg(test)]
mod tests;

use std::fmt::Write as _;

use serde_json::Value;

use super::ast::Node;
use super::{Env, Evaluation};
use crate::error::Result;

/// The deepest nesting of function calls accepted (deeper is an
/// [`Error::InvalidExpression`](crate::Error::InvalidExpression)).
pub const MAX_DEPTH: usize = 64;

/// Parse `text` into a tree.
///
/// # Errors
/// [`Error::InvalidExpression`](crate::Error::InvalidExpression) at the offset of the problem:
/// an unknown function (at its name), a wrong number of arguments (at the first surplus argument,
/// or at the `)` when one is missing), an empty argument where the function needs one, an
/// unterminated string (at its opening quote), nesting deeper than [`MAX_DEPTH`].
pub fn parse(text: &str) -> Result<Node> {
    parse::parse(text)
}

/// The canonical text of `node`: function names as documented, `", "` between arguments,
/// `" = "` around comparisons, strings in double quotes with `\"` and `\\` escaped.
pub fn print(node: &Node) -> String {
    let mut out = String::new();
    print_into(node, &mut out);
    out
}

fn print_into(node: &Node, out: &mut String) {
    match node {
        Node::Literal { value, raw, .. } => {
            if let Some(raw) = raw {
                out.push_str(raw);
            } else {
                match value {
                    Value::String(s) => text::quote_into(s, out),
                    Value::Bool(true) => out.push_str("True"),
                    Value::Bool(false) => out.push_str("False"),
                    other => out.push_str(&other.to_string()),
                }
            }
        }
        Node::Missing { .. } => {}
        Node::Attribute { path, .. } => {
            out.push('[');
            out.push_str(&path.join("."));
            out.push(']');
        }
        Node::Call { function, args, .. } => {
            out.push_str(function);
            out.push('(');
            for (i, a) in args.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                    if !(i + 1 == args.len() && matches!(a, Node::Missing { .. })) {
                        out.push(' ');
                    }
                }
                print_into(a, out);
            }
            out.push(')');
        }
        Node::Binary {
            op, left, right, ..
        } => {
            print_into(left, out);
            out.push(' ');
            out.push_str(op);
            out.push(' ');
            print_into(right, out);
        }
        // Entra's parser builds no other node; print something that will not parse back as a
        // different expression.
        other => {
            let _ = write!(out, "{other:?}");
        }
    }
}

/// Evaluate `node` against `source` (attribute name → value; an absent attribute or JSON
/// `null` is NULL; a multi-valued attribute is an array; `appRoleAssignments` is an array of
/// objects with `displayName` and `value`).
pub fn evaluate(node: &Node, source: &Value, env: &Env) -> Evaluation {
    eval::evaluate(node, source, env)
}
