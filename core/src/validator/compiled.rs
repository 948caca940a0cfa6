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
    Ok(Compiled {
        dialect,
        options,
        registry,
        core,
        extensions,
        profile,
        domains,
        with_default_profile: OnceLock::new(),
    })
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
    pub(crate) fn classify(&self, key: &str) -> KeyKind<'_> {
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
        secret
            && (self.dialect.drop_password
                || self.profile.as_ref().is_some_and(|p| !p.stores_passwords))
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
