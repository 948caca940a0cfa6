// Error classes of the npm package `scimgate`.
//
// The Rust side (src/lib.rs) imports `makeError` and `isScimError` from this file; wasm-bindgen
// copies it into each build as a snippet, and each build's entry (index.js) re-exports the classes
// from that same copy, so `err instanceof ScimError` holds for what the functions throw.
//
// scripts/build-wasm.sh turns this file into CommonJS for the Node build: keep every export a
// top-level `export class` or `export function` declaration, and nothing else module-specific.

/** Base class of every failure scimgate reports (findings about a payload are a Report instead). */
export class ScimError extends Error {
  /**
   * @param {string} message
   * @param {{code?: string, scimType?: string|null, status?: number, cause?: unknown}} [init]
   */
  constructor(message, init = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'ScimError';
    /** Stable snake_case code of the failure (`invalid_json`, ...). */
    this.code = init.code ?? 'scim_error';
    /** RFC 7644 §3.12 scimType, or null when none applies. */
    this.scimType = init.scimType ?? null;
    /** HTTP status a SCIM service answers with. */
    this.status = init.status ?? 400;
  }
}

/** The input is not well-formed JSON; `line` and `column` are 1-based. */
export class InvalidJsonError extends ScimError {
  constructor(message, init = {}) {
    super(message, { code: 'invalid_json', ...init });
    this.name = 'InvalidJsonError';
    this.line = init.line ?? 0;
    this.column = init.column ?? 0;
  }
}

/** The input is larger than `maxBytes`. */
export class PayloadTooLargeError extends ScimError {
  constructor(message, init = {}) {
    super(message, { code: 'payload_too_large', ...init });
    this.name = 'PayloadTooLargeError';
    this.size = init.size ?? 0;
    this.limit = init.limit ?? 0;
  }
}

/** The input nests arrays and objects deeper than `maxDepth`. */
export class NestingTooDeepError extends ScimError {
  constructor(message, init = {}) {
    super(message, { code: 'nesting_too_deep', ...init });
    this.name = 'NestingTooDeepError';
    this.limit = init.limit ?? 0;
  }
}

/** The requested resource type is not known (neither built in nor loaded through `schemas`). */
export class UnknownResourceTypeError extends ScimError {
  constructor(message, init = {}) {
    super(message, { code: 'unknown_resource_type', ...init });
    this.name = 'UnknownResourceTypeError';
    this.resourceType = init.resourceType ?? '';
    this.known = init.known ?? '';
  }
}

/** A schema, resource type or `/Schemas` document could not be understood. */
export class InvalidSchemaError extends ScimError {
  constructor(message, init = {}) {
    super(message, { code: 'invalid_schema', ...init });
    this.name = 'InvalidSchemaError';
    this.path = init.path ?? '';
  }
}

/** An option is unknown or has a value out of range. */
export class InvalidOptionError extends ScimError {
  constructor(message, init = {}) {
    super(message, { code: 'invalid_option', ...init });
    this.name = 'InvalidOptionError';
    this.option = init.option ?? '';
  }
}

/** The operation needs a JSON object and was given something else. */
export class NotAnObjectError extends ScimError {
  constructor(message, init = {}) {
    super(message, { code: 'not_an_object', ...init });
    this.name = 'NotAnObjectError';
    this.found = init.found ?? '';
  }
}

/**
 * Build the error for a core failure (called from Rust). `details` is a JSON object text with the
 * variant's fields; an unknown `code` (from a newer core) gives a plain ScimError.
 */
export function makeError(code, message, scimType, status, details) {
  const init = { ...JSON.parse(details), code, scimType: scimType ?? null, status };
  switch (code) {
    case 'invalid_json': return new InvalidJsonError(message, init);
    case 'payload_too_large': return new PayloadTooLargeError(message, init);
    case 'nesting_too_deep': return new NestingTooDeepError(message, init);
    case 'unknown_resource_type': return new UnknownResourceTypeError(message, init);
    case 'invalid_schema': return new InvalidSchemaError(message, init);
    case 'invalid_option': return new InvalidOptionError(message, init);
    case 'not_an_object': return new NotAnObjectError(message, init);
    default: return new ScimError(message, init);
  }
}

/** Whether `x` is a ScimError (called from Rust by toScimError). */
export function isScimError(x) {
  return x instanceof ScimError;
}
