// Hostile input at the JS boundary of the npm package: objects too deep or too large for
// JSON.stringify give the core's errors (never a RangeError), lone surrogates give
// InvalidUnicodeError (never a silent U+FFFD), a JSON string over maxBytes is refused before it
// is copied into wasm memory, maxBytes has a ceiling in wasm, and a WebAssembly trap recreates the
// instance (InternalError) so that later calls work while objects made before throw clearly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import * as scimgate from 'scimgate';
import {
  check,
  normalize,
  loadSchemas,
  applyPatch,
  filterResources,
  parseFilter,
  parsePath,
  plan,
  wrikeView,
  customFieldAttribute,
  customFieldUrn,
  parseCustomFieldAttribute,
  customFieldsFromWrike,
  extensionSchema,
  checkDomain,
  toScimError,
  Validator,
  ScimFilter,
  ScimError,
  InternalError,
  InvalidOptionError,
  InvalidUnicodeError,
  NestingTooDeepError,
  PayloadTooLargeError,
} from 'scimgate';

import { assertScimError, thrown } from './helpers.mjs';

const NODE_BUILD = fileURLToPath(new URL('../../bindings-wasm/pkg/node.js', import.meta.url));
const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const FIELD_ID = 'IEAGWMBBJUAK4G7J';
const LONE = '\ud800';
const user = (extra = {}) => ({ schemas: [USER_URN], userName: 'ada@example.com', ...extra });
const patchOf = (...ops) => ({ schemas: [PATCH_URN], Operations: ops });
const MIB = 1 << 20;



/** Run `code` (CommonJS) in a fresh Node; its stdout, trimmed. */
function node(code) {
  const run = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  return run.stdout.trim();
}

const deepObject = (levels) => {
  let v = { leaf: true };
  for (let i = 1; i < levels; i++) v = { a: v };
  return v;
};
const deepArray = (levels) => {
  let v = [];
  for (let i = 1; i < levels; i++) v = [v];
  return v;
};

// ---- nesting and size beyond what JSON.stringify can do ----------------------------------------

test('objects nested 10, 1000 and 100000 levels: NestingTooDeepError with the options maxDepth', () => {
  for (const levels of [10, 1000, 100_000]) {
    for (const deep of [deepObject(levels), deepArray(levels)]) {
      const ctx = `${levels} levels, ${Array.isArray(deep) ? 'arrays' : 'objects'}`;
      // The resource holds `deep` one level down: 11, 1001, 100001 levels in all.
      for (const [limit, o] of [[8, { maxDepth: 8 }], [32, undefined]]) {
        const calls = [
          () => check(user({ deep }), o),
          () => normalize(user({ deep }), o),
          () => new Validator(o).check(user({ deep })),
          () => new Validator({ ...o, profile: 'wrike' }).view(user({ deep })),
          () => applyPatch(user(), patchOf({ op: 'add', path: 'title', value: deep }), o),
          () => filterResources('userName pr', [user({ deep })], o),
          () => parseFilter('userName pr', o).matches(user({ deep })),
          () => plan({ method: 'POST', body: user({ deep }) }, o),
          () => wrikeView(user({ deep }), o),
        ];
        if (levels + 4 <= limit) {
          // Within the limit (the PATCH body adds 3 levels): whatever the outcome, not a limit.
          for (const call of calls) {
            try {
              call();
            } catch (err) {
              assert.ok(!(err instanceof NestingTooDeepError) && !(err instanceof RangeError), `${ctx}: ${err}`);
            }
          }
          continue;
        }
        for (const call of calls) {
          const err = thrown(call);
          assert.ok(!(err instanceof RangeError), `${ctx}: ${err}`);
          assertScimError(err, NestingTooDeepError, { code: 'nesting_too_deep', status: 400, limit });
        }
      }
      // Reference documents: the core's default depth (32) for them.
      if (levels > 32) {
        for (const call of [
          () => loadSchemas({ id: 'urn:x:Deep', attributes: [], deep }),
          () => customFieldsFromWrike({ data: [], deep }),
          () => extensionSchema({ data: [], deep }),
        ]) {
          assertScimError(thrown(call), NestingTooDeepError, { limit: 32 });
        }
      }
      // Options too deep for JSON.stringify: the default depth, as the pip package reports
      // options too deep for json.dumps (shallower ones are the core's InvalidOptionError).
      if (levels === 100_000) {
        for (const call of [() => check(user(), { schemas: [{ deep }] }), () => new Validator({ profile: { deep } })]) {
          assertScimError(thrown(call), NestingTooDeepError, { limit: 32 });
        }
      }
    }
  }
});

test('a cycle stays a TypeError (JSON.stringify\'s own), not a ScimError', () => {
  const cyclic = user();
  cyclic.self = cyclic;
  for (const call of [() => check(cyclic), () => new Validator().normalize(cyclic), () => check(user(), { x: cyclic })]) {
    const err = thrown(call);
    assert.ok(err instanceof TypeError && !(err instanceof ScimError), String(err));
  }
});

test('an object whose JSON is longer than the engine\'s longest string: PayloadTooLargeError', () => {
  // 5 x 128 Mi characters: more than V8's longest string (2^29 - 24), so JSON.stringify throws
  // "RangeError: Invalid string length" after about 512 MiB of text.
  const part = 'x'.repeat(1 << 27);
  const huge = user({ a: part, b: part, c: part, d: part, e: part });
  const err = thrown(() => check(huge));
  assert.ok(!(err instanceof RangeError), String(err));
  assertScimError(err, PayloadTooLargeError, { code: 'payload_too_large', status: 413, limit: MIB, size: MIB + 1 });
  assertScimError(thrown(() => loadSchemas(huge)), PayloadTooLargeError, { limit: 16 * MIB });
});

// ---- maxBytes ------------------------------------------------------------------------------------

test('maxBytes is at most 32 MiB in the WebAssembly build', () => {
  const ceiling = 32 * MIB;
  assert.equal(check(user(), { maxBytes: ceiling }).valid, true);
  assert.equal(new Validator({ maxBytes: ceiling }).options.maxBytes, ceiling);
  for (const maxBytes of [ceiling + 1, 2 ** 32, Number.MAX_SAFE_INTEGER]) {
    for (const call of [() => check(user(), { maxBytes }), () => new Validator({ maxBytes }), () => parseFilter('id pr', { maxBytes })]) {
      assertScimError(thrown(call), InvalidOptionError, { option: 'maxBytes', status: 400 });
    }
  }
});

test('a JSON string over maxBytes is refused before it is copied into wasm memory', () => {
  // A fresh Node that sees the instance's memory: a refused string leaves it as it was; an
  // accepted one of the same length grows it by at least its length.
  const out = node(`
    const Instance = WebAssembly.Instance;
    let instance;
    WebAssembly.Instance = new Proxy(Instance, { construct(t, a) { return (instance = Reflect.construct(t, a)); } });
    const s = require(${JSON.stringify(NODE_BUILD)});
    const memory = () => instance.exports.memory.buffer.byteLength;
    const text = JSON.stringify({ schemas: ['${USER_URN}'], userName: 'ada@example.com', title: 'x'.repeat(24 << 20) });
    s.check('{}');
    const before = memory();
    let refused;
    for (const call of [() => s.check(text), () => new s.Validator({ maxBytes: 1000 }).normalize(text),
                        () => s.applyPatch('{}', text), () => s.filterResources('id pr', text)]) {
      try { call(); } catch (e) { refused = e; if (!(e instanceof s.PayloadTooLargeError)) throw e; }
    }
    const afterRefused = memory();
    s.check(text, { maxBytes: text.length });
    console.log(JSON.stringify({ before, afterRefused, afterAccepted: memory(), size: refused.size, length: text.length }));
  `);
  const m = JSON.parse(out);
  assert.equal(m.size, m.length, 'size is the UTF-16 length, a lower bound of the UTF-8 size');
  assert.ok(m.afterRefused - m.before < 4 * MIB, `refused: memory grew from ${m.before} to ${m.afterRefused}`);
  assert.ok(m.afterAccepted - m.before >= m.length, `accepted: memory grew from ${m.before} to ${m.afterAccepted} only`);
});

test('the byte limit of a string argument is the core\'s for its kind of document', () => {
  const text = JSON.stringify(user({ title: 'x'.repeat(2 * MIB) }));
  assertScimError(thrown(() => check(text)), PayloadTooLargeError, { limit: MIB, size: text.length });
  assert.equal(check(text, { maxBytes: 4 * MIB }).valid, true);
  // Reference documents: 16 MiB, whatever the options say.
  const catalog = JSON.stringify({ data: [], pad: 'x'.repeat(17 * MIB) });
  assertScimError(thrown(() => customFieldsFromWrike(catalog)), PayloadTooLargeError, { limit: 16 * MIB });
  assertScimError(thrown(() => extensionSchema(catalog, { maxBytes: 32 * MIB })), PayloadTooLargeError, { limit: 16 * MIB });
  assert.deepEqual(customFieldsFromWrike(JSON.stringify({ data: [], pad: 'x'.repeat(2 * MIB) })), []);
});

// ---- lone surrogates ------------------------------------------------------------------------------

function assertInvalidUnicode(err, argument) {
  assertScimError(err, InvalidUnicodeError, { code: 'invalid_unicode', status: 400, scimType: 'invalidValue', argument });
  assert.equal(err.name, 'InvalidUnicodeError');
  assert.ok(err.message.startsWith(`invalid Unicode: ${argument} contains a lone surrogate`), err.message);
  assert.ok(!err.message.includes(LONE) && !err.message.includes('\ufffd') && !err.message.includes('ada'), err.message);
}

test('a string argument holding a lone surrogate: InvalidUnicodeError naming it', () => {
  const v = new Validator({ profile: 'wrike' });
  const text = JSON.stringify(user({ title: 'T' })).replace('"T"', `"ada${LONE}"`);
  const cases = [
    ['resource', () => check(text)],
    ['resource', () => normalize(text)],
    ['resource', () => v.check(text)],
    ['resource', () => v.normalize(text)],
    ['resource', () => v.view(text)],
    ['resource', () => wrikeView(text)],
    ['resource', () => parseFilter('title pr').matches(text)],
    ['resource', () => applyPatch(text, patchOf())],
    ['patch', () => applyPatch(user(), JSON.stringify(patchOf()).replace('[]', `["${LONE}"]`))],
    ['resources', () => filterResources('title pr', `[${text}]`)],
    ['resources[1]', () => filterResources('title pr', [user(), text])],
    ['body', () => plan({ method: 'POST', body: text })],
    ['current', () => v.plan({ method: 'PUT', body: user(), current: text })],
    ['method', () => plan({ method: `POST${LONE}`, body: user() })],
    ['doc', () => loadSchemas(`{"id": "${LONE}"}`)],
    ['response', () => customFieldsFromWrike(`{"data": ["${LONE}"]}`)],
    ['catalog', () => extensionSchema(`["${LONE}"]`)],
    ['filter', () => parseFilter(`userName eq "${LONE}"`)],
    ['filter', () => v.parseFilter(`title${LONE} pr`)],
    ['filter', () => filterResources(`title${LONE} pr`, [user()])],
    ['path', () => parsePath(`name.${LONE}`)],
    ['id', () => customFieldAttribute(`IEAGWMBBJUAK4G7${LONE}`, 'Title')],
    ['title', () => customFieldAttribute(FIELD_ID, `Completed ${LONE}Induction`)],
    ['title', () => customFieldUrn(FIELD_ID, '\udfff')],
    ['extension', () => customFieldUrn(FIELD_ID, 'T', `urn:x:${LONE}`)],
    ['name', () => parseCustomFieldAttribute(`${FIELD_ID}_${LONE}`)],
    ['address', () => checkDomain(`ada${LONE}@example.com`, ['example.com'])],
    ['approved[1]', () => checkDomain('ada@example.com', ['a.com', `${LONE}.com`])],
    // The error's payload reaches the core as JSON text, whose escape it refuses.
    ['value', () => toScimError(new ScimError(`bad ${LONE}`))],
  ];
  for (const [argument, call] of cases) assertInvalidUnicode(thrown(call), argument);
});

test('an object holding a lone surrogate: JSON.stringify escapes it and the core refuses it, naming the argument', () => {
  assert.equal(JSON.stringify(LONE), '"\\ud800"');
  const cases = [
    ['resource', () => check(user({ title: `x${LONE}` }))],
    ['resource', () => check(user({ [`x${LONE}`]: 1 }))],
    ['resource', () => check(user({ title: '\udc00' }))],
    ['resource', () => check(user({ title: '\ud83d\u0041' }))],
    ['resource', () => normalize([LONE])],
    ['resource', () => new Validator().check(user({ name: { givenName: LONE } }))],
    ['patch', () => applyPatch(user(), patchOf({ op: 'add', path: 'title', value: LONE }))],
    ['resources[0]', () => filterResources('title pr', [user({ title: LONE })])],
    ['body', () => plan({ method: 'POST', body: user({ title: LONE }) })],
    ['doc', () => loadSchemas({ id: LONE })],
    ['response', () => customFieldsFromWrike([{ id: FIELD_ID, title: LONE }])],
  ];
  for (const [argument, call] of cases) assertInvalidUnicode(thrown(call), argument);
  // Options: the core names them.
  for (const call of [() => check(user(), { resourceType: `User${LONE}` }), () => new Validator({ approvedDomains: [LONE] })]) {
    assertInvalidUnicode(thrown(call), 'options');
  }
  // A surrogate pair is one character.
  assert.equal(check(user({ nickName: '\ud83d\ude00' })).valid, true);
  assert.equal(check(JSON.stringify(user({ nickName: '\ud83d\ude00' }))).valid, true);
  assert.equal(customFieldAttribute(FIELD_ID, 'Caf\u00e9 \ud83d\ude00'), `${FIELD_ID}_Cafe`);
});

test('lone surrogates are refused on engines without String.prototype.isWellFormed too', () => {
  // The child's source spells the surrogates as escapes (a lone one cannot pass through argv).
  const out = node(`
    delete String.prototype.isWellFormed;
    const s = require(${JSON.stringify(NODE_BUILD)});
    const got = [];
    for (const call of [() => s.check('{"userName": "\\ud800"}'), () => s.parseFilter('x eq "\\udc00"')]) {
      try { call(); got.push('no error'); } catch (e) { got.push(e.name + ' ' + e.argument); }
    }
    got.push(s.check('{"schemas": ["${USER_URN}"], "userName": "ada@example.com", "nickName": "\\ud83d\\ude00"}').valid);
    console.log(JSON.stringify(got));
  `);
  assert.deepEqual(JSON.parse(out), ['InvalidUnicodeError resource', 'InvalidUnicodeError filter', true]);
});

// ---- WebAssembly traps ----------------------------------------------------------------------------

test('a WebAssembly trap recreates the instance: InternalError, then later calls work', () => {
  const v = new Validator({ mode: 'lenient' });
  const f = parseFilter('userName pr');
  const fromValidator = v.parseFilter('title pr');
  assert.equal(v.check(user()).valid, true);
  assert.equal(f.matches(user()), true);

  const err = thrown(() => scimgate.__scimgate_trap_for_tests());
  assertScimError(err, InternalError, { code: 'internal_error', status: 500, scimType: null, name: 'InternalError' });
  assert.ok(err.cause instanceof WebAssembly.RuntimeError, String(err.cause));
  assert.match(err.message, /trapped \(unreachable\)/);
  assert.deepEqual(toScimError(err), {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
    status: '500',
    detail: err.message,
  });

  // The package works again, with new objects too.
  assert.equal(check(user()).valid, true);
  assert.equal(check(user({ emails: [{ value: 'nope' }] })).valid, false);
  const v2 = new Validator({ mode: 'lenient' });
  assert.equal(v2.check(user()).valid, true);
  assert.ok(v2 instanceof Validator && v instanceof Validator);
  assert.deepEqual(filterResources(parseFilter('userName pr'), [user(), {}]), [user()]);

  // Objects made before the trap throw a clear error, and never reach the new instance.
  for (const [what, call] of [
    ['Validator', () => v.check(user())],
    ['Validator', () => v.options],
    ['Validator', () => v.parseFilter('id pr')],
    // A ScimFilter holds the validator it was parsed with.
    ['Validator', () => f.matches(user())],
    ['Validator', () => fromValidator.matches(user())],
    ['Validator', () => filterResources(f, [user()])],
  ]) {
    const stale = thrown(call);
    assertScimError(stale, InternalError, { code: 'internal_error', status: 500 });
    assert.match(stale.message, new RegExp(`this ${what} was made before the WebAssembly instance trapped`));
  }
  // Freeing one is harmless (its memory went with the old instance).
  v.free();
  f[Symbol.dispose]();
  assert.equal(v2.check(user()).valid, true);
  assert.equal(check(user()).valid, true);
});

test('repeated traps: every one recovers, objects of each generation are told apart', () => {
  let before = new Validator();
  for (let i = 0; i < 5; i++) {
    const now = new Validator();
    assertScimError(thrown(() => scimgate.__scimgate_trap_for_tests()), InternalError);
    assertScimError(thrown(() => now.check(user())), InternalError);
    assertScimError(thrown(() => before.check(user())), InternalError);
    before = new Validator();
    assert.equal(before.check(user()).valid, true);
    assert.ok(parseFilter('userName pr') instanceof ScimFilter);
  }
});

test('a trap in a call nested inside another (a toJSON calling back) is recovered by the outer call', () => {
  // check -> JSON.stringify (inside the instance) -> toJSON -> a trapping call: the inner call
  // leaves the reset to the outer one, which is still running on the instance.
  const trapping = { toJSON: () => scimgate.__scimgate_trap_for_tests() };
  for (const call of [() => check(user({ x: trapping })), () => new Validator().check(user({ x: trapping }))]) {
    const err = thrown(call);
    assertScimError(err, InternalError, { code: 'internal_error' });
    assert.ok(err.cause instanceof WebAssembly.RuntimeError, String(err.cause));
    assert.equal(check(user()).valid, true);
  }
  // A toJSON that calls back without trapping works (re-entrancy is not a trap).
  const reentrant = { toJSON: () => check(user()).valid };
  assert.equal(new Validator({ mode: 'lenient' }).check(user({ x: reentrant })).valid, true);
  assert.equal(typeof scimgate.__wbg_reset_state, 'undefined', 'the reset is not exported');
});

test('text is carried into wasm memory byte for byte, on both sides of the in-place encoding limit', () => {
  // Up to 65,536 UTF-16 code units a text is written by TextEncoder.encodeInto straight into
  // wasm memory, beyond that through TextEncoder.encode and one copy: both give the same UTF-8,
  // for one-, two-, three- and four-byte characters (an astral character is two code units).
  const wide = 'é€😀a';
  for (const units of [1, 2, 3, 1000, 65_535, 65_536, 65_537, 200_001]) {
    const title = 'x'.repeat(units % 7) + wide.repeat(Math.ceil(units / wide.length)).slice(0, units);
    // Never cut an astral character in half (that would be a lone surrogate).
    const whole = title.isWellFormed() ? title : title.slice(0, -1);
    for (const as of ['object', 'text']) {
      const body = user({ title: whole });
      const out = normalize(as === 'text' ? JSON.stringify(body) : body, { maxBytes: 4 * MIB });
      assert.equal(out.resource.title, whole, `${as}, ${whole.length} code units`);
    }
  }
});
