// checkMany / planMany in the npm package: the three input forms (text, Uint8Array, array), records
// that cannot be read reported as records (never an exception), positions, limits and the summary.
// The shared vectors (tests/vectors/batch) pin the core's answers; this file checks the JS side.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  checkMany,
  planMany,
  Validator,
  InvalidArgumentError,
  InvalidOptionError,
} from 'scimgate';
import { thrown, assertScimError } from './helpers.mjs';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const user = (userName) => ({ schemas: [USER], userName });
const line = (userName) => JSON.stringify(user(userName));
const codes = (record) => (record.result?.issues ?? []).map((i) => i.code).sort();

/** The fields of every record: index, line, valid, and result xor error. */
function assertRecords(batch) {
  batch.records.forEach((r, i) => {
    assert.equal(r.index, i);
    assert.ok(Number.isInteger(r.line) && r.line >= 1);
    assert.equal(typeof r.valid, 'boolean');
    assert.ok((r.result === undefined) !== (r.error === undefined), `record ${i}: result xor error`);
    if (r.error !== undefined) assert.equal(r.valid, false);
  });
  assert.equal(batch.summary.records, batch.records.length);
}

test('checkMany reads JSON lines from a string: blank lines skipped, lines counted', () => {
  const text = `${line('ada@example.com')}\n\n   \n${line('')}\r\n${line('bob@example.com')}\n`;
  const batch = checkMany(text);
  assertRecords(batch);
  assert.deepEqual(
    batch.records.map((r) => [r.line, r.valid]),
    [
      [1, true],
      [4, false],
      [5, true],
    ],
  );
  assert.deepEqual(codes(batch.records[1]), ['required_missing']);
  assert.deepEqual(batch.summary, {
    records: 3,
    valid: 2,
    invalid: 1,
    unreadable: 0,
    bySeverity: { error: 1 },
    byCode: { required_missing: 1 },
    byAction: {},
    errors: {},
  });
});

test('checkMany reads a JSON array, from text or Uint8Array, with the same results', () => {
  const text = `[\n  ${line('ada@example.com')},\n  ${line('')}\n]\n`;
  const fromText = checkMany(text);
  const fromBytes = checkMany(new TextEncoder().encode(text));
  assertRecords(fromText);
  assert.deepEqual(fromBytes, fromText);
  assert.deepEqual(
    fromText.records.map((r) => [r.index, r.line, r.valid]),
    [
      [0, 2, true],
      [1, 3, false],
    ],
  );
  // A UTF-8 byte order mark before the records is skipped.
  const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
  assert.deepEqual(checkMany(bom), fromText);
  // Bytes that are not UTF-8 inside a record make that record unreadable, not the batch.
  const bad = new Uint8Array([...new TextEncoder().encode('{"userName": "'), 0xff, 0x22, 0x7d, 0x0a,
    ...new TextEncoder().encode(line('ada@example.com'))]);
  const mixed = checkMany(bad);
  assertRecords(mixed);
  assert.equal(mixed.records.length, 2);
  assert.equal(mixed.records[0].valid, false);
  assert.ok(mixed.records[0].error, 'the non-UTF-8 record has an error');
  assert.equal(mixed.records[1].valid, true);
});

test('checkMany takes an array of records: objects and JSON texts, one record each', () => {
  const batch = checkMany([user('ada@example.com'), line('bob@example.com'), user('')]);
  assertRecords(batch);
  assert.deepEqual(
    batch.records.map((r) => [r.index, r.line, r.valid]),
    [
      [0, 1, true],
      [1, 2, true],
      [2, 3, false],
    ],
  );
  assert.equal(checkMany([]).summary.records, 0);
});

test('unreadable records are records with their error; the others still run', () => {
  const deep = `{"userName": "x", "a": ${'['.repeat(20)}${']'.repeat(20)}}`;
  const big = JSON.stringify({ schemas: [USER], userName: 'x'.repeat(3000) });
  const text = [line('ada@example.com'), '{"userName": ', '[1, 2]', deep, big, line('bob@example.com')].join('\n');
  const batch = checkMany(text, { maxDepth: 8, maxBytes: 2048 });
  assertRecords(batch);
  assert.deepEqual(
    batch.records.map((r) => [r.line, r.valid, r.error?.code ?? null]),
    [
      [1, true, null],
      [2, false, 'invalid_json'],
      [3, false, 'not_an_object'],
      [4, false, 'nesting_too_deep'],
      [5, false, 'payload_too_large'],
      [6, true, null],
    ],
  );
  const tooLarge = batch.records[4].error;
  assert.equal(tooLarge.limit, 2048);
  assert.equal(tooLarge.size, big.length);
  assert.equal(batch.records[3].error.limit, 8);
  assert.equal(batch.records[2].error.found, 'array');
  assert.deepEqual(batch.summary, {
    records: 6,
    valid: 2,
    invalid: 4,
    unreadable: 4,
    bySeverity: {},
    byCode: {},
    byAction: {},
    errors: { invalid_json: 1, not_an_object: 1, nesting_too_deep: 1, payload_too_large: 1 },
  });
  // In an array input the same limits apply to each element.
  const listed = checkMany([big, user('ada@example.com'), 7], { maxBytes: 2048 });
  assert.deepEqual(
    listed.records.map((r) => r.error?.code ?? null),
    ['payload_too_large', null, 'not_an_object'],
  );
});

test('a broken array: what was read stays, the break is the last record', () => {
  const unclosed = checkMany(`[${line('ada@example.com')}, ${line('bob@example.com')}`);
  assertRecords(unclosed);
  assert.deepEqual(unclosed.records.map((r) => r.error?.code ?? null), [null, 'invalid_json']);
  assert.match(unclosed.records[1].error.message, /not closed/);
  const trailing = checkMany(`[${line('ada@example.com')}] {}`);
  assert.deepEqual(trailing.records.map((r) => r.error?.code ?? null), [null, 'invalid_json']);
  assert.match(trailing.records[1].error.message, /after the closing \]/);
  const empty = checkMany(`[${line('ada@example.com')},,${line('bob@example.com')}]`);
  assert.deepEqual(empty.records.map((r) => r.error?.code ?? null), [null, 'invalid_json']);
  assert.equal(empty.summary.unreadable, 1);
  assert.equal(checkMany('[]').summary.records, 0);
  assert.equal(checkMany('  \n\n').summary.records, 0);
});

test('planMany: bodies get the method, envelopes their own; summary counts actions', () => {
  const patch = {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
    Operations: [{ op: 'replace', path: 'active', value: false }],
  };
  const records = [
    line('ada@example.com'),
    JSON.stringify({ method: 'DELETE' }),
    JSON.stringify({ method: 'PATCH', body: patch, current: user('ada@example.com') }),
    JSON.stringify({ method: 'PATCH', body: patch }),
    line(''),
  ].join('\n');
  const batch = planMany(records);
  assertRecords(batch);
  assert.deepEqual(
    batch.records.map((r) => [r.valid, r.result?.action ?? r.error.code]),
    [
      [true, 'create'],
      [true, 'deactivate'],
      [true, 'deactivate'],
      [false, 'invalid_option'],
      [false, 'reject'],
    ],
  );
  assert.equal(batch.records[3].error.option, 'current');
  assert.deepEqual(batch.summary.byAction, { create: 1, deactivate: 2, reject: 1 });
  assert.deepEqual(batch.summary.errors, { invalid_option: 1 });
  assert.equal(batch.summary.valid, 3);
  assert.equal(batch.summary.invalid, 2);
  assert.equal(batch.summary.unreadable, 1);
  assert.equal(batch.summary.byCode.required_missing, 1);

  const put = planMany([user('ada@example.com')], { method: 'put' });
  assert.equal(put.records[0].result.action, 'update');
  const bytes = planMany(new TextEncoder().encode(`[${line('ada@example.com')}]`), { method: 'DELETE' });
  assert.equal(bytes.records[0].result.action, 'deactivate');
});

test('a bad method or records argument throws once, before any record', () => {
  for (const records of ['[]', line('ada@example.com')]) {
    assertScimError(thrown(() => planMany(records, { method: 'GET' })), InvalidOptionError, {
      option: 'method',
    });
  }
  assertScimError(thrown(() => new Validator().planMany('[]', { method: 'FETCH' })), InvalidOptionError);
  assertScimError(thrown(() => checkMany()), InvalidArgumentError, { argument: 'records' });
  assertScimError(thrown(() => checkMany(null)), InvalidArgumentError, { argument: 'records' });
  assertScimError(thrown(() => checkMany('[]', { mode: 'loose' })), InvalidOptionError);
});

test('a Validator runs batches with its options; results match the one-off functions', () => {
  const v = new Validator({ resourceType: 'Group' });
  const groups = `{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "g"}\n{}`;
  const batch = v.checkMany(groups);
  assert.deepEqual(batch, checkMany(groups, { resourceType: 'Group' }));
  assert.deepEqual(batch.records.map((r) => r.valid), [true, false]);
  assert.deepEqual(v.planMany(groups), planMany(groups, {}, { resourceType: 'Group' }));
});
