// The npm package as users install it (the tarball `npm pack` makes of bindings-wasm/pkg, unpacked
// into an app's node_modules) in the tools they build with, run in headless Chromium (Debian's
// /usr/bin/chromium through playwright-core from tests/node/node_modules):
//   - the tarball: one .wasm, the licences, the changelog, every file package.json names
//   - esbuild: the default entry (the .wasm copied next to the bundle), and scimgate/web with the
//     .wasm imported as an asset (`--loader:.wasm=file`)
//   - Vite: the dev server (which pre-bundles the package), and `vite build` served by `vite preview`
//   - webpack 5 (the .wasm and the worker emitted from their new URL(…, import.meta.url)), and
//     Rollup with @rollup/plugin-node-resolve (the .wasm copied next to the bundle)
//   - tsc --strict with skipLibCheck off in a plain browser project (lib dom + es2020)
// The app (app/) checks a user before and after `ready`, and a module Worker answers every one of
// the messages posted right after its creation. Work files: target/bundlers/bundlers/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { HERE, ROOT, PKG, pack, makeApp as unpackApp } from './tarball.mjs';
import { CHROMIUM, ARGS } from '../browser/chromium.mjs';

const TSC = join(ROOT, 'tests', 'node', 'node_modules', '.bin', 'tsc');
const toolRequire = createRequire(join(ROOT, 'tests', 'node', 'package.json'));
const { chromium } = toolRequire('playwright-core');
const esbuild = await import('esbuild');
const vite = await import('vite');
const { default: webpack } = await import('webpack');
const { rollup } = await import('rollup');
const { default: nodeResolve } = await import('@rollup/plugin-node-resolve');

const N = 24; // app/main.js posts this many messages to its worker
/** The Node entry's answer for a body the worker checked: the browser's must be the same. */
const node = await import(join(PKG, 'node.js'));
function nodeAnswer(i, body) {
  try {
    const report = node.check(body);
    return { i, body, valid: report.valid, codes: report.issues.map((issue) => issue.code) };
  } catch (err) {
    return { i, body, error: err.code };
  }
}

let browser;
let work; // target/bundlers/bundlers
let tarball;
let packed; // npm pack --dry-run --json's answer

/** A fresh app directory: app/ and node_modules/scimgate from the tarball. */
const makeApp = (name) => unpackApp(work, tarball, name);

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** A static server for a directory (as a site is deployed); resolves to its base URL and closer. */
async function serveStatic(dir) {
  const server = createServer((req, res) => {
    let rel = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    if (rel.endsWith('/')) rel += 'index.html';
    const file = normalize(join(dir, rel));
    if (!file.startsWith(dir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((r) => server.close(r)) };
}

/** Open a page, wait for the app's window.__result, and return it with the page's errors. */
async function run(url) {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/favicon/.test(msg.location()?.url ?? '')) problems.push(`console: ${msg.text()}`);
  });
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()}`));
  const wasm = [];
  page.on('response', (res) => {
    if (/\.wasm(\?|$)/.test(res.url())) wasm.push([res.status(), res.headers()['content-type'], res.url()]);
  });
  try {
    await page.goto(url);
    await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 60_000 });
    return { result: await page.evaluate(() => window.__result), problems, wasm };
  } finally {
    await page.close();
  }
}

/** What app/main.js must report. */
/** Serve a built app's directory, run it in Chromium and check it (assertApp). */
async function serveAndCheck(out) {
  const server = await serveStatic(out);
  try {
    assertApp(await run(server.url));
  } finally {
    await server.close();
  }
}

function assertApp({ result, problems, wasm }) {
  assert.deepEqual(result.errors, []);
  assert.deepEqual(
    problems.filter((p) => !/favicon\.ico/.test(p)),
    [],
  );
  assert.match(result.before, /^scimgate: the WebAssembly module is not ready \(it is still loading\); await `ready`/);
  assert.equal(result.valid, true);
  assert.deepEqual(result.thrown, ['InvalidJsonError', true, 1]);
  assert.deepEqual(
    result.answers.map((a) => a.i),
    Array.from({ length: N }, (_, i) => i),
    'every message answered once',
  );
  for (const a of result.answers) assert.deepEqual(a, nodeAnswer(a.i, a.body));
  assert.ok(result.answers.some((a) => a.error === 'invalid_json') && result.answers.some((a) => a.valid));
  // The page and the worker each fetched the one .wasm, as application/wasm.
  assert.ok(wasm.length >= 1, 'the .wasm was fetched');
  for (const [status, type] of wasm) {
    assert.equal(status, 200);
    assert.equal(type, 'application/wasm');
  }
}

before(async () => {
  ({ dir: work, tarball, packed } = pack('bundlers'));
  const userDataDir = mkdtempSync(join(tmpdir(), 'scimgate-bundlers-'));
  browser = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: ARGS });
  browser.userDataDir = userDataDir;
});

after(async () => {
  await browser?.close();
  if (browser?.userDataDir) rmSync(browser.userDataDir, { recursive: true, force: true });
});

test('the tarball: one .wasm, the licences and changelog, every file package.json names', () => {
  const files = packed.files.map((f) => f.path).sort();
  assert.deepEqual(
    files.filter((f) => f.endsWith('.wasm')),
    ['scimgate_bg.wasm'],
  );
  for (const f of ['LICENSE-MIT', 'LICENSE-APACHE', 'CHANGELOG.md', 'README.md', 'package.json']) {
    assert.ok(files.includes(f), `${f} in the tarball`);
  }
  for (const f of ['LICENSE-MIT', 'LICENSE-APACHE', 'CHANGELOG.md']) {
    assert.equal(readFileSync(join(PKG, f), 'utf8'), readFileSync(join(ROOT, f), 'utf8'), `${f} is the repository's`);
  }
  const pkg = JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8'));
  const named = new Set([pkg.main, pkg.module, pkg.types]);
  const walk = (v) => (typeof v === 'string' ? named.add(v) : Object.values(v).forEach(walk));
  walk(pkg.exports);
  for (const f of named) assert.ok(files.includes(f.replace(/^\.\//, '')), `${f} (named in package.json) in the tarball`);
  // Every module a shipped module imports is shipped too.
  for (const f of files.filter((x) => x.endsWith('.js'))) {
    for (const [, rel] of readFileSync(join(PKG, f), 'utf8').matchAll(/(?:from|import)\s*'(\.[^']+)'/g)) {
      const target = normalize(join(f, '..', rel));
      assert.ok(files.includes(target.split(sep).join('/')), `${f} imports ${rel}, which is in the tarball`);
    }
  }
  assert.ok(!files.some((f) => f === '.stamp' || f.endsWith('.gitignore')), 'no build leftovers');
  assert.ok(packed.size < 1.5 * statSync(join(PKG, 'scimgate_bg.wasm')).size, `tarball ${packed.size} B: one compressed .wasm`);
});

test('esbuild: the default entry, with the .wasm next to the bundle', { timeout: 120_000 }, async () => {
  const dir = makeApp('esbuild');
  const out = join(dir, 'dist');
  await esbuild.build({
    absWorkingDir: dir,
    entryPoints: ['main.js', 'worker.js'],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    outdir: out,
    logLevel: 'warning',
  });
  cpSync(join(dir, 'index.html'), join(out, 'index.html'));
  // esbuild leaves new URL('./scimgate_bg.wasm', import.meta.url) as it is: the file goes beside.
  cpSync(join(dir, 'node_modules', 'scimgate', 'scimgate_bg.wasm'), join(out, 'scimgate_bg.wasm'));
  await serveAndCheck(out);
});

test('esbuild: scimgate/web with the .wasm imported as an asset (--loader:.wasm=file)', { timeout: 120_000 }, async () => {
  const dir = makeApp('esbuild-web');
  const out = join(dir, 'dist');
  await esbuild.build({
    absWorkingDir: dir,
    entryPoints: ['web-main.js'],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    outdir: out,
    loader: { '.wasm': 'file' },
    logLevel: 'warning',
  });
  cpSync(join(dir, 'web.html'), join(out, 'index.html'));
  const emitted = readdirSync(out).filter((f) => f.endsWith('.wasm'));
  assert.equal(emitted.length, 1, `one .wasm emitted: ${emitted}`);
  const server = await serveStatic(out);
  try {
    const { result, problems, wasm } = await run(server.url);
    assert.deepEqual(result.errors, []);
    assert.deepEqual(problems, []);
    assert.equal(result.valid, true);
    assert.match(result.wasmUrl, /scimgate_bg-[A-Z0-9]+\.wasm$/);
    assert.deepEqual(
      wasm.map(([s]) => s),
      [200],
    );
  } finally {
    await server.close();
  }
});

test('Vite: the dev server (the package pre-bundled by the dependency optimizer)', { timeout: 180_000 }, async () => {
  const dir = makeApp('vite-dev');
  const server = await vite.createServer({
    root: dir,
    configFile: false,
    logLevel: 'warn',
    server: { host: '127.0.0.1', port: 0, strictPort: false },
  });
  await server.listen();
  try {
    assertApp(await run(server.resolvedUrls.local[0]));
    // The optimizer did pre-bundle it (the case that used to break).
    assert.ok(existsSync(join(dir, 'node_modules', '.vite', 'deps', 'scimgate.js')), 'scimgate pre-bundled');
  } finally {
    await server.close();
  }
});

test('Vite: vite build, served by vite preview', { timeout: 180_000 }, async () => {
  const dir = makeApp('vite-build');
  await vite.build({ root: dir, configFile: false, logLevel: 'warn', build: { outDir: 'dist' } });
  const assets = readdirSync(join(dir, 'dist', 'assets'));
  assert.equal(assets.filter((f) => f.endsWith('.wasm')).length, 1, `one .wasm asset: ${assets}`);
  const server = await vite.preview({
    root: dir,
    configFile: false,
    logLevel: 'warn',
    preview: { host: '127.0.0.1', port: 0, strictPort: false },
  });
  try {
    assertApp(await run(server.resolvedUrls.local[0]));
  } finally {
    await new Promise((resolve) => server.httpServer.close(resolve));
  }
});

test('webpack: the default entry, the .wasm and the worker emitted from their URLs', { timeout: 180_000 }, async () => {
  const dir = makeApp('webpack');
  const out = join(dir, 'dist');
  const stats = await new Promise((resolve, reject) =>
    webpack(
      {
        mode: 'production',
        context: dir,
        entry: './main.js',
        target: 'web',
        output: { path: out, filename: 'main.js', publicPath: '/' },
        performance: { hints: false },
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    ),
  );
  assert.equal(stats.hasErrors(), false, stats.toString('errors-only'));
  cpSync(join(dir, 'index.html'), join(out, 'index.html'));
  const emitted = readdirSync(out).filter((f) => f.endsWith('.wasm'));
  assert.equal(emitted.length, 1, `one .wasm emitted: ${readdirSync(out)}`);
  await serveAndCheck(out);
});

test('Rollup (@rollup/plugin-node-resolve): the default entry, the .wasm copied next to the bundle', { timeout: 120_000 }, async () => {
  const dir = makeApp('rollup');
  const out = join(dir, 'dist');
  const bundle = await rollup({
    input: [join(dir, 'main.js'), join(dir, 'worker.js')],
    plugins: [nodeResolve({ browser: true, rootDir: dir })],
    onwarn: (warning) => {
      throw new Error(`rollup: ${warning.message}`);
    },
  });
  await bundle.write({ dir: out, format: 'es', entryFileNames: '[name].js' });
  await bundle.close();
  cpSync(join(dir, 'index.html'), join(out, 'index.html'));
  // Rollup keeps new URL('./scimgate_bg.wasm', import.meta.url) as it is, relative to the chunk.
  cpSync(join(dir, 'node_modules', 'scimgate', 'scimgate_bg.wasm'), join(out, 'scimgate_bg.wasm'));
  await serveAndCheck(out);
});

test('tsc --strict, skipLibCheck off, in a plain browser project (lib dom + es2020)', () => {
  const dir = makeApp('tsc');
  cpSync(join(HERE, 'types'), dir, { recursive: true });
  execFileSync(TSC, ['-p', join(dir, 'tsconfig.json')], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const config = JSON.parse(readFileSync(join(dir, 'tsconfig.json'), 'utf8')).compilerOptions;
  assert.deepEqual([config.strict, config.skipLibCheck, config.lib], [true, false, ['dom', 'es2020']]);
});
