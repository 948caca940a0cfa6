// The npm package (its tarball, unpacked into an app's node_modules) in the server-side runtimes:
// Node (import and require), Bun and Deno (their npm packages' binaries), and Cloudflare's workerd
// (the Worker bundled by esbuild with wrangler's conditions, the .wasm a compiled module).
// Work files: target/bundlers/runtimes/.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { HERE, pack, makeApp } from './tarball.mjs';

const BIN = join(HERE, 'node_modules', '.bin');
const USER = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'ada@example.com' };
const EXPECTED = (entry) => ({ entry, early: true, thrown: ['InvalidJsonError', true, 1] });

let app;
before(() => {
  const { dir, tarball } = pack('runtimes');
  app = makeApp(dir, tarball, 'app', 'runtime-app');
});

/** Run a command in the app; its last stdout line as JSON. */
function runJson(cmd, args, env = {}) {
  const out = execFileSync(cmd, args, {
    cwd: app,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  return JSON.parse(out.trim().split('\n').at(-1));
}

test('Node: import and require give the node entry, ready at import', () => {
  assert.deepEqual(runJson(process.execPath, ['run.mjs']), EXPECTED('node.js'));
  assert.deepEqual(runJson(process.execPath, ['run.cjs']), EXPECTED('node.js'));
});

test('Bun: import and require give the node entry (the bun condition)', () => {
  assert.deepEqual(runJson(join(BIN, 'bun'), ['run.mjs']), EXPECTED('node.js'));
  assert.deepEqual(runJson(join(BIN, 'bun'), ['run.cjs']), EXPECTED('node.js'));
});

test('Deno: the package from node_modules (the deno condition)', () => {
  const env = { DENO_NO_UPDATE_CHECK: '1', DENO_DIR: join(app, '.deno') };
  assert.deepEqual(runJson(join(BIN, 'deno'), ['run', '--allow-read', '--cached-only', 'run.mjs'], env), EXPECTED('node.js'));
});

/** A free 127.0.0.1 port. */
async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('Cloudflare workerd: the workerd entry, the .wasm imported as a compiled module', { timeout: 120_000 }, async () => {
  const esbuild = await import('esbuild');
  // What wrangler does: esbuild with the conditions workerd, worker, browser; .wasm imports kept
  // as modules of their own (CompiledWasm).
  await esbuild.build({
    absWorkingDir: app,
    entryPoints: ['worker.js'],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    outfile: join(app, 'dist', 'worker.js'),
    logLevel: 'warning',
    plugins: [
      {
        name: 'compiled-wasm',
        setup(build) {
          build.onResolve({ filter: /\.wasm$/ }, (args) => ({ path: `./${args.path.split('/').at(-1)}`, external: true }));
        },
      },
    ],
  });
  assert.match(readFileSync(join(app, 'dist', 'worker.js'), 'utf8'), /import \w+ from "\.\/scimgate_bg\.wasm";/);
  copyFileSync(join(app, 'node_modules', 'scimgate', 'scimgate_bg.wasm'), join(app, 'dist', 'scimgate_bg.wasm'));
  const port = await freePort();
  const workerd = spawn(join(BIN, 'workerd'), ['serve', 'config.capnp', '--socket-addr', `http=127.0.0.1:${port}`], {
    cwd: app,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  workerd.stdout.on('data', (d) => (log += d));
  workerd.stderr.on('data', (d) => (log += d));
  try {
    const post = async (body) => {
      for (let i = 0; ; i += 1) {
        try {
          const res = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body });
          return [res.status, await res.json()];
        } catch (err) {
          if (i >= 100 || workerd.exitCode !== null) throw new Error(`workerd did not answer: ${err}\n${log}`);
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
    };
    assert.deepEqual(await post(JSON.stringify(USER)), [200, { valid: true, codes: [] }]);
    assert.deepEqual(await post('{"userName": '), [400, { error: 'invalid_json', name: 'InvalidJsonError', known: true }]);
  } finally {
    workerd.kill();
  }
});
