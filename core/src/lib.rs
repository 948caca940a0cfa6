//! # scimgate
//!
//! Validate and transform SCIM 2.0 (RFC 7643 / RFC 7644) User and Group payloads, for provisioning
//! into Wrike from Microsoft Entra ID, Okta and OneLogin.
//!
//! ## The pipeline
//!
//! 1. **Options** ([`Options`], [`options`]) are read once — from JSON with
//!    [`Options::from_json`] or built in Rust — and split into typed parts: the schema choice
//!    (resource type, extra schemas), the rules (operation, mode, IdP [`dialect`]), the limits
//!    (bytes, depth, operations) and the vendor profile.
//! 2. **Compile**: [`Validator::new`] resolves them once ([`validator::compiled`]): the schema
//!    [`Registry`] with its attribute indexes, the dialect's switches, and (lazily, when a view or
//!    plan needs it) the [`Profile`] with its approved domains and custom-field catalogue.
//! 3. **Run**: each call parses its input within the limits ([`json`]) and walks it against the
//!    compiled state: [`Validator::check`] gives a [`Report`] of [`Issue`]s, [`Validator::normalize`]
//!    the canonical resource and its changes, [`Validator::apply_patch`] applies a PATCH
//!    ([`patch`]) and re-checks the result, [`Validator::view`] and [`Validator::plan`] say what
//!    the target stores and does ([`profile`], [`plan()`]).
//! 4. **Answer**: results are serde types; every finding and failure has a [`Code`] from one
//!    catalogue ([`codes`]); [`api`] runs any function on JSON text, which is all the npm and pip
//!    bindings do.
//!
//! ```
//! use scimgate::{Action, Options, Validator};
//! use serde_json::json;
//!
//! // 1. Options, read once (camelCase or snake_case keys).
//! let options = Options::from_json(br#"{
//!     "dialect": "entra", "mode": "lenient",
//!     "profile": "wrike", "approvedDomains": ["example.com"]
//! }"#)?;
//! // 2. Compiled once, for many calls (clone it freely: it is shared).
//! let validator = Validator::new(options)?;
//! // 3. Run: an Entra POST body, checked, normalized, and planned for Wrike.
//! let body = json!({
//!     "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
//!     "userName": "ada@example.com",
//!     "active": "True",
//!     "emails": [{"value": "ada@example.com", "type": "work", "primary": true}]
//! });
//! let report = validator.check(&body)?;
//! assert!(report.valid); // lenient: "True" is a warning, not an error
//! let normalized = validator.normalize(&body)?;
//! assert_eq!(normalized.resource["active"], json!(true));
//! let plan = validator.plan("POST", Some(&body), None)?;
//! assert_eq!(plan.action, Action::Create);
//! // 4. Answer: codes are stable slugs; the same run through the bindings' entry point.
//! assert_eq!(report.issues[0].code.as_str(), "string_boolean");
//! let text = scimgate::api::call("check", &[scimgate::api::Doc::Text(body.to_string().as_bytes())], b"", br#"{"mode":"lenient"}"#)?;
//! assert!(text.starts_with(r#"{"valid":true"#));
//! # Ok::<(), scimgate::Error>(())
//! ```
//!
//! ## Entry points
//!
//! * [`check`] returns a [`Report`] with every finding about a resource as an [`Issue`] with a
//!   stable `code`, a `severity`, a `path` (and the same place as segments, a [`Loc`]) and, for
//!   errors, the RFC 7644 §3.12 `scimType`/`status`.
//!   Invalid data never makes it fail; only what prevents the work does (an [`Error`]).
//! * [`normalize`] rewrites a resource into canonical form and records every change.
//! * [`load_schemas`] reads a tenant's `/Schemas` (and `/ResourceTypes`) documents.
//! * [`to_scim_error`] renders an [`Error`] as an RFC 7644 §3.12 error body.
//! * [`Validator`] compiles options once and checks many resources.
//! * [`parse_filter`], [`parse_path`], [`filter_resources`]: RFC 7644 filters and paths.
//! * [`apply_patch`]: atomic RFC 7644 PATCH with IdP dialects ([`dialect`]); [`check_patch`]
//!   reports every problem of a PATCH request without applying it.
//! * [`Profile`] (built-in `wrike`): user types, custom fields ([`custom_field_attribute`]),
//!   approved domains ([`check_domain`]), the synced view ([`wrike_view`]) and the provisioning
//!   [`plan()`].
//!
//! Every function that takes a document has a form on JSON bytes ([`api::call`],
//! [`Validator::check_json`], ...), so no binding decides how to parse. The issue codes are
//! listed in `docs/issues.md` of the repository.
#![deny(missing_docs)]

pub mod api;
pub mod batch;
pub mod codes;
pub(crate) mod coerce;
#[cfg(feature = "schema")]
pub mod contract;
pub mod dialect;
pub mod error;
pub mod expr;
pub mod filter;
pub mod formats;
pub mod issue;
pub mod json;
pub mod loc;
pub mod mapping;
pub mod options;
pub mod patch;
pub mod plan;
pub mod profile;
pub mod resource;
pub mod schema;
pub mod validator;

#[cfg(test)]
mod test_vectors;

pub use codes::{Code, CodeInfo, CATALOGUE};
pub use error::{
    scim_error_body, to_scim_error, Error, PatchErrorKind, Result, ScimErrorBody, ToScimError,
    ERROR_FIELDS,
};
pub use filter::{parse_filter, parse_path, AttrPath, CompareOp, Filter, PathInfo};
pub use issue::{Issue, Report, Severity};
pub use loc::{Loc, Segment};
pub use options::{Mode, Operation, Options};
pub use patch::{Members, Patched};
pub use plan::{Action, Change, Plan};
pub use profile::custom_fields::{
    attribute_name as custom_field_name, custom_field_attribute, custom_field_urn,
    custom_fields_from_wrike, normalize_title, parse_custom_field_attribute, CustomField,
    ParsedAttribute,
};
pub use profile::domains::{check_domain, DomainCheck};
pub use profile::view::View;
pub use profile::Profile;

/// The Wrike extension schema document with the user type and the custom fields of `catalog`
/// (Wrike's `GET /customfields` response or a list of `{id, title, type}`), for the profile in
/// `options` (else the default profile, `wrike`). See [`Profile::extension_schema`].
pub fn extension_schema(
    catalog: &serde_json::Value,
    options: &Options,
) -> Result<serde_json::Value> {
    let default = serde_json::Value::String(profile::DEFAULT_PROFILE.into());
    let mut profile = Profile::from_option(options.profile.profile.as_ref().unwrap_or(&default))?;
    let fields = profile::custom_fields::read_catalog(catalog, &profile.field_rules)?;
    profile.set_custom_fields(fields);
    Ok(profile.extension_schema())
}
pub use resource::Normalized;
pub use schema::{load_schemas, load_schemas_json, Document, LoadedSchemas, Registry};
pub use validator::{
    apply_patch, check, check_json, check_patch, check_patch_json, filter_resources, normalize,
    normalize_json, plan, wrike_view, Validator,
};

#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;
