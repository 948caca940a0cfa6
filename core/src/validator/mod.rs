//! [`Validator`]: options compiled once (see [`compiled`]), and every step of the pipeline as
//! one of its methods — check, normalize, PATCH, filters and paths, the profile's view and plan.
//! The free functions ([`check`], [`normalize`], [`apply_patch`], [`plan`](crate::plan()), ...)
//! compile a one-off validator; a `Validator` is the fast path for many calls.

pub mod compiled;

use std::borrow::Cow;
use std::sync::{Arc, Mutex, PoisonError};

use serde_json::Value;

use crate::error::Result;
use crate::filter::{self, AttrPath, Filter};
use crate::issue::Report;
use crate::options::{Operation, Options};
use crate::patch::{self, Patched};
use crate::plan::{self, Plan};
use crate::profile::view::View;
use crate::resource::{self, Normalized};
use crate::schema::Registry;
pub(crate) use compiled::Compiled;

/// How many distinct option sets [`Validator::compiled_for`] keeps compiled.
const COMPILED_KEPT: usize = 8;

/// Options compiled once: the registry, the resource type and its schemas, the profile, the
/// dialect and the approved domains resolved. Cheap to clone and shareable across threads.
#[derive(Debug, Clone)]
pub struct Validator {
    inner: Arc<Compiled>,
    operation: Operation,
    /// The top-level name index of `check_json`'s stream path (made on first use; shared by
    /// clones and by [`Validator::with_operation`]).
    stream: Arc<std::sync::OnceLock<resource::stream::Index>>,
}

impl Validator {
    /// Compile `options`: load extra schemas, resolve the resource type, the profile, the
    /// dialect and the approved domains.
    ///
    /// Fails with [`Error::InvalidOption`](crate::Error::InvalidOption),
    /// [`Error::InvalidSchema`](crate::Error::InvalidSchema),
    /// [`Error::InvalidProfile`](crate::Error::InvalidProfile) or
    /// [`Error::UnknownResourceType`](crate::Error::UnknownResourceType).
    pub fn new(options: Options) -> Result<Self> {
        let operation = options.rules.operation;
        Ok(Validator {
            inner: Arc::new(compiled::compile(options, None)?),
            operation,
            stream: Arc::default(),
        })
    }

    /// Compile `options` against an already loaded registry (its `schemas` option is ignored).
    pub fn with_registry(options: Options, registry: Arc<Registry>) -> Result<Self> {
        let operation = options.rules.operation;
        Ok(Validator {
            inner: Arc::new(compiled::compile(options, Some(registry))?),
            operation,
            stream: Arc::default(),
        })
    }

    /// The validator for `options`, compiled once and kept (the last [`COMPILED_KEPT`] option
    /// sets used): the free functions ([`apply_patch`], [`check`], ...) and a binding's free
    /// functions called in a loop with the same options (npm's
    /// `applyPatch(user, patch, {dialect: "entra"})`) neither parse presets nor compile per
    /// call. A validator is immutable once compiled, so sharing one changes no result.
    pub(crate) fn compiled_for(options: Cow<'_, Options>) -> Result<Validator> {
        static KEPT: Mutex<Vec<(Options, Validator)>> = Mutex::new(Vec::new());
        let lock = || KEPT.lock().unwrap_or_else(PoisonError::into_inner);
        {
            let mut kept = lock();
            if let Some(i) = kept.iter().position(|(o, _)| *o == *options) {
                let hit = kept.remove(i);
                let v = hit.1.clone();
                kept.push(hit);
                return Ok(v);
            }
        }
        let v = Validator::new(options.into_owned())?;
        let mut kept = lock();
        if kept.len() >= COMPILED_KEPT {
            kept.remove(0);
        }
        kept.push((v.options().clone(), v.clone()));
        Ok(v)
    }

    /// The options this validator was compiled from.
    pub fn options(&self) -> &Options {
        &self.inner.options
    }

    /// The registry in use.
    pub fn registry(&self) -> &Registry {
        &self.inner.registry
    }

    /// The operation this validator checks for (create, replace, response).
    pub fn operation(&self) -> Operation {
        self.operation
    }

    /// Check a resource; every finding is in the report. Only input nested deeper than
    /// `maxDepth` fails ([`Error::NestingTooDeep`](crate::Error::NestingTooDeep)).
    pub fn check(&self, resource: &Value) -> Result<Report> {
        crate::json::ensure_depth(resource, self.inner.options.limits.max_depth)?;
        Ok(resource::check(&self.inner, self.operation, resource))
    }

    /// Check JSON text (the fast path: no host-language objects are built). The report comes
    /// from the token stream, without building the document, when the body is one the stream
    /// path can prove (see `resource::stream`); else from the parsed document. Both give the same
    /// report, and every error (malformed JSON, limits) comes from the parse.
    pub fn check_json(&self, text: &[u8]) -> Result<Report> {
        if let Some(report) = self.check_stream(text) {
            return Ok(report);
        }
        self.check_json_dom(text)
    }

    /// The stream path of [`Validator::check_json`]: `None` when it cannot prove the report
    /// (then `check_json` parses the document). Exposed for tests and benchmarks.
    #[doc(hidden)]
    pub fn check_stream(&self, text: &[u8]) -> Option<Report> {
        let index = self
            .stream
            .get_or_init(|| resource::stream::Index::new(&self.inner));
        resource::stream::check(&self.inner, index, self.operation, text)
    }

    /// [`Validator::check_json`] through the parsed document only (the reference the stream
    /// path is tested against).
    #[doc(hidden)]
    pub fn check_json_dom(&self, text: &[u8]) -> Result<Report> {
        let value = self.parse(text, "resource")?;
        Ok(resource::check(&self.inner, self.operation, &value))
    }

    /// Normalize a resource (see [`normalize`]).
    pub fn normalize(&self, resource: &Value) -> Result<Normalized> {
        crate::json::ensure_depth(resource, self.inner.options.limits.max_depth)?;
        resource::normalize(&self.inner, self.operation, resource)
    }

    /// Normalize JSON text.
    pub fn normalize_json(&self, text: &[u8]) -> Result<Normalized> {
        let value = self.parse(text, "resource")?;
        resource::normalize(&self.inner, self.operation, &value)
    }

    fn parse(&self, text: &[u8], argument: &str) -> Result<Value> {
        self.inner
            .options
            .parse_json(text)
            .map_err(|e| crate::json::of_argument(e, argument))
    }

    /// Parse a filter with this validator's settings: lenient mode or the `valuePathCompare`
    /// dialect switch accept Entra's `emails[type eq "work"].value eq "x"`.
    ///
    /// A filter naming an attribute whose schema says `returned: never` (`password`, in any
    /// spelling, qualified or not, under `not` or in a value filter) fails with
    /// [`Error::InvalidFilter`](crate::Error::InvalidFilter) at the offset of that attribute
    /// path: matching on it would reveal the value it never returns.
    pub fn parse_filter(&self, text: &str) -> Result<Filter> {
        filter::parse_filter_for(&self.inner, text)
    }

    /// Parse a PATCH path with this validator's settings. Its value filter may not name an
    /// attribute that is never returned (see [`Validator::parse_filter`]); the path itself may
    /// (`password` is a valid PATCH target).
    pub fn parse_path(&self, text: &str) -> Result<AttrPath> {
        filter::parse_path_for(&self.inner, text)
    }

    /// Apply a PatchOp request to `resource`: all operations or none (see [`apply_patch`]).
    /// A request that cannot be applied fails with
    /// [`Error::PatchFailed`](crate::Error::PatchFailed), whose `issues` list every problem
    /// found (what [`Validator::check_patch`] reports as errors, and what only the resource
    /// reveals).
    pub fn apply_patch(&self, resource: &Value, patch: &Value) -> Result<Patched> {
        let max_depth = self.inner.options.limits.max_depth;
        crate::json::ensure_depth(resource, max_depth)?;
        crate::json::ensure_depth(patch, max_depth)?;
        patch::apply(&self.inner, resource, patch)
    }

    /// [`Validator::apply_patch`] to a resource handed over, both documents parsed from text
    /// with this validator's limits (the contract's documents are; so, as in
    /// [`Validator::apply_patch_json`], their depth is not walked again): a canonical resource is
    /// patched in place, without a copy.
    pub(crate) fn apply_patch_parsed(&self, resource: Value, patch: &Value) -> Result<Patched> {
        patch::apply_owned(&self.inner, resource, patch)
    }

    /// Check a PatchOp request without applying it and without the resource it is for (see
    /// [`check_patch`]): every problem of the body and of each operation — its `op` (with the
    /// dialect's op-name rules), the syntax of its `path` and whether it names an attribute of
    /// the resource type, its `value` against the schema, mutability — and every dialect quirk
    /// it relies on (warnings), each located in the request (`Operations[2].path`,
    /// `Operations[0].value.emails[0].value`). Only input nested deeper than `maxDepth` fails.
    pub fn check_patch(&self, patch: &Value) -> Result<Report> {
        crate::json::ensure_depth(patch, self.inner.options.limits.max_depth)?;
        Ok(patch::check(&self.inner, patch))
    }

    /// [`Validator::check_patch`] of JSON text.
    pub fn check_patch_json(&self, text: &[u8]) -> Result<Report> {
        let p = self.parse(text, "patch")?;
        Ok(patch::check(&self.inner, &p))
    }

    /// [`Validator::apply_patch`] with both documents as JSON text.
    pub fn apply_patch_json(&self, resource: &[u8], patch: &[u8]) -> Result<Patched> {
        let r = self.parse(resource, "resource")?;
        let p = self.parse(patch, "patch")?;
        patch::apply_owned(&self.inner, r, &p)
    }

    /// What the target stores from `resource` (a user): its profile's synced attributes, user
    /// type, custom fields, `active`, login email and the synced attributes the payload omits.
    /// The profile is the `profile` option, else the built-in default profile
    /// ([`DEFAULT_PROFILE`](crate::profile::DEFAULT_PROFILE), `wrike`).
    pub fn view(&self, resource: &Value) -> Result<View> {
        crate::json::ensure_depth(resource, self.inner.options.limits.max_depth)?;
        plan::view(&*self.inner.profiled()?, self.operation, resource)
    }

    /// The plan for a request: `method` (POST, PUT, PATCH, DELETE), its `body` (absent for
    /// DELETE), and optionally `current`, what the target holds now (required for PATCH).
    /// The profile is the `profile` option, else the built-in default profile.
    pub fn plan(
        &self,
        method: &str,
        body: Option<&Value>,
        current: Option<&Value>,
    ) -> Result<Plan> {
        for v in [body, current].into_iter().flatten() {
            crate::json::ensure_depth(v, self.inner.options.limits.max_depth)?;
        }
        plan::plan(
            &*self.inner.profiled()?,
            self.operation,
            method,
            body,
            current,
        )
    }

    /// The SCIM type of the attribute (or sub-attribute) `path` names, when the schemas in force
    /// define it.
    pub(crate) fn target_type(
        &self,
        path: &crate::filter::AttrPath,
    ) -> Option<crate::schema::AttributeType> {
        let c = &*self.inner;
        let attr = match &path.urn {
            Some(urn) if !urn.eq_ignore_ascii_case(&c.core.id) => {
                c.extension(urn)?.attribute(&path.name)?
            }
            _ => c
                .core
                .attribute(&path.name)
                .or_else(|| c.registry.common().attribute(&path.name))?,
        };
        let attr = match &path.sub {
            Some(sub) => attr.sub_attribute(sub)?,
            None => attr,
        };
        Some(attr.kind)
    }

    /// Whether `path` names something a request may carry: an attribute (or sub-attribute) of
    /// the schemas in force, or a custom-field-shaped attribute of the profile's extension.
    pub(crate) fn target_known(&self, path: &crate::filter::AttrPath) -> bool {
        if self.target_type(path).is_some() {
            return true;
        }
        let c = &*self.inner;
        path.sub.is_none()
            && path.filter.is_none()
            && path.urn.as_deref().is_some_and(|urn| {
                c.extension(urn)
                    .is_some_and(|e| c.is_profile_extension(e) && c.custom_field_shaped(&path.name))
            })
    }

    /// The same validator for another operation (create, replace, response): nothing is
    /// compiled again.
    pub fn with_operation(&self, operation: Operation) -> Validator {
        Validator {
            inner: Arc::clone(&self.inner),
            operation,
            stream: Arc::clone(&self.stream),
        }
    }
}

/// Check `resource` against its resource type (`options.schema.resource_type`, default `User`) and
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
    Validator::compiled_for(Cow::Borrowed(options))?.check(resource)
}

/// [`check`] of JSON text, with the `maxBytes` and `maxDepth` limits applied while parsing.
pub fn check_json(text: &[u8], options: &Options) -> Result<Report> {
    Validator::compiled_for(Cow::Borrowed(options))?.check_json(text)
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
    Validator::compiled_for(Cow::Borrowed(options))?.normalize(resource)
}

/// [`normalize`] of JSON text.
pub fn normalize_json(text: &[u8], options: &Options) -> Result<Normalized> {
    Validator::compiled_for(Cow::Borrowed(options))?.normalize_json(text)
}

impl Filter {
    /// Whether the filter matches `resource` (a JSON object; anything else never matches), with
    /// the validator's resource type deciding attribute types and caseExact.
    ///
    /// A filter naming an attribute that the validator's schemas never return (`password`) is
    /// refused with [`Error::InvalidFilter`](crate::Error::InvalidFilter) (offset 0, like other
    /// evaluation errors) whatever the resource holds, also when it was parsed without schemas
    /// by the free [`parse_filter`](crate::parse_filter).
    pub fn matches(&self, resource: &Value, validator: &Validator) -> Result<bool> {
        filter::matches_in(&validator.inner, self, resource)
    }
}

/// The resources a filter selects, in order — the answer to `GET /Users?filter=...`. An empty
/// list when nothing matches (Entra's probe with a random GUID expects exactly that). Refuses a
/// filter on an attribute that is never returned, as [`Filter::matches`] does.
pub fn filter_resources<'a>(
    filter: &Filter,
    resources: &'a [Value],
    validator: &Validator,
) -> Result<Vec<&'a Value>> {
    filter::select(&validator.inner, filter, resources)
}

/// Apply the PATCH request `patch` (a PatchOp message) to `resource`: all operations or none.
///
/// ```
/// use serde_json::json;
/// let group = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "id": "g1",
///     "displayName": "Eng", "members": [{"value": "u1"}, {"value": "u2"}]});
/// let patch = json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
///     {"op": "add", "path": "members", "value": [{"value": "u3"}]},
///     {"op": "remove", "path": "members[value eq \"u1\"]"}]});
/// let options = scimgate::Options::for_type("Group");
/// let out = scimgate::apply_patch(&group, &patch, &options).unwrap();
/// assert_eq!(out.members.added, ["u3"]);
/// assert_eq!(out.members.removed, ["u1"]);
/// assert_eq!(out.resource["members"], json!([{"value": "u2"}, {"value": "u3"}]));
/// ```
pub fn apply_patch(resource: &Value, patch: &Value, options: &Options) -> Result<Patched> {
    Validator::compiled_for(Cow::Borrowed(options))?.apply_patch(resource, patch)
}

/// Check the PATCH request `patch` (a PatchOp message) without applying it: every problem of
/// every operation, located in the request, in a [`Report`]. Nothing here needs the resource
/// the request is for; what only the resource can tell (whether a value filter matches, whether
/// a readOnly value repeats the stored one) is left to [`apply_patch`], whose
/// [`Error::PatchFailed`](crate::Error::PatchFailed) carries the same problems as `issues`.
///
/// ```
/// use serde_json::json;
/// let patch = json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
///     {"op": "Replace", "path": "active", "value": "yes"},
///     {"op": "add", "path": "nickname.first", "value": "Bab"}]});
/// let report = scimgate::check_patch(&patch, &scimgate::Options::default()).unwrap();
/// let found: Vec<(&str, &str)> =
///     report.issues.iter().map(|i| (i.code.as_str(), i.path.as_str())).collect();
/// assert_eq!(found, [
///     ("patch_invalid_syntax", "Operations[0].op"),
///     ("patch_invalid_value", "Operations[0].value"),
///     ("patch_invalid_path", "Operations[1].path"),
/// ]);
/// ```
pub fn check_patch(patch: &Value, options: &Options) -> Result<Report> {
    Validator::compiled_for(Cow::Borrowed(options))?.check_patch(patch)
}

/// [`check_patch`] of JSON text.
pub fn check_patch_json(text: &[u8], options: &Options) -> Result<Report> {
    Validator::compiled_for(Cow::Borrowed(options))?.check_patch_json(text)
}

/// [`Validator::plan`] with a one-off validator (the profile is the `profile` option, else the
/// built-in default profile, as for the method).
pub fn plan(
    method: &str,
    body: Option<&Value>,
    current: Option<&Value>,
    options: &Options,
) -> Result<Plan> {
    Validator::compiled_for(Cow::Borrowed(options))?.plan(method, body, current)
}

/// [`Validator::view`] with a one-off validator (the profile is the `profile` option, else the
/// built-in default profile, as for the method).
///
/// ```
/// use serde_json::json;
/// let view = scimgate::wrike_view(&json!({
///     "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
///     "userName": "ada@acme.com",
///     "phoneNumbers": [{"value": "+1 555 0100", "type": "mobile"}, {"value": "+1 555 0199", "type": "work"}]
/// }), &scimgate::Options::default()).unwrap();
/// assert_eq!(view.get("phone"), "+1 555 0199");
/// assert_eq!(view.user_type, "Regular");
/// assert_eq!(view.login_email.as_deref(), Some("ada@acme.com"));
/// ```
pub fn wrike_view(resource: &Value, options: &Options) -> Result<View> {
    Validator::compiled_for(Cow::Borrowed(options))?.view(resource)
}
