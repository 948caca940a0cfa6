//! Rules: `{"name", "match", "conditions": [{"source", "operator", "value"}], "actions":
//! [{"action": "set_<field>", "value": [macro, ...]}]}`, as OneLogin's App Rules API writes
//! them.

use std::fmt::Write as _;

use serde_json::{Map, Value};

use super::eval::{self, Failure};
use super::scan::{self, Mode, Piece, J};
use crate::error::Result;
use crate::expr::ast::{Node, Span};
use crate::expr::{invalid, Evaluation};

/// The operators: canonical spelling first, then the accepted aliases (ASCII case ignored).
const OPERATORS: &[(&str, &[&str])] = &[
    ("=", &["equals", "eq"]),
    ("!=", &["does not equal", "ne"]),
    ("~", &["contains"]),
    ("!~", &["does not contain"]),
    ("bw", &["begins with", "starts with"]),
    ("ew", &["ends with"]),
];

const RULE_KEYS: &str = "name, match, conditions or actions";

/// Whether `tree` is a rule: an object with both `conditions` and `actions`.
pub(super) fn is_rule(tree: &J) -> bool {
    matches!(tree, J::Obj(m, _)
        if m.iter().any(|(k, _, _)| k == "conditions") && m.iter().any(|(k, _, _)| k == "actions"))
}

fn plain(j: &J) -> Option<(String, Span)> {
    match j {
        J::Str(pieces, span) => {
            let mut s = String::new();
            for p in pieces {
                if let Piece::Text(t) = p {
                    s.push_str(t);
                }
            }
            Some((s, *span))
        }
        _ => None,
    }
}

fn str_node(s: &str, span: Span) -> Node {
    super::literal(s, span)
}

/// The offset of a value (the quote of a string, the bracket of a container).
fn offset_of(j: &J) -> Option<usize> {
    match j {
        J::Str(_, span) => Some(span.start - 1),
        J::Arr(_, o) | J::Obj(_, o) => Some(*o),
        _ => None,
    }
}

fn want_string(j: &J, at: usize, what: &str) -> Result<(String, Span)> {
    plain(j).ok_or_else(|| {
        invalid(
            offset_of(j).unwrap_or(at),
            format!("{what} (a string)"),
            format!("{what} must be a string"),
        )
    })
}

/// The tree of the rule `tree` (checked by [`is_rule`]) read from `text`.
pub(super) fn build(text: &str, tree: &J) -> Result<Node> {
    let J::Obj(members, open) = tree else {
        return Err(invalid(0, "a rule object", "not a rule"));
    };
    let mut name = Node::Literal {
        value: Value::Null,
        raw: None,
        span: Span::new(*open, *open),
    };
    let mut matching = str_node("all", Span::new(*open, *open));
    let mut conditions = Vec::new();
    let mut actions = Vec::new();
    let (mut cond_at, mut act_at) = (*open, *open);
    for (key, key_span, value) in members {
        match key.as_str() {
            "name" => {
                if !matches!(value, J::Null) {
                    let (s, span) = want_string(value, key_span.end, "the rule's name")?;
                    name = str_node(&s, span);
                }
            }
            "match" => {
                let (s, span) = want_string(value, key_span.end, "`all` or `any`")?;
                if s != "all" && s != "any" {
                    return Err(invalid(
                        span.start - 1,
                        "`all` or `any`",
                        format!("unknown match {s:?}"),
                    ));
                }
                matching = str_node(&s, span);
            }
            "conditions" => {
                let J::Arr(items, at) = value else {
                    return Err(invalid(
                        offset_of(value).unwrap_or(key_span.end),
                        "a list of conditions",
                        "conditions must be a list",
                    ));
                };
                cond_at = *at;
                for c in items {
                    conditions.push(condition(c, *at)?);
                }
            }
            "actions" => {
                let J::Arr(items, at) = value else {
                    return Err(invalid(
                        offset_of(value).unwrap_or(key_span.end),
                        "a list of actions",
                        "actions must be a list",
                    ));
                };
                act_at = *at;
                for a in items {
                    actions.push(action(text, a, *at)?);
                }
            }
            other => {
                return Err(invalid(
                    key_span.start,
                    RULE_KEYS,
                    format!("unknown rule member {other:?}"),
                ));
            }
        }
    }
    Ok(Node::Call {
        function: "rule".into(),
        receiver: None,
        args: vec![
            name,
            matching,
            Node::List {
                items: conditions,
                span: Span::new(cond_at, cond_at),
            },
            Node::List {
                items: actions,
                span: Span::new(act_at, act_at),
            },
        ],
        span: Span::new(0, text.len()),
    })
}

type Members<'a> = &'a [(String, Span, J)];

fn members_of<'a>(j: &'a J, at: usize, what: &str) -> Result<(Members<'a>, usize)> {
    match j {
        J::Obj(m, o) => Ok((m, *o)),
        _ => Err(invalid(
            offset_of(j).unwrap_or(at),
            format!("{what} (an object)"),
            format!("{what} must be an object"),
        )),
    }
}

fn condition(j: &J, at: usize) -> Result<Node> {
    let (members, open) = members_of(j, at, "a condition")?;
    let (mut source, mut op, mut value) = (None, None, None);
    for (key, key_span, v) in members {
        match key.as_str() {
            "source" => {
                let (s, span) = want_string(v, key_span.end, "the condition's source")?;
                if s.is_empty()
                    || !s
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
                {
                    return Err(invalid(
                        span.start - 1,
                        "a field name such as title or custom_attribute_x",
                        format!("bad source {s:?}"),
                    ));
                }
                source = Some(Node::Attribute {
                    path: vec![s],
                    span,
                });
            }
            "operator" => {
                let (s, span) = want_string(v, key_span.end, "the condition's operator")?;
                let canon = OPERATORS
                    .iter()
                    .find(|(c, aliases)| {
                        *c == s || aliases.iter().any(|a| a.eq_ignore_ascii_case(&s))
                    })
                    .map(|(c, _)| *c)
                    .ok_or_else(|| {
                        invalid(
                            span.start - 1,
                            "=, !=, ~, !~, bw or ew",
                            format!("unknown operator {s:?}"),
                        )
                    })?;
                op = Some(canon);
            }
            "value" => {
                let (s, span) = want_string(v, key_span.end, "the condition's value")?;
                value = Some(str_node(&s, span));
            }
            other => {
                return Err(invalid(
                    key_span.start,
                    "source, operator or value",
                    format!("unknown condition member {other:?}"),
                ))
            }
        }
    }
    match (source, op, value) {
        (Some(left), Some(op), Some(right)) => {
            let span = Span::new(open, left.span().end);
            Ok(Node::Binary {
                op: op.into(),
                left: Box::new(left),
                right: Box::new(right),
                span,
            })
        }
        _ => Err(invalid(
            open,
            "a condition with source, operator and value",
            "a condition needs source, operator and value",
        )),
    }
}

fn action(text: &str, j: &J, at: usize) -> Result<Node> {
    let (members, open) = members_of(j, at, "an action")?;
    let mut name = None;
    let mut values = None;
    for (key, key_span, v) in members {
        match key.as_str() {
            "action" => {
                let (s, span) = want_string(v, key_span.end, "the action")?;
                let field = s.strip_prefix("set_").unwrap_or("");
                if field.is_empty()
                    || !field
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
                {
                    return Err(invalid(
                        span.start - 1,
                        "an action named set_<field>",
                        format!("unsupported action {s:?}"),
                    ));
                }
                name = Some(s);
            }
            "value" => {
                let strings: Vec<&J> = match v {
                    J::Arr(items, _) => items.iter().collect(),
                    other => vec![other],
                };
                let mut parts = Vec::new();
                for s in strings {
                    let J::Str(_, span) = s else {
                        return Err(invalid(
                            offset_of(s).unwrap_or(key_span.end),
                            "a value or macro (a string)",
                            "an action's values are strings",
                        ));
                    };
                    parts.push(macro_node(text, *span)?);
                }
                values = Some(parts);
            }
            other => {
                return Err(invalid(
                    key_span.start,
                    "action or value",
                    format!("unknown action member {other:?}"),
                ))
            }
        }
    }
    match (name, values) {
        (Some(function), Some(args)) => Ok(Node::Call {
            function,
            receiver: None,
            args,
            span: Span::new(open, open),
        }),
        _ => Err(invalid(
            open,
            "an action with action and value",
            "an action needs action and value",
        )),
    }
}

/// The macro written in the JSON string whose inside is `span`.
fn macro_node(text: &str, span: Span) -> Result<Node> {
    let pieces = scan::scan(text, span.start, span.end, Mode::Macro, true)?;
    let mut parts = Vec::with_capacity(pieces.len());
    let mut at = span.start;
    for p in pieces {
        match p {
            Piece::Text(t) => parts.push(str_node(&t, Span::new(at, at))),
            Piece::Place(path, pspan) => {
                at = pspan.end;
                parts.push(Node::Attribute { path, span: pspan });
            }
        }
    }
    Ok(Node::Template { parts, span })
}

fn lit_str(n: &Node) -> Option<&str> {
    match n {
        Node::Literal {
            value: Value::String(s),
            ..
        } => Some(s),
        _ => None,
    }
}

/// The canonical text of a rule's arguments.
pub(super) fn print(args: &[Node]) -> String {
    let mut out = String::from("{");
    if let Some(name) = args.first().and_then(lit_str) {
        out.push_str("\"name\": ");
        out.push_str(&scan::quote_text(name));
        out.push_str(", ");
    }
    out.push_str("\"match\": ");
    out.push_str(&scan::quote_text(
        args.get(1).and_then(lit_str).unwrap_or("all"),
    ));
    out.push_str(", \"conditions\": [");
    if let Some(Node::List { items, .. }) = args.get(2) {
        for (i, c) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            if let Node::Binary {
                op, left, right, ..
            } = c
            {
                let source = match &**left {
                    Node::Attribute { path, .. } => path.join("."),
                    _ => String::new(),
                };
                let _ = write!(
                    out,
                    "{{\"source\": {}, \"operator\": {}, \"value\": {}}}",
                    scan::quote_text(&source),
                    scan::quote_text(op),
                    scan::quote_text(lit_str(right).unwrap_or(""))
                );
            }
        }
    }
    out.push_str("], \"actions\": [");
    if let Some(Node::List { items, .. }) = args.get(3) {
        for (i, a) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            if let Node::Call { function, args, .. } = a {
                let _ = write!(
                    out,
                    "{{\"action\": {}, \"value\": [",
                    scan::quote_text(function)
                );
                for (j, v) in args.iter().enumerate() {
                    if j > 0 {
                        out.push_str(", ");
                    }
                    out.push('"');
                    if let Node::Template { parts, .. } = v {
                        for p in parts {
                            match p {
                                Node::Attribute { path, .. } => {
                                    out.push('{');
                                    out.push_str(&path.join("."));
                                    out.push('}');
                                }
                                other => {
                                    out.push_str(&scan::inner_text(lit_str(other).unwrap_or("")));
                                }
                            }
                        }
                    }
                    out.push('"');
                }
                out.push_str("]}");
            }
        }
    }
    out.push_str("]}");
    out
}

/// Whether one text satisfies `op` against `want` (ASCII and Unicode case ignored).
fn test(op: &str, have: &str, want: &str) -> bool {
    let (h, w) = (have.to_lowercase(), want.to_lowercase());
    match op {
        "=" | "!=" => h == w,
        "~" | "!~" => h.contains(&w),
        "bw" => h.starts_with(&w),
        "ew" => h.ends_with(&w),
        _ => false,
    }
}

fn holds(c: &Node, source: &Value) -> std::result::Result<bool, Failure> {
    let Node::Binary {
        op, left, right, ..
    } = c
    else {
        return Ok(false);
    };
    let Node::Attribute { path, span } = &**left else {
        return Ok(false);
    };
    let want = lit_str(right).unwrap_or("");
    let name = path.join(".");
    let lookup: Vec<String> = match name.strip_prefix("custom_attribute_") {
        Some(field) => vec!["user".into(), "custom_fields".into(), field.into()],
        None => vec![name],
    };
    let have = eval::macro_value(source, &lookup, span.start)?;
    let texts: Vec<String> = match have {
        None | Some(Value::Null) => vec![String::new()],
        Some(Value::Array(items)) if !items.is_empty() => items
            .iter()
            .map(|v| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect(),
        Some(Value::Array(_)) => vec![String::new()],
        Some(Value::String(s)) => vec![s],
        Some(other) => vec![other.to_string()],
    };
    let any = texts.iter().any(|t| test(op, t, want));
    Ok(if op.starts_with('!') { !any } else { any })
}

/// Evaluate a rule: when its conditions hold, the fields its actions set (`set_title` sets
/// `title`); otherwise `null`, not sent.
pub(super) fn evaluate(args: &[Node], source: &Value) -> Evaluation {
    match run(args, source) {
        Ok(Some(fields)) => Evaluation {
            value: Value::Object(fields),
            flows: true,
            issues: Vec::new(),
        },
        Ok(None) => Evaluation {
            value: Value::Null,
            flows: false,
            issues: Vec::new(),
        },
        Err(f) => f.into_evaluation(),
    }
}

fn run(args: &[Node], source: &Value) -> std::result::Result<Option<Map<String, Value>>, Failure> {
    let any = args.get(1).and_then(lit_str) == Some("any");
    let conditions = match args.get(2) {
        Some(Node::List { items, .. }) => items.as_slice(),
        _ => &[],
    };
    let matched = if conditions.is_empty() {
        true
    } else if any {
        let mut m = false;
        for c in conditions {
            if holds(c, source)? {
                m = true;
                break;
            }
        }
        m
    } else {
        let mut m = true;
        for c in conditions {
            if !holds(c, source)? {
                m = false;
                break;
            }
        }
        m
    };
    if !matched {
        return Ok(None);
    }
    let mut fields = Map::new();
    if let Some(Node::List { items, .. }) = args.get(3) {
        for a in items {
            let Node::Call { function, args, .. } = a else {
                continue;
            };
            let field = function
                .strip_prefix("set_")
                .unwrap_or(function)
                .to_string();
            let mut values = Vec::new();
            for v in args {
                if let Node::Template { parts, .. } = v {
                    let s = eval::macro_text(parts, source)?;
                    if !s.is_empty() {
                        values.push(Value::String(s));
                    }
                }
            }
            match values.len() {
                0 => {
                    fields.remove(&field);
                }
                1 => {
                    fields.insert(field, values.pop().unwrap_or(Value::Null));
                }
                _ => {
                    fields.insert(field, Value::Array(values));
                }
            }
        }
    }
    Ok(Some(fields))
}
