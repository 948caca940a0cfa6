//! JSON Schema (the subset schemars writes) → TypeScript and Python type expressions.

use serde_json::{Map, Value};

/// Plain text of a Rust doc comment: links `[`X`](path)` and `[`X`]` become `` `X` ``.
pub fn doc_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("[`") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let Some(end) = after.find("`]") else {
            out.push_str(&rest[i..]);
            rest = "";
            break;
        };
        out.push_str(&after[..=end]);
        rest = &after[end + 2..];
        if rest.starts_with('(') {
            if let Some(close) = rest.find(')') {
                rest = &rest[close + 1..];
            }
        }
    }
    out.push_str(rest);
    out.replace("`None`", "`null`")
}

/// A schema's description.
pub fn description(schema: &Value) -> Option<String> {
    schema
        .get("description")
        .and_then(Value::as_str)
        .map(doc_text)
}

/// The `$defs` name a `$ref` points at.
pub fn ref_name(schema: &Value) -> Option<&str> {
    schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/$defs/"))
}

/// Types of a `"type"` keyword (a string or a list).
fn kinds(schema: &Value) -> Vec<&str> {
    match schema.get("type") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// Which language to write.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Ts,
    Py,
}

fn union(parts: Vec<String>, lang: Lang) -> String {
    let mut seen: Vec<String> = Vec::new();
    for p in parts {
        if !seen.contains(&p) {
            seen.push(p);
        }
    }
    if seen.len() == 1 {
        return seen.remove(0);
    }
    match lang {
        Lang::Ts => seen.join(" | "),
        Lang::Py => {
            // Optional[X] for X | None, Union[...] otherwise.
            if seen.len() == 2 && seen.iter().any(|s| s == "None") {
                let other = seen
                    .iter()
                    .find(|s| *s != "None")
                    .cloned()
                    .unwrap_or_default();
                format!("Optional[{other}]")
            } else {
                format!("Union[{}]", seen.join(", "))
            }
        }
    }
}

fn literal(v: &Value, lang: Lang) -> String {
    match (v, lang) {
        (Value::String(s), Lang::Ts) => format!("{s:?}"),
        (Value::String(s), Lang::Py) => format!("Literal[{s:?}]"),
        (Value::Bool(b), Lang::Ts) => b.to_string(),
        (Value::Bool(b), Lang::Py) => format!("Literal[{}]", if *b { "True" } else { "False" }),
        (Value::Null, Lang::Ts) => "null".into(),
        (Value::Null, Lang::Py) => "None".into(),
        (other, _) => other.to_string(),
    }
}

/// The type expression of a schema, inline. Named object definitions are referred to by name;
/// anonymous objects become TypeScript object literals or Python `Dict[str, Any]`.
pub fn expr(schema: &Value, lang: Lang) -> String {
    let any = match lang {
        Lang::Ts => "JsonValue",
        Lang::Py => "Any",
    };
    if schema == &Value::Bool(true)
        || schema
            .as_object()
            .is_some_and(|m| m.keys().all(|k| k == "description"))
    {
        return any.into();
    }
    if let Some(name) = ref_name(schema) {
        // Python: a forward reference, so that definitions may come in any order.
        return match lang {
            Lang::Ts => name.to_string(),
            Lang::Py => format!("{name:?}"),
        };
    }
    if let Some(c) = schema.get("const") {
        return literal(c, lang);
    }
    if let Some(Value::Array(values)) = schema.get("enum") {
        let parts: Vec<String> = values.iter().map(|v| literal(v, lang)).collect();
        return union(parts, lang);
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(Value::Array(items)) = schema.get(key) {
            return union(items.iter().map(|s| expr(s, lang)).collect(), lang);
        }
    }
    let kinds = kinds(schema);
    if kinds.is_empty() {
        return any.into();
    }
    let parts: Vec<String> = kinds
        .iter()
        .map(|k| match (*k, lang) {
            ("string", Lang::Ts) => "string".into(),
            ("string", Lang::Py) => "str".into(),
            ("integer" | "number", Lang::Ts) => "number".into(),
            ("integer", Lang::Py) => "int".into(),
            ("number", Lang::Py) => "float".into(),
            ("boolean", Lang::Ts) => "boolean".into(),
            ("boolean", Lang::Py) => "bool".into(),
            ("null", Lang::Ts) => "null".into(),
            ("null", Lang::Py) => "None".into(),
            ("array", _) => {
                let item = schema
                    .get("items")
                    .map_or(any.to_string(), |i| expr(i, lang));
                match lang {
                    Lang::Ts if item.contains(' ') => format!("({item})[]"),
                    Lang::Ts => format!("{item}[]"),
                    Lang::Py => format!("List[{item}]"),
                }
            }
            ("object", _) => object_expr(schema, lang),
            (other, _) => other.to_string(),
        })
        .collect();
    union(parts, lang)
}

fn object_expr(schema: &Value, lang: Lang) -> String {
    let props = schema.get("properties").and_then(Value::as_object);
    match (props, lang) {
        (Some(p), Lang::Ts) if !p.is_empty() => {
            let required = required(schema);
            let fields: Vec<String> = p
                .iter()
                .map(|(k, v)| {
                    let opt = if required.contains(&k.as_str()) {
                        ""
                    } else {
                        "?"
                    };
                    format!("{}{opt}: {}", ts_key(k), expr(v, lang))
                })
                .collect();
            format!("{{ {} }}", fields.join("; "))
        }
        (_, Lang::Ts) => match schema.get("additionalProperties") {
            Some(v) if v.is_object() => format!("{{ [key: string]: {} }}", expr(v, lang)),
            _ => "JsonObject".into(),
        },
        (_, Lang::Py) => match schema.get("additionalProperties") {
            Some(v) if v.is_object() => format!("Dict[str, {}]", expr(v, lang)),
            _ => "Dict[str, Any]".into(),
        },
    }
}

/// The `required` keys of an object schema.
pub fn required(schema: &Value) -> Vec<&str> {
    schema
        .get("required")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// A TypeScript property key (quoted when not an identifier).
pub fn ts_key(k: &str) -> String {
    let ident = k.chars().enumerate().all(|(i, c)| {
        c == '_' || c == '$' || c.is_ascii_alphabetic() || (i > 0 && c.is_ascii_digit())
    });
    if ident {
        k.to_string()
    } else {
        format!("{k:?}")
    }
}

/// Whether a definition is an object with named properties (an interface / TypedDict).
pub fn is_record(schema: &Value) -> bool {
    kinds(schema) == ["object"]
        && schema
            .get("properties")
            .and_then(Value::as_object)
            .is_some_and(|p| !p.is_empty())
}

/// Properties of a record in order.
pub fn properties(schema: &Value) -> Map<String, Value> {
    schema
        .get("properties")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

/// A contract type in the table's notation (`string`, `Report | null`, `CustomField[]`) in a
/// language.
pub fn notation(ty: &str, lang: Lang) -> String {
    let parts: Vec<String> = ty
        .split('|')
        .map(str::trim)
        .map(|t| {
            if let Some(inner) = t.strip_suffix("[]") {
                let i = notation(inner, lang);
                return match lang {
                    Lang::Ts => format!("{i}[]"),
                    Lang::Py => format!("List[{i}]"),
                };
            }
            match (t, lang) {
                ("string", Lang::Py) => "str".into(),
                ("boolean", Lang::Py) => "bool".into(),
                ("number", Lang::Py) => "float".into(),
                ("integer", Lang::Py) => "int".into(),
                ("integer", Lang::Ts) => "number".into(),
                ("null", Lang::Py) => "None".into(),
                (other, _) => other.to_string(),
            }
        })
        .collect();
    union(parts, lang)
}

/// camelCase → snake_case.
pub fn snake(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    for (i, c) in s.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// snake_case slug → CamelCase class name.
pub fn camel_class(slug: &str) -> String {
    slug.split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}
