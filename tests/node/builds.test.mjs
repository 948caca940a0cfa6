// The three builds of the npm package (node, bundler, web) and its package.json "exports": each
// entry exports the same API and error classes, what the functions throw is `instanceof` the
// exported classes of that build, and each recovers from a WebAssembly trap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const PKG = fileURLToPath(new URL('../../bindings-wasm/pkg/', import.meta.url));
const API = [
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
const ERRORS = [
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
const USER = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'ada@example.com' };

/** The same behaviour from any build's module namespace. */
function exercise(m) {
  for (const name of [...API, ...ERRORS]) assert.equal(typeof m[name], 'function', name);
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

test('package.json exports: node, default and ./web', () => {
  const pkg = JSON.parse(readFileSync(`${PKG}package.json`, 'utf8'));
  assert.equal(pkg.name, 'scimgate');
  assert.match(pkg.version, /^\d+\.\d+\.\d+/);
  assert.equal(require.resolve('scimgate'), `${PKG}node/index.js`);
  assert.equal(fileURLToPath(import.meta.resolve('scimgate')), `${PKG}node/index.js`);
  assert.equal(fileURLToPath(import.meta.resolve('scimgate/web')), `${PKG}web/index.js`);
  for (const entry of [pkg.exports['.'].node, pkg.exports['.'].import, pkg.exports['.'].browser, pkg.exports['./web']]) {
    for (const file of [entry.types, entry.default]) readFileSync(`${PKG}${file.slice(2)}`);
  }
});

test('node build (CommonJS), by require and by import', async () => {
  exercise(require('scimgate'));
  exercise(await import('scimgate'));
});

test('web build, initialized with initSync', async () => {
  const web = await import('scimgate/web');
  assert.equal(typeof web.default, 'function');
  web.initSync({ module: readFileSync(`${PKG}web/scimgate_wasm_bg.wasm`) });
  exercise(web);
  // Its classes are its own, not the node build's.
  assert.notEqual(web.ScimError, require('scimgate').ScimError);
});

test('bundler build (ES module that instantiates the .wasm from its URL at import)', async () => {
  // The bundler build loads `new URL('./scimgate_wasm_bg.wasm', import.meta.url)` with fetch, which
  // a bundler turns into its asset URL. Node's fetch does not read file: URLs; serve them here, as
  // a bundler's dev server would.
  const realFetch = globalThis.fetch;
  const served = [];
  globalThis.fetch = async (url, init) => {
    if (String(url).startsWith('file:')) {
      served.push(String(url));
      return new Response(readFileSync(new URL(url)), { headers: { 'content-type': 'application/wasm' } });
    }
    return realFetch(url, init);
  };
  let m;
  try {
    m = await import(`${PKG}bundler/index.js`);
  } finally {
    globalThis.fetch = realFetch;
  }
  assert.deepEqual(served, [new URL(`file://${PKG}bundler/scimgate_wasm_bg.wasm`).href]);
  assert.equal('default' in m || 'initSync' in m, false, 'the bundler build initialises itself');
  exercise(m);
  assert.notEqual(m.ScimError, require('scimgate').ScimError);
});
