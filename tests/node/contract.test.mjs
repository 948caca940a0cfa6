// The contract in practice: every case of tests/contract/cases.json is called through the npm
// package's public API, and what comes back is held to the generated contract
// (tests/contract.json): a result must validate against the JSON Schema of the function's declared
// return type (shape, not just signature), a failure must be the catalogue's class for its code
// with a payload that validates against the catalogue's schema for that code. The Python suite
// runs the same cases (tests/python/test_contract.py), so both runtimes answer to one schema.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import Ajv2020 from 'ajv/dist/2020.js';
import * as scimgate from 'scimgate';

const read = (path) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));
const contract = read('../contract.json');
const { cases, unreachable } = read('../contract/cases.json');
const functions = new Map(contract.functions.map((f) => [f.name, f]));
const errors = new Map(contract.errors.map((e) => [e.code, e]));

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema({ $id: 'contract', $defs: contract.$defs });

/** The JSON Schema of a type notation of the contract (`Report`, `CustomField[]`, `A | null`). */
function schemaOf(notation) {
  const members = notation.split(' | ');
  if (members.length > 1) return { anyOf: members.map(schemaOf) };
  if (notation.endsWith('[]')) return { type: 'array', items: schemaOf(notation.slice(0, -2)) };
  if (['string', 'boolean', 'null', 'number', 'integer'].includes(notation)) return { type: notation };
  assert.ok(contract.$defs[notation], `no type ${notation} in the contract`);
  return { $ref: `contract#/$defs/${notation}` };
}

function assertValid(schema, value, what) {
  const validate = ajv.compile(schema);
  assert.ok(validate(value), `${what}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(value)}`);
}

/** What the binding returns, as the JSON value the contract declares. */
function asDeclared(fn, result) {
  if (fn.returns === 'FilterInfo') {
    assert.ok(result instanceof scimgate.ScimFilter);
    return { text: result.text, canonical: result.toString() };
  }
  if (fn.returns === 'Selection') {
    assert.ok(Array.isArray(result));
    return result;
  }
  return result;
}

function run(c) {
  const fn = functions.get(c.function);
  const js = c.function === 'wrikeView' ? scimgate.wrikeView : scimgate[c.function];
  assert.equal(typeof js, 'function', `npm exports ${c.function}`);
  assert.equal(c.args.length, fn.params.length, `${c.name}: one argument per parameter`);
  // Functions with a request object in JS take their parameters by name; parameters given by
  // name (keyword) go in the trailing settings object.
  const named = (keep) => Object.fromEntries(fn.params.flatMap((p, i) => (keep(p) ? [[p.name, c.args[i]]] : [])));
  let args;
  if (fn.js_request) args = [named(() => true)];
  else {
    args = c.args.filter((_, i) => !fn.params[i].keyword);
    if (fn.params.some((p) => p.keyword)) args.push(named((p) => p.keyword));
  }
  return fn.options ? js(...args, c.options) : js(...args);
}

test('every public function and every reachable error code has a case', () => {
  const called = new Set(cases.map((c) => c.function));
  for (const f of contract.functions.filter((f) => !f.internal)) assert.ok(called.has(f.name), f.name);
  const raised = new Set(cases.map((c) => c.error).filter(Boolean));
  for (const e of contract.errors) assert.ok(raised.has(e.code) || e.code in unreachable, e.code);
});

for (const c of cases) {
  test(`contract: ${c.name}`, () => {
    const fn = functions.get(c.function);
    if (!c.error) {
      const value = asDeclared(fn, run(c));
      const selection = fn.returns === 'Selection' ? 'Resource[]' : fn.returns;
      assertValid(schemaOf(selection), value, `${c.name} returns ${fn.returns}`);
      return;
    }
    const spec = errors.get(c.error);
    let caught;
    try {
      run(c);
    } catch (err) {
      caught = err;
    }
    assert.ok(caught, `${c.name}: expected ${c.error}`);
    assert.ok(caught instanceof scimgate.ScimError, `${c.name}: ${caught}`);
    assert.equal(caught.code, c.error, `${c.name}: ${caught.message}`);
    assert.equal(caught.constructor.name, spec.class);
    assert.ok(caught instanceof scimgate[spec.class]);
    const payload = caught.toJSON();
    assertValid(spec.payload, payload, `${c.name} payload`);
    assert.equal(payload.message, caught.message);
    for (const field of spec.fields) assert.deepEqual(caught[field], payload[field], `${c.name}.${field}`);
    assert.equal(caught.scimType, payload.scimType);
    assert.equal(caught.status, payload.status);
  });
}
