//! `scimgate-wasm`: the npm package `scimgate`, a thin wasm-bindgen layer over the `scimgate` core.
//!
//! Every function converts and forwards only: a JS object is turned into JSON text with
//! `JSON.stringify` (a JS string is taken as the JSON text itself), handed to the core (its
//! bytes-in entry points, or its JSON parser with the options' limits), and the result comes back
//! as JSON text parsed with `JSON.parse` into plain objects. Core failures are thrown as the JS
//! `ScimError` subclasses defined in `js/errors.js`; arguments of the wrong JS type are thrown as
//! `TypeError`.
//!
//! Hostile input at this boundary (see "Conversion of arguments" below): a string argument
//! holding a lone surrogate is the core's `InvalidUnicode` error, never a silent U+FFFD; a JSON
//! string longer than the core's byte limit is refused before it is copied into wasm memory;
//! `JSON.stringify`'s own `RangeError`s on a huge or very deep object become the core's
//! `PayloadTooLarge` / `NestingTooDeep` errors. A WebAssembly trap is handled on the JS side
//! (`js/guard.js`): the instance is recreated and an `InternalError` thrown.

use std::cell::OnceCell;

use js_sys::{Array, JsString, Object, Reflect, JSON};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

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

/** The IdP dialect presets. */
export type DialectPreset = "rfc" | "entra" | "entra-aadOptscim062020" | "okta" | "onelogin";

/** A dialect preset to start from, with any switch set on or off; each quirk accepted is reported as a warning. */
export interface DialectSwitches {
  /** The preset the switches start from (default: all off, `rfc`). */
  preset?: DialectPreset;
  /** PATCH `op` values `Add`, `Replace`, `Remove` (any case). */
  capitalizedOps?: boolean;
  /** `"True"` / `"false"` for boolean attributes. */
  stringBooleans?: boolean;
  /** A path-less `add`/`replace` whose value has path keys (`name.givenName`, `urn:...:User:department`). */
  pathKeysInValue?: boolean;
  /** `remove` with `path: "members"` and a `value` list removes only those members. */
  removeMembersByValue?: boolean;
  /** `manager` as a bare string, `{value}` or a one-element array. */
  managerShapes?: boolean;
  /** `{"value": ""}` (or `""`) for a complex attribute clears it. */
  emptyValueClears?: boolean;
  /** `"Operations": []` is accepted and changes nothing. */
  emptyOperationsIsNoop?: boolean;
  /** `add`/`replace` through a value filter that matches nothing creates the element. */
  createOnUnmatchedFilter?: boolean;
  /** Filters such as `emails[type eq "work"].value eq "x"`. */
  valuePathCompare?: boolean;
  /** A (placeholder) `password` is dropped and never echoed. */
  dropPassword?: boolean;
  /** Top-level keys that the profile's extension defines are moved into the extension. */
  bareCustomKeys?: boolean;
}

/** The account's user types: the values (canonical spelling), the default, and aliases (`wrike_external` -> `External`). */
export interface UserTypesDoc {
  /** The extension attribute holding the user type (default `userType`). */
  attribute?: string;
  values?: string[];
  default?: string;
  aliases?: Record<string, string>;
}

/** A custom field as Wrike's API lists it (`GET /api/v4/customfields?applicableEntityTypes=[User]`). */
export interface WrikeCustomFieldDoc {
  /** 16 upper-case letters and digits. */
  id: string;
  title: string;
  type?: string;
  applicableEntityTypes?: string[];
  /** For DropDown fields: `{values: [...]}` or `{options: [{value}]}`. */
  settings?: JsonObject;
  [key: string]: unknown;
}

/** Wrike's `GET /api/v4/customfields` response. */
export interface WrikeCustomFieldsResponse {
  kind?: string;
  data: WrikeCustomFieldDoc[];
  [key: string]: unknown;
}

/** A custom-field catalog: Wrike's API response, or a list of fields. */
export type CustomFieldCatalog = WrikeCustomFieldsResponse | WrikeCustomFieldDoc[] | CustomField[];

/** A vendor profile document (the built-in `wrike` is one); `extends: "wrike"` starts from the built-in. */
export interface ProfileDoc {
  extends?: "wrike";
  name?: string;
  description?: string;
  /** The target's extension schema URN (required unless `extends` is given). */
  extension?: string;
  /** Schema documents the profile adds (its extension). */
  schemas?: object[];
  userTypes?: UserTypesDoc;
  customFields?: { catalog?: CustomFieldCatalog } | CustomFieldCatalog;
  /** The attributes the target stores: a name in the view, the SCIM path, `pick: "primary"` for multi-valued ones. */
  synced?: { name: string; path: string; pick?: "primary" }[];
  /** Where the login email comes from, in order. */
  loginEmail?: ("userName" | "emails")[];
  domains?: { approved?: string[]; allowSubdomains?: boolean };
  groups?: { supported?: boolean; onRemove?: "remove" | "disable" | "removeOrDisable"; note?: string };
  keepsOmittedAttributes?: boolean;
  billableOnProvision?: boolean;
}

/** Options of every function and of Validator; every key is optional. */
export interface Options {
  /** `User` (default), `Group`, or a resource type loaded through `schemas`. */
  resourceType?: "User" | "Group" | (string & {});
  /** What the payload is for (default `create`). */
  operation?: "create" | "replace" | "response";
  /** `strict` (default) holds to the RFCs; `lenient` accepts known IdP quirks, as warnings. */
  mode?: "strict" | "lenient";
  /** Extra schema documents: schemas, ResourceType documents, `/Schemas` or `/ResourceTypes` ListResponses. */
  schemas?: object[];
  /**
   * Largest accepted input, in bytes of JSON text (default 1 MiB). At most 32 MiB (33554432) in
   * this WebAssembly build: the instance's memory (4 GiB at most) must also hold the parsed
   * document and the result, up to about 90 times the size of the text. A JSON string argument
   * is refused before it is copied into wasm memory when its length already exceeds the limit.
   */
  maxBytes?: number;
  /** Deepest accepted nesting of arrays and objects (default 32, at most 120). */
  maxDepth?: number;
  /** A vendor profile: the built-in `"wrike"` or a profile document. */
  profile?: "wrike" | ProfileDoc;
  /** Approved email domains for the login email (`example.com` or `@example.com`); overrides the profile's. */
  approvedDomains?: string[];
  /** Whether subdomains of approved domains are approved too (default false). */
  allowSubdomains?: boolean;
  /** The account's user types: a list of values, or `{values, default, aliases}` (needs a profile). */
  userTypes?: string[] | UserTypesDoc;
  /** The account's custom-field catalog: Wrike's `GET /customfields` response or a list of `{id, title, type}` (needs a profile). */
  customFields?: CustomFieldCatalog;
  /** The IdP dialect: a preset name, or a preset with switches. */
  dialect?: DialectPreset | DialectSwitches;
  /** Most PATCH operations accepted in one request (default 1000). */
  maxOperations?: number;
}

/** The options a Validator was compiled with, defaults filled in. */
export interface ResolvedOptions {
  resourceType: string;
  operation: "create" | "replace" | "response";
  mode: "strict" | "lenient";
  schemas: JsonValue[];
  maxBytes: number;
  maxDepth: number;
  maxOperations: number;
  profile?: JsonValue;
  approvedDomains?: string[];
  allowSubdomains?: boolean;
  userTypes?: JsonValue;
  customFields?: JsonValue;
  dialect?: JsonValue;
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

/** Group membership changes: member ids (`members[].value`) added and removed. */
export interface Members {
  added: string[];
  removed: string[];
}

/** The outcome of a PATCH: the new resource, what each operation did, membership deltas, and the re-check. */
export interface Patched {
  resource: JsonObject;
  /** What each operation did (`added`, `replaced`, `removed`) and every dialect coercion (warnings), with paths. */
  changes: Issue[];
  members: Members;
  /** The resulting resource checked as a replace body. */
  report: Report;
}

/** A PatchOp request body (RFC 7644 §3.5.2). */
export interface PatchRequest {
  schemas?: string[];
  Operations: { op: string; path?: string; value?: unknown }[];
  [key: string]: unknown;
}

/** A parsed attribute path (RFC 7644 §3.5.2). */
export interface AttrPathInfo {
  /** The schema URN, when the path is URN-qualified. */
  urn: string | null;
  /** The attribute name. */
  name: string;
  /** The value filter, in canonical text, or null. */
  filter: string | null;
  /** The sub-attribute, or null. */
  sub: string | null;
  /** The whole path, in canonical text. */
  text: string;
}

/** A user custom field of a catalog. */
export interface CustomField {
  /** Wrike field id: 16 upper-case letters and digits. */
  id: string;
  /** The title as Wrike shows it. */
  title: string;
  /** Wrike field type (`Text`, `Numeric`, `Checkbox`, `DropDown`, ...); "" when unknown. */
  type: string;
  /** For DropDown fields: the allowed values. */
  options?: string[];
}

/** The parts of a custom-field attribute name. */
export interface ParsedCustomFieldAttribute {
  /** The schema URN, when the name was fully qualified. */
  schema?: string;
  /** The field id. */
  id: string;
  /** The normalized title part (may be empty). */
  title: string;
}

/** The outcome of a domain check. */
export interface DomainCheck {
  approved: boolean;
  /** The address's domain in ASCII (punycode) lower-case form. */
  domain: string;
  /** The approved entry it matched, in ASCII form. */
  matched?: string;
}

/**
 * What Wrike stores from a user: the profile's synced attributes (null when the payload omits
 * them), the user type, custom fields, `active` and the login email.
 */
export interface WrikeView {
  userName: JsonValue;
  givenName: JsonValue;
  familyName: JsonValue;
  /** The primary email: `primary: true`, else the first of type work, else the first. */
  email: JsonValue;
  title: JsonValue;
  /** The primary phone number, picked like the email. */
  phone: JsonValue;
  organization: JsonValue;
  department: JsonValue;
  /** The user type in canonical spelling (the default when the payload has none). */
  userType: JsonValue;
  /** Whether the payload had no user type and the default applies. */
  userTypeDefaulted: boolean;
  /** Custom-field attributes of the extension and their values. */
  customFields: JsonObject;
  active: boolean;
  /** The address Wrike uses as the login, or null when there is none. */
  loginEmail: string | null;
  /** Where the login email came from (`userName`, `emails[0].value`). */
  loginEmailSource: string | null;
  /** Synced attributes the payload omits: what Wrike already holds stays. */
  omitted: string[];
  /** Further synced attributes of a custom profile. */
  [key: string]: JsonValue;
}

/** The HTTP method of a request to plan. */
export type HttpMethod = "POST" | "PUT" | "PATCH" | "DELETE" | "post" | "put" | "patch" | "delete";

/** A request to plan: the method, its body (absent for DELETE) and what the target holds now (required for PATCH). */
export interface PlanRequest {
  method: HttpMethod;
  body?: Input | null | undefined;
  current?: Input | null | undefined;
}

/** What the target does with a request. */
export type PlanAction = "create" | "update" | "deactivate" | "reactivate" | "delete" | "reject" | "noop";

/** One synced attribute that changes. */
export interface Change {
  /** The attribute's name in the target's view (`title`, `email`, `userType`, a custom field). */
  attribute: string;
  /** What the target holds now (null when unknown or unset). */
  from: JsonValue;
  /** What it will hold. */
  to: JsonValue;
}

/** The provisioning plan for one request. */
export interface Plan {
  action: PlanAction;
  resourceType: string;
  /** Whether the user becomes an active, billable provisioned member. */
  billable: boolean;
  changes: Change[];
  /** Synced attributes the request omits; the target keeps what it has. */
  kept: string[];
  members: Members;
  /** Every finding (errors make the action `reject`), and coercions made on the way. */
  issues: Issue[];
  /** The resource the target will hold (absent for reject and delete). */
  resource?: JsonObject;
  /** What the target does, in words. */
  summary: string;
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

/** Stable codes of the failures scimgate throws. */
export type ErrorCode =
  | "invalid_json"
  | "payload_too_large"
  | "nesting_too_deep"
  | "unknown_resource_type"
  | "invalid_schema"
  | "invalid_option"
  | "not_an_object"
  | "invalid_filter"
  | "invalid_path"
  | "patch_failed"
  | "invalid_custom_field"
  | "invalid_profile"
  | "invalid_email"
  | "invalid_unicode"
  | "internal_error";

/** The scimType of a failed PATCH. */
export type PatchScimType = "invalidSyntax" | "invalidPath" | "noTarget" | "invalidValue" | "mutability";

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
  offset?: number;
  expected?: string;
  index?: number | null;
  argument?: string;
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
  /**
   * The input's size in bytes of UTF-8 JSON text. A lower bound when the input was refused
   * before conversion: a string's UTF-16 length, or `limit + 1` when `JSON.stringify` could not
   * even build the text ("Invalid string length").
   */
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
/** A filter could not be parsed, is over a limit, or compares in a way the RFC does not define. */
export class InvalidFilterError extends ScimError {
  readonly code: "invalid_filter";
  /** Byte offset (in the UTF-8 text) of the problem. */
  readonly offset: number;
  /** What the parser expected there ("" for limits and evaluation errors). */
  readonly expected: string;
}
/** An attribute path could not be parsed or names no attribute. */
export class InvalidPathError extends ScimError {
  readonly code: "invalid_path";
  /** Byte offset (in the UTF-8 text) of the problem. */
  readonly offset: number;
  /** What the parser expected there. */
  readonly expected: string;
}
/** A PATCH could not be applied; nothing was changed. */
export class PatchFailedError extends ScimError {
  readonly code: "patch_failed";
  readonly scimType: PatchScimType;
  /** Index of the failing operation in `Operations`, or null when no single operation is at fault. */
  readonly index: number | null;
}
/** A custom-field id, title, catalog or Wrike API response could not be used. */
export class InvalidCustomFieldError extends ScimError {
  readonly code: "invalid_custom_field";
}
/** A profile document is invalid. */
export class InvalidProfileError extends ScimError {
  readonly code: "invalid_profile";
  /** Where in the profile document (`userTypes.values[2]`). */
  readonly path: string;
}
/** An email address given to checkDomain is not a plain address. */
export class InvalidEmailError extends ScimError {
  readonly code: "invalid_email";
}
/**
 * An argument holds a lone surrogate (a UTF-16 code unit in U+D800–U+DFFF without its pair),
 * which is not Unicode text: a string argument holding one, or JSON text escaping one
 * (`"\ud800"`, which is how `JSON.stringify` writes an object holding one). The text is never
 * echoed.
 */
export class InvalidUnicodeError extends ScimError {
  readonly code: "invalid_unicode";
  /** Which argument: `resource`, `filter`, `options`, ..., or `JSON text` for an escaped one. */
  readonly argument: string;
}
/**
 * The WebAssembly instance trapped (out of memory, `unreachable`, out-of-bounds access): the
 * package recreated it, so later calls work; `cause` is the original `WebAssembly.RuntimeError`.
 * A Validator or ScimFilter made before the trap throws this error when used: make a new one.
 */
export class InternalError extends ScimError {
  readonly code: "internal_error";
  readonly status: 500;
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
        E::InvalidFilter {
            offset, expected, ..
        }
        | E::InvalidPath {
            offset, expected, ..
        } => json!({ "offset": offset, "expected": expected }),
        E::PatchFailed { index, .. } => json!({ "index": index }),
        E::InvalidProfile { path, .. } => json!({ "path": path }),
        E::InvalidUnicode { argument } => json!({ "argument": argument }),
        _ => json!({}),
    };
    make_error(
        err.code().as_str(),
        &err.to_string(),
        err.scim_type(),
        err.status(),
        &details.to_string(),
    )
}

/// `map_err` adapter: a core failure as its JS error.
fn thrown(err: scimgate::Error) -> JsValue {
    js_error(&err)
}

fn type_error(message: &str) -> JsValue {
    js_sys::TypeError::new(message).into()
}

fn type_name(value: &JsValue) -> String {
    if value.is_null() {
        return "null".into();
    }
    if Array::is_array(value) {
        return "array".into();
    }
    value.js_typeof().as_string().unwrap_or_default()
}

// ---- Conversion of arguments --------------------------------------------------------------
//
// Every JS string that reaches the core goes through `utf8` (string arguments) or `json_text`
// (documents). wasm-bindgen's own `as_string()` would replace a lone surrogate with U+FFFD
// silently and copy any length into wasm memory; these check first. The limits are the core's,
// for the kind of document the argument is (`Limits`); the checks only move the core's own
// refusal before the copy, so the error is the one the core gives for the same text.

/// The core limits a JSON argument is converted under.
#[derive(Debug, Clone, Copy)]
struct Limits {
    /// The core's byte limit for this document, if it has one.
    max_bytes: Option<usize>,
    /// The core's depth limit for this document.
    max_depth: usize,
}

impl Limits {
    /// A request document (resource, PATCH body, plan body): the options' `maxBytes`/`maxDepth`.
    fn request(o: &scimgate::Options) -> Self {
        Limits {
            max_bytes: Some(o.limits.max_bytes),
            max_depth: o.limits.max_depth,
        }
    }

    /// A reference document (`/Schemas`, a custom-field catalog), parsed by
    /// `scimgate::json::parse_reference` with these limits.
    fn reference() -> Self {
        Limits {
            max_bytes: Some(scimgate::json::MAX_REFERENCE_BYTES),
            max_depth: scimgate::options::DEFAULT_MAX_DEPTH,
        }
    }

    /// The options object and a Report given back to toScimError: no byte limit in the core;
    /// too deep for `JSON.stringify` counts against the default depth (as in the pip package).
    fn unbounded() -> Self {
        Limits {
            max_bytes: None,
            max_depth: scimgate::options::DEFAULT_MAX_DEPTH,
        }
    }
}

thread_local! {
    /// Whether the engine has `String.prototype.isWellFormed` (ES2024; Node 20, Chrome 111,
    /// Firefox 119, Safari 16.4).
    static HAS_IS_WELL_FORMED: bool = Reflect::get(
        &Object::get_prototype_of(&JsString::from("").into()),
        &JsValue::from_str("isWellFormed"),
    )
    .is_ok_and(|f| f.is_function());
}

/// Whether a JS string holds no lone surrogate. `isWellFormed()` where the engine has it: one
/// native scan. Elsewhere js-sys's `is_valid_utf16()`, which reads the string one code unit per
/// call across the wasm boundary (measured on Node 20: about 25 ms per MiB, which would more
/// than double the time `check` takes for JSON text).
fn well_formed(text: &JsString) -> bool {
    if HAS_IS_WELL_FORMED.with(|has| *has) {
        text.is_well_formed()
    } else {
        text.is_valid_utf16()
    }
}

/// A JS string as UTF-8, refusing a lone surrogate (`InvalidUnicode` naming `what`).
fn utf8(text: &JsString, what: &str) -> Result<String, JsValue> {
    if !well_formed(text) {
        return Err(thrown(scimgate::Error::InvalidUnicode {
            argument: what.into(),
        }));
    }
    Ok(String::from(text))
}

/// Refuse a JS string whose UTF-16 length already exceeds `max_bytes`, before it is copied into
/// wasm memory: its UTF-8 form has at least as many bytes as it has UTF-16 code units, so the
/// core would refuse it too. `size` is that lower bound.
fn within(text: &JsString, max_bytes: Option<usize>) -> Result<(), JsValue> {
    let units = text.length() as usize;
    match max_bytes {
        Some(limit) if units > limit => Err(thrown(scimgate::Error::PayloadTooLarge {
            size: units,
            limit,
        })),
        _ => Ok(()),
    }
}

/// What `JSON.stringify` threw on an object, as the core's error where it is one of the limits:
/// the engine's stack overflowing on a deep object (V8 and JavaScriptCore: RangeError "Maximum
/// call stack size exceeded"; SpiderMonkey: InternalError "too much recursion") is
/// `NestingTooDeep`, the text exceeding the engine's longest string (V8: RangeError "Invalid
/// string length"; SpiderMonkey: "allocation size overflow") is `PayloadTooLarge`. Anything else
/// (a cycle's or a BigInt's TypeError, a `toJSON` method's own error) is thrown as it is.
fn stringify_failure(err: JsValue, limits: Limits) -> JsValue {
    let Some(e) = err.dyn_ref::<js_sys::Error>() else {
        return err;
    };
    let name = String::from(e.name());
    if name != "RangeError" && name != "InternalError" {
        return err;
    }
    let message = String::from(e.message()).to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| message.contains(w));
    if has(&["string length", "allocation size overflow", "out of memory"]) {
        // The text would be longer than the engine's longest string, which is far above any
        // byte limit: report the limit (the wasm build's ceiling when the document has none).
        let limit = limits
            .max_bytes
            .unwrap_or(scimgate::options::WASM_MAX_BYTES_CEILING);
        return thrown(scimgate::Error::PayloadTooLarge {
            size: limit.saturating_add(1),
            limit,
        });
    }
    if has(&["call stack", "too much recursion", "stack overflow"]) {
        return thrown(scimgate::Error::NestingTooDeep {
            limit: limits.max_depth,
        });
    }
    err
}

/// JSON text of an argument: a string is the JSON text itself (refused when longer than the
/// byte limit, or holding a lone surrogate); anything else goes through `JSON.stringify`, whose
/// text is always well-formed UTF-16 (lone surrogates come out escaped, for the core to refuse)
/// and is refused when longer than the byte limit. `JSON.stringify` throws its own TypeError
/// for BigInt and cycles (left as they are); see [`stringify_failure`] for its RangeErrors.
fn json_text(value: &JsValue, what: &str, limits: Limits) -> Result<String, JsValue> {
    if let Some(text) = value.dyn_ref::<JsString>() {
        within(text, limits.max_bytes)?;
        return utf8(text, what);
    }
    if value.is_undefined() || value.is_function() || value.is_symbol() || value.is_bigint() {
        let found = type_name(value);
        return Err(type_error(&format!(
            "{what} must be an object or a JSON string, got {found}"
        )));
    }
    let text: JsValue = JSON::stringify(value)
        .map_err(|e| stringify_failure(e, limits))?
        .into();
    let Some(text) = text.dyn_ref::<JsString>() else {
        return Err(type_error(&format!("{what} is not representable as JSON")));
    };
    within(text, limits.max_bytes)?;
    Ok(String::from(text))
}

/// An argument as a core JSON value, parsed by the core with the options' limits.
fn json_value(value: &JsValue, what: &str, o: &scimgate::Options) -> Result<Value, JsValue> {
    let text = json_text(value, what, Limits::request(o))?;
    o.parse_json(text.as_bytes()).map_err(thrown)
}

/// A string argument (no coercion of other JS types; a lone surrogate is refused).
fn string_arg(value: &JsValue, what: &str) -> Result<String, JsValue> {
    match value.dyn_ref::<JsString>() {
        Some(text) => utf8(text, what),
        None => Err(type_error(&format!(
            "{what} must be a string, got {}",
            type_name(value)
        ))),
    }
}

/// Whether an optional argument is absent (`undefined` or `null`).
fn absent(value: &JsValue) -> bool {
    value.is_undefined() || value.is_null()
}

/// Core options from the JS options argument (`undefined`/`null`: defaults).
fn options(value: Option<JsValue>) -> Result<scimgate::Options, JsValue> {
    let value = match value {
        Some(v) if !absent(&v) => v,
        _ => return Ok(scimgate::Options::default()),
    };
    if !value.is_object() || value.is_function() || Array::is_array(&value) {
        return Err(type_error("options must be an object"));
    }
    let text = json_text(&value, "options", Limits::unbounded())?;
    scimgate::Options::from_json(text.as_bytes()).map_err(thrown)
}

/// A core result, serialized by serde_json, as a plain JS value.
fn to_js(text: serde_json::Result<String>) -> Result<JsValue, JsValue> {
    let text = text.map_err(|e| JsValue::from(js_sys::Error::new(&e.to_string())))?;
    JSON::parse(&text)
}

fn validator(options: scimgate::Options) -> Result<scimgate::Validator, JsValue> {
    scimgate::Validator::new(options).map_err(thrown)
}

/// Check a resource and report every finding. Never throws for invalid data, only for what
/// prevents the check (invalid JSON, too large, too deep, unknown resource type, bad options).
#[wasm_bindgen(unchecked_return_type = "Report")]
pub fn check(
    #[wasm_bindgen(unchecked_param_type = "Input")] resource: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options | null")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let options = self::options(options)?;
    let text = json_text(&resource, "resource", Limits::request(&options))?;
    let report = scimgate::check_json(text.as_bytes(), &options).map_err(thrown)?;
    to_js(serde_json::to_string(&report))
}

/// Rewrite a resource into canonical form, recording every change.
#[wasm_bindgen(unchecked_return_type = "Normalized")]
pub fn normalize(
    #[wasm_bindgen(unchecked_param_type = "Input")] resource: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options | null")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let options = self::options(options)?;
    let text = json_text(&resource, "resource", Limits::request(&options))?;
    let normalized = scimgate::normalize_json(text.as_bytes(), &options).map_err(thrown)?;
    to_js(serde_json::to_string(&normalized))
}

/// Load schema documents (a schema, a ResourceType, a `/Schemas` or `/ResourceTypes`
/// ListResponse, or an array of these) into a registry with the built-ins.
#[wasm_bindgen(js_name = loadSchemas, unchecked_return_type = "LoadedSchemas")]
pub fn load_schemas(
    #[wasm_bindgen(unchecked_param_type = "Input")] doc: JsValue,
) -> Result<JsValue, JsValue> {
    let text = json_text(&doc, "doc", Limits::reference())?;
    let registry = scimgate::load_schemas_json(text.as_bytes()).map_err(thrown)?;
    to_js(serde_json::to_string(&registry.to_json()))
}

/// The RFC 7644 §3.12 error body for a thrown ScimError or a Report (`null` for a valid report).
#[wasm_bindgen(js_name = toScimError, unchecked_return_type = "ScimErrorBody | null")]
pub fn to_scim_error(
    #[wasm_bindgen(unchecked_param_type = "ScimError | Report")] x: JsValue,
) -> Result<JsValue, JsValue> {
    if is_scim_error(&x) {
        let field = |name: &str| Reflect::get(&x, &JsValue::from_str(name));
        let status = field("status")?.as_f64().unwrap_or(400.0) as u16;
        // A caller's own ScimError may hold anything: a lone surrogate is refused, not replaced.
        let text = |name: &str| -> Result<Option<String>, JsValue> {
            let value = field(name)?;
            value
                .dyn_ref::<JsString>()
                .map(|s| utf8(s, &format!("error.{name}")))
                .transpose()
        };
        let scim_type = text("scimType")?;
        let message = text("message")?.unwrap_or_default();
        let body = scimgate::scim_error_body(status, scim_type.as_deref(), &message);
        return to_js(serde_json::to_string(&body));
    }
    if !x.is_object() || x.is_function() {
        return Err(type_error("toScimError takes a ScimError or a Report"));
    }
    let text = json_text(&x, "report", Limits::unbounded())?;
    let report: scimgate::Report = serde_json::from_str(&text)
        .map_err(|e| type_error(&format!("toScimError takes a ScimError or a Report: {e}")))?;
    match report.to_scim_error() {
        Some(body) => to_js(serde_json::to_string(&body)),
        None => Ok(JsValue::NULL),
    }
}

/// Parse an RFC 7644 §3.4.2.2 filter (throws InvalidFilterError with the byte offset). The
/// options decide how it parses (`mode: "lenient"` or a dialect with `valuePathCompare` accept
/// Entra's `emails[type eq "work"].value eq "x"`) and how `matches` evaluates (resource type).
#[wasm_bindgen(js_name = parseFilter)]
pub fn parse_filter(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options | null")] options: Option<JsValue>,
) -> Result<JsFilter, JsValue> {
    let text = string_arg(&text, "filter")?;
    JsFilter::parse(validator(self::options(options)?)?, text)
}

/// Parse an RFC 7644 §3.5.2 attribute path (throws InvalidPathError with the byte offset).
#[wasm_bindgen(js_name = parsePath, unchecked_return_type = "AttrPathInfo")]
pub fn parse_path(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options | null")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let text = string_arg(&text, "path")?;
    let v = validator(self::options(options)?)?;
    let path = v.parse_path(&text).map_err(thrown)?;
    to_js(serde_json::to_string(&path.to_json()))
}

/// The resources a filter selects, in order (an empty array when none does) — the answer to
/// `GET /Users?filter=...`. `filter` is filter text (parsed with `options`) or a ScimFilter
/// (evaluated with its own options, unless `options` are given). `resources` is an array (each
/// element an object or its JSON text; the matching elements themselves are returned) or the
/// JSON text of an array (plain objects are returned).
#[wasm_bindgen(js_name = filterResources, unchecked_return_type = "JsonObject[]")]
pub fn filter_resources(
    #[wasm_bindgen(unchecked_param_type = "string | ScimFilter")] filter: JsValue,
    #[wasm_bindgen(unchecked_param_type = "object[] | string")] resources: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options | null")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    if filter.is_string() {
        let text = string_arg(&filter, "filter")?;
        let v = validator(self::options(options)?)?;
        let parsed = v.parse_filter(&text).map_err(thrown)?;
        return select(&parsed, &v, &resources);
    }
    if !JsFilter::is_instance(&filter) {
        return Err(type_error(&format!(
            "filter must be a string or a ScimFilter, got {}",
            type_name(&filter)
        )));
    }
    // Borrow the ScimFilter through its own (hidden) method, as wasm-bindgen does for `this`.
    let method: js_sys::Function = Reflect::get(&filter, &JsValue::from_str(SELECT_METHOD))?
        .dyn_into()
        .map_err(|_| type_error("filter is not a ScimFilter"))?;
    let options = options.unwrap_or(JsValue::UNDEFINED);
    method.call2(&filter, &resources, &options)
}

const SELECT_METHOD: &str = "__filterResources";

/// [`filter_resources`] once the filter and the validator are known.
fn select(
    filter: &scimgate::Filter,
    v: &scimgate::Validator,
    resources: &JsValue,
) -> Result<JsValue, JsValue> {
    let o = v.options();
    if resources.is_string() {
        let text = json_text(resources, "resources", Limits::request(o))?;
        let Value::Array(items) = o.parse_json_list(text.as_bytes()).map_err(thrown)? else {
            return Err(type_error("resources must be the JSON text of an array"));
        };
        let hits = scimgate::filter_resources(filter, &items, v).map_err(thrown)?;
        return to_js(serde_json::to_string(&hits));
    }
    let Some(list) = resources.dyn_ref::<Array>() else {
        return Err(type_error(&format!(
            "resources must be an array or its JSON text, got {}",
            type_name(resources)
        )));
    };
    let items = list
        .iter()
        .enumerate()
        .map(|(i, item)| json_value(&item, &format!("resources[{i}]"), o))
        .collect::<Result<Vec<Value>, JsValue>>()?;
    let hits = scimgate::filter_resources(filter, &items, v).map_err(thrown)?;
    // The hits are references into `items`, in order: hand back the caller's own elements.
    let out = Array::new();
    let mut at = 0;
    for hit in hits {
        while !std::ptr::eq(&items[at], hit) {
            at += 1;
        }
        out.push(&list.get(at as u32));
        at += 1;
    }
    Ok(out.into())
}

/// Apply a PatchOp request (RFC 7644 §3.5.2) to a resource, atomically: the new resource, what
/// each operation did, membership deltas and the re-check. Throws PatchFailedError (with the
/// scimType and the index of the failing operation) when it cannot apply.
#[wasm_bindgen(js_name = applyPatch, unchecked_return_type = "Patched")]
pub fn apply_patch(
    #[wasm_bindgen(unchecked_param_type = "Input")] resource: JsValue,
    #[wasm_bindgen(unchecked_param_type = "PatchRequest | string")] patch: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options | null")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let v = validator(self::options(options)?)?;
    patch_with(&v, &resource, &patch)
}

fn patch_with(
    v: &scimgate::Validator,
    resource: &JsValue,
    patch: &JsValue,
) -> Result<JsValue, JsValue> {
    let limits = Limits::request(v.options());
    let resource = json_text(resource, "resource", limits)?;
    let patch = json_text(patch, "patch", limits)?;
    let patched = v
        .apply_patch_json(resource.as_bytes(), patch.as_bytes())
        .map_err(thrown)?;
    to_js(serde_json::to_string(&patched))
}

/// The SCIM attribute name of a Wrike user custom field: `customFieldAttribute("IEAGWMBBJUAK4G7J",
/// "Completed Induction")` is `"IEAGWMBBJUAK4G7J_Completed_Induction"`. Throws
/// InvalidCustomFieldError for an id that is not 16 upper-case letters and digits.
#[wasm_bindgen(js_name = customFieldAttribute)]
pub fn custom_field_attribute(
    #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] title: JsValue,
) -> Result<String, JsValue> {
    let id = string_arg(&id, "id")?;
    let title = string_arg(&title, "title")?;
    scimgate::custom_field_attribute(&id, &title).map_err(thrown)
}

/// The fully-qualified attribute of a Wrike user custom field, in the Wrike extension (or
/// `extension`, when given): `customFieldUrn("IEAGWMBBJUAK4G7J", "Completed Induction")` is
/// `"urn:ietf:params:scim:schemas:extension:wrike:2.0:User:IEAGWMBBJUAK4G7J_Completed_Induction"`,
/// the name to enter in an IdP's attribute list. Throws InvalidCustomFieldError for an id that is
/// not 16 upper-case letters and digits.
#[wasm_bindgen(js_name = customFieldUrn)]
pub fn custom_field_urn(
    #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] title: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string")] extension: Option<JsValue>,
) -> Result<String, JsValue> {
    let id = string_arg(&id, "id")?;
    let title = string_arg(&title, "title")?;
    let extension = match extension {
        Some(v) if !absent(&v) => Some(string_arg(&v, "extension")?),
        _ => None,
    };
    scimgate::custom_field_urn(&id, &title, extension.as_deref()).map_err(thrown)
}

/// Split a custom-field attribute name (optionally prefixed by its schema URN) into id and title.
#[wasm_bindgen(
    js_name = parseCustomFieldAttribute,
    unchecked_return_type = "ParsedCustomFieldAttribute"
)]
pub fn parse_custom_field_attribute(
    #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
) -> Result<JsValue, JsValue> {
    let name = string_arg(&name, "name")?;
    to_js(serde_json::to_string(
        &scimgate::parse_custom_field_attribute(&name).map_err(thrown)?,
    ))
}

/// Read Wrike's `GET /api/v4/customfields?applicableEntityTypes=[User]` response (or a list of
/// fields) into a catalog.
#[wasm_bindgen(js_name = customFieldsFromWrike, unchecked_return_type = "CustomField[]")]
pub fn custom_fields_from_wrike(
    #[wasm_bindgen(
        unchecked_param_type = "WrikeCustomFieldsResponse | WrikeCustomFieldDoc[] | string"
    )]
    response: JsValue,
) -> Result<JsValue, JsValue> {
    let text = json_text(&response, "response", Limits::reference())?;
    let doc = scimgate::json::parse_reference(text.as_bytes()).map_err(thrown)?;
    to_js(serde_json::to_string(
        &scimgate::custom_fields_from_wrike(&doc).map_err(thrown)?,
    ))
}

/// The profile's extension schema document (default `wrike`) with the user type and one
/// attribute per custom field of `catalog`.
#[wasm_bindgen(js_name = extensionSchema, unchecked_return_type = "SchemaDoc")]
pub fn extension_schema(
    #[wasm_bindgen(unchecked_param_type = "CustomFieldCatalog | string")] catalog: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options | null")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let options = self::options(options)?;
    let text = json_text(&catalog, "catalog", Limits::reference())?;
    let catalog = scimgate::json::parse_reference(text.as_bytes()).map_err(thrown)?;
    to_js(serde_json::to_string(
        &scimgate::extension_schema(&catalog, &options).map_err(thrown)?,
    ))
}

/// Check an email address against approved domains (exact, or subdomains too with
/// `allowSubdomains`). Throws InvalidEmailError for an address that is not a plain address,
/// InvalidOptionError for an approved entry that is not a domain.
#[wasm_bindgen(js_name = checkDomain, unchecked_return_type = "DomainCheck")]
pub fn check_domain(
    #[wasm_bindgen(unchecked_param_type = "string")] address: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string[]")] approved: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "{ allowSubdomains?: boolean } | null")]
    options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let address = string_arg(&address, "address")?;
    let Some(list) = approved.dyn_ref::<Array>() else {
        return Err(type_error(&format!(
            "approved must be an array of strings, got {}",
            type_name(&approved)
        )));
    };
    let approved = list
        .iter()
        .enumerate()
        .map(|(i, d)| string_arg(&d, &format!("approved[{i}]")))
        .collect::<Result<Vec<String>, JsValue>>()?;
    let options = self::options(options)?;
    let allow_subdomains = options.profile.allow_subdomains.unwrap_or(false);
    to_js(serde_json::to_string(
        &scimgate::check_domain(&address, &approved, allow_subdomains).map_err(thrown)?,
    ))
}

/// What Wrike stores from a user (the profile defaults to `wrike`): synced attributes, user
/// type, custom fields, `active`, the login email, and the synced attributes the payload omits.
#[wasm_bindgen(js_name = wrikeView, unchecked_return_type = "WrikeView")]
pub fn wrike_view(
    #[wasm_bindgen(unchecked_param_type = "Input")] resource: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options | null")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let options = self::options(options)?;
    let resource = json_value(&resource, "resource", &options)?;
    to_js(serde_json::to_string(
        &scimgate::wrike_view(&resource, &options).map_err(thrown)?,
    ))
}

/// The request argument of `plan`: method, body, current.
fn plan_request(
    request: &JsValue,
    o: &scimgate::Options,
) -> Result<(String, Option<Value>, Option<Value>), JsValue> {
    if !request.is_object() || request.is_function() || Array::is_array(request) {
        return Err(type_error(&format!(
            "request must be an object {{method, body?, current?}}, got {}",
            type_name(request)
        )));
    }
    let field = |name: &str| Reflect::get(request, &JsValue::from_str(name));
    let method = string_arg(&field("method")?, "request.method")?;
    let optional = |name: &str| -> Result<Option<Value>, JsValue> {
        let value = field(name)?;
        if absent(&value) {
            return Ok(None);
        }
        json_value(&value, &format!("request.{name}"), o).map(Some)
    };
    let body = optional("body")?;
    let current = optional("current")?;
    Ok((method, body, current))
}

/// The provisioning plan for a request (the profile defaults to `wrike`): create, update (with
/// per-attribute changes and the attributes Wrike keeps), deactivate, reactivate, delete,
/// reject (with issues) or noop, and whether the user becomes billable.
#[wasm_bindgen(unchecked_return_type = "Plan")]
pub fn plan(
    #[wasm_bindgen(unchecked_param_type = "PlanRequest")] request: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options | null")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let options = self::options(options)?;
    let (method, body, current) = plan_request(&request, &options)?;
    let plan =
        scimgate::plan(&method, body.as_ref(), current.as_ref(), &options).map_err(thrown)?;
    to_js(serde_json::to_string(&plan))
}

/// A parsed SCIM filter, reusable: `toString()` is its canonical text (which parses back to the
/// same filter), `text` the text it was parsed from, `matches(resource)` evaluates it with the
/// options it was parsed with. Made by `parseFilter` or `Validator.parseFilter`.
#[wasm_bindgen(js_name = ScimFilter)]
pub struct JsFilter {
    filter: scimgate::Filter,
    validator: scimgate::Validator,
    text: String,
}

impl std::fmt::Debug for JsFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScimFilter")
            .field("text", &self.text)
            .finish_non_exhaustive()
    }
}

thread_local! {
    /// `ScimFilter.prototype`, to recognise ScimFilter arguments.
    static FILTER_PROTOTYPE: OnceCell<Object> = const { OnceCell::new() };
}

impl JsFilter {
    fn parse(validator: scimgate::Validator, text: String) -> Result<JsFilter, JsValue> {
        let filter = validator.parse_filter(&text).map_err(thrown)?;
        Ok(JsFilter {
            filter,
            validator,
            text,
        })
    }

    /// Whether `value` is a ScimFilter (its prototype chain has `ScimFilter.prototype`).
    fn is_instance(value: &JsValue) -> bool {
        if !value.is_object() {
            return false;
        }
        FILTER_PROTOTYPE.with(|cell| {
            let proto = cell.get_or_init(|| {
                // One small instance, kept for the life of the module, yields the prototype.
                let sample = scimgate::Validator::new(scimgate::Options::default())
                    .ok()
                    .and_then(|v| JsFilter::parse(v, "id pr".into()).ok());
                match sample {
                    Some(f) => Object::get_prototype_of(&JsValue::from(f)),
                    None => Object::new(),
                }
            });
            proto.is_prototype_of(value)
        })
    }
}

#[wasm_bindgen(js_class = ScimFilter)]
impl JsFilter {
    /// The canonical text of the filter.
    #[wasm_bindgen(js_name = toString)]
    #[allow(clippy::inherent_to_string)]
    pub fn to_string_js(&self) -> String {
        self.filter.to_string()
    }

    /// The text the filter was parsed from.
    #[wasm_bindgen(getter)]
    pub fn text(&self) -> String {
        self.text.clone()
    }

    /// Whether the filter matches `resource` (an object or its JSON text; anything but an object
    /// never matches). Throws InvalidFilterError for comparisons the RFC does not define.
    pub fn matches(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Input")] resource: JsValue,
    ) -> Result<bool, JsValue> {
        let resource = json_value(&resource, "resource", self.validator.options())?;
        self.filter
            .matches(&resource, &self.validator)
            .map_err(thrown)
    }

    /// filterResources with this filter (called by filterResources; not part of the API).
    #[wasm_bindgen(js_name = __filterResources, skip_typescript)]
    pub fn filter_resources_with(
        &self,
        resources: JsValue,
        options: JsValue,
    ) -> Result<JsValue, JsValue> {
        if absent(&options) {
            return select(&self.filter, &self.validator, &resources);
        }
        let v = validator(self::options(Some(options))?)?;
        select(&self.filter, &v, &resources)
    }
}

/// Options compiled once (schemas, profile, limits), for checking many resources.
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
    /// Compile the options (throws InvalidOptionError, UnknownResourceTypeError,
    /// InvalidSchemaError, InvalidProfileError).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "Options | null")] options: Option<JsValue>,
    ) -> Result<JsValidator, JsValue> {
        let inner = validator(self::options(options)?)?;
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
        let text = json_text(&resource, "resource", Limits::request(self.inner.options()))?;
        to_js(serde_json::to_string(
            &self.inner.check_json(text.as_bytes()).map_err(thrown)?,
        ))
    }

    /// Normalize a resource with the compiled options.
    #[wasm_bindgen(unchecked_return_type = "Normalized")]
    pub fn normalize(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Input")] resource: JsValue,
    ) -> Result<JsValue, JsValue> {
        let text = json_text(&resource, "resource", Limits::request(self.inner.options()))?;
        to_js(serde_json::to_string(
            &self.inner.normalize_json(text.as_bytes()).map_err(thrown)?,
        ))
    }

    /// Apply a PatchOp request with the compiled options (see `applyPatch`).
    #[wasm_bindgen(js_name = applyPatch, unchecked_return_type = "Patched")]
    pub fn apply_patch(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Input")] resource: JsValue,
        #[wasm_bindgen(unchecked_param_type = "PatchRequest | string")] patch: JsValue,
    ) -> Result<JsValue, JsValue> {
        patch_with(&self.inner, &resource, &patch)
    }

    /// What the target stores from a user (needs the `profile` option; see `wrikeView`).
    #[wasm_bindgen(unchecked_return_type = "WrikeView")]
    pub fn view(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Input")] resource: JsValue,
    ) -> Result<JsValue, JsValue> {
        let resource = json_value(&resource, "resource", self.inner.options())?;
        to_js(serde_json::to_string(
            &self.inner.view(&resource).map_err(thrown)?,
        ))
    }

    /// The provisioning plan for a request (needs the `profile` option; see `plan`).
    #[wasm_bindgen(unchecked_return_type = "Plan")]
    pub fn plan(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PlanRequest")] request: JsValue,
    ) -> Result<JsValue, JsValue> {
        let (method, body, current) = plan_request(&request, self.inner.options())?;
        let plan = self
            .inner
            .plan(&method, body.as_ref(), current.as_ref())
            .map_err(thrown)?;
        to_js(serde_json::to_string(&plan))
    }

    /// Parse a filter with the compiled options (see `parseFilter`).
    #[wasm_bindgen(js_name = parseFilter)]
    pub fn parse_filter(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    ) -> Result<JsFilter, JsValue> {
        let text = string_arg(&text, "filter")?;
        JsFilter::parse(self.inner.clone(), text)
    }
}

/// Traps on purpose (a WebAssembly `unreachable` instruction), so that tests can check the
/// package recovers from a trap (`js/guard.js`). Not part of the API.
#[wasm_bindgen(js_name = __scimgate_trap_for_tests, skip_typescript)]
pub fn trap_for_tests() {
    #[cfg(target_arch = "wasm32")]
    core::arch::wasm32::unreachable();
    #[cfg(not(target_arch = "wasm32"))]
    panic!("__scimgate_trap_for_tests: a trap, on purpose");
}
