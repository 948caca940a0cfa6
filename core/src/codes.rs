//! The one catalogue of codes: every issue `check` reports, every change `normalize` and PATCH
//! record, every finding of a plan, and every error. Each code has a stable snake_case slug
//! (never reworded), where it is used, its default severity, the RFC 7644 §3.12 `scimType` a SCIM
//! service answers with when it is an error, and a one-line description. `docs/issues.md`
//! documents exactly these codes (a test holds them together), and the bindings' code unions are
//! generated from [`CATALOGUE`].

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// How serious a finding is.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; nothing is wrong.
    Info,
    /// Accepted, but not as the RFC wants it, or changed on the way (a coercion).
    Warning,
    /// The payload is invalid; a SCIM service should reject it.
    Error,
}

impl Severity {
    /// `"error"`, `"warning"` or `"info"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Where a code is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Use {
    /// A finding of `check` (an issue in a report; also in plans).
    Check,
    /// A change recorded by `normalize`.
    Normalize,
    /// A change recorded by PATCH (`apply_patch`), or a PATCH finding.
    Patch,
    /// A finding of a plan.
    Plan,
    /// A finding of an expression's evaluation or of a mapping (`evaluate_expression`,
    /// `map_user`).
    Map,
    /// An error: the call fails.
    Error,
}

/// One catalogue entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CodeInfo {
    /// The code.
    #[serde(skip)]
    pub code: Code,
    /// The stable snake_case slug.
    pub slug: &'static str,
    /// Where it is used.
    pub uses: &'static [Use],
    /// The usual severity of an issue or change with this code (errors: `error`).
    pub severity: Severity,
    /// When the severity depends on the mode or the operation, how (for people).
    pub severity_note: &'static str,
    /// RFC 7644 §3.12 `scimType` when this code is an error (or an error-severity issue).
    pub scim_type: Option<&'static str>,
    /// HTTP status a SCIM service answers with when this code is an error.
    pub status: u16,
    /// One line for people.
    pub description: &'static str,
}

macro_rules! catalogue {
    ($(
        $(#[$doc:meta])*
        $variant:ident = $slug:literal, [$($use:ident),+], $sev:ident, $note:literal,
            $scim:expr, $status:literal, $desc:literal;
    )+) => {
        /// Every code scimgate reports (see the module docs and [`CATALOGUE`]).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Code {
            $(
                #[doc = $desc]
                $variant,
            )+
        }

        /// The catalogue, in documentation order.
        pub const CATALOGUE: &[CodeInfo] = &[
            $(CodeInfo {
                code: Code::$variant,
                slug: $slug,
                uses: &[$(Use::$use),+],
                severity: Severity::$sev,
                severity_note: $note,
                scim_type: $scim,
                status: $status,
                description: $desc,
            },)+
        ];

        impl Code {
            /// The stable slug.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $slug,)+
                }
            }

            /// The code with this slug.
            pub fn from_slug(slug: &str) -> Option<Code> {
                match slug {
                    $($slug => Some(Code::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

const SYNTAX: Option<&str> = Some("invalidSyntax");
const VALUE: Option<&str> = Some("invalidValue");
const MUTABILITY: Option<&str> = Some("mutability");

catalogue! {
    // ---- check: the schemas list -------------------------------------------------------------
    NotAnObject = "not_an_object", [Check, Error], Error, "",
        SYNTAX, 400, "The resource (or the value an operation needs) is not a JSON object.";
    SchemasMissing = "schemas_missing", [Check], Error, "",
        SYNTAX, 400, "The resource has no `schemas` list (or it is null).";
    SchemasNotAList = "schemas_not_a_list", [Check], Error, "",
        SYNTAX, 400, "`schemas` is not an array of URNs.";
    SchemasEmpty = "schemas_empty", [Check], Error, "",
        SYNTAX, 400, "`schemas` is an empty array.";
    SchemasInvalidEntry = "schemas_invalid_entry", [Check], Error, "",
        SYNTAX, 400, "An entry of `schemas` is not a string.";
    DuplicateSchema = "duplicate_schema", [Check], Warning, "",
        None, 400, "A URN is listed twice in `schemas` (URNs compare case-insensitively).";
    CoreSchemaMissing = "core_schema_missing", [Check], Error, "",
        SYNTAX, 400, "`schemas` does not list the resource type's core schema.";
    UnknownSchema = "unknown_schema", [Check], Error, "strict: error; lenient: warning",
        SYNTAX, 400, "A URN in `schemas` is not in the schema registry.";
    SchemaNotAllowed = "schema_not_allowed", [Check], Error, "",
        SYNTAX, 400, "A known schema that is neither the resource type's core schema nor one of its extensions.";
    // ---- check: names and extensions ---------------------------------------------------------
    NonCanonicalName = "non_canonical_name", [Check], Info, "",
        None, 400, "A name or URN is spelled in another letter case than the schema's.";
    DuplicateAttribute = "duplicate_attribute", [Check], Error, "",
        SYNTAX, 400, "One attribute is given twice: under two letter cases, or qualified beside its own place.";
    QualifiedAttributeName = "qualified_attribute_name", [Check], Error, "strict: error; lenient: warning",
        SYNTAX, 400, "A top-level key is an attribute qualified by its schema URN.";
    UnknownAttribute = "unknown_attribute", [Check], Error, "strict: error; lenient: warning",
        SYNTAX, 400, "The resource type's schemas do not define the attribute.";
    ExtensionNotDeclared = "extension_not_declared", [Check], Error, "strict: error; lenient: warning",
        SYNTAX, 400, "An extension is used but its URN is not in `schemas`.";
    RequiredExtensionMissing = "required_extension_missing", [Check], Error, "",
        VALUE, 400, "The resource type requires an extension that is absent.";
    // ---- check: values -----------------------------------------------------------------------
    RequiredMissing = "required_missing", [Check], Error, "",
        VALUE, 400, "A required attribute is absent, null or empty.";
    ReservedId = "reserved_id", [Check], Error, "",
        VALUE, 400, "The id holds \"bulkId\", a reserved keyword no unique identifier may contain.";
    InvalidType = "invalid_type", [Check], Error, "",
        VALUE, 400, "The JSON type does not fit the attribute's type.";
    StringBoolean = "string_boolean", [Check], Warning, "lenient mode or the stringBooleans switch",
        None, 400, "A boolean is written as the string \"true\" or \"false\" (any case).";
    InvalidDatetime = "invalid_datetime", [Check], Error, "",
        VALUE, 400, "A dateTime is not an xsd:dateTime (RFC 7643 §2.3.5).";
    InvalidReference = "invalid_reference", [Check], Error, "",
        VALUE, 400, "A reference is empty, not a URI reference, or (external only) not absolute.";
    InvalidBinary = "invalid_binary", [Check], Error, "",
        VALUE, 400, "A binary value is not standard base64 (RFC 4648 §4).";
    ExpectedMultiValued = "expected_multi_valued", [Check], Error, "",
        VALUE, 400, "A single value is given for a multi-valued attribute.";
    ExpectedSingleValue = "expected_single_value", [Check], Error, "",
        VALUE, 400, "An array is given for a single-valued attribute.";
    MultiplePrimary = "multiple_primary", [Check], Error, "",
        VALUE, 400, "More than one element of a multi-valued attribute is primary.";
    DuplicateValue = "duplicate_value", [Check], Warning, "",
        None, 400, "An element repeats the value and type of an earlier element.";
    NonCanonicalValue = "non_canonical_value", [Check], Warning, "",
        None, 400, "A value is not one of the attribute's canonicalValues.";
    ReadOnlyAttribute = "read_only_attribute", [Check], Warning, "create and replace",
        MUTABILITY, 400, "A readOnly attribute is present in a request; the service provider ignores it.";
    ReturnedNever = "returned_never", [Check], Error, "response",
        VALUE, 400, "A response carries an attribute that is never returned (password).";
    InvalidEmail = "invalid_email", [Check, Error], Error, "",
        VALUE, 400, "An email value (or an address given to the domain check) is not a plain address.";
    NullValue = "null_value", [Check], Info, "",
        None, 400, "An attribute or element is null: treated as absent.";
    AmbiguousExtensionAttribute = "ambiguous_extension_attribute", [Check], Error, "lenient mode or the unqualifiedExtensionAttributes switch",
        SYNTAX, 400, "An unqualified name is not a core attribute and more than one declared extension defines it.";
    // ---- coercions: check, normalize and PATCH (the one coercion layer) ----------------------
    ManagerCoerced = "manager_coerced", [Check, Normalize, Patch], Warning, "the managerShapes switch",
        None, 400, "A bare string or one-element array was read as a complex value.";
    EmptyValueCleared = "empty_value_cleared", [Check, Normalize, Patch], Warning, "the emptyValueClears switch",
        None, 400, "`{\"value\": \"\"}` cleared a complex attribute.";
    EmptyStringUnassigned = "empty_string_unassigned", [Check, Normalize, Patch], Warning, "the emptyStringsUnassigned switch",
        None, 400, "An empty string for an optional attribute was read as unassigned, as null is (RFC 7643 §2.5).";
    SingleValueWrapped = "single_value_wrapped", [Check, Normalize, Patch], Warning, "lenient mode or the wrapSingleValues switch",
        None, 400, "A single value for a multi-valued attribute was read as a one-element array.";
    UnqualifiedExtensionAttribute = "unqualified_extension_attribute", [Check, Normalize, Patch], Warning, "lenient mode or the unqualifiedExtensionAttributes switch",
        None, 400, "A name no core attribute has was read as the attribute of the one extension that defines it.";
    // ---- check: the profile ------------------------------------------------------------------
    UserTypeDefaulted = "user_type_defaulted", [Check], Info, "",
        None, 400, "No user type: the user is created with the profile's default.";
    UserTypeNormalized = "user_type_normalized", [Check, Normalize], Info, "",
        None, 400, "A user type matched ignoring case and whitespace; normalize writes it canonically.";
    UserTypeAlias = "user_type_alias", [Check], Info, "",
        None, 400, "A user type matched a configured alias.";
    UnknownUserType = "unknown_user_type", [Check], Error, "",
        VALUE, 400, "The user type is not one of the account's user types.";
    UnknownCustomField = "unknown_custom_field", [Check], Error, "",
        VALUE, 400, "No custom field of the catalog has this id.";
    MalformedCustomFieldId = "malformed_custom_field_id", [Check], Error, "",
        VALUE, 400, "A custom-field attribute does not start with a field id of the profile's grammar.";
    StaleCustomFieldTitle = "stale_custom_field_title", [Check], Warning, "",
        None, 400, "A custom field's title part is not its current normalized title.";
    InvalidCustomFieldValue = "invalid_custom_field_value", [Check], Error, "",
        VALUE, 400, "A value does not fit its custom field's type.";
    DomainNotApproved = "domain_not_approved", [Check, Plan], Error, "",
        VALUE, 400, "The login email's domain is not an approved domain.";
    InvalidLoginEmail = "invalid_login_email", [Check, Plan], Error, "",
        VALUE, 400, "The login-email rule stops at a source that is not a usable address (it never falls back).";
    NoLoginEmail = "no_login_email", [Check, Plan], Error, "",
        VALUE, 400, "Neither userName nor emails holds an email address.";
    BareCustomKey = "bare_custom_key", [Check], Warning, "the bareCustomKeys switch",
        None, 400, "A profile attribute is given at the top level; it is read from the profile's extension.";
    PasswordIgnored = "password_ignored", [Check], Info, "",
        None, 400, "The request's password will be dropped: the target stores no passwords.";
    // ---- normalize ---------------------------------------------------------------------------
    NameCanonicalized = "name_canonicalized", [Normalize], Info, "",
        None, 400, "A key was respelled in its canonical letter case.";
    SchemaCanonicalized = "schema_canonicalized", [Normalize], Info, "",
        None, 400, "A `schemas` entry was respelled to the schema's URN.";
    DuplicateSchemaRemoved = "duplicate_schema_removed", [Normalize], Info, "",
        None, 400, "A repeated `schemas` entry was removed.";
    CoreSchemaAdded = "core_schema_added", [Normalize], Info, "",
        None, 400, "The core schema URN was added to `schemas`.";
    ExtensionDeclared = "extension_declared", [Normalize, Patch], Info, "",
        None, 400, "An extension in use was added to `schemas`.";
    QualifiedAttributeMoved = "qualified_attribute_moved", [Normalize], Info, "",
        None, 400, "A qualified top-level key was moved into its place.";
    NullRemoved = "null_removed", [Normalize, Patch], Info, "",
        None, 400, "A null attribute or element was dropped (RFC 7643 §2.5).";
    ReadOnlyRemoved = "read_only_removed", [Normalize], Info, "",
        None, 400, "A readOnly attribute was dropped from a request.";
    StringBooleanCoerced = "string_boolean_coerced", [Normalize, Patch], Warning, "",
        None, 400, "A string boolean became a boolean.";
    PasswordDropped = "password_dropped", [Normalize, Patch], Warning, "",
        None, 400, "A secret attribute was dropped: the target stores no passwords; its value is never echoed.";
    BareKeyMoved = "bare_key_moved", [Normalize], Warning, "",
        None, 400, "A top-level profile attribute was moved into the profile's extension.";
    DuplicateAttributeKept = "duplicate_attribute_kept", [Normalize], Warning, "",
        None, 400, "Two keys name one attribute: every spelling is left as written.";
    // ---- PATCH -------------------------------------------------------------------------------
    Added = "added", [Patch], Info, "",
        None, 400, "An operation added a value.";
    Replaced = "replaced", [Patch], Info, "",
        None, 400, "An operation replaced a value.";
    Removed = "removed", [Patch], Info, "",
        None, 400, "An operation removed a value.";
    PrimaryCleared = "primary_cleared", [Patch], Info, "",
        None, 400, "Another element became primary; this one no longer is.";
    SubAttributesDropped = "sub_attributes_dropped", [Patch], Warning, "",
        None, 400, "A replace through a value filter replaced whole elements: sub-attributes its value did not give are gone.";
    ReadOnlyUnchanged = "read_only_unchanged", [Patch], Info, "",
        None, 400, "An operation repeated a readOnly attribute's current value: nothing to change.";
    PatchSchemaMissing = "patch_schema_missing", [Patch], Warning, "lenient mode",
        None, 400, "The PatchOp body does not list the PatchOp schema.";
    EmptyOperations = "empty_operations", [Patch], Warning, "the emptyOperationsIsNoop switch",
        None, 400, "`Operations` is empty: nothing to do.";
    CapitalizedOp = "capitalized_op", [Patch], Warning, "the capitalizedOps switch",
        None, 400, "An op was written in another letter case (Add, Replace, Remove).";
    PathKeyInValue = "path_key_in_value", [Patch], Warning, "the pathKeysInValue switch",
        None, 400, "A path-less value's key is a path; it was applied as that path.";
    RemoveByValue = "remove_by_value", [Patch], Warning, "the removeMembersByValue switch",
        None, 400, "A remove with a value list removed only the listed values.";
    CreatedOnUnmatchedFilter = "created_on_unmatched_filter", [Patch], Warning, "the createOnUnmatchedFilter switch",
        None, 400, "A value filter matched nothing; an element was created from it.";
    UnknownAttributeDropped = "unknown_attribute_dropped", [Patch], Warning, "lenient mode",
        None, 400, "A PATCH value gave an attribute or sub-attribute the schemas do not define; it was dropped.";
    ReadOnlyTarget = "read_only_target", [Patch], Warning, "checkPatch",
        None, 400, "An operation sets a readOnly attribute: it applies only when it repeats the stored value.";
    // ---- PATCH problems (checkPatch, and the issues of a patch_failed error) ------------------
    PatchInvalidSyntax = "patch_invalid_syntax", [Patch, Plan], Error, "",
        SYNTAX, 400, "The PatchOp body or an operation is malformed: not an object, no `Operations`, an unknown `op` or member.";
    PatchInvalidPath = "patch_invalid_path", [Patch, Plan], Error, "",
        Some("invalidPath"), 400, "An operation's path (or a path-less value's key) does not parse or names no attribute.";
    PatchNoTarget = "patch_no_target", [Patch, Plan], Error, "",
        Some("noTarget"), 400, "An operation has no target: `remove` without a path, a value filter that matches nothing.";
    PatchInvalidValue = "patch_invalid_value", [Patch, Plan], Error, "",
        VALUE, 400, "An operation's value is missing or does not fit its attribute (type, sub-attributes, primary).";
    PatchMutability = "patch_mutability", [Patch, Plan], Error, "",
        MUTABILITY, 400, "An operation would modify a readOnly or immutable attribute, or remove a required one.";
    // ---- plan --------------------------------------------------------------------------------
    GroupsNotSupported = "groups_not_supported", [Plan], Error, "",
        VALUE, 400, "The profile's target does not provision groups.";
    NotSynced = "not_synced", [Plan], Info, "",
        None, 400, "The request gives an attribute the target does not store: it is dropped.";
    // ---- expressions and mappings (evaluate_expression, map_user) ---------------------------
    // (entra)
    // (okta)
    // (onelogin)
    ExpressionFailed = "expression_failed", [Map], Error, "",
        VALUE, 400, "An expression failed while evaluated (an argument of the wrong type, a date that does not parse, an index out of range): the IdP would not provision the user.";
    // (mapping)
    MatchingAttributeMissing = "matching_attribute_missing", [Map], Error, "",
        VALUE, 400, "The mapping's matching attribute has no value for this user: the IdP cannot look the user up and skips it.";
    // ---- errors ------------------------------------------------------------------------------
    InvalidJson = "invalid_json", [Error], Error, "",
        SYNTAX, 400, "The text is not well-formed JSON (duplicate keys and integers beyond 64 bits included).";
    PayloadTooLarge = "payload_too_large", [Error], Error, "",
        None, 413, "The input is larger than maxBytes.";
    NestingTooDeep = "nesting_too_deep", [Error], Error, "",
        SYNTAX, 400, "Arrays and objects nest deeper than maxDepth.";
    UnknownResourceType = "unknown_resource_type", [Error], Error, "",
        None, 404, "The resource type is neither built in nor loaded.";
    InvalidSchema = "invalid_schema", [Error], Error, "",
        VALUE, 400, "A schema, ResourceType or /Schemas document cannot be understood.";
    InvalidOption = "invalid_option", [Error], Error, "",
        VALUE, 400, "An option is unknown or has a value out of range.";
    InvalidFilter = "invalid_filter", [Error], Error, "",
        Some("invalidFilter"), 400, "A filter cannot be parsed, is over a limit, or compares in an undefined way.";
    InvalidExpression = "invalid_expression", [Error], Error, "",
        VALUE, 400, "An attribute-mapping expression does not parse: an unknown function, a wrong number of arguments, an unterminated string.";
    InvalidMapping = "invalid_mapping", [Error], Error, "",
        VALUE, 400, "A mapping document cannot be understood.";
    InvalidPath = "invalid_path", [Error], Error, "",
        Some("invalidPath"), 400, "An attribute path cannot be parsed or names no attribute.";
    PatchFailed = "patch_failed", [Error, Plan], Error, "",
        SYNTAX, 400, "A PATCH cannot be applied; nothing was changed.";
    InvalidCustomField = "invalid_custom_field", [Error], Error, "",
        VALUE, 400, "A custom-field id, title, catalog or Wrike response cannot be used.";
    InvalidProfile = "invalid_profile", [Error], Error, "",
        VALUE, 400, "A profile document is invalid.";
    InvalidUnicode = "invalid_unicode", [Error], Error, "",
        VALUE, 400, "An argument holds a lone surrogate, which is not Unicode text.";
    InvalidArgument = "invalid_argument", [Error], Error, "",
        VALUE, 400, "An argument of a function is missing or of the wrong type.";
    InternalError = "internal_error", [Error], Error, "npm only",
        None, 500, "The WebAssembly instance trapped and was recreated; later calls work.";
}

impl Code {
    /// The catalogue entry of this code.
    pub fn info(self) -> &'static CodeInfo {
        // The catalogue lists every variant, in declaration order.
        &CATALOGUE[self as usize]
    }

    /// The RFC 7644 §3.12 `scimType` of this code when it is an error.
    pub fn scim_type(self) -> Option<&'static str> {
        self.info().scim_type
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Code, D::Error> {
        let slug = std::borrow::Cow::<str>::deserialize(d)?;
        Code::from_slug(&slug)
            .ok_or_else(|| serde::de::Error::custom(format_args!("unknown code {slug:?}")))
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Code {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Code".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let slugs: Vec<&str> = CATALOGUE.iter().map(|c| c.slug).collect();
        schemars::json_schema!({
            "description": "A stable snake_case code of the catalogue (docs/issues.md).",
            "type": "string",
            "enum": slugs,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_is_in_declaration_order_with_unique_slugs() {
        let mut slugs = std::collections::HashSet::new();
        for (i, entry) in CATALOGUE.iter().enumerate() {
            assert_eq!(entry.code as usize, i, "{}", entry.slug);
            assert_eq!(Code::from_slug(entry.slug), Some(entry.code));
            assert!(slugs.insert(entry.slug), "{} twice", entry.slug);
            assert!(
                entry
                    .slug
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{}",
                entry.slug
            );
            assert!(!entry.description.is_empty() && entry.description.ends_with('.'));
            if entry.severity == Severity::Error && !entry.uses.contains(&Use::Error) {
                assert!(entry.scim_type.is_some(), "{} needs a scimType", entry.slug);
            }
        }
    }
}
