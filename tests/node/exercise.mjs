// What every entry of the npm package exports and how it behaves, from any entry's module
// namespace: the API and error classes, errors `instanceof` the exported classes, trap recovery.
// Used by builds.test.mjs and entry.fixture.mjs.
import assert from 'node:assert/strict';

export const API = [
  'check',
  'normalize',
  'loadSchemas',
  'toScimError',
  'Validator',
  'parseFilter',
  'parsePath',
  'filterResources',
  'applyPatch',
  'checkPatch',
  'customFieldAttribute',
  'customFieldUrn',
  'parseCustomFieldAttribute',
  'customFieldsFromWrike',
  'extensionSchema',
  'checkDomain',
  'wrikeView',
  'plan',
  'parseExpression',
  'evaluateExpression',
  'defaultMapping',
  'customFieldRules',
  'mapUser',
  'ScimFilter',
];
export const ERRORS = [
  'ScimError',
  'InvalidJsonError',
  'PayloadTooLargeError',
  'NestingTooDeepError',
  'UnknownResourceTypeError',
  'InvalidSchemaError',
  'InvalidOptionError',
  'NotAnObjectError',
  'InvalidFilterError',
  'InvalidPathError',
  'InvalidExpressionError',
  'InvalidMappingError',
  'PatchFailedError',
  'InvalidCustomFieldError',
  'InvalidProfileError',
  'InvalidEmailError',
  'InvalidUnicodeError',
  'InvalidArgumentError',
  'InternalError',
];
export const USER = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'ada@example.com' };

/** The same behaviour from any build's module namespace. */
export function exercise(m) {
  for (const name of [...API, ...ERRORS, 'init', 'initSync']) assert.equal(typeof m[name], 'function', name);
  assert.ok(m.ready instanceof Promise, 'ready');
  assert.equal(m.check(USER).valid, true);
  let err;
  try {
    m.check('{"userName": ');
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof m.InvalidJsonError && err instanceof m.ScimError && err instanceof Error, String(err));
  assert.equal(err.name, 'InvalidJsonError');
  assert.equal(err.code, 'invalid_json');
  assert.equal(err.line, 1);
  assert.equal(m.toScimError(err).status, '400');
  assert.equal(new m.Validator({ mode: 'lenient' }).options.mode, 'lenient');
  // The new error classes are this build's too, and ScimFilter arguments are recognised.
  let filterErr;
  try {
    m.parseFilter('userName eq');
  } catch (e) {
    filterErr = e;
  }
  assert.ok(filterErr instanceof m.InvalidFilterError && filterErr instanceof m.ScimError, String(filterErr));
  assert.equal(filterErr.offset, 11);
  const f = m.parseFilter('userName pr');
  assert.ok(f instanceof m.ScimFilter);
  assert.deepEqual(m.filterResources(f, [USER, {}]), [USER]);
  assert.equal(m.plan({ method: 'POST', body: USER }).action, 'create');
  // A trap recreates this build's instance (guard.js): InternalError, then calls work again;
  // objects made before throw InternalError.
  const v = new m.Validator();
  let trap;
  try {
    m.__scimgate_trap_for_tests();
  } catch (e) {
    trap = e;
  }
  assert.ok(trap instanceof m.InternalError && trap instanceof m.ScimError, String(trap));
  assert.equal(trap.code, 'internal_error');
  assert.ok(trap.cause instanceof WebAssembly.RuntimeError);
  assert.equal(m.check(USER).valid, true);
  assert.equal(new m.Validator().check(USER).valid, true);
  assert.throws(() => v.check(USER), m.InternalError);
  assert.throws(() => f.matches(USER), m.InternalError);
  assert.deepEqual(m.filterResources(m.parseFilter('userName pr'), [USER, {}]), [USER]);
  assert.equal('__wbg_reset_state' in m, false);
}
