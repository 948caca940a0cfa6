// The JS surface of the npm package: exports, error classes, argument types, toScimError,
// Validator, options errors and the limits on hostile input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

import * as scimgate from 'scimgate';
import {
  check,
  normalize,
  loadSchemas,
  toScimError,
  Validator,
  ScimError,
  InvalidArgumentError,
  InvalidJsonError,
  PayloadTooLargeError,
  NestingTooDeepError,
  UnknownResourceTypeError,
  InvalidSchemaError,
  InvalidOptionError,
  NotAnObjectError,
} from 'scimgate';

const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ERROR_URN = 'urn:ietf:params:scim:api:messages:2.0:Error';
const ENTERPRISE_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const user = () => ({ schemas: [USER_URN], userName: 'ada@example.com' });

const ERROR_CLASSES = {
  InvalidJsonError: 'invalid_json',
  PayloadTooLargeError: 'payload_too_large',
  NestingTooDeepError: 'nesting_too_deep',
  UnknownResourceTypeError: 'unknown_resource_type',
  InvalidSchemaError: 'invalid_schema',
  InvalidOptionError: 'invalid_option',
  NotAnObjectError: 'not_an_object',
  InvalidUnicodeError: 'invalid_unicode',
  InternalError: 'internal_error',
};

/** Call fn, expect it to throw, and return what it threw. */
function thrown(fn) {
  try {
    fn();
  } catch (err) {
    return err;
  }
  assert.fail('expected an exception');
}

/** Assert err is a ScimError of class Cls with the given fields. */
function assertScimError(err, Cls, fields = {}) {
  assert.ok(err instanceof Cls, `expected ${Cls.name}, got ${err?.name}: ${err?.message}`);
  assert.ok(err instanceof ScimError);
  assert.ok(err instanceof Error);
  assert.equal(err.name, Cls.name);
  assert.equal(typeof err.message, 'string');
  assert.ok(err.message.length > 0);
  assert.equal(typeof err.stack, 'string');
  for (const [k, v] of Object.entries(fields)) assert.deepEqual(err[k], v, `${Cls.name}.${k}`);
}

test('the package exports the functions, the Validator and every error class', () => {
  for (const name of ['check', 'normalize', 'loadSchemas', 'toScimError', 'Validator']) {
    assert.equal(typeof scimgate[name], 'function', name);
  }
  assert.ok(ScimError.prototype instanceof Error);
  for (const [name, code] of Object.entries(ERROR_CLASSES)) {
    const Cls = scimgate[name];
    assert.equal(typeof Cls, 'function', name);
    assert.ok(Cls.prototype instanceof ScimError, `${name} extends ScimError`);
    const err = new Cls('boom');
    assert.equal(err.code, code);
    assert.equal(err.name, name);
    assert.equal(err.message, 'boom');
  }
});

test('CommonJS require gives the same module instance and classes', () => {
  const require = createRequire(import.meta.url);
  const cjs = require('scimgate');
  assert.equal(cjs.ScimError, ScimError);
  assert.equal(cjs.check, check);
  const err = thrown(() => cjs.check('{'));
  assert.ok(err instanceof ScimError);
});

test('results are plain objects, the same for an object and its JSON text', () => {
  const report = check(user());
  assert.equal(Object.getPrototypeOf(report), Object.prototype);
  assert.equal(report.valid, true, JSON.stringify(report.issues));
  assert.ok(Array.isArray(report.issues));
  assert.deepEqual(check(JSON.stringify(user())), report);

  const bad = { schemas: [USER_URN], emails: [{ value: 'not-an-email' }] };
  const r1 = check(bad);
  assert.equal(r1.valid, false);
  assert.deepEqual(check(JSON.stringify(bad)), r1);
  for (const issue of r1.issues) {
    assert.equal(typeof issue.code, 'string');
    assert.ok(['error', 'warning', 'info'].includes(issue.severity));
    assert.equal(typeof issue.path, 'string');
    assert.equal(typeof issue.message, 'string');
  }
  assert.ok(r1.issues.some((i) => i.code === 'required_missing' && i.path === 'userName'));
  const userNameIssue = r1.issues.find((i) => i.path === 'userName');
  assert.equal(userNameIssue.status, 400);
  assert.equal(typeof userNameIssue.scimType, 'string');

  const n = normalize(user());
  assert.equal(Object.getPrototypeOf(n), Object.prototype);
  assert.deepEqual(Object.keys(n).sort(), ['changes', 'resource']);
  assert.equal(n.resource.userName, 'ada@example.com');
  assert.deepEqual(normalize(JSON.stringify(user())), n);
});

test('invalid JSON throws InvalidJsonError with line and column', () => {
  const err = thrown(() => check('{\n  "userName": "ada",\n  "active": yes\n}'));
  assertScimError(err, InvalidJsonError, { code: 'invalid_json', scimType: 'invalidSyntax', status: 400, line: 3 });
  assert.equal(typeof err.column, 'number');
  assert.equal(err.column, 13);
  for (const fn of [() => normalize('{"a": '), () => loadSchemas('[1,'), () => new Validator().check('nope')]) {
    const e = thrown(fn);
    assertScimError(e, InvalidJsonError, { code: 'invalid_json' });
    assert.equal(e.line, 1);
    assert.ok(e.column > 0);
  }
});

test('arguments of the wrong type are the core\'s errors; JSON.stringify\'s own TypeErrors stay', () => {
  // The core refuses what it cannot use, the same in every runtime (InvalidArgumentError).
  for (const bad of [undefined, () => ({}), 10n, Symbol('x')]) {
    for (const fn of [check, normalize, loadSchemas]) {
      assertScimError(thrown(() => fn(bad)), InvalidArgumentError, { code: 'invalid_argument' });
    }
    assertScimError(thrown(() => new Validator().check(bad)), InvalidArgumentError);
  }
  // JSON.stringify's own TypeErrors: a BigInt inside, a cycle.
  assert.ok(thrown(() => check({ userName: 1n })) instanceof TypeError);
  const cyclic = user();
  cyclic.self = cyclic;
  assert.ok(thrown(() => check(cyclic)) instanceof TypeError);
  // Options must be an object.
  for (const bad of ['strict', 5, []]) {
    assertScimError(thrown(() => check(user(), bad)), InvalidOptionError, { option: 'options' });
  }
  assertScimError(thrown(() => new Validator(['Group'])), InvalidOptionError);
  // toScimError takes a ScimError or a Report.
  for (const bad of [undefined, 42, { foo: 1 }]) {
    assertScimError(thrown(() => toScimError(bad)), InvalidArgumentError, { argument: 'value' });
  }
  // A string is JSON text.
  assertScimError(thrown(() => toScimError('x')), InvalidJsonError);
});

test('absent options mean defaults', () => {
  assert.deepEqual(check(user(), undefined), check(user()));
  assert.deepEqual(check(user(), null), check(user()));
  assert.deepEqual(check(user(), {}), check(user()));
});

test('toScimError renders a thrown error', () => {
  const err = thrown(() => check('{"userName": '));
  const body = toScimError(err);
  assert.deepEqual(body, { schemas: [ERROR_URN], status: '400', scimType: 'invalidSyntax', detail: err.message });

  const big = thrown(() => check(user(), { maxBytes: 10 }));
  assertScimError(big, PayloadTooLargeError, { code: 'payload_too_large', scimType: null, status: 413, limit: 10 });
  const bigBody = toScimError(big);
  assert.equal(bigBody.status, '413');
  assert.ok(!('scimType' in bigBody));

  const mine = new ScimError('userName is taken', { code: 'uniqueness', scimType: 'uniqueness', status: 409 });
  assert.deepEqual(toScimError(mine), {
    schemas: [ERROR_URN],
    status: '409',
    scimType: 'uniqueness',
    detail: 'userName is taken',
  });
});

test('toScimError renders an invalid report and gives null for a valid one', () => {
  assert.equal(toScimError(check(user())), null);
  const report = check({ schemas: [USER_URN] });
  assert.equal(report.valid, false);
  const body = toScimError(report);
  assert.deepEqual(body.schemas, [ERROR_URN]);
  assert.equal(body.status, '400');
  assert.equal(typeof body.scimType, 'string');
  assert.match(body.detail, /userName/);
  // A report that went through JSON (e.g. from a server) works the same.
  assert.deepEqual(toScimError(JSON.parse(JSON.stringify(report))), body);
});

test('a Validator compiles options once and checks many resources', () => {
  const v = new Validator({ resourceType: 'Group', mode: 'lenient' });
  assert.deepEqual(v.options, {
    resourceType: 'Group',
    operation: 'create',
    mode: 'lenient',
    schemas: [],
    maxBytes: 1048576,
    maxDepth: 32,
    maxOperations: 1000,
  });
  const group = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Engineering' };
  for (let i = 0; i < 200; i++) {
    const g = { ...group, displayName: `Team ${i}` };
    assert.deepEqual(v.check(g), check(g, { resourceType: 'Group', mode: 'lenient' }));
  }
  assert.equal(v.check(group).valid, true, JSON.stringify(v.check(group)));
  assert.equal(v.check({ schemas: group.schemas }).valid, false);
  assert.deepEqual(v.normalize(group), normalize(group, { resourceType: 'Group', mode: 'lenient' }));
  const dflt = new Validator();
  assert.equal(dflt.options.resourceType, 'User');
  assert.equal(dflt.check(user()).valid, true);
});

test('bad options throw InvalidOptionError or UnknownResourceTypeError', () => {
  for (const opts of [{ bogus: 1 }, { mode: 'loose' }, { operation: 'delete' }, { maxDepth: 0 }, { maxBytes: 0 }, { maxDepth: 100000 }]) {
    const err = thrown(() => check(user(), opts));
    assertScimError(err, InvalidOptionError, { code: 'invalid_option', scimType: 'invalidValue', status: 400 });
    assert.equal(typeof err.option, 'string');
    assertScimError(thrown(() => new Validator(opts)), InvalidOptionError);
    assertScimError(thrown(() => normalize(user(), opts)), InvalidOptionError);
  }
  assert.equal(thrown(() => check(user(), { bogus: 1 })).option, 'bogus');
  const unknown = thrown(() => check(user(), { resourceType: 'Printer' }));
  assertScimError(unknown, UnknownResourceTypeError, { code: 'unknown_resource_type', status: 404, resourceType: 'Printer' });
  assert.match(unknown.known, /User/);
  assertScimError(thrown(() => new Validator({ resourceType: 'Printer' }).check(user())), UnknownResourceTypeError);
});

test('deep input gives NestingTooDeepError, not a crash', () => {
  for (const text of ['['.repeat(100_000), '{"a":'.repeat(50_000), `${'['.repeat(40)}${']'.repeat(40)}`]) {
    assertScimError(thrown(() => check(text)), NestingTooDeepError, { code: 'nesting_too_deep', status: 400 });
    assertScimError(thrown(() => normalize(text)), NestingTooDeepError);
  }
  let deep = { leaf: true };
  for (let i = 0; i < 1000; i++) deep = { a: deep };
  assertScimError(thrown(() => check({ ...user(), deep })), NestingTooDeepError, { limit: 32 });
  assertScimError(thrown(() => check({ ...user(), x: [[[[[1]]]]] }, { maxDepth: 4 })), NestingTooDeepError, { limit: 4 });
});

test('huge input gives PayloadTooLargeError, not a crash', () => {
  const huge = { ...user(), title: 'x'.repeat(2 << 20) };
  const err = thrown(() => check(huge));
  assertScimError(err, PayloadTooLargeError, { code: 'payload_too_large', status: 413, limit: 1 << 20 });
  assert.ok(err.size > 2 << 20);
  assertScimError(thrown(() => check(JSON.stringify(huge))), PayloadTooLargeError);
  assertScimError(thrown(() => normalize(huge)), PayloadTooLargeError);
  assertScimError(thrown(() => new Validator({ maxBytes: 100 }).check({ ...user(), title: 'y'.repeat(200) })), PayloadTooLargeError);
  // Raising the limit lets it through.
  assert.equal(typeof check(huge, { maxBytes: 8 << 20 }).valid, 'boolean');
});

test('a non-object is a finding for check and an error for normalize', () => {
  for (const value of [[], 'null', '42', '"text"', [user()]]) {
    const report = check(value);
    assert.equal(report.valid, false);
    assert.ok(report.issues.some((i) => i.code === 'not_an_object'), JSON.stringify(report));
    assertScimError(thrown(() => normalize(value)), NotAnObjectError, { code: 'not_an_object', status: 400 });
  }
});

test('loadSchemas returns the built-ins plus what was loaded', () => {
  const builtins = loadSchemas({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, Resources: [] });
  const ids = builtins.schemas.map((s) => s.id);
  assert.ok(ids.includes(USER_URN));
  assert.ok(ids.includes(ENTERPRISE_URN));
  assert.ok(builtins.resourceTypes.some((r) => r.name === 'User'));
  assert.ok(builtins.resourceTypes.some((r) => r.name === 'Group'));

  const wrike = {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
    id: 'urn:ietf:params:scim:schemas:extension:wrike:2.0:User',
    name: 'WrikeUser',
    attributes: [{ name: 'userType', type: 'string', multiValued: false, required: false, canonicalValues: ['Regular', 'External', 'Collaborator'] }],
  };
  const loaded = loadSchemas(wrike);
  assert.ok(loaded.schemas.some((s) => s.id === wrike.id));
  assert.deepEqual(loadSchemas(JSON.stringify(wrike)), loaded);

  assertScimError(thrown(() => loadSchemas({ id: 'urn:x', attributes: 'nope' })), InvalidSchemaError, { code: 'invalid_schema' });
  assert.equal(typeof thrown(() => loadSchemas({ id: 'urn:x', attributes: 'nope' })).path, 'string');
});

test('extra schemas in options reach the check', () => {
  const ext = 'urn:ietf:params:scim:schemas:extension:wrike:2.0:User';
  const schema = {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
    id: ext,
    name: 'WrikeUser',
    attributes: [{ name: 'userType', type: 'string', multiValued: false, required: false }],
  };
  const resource = { schemas: [USER_URN, ext], userName: 'ada@example.com', [ext]: { userType: 'Regular' } };
  const without = check(resource);
  assert.ok(without.issues.some((i) => i.severity === 'error'), JSON.stringify(without));
  const withIt = check(resource, { schemas: [schema] });
  assert.ok(!withIt.issues.some((i) => i.path.startsWith(ext) && i.severity === 'error'), JSON.stringify(withIt));
  assert.deepEqual(new Validator({ schemas: [schema] }).check(resource), withIt);
});
