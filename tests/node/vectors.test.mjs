// Runs every case of tests/vectors/**/*.json (format: tests/README.md) against the built npm
// package, one test per case. A case's `input` is passed both as a plain object and as JSON text
// (and through both the functions and a Validator); `inputText` is passed as text only.
// Codes, paths and severities are compared, never messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import * as scimgate from 'scimgate';

const VECTORS = fileURLToPath(new URL('../vectors/', import.meta.url));

function vectorFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...vectorFiles(path));
    else if (entry.name.endsWith('.json')) out.push(path);
  }
  return out;
}

/** Every way the case's input is handed to the package: [label, call(fn-name) -> result]. */
function runs(c) {
  const out = [];
  const forms = [];
  if (typeof c.inputText === 'string') forms.push(['text', c.inputText]);
  if ('input' in c) {
    forms.push(['object', c.input]);
    forms.push(['text', JSON.stringify(c.input)]);
  }
  for (const [form, input] of forms) {
    out.push([`${form}, function`, () => call(c.function ?? 'check', input, c.options)]);
    if (c.function !== 'loadSchemas') {
      out.push([`${form}, Validator`, () => new scimgate.Validator(c.options)[c.function ?? 'check'](input)]);
    }
  }
  return out;
}

function call(fn, input, options) {
  switch (fn) {
    case 'check':
      return scimgate.check(input, options);
    case 'normalize':
      return scimgate.normalize(input, options);
    case 'loadSchemas':
      return scimgate.loadSchemas(input);
    default:
      throw new Error(`unknown function ${fn}`);
  }
}

const triple = (i) => `${i.code} @ ${i.path} (${i.severity})`;
const pair = (i) => `${i.code} @ ${i.path}`;
const sorted = (xs, f) => xs.map(f).sort();

function compare(ctx, fn, expect, run) {
  if (expect.error) {
    let thrown;
    let result;
    try {
      result = run();
    } catch (err) {
      thrown = err;
    }
    assert.ok(thrown !== undefined, `${ctx}: expected error ${JSON.stringify(expect.error)}, got ${JSON.stringify(result)}`);
    assert.ok(thrown instanceof scimgate.ScimError, `${ctx}: expected a ScimError, got ${thrown}`);
    assert.ok(thrown instanceof Error, `${ctx}: a ScimError is an Error`);
    assert.equal(thrown.code, expect.error.code, `${ctx}: error code (${thrown.message})`);
    if ('scimType' in expect.error) assert.equal(thrown.scimType, expect.error.scimType, `${ctx}: scimType`);
    if ('status' in expect.error) assert.equal(thrown.status, expect.error.status, `${ctx}: status`);
    return;
  }
  let actual;
  try {
    actual = run();
  } catch (err) {
    assert.fail(`${ctx}: unexpected ${err?.name} ${err?.code ?? ''}: ${err?.message}`);
  }
  switch (fn) {
    case 'check': {
      assert.equal(actual.valid, expect.valid, `${ctx}: valid; issues ${JSON.stringify(actual.issues, null, 1)}`);
      assert.deepEqual(sorted(actual.issues, triple), sorted(expect.issues, triple), `${ctx}: issues (code @ path (severity))`);
      for (const want of expect.issues) {
        for (const field of ['scimType', 'status']) {
          if (!(field in want)) continue;
          const found = actual.issues.some(
            (i) => i.code === want.code && i.path === want.path && i[field] === want[field],
          );
          assert.ok(found, `${ctx}: ${want.code} @ ${want.path} should have ${field} ${JSON.stringify(want[field])}`);
        }
      }
      break;
    }
    case 'normalize':
      assert.deepEqual(actual.resource, expect.resource, `${ctx}: resource`);
      assert.deepEqual(sorted(actual.changes, pair), sorted(expect.changes, pair), `${ctx}: changes (code @ path)`);
      break;
    case 'loadSchemas': {
      const ids = new Set(actual.schemas.map((s) => s.id));
      for (const id of expect.schemaIds ?? []) assert.ok(ids.has(id), `${ctx}: schema ${id} missing`);
      const names = new Set(actual.resourceTypes.map((r) => r.name));
      for (const name of expect.resourceTypes ?? []) assert.ok(names.has(name), `${ctx}: resource type ${name} missing`);
      break;
    }
    default:
      assert.fail(`${ctx}: unknown function ${fn}`);
  }
}

const files = vectorFiles(VECTORS);
const seen = new Set();
let count = 0;
for (const file of files) {
  const rel = relative(VECTORS, file);
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  assert.ok(Array.isArray(doc.cases), `${rel}: no "cases" array`);
  for (const c of doc.cases) {
    count += 1;
    test(`${rel}: ${c.name}`, () => {
      assert.equal(typeof c.name, 'string', `${rel}: a case without a name`);
      assert.ok(!seen.has(c.name), `${rel}: duplicate case name ${c.name}`);
      seen.add(c.name);
      const fn = c.function ?? 'check';
      const all = runs(c);
      assert.ok(all.length > 0, `${c.name}: case has neither input nor inputText`);
      for (const [how, run] of all) compare(`${c.name} (${fn}, input as ${how})`, fn, c.expect, run);
    });
  }
}

test('tests/vectors has cases', () => {
  assert.ok(count > 0, `no vector cases found under ${VECTORS}`);
});
