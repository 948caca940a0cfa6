//! Options shared by every entry point, readable from JSON (camelCase or snake_case keys).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::dialect::Dialect;
use crate::error::{Error, Result};

/// Default `maxBytes`: 1 MiB, far above any single SCIM resource an IdP sends.
pub const DEFAULT_MAX_BYTES: usize = 1 << 20;
/// Default `maxDepth`: nesting levels of arrays and objects (SCIM resources need 4).
pub const DEFAULT_MAX_DEPTH: usize = 32;
/// Default `maxOperations` of a PATCH request.
pub const DEFAULT_MAX_OPERATIONS: usize = 1000;
/// Hard ceiling for `maxDepth`; the JSON parser refuses deeper input regardless.
pub const MAX_DEPTH_CEILING: usize = 120;
/// Ceiling for `maxBytes` in WebAssembly builds (`target_arch = "wasm32"`, the npm package):
/// 32 MiB.
///
/// A wasm32 instance has one linear memory of at most 4 GiB, and during a call it holds
/// everything at once: the UTF-8 copy of the JSON text, the parsed [`Value`] tree, the findings
/// and the result's JSON text, each several times the size of the input. Measured on the npm
/// build (Node 20), the instance's memory after one `check` of N bytes of JSON text: an array of
/// SCIM users, about 9 N; an array of empty objects (`[{},{},...]`), about 49 N; the worst shape
/// found, one object with many short distinct keys (each an unknown attribute with its own
/// finding), about 91 N: 1.4 GiB for 16 MiB, 2.9 GiB for 32 MiB, and 64 MiB ran out of memory.
/// So 32 MiB is the largest power of two that no input shape measured can exhaust the 4 GiB with.
/// [`Options::validate`] refuses a larger `maxBytes` in wasm32 builds; native builds have no
/// ceiling.
pub const WASM_MAX_BYTES_CEILING: usize = 32 << 20;

/// What the payload is for; it decides which rules apply.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Operation {
    /// A POST body: required attributes must be present, readOnly ones are ignored (warning).
    #[default]
    Create,
    /// A PUT body: as create.
    Replace,
    /// A service provider's response: readOnly attributes are expected, `id` is required, and
    /// `returned: never` attributes (password) must not appear.
    Response,
}

/// How closely to hold to the RFCs.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// RFC 7643/7644 as written.
    #[default]
    Strict,
    /// Accept known IdP quirks (string booleans, unknown attributes, qualified top-level keys),
    /// each reported as a warning and coerced by `normalize`.
    Lenient,
}

/// Options of every entry point, typed when they are read, in four parts: which resource type
/// and schemas ([`SchemaChoice`]), how to judge ([`Rules`], the dialect parsed once), the size
/// and count [`Limits`], and the vendor profile with the account's settings
/// ([`ProfileChoice`]).
///
/// From JSON it is one flat object whose keys may be camelCase (`resourceType`) or snake_case
/// (`resource_type`): `resourceType`, `schemas`, `operation`, `mode`, `dialect`, `maxBytes`,
/// `maxDepth`, `maxOperations`, `profile`, `approvedDomains`, `allowSubdomains`, `userTypes`,
/// `customFields`. An unknown key, or a value of the wrong type or out of range, is an
/// [`Error::InvalidOption`] naming the key.
///
/// ```
/// let o = scimgate::Options::from_value(serde_json::json!({
///     "resourceType": "Group", "dialect": "entra", "max_depth": 16
/// })).unwrap();
/// assert_eq!(o.schema.resource_type, "Group");
/// assert!(o.rules.dialect.capitalized_ops);
/// assert_eq!(o.limits.max_depth, 16);
/// let e = scimgate::Options::from_value(serde_json::json!({"maxDepth": "deep"})).unwrap_err();
/// assert!(matches!(e, scimgate::Error::InvalidOption { ref option, .. } if option == "maxDepth"));
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Options {
    /// `resourceType` and `schemas`.
    pub schema: SchemaChoice,
    /// `operation`, `mode` and `dialect`.
    pub rules: Rules,
    /// `maxBytes`, `maxDepth` and `maxOperations`.
    pub limits: Limits,
    /// `profile`, `approvedDomains`, `allowSubdomains`, `userTypes` and `customFields`.
    pub profile: ProfileChoice,
}

/// Which resource type is checked, against which schemas.
#[derive(Debug, Clone, PartialEq)]
pub struct SchemaChoice {
    /// Resource type name: `User`, `Group`, or one loaded through `schemas`. Default `User`.
    pub resource_type: String,
    /// Extra schema documents: single schemas, ResourceType documents, `/Schemas` or
    /// `/ResourceTypes` ListResponses, or arrays of these.
    pub schemas: Vec<Value>,
}

impl Default for SchemaChoice {
    fn default() -> Self {
        SchemaChoice {
            resource_type: "User".to_string(),
            schemas: Vec::new(),
        }
    }
}

/// How a payload is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rules {
    /// create (default), replace or response.
    pub operation: Operation,
    /// strict (default) or lenient.
    pub mode: Mode,
    /// The IdP dialect's switches (from a preset name, or `{"preset": name, <switch>: bool}`).
    pub dialect: Dialect,
}

/// Size and count limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest accepted input in bytes (JSON text entry points). Default 1 MiB
    /// ([`DEFAULT_MAX_BYTES`]); in WebAssembly builds at most 32 MiB
    /// ([`WASM_MAX_BYTES_CEILING`]), so that no accepted input can exhaust the instance's memory.
    pub max_bytes: usize,
    /// Deepest accepted nesting of arrays and objects (default 32, at most
    /// [`MAX_DEPTH_CEILING`]).
    pub max_depth: usize,
    /// Most PATCH operations accepted in one request (default 1000).
    pub max_operations: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: DEFAULT_MAX_BYTES,
            max_depth: DEFAULT_MAX_DEPTH,
            max_operations: DEFAULT_MAX_OPERATIONS,
        }
    }
}

/// The vendor profile and the account's settings.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProfileChoice {
    /// A vendor profile: a built-in name (`"wrike"`) or a profile document (see
    /// [`Profile`](crate::profile::Profile)). Adds the profile's extension schemas and its checks
    /// (user types, custom fields, approved domains). The view and the plan use the built-in
    /// `wrike` profile when none is given.
    pub profile: Option<Value>,
    /// Approved email domains for the login email (overrides the profile's; works without a
    /// profile too). Entries may be written `@example.com`.
    pub approved_domains: Option<Vec<String>>,
    /// Whether subdomains of approved domains are approved too (default false).
    pub allow_subdomains: Option<bool>,
    /// The account's user types: a list of values, or `{values, default, aliases}`. Given
    /// without `profile`, the built-in default profile applies.
    pub user_types: Option<Value>,
    /// The account's custom-field catalog: Wrike's `GET /customfields` response or a list of
    /// `{id, title, type}`. Given without `profile`, the built-in default profile applies.
    pub custom_fields: Option<Value>,
}

/// The option keys, in camelCase.
pub const OPTION_KEYS: &[&str] = &[
    "resourceType",
    "schemas",
    "operation",
    "mode",
    "dialect",
    "maxBytes",
    "maxDepth",
    "maxOperations",
    "profile",
    "approvedDomains",
    "allowSubdomains",
    "userTypes",
    "customFields",
];

fn bad(option: &str, message: impl Into<String>) -> Error {
    Error::InvalidOption {
        option: option.to_string(),
        message: message.into(),
    }
}

/// The option a key names: its camelCase name (`resourceType`) or exactly that name in
/// snake_case (`resource_type`); anything else (`resource__type`, `mode_`) names none.
fn option_key(written: &str) -> Option<&'static str> {
    OPTION_KEYS.iter().copied().find(|k| {
        *k == written || {
            let mut snake = String::with_capacity(k.len() + 4);
            for c in k.chars() {
                if c.is_ascii_uppercase() {
                    snake.push('_');
                    snake.push(c.to_ascii_lowercase());
                } else {
                    snake.push(c);
                }
            }
            snake == written
        }
    })
}

fn limit(key: &str, v: &Value) -> Result<usize> {
    v.as_u64()
        .and_then(|n| usize::try_from(n).ok())
        .ok_or_else(|| {
            bad(
                key,
                format!(
                    "must be a whole number, found {}",
                    crate::json::type_name(v)
                ),
            )
        })
}

fn string(key: &str, v: &Value) -> Result<String> {
    v.as_str().map(str::to_string).ok_or_else(|| {
        bad(
            key,
            format!("must be a string, found {}", crate::json::type_name(v)),
        )
    })
}

impl Options {
    /// Options for a resource type, all else default.
    pub fn for_type(resource_type: &str) -> Self {
        let mut o = Options::default();
        o.schema.resource_type = resource_type.to_string();
        o
    }

    /// Lenient options (all else default).
    pub fn lenient() -> Self {
        let mut o = Options::default();
        o.rules.mode = Mode::Lenient;
        o
    }

    /// These options with an IdP dialect: a preset name or `{"preset": name, <switch>: bool}`.
    pub fn with_dialect(mut self, dialect: &Value) -> Result<Self> {
        self.rules.dialect = Dialect::from_option(Some(dialect))?;
        Ok(self)
    }

    /// These options with a vendor profile: a built-in name (`"wrike"`) or a profile document.
    pub fn with_profile(mut self, profile: Value) -> Self {
        self.profile.profile = Some(profile);
        self
    }

    /// The options as one flat JSON object with camelCase keys (readable by
    /// [`Options::from_value`]); the dialect as the switches that are on.
    pub fn to_value(&self) -> Value {
        let mut m = Map::new();
        m.insert(
            "resourceType".into(),
            self.schema.resource_type.clone().into(),
        );
        m.insert(
            "operation".into(),
            serde_json::to_value(self.rules.operation).unwrap_or(Value::Null),
        );
        m.insert(
            "mode".into(),
            serde_json::to_value(self.rules.mode).unwrap_or(Value::Null),
        );
        m.insert("schemas".into(), Value::Array(self.schema.schemas.clone()));
        m.insert("maxBytes".into(), self.limits.max_bytes.into());
        m.insert("maxDepth".into(), self.limits.max_depth.into());
        m.insert("maxOperations".into(), self.limits.max_operations.into());
        if self.rules.dialect != Dialect::default() {
            m.insert(
                "dialect".into(),
                serde_json::to_value(self.rules.dialect).unwrap_or(Value::Null),
            );
        }
        let p = &self.profile;
        for (key, value) in [
            ("profile", p.profile.clone()),
            (
                "approvedDomains",
                p.approved_domains.clone().map(Value::from),
            ),
            ("allowSubdomains", p.allow_subdomains.map(Value::from)),
            ("userTypes", p.user_types.clone()),
            ("customFields", p.custom_fields.clone()),
        ] {
            if let Some(v) = value {
                m.insert(key.into(), v);
            }
        }
        Value::Object(m)
    }

    /// Parse a request document (resource, PATCH body, plan body) with these options'
    /// `maxBytes` and `maxDepth` limits.
    pub fn parse_json(&self, text: &[u8]) -> Result<Value> {
        crate::json::parse(text, self.limits.max_bytes, self.limits.max_depth)
    }

    /// Parse a JSON array of documents (the resources a filter runs over): the whole text
    /// within `maxBytes`, each element within `maxDepth`.
    pub fn parse_json_list(&self, text: &[u8]) -> Result<Value> {
        // The list adds one level; the limit reported is the option's (each element may nest
        // maxDepth levels).
        crate::json::parse(
            text,
            self.limits.max_bytes,
            self.limits.max_depth.saturating_add(1),
        )
        .map_err(|e| match e {
            Error::NestingTooDeep { .. } => Error::NestingTooDeep {
                limit: self.limits.max_depth,
            },
            other => other,
        })
    }

    /// Read options from JSON text (an object; `null` or empty input means defaults).
    pub fn from_json(text: &[u8]) -> Result<Self> {
        if text.iter().all(u8::is_ascii_whitespace) {
            return Ok(Options::default());
        }
        let value: Value = serde_json::from_slice(text).map_err(|e| {
            if crate::json::is_lone_surrogate(&e, text) {
                Error::InvalidUnicode {
                    argument: "options".into(),
                }
            } else {
                bad("options", e.to_string())
            }
        })?;
        Self::from_value(value)
    }

    /// Read options from a JSON value (an object, or `null` for defaults). Each key is typed as
    /// it is read; a problem names the key.
    pub fn from_value(value: Value) -> Result<Self> {
        let map = match value {
            Value::Null => return Ok(Options::default()),
            Value::Object(m) => m,
            other => {
                return Err(bad(
                    "options",
                    format!(
                        "options must be a JSON object, found {}",
                        crate::json::type_name(&other)
                    ),
                ))
            }
        };
        let mut o = Options::default();
        let mut seen: Vec<&str> = Vec::with_capacity(map.len());
        for (written, v) in map {
            let Some(key) = option_key(&written) else {
                return Err(bad(
                    &written,
                    format!(
                        "unknown option; options are {} (or their snake_case names)",
                        OPTION_KEYS.join(", ")
                    ),
                ));
            };
            if seen.contains(&key) {
                return Err(bad(&written, format!("{key} is given twice")));
            }
            seen.push(key);
            // null is the same as leaving the option out (Python's None, JS's null).
            if v.is_null() {
                continue;
            }
            let optional = |v: Value| (!v.is_null()).then_some(v);
            match key {
                "resourceType" => o.schema.resource_type = string(key, &v)?,
                "schemas" => {
                    o.schema.schemas = match v {
                        Value::Array(items) => items,
                        Value::Null => Vec::new(),
                        other => {
                            return Err(bad(
                                key,
                                format!(
                                    "must be a list of schema documents, found {}",
                                    crate::json::type_name(&other)
                                ),
                            ))
                        }
                    }
                }
                "operation" => {
                    o.rules.operation = serde_json::from_value(v)
                        .map_err(|_| bad(key, "must be create, replace or response"))?;
                }
                "mode" => {
                    o.rules.mode = serde_json::from_value(v)
                        .map_err(|_| bad(key, "must be strict or lenient"))?;
                }
                "dialect" => o.rules.dialect = Dialect::from_option(Some(&v))?,
                "maxBytes" => o.limits.max_bytes = limit(key, &v)?,
                "maxDepth" => o.limits.max_depth = limit(key, &v)?,
                "maxOperations" => o.limits.max_operations = limit(key, &v)?,
                "profile" => o.profile.profile = optional(v),
                "approvedDomains" => {
                    o.profile.approved_domains = match v {
                        Value::Null => None,
                        Value::Array(items) => Some(
                            items
                                .iter()
                                .map(|d| string(key, d))
                                .collect::<Result<Vec<_>>>()?,
                        ),
                        other => {
                            return Err(bad(
                                key,
                                format!(
                                    "must be a list of domains, found {}",
                                    crate::json::type_name(&other)
                                ),
                            ))
                        }
                    }
                }
                "allowSubdomains" => {
                    o.profile.allow_subdomains = match v {
                        Value::Null => None,
                        Value::Bool(b) => Some(b),
                        other => {
                            return Err(bad(
                                key,
                                format!(
                                    "must be true or false, found {}",
                                    crate::json::type_name(&other)
                                ),
                            ))
                        }
                    }
                }
                "userTypes" => o.profile.user_types = optional(v),
                "customFields" => o.profile.custom_fields = optional(v),
                // option_key names only the keys above; a key added to OPTION_KEYS without an
                // arm here is refused rather than ignored.
                _ => return Err(bad(key, "option not supported by this build")),
            }
        }
        o.validate()?;
        Ok(o)
    }

    /// Check ranges: `maxDepth` 1 to [`MAX_DEPTH_CEILING`], `maxOperations` and `maxBytes` at
    /// least 1, and `maxBytes` at most [`WASM_MAX_BYTES_CEILING`] when compiled for `wasm32`.
    pub fn validate(&self) -> Result<()> {
        let l = &self.limits;
        if l.max_depth == 0 || l.max_depth > MAX_DEPTH_CEILING {
            return Err(bad(
                "maxDepth",
                format!("must be between 1 and {MAX_DEPTH_CEILING}"),
            ));
        }
        if l.max_operations == 0 {
            return Err(bad("maxOperations", "must be at least 1"));
        }
        if l.max_bytes == 0 {
            return Err(bad("maxBytes", "must be at least 1"));
        }
        if cfg!(target_arch = "wasm32") && l.max_bytes > WASM_MAX_BYTES_CEILING {
            return Err(bad(
                "maxBytes",
                format!(
                    "must be at most {WASM_MAX_BYTES_CEILING} (32 MiB) in the WebAssembly build, \
                     whose memory must also hold the parsed document"
                ),
            ));
        }
        Ok(())
    }
}

impl Serialize for Options {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        self.to_value().serialize(s)
    }
}

impl<'de> Deserialize<'de> for Options {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        Options::from_value(Value::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_are_camel_case_or_exactly_their_snake_case() {
        let o = Options::from_value(json!({"max_depth": 5, "resourceType": "Group"})).unwrap();
        assert_eq!(
            (o.limits.max_depth, o.schema.resource_type.as_str()),
            (5, "Group")
        );
        for near_miss in [
            "mode_",
            "max__depth",
            "max_Depth",
            "resource_Type",
            "Mode",
            "maxdepth",
        ] {
            match Options::from_value(json!({ near_miss: 5 })) {
                Err(Error::InvalidOption { option, .. }) => assert_eq!(option, near_miss),
                other => panic!("{near_miss}: {other:?}"),
            }
        }
        assert!(Options::from_value(json!({"max_depth": 5, "maxDepth": 6})).is_err());
    }

    #[test]
    fn null_is_an_absent_option() {
        let all_null: serde_json::Map<String, Value> = OPTION_KEYS
            .iter()
            .map(|k| ((*k).to_string(), Value::Null))
            .collect();
        assert_eq!(
            Options::from_value(Value::Object(all_null)).unwrap(),
            Options::default()
        );
    }

    #[test]
    fn every_option_key_is_read() {
        // A value of the right type for each key: none may be refused as unsupported.
        let values = json!({
            "resourceType": "User", "schemas": [], "operation": "replace", "mode": "lenient",
            "dialect": "entra", "maxBytes": 10, "maxDepth": 3, "maxOperations": 2,
            "profile": "wrike", "approvedDomains": ["example.com"], "allowSubdomains": true,
            "userTypes": ["A"], "customFields": []
        });
        for k in OPTION_KEYS {
            let one = json!({ *k: values[*k].clone() });
            assert!(Options::from_value(one).is_ok(), "{k}");
        }
    }
}
