//! Options shared by every entry point, readable from JSON (camelCase or snake_case keys).

use serde::{Deserialize, Serialize};
use serde_json::Value;

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

/// Options for [`check`](crate::check), [`normalize`](crate::normalize) and [`Validator`](crate::Validator).
///
/// From JSON, keys may be camelCase (`resourceType`) or snake_case (`resource_type`); unknown keys
/// are an [`Error::InvalidOption`].
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Options {
    /// Resource type name: `User`, `Group`, or one loaded through `schemas`. Default `User`.
    #[serde(alias = "resource_type")]
    pub resource_type: String,
    /// create (default), replace or response.
    pub operation: Operation,
    /// strict (default) or lenient.
    pub mode: Mode,
    /// Extra schema documents: single schemas, ResourceType documents, `/Schemas` or
    /// `/ResourceTypes` ListResponses, or arrays of these.
    pub schemas: Vec<Value>,
    /// Largest accepted input in bytes (JSON text entry points). Default 1 MiB
    /// ([`DEFAULT_MAX_BYTES`]); in WebAssembly builds at most 32 MiB
    /// ([`WASM_MAX_BYTES_CEILING`]), so that no accepted input can exhaust the instance's memory.
    #[serde(alias = "max_bytes")]
    pub max_bytes: usize,
    /// Deepest accepted nesting of arrays and objects.
    #[serde(alias = "max_depth")]
    pub max_depth: usize,
    /// A vendor profile: a built-in name (`"wrike"`) or a profile document (see
    /// [`Profile`](crate::profile::Profile)). Adds the profile's extension schemas and its checks
    /// (user types, custom fields, approved domains).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<Value>,
    /// Approved email domains for the login email (overrides the profile's; works without a
    /// profile too). Entries may be written `@example.com`.
    #[serde(alias = "approved_domains", skip_serializing_if = "Option::is_none")]
    pub approved_domains: Option<Vec<String>>,
    /// Whether subdomains of approved domains are approved too (default false).
    #[serde(alias = "allow_subdomains", skip_serializing_if = "Option::is_none")]
    pub allow_subdomains: Option<bool>,
    /// The account's user types: a list of values, or `{values, default, aliases}` (needs a profile).
    #[serde(alias = "user_types", skip_serializing_if = "Option::is_none")]
    pub user_types: Option<Value>,
    /// IdP dialect: a preset name (`rfc`, `entra`, `entra-aadOptscim062020`, `okta`, `onelogin`)
    /// or `{"preset": name, <switch>: true|false, ...}` (see [`Dialect`](crate::dialect::Dialect)).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dialect: Option<Value>,
    /// Most PATCH operations accepted in one request (default 1000).
    #[serde(alias = "max_operations")]
    pub max_operations: usize,
    /// The account's custom-field catalog: Wrike's `GET /customfields` response or a list of
    /// `{id, title, type}` (needs a profile).
    #[serde(alias = "custom_fields", skip_serializing_if = "Option::is_none")]
    pub custom_fields: Option<Value>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            resource_type: "User".to_string(),
            operation: Operation::Create,
            mode: Mode::Strict,
            schemas: Vec::new(),
            max_bytes: DEFAULT_MAX_BYTES,
            max_depth: DEFAULT_MAX_DEPTH,
            profile: None,
            approved_domains: None,
            allow_subdomains: None,
            user_types: None,
            custom_fields: None,
            dialect: None,
            max_operations: DEFAULT_MAX_OPERATIONS,
        }
    }
}

impl Options {
    /// Options for a resource type, all else default.
    pub fn for_type(resource_type: &str) -> Self {
        Options {
            resource_type: resource_type.to_string(),
            ..Options::default()
        }
    }

    /// The options as a JSON object with camelCase keys (readable by [`Options::from_value`]).
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    /// Parse a request document (resource, PATCH body, plan body) with these options'
    /// `maxBytes` and `maxDepth` limits.
    pub fn parse_json(&self, text: &[u8]) -> Result<Value> {
        crate::json::parse(text, self.max_bytes, self.max_depth)
    }

    /// Parse a JSON array of documents (the resources a filter runs over): the whole text
    /// within `maxBytes`, each element within `maxDepth`.
    pub fn parse_json_list(&self, text: &[u8]) -> Result<Value> {
        crate::json::parse(text, self.max_bytes, self.max_depth.saturating_add(1))
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
                Error::InvalidOption {
                    option: "options".into(),
                    message: e.to_string(),
                }
            }
        })?;
        Self::from_value(value)
    }

    /// Read options from a JSON value (an object, or `null` for defaults).
    pub fn from_value(value: Value) -> Result<Self> {
        if value.is_null() {
            return Ok(Options::default());
        }
        if !value.is_object() {
            return Err(Error::InvalidOption {
                option: "options".into(),
                message: format!(
                    "options must be a JSON object, found {}",
                    crate::json::type_name(&value)
                ),
            });
        }
        let opts: Options =
            serde_json::from_value(value.clone()).map_err(|e| Error::InvalidOption {
                option: culprit(&value).unwrap_or_else(|| option_name_from(&e.to_string())),
                message: e.to_string(),
            })?;
        opts.validate()?;
        Ok(opts)
    }

    /// Check ranges: `maxDepth` 1 to [`MAX_DEPTH_CEILING`], `maxOperations` and `maxBytes` at
    /// least 1, and `maxBytes` at most [`WASM_MAX_BYTES_CEILING`] when compiled for `wasm32`.
    pub fn validate(&self) -> Result<()> {
        if self.max_depth == 0 || self.max_depth > MAX_DEPTH_CEILING {
            return Err(Error::InvalidOption {
                option: "maxDepth".into(),
                message: format!("must be between 1 and {MAX_DEPTH_CEILING}"),
            });
        }
        crate::dialect::Dialect::from_option(self.dialect.as_ref())?;
        if self.max_operations == 0 {
            return Err(Error::InvalidOption {
                option: "maxOperations".into(),
                message: "must be at least 1".into(),
            });
        }
        if self.max_bytes == 0 {
            return Err(Error::InvalidOption {
                option: "maxBytes".into(),
                message: "must be at least 1".into(),
            });
        }
        if cfg!(target_arch = "wasm32") && self.max_bytes > WASM_MAX_BYTES_CEILING {
            return Err(Error::InvalidOption {
                option: "maxBytes".into(),
                message: format!(
                    "must be at most {WASM_MAX_BYTES_CEILING} (32 MiB) in the WebAssembly build, \
                     whose memory must also hold the parsed document"
                ),
            });
        }
        Ok(())
    }
}

/// The first key of an options object that does not deserialize on its own (serde's messages
/// name unknown fields but not fields of the wrong type).
fn culprit(value: &Value) -> Option<String> {
    let map = value.as_object()?;
    map.iter()
        .find(|(k, v)| {
            let one = Value::Object(serde_json::Map::from_iter([((*k).clone(), (*v).clone())]));
            serde_json::from_value::<Options>(one).is_err()
        })
        .map(|(k, _)| k.clone())
}

fn option_name_from(message: &str) -> String {
    // serde: "unknown field `foo`, expected one of ..." / "unknown variant `x`, expected ..."
    if let Some(start) = message.find('`') {
        if let Some(len) = message[start + 1..].find('`') {
            return message[start + 1..start + 1 + len].to_string();
        }
    }
    "options".to_string()
}
