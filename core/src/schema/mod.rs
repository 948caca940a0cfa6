//! The RFC 7643 §7 schema model, the built-in schemas, and the [`Registry`] of schemas and
//! resource types a check runs against.

mod parse;

use std::sync::{Arc, OnceLock};

use serde::Serialize;
use serde_json::{json, Value};

use crate::error::{Error, Result};

pub use parse::{parse_resource_type, parse_schema};

/// URN of the core User schema.
pub const USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
/// URN of the core Group schema.
pub const GROUP_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
/// URN of the Enterprise User extension.
pub const ENTERPRISE_USER_SCHEMA: &str =
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
/// URN that marks a schema document (RFC 7643 §7).
pub const SCHEMA_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Schema";
/// URN that marks a ResourceType document (RFC 7643 §6).
pub const RESOURCE_TYPE_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
/// URN of the ListResponse message (RFC 7644 §3.4.2).
pub const LIST_RESPONSE_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

/// An attribute's data type (RFC 7643 §2.3).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum AttributeType {
    /// A sequence of Unicode characters.
    String,
    /// `true` or `false`.
    Boolean,
    /// A real number (any JSON number).
    Decimal,
    /// A whole number with no fractional part or exponent.
    Integer,
    /// An `xsd:dateTime` (RFC 7643 §2.3.5), as a string.
    DateTime,
    /// Base64-encoded bytes.
    Binary,
    /// A URI referencing a resource (`$ref`).
    Reference,
    /// A set of sub-attributes.
    Complex,
}

impl AttributeType {
    /// The RFC spelling (`dateTime`, `reference`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            AttributeType::String => "string",
            AttributeType::Boolean => "boolean",
            AttributeType::Decimal => "decimal",
            AttributeType::Integer => "integer",
            AttributeType::DateTime => "dateTime",
            AttributeType::Binary => "binary",
            AttributeType::Reference => "reference",
            AttributeType::Complex => "complex",
        }
    }
}

/// Whether and how an attribute may be modified (RFC 7643 §7).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Mutability {
    /// Set by the service provider only.
    ReadOnly,
    /// Updatable.
    ReadWrite,
    /// Set once, then fixed.
    Immutable,
    /// Settable, never returned (passwords).
    WriteOnly,
}

/// When an attribute is returned in a response (RFC 7643 §7).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Returned {
    /// Always returned.
    Always,
    /// Never returned.
    Never,
    /// Returned unless excluded.
    Default,
    /// Returned only when asked for.
    Request,
}

/// How unique an attribute's value is (RFC 7643 §7).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Uniqueness {
    /// No uniqueness.
    None,
    /// Unique within the service provider.
    Server,
    /// Globally unique.
    Global,
}

/// One attribute definition (RFC 7643 §7 "attributes").
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Attribute {
    /// Attribute name, in canonical spelling.
    pub name: String,
    /// Data type.
    #[serde(rename = "type")]
    pub kind: AttributeType,
    /// Whether the value is an array.
    pub multi_valued: bool,
    /// Human-readable description.
    pub description: String,
    /// Whether the attribute is required.
    pub required: bool,
    /// Suggested values (a mismatch is a warning).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub canonical_values: Vec<String>,
    /// Whether string comparison is case-sensitive.
    pub case_exact: bool,
    /// Mutability.
    pub mutability: Mutability,
    /// When returned.
    pub returned: Returned,
    /// Uniqueness.
    pub uniqueness: Uniqueness,
    /// For references: the resource types referenced (`User`, `external`, `uri`, ...).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reference_types: Vec<String>,
    /// For complex attributes: the sub-attributes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sub_attributes: Vec<Attribute>,
}

impl Attribute {
    /// Find a sub-attribute by name, case-insensitively (RFC 7643 §2.1).
    pub fn sub_attribute(&self, name: &str) -> Option<&Attribute> {
        find_attribute(&self.sub_attributes, name)
    }
}

/// Find an attribute by name: exact spelling first, then ASCII case-insensitively.
pub fn find_attribute<'a>(attrs: &'a [Attribute], name: &str) -> Option<&'a Attribute> {
    attrs
        .iter()
        .find(|a| a.name == name)
        .or_else(|| attrs.iter().find(|a| a.name.eq_ignore_ascii_case(name)))
}

/// Attribute lists longer than this are looked up through a hash index instead of a scan.
const INDEX_FROM: usize = 16;

/// A case-folded name index over a list of attributes (names are ASCII and unique regardless of
/// case, which parsing enforces), so that a schema with many attributes (a tenant's extension
/// with thousands of custom attributes) is searched in constant time. The hash is foldhash's
/// (the trusted schema names are the only keys inserted, so a looked-up name cannot lengthen a
/// probe beyond what they make).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct AttrIndex {
    by_name: foldhash::HashMap<Box<str>, usize>,
}

impl AttrIndex {
    pub(crate) fn new(attrs: &[Attribute]) -> Self {
        if attrs.len() <= INDEX_FROM {
            return AttrIndex::default();
        }
        AttrIndex {
            by_name: attrs
                .iter()
                .enumerate()
                .map(|(i, a)| (a.name.to_ascii_lowercase().into_boxed_str(), i))
                .collect(),
        }
    }

    /// The attribute named `name` (ASCII case-insensitively), scanning short lists.
    pub(crate) fn find<'a>(&self, attrs: &'a [Attribute], name: &str) -> Option<&'a Attribute> {
        if self.by_name.is_empty() {
            return find_attribute(attrs, name);
        }
        // Attribute names are ASCII: a name with anything else matches nothing.
        if !name.is_ascii() {
            return None;
        }
        let mut buf = [0u8; 64];
        let i = if name.len() <= buf.len() {
            let folded = &mut buf[..name.len()];
            folded.copy_from_slice(name.as_bytes());
            folded.make_ascii_lowercase();
            // ASCII in, ASCII out.
            let key = std::str::from_utf8(folded).ok()?;
            self.by_name.get(key)
        } else {
            self.by_name.get(name.to_ascii_lowercase().as_str())
        };
        i.and_then(|&i| attrs.get(i))
    }
}

/// A schema (RFC 7643 §7): a URN and its attributes.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Schema {
    /// The schema URN.
    pub id: String,
    /// Human-readable name.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Human-readable description.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Top-level attributes.
    pub attributes: Vec<Attribute>,
    /// Name index over `attributes` (built by [`Schema::new`]).
    #[serde(skip)]
    index: AttrIndex,
}

impl Schema {
    /// A schema with its name index built.
    pub fn new(id: String, name: String, description: String, attributes: Vec<Attribute>) -> Self {
        let index = AttrIndex::new(&attributes);
        Schema {
            id,
            name,
            description,
            attributes,
            index,
        }
    }

    /// Find a top-level attribute by name, case-insensitively.
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.index.find(&self.attributes, name)
    }

    /// The schema document in RFC 7643 §7 representation.
    pub fn to_json(&self) -> Value {
        let mut v = serde_json::to_value(self).unwrap_or(Value::Null);
        if let Value::Object(map) = &mut v {
            let mut out = serde_json::Map::new();
            out.insert("schemas".into(), json!([SCHEMA_SCHEMA]));
            out.extend(std::mem::take(map));
            return Value::Object(out);
        }
        v
    }
}

/// A schema extension of a resource type.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SchemaExtension {
    /// The extension's schema URN.
    pub schema: String,
    /// Whether resources of this type must carry it.
    pub required: bool,
}

/// A resource type (RFC 7643 §6).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceType {
    /// Identifier (usually the name).
    pub id: String,
    /// Name, e.g. `User`.
    pub name: String,
    /// Endpoint, e.g. `/Users`.
    pub endpoint: String,
    /// Human-readable description.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Core schema URN.
    pub schema: String,
    /// Extensions.
    pub schema_extensions: Vec<SchemaExtension>,
}

impl ResourceType {
    /// The ResourceType document in RFC 7643 §6 representation.
    pub fn to_json(&self) -> Value {
        let mut out = serde_json::Map::new();
        out.insert("schemas".into(), json!([RESOURCE_TYPE_SCHEMA]));
        if let Ok(Value::Object(map)) = serde_json::to_value(self) {
            out.extend(map);
        }
        Value::Object(out)
    }

    /// The extension entry for `urn`, case-insensitively.
    pub fn extension(&self, urn: &str) -> Option<&SchemaExtension> {
        self.schema_extensions
            .iter()
            .find(|e| e.schema.eq_ignore_ascii_case(urn))
    }
}

/// Schemas and resource types. Cheap to clone (schemas are shared).
#[derive(Debug, Clone)]
pub struct Registry {
    schemas: Vec<Arc<Schema>>,
    resource_types: Vec<ResourceType>,
    common: Arc<Schema>,
}

const USER_JSON: &str = include_str!("builtin/user.json");
const GROUP_JSON: &str = include_str!("builtin/group.json");
const ENTERPRISE_JSON: &str = include_str!("builtin/enterprise_user.json");
const RESOURCE_TYPES_JSON: &str = include_str!("builtin/resource_types.json");
const COMMON_JSON: &str = include_str!("builtin/common.json");

fn builtin_registry() -> Result<Registry> {
    let doc = |text: &str| -> Result<Value> {
        serde_json::from_str(text).map_err(|e| Error::InvalidSchema {
            path: "(built-in)".into(),
            message: e.to_string(),
        })
    };
    let common = Arc::new(parse_schema(&doc(COMMON_JSON)?, "")?);
    let mut reg = Registry {
        schemas: Vec::new(),
        resource_types: Vec::new(),
        common,
    };
    for text in [USER_JSON, GROUP_JSON, ENTERPRISE_JSON] {
        reg.schemas.push(Arc::new(parse_schema(&doc(text)?, "")?));
    }
    if let Value::Array(items) = doc(RESOURCE_TYPES_JSON)? {
        for (i, rt) in items.iter().enumerate() {
            reg.resource_types
                .push(parse_resource_type(rt, &format!("[{i}]"))?);
        }
    }
    reg.resolve(&[])?;
    Ok(reg)
}

impl Registry {
    /// The built-in registry: RFC 7643 core User, Group and Enterprise User schemas, and the User
    /// (with the optional enterprise extension) and Group resource types. Parsed once per process.
    ///
    /// # Panics
    ///
    /// Never in a released build: the built-in documents are part of the crate, and a test parses
    /// them.
    pub fn builtin() -> &'static Registry {
        static BUILTIN: OnceLock<Registry> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            // The built-in documents are part of the crate and covered by tests.
            builtin_registry().unwrap_or_else(|e| panic!("built-in schemas are invalid: {e}"))
        })
    }

    /// The built-in registry plus the schemas and resource types in `doc` (see [`Registry::load`]).
    pub fn with_documents<'a>(docs: impl IntoIterator<Item = &'a Value>) -> Result<Registry> {
        let mut reg = Registry::builtin().clone();
        let mut added = Vec::new();
        for (i, doc) in docs.into_iter().enumerate() {
            added.extend(reg.load_one(doc, &format!("schemas[{i}]"))?);
        }
        reg.resolve(&added)?;
        Ok(reg)
    }

    /// Add the schemas and resource types in `doc`: a schema document, a ResourceType document,
    /// a `/Schemas` or `/ResourceTypes` ListResponse, or an array of any of these. A schema or
    /// resource type with the id/name of an existing one replaces it.
    ///
    /// A loaded schema that no resource type names becomes an optional extension of the resource
    /// type named by the last `:`-separated segment of its URN (for
    /// `urn:ietf:params:scim:schemas:extension:wrike:2.0:User`, the `User` type), when there is one.
    pub fn load(&mut self, doc: &Value) -> Result<()> {
        let added = self.load_one(doc, "")?;
        self.resolve(&added)
    }

    fn load_one(&mut self, doc: &Value, path: &str) -> Result<Vec<String>> {
        let mut added = Vec::new();
        let mut stack: Vec<(&Value, String, usize)> = vec![(doc, path.to_string(), 0)];
        while let Some((v, p, depth)) = stack.pop() {
            if depth > 2 {
                return Err(invalid(&p, "documents nested too deeply"));
            }
            match v {
                Value::Array(items) => {
                    for (i, item) in items.iter().enumerate().rev() {
                        stack.push((item, join_index(&p, i), depth + 1));
                    }
                }
                Value::Object(map) => {
                    let marks = |urn: &str| {
                        map.get("schemas")
                            .and_then(Value::as_array)
                            .is_some_and(|s| s.iter().any(|x| x.as_str() == Some(urn)))
                    };
                    let registry_shape = !map.contains_key("attributes")
                        && map.get("resourceTypes").is_some_and(Value::is_array)
                        && map
                            .get("schemas")
                            .and_then(Value::as_array)
                            .is_some_and(|a| a.iter().all(Value::is_object));
                    if registry_shape {
                        // The shape Registry::to_json writes: resource types first so that
                        // loaded schemas are resolved against them.
                        stack.push((
                            &map["resourceTypes"],
                            join_key(&p, "resourceTypes"),
                            depth + 1,
                        ));
                        stack.push((&map["schemas"], join_key(&p, "schemas"), depth + 1));
                    } else if marks(LIST_RESPONSE_SCHEMA) || map.contains_key("Resources") {
                        match map.get("Resources") {
                            Some(Value::Array(items)) => {
                                for (i, item) in items.iter().enumerate().rev() {
                                    stack.push((
                                        item,
                                        join_key(&p, &format!("Resources[{i}]")),
                                        depth + 1,
                                    ));
                                }
                            }
                            None => {}
                            Some(_) => {
                                return Err(invalid(&join_key(&p, "Resources"), "must be an array"))
                            }
                        }
                    } else if marks(RESOURCE_TYPE_SCHEMA) || map.contains_key("endpoint") {
                        let rt = parse_resource_type(v, &p)?;
                        self.resource_types
                            .retain(|r| !r.name.eq_ignore_ascii_case(&rt.name));
                        self.resource_types.push(rt);
                    } else if marks(SCHEMA_SCHEMA) || map.contains_key("attributes") {
                        let schema = parse_schema(v, &p)?;
                        added.push(schema.id.clone());
                        self.schemas
                            .retain(|s| !s.id.eq_ignore_ascii_case(&schema.id));
                        self.schemas.push(Arc::new(schema));
                    } else {
                        return Err(invalid(
                            &p,
                            "not a schema, a ResourceType or a ListResponse of them",
                        ));
                    }
                }
                _ => {
                    return Err(invalid(
                        &p,
                        "expected a schema document, a ResourceType, a ListResponse or an array",
                    ))
                }
            }
        }
        Ok(added)
    }

    /// Attach orphan loaded schemas and check that every resource type's schemas exist.
    fn resolve(&mut self, added: &[String]) -> Result<()> {
        for urn in added {
            let named = self
                .resource_types
                .iter()
                .any(|rt| rt.schema.eq_ignore_ascii_case(urn) || rt.extension(urn).is_some());
            if named {
                continue;
            }
            let last = urn.rsplit(':').next().unwrap_or("");
            if let Some(rt) = self
                .resource_types
                .iter_mut()
                .find(|rt| rt.name.eq_ignore_ascii_case(last))
            {
                rt.schema_extensions.push(SchemaExtension {
                    schema: urn.clone(),
                    required: false,
                });
            }
        }
        for (i, rt) in self.resource_types.iter().enumerate() {
            let path = format!("resourceTypes[{i}]");
            if self.schema(&rt.schema).is_none() {
                return Err(invalid(
                    &format!("{path}.schema"),
                    &format!(
                        "resource type {} names unknown schema {}",
                        rt.name, rt.schema
                    ),
                ));
            }
            for (j, ext) in rt.schema_extensions.iter().enumerate() {
                if self.schema(&ext.schema).is_none() {
                    return Err(invalid(
                        &format!("{path}.schemaExtensions[{j}].schema"),
                        &format!(
                            "resource type {} names unknown schema {}",
                            rt.name, ext.schema
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    /// A schema by URN, case-insensitively.
    pub fn schema(&self, urn: &str) -> Option<&Arc<Schema>> {
        self.schemas
            .iter()
            .find(|s| s.id == urn)
            .or_else(|| self.schemas.iter().find(|s| s.id.eq_ignore_ascii_case(urn)))
    }

    /// A resource type by name, case-insensitively.
    pub fn resource_type(&self, name: &str) -> Option<&ResourceType> {
        self.resource_types
            .iter()
            .find(|r| r.name.eq_ignore_ascii_case(name))
    }

    /// A resource type by name, or [`Error::UnknownResourceType`].
    pub fn require_resource_type(&self, name: &str) -> Result<&ResourceType> {
        self.resource_type(name)
            .ok_or_else(|| Error::UnknownResourceType {
                name: name.to_string(),
                known: self
                    .resource_types
                    .iter()
                    .map(|r| r.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }

    /// All schemas.
    pub fn schemas(&self) -> impl Iterator<Item = &Schema> {
        self.schemas.iter().map(std::convert::AsRef::as_ref)
    }

    /// All resource types.
    pub fn resource_types(&self) -> &[ResourceType] {
        &self.resource_types
    }

    /// The RFC 7643 §3.1 common attributes (`id`, `externalId`, `meta`) as a pseudo-schema.
    pub fn common(&self) -> &Schema {
        &self.common
    }

    /// The registry's documents in RFC 7643 representation. Passing them back as the `schemas`
    /// option recreates the registry.
    pub fn documents(&self) -> LoadedSchemas {
        LoadedSchemas {
            schemas: self
                .schemas
                .iter()
                .map(|s| Document {
                    schemas: [SCHEMA_SCHEMA],
                    body: (**s).clone(),
                })
                .collect(),
            resource_types: self
                .resource_types
                .iter()
                .map(|r| Document {
                    schemas: [RESOURCE_TYPE_SCHEMA],
                    body: r.clone(),
                })
                .collect(),
        }
    }

    /// [`Registry::documents`] as JSON: `{"schemas": [...], "resourceTypes": [...]}`.
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self.documents()).unwrap_or(Value::Null)
    }
}

/// A schema or ResourceType in RFC 7643 representation: the document's `schemas` marker, then
/// its fields.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "{T}Document"))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document<T> {
    /// `urn:ietf:params:scim:schemas:core:2.0:Schema` or `...:ResourceType`.
    pub schemas: [&'static str; 1],
    /// The schema or resource type.
    #[serde(flatten)]
    pub body: T,
}

/// What [`load_schemas`] returns as documents: every schema and resource type of the registry
/// (the built-ins and the loaded ones), in RFC 7643 representation.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LoadedSchemas {
    /// The schemas (RFC 7643 §7).
    pub schemas: Vec<Document<Schema>>,
    /// The resource types (RFC 7643 §6).
    pub resource_types: Vec<Document<ResourceType>>,
}

/// The built-in registry plus the schemas and resource types in `doc` (a schema document, a
/// ResourceType document, a `/Schemas` or `/ResourceTypes` ListResponse, an array of these, or
/// the output of [`Registry::to_json`]).
pub fn load_schemas(doc: &Value) -> Result<Registry> {
    let mut reg = Registry::builtin().clone();
    reg.load(doc)?;
    Ok(reg)
}

/// [`load_schemas`] from JSON text.
pub fn load_schemas_json(text: &[u8]) -> Result<Registry> {
    load_schemas(
        &crate::json::parse_reference(text).map_err(|e| crate::json::of_argument(e, "doc"))?,
    )
}

pub(crate) fn invalid(path: &str, message: &str) -> Error {
    Error::InvalidSchema {
        path: if path.is_empty() {
            "(document)".into()
        } else {
            path.to_string()
        },
        message: message.to_string(),
    }
}

pub(crate) fn join_key(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn join_index(path: &str, i: usize) -> String {
    format!("{path}[{i}]")
}
