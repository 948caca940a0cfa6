//! `scimgate-wasm`: the npm package `scimgate`, a thin wasm-bindgen layer over the `scimgate` core.
//!
//! Every function converts and forwards only: a JS object is turned into JSON text with
//! `JSON.stringify` (a JS string is taken as the JSON text itself), handed to the core's bytes-in
//! entry points, and the result comes back as JSON text parsed with `JSON.parse` into plain objects.
//! Core failures are thrown as the JS `ScimError` subclasses defined in `js/errors.js`; arguments
//! of the wrong JS type are thrown as `TypeError`.

use js_sys::JSON;
use serde_json::json;
use wasm_bindgen::prelude::*;

// The TypeScript declarations of everything the functions take and return, and of the error
// classes (defined in js/errors.js and re-exported by each build's index.js).
#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** Any JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** A resource (or document) to check: a plain object, or its JSON text. */
export type Input = object | string;

/** How serious a finding is. */
export type Severity = "error" | "warning" | "info";

/** Options of check, normalize and Validator; every key is optional. */
export interface Options {
  /** `User` (default), `Group`, or a resource type loaded through `schemas`. */
  resourceType?: "User" | "Group" | (string & {});
  /** What the payload is for (default `create`). */
  operation?: "create" | "replace" | "response";
  /** `strict` (default) holds to the RFCs; `lenient` accepts known IdP quirks, as warnings. */
  mode?: "strict" | "lenient";
  /** Extra schema documents: schemas, ResourceType documents, `/Schemas` or `/ResourceTypes` ListResponses. */
  schemas?: object[];
  /** Largest accepted input, in bytes of JSON text (default 1 MiB). */
  maxBytes?: number;
  /** Deepest accepted nesting of arrays and objects (default 32, at most 120). */
  maxDepth?: number;
  /** A vendor profile: a built-in name (`"wrike"`) or a profile document. */
  profile?: "wrike" | (string & {}) | object;
  /** Approved email domains for the login email (`example.com` or `@example.com`). */
  approvedDomains?: string[];
  /** Whether subdomains of approved domains are approved too (default false). */
  allowSubdomains?: boolean;
  /** The account's user types: a list of values, or `{values, default, aliases}` (needs a profile). */
  userTypes?: string[] | { values?: string[]; default?: string; aliases?: Record<string, string> };
  /** The account's custom-field catalog: Wrike's `GET /customfields` response or a list of `{id, title, type}`. */
  customFields?: object;
}

/** The options a Validator was compiled with, defaults filled in. */
export interface ResolvedOptions {
  resourceType: string;
  operation: "create" | "replace" | "response";
  mode: "strict" | "lenient";
  schemas: JsonValue[];
  maxBytes: number;
  maxDepth: number;
  profile?: JsonValue;
  approvedDomains?: string[];
  allowSubdomains?: boolean;
  userTypes?: JsonValue;
  customFields?: JsonValue;
}

/** One finding about a payload. Compare `code` and `path`; `message` may be reworded. */
export interface Issue {
  /** Stable snake_case code. */
  code: string;
  severity: Severity;
  /** Where: `emails[1].value`, an extension URN path, or "" for the resource itself. */
  path: string;
  /** Human-readable explanation. */
  message: string;
  /** RFC 7644 §3.12 scimType, on errors that have one. */
  scimType?: string;
  /** HTTP status a SCIM service answers with, on errors. */
  status?: number;
}

/** Every finding about one payload; `valid` is true when no issue has severity `error`. */
export interface Report {
  valid: boolean;
  issues: Issue[];
}

/** A resource in canonical form, with every change made to it. */
export interface Normalized {
  resource: JsonObject;
  changes: Issue[];
}

/** An attribute of an RFC 7643 §7 schema. */
export interface SchemaAttribute {
  name: string;
  type: "string" | "boolean" | "decimal" | "integer" | "dateTime" | "binary" | "reference" | "complex";
  multiValued?: boolean;
  description?: string;
  required?: boolean;
  canonicalValues?: JsonValue[];
  caseExact?: boolean;
  mutability?: "readOnly" | "readWrite" | "immutable" | "writeOnly";
  returned?: "always" | "never" | "default" | "request";
  uniqueness?: "none" | "server" | "global";
  referenceTypes?: string[];
  subAttributes?: SchemaAttribute[];
}

/** An RFC 7643 §7 schema document. */
export interface SchemaDoc {
  id: string;
  name?: string;
  description?: string;
  attributes: SchemaAttribute[];
  [key: string]: unknown;
}

/** An RFC 7643 §6 ResourceType document. */
export interface ResourceTypeDoc {
  name: string;
  schema: string;
  id?: string;
  endpoint?: string;
  description?: string;
  schemaExtensions?: { schema: string; required: boolean }[];
  [key: string]: unknown;
}

/** The schema registry after loading: the built-ins plus what was loaded. */
export interface LoadedSchemas {
  schemas: SchemaDoc[];
  resourceTypes: ResourceTypeDoc[];
}

/** An RFC 7644 §3.12 error response body. */
export interface ScimErrorBody {
  schemas: string[];
  /** The HTTP status, as a string. */
  status: string;
  scimType?: string;
  detail: string;
}

/** Stable codes of the failures scimgate throws; those without a subclass below come as a plain ScimError. */
export type ErrorCode =
  | "invalid_json"
  | "payload_too_large"
  | "nesting_too_deep"
  | "unknown_resource_type"
  | "invalid_schema"
  | "invalid_option"
  | "not_an_object"
  | "invalid_profile"
  | "invalid_custom_field"
  | "invalid_email"
  | "invalid_filter"
  | "invalid_path";

/** What the error constructors take; the functions fill it in. */
export interface ScimErrorInit {
  code?: string;
  scimType?: string | null;
  status?: number;
  cause?: unknown;
  line?: number;
  column?: number;
  size?: number;
  limit?: number;
  resourceType?: string;
  known?: string;
  path?: string;
  option?: string;
  found?: string;
}

/** Base class of every failure scimgate throws (findings about a payload are a Report instead). */
export class ScimError extends Error {
  constructor(message: string, init?: ScimErrorInit);
  /** Stable snake_case code of the failure. */
  readonly code: ErrorCode | (string & {});
  /** RFC 7644 §3.12 scimType, or null when none applies. */
  readonly scimType: string | null;
  /** HTTP status a SCIM service answers with. */
  readonly status: number;
}
/** The input is not well-formed JSON. */
export class InvalidJsonError extends ScimError {
  readonly code: "invalid_json";
  /** 1-based line of the problem. */
  readonly line: number;
  /** 1-based column of the problem. */
  readonly column: number;
}
/** The input is larger than `maxBytes`. */
export class PayloadTooLargeError extends ScimError {
  readonly code: "payload_too_large";
  readonly size: number;
  readonly limit: number;
}
/** The input nests deeper than `maxDepth`. */
export class NestingTooDeepError extends ScimError {
  readonly code: "nesting_too_deep";
  readonly limit: number;
}
/** The requested resource type is not known. */
export class UnknownResourceTypeError extends ScimError {
  readonly code: "unknown_resource_type";
  readonly resourceType: string;
  /** Comma-separated names of the known resource types. */
  readonly known: string;
}
/** A schema document could not be understood. */
export class InvalidSchemaError extends ScimError {
  readonly code: "invalid_schema";
  /** Where in the document the problem is. */
  readonly path: string;
}
/** An option is unknown or out of range. */
export class InvalidOptionError extends ScimError {
  readonly code: "invalid_option";
  readonly option: string;
}
/** The operation needs a JSON object and was given something else. */
export class NotAnObjectError extends ScimError {
  readonly code: "not_an_object";
  /** The JSON type found (`array`, `string`, ...). */
  readonly found: string;
}
"#;

#[wasm_bindgen(module = "/js/errors.js")]
extern "C" {
    #[wasm_bindgen(js_name = makeError)]
    fn make_error(
        code: &str,
        message: &str,
        scim_type: Option<&str>,
        status: u16,
        details: &str,
    ) -> JsValue;

    #[wasm_bindgen(js_name = isScimError)]
    fn is_scim_error(value: &JsValue) -> bool;
}

/// The JS error for a core failure: the ScimError subclass of its variant, with its fields.
fn js_error(err: &scimgate::Error) -> JsValue {
    use scimgate::Error as E;
    let details = match err {
        E::InvalidJson { line, column, .. } => json!({ "line": line, "column": column }),
        E::PayloadTooLarge { size, limit } => json!({ "size": size, "limit": limit }),
        E::NestingTooDeep { limit } => json!({ "limit": limit }),
        E::UnknownResourceType { name, known } => json!({ "resourceType": name, "known": known }),
        E::InvalidSchema { path, .. } => json!({ "path": path }),
        E::InvalidOption { option, .. } => json!({ "option": option }),
        E::NotAnObject { found } => json!({ "found": found }),
        _ => json!({}),
    };
    make_error(
        err.code(),
        &err.to_string(),
        err.scim_type(),
        err.status(),
        &details.to_string(),
    )
}

fn type_error(message: &str) -> JsValue {
    js_sys::TypeError::new(message).into()
}

/// JSON text of an argument: a string is the JSON text itself; anything else goes through
/// `JSON.stringify` (which throws its own TypeError for BigInt and cycles).
fn json_text(value: &JsValue, what: &str) -> Result<String, JsValue> {
    if let Some(text) = value.as_string() {
        return Ok(text);
    }
    if value.is_undefined() || value.is_function() || value.is_symbol() || value.is_bigint() {
        let found = value.js_typeof().as_string().unwrap_or_default();
        return Err(type_error(&format!(
            "{what} must be an object or a JSON string, got {found}"
        )));
    }
    let text: JsValue = JSON::stringify(value)?.into();
    text.as_string()
        .ok_or_else(|| type_error(&format!("{what} is not representable as JSON")))
}

/// Core options from the JS options argument (`undefined`/`null`: defaults).
fn options(value: Option<JsValue>) -> Result<scimgate::Options, JsValue> {
    let value = match value {
        Some(v) if !v.is_null() && !v.is_undefined() => v,
        _ => return Ok(scimgate::Options::default()),
    };
    if !value.is_object() || value.is_function() || js_sys::Array::is_array(&value) {
        return Err(type_error("options must be an object"));
    }
    let text = json_text(&value, "options")?;
    scimgate::Options::from_json(text.as_bytes()).map_err(|e| js_error(&e))
}

/// A core result, serialized by serde_json, as a plain JS value.
fn to_js(text: serde_json::Result<String>) -> Result<JsValue, JsValue> {
    let text = text.map_err(|e| JsValue::from(js_sys::Error::new(&e.to_string())))?;
    JSON::parse(&text)
}

/// Check a resource and report every finding. Never throws for invalid data, only for what
/// prevents the check (invalid JSON, too large, too deep, unknown resource type, bad options).
#[wasm_bindgen(unchecked_return_type = "Report")]
pub fn check(
    #[wasm_bindgen(unchecked_param_type = "Input")] resource: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options | null")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let options = self::options(options)?;
    let text = json_text(&resource, "resource")?;
    let report = scimgate::check_json(text.as_bytes(), &options).map_err(|e| js_error(&e))?;
    to_js(serde_json::to_string(&report))
}

/// Rewrite a resource into canonical form, recording every change.
#[wasm_bindgen(unchecked_return_type = "Normalized")]
pub fn normalize(
    #[wasm_bindgen(unchecked_param_type = "Input")] resource: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options | null")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let options = self::options(options)?;
    let text = json_text(&resource, "resource")?;
    let normalized =
        scimgate::normalize_json(text.as_bytes(), &options).map_err(|e| js_error(&e))?;
    to_js(serde_json::to_string(&normalized))
}

/// Load schema documents (a schema, a ResourceType, a `/Schemas` or `/ResourceTypes`
/// ListResponse, or an array of these) into a registry with the built-ins.
#[wasm_bindgen(js_name = loadSchemas, unchecked_return_type = "LoadedSchemas")]
pub fn load_schemas(
    #[wasm_bindgen(unchecked_param_type = "Input")] doc: JsValue,
) -> Result<JsValue, JsValue> {
    let text = json_text(&doc, "doc")?;
    let registry = scimgate::load_schemas_json(text.as_bytes()).map_err(|e| js_error(&e))?;
    to_js(serde_json::to_string(&registry.to_json()))
}

/// The RFC 7644 §3.12 error body for a thrown ScimError or a Report (`null` for a valid report).
#[wasm_bindgen(js_name = toScimError, unchecked_return_type = "ScimErrorBody | null")]
pub fn to_scim_error(
    #[wasm_bindgen(unchecked_param_type = "ScimError | Report")] x: JsValue,
) -> Result<JsValue, JsValue> {
    if is_scim_error(&x) {
        let field = |name: &str| js_sys::Reflect::get(&x, &JsValue::from_str(name));
        let status = field("status")?.as_f64().unwrap_or(400.0) as u16;
        let scim_type = field("scimType")?.as_string();
        let message = field("message")?.as_string().unwrap_or_default();
        let body = scimgate::scim_error_body(status, scim_type.as_deref(), &message);
        return to_js(serde_json::to_string(&body));
    }
    if !x.is_object() || x.is_function() {
        return Err(type_error("toScimError takes a ScimError or a Report"));
    }
    let text = json_text(&x, "report")?;
    let report: scimgate::Report = serde_json::from_str(&text)
        .map_err(|e| type_error(&format!("toScimError takes a ScimError or a Report: {e}")))?;
    match report.to_scim_error() {
        Some(body) => to_js(serde_json::to_string(&body)),
        None => Ok(JsValue::NULL),
    }
}

/// Options compiled once (schemas, limits), for checking many resources.
#[wasm_bindgen(js_name = Validator)]
pub struct JsValidator {
    inner: scimgate::Validator,
}

impl std::fmt::Debug for JsValidator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Validator").finish_non_exhaustive()
    }
}

#[wasm_bindgen(js_class = Validator)]
impl JsValidator {
    /// Compile the options (throws InvalidOptionError, UnknownResourceTypeError, InvalidSchemaError).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "Options | null")] options: Option<JsValue>,
    ) -> Result<JsValidator, JsValue> {
        let options = self::options(options)?;
        let inner = scimgate::Validator::new(options).map_err(|e| js_error(&e))?;
        Ok(JsValidator { inner })
    }

    /// The options in force, defaults filled in.
    #[wasm_bindgen(getter, unchecked_return_type = "ResolvedOptions")]
    pub fn options(&self) -> Result<JsValue, JsValue> {
        to_js(serde_json::to_string(self.inner.options()))
    }

    /// Check a resource with the compiled options.
    #[wasm_bindgen(unchecked_return_type = "Report")]
    pub fn check(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Input")] resource: JsValue,
    ) -> Result<JsValue, JsValue> {
        let text = json_text(&resource, "resource")?;
        let report = self
            .inner
            .check_json(text.as_bytes())
            .map_err(|e| js_error(&e))?;
        to_js(serde_json::to_string(&report))
    }

    /// Normalize a resource with the compiled options.
    #[wasm_bindgen(unchecked_return_type = "Normalized")]
    pub fn normalize(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Input")] resource: JsValue,
    ) -> Result<JsValue, JsValue> {
        let text = json_text(&resource, "resource")?;
        let normalized = self
            .inner
            .normalize_json(text.as_bytes())
            .map_err(|e| js_error(&e))?;
        to_js(serde_json::to_string(&normalized))
    }
}
