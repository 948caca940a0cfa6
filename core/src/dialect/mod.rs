//! IdP dialects: each quirk an identity provider is known for is a named switch, and presets
//! group them (`rfc`, `entra`, `entra-aadOptscim062020`, `okta`, `onelogin`, and `any` for an
//! endpoint that serves several IdPs: every switch, since none changes the meaning of a request
//! another of these IdPs sends; see docs/patch.md). A `null` value in
//! `add`/`replace` removes the attribute in every dialect (RFC 7643 §2.5: null is unassigned). The presets are data
//! (`presets.json`); callers may start from a preset and set any switch.
//!
//! | switch | what it accepts (each use is reported as a warning) |
//! |---|---|
//! | `capitalizedOps` | PATCH `op` values `Add`, `Replace`, `Remove` (any case) |
//! | `stringBooleans` | `"True"` / `"false"` for boolean attributes |
//! | `pathKeysInValue` | a path-less `add`/`replace` whose value has path keys (`name.givenName`, `urn:...:User:department`) |
//! | `removeMembersByValue` | `remove` with `path: "members"` and a `value` list removes only those members |
//! | `managerShapes` | a bare string for a single-valued complex attribute with a `value` sub-attribute (`manager`), and a one-element array for any single-valued complex attribute |
//! | `emptyValueClears` | `{"value": ""}` (or `""`) for a single-valued complex attribute clears it |
//! | `emptyStringsUnassigned` | `""` for an optional attribute is unassigned, as `null` is (RFC 7643 §2.5) |
//! | `wrapSingleValues` | a single value for a multi-valued attribute is read as a one-element array |
//! | `unqualifiedExtensionAttributes` | an attribute name (top-level key, PATCH path) that no core attribute has but exactly one extension defines is read as that extension's |
//! | `emptyOperationsIsNoop` | `"Operations": []` is accepted and changes nothing |
//! | `createOnUnmatchedFilter` | `add`/`replace` through a value filter that matches nothing creates the element |
//! | `valuePathCompare` | filters such as `emails[type eq "work"].value eq "x"` |
//! | `dropPassword` | a (placeholder) `password` is dropped and never echoed |
//! | `bareCustomKeys` | top-level keys that the profile's extension defines (`userType`, custom fields) are moved into the extension |
//!
//! The switches that reshape a value (`stringBooleans`, `managerShapes`, `emptyValueClears`,
//! `emptyStringsUnassigned`, `wrapSingleValues`, `unqualifiedExtensionAttributes`) apply wherever
//! the value arrives — POST and PUT bodies (`check`, `normalize`, the view and the plan) as well
//! as PATCH values — through one coercion layer (the crate-private `coerce` module). Lenient mode turns on
//! `stringBooleans`, `wrapSingleValues` and `unqualifiedExtensionAttributes` whatever the dialect.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Error, Result};

const PRESETS: &str = include_str!("presets.json");

/// The preset names.
pub const PRESET_NAMES: &[&str] = &[
    "rfc",
    "entra",
    "entra-aadOptscim062020",
    "okta",
    "onelogin",
    "any",
];

/// The presets, parsed once (`presets.json` is part of the build, not of a call).
type Preset = (String, std::result::Result<Dialect, String>);

fn presets() -> &'static [Preset] {
    static PARSED: std::sync::OnceLock<Vec<Preset>> = std::sync::OnceLock::new();
    PARSED.get_or_init(|| {
        let all: serde_json::Map<String, Value> = serde_json::from_str(PRESETS).unwrap_or_default();
        all.into_iter()
            .map(|(k, v)| (k, serde_json::from_value(v).map_err(|e| e.to_string())))
            .collect()
    })
}

/// A set of dialect switches (see the module docs). All off is RFC behaviour.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
#[allow(clippy::struct_excessive_bools)]
pub struct Dialect {
    /// `Add`/`Replace`/`Remove`.
    pub capitalized_ops: bool,
    /// `"True"`/`"False"`.
    pub string_booleans: bool,
    /// Path keys in a path-less value.
    pub path_keys_in_value: bool,
    /// Remove listed members only.
    pub remove_members_by_value: bool,
    /// Manager as string / `{value}` / one-element array.
    pub manager_shapes: bool,
    /// `{"value": ""}` clears.
    pub empty_value_clears: bool,
    /// `Operations: []` is a no-op.
    pub empty_operations_is_noop: bool,
    /// Unmatched value filters create the element on add/replace.
    pub create_on_unmatched_filter: bool,
    /// `attr[filter].sub op value` in filters.
    pub value_path_compare: bool,
    /// Drop `password`.
    pub drop_password: bool,
    /// Bare top-level keys of the profile's extension moved into it.
    pub bare_custom_keys: bool,
    /// `""` for an optional attribute is unassigned (RFC 7643 §2.5), like `null`.
    pub empty_strings_unassigned: bool,
    /// A single value for a multi-valued attribute is read as a one-element array.
    pub wrap_single_values: bool,
    /// A name no core attribute has, defined by exactly one extension, is read as that
    /// extension's attribute (Entra's legacy mappings: `department`, `manager`).
    pub unqualified_extension_attributes: bool,
}

impl Dialect {
    /// A preset by name (case-insensitive).
    pub fn preset(name: &str) -> Result<Dialect> {
        let (_, d) = presets()
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .ok_or_else(|| Error::InvalidOption {
                option: "dialect".into(),
                message: format!(
                    "unknown dialect {name:?}; presets: {}",
                    PRESET_NAMES.join(", ")
                ),
            })?;
        d.clone().map_err(|message| Error::InvalidOption {
            option: "dialect".into(),
            message,
        })
    }

    /// From the `dialect` option: a preset name, or `{"preset": name, <switch>: bool, ...}`.
    pub fn from_option(v: Option<&Value>) -> Result<Dialect> {
        match v {
            None | Some(Value::Null) => Ok(Dialect::default()),
            Some(Value::String(name)) => Dialect::preset(name),
            Some(Value::Object(m)) => {
                let base = match m.get("preset") {
                    None | Some(Value::Null) => Dialect::default(),
                    Some(Value::String(name)) => Dialect::preset(name)?,
                    Some(_) => {
                        return Err(Error::InvalidOption {
                            option: "dialect.preset".into(),
                            message: "must be a preset name".into(),
                        })
                    }
                };
                let mut doc = serde_json::to_value(base).unwrap_or(Value::Null);
                if let Value::Object(d) = &mut doc {
                    for (k, v) in m {
                        if k != "preset" {
                            d.insert(k.clone(), v.clone());
                        }
                    }
                }
                serde_json::from_value(doc).map_err(|e| Error::InvalidOption {
                    option: "dialect".into(),
                    message: e.to_string(),
                })
            }
            Some(_) => Err(Error::InvalidOption {
                option: "dialect".into(),
                message: "expected a preset name or an object of switches".into(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_parse() {
        for name in PRESET_NAMES {
            Dialect::preset(name).unwrap();
        }
        assert_eq!(Dialect::preset("rfc").unwrap(), Dialect::default());
        assert!(Dialect::preset("ENTRA").unwrap().capitalized_ops);
        let d = Dialect::from_option(Some(
            &serde_json::json!({"preset": "entra", "capitalizedOps": false}),
        ))
        .unwrap();
        assert!(!d.capitalized_ops && d.string_booleans);
        assert!(Dialect::from_option(Some(&serde_json::json!({"nope": true}))).is_err());
        assert!(Dialect::preset("azure").is_err());
        // any: the union of the IdP presets.
        let any = serde_json::to_value(Dialect::preset("any").unwrap()).unwrap();
        for name in ["entra", "entra-aadOptscim062020", "okta", "onelogin"] {
            let preset = serde_json::to_value(Dialect::preset(name).unwrap()).unwrap();
            for (switch, on) in preset.as_object().unwrap() {
                if on == true {
                    assert_eq!(any[switch], true, "any lacks {name}'s {switch}");
                }
            }
        }
    }

    #[test]
    fn the_coercion_switches_sit_in_the_documented_presets() {
        let p = |name| Dialect::preset(name).unwrap();
        let row = |f: fn(&Dialect) -> bool| {
            ["rfc", "entra", "entra-aadOptscim062020", "okta", "onelogin"].map(|n| f(&p(n)))
        };
        // docs/patch.md, the dialect table: rfc, entra, entra-aadOptscim062020, okta, onelogin.
        assert_eq!(row(|d| d.manager_shapes), [false, true, true, false, false]);
        assert_eq!(
            row(|d| d.empty_value_clears),
            [false, true, true, false, false]
        );
        assert_eq!(
            row(|d| d.empty_strings_unassigned),
            [false, false, false, true, true]
        );
        assert_eq!(
            row(|d| d.wrap_single_values),
            [false, true, true, true, true]
        );
        assert_eq!(
            row(|d| d.unqualified_extension_attributes),
            [false, true, true, false, true]
        );
        assert_eq!(
            row(|d| d.string_booleans),
            [false, true, false, false, true]
        );
    }
}
