//! Checking and normalizing a SCIM resource against the schemas of its resource type.

mod check;
pub mod formats;
pub(crate) use check::find_key;
mod normalize;

use std::sync::{Arc, OnceLock};

use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::issue::{Issue, Report};
use crate::options::Options;
use crate::schema::{Registry, Schema};

/// The result of [`normalize`]: the rewritten resource and every change made, in order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Normalized {
    /// The normalized resource.
    pub resource: Value,
    /// What was changed (or, for `duplicate_attribute_kept`, deliberately left alone), with a code
    /// and a path each.
    pub changes: Vec<Issue>,
}

/// Options compiled once: the registry, the resource type and its schemas resolved.
/// Cheap to clone and shareable across threads.
#[derive(Debug, Clone)]
pub struct Validator {
    inner: Arc<Compiled>,
}

#[derive(Debug, Clone)]
pub(crate) struct Compiled {
    pub(crate) options: Options,
    pub(crate) registry: Arc<Registry>,
    /// The resource type's core schema.
    pub(crate) core: Arc<Schema>,
    /// The resource type's extensions with their `required` flags.
    pub(crate) extensions: Vec<(Arc<Schema>, bool)>,
    /// The vendor profile, overrides applied.
    pub(crate) profile: Option<crate::profile::Profile>,
    /// The IdP dialect's switches.
    pub(crate) dialect: crate::dialect::Dialect,
    /// Approved domains for the login email (from the profile or the `approvedDomains` option).
    pub(crate) domains: Option<crate::profile::DomainPolicy>,
}

fn builtin_arc() -> Arc<Registry> {
    static BUILTIN: OnceLock<Arc<Registry>> = OnceLock::new();
    BUILTIN
        .get_or_init(|| Arc::new(Registry::builtin().clone()))
        .clone()
}

impl Validator {
    /// Compile `options`: load extra schemas, resolve the resource type.
    ///
    /// Fails with [`Error::InvalidOption`], [`Error::InvalidSchema`] or
    /// [`Error::UnknownResourceType`].
    pub fn new(options: Options) -> Result<Self> {
        options.validate()?;
        let profile = resolve_profile(&options)?;
        let profile_schemas = profile
            .as_ref()
            .map(|p| p.schemas.as_slice())
            .unwrap_or(&[]);
        let registry = if options.schemas.is_empty() && profile_schemas.is_empty() {
            builtin_arc()
        } else {
            Arc::new(Registry::with_documents(
                profile_schemas.iter().chain(options.schemas.iter()),
            )?)
        };
        Self::compile(options, registry, profile)
    }

    /// Compile `options` against an already loaded registry (its `schemas` option is ignored).
    pub fn with_registry(options: Options, registry: Arc<Registry>) -> Result<Self> {
        options.validate()?;
        let profile = resolve_profile(&options)?;
        Self::compile(options, registry, profile)
    }

    fn compile(
        options: Options,
        registry: Arc<Registry>,
        profile: Option<crate::profile::Profile>,
    ) -> Result<Self> {
        let rt = registry.require_resource_type(&options.resource_type)?;
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
            None => match &options.approved_domains {
                Some(list) => Some(crate::profile::DomainPolicy {
                    approved: list
                        .iter()
                        .map(|d| crate::profile::domains::normalize_domain(d))
                        .collect::<Result<Vec<_>>>()?,
                    allow_subdomains: options.allow_subdomains.unwrap_or(false),
                }),
                None => None,
            },
        };
        let dialect = crate::dialect::Dialect::from_option(options.dialect.as_ref())?;
        Ok(Validator {
            inner: Arc::new(Compiled {
                dialect,
                options,
                registry,
                core,
                extensions,
                profile,
                domains,
            }),
        })
    }

    /// The options this validator was compiled from.
    pub fn options(&self) -> &Options {
        &self.inner.options
    }

    pub(crate) fn compiled(&self) -> &Compiled {
        &self.inner
    }

    /// The registry in use.
    pub fn registry(&self) -> &Registry {
        &self.inner.registry
    }

    /// Check a resource; every finding is in the report. Only input nested deeper than
    /// `maxDepth` fails ([`Error::NestingTooDeep`]).
    pub fn check(&self, resource: &Value) -> Result<Report> {
        crate::json::ensure_depth(resource, self.inner.options.max_depth)?;
        Ok(check::check(&self.inner, resource))
    }

    /// Check JSON text (the fast path: no host-language objects are built).
    pub fn check_json(&self, text: &[u8]) -> Result<Report> {
        let value = self.parse(text)?;
        Ok(check::check(&self.inner, &value))
    }

    /// Normalize a resource (see [`normalize`]).
    pub fn normalize(&self, resource: &Value) -> Result<Normalized> {
        crate::json::ensure_depth(resource, self.inner.options.max_depth)?;
        normalize::normalize(&self.inner, resource)
    }

    /// Normalize JSON text.
    pub fn normalize_json(&self, text: &[u8]) -> Result<Normalized> {
        let value = self.parse(text)?;
        normalize::normalize(&self.inner, &value)
    }

    fn parse(&self, text: &[u8]) -> Result<Value> {
        self.inner.options.parse_json(text)
    }

    /// The same validator for another operation (create, replace, response): nothing is
    /// compiled again.
    pub fn with_operation(&self, operation: crate::Operation) -> Validator {
        if self.inner.options.operation == operation {
            return self.clone();
        }
        let mut compiled = (*self.inner).clone();
        compiled.options.operation = operation;
        Validator {
            inner: Arc::new(compiled),
        }
    }
}

fn resolve_profile(options: &Options) -> Result<Option<crate::profile::Profile>> {
    match &options.profile {
        None | Some(Value::Null) => {
            for (set, option) in [
                (options.user_types.is_some(), "userTypes"),
                (options.custom_fields.is_some(), "customFields"),
            ] {
                if set {
                    return Err(Error::InvalidOption {
                        option: option.into(),
                        message: "needs a profile (for example profile: \"wrike\")".into(),
                    });
                }
            }
            Ok(None)
        }
        Some(v) => {
            let mut p = crate::profile::Profile::from_option(v)?;
            p.apply_overrides(options)?;
            Ok(Some(p))
        }
    }
}

/// Normalize a stored resource for PATCH: canonical spelling, readOnly attributes kept, no
/// change record.
pub(crate) fn normalize_stored(
    c: &Compiled,
    resource: &Value,
) -> Result<serde_json::Map<String, Value>> {
    match normalize::normalize_keep_read_only(c, resource)?.resource {
        Value::Object(m) => Ok(m),
        _ => Ok(serde_json::Map::new()),
    }
}

/// Check `resource` against its resource type (`options.resource_type`, default `User`) and
/// return every finding. Fails only when the work cannot be done: bad options, an unknown
/// resource type, unusable extra schemas, or input nested deeper than `maxDepth`.
///
/// ```
/// use serde_json::json;
/// let user = json!({
///     "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
///     "userName": "ada@example.com",
///     "emails": [{"value": "not-an-email", "primary": true}]
/// });
/// let report = scimgate::check(&user, &scimgate::Options::default()).unwrap();
/// assert!(!report.valid);
/// assert_eq!(report.issues[0].code, "invalid_email");
/// assert_eq!(report.issues[0].path, "emails[0].value");
/// ```
pub fn check(resource: &Value, options: &Options) -> Result<Report> {
    Validator::new(options.clone())?.check(resource)
}

/// [`check`] of JSON text, with the `maxBytes` and `maxDepth` limits applied while parsing.
pub fn check_json(text: &[u8], options: &Options) -> Result<Report> {
    Validator::new(options.clone())?.check_json(text)
}

/// Rewrite `resource` into canonical form and record every change: canonical attribute and
/// schema URN spelling, fully-qualified top-level keys moved into their extension object, the
/// core schema and used extensions declared in `schemas`, nulls dropped, readOnly attributes
/// dropped from requests, and (lenient mode) string booleans coerced. Unknown attributes are kept.
/// Normalizing the result again changes nothing.
///
/// ```
/// use serde_json::json;
/// let out = scimgate::normalize(
///     &json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "USERNAME": "ada", "id": "1"}),
///     &scimgate::Options::default(),
/// ).unwrap();
/// assert_eq!(out.resource, json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "ada"}));
/// assert_eq!(out.changes.len(), 2);
/// ```
pub fn normalize(resource: &Value, options: &Options) -> Result<Normalized> {
    Validator::new(options.clone())?.normalize(resource)
}

/// [`normalize`] of JSON text.
pub fn normalize_json(text: &[u8], options: &Options) -> Result<Normalized> {
    Validator::new(options.clone())?.normalize_json(text)
}

/// What a top-level key of a resource names.
#[derive(Debug)]
pub(crate) enum KeyKind<'c> {
    /// The `schemas` list.
    Schemas,
    /// An attribute of the core schema or a common attribute.
    Attr(&'c crate::schema::Attribute),
    /// The object of one of the resource type's extensions.
    Extension(&'c Schema),
    /// An attribute qualified by its schema URN: `urn:...:User:department`, `urn:...:User:name.givenName`.
    Qualified {
        schema: &'c Schema,
        is_core: bool,
        attr: &'c crate::schema::Attribute,
        sub: Option<&'c crate::schema::Attribute>,
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

    /// Whether a bare top-level key belongs in the profile's extension (OneLogin's
    /// `bareCustomKeys`): the user-type attribute or a custom-field name.
    pub(crate) fn bare_profile_key(&self, key: &str) -> bool {
        self.dialect.bare_custom_keys
            && self.profile.as_ref().is_some_and(|p| {
                self.extension(&p.extension).is_some()
                    && (key.eq_ignore_ascii_case(&p.user_types.attribute)
                        || crate::profile::check::looks_like_custom_field(key))
            })
    }

    /// Whether the value of `attr` must never reach an output: a secret (`returned: never` or
    /// `writeOnly`, i.e. a password) when the profile's target stores no passwords or the dialect
    /// drops them (`dropPassword`).
    pub(crate) fn drops_secret(&self, attr: &crate::schema::Attribute) -> bool {
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

/// Every non-null value a resource gives for the core attribute `name`: under any letter case,
/// and as a key qualified by the core schema URN (`urn:...:core:2.0:User:userName`).
pub(crate) fn core_values<'m>(
    map: &'m serde_json::Map<String, Value>,
    core: &str,
    name: &str,
) -> Vec<&'m Value> {
    map.iter()
        .filter(|(k, v)| {
            !v.is_null()
                && (k.eq_ignore_ascii_case(name)
                    || (k.len() == core.len() + 1 + name.len()
                        && k.is_char_boundary(core.len())
                        && k[..core.len()].eq_ignore_ascii_case(core)
                        && k.as_bytes()[core.len()] == b':'
                        && k[core.len() + 1..].eq_ignore_ascii_case(name)))
        })
        .map(|(_, v)| v)
        .collect()
}

/// The canonical path of a qualified key.
pub(crate) fn qualified_path(
    schema: &Schema,
    attr: &crate::schema::Attribute,
    sub: Option<&crate::schema::Attribute>,
) -> String {
    match sub {
        Some(s) => format!("{}:{}.{}", schema.id, attr.name, s.name),
        None => format!("{}:{}", schema.id, attr.name),
    }
}
