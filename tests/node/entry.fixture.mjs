// One entry of the npm package in a fresh process (each has its own instance of the module):
//   node entry.fixture.mjs web      scimgate/web: calls before init() throw a clear error; a failed
//                                   init leaves it retryable; init(bytes) loads it
//   node entry.fixture.mjs index    the default browser/bundler entry: loads
//                                   new URL('./scimgate_bg.wasm', import.meta.url) at import (fetch
//                                   of file: URLs served here, as a dev server would), no top-level
//                                   await, `ready` settles with the load
//   node entry.fixture.mjs index-missing   the same when the .wasm cannot be fetched: `ready`
//                                   rejects and calls throw, both naming the failure
//   node entry.fixture.mjs workerd  the Cloudflare Workers entry, with `.wasm` imports compiled to
//                                   a WebAssembly.Module by a module hook (as workerd does)
// Prints "ok <case>" when every assertion held (builds.test.mjs runs it).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { register } from 'node:module';

import { exercise, USER } from './exercise.mjs';

const PKG = new URL('../../bindings-wasm/pkg/', import.meta.url);
const which = process.argv[2];

function notReady(m, pattern) {
  for (const call of [() => m.check(USER), () => new m.Validator(), () => m.parseFilter('userName pr')]) {
    assert.throws(call, (err) => err instanceof Error && !(err instanceof m.ScimError) && pattern.test(err.message));
  }
}

/** Serve file: URLs to fetch, as a bundler's dev server serves the asset; returns what was asked. */
function serveFiles(missing) {
  const served = [];
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (url, init) => {
    if (!String(url).startsWith('file:')) return realFetch(url, init);
    served.push(String(url));
    if (missing) return new Response('not found', { status: 404, statusText: 'Not Found' });
    return new Response(readFileSync(new URL(url)), { headers: { 'content-type': 'application/wasm' } });
  };
  return served;
}

if (which === 'web') {
  const m = await import(new URL('web.js', PKG));
  assert.equal(m.default, m.init);
  notReady(m, /not ready \(init\(\) was not called\).*await `ready`/);
  let settled = false;
  m.ready.then(() => (settled = true));
  await assert.rejects(m.init(new Uint8Array([0, 97, 115, 109, 9, 9, 9, 9])), /could not load the WebAssembly module from the bytes given/);
  notReady(m, /loading it failed/);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(settled, false, 'ready waits for a successful init');
  const loading = m.init(readFileSync(new URL('scimgate_bg.wasm', PKG)));
  notReady(m, /still loading/);
  assert.equal(m.init(), loading, 'a load in progress is shared');
  await loading;
  await m.ready;
  assert.equal(settled, true);
  m.initSync(new Uint8Array(0)); // already loaded: nothing to do
  exercise(m);
} else if (which === 'index' || which === 'index-missing') {
  const served = serveFiles(which === 'index-missing');
  const m = await import(new URL('index.js', PKG)); // returns at once: no top-level await
  assert.equal('default' in m, false);
  assert.deepEqual(served, [new URL('scimgate_bg.wasm', PKG).href]);
  if (which === 'index') {
    notReady(m, /still loading/); // compiling takes a while; the missing file fails at once
    await m.ready;
    exercise(m);
  } else {
    await assert.rejects(m.ready, /could not load the WebAssembly module from file:.*scimgate_bg\.wasm: Error: failed to fetch Wasm: 404 Not Found/);
    notReady(m, /loading it failed: Error: failed to fetch Wasm: 404/);
    // Loaded from elsewhere instead, it works.
    await m.init({ module_or_path: readFileSync(new URL('scimgate_bg.wasm', PKG)) }); // wasm-bindgen's form
    exercise(m);
  }
} else if (which === 'workerd') {
  register(
    'data:text/javascript,' +
      encodeURIComponent(`
        export async function load(url, context, next) {
          if (!url.endsWith('.wasm')) return next(url, context);
          return {
            format: 'module',
            shortCircuit: true,
            source: 'import { readFileSync } from "node:fs";' +
              'export default new WebAssembly.Module(readFileSync(new URL(' + JSON.stringify(url) + ')));',
          };
        }`),
  );
  const m = await import(new URL('workerd.js', PKG));
  exercise(m);
  // The same module instance as the package's other entries in this realm.
  const web = await import(new URL('web.js', PKG));
  assert.equal(web.ScimError, m.ScimError);
  assert.equal(web.check(USER).valid, true);
} else {
  throw new Error(`unknown case ${which}`);
}
console.log(`ok ${which}`);

