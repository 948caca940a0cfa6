//! The compile step: options → registry (built-in and loaded schemas, the profile's schemas),
//! resource type, profile (with the account's overrides), dialect and approved domains, resolved
//! once into one compiled state (`Compiled`, crate-private) that every step of the pipeline reads.

use std::sync::{Arc, OnceLock};

use serde_json::Value;

use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::options::Options;
use crate::profile::{DomainPolicy, Profile};
use crate::schema::{Attribute, Registry, Schema};

/// Everything a validator needs, resolved once. Shared (`Arc`) by clones of a validator.
#[derive(Debug)]
pub(crate) struct Compiled {
    pub(crate) options: Options,
    pub(crate) registry: Arc<Registry>,
    /// The resource type's core schema.
    pub(crate) core: Arc<Schema>,
    /// The resource type's extensions with their `required` flags.
    pub(crate) extensions: Vec<(Arc<Schema>, bool)>,
    /// The vendor profile, overrides applied.
    pub(crate) profile: Option<Profile>,
    /// The IdP dialect's switches.
    pub(crate) dialect: Dialect,
    /// Approved domains for the login email (from the profile or the `approvedDomains` option).
    pub(crate) domains: Option<DomainPolicy>,
    /// Without a profile: the same options compiled with the default profile, for the view
    /// and the plan (made on first use).
    with_default_profile: OnceLock<Arc<Compiled>>,
    /// Each top-level key in its canonical spelling (`schemas`, the core and common attributes'
    /// names, the extensions' URNs) and what [`Compiled::classify`] says of it: found by one
    /// exact look-up, the common case of every walk and PATCH path.
    canonical_keys: foldhash::HashMap<Box<str>, Canonical>,
}

/// What a canonical top-level key names (positions in the compiled lists).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Canonical {
    /// `schemas`.
    Schemas,
    /// The core schema's attribute at this position.
    Core(usize),
    /// The common attributes' attribute at this position.
    Common(usize),
    /// The resource type's extension at this position.
    Extension(usize),
}

impl Compiled {
    /// These compiled options when they have a profile; else the same options with the built-in
    /// default profile ([`DEFAULT_PROFILE`](crate::profile::DEFAULT_PROFILE)), compiled once.
    pub(crate) fn profiled(self: &Arc<Self>) -> Result<Arc<Compiled>> {
        if self.profile.is_some() {
            return Ok(Arc::clone(self));
        }
        if let Some(c) = self.with_default_profile.get() {
            return Ok(Arc::clone(c));
        }
        let mut options = self.options.clone();
        options.profile.profile = Some(Value::String(crate::profile::DEFAULT_PROFILE.into()));
        let c = Arc::new(compile(options, None)?);
        Ok(Arc::clone(self.with_default_profile.get_or_init(|| c)))
    }
}

fn builtin_arc() -> Arc<Registry> {
    static BUILTIN: OnceLock<Arc<Registry>> = OnceLock::new();
    BUILTIN
        .get_or_init(|| Arc::new(Registry::builtin().clone()))
        .clone()
}

/// Compile `options`, against `registry` when one is given (its `schemas` option is then
/// ignored), else the built-in registry plus the profile's and the options' schemas.
pub(crate) fn compile(options: Options, registry: Option<Arc<Registry>>) -> Result<Compiled> {
    options.validate()?;
    let profile = resolve_profile(&options)?;
    let registry = if let Some(r) = registry {
        r
    } else {
        let profile_schemas = profile.as_ref().map_or(&[][..], |p| p.schemas.as_slice());
        if options.schema.schemas.is_empty() && profile_schemas.is_empty() {
            builtin_arc()
        } else {
            Arc::new(Registry::with_documents(
                profile_schemas.iter().chain(options.schema.schemas.iter()),
            )?)
        }
    };
    let rt = registry.require_resource_type(&options.schema.resource_type)?;
    let core = registry
        .schema(&rt.schema)
        .cloned()
        .ok_or_else(|| Error::InvalidSchema {
            path: format!("resourceTypes.{}.schema", rt.name),
            message: format!("unknown schema {}", rt.schema),
        })?;
    let extensions = rt
        .schema_extensions
        .iter()
        .filter_map(|e| registry.schema(&e.schema).map(|s| (s.clone(), e.required)))
        .collect();
    let domains = match &profile {
        Some(p) if !p.domains.approved.is_empty() => Some(p.domains.clone()),
        Some(_) => None,
        None => match &options.profile.approved_domains {
            Some(list) => Some(DomainPolicy {
                approved: list
                    .iter()
                    .map(|d| crate::profile::domains::normalize_domain(d))
                    .collect::<Result<Vec<_>>>()?,
                allow_subdomains: options.profile.allow_subdomains.unwrap_or(false),
            }),
            None => None,
        },
    };
    let dialect = options.rules.dialect;
    let mut compiled = Compiled {
        dialect,
        options,
        registry,
        core,
        extensions,
        profile,
        domains,
        with_default_profile: OnceLock::new(),
        canonical_keys: foldhash::HashMap::default(),
    };
    compiled.canonical_keys = canonical_keys(&compiled);
    Ok(compiled)
}

/// The canonical spellings of the top-level keys, each with what the general classification
/// says of it (so the look-up answers exactly as the general path does).
fn canonical_keys(c: &Compiled) -> foldhash::HashMap<Box<str>, Canonical> {
    let common = c.registry.common();
    let names = std::iter::once("schemas")
        .chain(c.core.attributes.iter().map(|a| a.name.as_str()))
        .chain(common.attributes.iter().map(|a| a.name.as_str()))
        .chain(c.extensions.iter().map(|(s, _)| s.id.as_str()));
    let mut out = foldhash::HashMap::default();
    for name in names {
        let kind = match c.classify_general(name) {
            KeyKind::Schemas => Canonical::Schemas,
            KeyKind::Attr(a) => {
                if let Some(i) = c.core.attributes.iter().position(|x| std::ptr::eq(x, a)) {
                    Canonical::Core(i)
                } else if let Some(i) = common.attributes.iter().position(|x| std::ptr::eq(x, a)) {
                    Canonical::Common(i)
                } else {
                    continue;
                }
            }
            KeyKind::Extension(s) => {
                match c
                    .extensions
                    .iter()
                    .position(|(x, _)| std::ptr::eq(Arc::as_ptr(x), s))
                {
                    Some(i) => Canonical::Extension(i),
                    None => continue,
                }
            }
            _ => continue,
        };
        out.entry(name.into()).or_insert(kind);
    }
    out
}

/// The profile: the `profile` option; else, when account settings that only a profile can use
/// are given (`userTypes`, `customFields`), the built-in default profile; else none.
fn resolve_profile(options: &Options) -> Result<Option<Profile>> {
    let p = &options.profile;
    let default = Value::String(crate::profile::DEFAULT_PROFILE.into());
    let doc = match &p.profile {
        Some(v) if !v.is_null() => v,
        _ if p.user_types.is_some() || p.custom_fields.is_some() => &default,
        _ => return Ok(None),
    };
    let mut profile = Profile::from_option(doc)?;
    profile.apply_overrides(options)?;
    Ok(Some(profile))
}

/// What a top-level key of a resource names.
#[derive(Debug)]
pub(crate) enum KeyKind<'c> {
    /// The `schemas` list.
    Schemas,
    /// An attribute of the core schema or a common attribute.
    Attr(&'c Attribute),
    /// The object of one of the resource type's extensions.
    Extension(&'c Schema),
    /// An attribute qualified by its schema URN: `urn:...:User:department`, `urn:...:User:name.givenName`.
    Qualified {
        schema: &'c Schema,
        is_core: bool,
        attr: &'c Attribute,
        sub: Option<&'c Attribute>,
    },
    /// A key qualified by one of the resource type's extension URNs whose attribute part the
    /// schema does not define (`urn:...:wrike:2.0:User:IEAGWMBBJUAK4G7J_Completed_Induction`).
    QualifiedUnknown {
        schema: &'c Schema,
        /// Where the attribute part starts in the key.
        offset: usize,
    },
    /// A `urn:` key that names no schema of this resource type.
    UnknownUrn,
    /// Anything else.
    Unknown,
}

impl Compiled {
    /// What a top-level key names: a canonical spelling by one look-up, anything else by
    /// [`Compiled::classify_general`].
    pub(crate) fn classify(&self, key: &str) -> KeyKind<'_> {
        match self.canonical_keys.get(key) {
            Some(Canonical::Schemas) => KeyKind::Schemas,
            Some(&Canonical::Core(i)) => KeyKind::Attr(&self.core.attributes[i]),
            Some(&Canonical::Common(i)) => KeyKind::Attr(&self.registry.common().attributes[i]),
            Some(&Canonical::Extension(i)) => KeyKind::Extension(&self.extensions[i].0),
            None => self.classify_general(key),
        }
    }

    /// Each top-level key in its canonical spelling and what it names (the table
    /// [`Compiled::classify`] answers from first; the stream check's index is built from it).
    pub(crate) fn canonical_keys(&self) -> impl Iterator<Item = (&str, Canonical)> + '_ {
        self.canonical_keys.iter().map(|(k, v)| (&**k, *v))
    }

    /// [`Compiled::classify`] for any spelling.
    fn classify_general(&self, key: &str) -> KeyKind<'_> {
        if key.eq_ignore_ascii_case("schemas") {
            return KeyKind::Schemas;
        }
        if let Some(a) = self
            .core
            .attribute(key)
            .or_else(|| self.registry.common().attribute(key))
        {
            return KeyKind::Attr(a);
        }
        if !key.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("urn:")) {
            return KeyKind::Unknown;
        }
        if let Some((s, _)) = self
            .extensions
            .iter()
            .find(|(s, _)| s.id.eq_ignore_ascii_case(key))
        {
            return KeyKind::Extension(s);
        }
        // Qualified attribute: the longest schema URN that prefixes the key, then ':'.
        let mut best: Option<(&Schema, bool)> = None;
        let candidates = std::iter::once((&*self.core, true))
            .chain(self.extensions.iter().map(|(s, _)| (&**s, false)));
        for (schema, is_core) in candidates {
            let n = schema.id.len();
            let prefixed = key.len() > n + 1
                && key.is_char_boundary(n)
                && key[..n].eq_ignore_ascii_case(&schema.id)
                && key.as_bytes()[n] == b':';
            if prefixed && best.is_none_or(|(b, _)| b.id.len() < n) {
                best = Some((schema, is_core));
            }
        }
        if let Some((schema, is_core)) = best {
            let rest = &key[schema.id.len() + 1..];
            let (name, sub_name) = match rest.split_once('.') {
                Some((a, b)) => (a, Some(b)),
                None => (rest, None),
            };
            let attr = schema.attribute(name).or_else(|| {
                if is_core {
                    self.registry.common().attribute(name)
                } else {
                    None
                }
            });
            if let Some(attr) = attr {
                match sub_name {
                    None => {
                        return KeyKind::Qualified {
                            schema,
                            is_core,
                            attr,
                            sub: None,
                        }
                    }
                    Some(sn) => {
                        if let Some(sub) = attr.sub_attribute(sn) {
                            if !attr.multi_valued {
                                return KeyKind::Qualified {
                                    schema,
                                    is_core,
                                    attr,
                                    sub: Some(sub),
                                };
                            }
                        }
                    }
                }
            }
            if !is_core {
                return KeyKind::QualifiedUnknown {
                    schema,
                    offset: schema.id.len() + 1,
                };
            }
            return KeyKind::Unknown;
        }
        KeyKind::UnknownUrn
    }

    /// Whether a key is shaped like a custom-field attribute of the profile (`<ID>_<Title>`).
    pub(crate) fn custom_field_shaped(&self, key: &str) -> bool {
        self.profile
            .as_ref()
            .is_some_and(|p| p.field_rules.looks_like(key))
    }

    /// Whether a bare top-level key belongs in the profile's extension (OneLogin's
    /// `bareCustomKeys`): the user-type attribute or a custom-field name.
    pub(crate) fn bare_profile_key(&self, key: &str) -> bool {
        self.dialect.bare_custom_keys
            && self.profile.as_ref().is_some_and(|p| {
                self.extension(&p.extension).is_some()
                    && (key.eq_ignore_ascii_case(&p.user_types.attribute)
                        || p.field_rules.looks_like(key))
            })
    }

    /// Whether the value of `attr` must never reach an output: a secret (`returned: never` or
    /// `writeOnly`, i.e. a password) when the profile's target stores no passwords or the dialect
    /// drops them (`dropPassword`).
    pub(crate) fn drops_secret(&self, attr: &Attribute) -> bool {
        let secret = attr.returned == crate::schema::Returned::Never
            || attr.mutability == crate::schema::Mutability::WriteOnly;
        secret && self.drops_secrets()
    }

    /// Whether the output carries no secret: the dialect drops passwords, or the profile's
    /// target stores none.
    pub(crate) fn drops_secrets(&self) -> bool {
        self.dialect.drop_password || self.profile.as_ref().is_some_and(|p| !p.stores_passwords)
    }

    /// Whether `schema` is the profile's extension (where custom fields live).
    pub(crate) fn is_profile_extension(&self, schema: &Schema) -> bool {
        self.profile
            .as_ref()
            .is_some_and(|p| p.extension.eq_ignore_ascii_case(&schema.id))
    }

    /// The extension schema with this URN (case-insensitive), if it is one of the resource type's.
    pub(crate) fn extension(&self, urn: &str) -> Option<&Schema> {
        self.extensions
            .iter()
            .find(|(s, _)| s.id.eq_ignore_ascii_case(urn))
            .map(|(s, _)| &**s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a classification names, comparable (the same attribute or schema by address).
    fn shown(k: &KeyKind<'_>) -> String {
        match k {
            KeyKind::Schemas => "schemas".into(),
            KeyKind::Attr(a) => format!("attr {:p}", *a),
            KeyKind::Extension(s) => format!("extension {:p}", *s),
            KeyKind::Qualified {
                schema,
                is_core,
                attr,
                sub,
            } => format!(
                "qualified {:p} {is_core} {:p} {:?}",
                *schema,
                *attr,
                sub.map(std::ptr::from_ref::<Attribute>)
            ),
            KeyKind::QualifiedUnknown { schema, offset } => {
                format!("unknown {:p} {offset}", *schema)
            }
            KeyKind::UnknownUrn => "urn".into(),
            KeyKind::Unknown => "unknown".into(),
        }
    }

    /// The look-up of canonical keys answers exactly as the general classification, for every
    /// key it holds and other spellings of them, under option sets with and without extensions,
    /// a profile, and loaded schemas.
    #[test]
    fn canonical_keys_classify_as_the_general_path_does() {
        let mut checked = 0;
        for options in [
            serde_json::json!({}),
            serde_json::json!({"profile": "wrike", "dialect": "entra"}),
            serde_json::json!({"resourceType": "Group"}),
        ] {
            let c = compile(Options::from_value(options).unwrap(), None).unwrap();
            assert!(c.canonical_keys.len() > 5);
            let mut keys: Vec<String> = c.canonical_keys.keys().map(ToString::to_string).collect();
            keys.extend(["nope", "urn:x", "", "SCHEMAS", "userName.x"].map(String::from));
            for key in keys {
                for k in [
                    key.clone(),
                    key.to_uppercase(),
                    key.to_lowercase(),
                    format!("{key}:x"),
                ] {
                    assert_eq!(
                        shown(&c.classify(&k)),
                        shown(&c.classify_general(&k)),
                        "{k}"
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 100, "{checked}");
    }
}
