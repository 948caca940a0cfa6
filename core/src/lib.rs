//! # scimgate
//!
//! Validate and transform SCIM 2.0 (RFC 7643 / RFC 7644) User and Group payloads, for provisioning
//! into Wrike from Microsoft Entra ID, Okta and OneLogin.
//!
//! * [`check`] returns a [`Report`] with every finding about a resource as an [`Issue`] with a
//!   stable `code`, a `severity`, a `path` and, for errors, the RFC 7644 §3.12 `scimType`/`status`.
//!   Invalid data never makes it fail; only what prevents the work does (an [`Error`]).
//! * [`normalize`] rewrites a resource into canonical form and records every change.
//! * [`load_schemas`] reads a tenant's `/Schemas` (and `/ResourceTypes`) documents.
//! * [`to_scim_error`] renders an [`Error`] as an RFC 7644 §3.12 error body.
//! * [`Validator`] compiles options once and checks many resources.
//!
//! The issue codes are listed in `docs/issues.md` of the repository.
#![deny(missing_docs)]

pub mod dialect;
pub mod error;
pub mod filter;
pub mod issue;
pub mod json;
pub mod options;
pub mod patch;
pub mod profile;
pub mod resource;
pub mod schema;

pub use error::{scim_error_body, to_scim_error, Error, Result, ToScimError};
pub use filter::{filter_resources, parse_filter, parse_path, AttrPath, CompareOp, Filter};
pub use issue::{Issue, Report, Severity};
pub use options::{Mode, Operation, Options};
pub use patch::{apply_patch, Members, Patched};
pub use profile::custom_fields::{
    attribute_name as custom_field_name, custom_field_attribute, custom_fields_from_wrike,
    normalize_title, parse_custom_field_attribute, CustomField,
};
pub use profile::domains::{check_domain, DomainCheck};
pub use profile::Profile;
pub use resource::{check, check_json, normalize, normalize_json, Normalized, Validator};
pub use schema::{load_schemas, load_schemas_json, Registry};

#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;
