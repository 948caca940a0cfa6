//! Evaluating macros and SCIM JSON templates against a source user.

use serde_json::{Map, Value};

use super::scan::{Piece, J};
use crate::expr::ast::Node;
use crate::expr::Evaluation;

/// A failed evaluation: value null, not sent, one `expression_failed` naming `offset`.
pub(super) fn failed(offset: usize, message: &str) -> Evaluation {
    Evaluation::failed(offset, message)
}

/// A runtime failure at a byte offset.
pub(super) struct Failure {
    pub(super) offset: usize,
    pub(super) message: String,
}

impl Failure {
    fn new(offset: usize, message: impl Into<String>) -> Failure {
        Failure {
            offset,
            message: message.into(),
        }
    }

    pub(super) fn into_evaluation(self) -> Evaluation {
        failed(self.offset, &self.message)
    }
}

fn text_of(v: Option<&Value>) -> Option<&str> {
    v.and_then(Value::as_str).filter(|s| !s.is_empty())
}

/// The user's custom field `name` (`source.custom_fields.name`).
fn custom_field<'a>(
    source: &'a Value,
    name: &str,
    offset: usize,
) -> Result<Option<&'a Value>, Failure> {
    match source.get("custom_fields") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(m)) => Ok(m.get(name)),
        Some(_) => Err(Failure::new(
            offset,
            "the source's custom_fields is not an object",
        )),
    }
}

/// `firstname lastname` (either may be missing).
fn full_name(source: &Value) -> Option<Value> {
    let parts: Vec<&str> = ["firstname", "lastname"]
        .iter()
        .filter_map(|k| text_of(source.get(*k)))
        .collect();
    (!parts.is_empty()).then(|| Value::String(parts.join(" ")))
}

fn first_char(v: Option<&Value>) -> Option<Value> {
    text_of(v)
        .and_then(|s| s.chars().next())
        .map(|c| Value::String(c.to_string()))
}

/// The value of the macro at `path` (`["firstname"]`, `["user", "custom_fields", "x"]`).
pub(super) fn macro_value(
    source: &Value,
    path: &[String],
    offset: usize,
) -> Result<Option<Value>, Failure> {
    match path {
        [_, _, name] => Ok(custom_field(source, name, offset)?.cloned()),
        [name] => {
            let derived = match name.as_str() {
                "name" => Some(
                    source
                        .get("name")
                        .filter(|v| text_of(Some(v)).is_some())
                        .cloned()
                        .or_else(|| full_name(source)),
                ),
                "firstinitial" => Some(first_char(source.get("firstname"))),
                "lastinitial" => Some(first_char(source.get("lastname"))),
                "email_name_part" => Some(
                    text_of(source.get("email"))
                        .and_then(|e| e.rsplit_once('@'))
                        .map(|(n, _)| Value::String(n.to_string())),
                ),
                "email_domain_part" => Some(
                    text_of(source.get("email"))
                        .and_then(|e| e.rsplit_once('@'))
                        .map(|(_, d)| Value::String(d.to_string())),
                ),
                // A generated password: scimgate never produces one.
                "strongpwd" => Some(None),
                _ => None,
            };
            if let Some(v) = derived {
                return Ok(v);
            }
            match source.get(name.as_str()) {
                Some(v) => Ok(Some(v.clone())),
                None => Ok(custom_field(source, name, offset)?.cloned()),
            }
        }
        _ => Err(Failure::new(offset, "unknown macro form")),
    }
}

/// The value of the template placeholder at `path` (`["$user", "x"]`, ...).
fn dollar_value(source: &Value, path: &[String], offset: usize) -> Result<Option<Value>, Failure> {
    match path {
        [root, name] if root == "$user" => Ok(match source.get(name.as_str()) {
            Some(v) => Some(v.clone()),
            None if name == "display_name" => full_name(source),
            None => None,
        }),
        [root, cf, name] if root == "$user" && cf == "custom_fields" => {
            Ok(custom_field(source, name, offset)?.cloned())
        }
        [root, name] if root == "$parameters" => {
            let found = match source.get("parameters") {
                None | Some(Value::Null) => None,
                Some(Value::Object(m)) => m.get(name.as_str()).cloned(),
                Some(_) => {
                    return Err(Failure::new(
                        offset,
                        "the source's parameters is not an object",
                    ))
                }
            };
            // The scimusername parameter maps the Username attribute unless set otherwise.
            Ok(found.or_else(|| {
                (name == "scimusername")
                    .then(|| source.get("username").cloned())
                    .flatten()
            }))
        }
        _ => Err(Failure::new(offset, "unknown placeholder")),
    }
}

fn is_nothing(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.is_empty(),
        Some(Value::Array(a)) => a.is_empty(),
        Some(_) => false,
    }
}

/// `v` as text inside a longer string: strings as they are, numbers and booleans as JSON,
/// a list of texts joined with `;`; an object cannot be written into text.
fn stringify(v: &Value, offset: usize) -> Result<String, Failure> {
    match v {
        Value::Null => Ok(String::new()),
        Value::String(s) => Ok(s.clone()),
        Value::Bool(_) | Value::Number(_) => Ok(v.to_string()),
        Value::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for i in items {
                match i {
                    Value::Array(_) | Value::Object(_) => {
                        return Err(Failure::new(
                            offset,
                            "a list of lists or objects cannot be written into text",
                        ))
                    }
                    _ => out.push(stringify(i, offset)?),
                }
            }
            Ok(out.join(";"))
        }
        Value::Object(_) => Err(Failure::new(
            offset,
            "an object cannot be written into text",
        )),
    }
}

/// A macro template: the parts' texts joined. Nothing (an empty text) is `null` and not sent.
pub(super) fn macro_template(parts: &[Node], source: &Value) -> Evaluation {
    match macro_text(parts, source) {
        Ok(s) if s.is_empty() => Evaluation {
            value: Value::Null,
            flows: false,
            issues: Vec::new(),
        },
        Ok(s) => Evaluation {
            value: Value::String(s),
            flows: true,
            issues: Vec::new(),
        },
        Err(f) => f.into_evaluation(),
    }
}

/// The text of a macro template.
pub(super) fn macro_text(parts: &[Node], source: &Value) -> Result<String, Failure> {
    let mut out = String::new();
    for p in parts {
        match p {
            Node::Literal { value, .. } => {
                if let Value::String(s) = value {
                    out.push_str(s);
                }
            }
            Node::Attribute { path, span } => {
                if let Some(v) = macro_value(source, path, span.start)? {
                    out.push_str(&stringify(&v, span.start)?);
                }
            }
            other => return Err(Failure::new(other.span().start, "not part of a macro")),
        }
    }
    Ok(out)
}

/// A SCIM JSON template: the body with placeholders substituted, members that resolve to
/// nothing dropped.
pub(super) fn json_template(tree: &J, source: &Value) -> Evaluation {
    match fill(tree, source) {
        Ok(Some(v)) => Evaluation {
            value: v,
            flows: true,
            issues: Vec::new(),
        },
        Ok(None) => Evaluation {
            value: Value::Object(Map::new()),
            flows: true,
            issues: Vec::new(),
        },
        Err(f) => f.into_evaluation(),
    }
}

/// The value of `j`, `None` when it is dropped.
fn fill(j: &J, source: &Value) -> Result<Option<Value>, Failure> {
    Ok(match j {
        J::Null => Some(Value::Null),
        J::Bool(b) => Some(Value::Bool(*b)),
        J::Num(n) => {
            Some(serde_json::from_str(n).map_err(|_| Failure::new(0, "a number out of range"))?)
        }
        J::Str(pieces, _) => fill_string(pieces, source)?,
        J::Arr(items, _) => {
            let mut out = Vec::with_capacity(items.len());
            for i in items {
                if let Some(v) = fill(i, source)? {
                    out.push(v);
                }
            }
            (out.len() == items.len() || !out.is_empty()).then_some(Value::Array(out))
        }
        J::Obj(members, _) => {
            let mut out = Map::new();
            for (k, _, v) in members {
                if let Some(v) = fill(v, source)? {
                    out.insert(k.clone(), v);
                }
            }
            (out.len() == members.len() || !out.is_empty()).then_some(Value::Object(out))
        }
    })
}

fn fill_string(pieces: &[Piece], source: &Value) -> Result<Option<Value>, Failure> {
    if let [Piece::Place(path, span)] = pieces {
        let v = dollar_value(source, path, span.start)?;
        return Ok((!is_nothing(v.as_ref())).then(|| v.unwrap_or(Value::Null)));
    }
    let mut out = String::new();
    let mut any_place = false;
    let mut any_value = false;
    for p in pieces {
        match p {
            Piece::Text(t) => out.push_str(t),
            Piece::Place(path, span) => {
                any_place = true;
                let v = dollar_value(source, path, span.start)?;
                if !is_nothing(v.as_ref()) {
                    any_value = true;
                    out.push_str(&stringify(v.as_ref().unwrap_or(&Value::Null), span.start)?);
                }
            }
        }
    }
    Ok((!any_place || any_value).then_some(Value::String(out)))
}
