//! JSON Schemas of every type of the bindings' contract ([`api`](crate::api)): the results (the
//! crate's own types, derived), and the inputs the crate reads from JSON by hand (options,
//! profile documents, catalogs, PATCH bodies), described here by schema-only types that a test
//! holds to what the parsers accept. Only with the `schema` feature; `make generate` turns
//! [`schemas`] into the TypeScript declarations, Python types and stubs.

use schemars::{JsonSchema, SchemaGenerator};
use serde::Deserialize;
use serde_json::{Map, Value};

/// Any JSON value.
#[derive(Debug, JsonSchema)]
#[schemars(transparent)]
pub struct JsonValue(pub Value);

/// A JSON object.
#[derive(Debug, JsonSchema)]
#[schemars(transparent)]
pub struct JsonObject(pub Map<String, Value>);

/// A SCIM resource (a JSON object) or its JSON text.
#[derive(Debug, JsonSchema)]
#[schemars(transparent)]
pub struct Resource(pub Map<String, Value>);

/// The IdP dialect presets.
#[derive(Debug, JsonSchema, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DialectPreset {
    /// RFC 7643/7644 as written: every switch off.
    Rfc,
    /// Microsoft Entra ID.
    Entra,
    /// Entra ID with Microsoft's `aadOptscim062020` flag (capitalized ops and string booleans fixed).
    #[serde(rename = "entra-aadOptscim062020")]
    EntraAadOptscim062020,
    /// Okta.
    Okta,
    /// OneLogin.
    Onelogin,
    /// An endpoint that serves Entra ID, Okta and OneLogin at once: every switch (none changes the
    /// meaning of a request another of these IdPs sends).
    Any,
}

/// A preset with switches set on or off; each quirk accepted is reported as a warning.
#[derive(Debug, JsonSchema, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DialectSwitches {
    /// The preset the switches start from (default: all off, `rfc`).
    pub preset: Option<DialectPreset>,
    /// PATCH `op` values `Add`, `Replace`, `Remove` (any case).
    pub capitalized_ops: Option<bool>,
    /// `"True"` / `"false"` for boolean attributes.
    pub string_booleans: Option<bool>,
    /// A path-less `add`/`replace` whose value has path keys (`name.givenName`).
    pub path_keys_in_value: Option<bool>,
    /// `remove` with `path: "members"` and a `value` list removes only those members.
    pub remove_members_by_value: Option<bool>,
    /// A bare string for a single-valued complex attribute with a `value` (`manager`), or a
    /// one-element array for a single-valued complex attribute.
    pub manager_shapes: Option<bool>,
    /// `{"value": ""}` (or `""`) for a single-valued complex attribute clears it.
    pub empty_value_clears: Option<bool>,
    /// `"Operations": []` is accepted and changes nothing.
    pub empty_operations_is_noop: Option<bool>,
    /// `add`/`replace` through a value filter that matches nothing creates the element.
    pub create_on_unmatched_filter: Option<bool>,
    /// Filters such as `emails[type eq "work"].value eq "x"`.
    pub value_path_compare: Option<bool>,
    /// A (placeholder) `password` is dropped and never echoed.
    pub drop_password: Option<bool>,
    /// Top-level keys of the profile's extension are moved into it.
    pub bare_custom_keys: Option<bool>,
    /// `""` for an optional attribute is unassigned, as `null` is (RFC 7643 §2.5).
    pub empty_strings_unassigned: Option<bool>,
    /// A single value for a multi-valued attribute is read as a one-element array.
    pub wrap_single_values: Option<bool>,
    /// A name that no core attribute has but exactly one extension defines (`department`) is
    /// read as that extension's attribute.
    pub unqualified_extension_attributes: Option<bool>,
}

/// An IdP dialect: a preset name, or a preset with switches.
#[derive(Debug, JsonSchema, Deserialize)]
#[serde(untagged)]
pub enum DialectOption {
    /// A preset.
    Preset(DialectPreset),
    /// A preset with switches.
    Switches(DialectSwitches),
}

/// The account's user types: the values (canonical spelling), the default, and aliases.
#[derive(Debug, JsonSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserTypesDoc {
    /// The extension attribute holding the user type (default `userType`).
    pub attribute: Option<String>,
    /// The user types.
    pub values: Option<Vec<String>>,
    /// The type of a user who has none.
    pub default: Option<String>,
    /// Other spellings (an IdP app role) and the value each stands for.
    pub aliases: Option<std::collections::BTreeMap<String, String>>,
}

/// The account's user types: a list of values, or `{values, default, aliases}`.
#[derive(Debug, JsonSchema, Deserialize)]
#[serde(untagged)]
pub enum UserTypesOption {
    /// The values.
    List(Vec<String>),
    /// Values, default and aliases.
    Doc(UserTypesDoc),
}

/// A custom field as Wrike's API lists it (`GET /api/v4/customfields`).
#[derive(Debug, JsonSchema, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WrikeCustomFieldDoc {
    /// 16 upper-case letters and digits.
    pub id: String,
    /// The title.
    pub title: String,
    /// Wrike field type (`Text`, `Numeric`, `Checkbox`, `DropDown`, ...).
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// The entity types the field applies to (fields without `User` are skipped).
    pub applicable_entity_types: Option<Vec<String>>,
    /// For DropDown fields: `{values: [...]}` or `{options: [{value}]}`.
    pub settings: Option<Map<String, Value>>,
    /// Other fields of Wrike's response.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// Wrike's `GET /api/v4/customfields` response.
#[derive(Debug, JsonSchema, Deserialize)]
pub struct WrikeCustomFieldsResponse {
    /// `customfields`.
    pub kind: Option<String>,
    /// The fields.
    pub data: Vec<WrikeCustomFieldDoc>,
    /// Other fields of Wrike's response.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// A custom-field catalog: Wrike's API response, or a list of fields.
#[derive(Debug, JsonSchema, Deserialize)]
#[serde(untagged)]
pub enum CustomFieldCatalog {
    /// Wrike's response.
    Response(WrikeCustomFieldsResponse),
    /// A list of fields.
    List(Vec<WrikeCustomFieldDoc>),
    /// A catalog as scimgate writes it (`customFieldsFromWrike`).
    Catalog(Vec<crate::CustomField>),
}

/// One attribute a profile's target keeps in sync.
#[derive(Debug, JsonSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SyncedDoc {
    /// Its name in the view.
    pub name: String,
    /// Its SCIM path.
    pub path: String,
    /// For multi-valued attributes: `primary`, or `login` (the login email).
    pub pick: Option<String>,
}

/// Approved domains of a profile.
#[derive(Debug, JsonSchema, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DomainsDoc {
    /// The approved domains.
    pub approved: Option<Vec<String>>,
    /// Whether subdomains are approved too.
    pub allow_subdomains: Option<bool>,
}

/// Group provisioning of a profile.
#[derive(Debug, JsonSchema, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GroupsDoc {
    /// Whether groups are provisioned.
    pub supported: Option<bool>,
    /// `remove`, `disable` or `removeOrDisable`.
    pub on_remove: Option<String>,
    /// A note for people.
    pub note: Option<String>,
}

/// A profile's custom fields: `{catalog}` or a catalog.
#[derive(Debug, JsonSchema, Deserialize)]
#[serde(untagged)]
pub enum ProfileCustomFields {
    /// `{catalog, id, types}`.
    Wrapped {
        /// The catalog.
        catalog: Option<CustomFieldCatalog>,
        /// The grammar of a field id.
        id: Option<IdGrammarDoc>,
        /// Field types and the class of value each holds (`number`, `boolean`, `date`,
        /// `choice`, `text`).
        types:
            Option<std::collections::BTreeMap<String, crate::profile::custom_fields::FieldClass>>,
    },
    /// A catalog.
    Catalog(CustomFieldCatalog),
}

/// The grammar of a custom-field id.
#[derive(Debug, JsonSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdGrammarDoc {
    /// Exact length (absent: 1 to 64 characters).
    pub length: Option<u32>,
    /// Allowed ASCII characters as ranges and single characters (`A-Z0-9`).
    pub characters: String,
    /// A noun phrase naming an id in messages.
    pub description: Option<String>,
}

/// A vendor profile document (the built-in `wrike` is one); `extends` starts from a built-in.
#[derive(Debug, JsonSchema, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProfileDoc {
    /// A built-in profile to start from (`wrike`).
    pub extends: Option<String>,
    /// The profile's name.
    pub name: Option<String>,
    /// Its description.
    pub description: Option<String>,
    /// The target's extension schema URN (required unless `extends` is given).
    pub extension: Option<String>,
    /// Schema documents the profile adds.
    pub schemas: Option<Vec<Value>>,
    /// User types.
    pub user_types: Option<UserTypesDoc>,
    /// The custom-field catalog.
    pub custom_fields: Option<ProfileCustomFields>,
    /// The attributes the target keeps in sync.
    pub synced: Option<Vec<SyncedDoc>>,
    /// Where the login email comes from, in order (`userName`, `emails`).
    pub login_email: Option<Vec<String>>,
    /// Approved domains.
    pub domains: Option<DomainsDoc>,
    /// Group provisioning.
    pub groups: Option<GroupsDoc>,
    /// Whether attributes a payload omits stay in the target.
    pub keeps_omitted_attributes: Option<bool>,
    /// Attributes the target keeps beyond the synced ones, to know the user again (default
    /// `["externalId"]`): never reported as `not_synced`.
    pub identity: Option<Vec<String>>,
    /// Whether an active provisioned member is billable at once.
    pub billable_on_provision: Option<bool>,
    /// Whether the target stores passwords (when not, no output carries one).
    pub stores_passwords: Option<bool>,
}

/// A vendor profile: a built-in name or a profile document.
#[derive(Debug, JsonSchema, Deserialize)]
#[serde(untagged)]
pub enum ProfileOption {
    /// A built-in profile (`wrike`).
    Name(String),
    /// A profile document.
    Doc(Box<ProfileDoc>),
}

/// Options of every function and of `Validator`; every key is optional. (Python takes them as
/// keyword arguments in snake_case.)
#[derive(Debug, JsonSchema, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(rename = "Options")]
pub struct OptionsDoc {
    /// `User` (default), `Group`, or a resource type loaded through `schemas`.
    pub resource_type: Option<String>,
    /// What the payload is for: `create` (default), `replace` or `response`.
    pub operation: Option<crate::options::Operation>,
    /// `strict` (default) holds to the RFCs; `lenient` accepts known IdP quirks, as warnings.
    pub mode: Option<crate::options::Mode>,
    /// Extra schema documents: schemas, ResourceType documents, `/Schemas` or `/ResourceTypes`
    /// ListResponses.
    pub schemas: Option<Vec<Value>>,
    /// Largest accepted input, in bytes of JSON text (default 1 MiB; at most 32 MiB in the
    /// WebAssembly build).
    pub max_bytes: Option<u64>,
    /// Deepest accepted nesting of arrays and objects (default 32, at most 120).
    pub max_depth: Option<u64>,
    /// Most PATCH operations accepted in one request (default 1000).
    pub max_operations: Option<u64>,
    /// The IdP dialect: a preset name, or a preset with switches.
    pub dialect: Option<DialectOption>,
    /// A vendor profile: a built-in name (`wrike`) or a profile document.
    pub profile: Option<ProfileOption>,
    /// Approved email domains for the login email (`example.com` or `@example.com`).
    pub approved_domains: Option<Vec<String>>,
    /// Whether subdomains of approved domains are approved too (default false).
    pub allow_subdomains: Option<bool>,
    /// The account's user types.
    pub user_types: Option<UserTypesOption>,
    /// The account's custom-field catalog.
    pub custom_fields: Option<CustomFieldCatalog>,
}

/// The options a validator runs with (its `options`): every default filled in, the dialect as its
/// switches.
#[derive(Debug, JsonSchema, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResolvedOptions {
    /// The resource type.
    pub resource_type: String,
    /// create, replace or response.
    pub operation: crate::options::Operation,
    /// strict or lenient.
    pub mode: crate::options::Mode,
    /// Extra schema documents.
    pub schemas: Vec<Value>,
    /// Largest accepted input, in bytes of JSON text.
    pub max_bytes: u64,
    /// Deepest accepted nesting of arrays and objects.
    pub max_depth: u64,
    /// Most PATCH operations accepted in one request.
    pub max_operations: u64,
    /// The dialect's switches (absent: all off).
    pub dialect: Option<DialectSwitches>,
    /// The profile.
    pub profile: Option<ProfileOption>,
    /// Approved email domains.
    pub approved_domains: Option<Vec<String>>,
    /// Whether subdomains are approved too.
    pub allow_subdomains: Option<bool>,
    /// The account's user types.
    pub user_types: Option<UserTypesOption>,
    /// The custom-field catalog.
    pub custom_fields: Option<CustomFieldCatalog>,
}

/// One PATCH operation (RFC 7644 §3.5.2).
#[derive(Debug, JsonSchema, Deserialize)]
pub struct PatchOperation {
    /// `add`, `remove` or `replace` (`Add`, ... under the capitalizedOps switch).
    pub op: String,
    /// The target path.
    pub path: Option<String>,
    /// The value.
    pub value: Option<Value>,
}

/// A PatchOp request body (RFC 7644 §3.5.2), or its JSON text.
#[derive(Debug, JsonSchema, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PatchRequest {
    /// `["urn:ietf:params:scim:api:messages:2.0:PatchOp"]`.
    #[serde(rename = "schemas")]
    pub schemas: Option<Vec<String>>,
    /// The operations.
    pub operations: Vec<PatchOperation>,
}

/// Where a mapping rule's value comes from: a source attribute in the IdP's spelling, a
/// constant, or an expression in the IdP's language.
#[derive(Debug, JsonSchema, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum MappingSource {
    /// A source attribute: Entra `mail`, Okta `user.email`, OneLogin `email`.
    Attribute(String),
    /// A constant value.
    Constant(Value),
    /// An expression in the IdP's language.
    Expression(String),
}

/// When a mapping rule applies.
#[derive(Debug, JsonSchema, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum MappingApply {
    /// On create and on every update (the default).
    Always,
    /// Only when the user is created.
    OnCreate,
}

/// One attribute-mapping rule.
#[derive(Debug, JsonSchema, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MappingRule {
    /// The target SCIM attribute path (`emails[type eq "work"].value`, a URN-qualified
    /// extension attribute).
    pub target: String,
    /// Where the value comes from.
    pub source: MappingSource,
    /// The value sent when the source is null.
    pub default: Option<Value>,
    /// When the rule applies (default `always`).
    pub apply: Option<MappingApply>,
    /// Whether the target is a matching attribute.
    pub matching: Option<bool>,
    /// Its precedence among matching attributes (1 first).
    pub precedence: Option<u64>,
    /// For people.
    pub description: Option<String>,
}

/// An attribute-mapping document: the IdP and its rules (see docs/mapping.md).
#[derive(Debug, JsonSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MappingDocument {
    /// The IdP, which chooses the expression language and the request shape.
    pub idp: crate::expr::Language,
    /// The rules, in order.
    pub rules: Vec<MappingRule>,
    /// For people.
    pub description: Option<String>,
}

/// The HTTP method of a request to plan (any case).
#[derive(Debug, JsonSchema, Deserialize)]
pub enum HttpMethod {
    /// Create.
    #[serde(rename = "POST")]
    Post,
    /// Replace.
    #[serde(rename = "PUT")]
    Put,
    /// Update.
    #[serde(rename = "PATCH")]
    Patch,
    /// Delete.
    #[serde(rename = "DELETE")]
    Delete,
    /// Create.
    #[serde(rename = "post")]
    PostLower,
    /// Replace.
    #[serde(rename = "put")]
    PutLower,
    /// Update.
    #[serde(rename = "patch")]
    PatchLower,
    /// Delete.
    #[serde(rename = "delete")]
    DeleteLower,
}

/// Schema documents to load: a schema, a ResourceType, a `/Schemas` or `/ResourceTypes`
/// ListResponse, or an array of these.
#[derive(Debug, JsonSchema)]
#[schemars(transparent)]
pub struct SchemaDocuments(pub Value);

/// An error as the bindings' error objects carry it.
#[derive(Debug, JsonSchema, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScimErrorPayload {
    /// The code.
    pub code: String,
    /// The message.
    pub message: String,
    /// The RFC 7644 §3.12 scimType.
    pub scim_type: Option<String>,
    /// The HTTP status.
    pub status: u16,
}

/// Every named type of the contract, as JSON Schemas under `$defs` (references between them are
/// `#/$defs/<Name>`).
pub fn schemas() -> Value {
    // Requests are read (deserialize contract: a field with a default is optional); results are
    // written (serialize contract: a field skipped when empty is optional, one written as null
    // is required and nullable).
    let mut collisions: Vec<String> = Vec::new();
    let mut g = SchemaGenerator::default();
    let mut out =
        SchemaGenerator::new(schemars::generate::SchemaSettings::default().for_serialize());
    macro_rules! add {
        ($g:ident: $($t:ty),* $(,)?) => {{
            $( let _ = $g.subschema_for::<$t>(); )*
        }};
    }
    add!(g:
        JsonValue,
        JsonObject,
        Resource,
        DialectPreset,
        DialectSwitches,
        DialectOption,
        UserTypesDoc,
        UserTypesOption,
        WrikeCustomFieldDoc,
        WrikeCustomFieldsResponse,
        CustomFieldCatalog,
        ProfileDoc,
        ProfileOption,
        OptionsDoc,
        ResolvedOptions,
        PatchOperation,
        PatchRequest,
        HttpMethod,
        MappingDocument,
        SchemaDocuments,
        ScimErrorPayload,
    );
    add!(out:
        crate::Report,
        crate::Issue,
        crate::Normalized,
        crate::Patched,
        crate::Plan,
        crate::View,
        crate::PathInfo,
        crate::LoadedSchemas,
        crate::DomainCheck,
        crate::CustomField,
        crate::ParsedAttribute,
        crate::ScimErrorBody,
        crate::api::Selection,
        crate::api::FilterInfo,
        crate::batch::Batch,
        crate::plan::Action,
        crate::expr::Expression,
        crate::expr::Evaluation,
        crate::mapping::MapResult,
        crate::schema::Document<crate::schema::Schema>,
    );
    let mut defs = g.take_definitions(true);
    for (name, schema) in out.take_definitions(true) {
        match defs.get(&name) {
            Some(read) if *read != schema => collisions.push(name.clone()),
            _ => {}
        }
        defs.insert(name, schema);
    }
    // Resources the results carry are JSON objects.
    let object = serde_json::json!({"$ref": "#/$defs/JsonObject"});
    for (ty, field) in [
        ("Normalized", "resource"),
        ("Patched", "resource"),
        ("Plan", "resource"),
        ("Change", "from"),
        ("Change", "to"),
    ] {
        if let Some(p) = defs
            .get_mut(ty)
            .and_then(|d| d.get_mut("properties"))
            .and_then(|p| p.get_mut(field))
        {
            let description = p.get("description").cloned();
            *p = if field == "from" || field == "to" {
                serde_json::json!({"$ref": "#/$defs/JsonValue"})
            } else {
                object.clone()
            };
            if let (Some(d), Value::Object(m)) = (description, p) {
                m.insert("description".into(), d);
            }
        }
    }
    debug_assert!(
        collisions.is_empty(),
        "types read and written with different schemas: {collisions:?}"
    );
    serde_json::json!({ "$defs": defs })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_profile_is_a_profile_document() {
        let doc: Value = serde_json::from_str(include_str!("profile/builtin/wrike.json")).unwrap();
        serde_json::from_value::<ProfileDoc>(doc).unwrap();
    }

    #[test]
    fn resolved_options_are_options_documents() {
        let o = crate::Options::from_value(serde_json::json!({
            "resourceType": "Group", "dialect": {"preset": "entra", "capitalizedOps": false},
            "profile": "wrike", "approvedDomains": ["acme.com"], "userTypes": ["A", "B"],
            "maxBytes": 10, "mode": "lenient"
        }))
        .unwrap();
        serde_json::from_value::<OptionsDoc>(o.to_value()).unwrap();
        serde_json::from_value::<ResolvedOptions>(o.to_value()).unwrap();
        let keys: Vec<String> = OptionsDoc::json_schema(&mut SchemaGenerator::default())
            .get("properties")
            .and_then(Value::as_object)
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default();
        let mut keys = keys;
        keys.sort();
        let mut want: Vec<String> = crate::options::OPTION_KEYS
            .iter()
            .map(std::string::ToString::to_string)
            .collect();
        want.sort();
        assert_eq!(keys, want, "OptionsDoc lists exactly the option keys");
    }

    #[test]
    fn every_contract_type_has_a_schema() {
        let defs = schemas();
        let defs = defs["$defs"].as_object().unwrap();
        for f in crate::api::FUNCTIONS {
            for ty in std::iter::once(f.returns).chain(f.params.iter().map(|p| p.ty)) {
                for name in ty.split(['|', '[', ']', ' ']).filter(|t| !t.is_empty()) {
                    let builtin =
                        matches!(name, "string" | "boolean" | "number" | "integer" | "null");
                    assert!(
                        builtin || defs.contains_key(name),
                        "{}: no schema for {name}",
                        f.name
                    );
                }
            }
        }
    }
}
