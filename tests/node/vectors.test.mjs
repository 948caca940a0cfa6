// Runs every case of tests/vectors/**/*.json (format: tests/README.md) against the built npm
// package, one test per case. For check/checkPatch/normalize/loadSchemas a case's `input` is passed both as a
// plain object and as JSON text (and through both the functions and a Validator); `inputText` is
// passed as text only. The filter, PATCH and profile functions take `input` as native objects
// (applyPatch as JSON text too), through the functions and, where there is one, the Validator
// method. checkMany/planMany take `inputText` as a string and as bytes, `input.records` as a list of
// objects and of JSON texts. Codes, paths and severities are compared, never messages.
// SCIMGATE_VECTORS=<dir> runs the cases of another directory instead.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import * as scimgate from 'scimgate';

const VECTORS = process.env.SCIMGATE_VECTORS
  ? resolve(process.env.SCIMGATE_VECTORS)
  : fileURLToPath(new URL('../vectors/', import.meta.url));

function vectorFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...vectorFiles(path));
    else if (entry.name.endsWith('.json')) out.push(path);
  }
  return out;
}

/** Options for a Validator standing in for a function whose profile defaults to `wrike`. */
const withProfile = (options) => (options?.profile === undefined ? { ...options, profile: 'wrike' } : options);

/** A filter's canonical text, checked to parse back to itself with the same options. */
function canonical(filter, options) {
  const text = filter.toString();
  assert.equal(typeof text, 'string');
  return { canonical: text, reparsed: scimgate.parseFilter(text, options).toString() };
}

/**
 * Every way a case's input is handed to the package: [label, run() -> result]. The results of
 * one function have the same shape whichever way it was called.
 */
function runs(c) {
  const fn = c.function ?? 'check';
  const o = c.options;
  const input = c.input;
  const out = [];
  switch (fn) {
    case 'check':
    case 'checkPatch':
    case 'normalize':
    case 'loadSchemas': {
      const forms = [];
      if (typeof c.inputText === 'string') forms.push(['text', c.inputText]);
      if ('input' in c) {
        forms.push(['object', input]);
        forms.push(['text', JSON.stringify(input)]);
      }
      for (const [form, value] of forms) {
        if (fn === 'loadSchemas') {
          out.push([`${form}, function`, () => scimgate.loadSchemas(value)]);
        } else {
          out.push([`${form}, function`, () => scimgate[fn](value, o)]);
          out.push([`${form}, Validator`, () => new scimgate.Validator(o)[fn](value)]);
        }
      }
      break;
    }
    case 'parseFilter':
      out.push(['function', () => canonical(scimgate.parseFilter(input.filter, o), o)]);
      out.push(['Validator', () => canonical(new scimgate.Validator(o).parseFilter(input.filter), o)]);
      break;
    case 'matches':
      out.push(['parseFilter().matches', () => ({ matches: scimgate.parseFilter(input.filter, o).matches(input.resource) })]);
      out.push([
        'Validator.parseFilter().matches',
        () => ({ matches: new scimgate.Validator(o).parseFilter(input.filter).matches(input.resource) }),
      ]);
      break;
    case 'filterResources': {
      // The package returns the caller's own elements: their indexes by identity.
      const indexes = (hits) => ({ indexes: hits.map((h) => input.resources.indexOf(h)) });
      out.push(['filter text', () => indexes(scimgate.filterResources(input.filter, input.resources, o))]);
      out.push(['ScimFilter', () => indexes(scimgate.filterResources(scimgate.parseFilter(input.filter, o), input.resources))]);
      out.push([
        'Validator ScimFilter',
        () => indexes(scimgate.filterResources(new scimgate.Validator(o).parseFilter(input.filter), input.resources)),
      ]);
      break;
    }
    case 'parsePath':
      out.push(['function', () => scimgate.parsePath(input.path, o)]);
      break;
    case 'applyPatch':
      for (const [form, f] of [
        ['object', (x) => x],
        ['text', (x) => JSON.stringify(x)],
      ]) {
        out.push([`${form}, function`, () => scimgate.applyPatch(f(input.resource), f(input.patch), o)]);
        out.push([`${form}, Validator`, () => new scimgate.Validator(o).applyPatch(f(input.resource), f(input.patch))]);
      }
      break;
    case 'customFieldAttribute':
      out.push(['function', () => ({ attribute: scimgate.customFieldAttribute(input.id, input.title) })]);
      break;
    case 'parseCustomFieldAttribute':
      out.push(['function', () => scimgate.parseCustomFieldAttribute(input.name)]);
      break;
    case 'customFieldsFromWrike':
      out.push(['function', () => ({ fields: scimgate.customFieldsFromWrike(input) })]);
      break;
    case 'extensionSchema':
      out.push(['function', () => scimgate.extensionSchema(input, o)]);
      break;
    case 'checkDomain': {
      const opts = 'allowSubdomains' in input ? { ...o, allowSubdomains: input.allowSubdomains } : o;
      out.push(['function', () => scimgate.checkDomain(input.address, input.approved, opts)]);
      break;
    }
    case 'wrikeView':
      out.push(['function', () => scimgate.wrikeView(input, o)]);
      out.push(['Validator', () => new scimgate.Validator(withProfile(o)).view(input)]);
      break;
    case 'plan':
      out.push(['function', () => scimgate.plan(input, o)]);
      out.push(['Validator', () => new scimgate.Validator(withProfile(o)).plan(input)]);
      break;
    case 'parseExpression':
      out.push(['function', () => {
        const e = scimgate.parseExpression(input.text, { language: input.language });
        return { ...e, reparsed: scimgate.parseExpression(e.canonical, { language: input.language }).canonical };
      }]);
      break;
    case 'evaluateExpression': {
      const settings = { language: input.language, now: input.now, seed: input.seed };
      out.push(['object', () => scimgate.evaluateExpression(input.text, input.source, settings)]);
      out.push(['text', () => scimgate.evaluateExpression(input.text, JSON.stringify(input.source), settings)]);
      break;
    }
    case 'mapUser': {
      const mapping = mappingOf(input);
      const settings = { operation: input.operation, current: input.current, now: input.now, seed: input.seed };
      out.push(['function', () => scimgate.mapUser(input.source, mapping, settings, o)]);
      out.push(['Validator', () => new scimgate.Validator(o).mapUser(JSON.stringify(input.source), JSON.stringify(mapping), settings)]);
      break;
    }
    case 'checkMany':
    case 'planMany': {
      // Text as a string and as UTF-8 bytes; a list as objects and as JSON texts; each through
      // the function and a Validator.
      const settings = fn === 'planMany' ? [{ method: c.method }] : [];
      const forms = [];
      if (typeof c.inputText === 'string') {
        forms.push(['text', c.inputText], ['bytes', new TextEncoder().encode(c.inputText)]);
      }
      if ('input' in c) {
        forms.push(['list of objects', input.records], ['list of texts', input.records.map((r) => JSON.stringify(r))]);
      }
      for (const [form, records] of forms) {
        out.push([`${form}, function`, () => scimgate[fn](records, ...settings, o)]);
        out.push([`${form}, Validator`, () => new scimgate.Validator(o)[fn](records, ...settings)]);
      }
      break;
    }
    default:
      assert.fail(`unknown function ${fn}`);
  }
  return out;
}

/** A mapUser case's mapping: `mapping`, or the IdP's default mapping plus `extraRules`. */
function mappingOf(input) {
  if (input.mapping !== undefined) return input.mapping;
  const base = scimgate.defaultMapping(input.defaultMapping);
  return { ...base, rules: [...base.rules, ...(input.extraRules ?? [])] };
}

const triple = (i) => `${i.code} @ ${i.path} (${i.severity})`;
const pair = (i) => `${i.code} @ ${i.path}`;
const sorted = (xs, f) => xs.map(f).sort();

/** The keys of `expect` compared with deepEqual against `actual`. */
function sameKeys(ctx, actual, expect, what) {
  for (const [k, v] of Object.entries(expect)) {
    assert.deepEqual(actual[k], v, `${ctx}: ${what}${k} (got ${JSON.stringify(actual)})`);
  }
}

function compareResult(ctx, fn, expect, actual) {
  switch (fn) {
    case 'check':
    case 'checkPatch': {
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
    case 'parseFilter':
      assert.equal(actual.canonical, expect.canonical, `${ctx}: canonical text`);
      assert.equal(actual.reparsed, actual.canonical, `${ctx}: the canonical text parses back to itself`);
      break;
    case 'matches':
      assert.equal(actual.matches, expect.matches, `${ctx}: matches`);
      break;
    case 'filterResources':
      assert.deepEqual(actual.indexes, expect.indexes, `${ctx}: indexes of the matches`);
      break;
    case 'parsePath':
      sameKeys(ctx, actual, expect, '');
      break;
    case 'applyPatch':
      assert.deepEqual(actual.resource, expect.resource, `${ctx}: resource`);
      if ('changes' in expect) {
        assert.deepEqual(sorted(actual.changes, pair), sorted(expect.changes, pair), `${ctx}: changes (code @ path)`);
      }
      if ('members' in expect) assert.deepEqual(actual.members, expect.members, `${ctx}: members`);
      if ('valid' in expect) {
        assert.equal(actual.report.valid, expect.valid, `${ctx}: report.valid; issues ${JSON.stringify(actual.report.issues)}`);
      }
      break;
    case 'customFieldAttribute':
      assert.equal(actual.attribute, expect.attribute, `${ctx}: attribute`);
      break;
    case 'parseCustomFieldAttribute':
      assert.deepEqual(actual, expect, `${ctx}: parsed attribute`);
      break;
    case 'customFieldsFromWrike':
      assert.deepEqual(actual.fields, expect.fields, `${ctx}: fields`);
      break;
    case 'extensionSchema':
      assert.deepEqual(
        actual.attributes.map((a) => a.name),
        expect.attributes,
        `${ctx}: attribute names in order`,
      );
      break;
    case 'checkDomain':
      sameKeys(ctx, actual, expect, '');
      break;
    case 'wrikeView':
      sameKeys(ctx, actual, expect, 'view.');
      break;
    case 'plan': {
      const issues = JSON.stringify(actual.issues);
      assert.equal(actual.action, expect.action, `${ctx}: action (${actual.summary}; issues ${issues})`);
      if ('billable' in expect) assert.equal(actual.billable, expect.billable, `${ctx}: billable`);
      if ('kept' in expect) assert.deepEqual([...actual.kept].sort(), [...expect.kept].sort(), `${ctx}: kept`);
      if ('changes' in expect) {
        const got = actual.changes.map((ch) => ch.attribute).sort();
        assert.deepEqual(got, expect.changes.map((ch) => ch.attribute).sort(), `${ctx}: changed attributes (${JSON.stringify(actual.changes)})`);
        for (const want of expect.changes) {
          const have = actual.changes.find((ch) => ch.attribute === want.attribute);
          for (const k of ['from', 'to']) {
            if (k in want) assert.deepEqual(have[k], want[k], `${ctx}: changes ${want.attribute}.${k}`);
          }
        }
      }
      if ('members' in expect) assert.deepEqual(actual.members, expect.members, `${ctx}: members`);
      if ('resource' in expect) assert.deepEqual(actual.resource ?? null, expect.resource, `${ctx}: resource`);
      for (const code of expect.issueCodes ?? []) {
        assert.ok(actual.issues.some((i) => i.code === code), `${ctx}: issue ${code} missing from ${issues}`);
      }
      break;
    }
    case 'parseExpression':
      assert.equal(actual.canonical, expect.canonical, `${ctx}: canonical`);
      assert.equal(actual.reparsed, expect.canonical, `${ctx}: the canonical text parses back to a different text`);
      if ('ast' in expect) assert.deepEqual(actual.ast, expect.ast, `${ctx}: ast`);
      break;
    case 'evaluateExpression':
      assert.deepEqual(actual.value, expect.value, `${ctx}: value; issues ${JSON.stringify(actual.issues)}`);
      assert.equal(actual.flows, expect.flows, `${ctx}: flows`);
      assert.deepEqual(actual.issues.map((i) => i.code).sort(), [...(expect.issueCodes ?? [])].sort(), `${ctx}: issue codes ${JSON.stringify(actual.issues)}`);
      break;
    case 'mapUser':
      compareMapped(ctx, expect, actual);
      break;
    case 'checkMany':
    case 'planMany':
      compareBatch(ctx, expect, actual);
      break;
    default:
      assert.fail(`${ctx}: unknown function ${fn}`);
  }
}

/** A mapUser result against its expectation (the format of tests/README.md). */
function compareMapped(ctx, expect, actual) {
  const all = JSON.stringify({ issues: actual.issues, report: actual.report.issues, plan: actual.plan.issues });
  for (const k of ['method', 'path', 'body']) {
    if (k in expect) assert.deepEqual(actual.request[k], expect[k], `${ctx}: request.${k} (${JSON.stringify(actual.request)})`);
  }
  for (const [target, value] of Object.entries(expect.values ?? {})) {
    const v = actual.values.find((x) => x.target === target);
    assert.ok(v, `${ctx}: no value for ${target}`);
    assert.deepEqual(v.flows ? v.value : null, value, `${ctx}: value of ${target}`);
  }
  assert.deepEqual(actual.issues.map((i) => i.code).sort(), [...(expect.issueCodes ?? [])].sort(), `${ctx}: mapping issues ${all}`);
  if ('valid' in expect) assert.equal(actual.report.valid, expect.valid, `${ctx}: report.valid ${all}`);
  if ('action' in expect) assert.equal(actual.plan.action, expect.action, `${ctx}: plan.action ${all}`);
  if ('billable' in expect) assert.equal(actual.plan.billable, expect.billable, `${ctx}: plan.billable`);
  if ('matching' in expect) assert.equal(actual.matching ?? null, expect.matching, `${ctx}: matching`);
  for (const code of expect.planIssueCodes ?? []) {
    assert.ok(actual.plan.issues.some((i) => i.code === code), `${ctx}: plan issue ${code} missing ${all}`);
  }
  if ('view' in expect) sameKeys(ctx, actual.view ?? {}, expect.view, 'view.');
}

/** A checkMany / planMany result against its expectation (the format of tests/README.md). */
function compareBatch(ctx, expect, actual) {
  const all = JSON.stringify(actual.records);
  assert.equal(actual.records.length, expect.records.length, `${ctx}: number of records ${all}`);
  expect.records.forEach((want, i) => {
    const got = actual.records[i];
    const at = `${ctx}: record ${i}`;
    assert.equal(got.index, i, `${at}: index`);
    assert.equal(got.line, want.line, `${at}: line`);
    assert.equal(got.valid, want.valid, `${at}: valid ${JSON.stringify(got)}`);
    if (want.error) {
      assert.equal(got.result, undefined, `${at}: a result beside the error`);
      assert.ok(got.error, `${at}: no error ${JSON.stringify(got)}`);
      sameKeys(at, got.error, want.error, 'error.');
      return;
    }
    assert.equal(got.error, undefined, `${at}: unexpected error ${JSON.stringify(got.error)}`);
    if ('action' in want) assert.equal(got.result.action, want.action, `${at}: action`);
    const codes = (got.result.issues ?? []).map((x) => x.code).sort();
    assert.deepEqual(codes, [...(want.issueCodes ?? [])].sort(), `${at}: issue codes`);
  });
  if ('summary' in expect) assert.deepEqual(actual.summary, expect.summary, `${ctx}: summary`);
}

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
    // Every further field the expectation gives: scimType, status, offset, index, ...; `issues`
    // (a failed PATCH's problems) as the multiset of their (code, path), also in toJSON().
    for (const [k, v] of Object.entries(expect.error)) {
      if (k === 'issues') {
        const got = JSON.stringify(thrown.issues);
        assert.deepEqual(sorted(thrown.issues, pair), sorted(v, pair), `${ctx}: error issues (code @ path): ${got}`);
        assert.deepEqual(thrown.toJSON().issues, thrown.issues, `${ctx}: toJSON().issues`);
      } else if (k !== 'code') assert.deepEqual(thrown[k], v, `${ctx}: error ${k} (${thrown.message})`);
    }
    return;
  }
  let actual;
  try {
    actual = run();
  } catch (err) {
    assert.fail(`${ctx}: unexpected ${err?.name} ${err?.code ?? ''}: ${err?.message}`);
  }
  compareResult(ctx, fn, expect, actual);
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
      for (const [how, run] of all) compare(`${c.name} (${fn}, ${how})`, fn, c.expect, run);
    });
  }
}

test('tests/vectors has cases', () => {
  assert.ok(count > 0, `no vector cases found under ${VECTORS}`);
});
