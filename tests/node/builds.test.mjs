// The entries of the npm package and its package.json "exports": one .wasm and one copy of each
// module for every environment; Node's import and require() give the same module (one instance,
// one set of error classes); the other entries (browser default, scimgate/web, workerd) each in a
// fresh process (entry.fixture.mjs). What the tarball holds: tests/bundlers/pack.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { exercise, USER } from './exercise.mjs';

const require = createRequire(import.meta.url);
const PKG = fileURLToPath(new URL('../../bindings-wasm/pkg/', import.meta.url));
const pkg = JSON.parse(readFileSync(`${PKG}package.json`, 'utf8'));

test('package.json: exports resolve in Node, every file named exists, one .wasm', () => {
  assert.equal(pkg.name, 'scimgate');
  assert.match(pkg.version, /^\d+\.\d+\.\d+/);
  assert.equal(pkg.type, 'module');
  assert.equal(require.resolve('scimgate'), `${PKG}node.js`);
  assert.equal(fileURLToPath(import.meta.resolve('scimgate')), `${PKG}node.js`);
  assert.equal(fileURLToPath(import.meta.resolve('scimgate/web')), `${PKG}web.js`);
  assert.equal(require.resolve('scimgate/scimgate_bg.wasm'), `${PKG}scimgate_bg.wasm`);
  const dot = pkg.exports['.'];
  assert.deepEqual(Object.keys(dot), ['types', 'workerd', 'browser', 'deno', 'bun', 'node', 'default']);
  assert.equal(dot.workerd, './workerd.js');
  assert.equal(dot.browser, './index.js');
  assert.equal(dot.default, './index.js');
  const named = [pkg.main, pkg.module, pkg.types, ...Object.values(dot), ...Object.values(pkg.exports['./web'])];
  named.push(pkg.exports['./scimgate_bg.wasm'], pkg.exports['./package.json']);
  for (const file of named) assert.ok(existsSync(`${PKG}${file.slice(2)}`), file);
  const wasm = readdirSync(PKG, { recursive: true }).filter((f) => String(f).endsWith('.wasm'));
  assert.deepEqual(wasm, ['scimgate_bg.wasm']);
  // No placeholder metadata: a field is left out rather than invented.
  assert.doesNotMatch(JSON.stringify(pkg), /example\.(com|org)|TODO|placeholder|github\.com\/OWNER/i);
});

test('Node: import and require() give the one instance, loaded synchronously at import', async () => {
  const required = require('scimgate');
  const imported = await import('scimgate');
  assert.equal(required.ScimError, imported.ScimError);
  assert.equal(required.check, imported.check);
  // Ready at import: no await needed, and `ready` is already resolved.
  assert.equal(required.check(USER).valid, true);
  let resolved = false;
  imported.ready.then(() => (resolved = true));
  await Promise.resolve();
  assert.equal(resolved, true);
  exercise(required);
  exercise(imported);
  // The same instance serves scimgate/web in this process (one module per realm).
  const web = await import('scimgate/web');
  assert.equal(web.ScimError, imported.ScimError);
  assert.equal(web.default, web.init);
  await web.init(); // already loaded: resolves at once
});

test('Node: a CommonJS file requires the package (require of the ES module, Node >= 20.19)', () => {
  const out = execFileSync(
    process.execPath,
    [
      '-e',
      `const m = require('scimgate');
       const { check, InvalidJsonError, ScimError } = m;
       let e; try { check('{'); } catch (err) { e = err; }
       if (!(e instanceof InvalidJsonError && e instanceof ScimError)) throw new Error('not a ScimError: ' + e);
       console.log(JSON.stringify(check({ userName: 'ada@example.com' }).valid));`,
    ],
    { cwd: fileURLToPath(new URL('.', import.meta.url)), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  assert.equal(out.trim(), 'false');
});

for (const which of ['web', 'index', 'index-missing', 'workerd']) {
  test(`entry in a fresh process: ${which}`, () => {
    const out = execFileSync(process.execPath, [fileURLToPath(new URL('./entry.fixture.mjs', import.meta.url)), which], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    assert.equal(out.trim(), `ok ${which}`);
  });
}
