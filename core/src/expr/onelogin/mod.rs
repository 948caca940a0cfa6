//! OneLogin's mapping languages (see `docs/mapping-onelogin.md`): three forms, told apart by
//! their text.
//!
//! * **Attribute macros**, as in an app parameter's "Macro" value: literal text with
//!   placeholders, `{firstname}.{lastname}@acme.com`, `{user.custom_fields.cost_center}`. A
//!   [`Node::Template`] of [`Node::Literal`] text and [`Node::Attribute`] placeholders (path
//!   `["firstname"]`, `["user", "custom_fields", "cost_center"]`).
//! * **SCIM JSON templates** (the SCIM Provisioner connector's "SCIM JSON Template"): a JSON
//!   object whose string values hold `{$user.x}`, `{$user.custom_fields.x}` and
//!   `{$parameters.x}` placeholders. A [`Node::Template`] whose literal parts are the JSON text
//!   as written between the placeholders (the first part starts with `{`), and whose
//!   placeholders are attributes with a first path part `$user` or `$parameters`.
//! * **Rules** (an app's "Rules": conditions and "Set `<field>`" actions), written as OneLogin's
//!   App Rules API shapes them: `{"match": "all", "conditions": [{"source": "title",
//!   "operator": "~", "value": "admin"}], "actions": [{"action": "set_usertype", "value":
//!   ["Collaborator"]}]}` (a JSON object with both `conditions` and `actions`). A
//!   [`Node::Call`] `rule` (arguments: name, match, the conditions as a [`Node::List`] of
//!   [`Node::Binary`], the actions as a list of [`Node::Call`] named by the action, each value a
//!   macro template).
//!
//! The source is the user's fields (`firstname`, `lastname`, `email`, `username`, ...),
//! `custom_fields` (an object) and `parameters` (the app's parameter values, an object).

mod eval;
mod rule;
mod scan;

use serde_json::Value;

use super::ast::{Node, Span};
use super::{Env, Evaluation};
use crate::error::Result;
use scan::{Mode, Piece, J};

/// Longest text accepted (bytes).
pub const MAX_TEXT: usize = 1 << 20;

/// Parse `text` into a tree.
///
/// # Errors
/// [`Error::InvalidExpression`](crate::Error::InvalidExpression) at the offset of the problem:
/// an unknown placeholder, an unbalanced brace, malformed JSON, a rule with an unknown
/// operator or action.
pub fn parse(text: &str) -> Result<Node> {
    if text.len() > MAX_TEXT {
        return Err(super::invalid(
            MAX_TEXT,
            "a shorter text",
            format!("the text is longer than {MAX_TEXT} bytes"),
        ));
    }
    if looks_like_json(text) {
        let tree = scan::parse_json(text, Mode::Plain)?;
        if rule::is_rule(&tree) {
            return rule::build(text, &tree);
        }
        // A template: read again with placeholders in string values.
        let tree = scan::parse_json(text, Mode::Dollar)?;
        if !matches!(tree, J::Obj(..)) {
            return Err(super::invalid(
                0,
                "a JSON object",
                "a SCIM JSON template is an object",
            ));
        }
        let mut places = Vec::new();
        collect_places(&tree, &mut places);
        Ok(template_from(text, places))
    } else {
        let pieces = scan::scan(text, 0, text.len(), Mode::Macro, false)?;
        let places = pieces
            .into_iter()
            .filter_map(|p| match p {
                Piece::Place(path, span) => Some((path, span)),
                Piece::Text(_) => None,
            })
            .collect();
        Ok(template_from(text, places))
    }
}

/// Whether `text` is a JSON document (a template or a rule): it starts with `{` followed by a
/// quote or `}` (a macro's `{` is followed by a name).
fn looks_like_json(text: &str) -> bool {
    let ws: &[char] = &[' ', '\t', '\n', '\r'];
    let t = text.trim_start_matches(ws);
    t.strip_prefix('{')
        .is_some_and(|rest| matches!(rest.trim_start_matches(ws).chars().next(), Some('"' | '}')))
}

fn collect_places(j: &J, out: &mut Vec<(Vec<String>, Span)>) {
    match j {
        J::Str(pieces, _) => {
            for p in pieces {
                if let Piece::Place(path, span) = p {
                    out.push((path.clone(), *span));
                }
            }
        }
        J::Arr(items, _) => items.iter().for_each(|i| collect_places(i, out)),
        J::Obj(members, _) => members.iter().for_each(|(_, _, v)| collect_places(v, out)),
        J::Null | J::Bool(_) | J::Num(_) => {}
    }
}

/// The template of `text` with the placeholders at `places` (in order): literal parts are the
/// text between them as written.
fn template_from(text: &str, places: Vec<(Vec<String>, Span)>) -> Node {
    let mut parts = Vec::new();
    let mut at = 0;
    for (path, span) in places {
        if span.start > at {
            parts.push(literal(&text[at..span.start], Span::new(at, span.start)));
        }
        parts.push(Node::Attribute { path, span });
        at = span.end;
    }
    if at < text.len() {
        parts.push(literal(&text[at..], Span::new(at, text.len())));
    }
    Node::Template {
        parts,
        span: Span::new(0, text.len()),
    }
}

pub(super) fn literal(s: &str, span: Span) -> Node {
    Node::Literal {
        value: Value::String(s.to_string()),
        raw: None,
        span,
    }
}

/// Whether `parts` are a SCIM JSON template (its first literal starts with `{`; a macro's
/// literal text never holds a brace).
fn is_json_template(parts: &[Node]) -> bool {
    matches!(parts.first(), Some(Node::Literal { value: Value::String(s), .. })
        if s.trim_start_matches([' ', '\t', '\n', '\r']).starts_with('{'))
}

/// The text a template was parsed from (literal parts as written, placeholders in braces).
pub(super) fn template_text(parts: &[Node]) -> String {
    let mut out = String::new();
    for p in parts {
        match p {
            Node::Literal {
                value: Value::String(s),
                ..
            } => out.push_str(s),
            Node::Attribute { path, .. } => {
                out.push('{');
                out.push_str(&path.join("."));
                out.push('}');
            }
            _ => {}
        }
    }
    out
}

/// The canonical text of `node`: a macro as written; a JSON template or a rule as compact
/// JSON with `": "` and `", "` separators, strings re-escaped (literal braces as `\u007b` and
/// `\u007d`), placeholders as `{$user.x}`.
pub fn print(node: &Node) -> String {
    match node {
        Node::Template { parts, .. } if is_json_template(parts) => {
            let text = template_text(parts);
            match scan::parse_json(&text, Mode::Dollar) {
                Ok(tree) => {
                    let mut out = String::with_capacity(text.len());
                    print_json(&tree, &mut out);
                    out
                }
                Err(_) => text,
            }
        }
        Node::Template { parts, .. } => template_text(parts),
        Node::Call { function, args, .. } if function == "rule" => rule::print(args),
        other => format!("{other:?}"),
    }
}

fn print_json(j: &J, out: &mut String) {
    match j {
        J::Null => out.push_str("null"),
        J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        J::Num(n) => out.push_str(n),
        J::Str(pieces, _) => {
            out.push('"');
            for p in pieces {
                match p {
                    Piece::Text(t) => out.push_str(&scan::inner_text(t)),
                    Piece::Place(path, _) => {
                        out.push('{');
                        out.push_str(&path.join("."));
                        out.push('}');
                    }
                }
            }
            out.push('"');
        }
        J::Arr(items, _) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                print_json(v, out);
            }
            out.push(']');
        }
        J::Obj(members, _) => {
            out.push('{');
            for (i, (k, _, v)) in members.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&serde_json::to_string(k).unwrap_or_default());
                out.push_str(": ");
                print_json(v, out);
            }
            out.push('}');
        }
    }
}

/// Evaluate `node` against `source` (see the module documentation and
/// `docs/mapping-onelogin.md` for what each form yields).
pub fn evaluate(node: &Node, source: &Value, env: &Env) -> Evaluation {
    let _ = env; // no OneLogin form reads the clock or the random source
    match node {
        Node::Template { parts, .. } if is_json_template(parts) => {
            let text = template_text(parts);
            match scan::parse_json(&text, Mode::Dollar) {
                Ok(tree) => eval::json_template(&tree, source),
                Err(e) => eval::failed(0, &format!("the template does not parse: {e}")),
            }
        }
        Node::Template { parts, .. } => eval::macro_template(parts, source),
        Node::Call { function, args, .. } if function == "rule" => rule::evaluate(args, source),
        other => eval::failed(other.span().start, "not a OneLogin expression"),
    }
}

#[cfg(test)]
mod tests;
