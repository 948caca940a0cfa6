// The JS layer of the npm package: exports and error classes, plain results, arguments of the
// wrong type, options, toScimError, Validator options, and the limits on hostile input.
// What the core decides for a given input is the shared vectors' job (vectors.test.mjs), the
// shape of every result and error payload the contract's (contract.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

import * as scimgate from 'scimgate';
import {
  check,
  normalize,
  loadSchemas,
  toScimError,
  applyPatch,
  checkPatch,
  parseFilter,
  parsePath,
  filterResources,
  customFieldAttribute,
  customFieldUrn,
  parseCustomFieldAttribute,
  customFieldsFromWrike,
  extensionSchema,
  checkDomain,
  wrikeView,
  plan,
  Validator,
  ScimError,
  InvalidArgumentError,
  InvalidJsonError,
  PayloadTooLargeError,
  NestingTooDeepError,
  UnknownResourceTypeError,
  InvalidOptionError,
  NotAnObjectError,
  PatchFailedError,
  InvalidFilterError,
  InvalidProfileError,
} from 'scimgate';

import { assertScimError, thrown } from './helpers.mjs';

const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ERROR_URN = 'urn:ietf:params:scim:api:messages:2.0:Error';
const FIELD_ID = 'IEAGWMBBJUAK4G7J';
const user = () => ({ schemas: [USER_URN], userName: 'ada@example.com' });
const patchOf = (...ops) => ({ schemas: [PATCH_URN], Operations: ops });

// Every error class: code, and the status and scimType of the catalogue.
const CATALOGUE = {
  NotAnObjectError: ['not_an_object', 400, 'invalidSyntax'],
  InvalidEmailError: ['invalid_email', 400, 'invalidValue'],
  InvalidJsonError: ['invalid_json', 400, 'invalidSyntax'],
  PayloadTooLargeError: ['payload_too_large', 413, null],
  NestingTooDeepError: ['nesting_too_deep', 400, 'invalidSyntax'],
  UnknownResourceTypeError: ['unknown_resource_type', 404, null],
  InvalidSchemaError: ['invalid_schema', 400, 'invalidValue'],
  InvalidOptionError: ['invalid_option', 400, 'invalidValue'],
  InvalidFilterError: ['invalid_filter', 400, 'invalidFilter'],
  InvalidPathError: ['invalid_path', 400, 'invalidPath'],
  InvalidExpressionError: ['invalid_expression', 400, 'invalidValue'],
  InvalidMappingError: ['invalid_mapping', 400, 'invalidValue'],
  PatchFailedError: ['patch_failed', 400, 'invalidSyntax'],
  InvalidCustomFieldError: ['invalid_custom_field', 400, 'invalidValue'],
  InvalidProfileError: ['invalid_profile', 400, 'invalidValue'],
  InvalidUnicodeError: ['invalid_unicode', 400, 'invalidValue'],
  InvalidArgumentError: ['invalid_argument', 400, 'invalidValue'],
  InternalError: ['internal_error', 500, null],
};



test('the package exports the functions, the Validator and every error class', () => {
  for (const name of ['check', 'normalize', 'loadSchemas', 'toScimError', 'applyPatch', 'checkPatch', 'parseFilter', 'parsePath',
    'filterResources', 'customFieldAttribute', 'customFieldUrn', 'parseCustomFieldAttribute', 'customFieldsFromWrike',
    'extensionSchema', 'checkDomain', 'wrikeView', 'plan', 'parseExpression', 'evaluateExpression', 'defaultMapping',
    'customFieldRules', 'mapUser', 'Validator', 'ScimFilter']) {
    assert.equal(typeof scimgate[name], 'function', name);
  }
  for (const method of ['check', 'normalize', 'parseFilter', 'parsePath', 'filterResources', 'applyPatch', 'checkPatch', 'view', 'plan', 'mapUser']) {
    assert.equal(typeof Validator.prototype[method], 'function', `Validator.prototype.${method}`);
  }
  assert.ok(ScimError.prototype instanceof Error);
  const exported = Object.keys(scimgate).filter((n) => /^[A-Z]\w*Error$/.test(n) && n !== 'ScimError');
  assert.deepEqual(exported.sort(), Object.keys(CATALOGUE).sort());
});

test('an error made by hand carries its class\'s code, status and scimType, and its fields', () => {
  for (const [name, [code, status, scimType]] of Object.entries(CATALOGUE)) {
    const err = new scimgate[name]('boom');
    assertScimError(err, scimgate[name], { code, status, scimType, message: 'boom' });
    const body = toScimError(err);
    assert.deepEqual(body, { schemas: [ERROR_URN], status: String(status), ...(scimType ? { scimType } : {}), detail: 'boom' });
  }
  const pf = new PatchFailedError('x', { scimType: 'noTarget', index: 2 });
  assert.deepEqual([pf.scimType, pf.index], ['noTarget', 2]);
  assert.equal(new PatchFailedError('x').index, null);
  assert.deepEqual(new PatchFailedError('x').issues, []);
  assert.equal(new InvalidFilterError('x', { offset: 3, expected: 'a value' }).offset, 3);
  assert.equal(new InvalidProfileError('x', { path: 'userTypes' }).path, 'userTypes');
  const mine = new ScimError('userName is taken', { code: 'uniqueness', scimType: 'uniqueness', status: 409 });
  assert.deepEqual(toScimError(mine), { schemas: [ERROR_URN], status: '409', scimType: 'uniqueness', detail: 'userName is taken' });
});

test('CommonJS require gives the same module instance and classes', () => {
  const require = createRequire(import.meta.url);
  const cjs = require('scimgate');
  assert.equal(cjs.ScimError, ScimError);
  assert.equal(cjs.check, check);
  assert.ok(thrown(() => cjs.check('{')) instanceof InvalidJsonError);
});

test('results are plain objects and arrays', () => {
  const plain = (value, what) => {
    if (Array.isArray(value)) {
      assert.equal(Object.getPrototypeOf(value), Array.prototype, what);
      value.forEach((v, i) => plain(v, `${what}[${i}]`));
    } else if (value !== null && typeof value === 'object') {
      assert.equal(Object.getPrototypeOf(value), Object.prototype, what);
      for (const [k, v] of Object.entries(value)) plain(v, `${what}.${k}`);
    }
  };
  plain(check({ schemas: [USER_URN], emails: [{ value: 'nope' }] }), 'check');
  plain(normalize(user()), 'normalize');
  plain(loadSchemas([]), 'loadSchemas');
  plain(applyPatch(user(), patchOf({ op: 'add', path: 'title', value: 'x' })), 'applyPatch');
  plain(parsePath('emails[type eq "work"].value'), 'parsePath');
  plain(filterResources('userName pr', JSON.stringify([user()])), 'filterResources');
  plain(customFieldsFromWrike({ data: [{ id: FIELD_ID, title: 'T', type: 'DropDown', settings: { values: ['a'] } }] }), 'customFieldsFromWrike');
  plain(extensionSchema([]), 'extensionSchema');
  plain(parseCustomFieldAttribute(`${FIELD_ID}_T`), 'parseCustomFieldAttribute');
  plain(checkDomain('ada@example.com', ['example.com']), 'checkDomain');
  plain(wrikeView(user()), 'wrikeView');
  plain(plan({ method: 'POST', body: user() }), 'plan');
  plain(toScimError(check({})), 'toScimError');
  plain(new Validator().options, 'Validator.options');
});

test('InvalidJsonError gives the line and the column', () => {
  // Candidate: the errors/json.json vectors could give `line` and `column`.
  const err = thrown(() => check('{\n  "userName": "ada",\n  "active": yes\n}'));
  assertScimError(err, InvalidJsonError, { code: 'invalid_json', scimType: 'invalidSyntax', status: 400, line: 3, column: 13 });
  for (const fn of [() => normalize('{"a": '), () => loadSchemas('[1,'), () => new Validator().check('nope')]) {
    const e = thrown(fn);
    assertScimError(e, InvalidJsonError, { line: 1 });
    assert.ok(e.column > 0);
  }
});

test('a native value that is not an object reaches the core as its JSON text would', () => {
  for (const value of [[], [user()], 42, true]) {
    const text = JSON.stringify(value);
    const report = check(value);
    assert.deepEqual(report, check(text));
    assert.deepEqual(report.issues.map((i) => [i.code, i.path]), [['not_an_object', '']]);
    const patch = patchOf({ op: 'add', path: 'title', value: 'x' });
    for (const call of [normalize, (v) => applyPatch(v, patch), wrikeView, (v) => plan({ method: 'POST', body: v })]) {
      const err = thrown(() => call(value));
      assertScimError(err, NotAnObjectError, { code: 'not_an_object' });
      assert.deepEqual({ ...err }, { ...thrown(() => call(text)) });
    }
    assert.equal(parseFilter('userName pr').matches(value), false);
  }
});

// ---- arguments and options --------------------------------------------------------------------

test('arguments of the wrong type are the core\'s InvalidArgumentError naming the argument', () => {
  const notString = [undefined, null, 42, {}, ['a'], () => 'x', Symbol('s')];
  const stringArgs = [
    ['filter', (bad) => parseFilter(bad)],
    ['filter', (bad) => new Validator().parseFilter(bad)],
    ['filter', (bad) => filterResources(bad, [])],
    ['path', (bad) => parsePath(bad)],
    ['id', (bad) => customFieldAttribute(bad, 'x')],
    ['title', (bad) => customFieldAttribute(FIELD_ID, bad)],
    ['name', (bad) => parseCustomFieldAttribute(bad)],
    ['address', (bad) => checkDomain(bad, ['example.com'])],
  ];
  for (const [argument, call] of stringArgs) {
    for (const bad of notString) {
      const what = `${argument}: ${typeof bad === 'symbol' ? 'symbol' : String(bad)}`;
      assertScimError(thrown(() => call(bad)), InvalidArgumentError, { code: 'invalid_argument', status: 400, argument });
      assert.ok(!(thrown(() => call(bad)) instanceof TypeError), what);
    }
    // A BigInt is JSON.stringify's own TypeError, before the core is asked.
    assert.ok(thrown(() => call(1n)) instanceof TypeError, `${argument}: 1n`);
  }
  // An optional string: absent when undefined, null, a function or a symbol; else a string.
  for (const bad of [42, {}, ['a']]) {
    assertScimError(thrown(() => customFieldUrn(FIELD_ID, 'x', bad)), InvalidArgumentError, { argument: 'extension' });
  }
  const documentArgs = [
    ['resource', (bad) => check(bad)],
    ['resource', (bad) => normalize(bad)],
    ['resource', (bad) => new Validator().check(bad)],
    ['doc', (bad) => loadSchemas(bad)],
    ['resource', (bad) => applyPatch(bad, patchOf())],
    ['patch', (bad) => applyPatch(user(), bad)],
    ['patch', (bad) => new Validator().applyPatch(user(), bad)],
    ['patch', (bad) => checkPatch(bad)],
    ['patch', (bad) => new Validator().checkPatch(bad)],
    ['resource', (bad) => wrikeView(bad)],
    ['resource', (bad) => new Validator({ profile: 'wrike' }).view(bad)],
    ['response', (bad) => customFieldsFromWrike(bad)],
    ['catalog', (bad) => extensionSchema(bad)],
    ['resource', (bad) => parseFilter('userName pr').matches(bad)],
    ['body', (bad) => plan({ method: 'POST', body: bad ?? (() => 1) })],
    ['current', (bad) => plan({ method: 'DELETE', current: bad ?? (() => 1) })],
  ];
  for (const [argument, call] of documentArgs) {
    for (const bad of [undefined, () => ({}), 10n, Symbol('x')]) {
      assertScimError(thrown(() => call(bad)), InvalidArgumentError, { code: 'invalid_argument', argument });
    }
  }
  // filterResources: an array or JSON text of one; each element a document.
  for (const bad of [undefined, null, 42, {}, { length: 1, 0: {} }, '{"userName": "x"}']) {
    assertScimError(thrown(() => filterResources('userName pr', bad)), InvalidArgumentError, { argument: 'resources' });
    assertScimError(thrown(() => filterResources(parseFilter('userName pr'), bad)), InvalidArgumentError, { argument: 'resources' });
  }
  assertScimError(thrown(() => filterResources('userName pr', [user(), undefined])), InvalidArgumentError, { argument: 'resources[1]' });
  // checkDomain: approved is an array of strings.
  for (const [bad, argument] of [[undefined, 'approved'], ['example.com', 'approved'], [{ 0: 'example.com' }, 'approved'], [[42], 'approved[0]'], [['a.com', null], 'approved[1]']]) {
    assertScimError(thrown(() => checkDomain('ada@example.com', bad)), InvalidArgumentError, { argument });
  }
  // plan: the request is {method, body?, current?} with a string method.
  for (const bad of [undefined, null, 'POST', ['POST'], {}, { method: 1 }]) {
    assertScimError(thrown(() => plan(bad)), InvalidArgumentError, { argument: 'method' });
    assertScimError(thrown(() => new Validator({ profile: 'wrike' }).plan(bad)), InvalidArgumentError, { argument: 'method' });
  }
  // toScimError takes a ScimError, a Report or its JSON; a string is JSON text.
  for (const bad of [undefined, 42, { foo: 1 }]) {
    assertScimError(thrown(() => toScimError(bad)), InvalidArgumentError, { argument: 'value' });
  }
  assertScimError(thrown(() => toScimError('x')), InvalidJsonError);
  // JSON.stringify's own TypeErrors stay: a BigInt inside, a cycle.
  assert.ok(thrown(() => check({ userName: 1n })) instanceof TypeError);
});

test('options: one object, absent means defaults, anything else is InvalidOptionError naming it', () => {
  assert.deepEqual(check(user(), undefined), check(user()));
  assert.deepEqual(check(user(), null), check(user()));
  assert.deepEqual(check(user(), {}), check(user()));
  const calls = [
    (o) => check(user(), o),
    (o) => new Validator(o),
    (o) => parseFilter('userName pr', o),
    (o) => parsePath('userName', o),
    (o) => filterResources('userName pr', [], o),
    (o) => filterResources(parseFilter('userName pr'), [], o),
    (o) => applyPatch(user(), patchOf(), o),
    (o) => extensionSchema([], o),
    (o) => checkDomain('ada@example.com', ['example.com'], o),
    (o) => wrikeView(user(), o),
    (o) => plan({ method: 'DELETE' }, o),
  ];
  for (const call of calls) {
    for (const bad of ['strict', 5, true, [], ['wrike']]) {
      assertScimError(thrown(() => call(bad)), InvalidOptionError, { option: 'options' });
    }
    assertScimError(thrown(() => call({ strictness: 'high' })), InvalidOptionError, { option: 'strictness', scimType: 'invalidValue' });
  }
});

test('a bad option value names the option (values no vector covers yet)', () => {
  // Candidates for tests/vectors/errors/options.json, once its errors may give `option`.
  for (const [opts, option] of [
    [{ maxBytes: 0 }, 'maxBytes'],
    [{ maxDepth: 100000 }, 'maxDepth'],
    [{ maxDepth: 'deep' }, 'maxDepth'],
    [{ mode: 'loose' }, 'mode'],
    [{ operation: 'delete' }, 'operation'],
    [{ resourceType: 7 }, 'resourceType'],
    [{ approvedDomains: 'example.com' }, 'approvedDomains'],
    [{ allowSubdomains: 'yes' }, 'allowSubdomains'],
    [{ profile: 'okta' }, 'profile'],
    [{ dialect: 'azure' }, 'dialect'],
  ]) {
    for (const call of [() => check(user(), opts), () => new Validator(opts), () => normalize(user(), opts)]) {
      assertScimError(thrown(call), InvalidOptionError, { code: 'invalid_option', status: 400, option });
    }
  }
  const unknown = thrown(() => check(user(), { resourceType: 'Printer' }));
  assertScimError(unknown, UnknownResourceTypeError, { status: 404, resourceType: 'Printer' });
  assert.match(unknown.known, /User/);
  assertScimError(thrown(() => new Validator({ resourceType: 'Printer' }).check(user())), UnknownResourceTypeError);
  assertScimError(thrown(() => new Validator({ profile: { extends: 'wrike', userTypes: { values: [] } } })), InvalidProfileError, { path: 'userTypes.values' });
  assertScimError(thrown(() => check(user(), { profile: { name: 'x' } })), InvalidProfileError, { path: 'extension' });
});

// ---- toScimError ----------------------------------------------------------------------------------

test('toScimError renders a thrown error and its JSON', () => {
  const err = thrown(() => check('{"userName": '));
  const body = toScimError(err);
  assert.deepEqual(body, { schemas: [ERROR_URN], status: '400', scimType: 'invalidSyntax', detail: err.message });
  assert.deepEqual(toScimError(JSON.parse(JSON.stringify(err))), body);
  const big = thrown(() => check(user(), { maxBytes: 10 }));
  assertScimError(big, PayloadTooLargeError, { scimType: null, status: 413, limit: 10 });
  assert.deepEqual(toScimError(big), { schemas: [ERROR_URN], status: '413', detail: big.message });
});

test('toScimError renders an invalid report and gives null for a valid one', () => {
  assert.equal(toScimError(check(user())), null);
  const report = check({ schemas: [USER_URN] });
  const body = toScimError(report);
  assert.deepEqual(Object.keys(body).sort(), ['detail', 'schemas', 'scimType', 'status']);
  assert.deepEqual([body.schemas, body.status], [[ERROR_URN], '400']);
  assert.match(body.detail, /userName/);
  // A report that went through JSON (e.g. from a server) works the same, as an object or as text.
  assert.deepEqual(toScimError(JSON.parse(JSON.stringify(report))), body);
  assert.deepEqual(toScimError(JSON.stringify(report)), body);
});

// ---- Validator --------------------------------------------------------------------------------------

test('a Validator\'s options are the resolved options in force, and build the same Validator', () => {
  const defaults = { resourceType: 'User', operation: 'create', mode: 'strict', schemas: [], maxBytes: 1048576, maxDepth: 32, maxOperations: 1000 };
  assert.deepEqual(new Validator().options, defaults);
  assert.deepEqual(new Validator({ resourceType: 'Group', mode: 'lenient' }).options, { ...defaults, resourceType: 'Group', mode: 'lenient' });
  const v = new Validator({ profile: 'wrike', dialect: { preset: 'entra', capitalizedOps: false }, maxOperations: 10, approvedDomains: ['acme.com'], allowSubdomains: true });
  assert.equal(v.options.profile, 'wrike');
  // The dialect reads back as its switches.
  assert.equal(v.options.dialect.capitalizedOps, false);
  assert.equal(v.options.dialect.stringBooleans, true);
  assert.ok(!('preset' in v.options.dialect));
  assert.deepEqual([v.options.maxOperations, v.options.approvedDomains, v.options.allowSubdomains], [10, ['acme.com'], true]);
  assert.deepEqual(new Validator(v.options).options, v.options);
  // A copy each time.
  v.options.mode = 'lenient';
  assert.equal(v.options.mode, 'strict');
});

test('a Validator\'s view and plan use the default profile when none is given, as the functions do', () => {
  // (The vector runner gives Validator.view/plan profile 'wrike'; this is the case without.)
  const body = { ...user(), name: { givenName: 'Ada' } };
  assert.deepEqual(new Validator().view(body), wrikeView(body));
  assert.deepEqual(new Validator().plan({ method: 'POST', body }), plan({ method: 'POST', body }));
});

// ---- hostile input ------------------------------------------------------------------------------------

test('deep JSON text gives NestingTooDeepError, not a crash', () => {
  for (const text of ['['.repeat(100_000), '{"a":'.repeat(50_000), `${'['.repeat(40)}${']'.repeat(40)}`]) {
    assertScimError(thrown(() => check(text)), NestingTooDeepError, { code: 'nesting_too_deep', status: 400, limit: 32 });
    assertScimError(thrown(() => new Validator({ maxDepth: 4 }).normalize(text)), NestingTooDeepError, { limit: 4 });
  }
});

test('an object\'s JSON over maxBytes gives PayloadTooLargeError', () => {
  const huge = { ...user(), title: 'x'.repeat(2 << 20) };
  const err = thrown(() => check(huge));
  assertScimError(err, PayloadTooLargeError, { code: 'payload_too_large', status: 413, limit: 1 << 20 });
  assert.ok(err.size > 2 << 20);
  assertScimError(thrown(() => normalize(huge)), PayloadTooLargeError);
  assertScimError(thrown(() => new Validator({ maxBytes: 100 }).check({ ...user(), title: 'y'.repeat(200) })), PayloadTooLargeError, { limit: 100 });
  assert.equal(check(huge, { maxBytes: 8 << 20 }).valid, true);
});
