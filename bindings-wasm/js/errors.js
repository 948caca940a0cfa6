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

/** A filter could not be parsed, is over a limit, or compares in a way the RFC does not define. */
export class InvalidFilterError extends ScimError {
  constructor(message, init = {}) {
    super(message, { code: 'invalid_filter', scimType: 'invalidFilter', ...init });
    this.name = 'InvalidFilterError';
    /** Byte offset of the problem in the UTF-8 filter text. */
    this.offset = init.offset ?? 0;
    /** What the parser expected there ("" for limits and evaluation errors). */
    this.expected = init.expected ?? '';
  }
}

/** An attribute path could not be parsed or names no attribute. */
export class InvalidPathError extends ScimError {
  constructor(message, init = {}) {
    super(message, { code: 'invalid_path', scimType: 'invalidPath', ...init });
    this.name = 'InvalidPathError';
    /** Byte offset of the problem in the UTF-8 path text. */
    this.offset = init.offset ?? 0;
    /** What the parser expected there. */
    this.expected = init.expected ?? '';
  }
}

/** A PATCH could not be applied; nothing was changed. `scimType` says why, `index` which operation. */
export class PatchFailedError extends ScimError {
  constructor(message, init = {}) {
    super(message, { code: 'patch_failed', ...init, scimType: init.scimType ?? 'invalidSyntax' });
    this.name = 'PatchFailedError';
    /** Index of the failing operation in `Operations`, or null. */
    this.index = init.index ?? null;
  }
}

/** A custom-field id, title, catalog or Wrike API response could not be used. */
export class InvalidCustomFieldError extends ScimError {
  constructor(message, init = {}) {
    super(message, { code: 'invalid_custom_field', scimType: 'invalidValue', ...init });
    this.name = 'InvalidCustomFieldError';
  }
}

/** A profile document is invalid; `path` says where in it. */
export class InvalidProfileError extends ScimError {
  constructor(message, init = {}) {
    super(message, { code: 'invalid_profile', scimType: 'invalidValue', ...init });
    this.name = 'InvalidProfileError';
    this.path = init.path ?? '';
  }
}

/** An email address given to a domain check is not a plain address. */
export class InvalidEmailError extends ScimError {
  constructor(message, init = {}) {
    super(message, { code: 'invalid_email', scimType: 'invalidValue', ...init });
    this.name = 'InvalidEmailError';
  }
}

/**
 * An argument holds a lone surrogate (U+D800–U+DFFF without its pair), which is not Unicode text;
 * `argument` names it (`JSON text` when the JSON escaped it). The text is never echoed.
 */
export class InvalidUnicodeError extends ScimError {
  constructor(message, init = {}) {
    super(message, { code: 'invalid_unicode', scimType: 'invalidValue', ...init });
    this.name = 'InvalidUnicodeError';
    this.argument = init.argument ?? '';
  }
}

/**
 * The WebAssembly instance trapped (out of memory, `unreachable`, out-of-bounds access) and was
 * recreated; `cause` is the original `WebAssembly.RuntimeError`. Thrown by guard.js (never by the
 * core), also for a Validator or ScimFilter made before the trap.
 */
export class InternalError extends ScimError {
  constructor(message, init = {}) {
    super(message, { code: 'internal_error', status: 500, ...init });
    this.name = 'InternalError';
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
    case 'invalid_filter': return new InvalidFilterError(message, init);
    case 'invalid_path': return new InvalidPathError(message, init);
    case 'patch_failed': return new PatchFailedError(message, init);
    case 'invalid_custom_field': return new InvalidCustomFieldError(message, init);
    case 'invalid_profile': return new InvalidProfileError(message, init);
    case 'invalid_email': return new InvalidEmailError(message, init);
    case 'invalid_unicode': return new InvalidUnicodeError(message, init);
    default: return new ScimError(message, init);
  }
}

/** Whether `x` is a ScimError (called from Rust by toScimError). */
export function isScimError(x) {
  return x instanceof ScimError;
}
