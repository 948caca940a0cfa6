// What every entry of the npm package exports and how it behaves, from any entry's module
// namespace: the API and error classes, errors `instanceof` the exported classes, trap recovery.
// Used by builds.test.mjs and entry.fixture.mjs.
import assert from 'node:assert/strict';
import { API_NAMES } from '../../bindings-wasm/js/api.gen.js';
import * as generatedErrors from '../../bindings-wasm/js/errors.gen.js';

// The names come from the generated sources the package is built from (api.gen.js's API_NAMES, the
// classes of errors.gen.js), so a new function or error class is checked in every entry at once.
export const API = [...API_NAMES];
export const ERRORS = Object.entries(generatedErrors)
  .filter(([, value]) => typeof value === 'function' && /^[A-Z]/.test(value.name ?? ''))
  .map(([name]) => name);
assert.ok(API.includes('checkMany') && API.includes('ScimFilter'), 'API_NAMES');
assert.ok(ERRORS.includes('ScimError') && ERRORS.includes('InternalError') && ERRORS.length > 10, 'error classes');
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
