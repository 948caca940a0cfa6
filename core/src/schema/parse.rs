//! Reading schema and ResourceType documents (RFC 7643 §6, §7) into the model, with precise errors.

use serde_json::{Map, Value};

use super::{
    invalid, join_key, Attribute, AttributeType, Mutability, ResourceType, Returned, Schema,
    SchemaExtension, Uniqueness,
};
use crate::error::Result;

/// Parse one schema document (RFC 7643 §7). `path` prefixes error locations.
pub fn parse_schema(doc: &Value, path: &str) -> Result<Schema> {
    let map = doc
        .as_object()
        .ok_or_else(|| invalid(path, "a schema document must be an object"))?;
    let id = required_str(map, "id", path)?;
    if !id.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("urn:")) || id.len() < 6 {
        return Err(invalid(
            &join_key(path, "id"),
            &format!("schema id must be a URN (urn:...), got {}", Value::from(id)),
        ));
    }
    if id.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(invalid(
            &join_key(path, "id"),
            "schema id must not contain whitespace",
        ));
    }
    let name = optional_str(map, "name", path)?.unwrap_or_default();
    let description = optional_str(map, "description", path)?.unwrap_or_default();
    let attributes = match map.get("attributes") {
        Some(Value::Array(items)) => parse_attributes(items, &join_key(path, "attributes"), 0)?,
        Some(Value::Null) | None => Vec::new(),
        Some(_) => return Err(invalid(&join_key(path, "attributes"), "must be an array")),
    };
    Ok(Schema::new(
        id.to_string(),
        name.to_string(),
        description.to_string(),
        attributes,
    ))
}

fn parse_attributes(items: &[Value], path: &str, depth: usize) -> Result<Vec<Attribute>> {
    let mut out: Vec<Attribute> = Vec::with_capacity(items.len());
    let mut names = std::collections::HashSet::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let p = format!("{path}[{i}]");
        let attr = parse_attribute(item, &p, depth)?;
        if !names.insert(attr.name.to_ascii_lowercase()) {
            return Err(invalid(
                &join_key(&p, "name"),
                &format!(
                    "attribute {} is defined twice (names are case-insensitive)",
                    attr.name
                ),
            ));
        }
        out.push(attr);
    }
    Ok(out)
}

fn parse_attribute(v: &Value, path: &str, depth: usize) -> Result<Attribute> {
    let map = v
        .as_object()
        .ok_or_else(|| invalid(path, "an attribute definition must be an object"))?;
    let name = required_str(map, "name", path)?;
    if !valid_attribute_name(name) {
        return Err(invalid(
            &join_key(path, "name"),
            &format!(
                "{} is not a valid attribute name (RFC 7643 §2.1: a letter, then letters, digits, '-' or '_')",
                Value::from(name)
            ),
        ));
    }
    let kind = match optional_str(map, "type", path)?.unwrap_or("string") {
        "string" => AttributeType::String,
        "boolean" => AttributeType::Boolean,
        "decimal" => AttributeType::Decimal,
        "integer" => AttributeType::Integer,
        "dateTime" => AttributeType::DateTime,
        "binary" => AttributeType::Binary,
        "reference" => AttributeType::Reference,
        "complex" => AttributeType::Complex,
        other => {
            return Err(invalid(
                &join_key(path, "type"),
                &format!(
                    "unknown type {}; expected string, boolean, decimal, integer, dateTime, binary, reference or complex",
                    Value::from(other)
                ),
            ))
        }
    };
    // Sub-attributes are one level deep: none is complex (so `depth` is 0 or 1).
    if depth > 0 && kind == AttributeType::Complex {
        return Err(invalid(
            &join_key(path, "type"),
            &format!(
                "sub-attribute {name} is complex: a complex attribute must not contain \
                 sub-attributes that have sub-attributes (RFC 7643 §2.3.8)"
            ),
        ));
    }
    let mutability = match optional_str(map, "mutability", path)?.unwrap_or("readWrite") {
        "readOnly" => Mutability::ReadOnly,
        "readWrite" => Mutability::ReadWrite,
        "immutable" => Mutability::Immutable,
        "writeOnly" => Mutability::WriteOnly,
        other => {
            return Err(invalid(
                &join_key(path, "mutability"),
                &format!(
                    "unknown mutability {}; expected readOnly, readWrite, immutable or writeOnly",
                    Value::from(other)
                ),
            ))
        }
    };
    let returned = match optional_str(map, "returned", path)?.unwrap_or("default") {
        "always" => Returned::Always,
        "never" => Returned::Never,
        "default" => Returned::Default,
        "request" => Returned::Request,
        other => {
            return Err(invalid(
                &join_key(path, "returned"),
                &format!(
                    "unknown returned {}; expected always, never, default or request",
                    Value::from(other)
                ),
            ))
        }
    };
    let uniqueness = match optional_str(map, "uniqueness", path)?.unwrap_or("none") {
        "none" => Uniqueness::None,
        "server" => Uniqueness::Server,
        "global" => Uniqueness::Global,
        other => {
            return Err(invalid(
                &join_key(path, "uniqueness"),
                &format!(
                    "unknown uniqueness {}; expected none, server or global",
                    Value::from(other)
                ),
            ))
        }
    };
    let sub_attributes = match map.get("subAttributes") {
        Some(Value::Array(items)) => {
            if kind != AttributeType::Complex {
                return Err(invalid(
                    &join_key(path, "subAttributes"),
                    "only complex attributes have sub-attributes",
                ));
            }
            parse_attributes(items, &join_key(path, "subAttributes"), depth + 1)?
        }
        Some(Value::Null) | None => Vec::new(),
        Some(_) => {
            return Err(invalid(
                &join_key(path, "subAttributes"),
                "must be an array",
            ))
        }
    };
    if kind == AttributeType::Complex && sub_attributes.is_empty() {
        return Err(invalid(
            path,
            &format!("complex attribute {name} needs subAttributes"),
        ));
    }
    Ok(Attribute {
        name: name.to_string(),
        kind,
        multi_valued: optional_bool(map, "multiValued", path)?.unwrap_or(false),
        description: optional_str(map, "description", path)?
            .unwrap_or_default()
            .to_string(),
        required: optional_bool(map, "required", path)?.unwrap_or(false),
        canonical_values: string_list(map, "canonicalValues", path)?,
        case_exact: optional_bool(map, "caseExact", path)?.unwrap_or(false),
        mutability,
        returned,
        uniqueness,
        reference_types: string_list(map, "referenceTypes", path)?,
        sub_attributes,
    })
}

/// Parse a ResourceType document (RFC 7643 §6).
pub fn parse_resource_type(doc: &Value, path: &str) -> Result<ResourceType> {
    let map = doc
        .as_object()
        .ok_or_else(|| invalid(path, "a ResourceType document must be an object"))?;
    let name = required_str(map, "name", path)?;
    let schema = required_str(map, "schema", path)?;
    let endpoint = optional_str(map, "endpoint", path)?.unwrap_or_default();
    let id = optional_str(map, "id", path)?.unwrap_or(name);
    let description = optional_str(map, "description", path)?.unwrap_or_default();
    let mut schema_extensions = Vec::new();
    match map.get("schemaExtensions") {
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                let p = format!("{}[{i}]", join_key(path, "schemaExtensions"));
                let m = item
                    .as_object()
                    .ok_or_else(|| invalid(&p, "a schema extension must be an object"))?;
                schema_extensions.push(SchemaExtension {
                    schema: required_str(m, "schema", &p)?.to_string(),
                    required: optional_bool(m, "required", &p)?.unwrap_or(false),
                });
            }
        }
        Some(Value::Null) | None => {}
        Some(_) => {
            return Err(invalid(
                &join_key(path, "schemaExtensions"),
                "must be an array",
            ))
        }
    }
    Ok(ResourceType {
        id: id.to_string(),
        name: name.to_string(),
        endpoint: endpoint.to_string(),
        description: description.to_string(),
        schema: schema.to_string(),
        schema_extensions,
    })
}

/// RFC 7643 §2.1 ATTRNAME (`ALPHA *(nameChar)`), plus the reserved `$ref`.
pub(crate) fn valid_attribute_name(name: &str) -> bool {
    if name == "$ref" {
        return true;
    }
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn required_str<'a>(map: &'a Map<String, Value>, key: &str, path: &str) -> Result<&'a str> {
    match map.get(key) {
        Some(Value::String(s)) if !s.is_empty() => Ok(s),
        Some(Value::String(_)) => Err(invalid(&join_key(path, key), "must not be empty")),
        Some(_) => Err(invalid(&join_key(path, key), "must be a string")),
        None => Err(invalid(path, &format!("missing \"{key}\""))),
    }
}

fn optional_str<'a>(map: &'a Map<String, Value>, key: &str, path: &str) -> Result<Option<&'a str>> {
    match map.get(key) {
        Some(Value::String(s)) => Ok(Some(s)),
        Some(Value::Null) | None => Ok(None),
        Some(_) => Err(invalid(&join_key(path, key), "must be a string")),
    }
}

fn optional_bool(map: &Map<String, Value>, key: &str, path: &str) -> Result<Option<bool>> {
    match map.get(key) {
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(Value::Null) | None => Ok(None),
        Some(_) => Err(invalid(&join_key(path, key), "must be true or false")),
    }
}

fn string_list(map: &Map<String, Value>, key: &str, path: &str) -> Result<Vec<String>> {
    match map.get(key) {
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, v)| {
                v.as_str().map(str::to_string).ok_or_else(|| {
                    invalid(&format!("{}[{i}]", join_key(path, key)), "must be a string")
                })
            })
            .collect(),
        Some(Value::Null) | None => Ok(Vec::new()),
        Some(_) => Err(invalid(&join_key(path, key), "must be an array of strings")),
    }
}
