//! Vendor profiles as data: what a provisioning target does with a SCIM request. The built-in
//! `wrike` profile (`builtin/wrike.json`) describes Wrike; callers pass their own document or
//! override parts of it (an account's user types, approved domains, custom-field catalog).

pub(crate) mod check;
pub mod custom_fields;
pub mod domains;
pub mod login;
pub mod stored;
pub mod view;

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use custom_fields::{read_catalog, CustomField, FieldClass, FieldRules, IdGrammar};

/// The built-in profiles: name and document. `extends` and the `profile` option resolve a name
/// here; each document is parsed once per process.
const BUILTIN: &[(&str, &str)] = &[("wrike", include_str!("builtin/wrike.json"))];

/// The names of the built-in profiles.
pub const BUILTIN_PROFILES: &[&str] = &["wrike"];

/// The profile the view, the plan and the extension schema use when the `profile` option is
/// not given (by the functions and the [`Validator`](crate::Validator) methods alike).
pub const DEFAULT_PROFILE: &str = "wrike";

/// The user types a target knows, their default and aliases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserTypes {
    /// Attribute of the profile's extension that carries the type (`userType`).
    pub attribute: String,
    /// Canonical values, in the account's spelling.
    pub values: Vec<String>,
    /// The type given when the attribute is absent.
    pub default: String,
    /// Extra spellings (an IdP app role such as `wrike_external`) and the value each stands for.
    pub aliases: BTreeMap<String, String>,
}

impl UserTypes {
    /// Resolve a value: case- and whitespace-insensitive match against the values, then the
    /// aliases. Returns the canonical value.
    pub fn resolve(&self, value: &str) -> Option<&str> {
        // A value of whitespace alone folds to nothing: no user type.
        folded(value).next()?;
        if let Some(v) = self.values.iter().find(|v| fold_eq(v, value)) {
            return Some(v);
        }
        self.aliases
            .iter()
            .find(|(alias, _)| fold_eq(alias, value))
            .and_then(|(_, target)| self.values.iter().find(|v| fold_eq(v, target)))
            .map(String::as_str)
    }
}

/// Lower-case and drop all whitespace: `" Collab orator "` and `"collaborator"` fold alike.
fn fold(s: &str) -> String {
    folded(s).collect()
}

/// The characters of [`fold`]`(s)`, without building it.
fn folded(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
}

/// The bytes of [`fold`]`(s)` for ASCII `s`: ASCII's white space (`char::is_whitespace`: tab
/// to carriage return, and space) dropped, letters lower-cased.
fn ascii_folded(s: &str) -> impl Iterator<Item = u8> + '_ {
    s.bytes()
        .filter(|c| !matches!(c, b'\t'..=b'\r' | b' '))
        .map(|c| c.to_ascii_lowercase())
}

/// `fold(a) == fold(b)`, without allocating.
pub(crate) fn fold_eq(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        // ASCII's white space (`char::is_whitespace`): tab to carriage return, and space.
        return ascii_folded(a).eq(ascii_folded(b));
    }
    folded(a).eq(folded(b))
}

/// One attribute the target keeps in sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Synced {
    /// Name in the target's view (`givenName`, `email`, ...).
    pub name: String,
    /// SCIM path (`name.givenName`, `emails`, `urn:...:User:department`).
    pub path: String,
    /// For multi-valued attributes: `primary` (primary: true, else type work, else the first),
    /// or `login`: the login email (see `loginEmail`), picked by the same rule as the domain check.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pick: Option<String>,
}

/// Which domains a user's login email may be on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DomainPolicy {
    /// Approved domains in ASCII lower-case form (empty: no domain check).
    pub approved: Vec<String>,
    /// Whether subdomains of an approved domain are approved too.
    pub allow_subdomains: bool,
}

/// Whether and how the target provisions groups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupSupport {
    /// Whether groups are provisioned at all.
    pub supported: bool,
    /// What the target does when a group is removed: `remove`, `disable` or `removeOrDisable`.
    pub on_remove: String,
    /// A note for people (e.g. which applications sync groups).
    pub note: String,
}

/// A vendor profile (see the module docs).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    /// Profile name.
    pub name: String,
    /// Description.
    pub description: String,
    /// The target's extension schema URN (user type and custom fields live there).
    pub extension: String,
    /// Schema documents the profile adds to the registry.
    pub schemas: Vec<Value>,
    /// User types.
    pub user_types: UserTypes,
    /// The account's custom-field catalog (may be empty: names are then checked for shape only).
    pub custom_fields: Vec<CustomField>,
    /// How the target names and types custom fields (`customFields.id`, `customFields.types`).
    #[serde(skip)]
    pub field_rules: FieldRules,
    /// Attributes the target keeps in sync.
    pub synced: Vec<Synced>,
    /// Where the login email comes from, in order: `userName` (when it is an email), then
    /// `emails` (the primary one, else the first).
    pub login_email: Vec<String>,
    /// Approved domains.
    pub domains: DomainPolicy,
    /// Group provisioning.
    pub groups: GroupSupport,
    /// Attributes the target keeps beyond the synced ones, to know the user again (`externalId`).
    pub identity: Vec<String>,
    /// Whether attributes the payload omits stay as they are in the target.
    pub keeps_omitted_attributes: bool,
    /// Whether an active provisioned member is billable at once.
    pub billable_on_provision: bool,
    /// Custom-field id → position in `custom_fields`.
    #[serde(skip)]
    field_index: std::collections::HashMap<String, usize>,
    /// Whether the target stores passwords. When false, no output of a validator with this
    /// profile (normalized resources, PATCH results, plans, views) carries a password: secret
    /// attributes (`returned: never` or `writeOnly`) are dropped and each drop is recorded.
    pub stores_passwords: bool,
}

impl Profile {
    /// A built-in profile by name (`wrike`).
    pub fn builtin(name: &str) -> Result<Profile> {
        Profile::builtin_ref(name).cloned()
    }

    /// A built-in profile by name, parsed once per process.
    pub fn builtin_ref(name: &str) -> Result<&'static Profile> {
        static PARSED: std::sync::OnceLock<Vec<Result<Profile>>> = std::sync::OnceLock::new();
        let parsed = PARSED.get_or_init(|| {
            BUILTIN
                .iter()
                .map(|(n, _)| builtin_doc(n).and_then(|d| Profile::from_value(&d)))
                .collect()
        });
        match BUILTIN
            .iter()
            .position(|(n, _)| n.eq_ignore_ascii_case(name))
        {
            Some(i) => parsed[i].as_ref().map_err(Clone::clone),
            None => Err(Error::InvalidOption {
                option: "profile".into(),
                message: format!(
                    "unknown profile {name:?}; built-in profiles: {}",
                    BUILTIN_PROFILES.join(", ")
                ),
            }),
        }
    }

    /// A profile from the `profile` option: a built-in name, or a profile document, which may
    /// start from a built-in with `"extends": "<name>"` and override any part: its keys replace
    /// the built-in's, and object-valued keys (`customFields`, `userTypes`, `domains`, `groups`)
    /// are merged one level deep, so `{"extends": "wrike", "customFields": [...]}` keeps Wrike's
    /// id grammar and types.
    pub fn from_option(value: &Value) -> Result<Profile> {
        match value {
            Value::String(name) => Profile::builtin(name),
            Value::Object(map) => match map.get("extends") {
                Some(Value::String(base)) => {
                    let Ok(mut doc) = builtin_doc(base) else {
                        return Err(Error::InvalidProfile {
                            path: "extends".into(),
                            message: format!(
                                "unknown profile {base:?}; built-in profiles: {}",
                                BUILTIN_PROFILES.join(", ")
                            ),
                        });
                    };
                    if let Value::Object(d) = &mut doc {
                        for (k, v) in map {
                            if k == "extends" {
                                continue;
                            }
                            let v = match (k.as_str(), v) {
                                ("customFields", Value::Array(_)) => {
                                    serde_json::json!({ "catalog": v })
                                }
                                _ => v.clone(),
                            };
                            match (d.get_mut(k), v) {
                                (Some(Value::Object(base)), Value::Object(over)) => {
                                    base.extend(over);
                                }
                                (_, v) => {
                                    d.insert(k.clone(), v);
                                }
                            }
                        }
                    }
                    Profile::from_value(&doc)
                }
                Some(_) => Err(Error::InvalidProfile {
                    path: "extends".into(),
                    message: "must be the name of a built-in profile".into(),
                }),
                None => Profile::from_value(value),
            },
            other => Err(Error::InvalidOption {
                option: "profile".into(),
                message: format!(
                    "expected a profile name or a profile document, found {}",
                    crate::json::type_name(other)
                ),
            }),
        }
    }

    /// Read and validate a profile document.
    pub fn from_value(doc: &Value) -> Result<Profile> {
        const KNOWN: &[&str] = &[
            "name",
            "description",
            "extension",
            "schemas",
            "userTypes",
            "customFields",
            "synced",
            "loginEmail",
            "domains",
            "groups",
            "keepsOmittedAttributes",
            "billableOnProvision",
            "storesPasswords",
            "identity",
        ];
        let map = doc
            .as_object()
            .ok_or_else(|| bad("", "a profile must be an object"))?;
        if let Some(k) = map.keys().find(|k| !KNOWN.contains(&k.as_str())) {
            return Err(bad(
                k,
                &format!("unknown profile key; known keys: {}", KNOWN.join(", ")),
            ));
        }
        let name = str_at(map, "name", "")?.unwrap_or("custom").to_string();
        let description = str_at(map, "description", "")?.unwrap_or("").to_string();
        let extension = str_at(map, "extension", "")?
            .ok_or_else(|| bad("extension", "required: the target's extension schema URN"))?
            .to_string();
        let schemas = match map.get("schemas") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(a)) => a.clone(),
            Some(_) => return Err(bad("schemas", "must be an array of schema documents")),
        };
        let user_types = parse_user_types(map.get("userTypes"))?;
        let (field_rules, custom_fields) = match map.get("customFields") {
            None | Some(Value::Null) => (field_rules(None)?, Vec::new()),
            Some(Value::Object(m)) => {
                const KEYS: &[&str] = &["catalog", "id", "types"];
                if let Some(k) = m.keys().find(|k| !KEYS.contains(&k.as_str())) {
                    return Err(bad(
                        &format!("customFields.{k}"),
                        &format!("unknown key; known keys: {}", KEYS.join(", ")),
                    ));
                }
                let rules = field_rules(Some(m))?;
                let fields = match m.get("catalog") {
                    None | Some(Value::Null) => Vec::new(),
                    Some(v) => catalog(v, "customFields.catalog", &rules)?,
                };
                (rules, fields)
            }
            Some(v) => {
                let rules = field_rules(None)?;
                let fields = catalog(v, "customFields", &rules)?;
                (rules, fields)
            }
        };
        let synced = match map.get("synced") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let p = format!("synced[{i}]");
                    let m = item
                        .as_object()
                        .ok_or_else(|| bad(&p, "must be an object"))?;
                    Ok(Synced {
                        name: str_at(m, "name", &p)?
                            .ok_or_else(|| bad(&p, "missing name"))?
                            .to_string(),
                        path: str_at(m, "path", &p)?
                            .ok_or_else(|| bad(&p, "missing path"))?
                            .to_string(),
                        pick: match str_at(m, "pick", &p)? {
                            None => None,
                            Some(pick @ ("primary" | "login")) => Some(pick.to_string()),
                            Some(_) => {
                                return Err(bad(
                                    &format!("{p}.pick"),
                                    "must be \"primary\" or \"login\"",
                                ))
                            }
                        },
                    })
                })
                .collect::<Result<Vec<_>>>()?,
            Some(_) => return Err(bad("synced", "must be an array")),
        };
        let login_email = match map.get("loginEmail") {
            None | Some(Value::Null) => vec!["userName".to_string(), "emails".to_string()],
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, v)| match v.as_str() {
                    Some(s @ ("userName" | "emails")) => Ok(s.to_string()),
                    _ => Err(bad(
                        &format!("loginEmail[{i}]"),
                        "must be \"userName\" or \"emails\"",
                    )),
                })
                .collect::<Result<Vec<_>>>()?,
            Some(_) => return Err(bad("loginEmail", "must be an array")),
        };
        let domains = match map.get("domains") {
            None | Some(Value::Null) => DomainPolicy {
                approved: Vec::new(),
                allow_subdomains: false,
            },
            Some(Value::Object(m)) => DomainPolicy {
                approved: approved_list(m.get("approved"), "domains.approved")?,
                allow_subdomains: bool_at(m, "allowSubdomains", "domains")?.unwrap_or(false),
            },
            Some(_) => return Err(bad("domains", "must be an object")),
        };
        let groups = match map.get("groups") {
            None | Some(Value::Null) => GroupSupport {
                supported: true,
                on_remove: "remove".into(),
                note: String::new(),
            },
            Some(Value::Object(m)) => {
                let on_remove = str_at(m, "onRemove", "groups")?.unwrap_or("remove");
                if !matches!(on_remove, "remove" | "disable" | "removeOrDisable") {
                    return Err(bad(
                        "groups.onRemove",
                        "must be remove, disable or removeOrDisable",
                    ));
                }
                GroupSupport {
                    supported: bool_at(m, "supported", "groups")?.unwrap_or(true),
                    on_remove: on_remove.to_string(),
                    note: str_at(m, "note", "groups")?.unwrap_or("").to_string(),
                }
            }
            Some(_) => return Err(bad("groups", "must be an object")),
        };
        let identity = match map.get("identity") {
            None | Some(Value::Null) => vec!["externalId".to_string()],
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    v.as_str()
                        .map(str::to_string)
                        .ok_or_else(|| bad(&format!("identity[{i}]"), "must be an attribute name"))
                })
                .collect::<Result<Vec<_>>>()?,
            Some(_) => return Err(bad("identity", "must be an array of attribute names")),
        };
        let mut profile = Profile {
            name,
            description,
            extension,
            schemas,
            user_types,
            custom_fields,
            field_rules,
            synced,
            login_email,
            domains,
            groups,
            identity,
            keeps_omitted_attributes: bool_at(map, "keepsOmittedAttributes", "")?.unwrap_or(true),
            billable_on_provision: bool_at(map, "billableOnProvision", "")?.unwrap_or(false),
            stores_passwords: bool_at(map, "storesPasswords", "")?.unwrap_or(true),
            field_index: std::collections::HashMap::new(),
        };
        let fields = std::mem::take(&mut profile.custom_fields);
        profile.set_custom_fields(fields);
        Ok(profile)
    }

    /// Apply the per-call overrides of [`Options`](crate::Options): user types, approved
    /// domains, subdomains, custom-field catalog.
    pub fn apply_overrides(&mut self, o: &crate::Options) -> Result<()> {
        if let Some(ut) = &o.profile.user_types {
            let mut merged = self.user_types.clone();
            match ut {
                Value::Array(_) => {
                    merged = parse_user_types(Some(&serde_json::json!({
                        "attribute": merged.attribute, "values": ut, "aliases": merged.aliases
                    })))
                    .map_err(|e| as_option("userTypes", e))?;
                }
                Value::Object(m) => {
                    let mut doc = serde_json::to_value(&merged).unwrap_or(Value::Null);
                    if let Value::Object(d) = &mut doc {
                        if m.contains_key("values") && !m.contains_key("default") {
                            d.remove("default");
                        }
                        for (k, v) in m {
                            d.insert(k.clone(), v.clone());
                        }
                    }
                    merged = parse_user_types(Some(&doc)).map_err(|e| as_option("userTypes", e))?;
                }
                _ => {
                    return Err(Error::InvalidOption {
                        option: "userTypes".into(),
                        message: "expected a list of user types or {values, default, aliases}"
                            .into(),
                    })
                }
            }
            self.user_types = merged;
        }
        if let Some(domains) = &o.profile.approved_domains {
            self.domains.approved =
                approved_list(Some(&Value::from(domains.clone())), "approvedDomains")
                    .map_err(|e| as_option("approvedDomains", e))?;
        }
        if let Some(sub) = o.profile.allow_subdomains {
            self.domains.allow_subdomains = sub;
        }
        if let Some(cf) = &o.profile.custom_fields {
            self.set_custom_fields(
                catalog(cf, "customFields", &self.field_rules)
                    .map_err(|e| as_option("customFields", e))?,
            );
        }
        Ok(())
    }

    /// The profile as a JSON document (readable by [`Profile::from_value`]).
    pub fn to_value(&self) -> Value {
        let mut doc = serde_json::to_value(self).unwrap_or(Value::Null);
        doc["customFields"] = serde_json::json!({
            "catalog": self.custom_fields,
            "id": self.field_rules.id,
            "types": self.field_rules.types,
        });
        doc
    }

    /// The extension's schema document (RFC 7643 §7) with the user-type attribute and one
    /// attribute per custom field of the catalog — what to publish at `/Schemas` or paste into an
    /// IdP's attribute list. Field types map to SCIM types by their class in
    /// `customFields.types` (Wrike: Numeric, Currency, Percentage and Duration → decimal;
    /// Checkbox → boolean; DropDown → string with its options as canonicalValues; everything
    /// else (Text, Date, ...) → string).
    pub fn extension_schema(&self) -> Value {
        let base = self
            .schemas
            .iter()
            .find(|s| {
                s.get("id")
                    .and_then(Value::as_str)
                    .is_some_and(|id| id.eq_ignore_ascii_case(&self.extension))
            })
            .cloned()
            .unwrap_or_else(|| {
                serde_json::json!({
                    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
                    "id": self.extension,
                    "name": self.name,
                    "attributes": [{
                        "name": self.user_types.attribute, "type": "string", "multiValued": false,
                        "description": "User type", "required": false, "caseExact": false,
                        "mutability": "readWrite", "returned": "default", "uniqueness": "none"
                    }]
                })
            });
        let mut doc = base;
        if let Some(Value::Array(attrs)) = doc.get_mut("attributes") {
            let mut names: std::collections::HashSet<String> = attrs
                .iter()
                .filter_map(|a| a.get("name").and_then(Value::as_str))
                .map(str::to_ascii_lowercase)
                .collect();
            for f in &self.custom_fields {
                let name = f.attribute();
                if !names.insert(name.to_ascii_lowercase()) {
                    continue;
                }
                let kind = self
                    .field_rules
                    .class(&f.kind)
                    .map_or("string", FieldClass::scim_type);
                let mut a = serde_json::json!({
                    "name": name, "type": kind, "multiValued": false,
                    "description": format!("User custom field {} ({}{})", f.id, f.title, if f.kind.is_empty() { String::new() } else { format!(", {}", f.kind) }),
                    "required": false, "caseExact": false, "mutability": "readWrite",
                    "returned": "default", "uniqueness": "none"
                });
                if !f.options.is_empty() {
                    a["canonicalValues"] = Value::from(f.options.clone());
                }
                attrs.push(a);
            }
        }
        doc
    }

    /// The custom field with this id.
    pub fn custom_field(&self, id: &str) -> Option<&CustomField> {
        match self.field_index.get(id) {
            Some(&i) => self.custom_fields.get(i).filter(|f| f.id == id),
            // Not indexed (the public field was changed directly): scan.
            None if self.field_index.len() != self.custom_fields.len() => {
                self.custom_fields.iter().find(|f| f.id == id)
            }
            None => None,
        }
    }

    /// Replace the custom-field catalog (and its id index).
    pub fn set_custom_fields(&mut self, fields: Vec<CustomField>) {
        self.field_index = fields
            .iter()
            .enumerate()
            .map(|(i, f)| (f.id.clone(), i))
            .collect();
        self.custom_fields = fields;
    }
}

fn as_option(option: &str, e: Error) -> Error {
    match e {
        Error::InvalidProfile { message, .. } | Error::InvalidCustomField { message } => {
            Error::InvalidOption {
                option: option.into(),
                message,
            }
        }
        other => other,
    }
}

fn parse_user_types(v: Option<&Value>) -> Result<UserTypes> {
    let Some(v) = v.filter(|v| !v.is_null()) else {
        return Err(bad("userTypes", "required"));
    };
    let m = v
        .as_object()
        .ok_or_else(|| bad("userTypes", "must be an object"))?;
    let attribute = str_at(m, "attribute", "userTypes")?
        .unwrap_or("userType")
        .to_string();
    let values: Vec<String> = match m.get("values") {
        Some(Value::Array(items)) if !items.is_empty() => items
            .iter()
            .enumerate()
            .map(|(i, v)| {
                v.as_str()
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .ok_or_else(|| {
                        bad(
                            &format!("userTypes.values[{i}]"),
                            "must be a non-empty string",
                        )
                    })
            })
            .collect::<Result<_>>()?,
        _ => {
            return Err(bad(
                "userTypes.values",
                "must be a non-empty array of strings",
            ))
        }
    };
    for (i, v) in values.iter().enumerate() {
        if values[..i].iter().any(|w| fold(w) == fold(v)) {
            return Err(bad(
                &format!("userTypes.values[{i}]"),
                &format!("{v:?} is listed twice"),
            ));
        }
    }
    let default = match str_at(m, "default", "userTypes")? {
        Some(d) => values
            .iter()
            .find(|v| fold(v) == fold(d))
            .cloned()
            .ok_or_else(|| {
                bad(
                    "userTypes.default",
                    &format!("{d:?} is not one of the values"),
                )
            })?,
        None => values[0].clone(),
    };
    let mut aliases = BTreeMap::new();
    match m.get("aliases") {
        None | Some(Value::Null) => {}
        Some(Value::Object(a)) => {
            for (alias, target) in a {
                let p = format!("userTypes.aliases.{alias}");
                let t = target.as_str().ok_or_else(|| bad(&p, "must be a string"))?;
                if !values.iter().any(|v| fold(v) == fold(t)) {
                    return Err(bad(&p, &format!("{t:?} is not one of the values")));
                }
                aliases.insert(alias.clone(), t.to_string());
            }
        }
        Some(_) => {
            return Err(bad(
                "userTypes.aliases",
                "must be an object of alias → value",
            ))
        }
    }
    Ok(UserTypes {
        attribute,
        values,
        default,
        aliases,
    })
}

/// The document of a built-in profile.
fn builtin_doc(name: &str) -> Result<Value> {
    let (n, text) = BUILTIN
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .ok_or_else(|| bad("", &format!("no built-in profile {name:?}")))?;
    serde_json::from_str(text).map_err(|e| Error::InvalidProfile {
        path: format!("(built-in {n})"),
        message: e.to_string(),
    })
}

/// The `id` and `types` of a `customFields` section (absent: ids of letters and digits, every
/// type text).
fn field_rules(m: Option<&Map<String, Value>>) -> Result<FieldRules> {
    let id = match m.and_then(|m| m.get("id")) {
        None | Some(Value::Null) => {
            IdGrammar::new(None, "A-Za-z0-9", "a field id (letters and digits)")
        }
        Some(Value::Object(g)) => {
            let length = match g.get("length") {
                None | Some(Value::Null) => None,
                Some(v) => Some(
                    v.as_u64()
                        .and_then(|n| usize::try_from(n).ok())
                        .ok_or_else(|| {
                            bad("customFields.id.length", "must be a positive integer")
                        })?,
                ),
            };
            let characters = str_at(g, "characters", "customFields.id")?
                .ok_or_else(|| bad("customFields.id.characters", "required (e.g. \"A-Z0-9\")"))?;
            let description = str_at(g, "description", "customFields.id")?.unwrap_or("a field id");
            IdGrammar::new(length, characters, description)
        }
        Some(_) => return Err(bad("customFields.id", "must be an object")),
    }
    .map_err(|m| bad("customFields.id", &m))?;
    let types = match m.and_then(|m| m.get("types")) {
        None | Some(Value::Null) => BTreeMap::new(),
        Some(Value::Object(t)) => t
            .iter()
            .map(|(k, v)| {
                serde_json::from_value::<FieldClass>(v.clone())
                    .map(|c| (k.clone(), c))
                    .map_err(|_| {
                        bad(
                            &format!("customFields.types.{k}"),
                            "must be number, boolean, date, choice or text",
                        )
                    })
            })
            .collect::<Result<_>>()?,
        Some(_) => return Err(bad("customFields.types", "must be an object")),
    };
    Ok(FieldRules { id, types })
}

fn catalog(v: &Value, path: &str, rules: &FieldRules) -> Result<Vec<CustomField>> {
    read_catalog(v, rules).map_err(|e| match e {
        Error::InvalidCustomField { message } => bad(path, &message),
        other => other,
    })
}

fn approved_list(v: Option<&Value>, path: &str) -> Result<Vec<String>> {
    match v {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let p = format!("{path}[{i}]");
                let s = d.as_str().ok_or_else(|| bad(&p, "must be a string"))?;
                domains::normalize_domain(s).map_err(|e| bad(&p, &e.to_string()))
            })
            .collect(),
        Some(_) => Err(bad(path, "must be an array of domains")),
    }
}

fn bad(path: &str, message: &str) -> Error {
    Error::InvalidProfile {
        path: if path.is_empty() {
            "(profile)".into()
        } else {
            path.to_string()
        },
        message: message.to_string(),
    }
}

fn str_at<'a>(m: &'a Map<String, Value>, key: &str, path: &str) -> Result<Option<&'a str>> {
    match m.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(bad(&join(path, key), "must be a string")),
    }
}

fn bool_at(m: &Map<String, Value>, key: &str, path: &str) -> Result<Option<bool>> {
    match m.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(bad(&join(path, key), "must be true or false")),
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

#[cfg(test)]
mod fold_tests {
    use super::{fold, fold_eq, folded};

    /// The comparison without allocation answers as comparing the folded strings does,
    /// including characters whose lower case is longer (`İ`) and every kind of whitespace.
    #[test]
    fn fold_eq_is_equality_of_folds() {
        let words = [
            "",
            " ",
            "\u{3000}\t",
            "Regular",
            "regular",
            " Reg ular ",
            "REGULAR",
            "Regulars",
            "İ",
            "i\u{307}",
            "i",
            "Collab orator",
            "collaborator",
            "ß",
            "SS",
            "ss",
            "Ω",
            "ω",
            "Reg\tular",
            "reg\u{b}ular",
            "Reg\u{1c}ular",
            "Reg\u{85}ular",
        ];
        for a in words {
            assert_eq!(folded(a).next().is_none(), fold(a).is_empty(), "{a:?}");
            for b in words {
                assert_eq!(fold_eq(a, b), fold(a) == fold(b), "{a:?} {b:?}");
            }
        }
    }
}
