// The browser suites' one harness: a static server for web-demo/ (with pkg/ copied in by
// scripts/test-browser.sh) on a free 127.0.0.1 port, headless Chromium (Debian's /usr/bin/chromium
// through playwright-core from tests/node/node_modules), pages that record every page error,
// console error and request outside the demo, and screenshots in target/browser-artifacts/.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, ARGS } from './chromium.mjs';

const require = createRequire(new URL('../node/package.json', import.meta.url));
const { chromium } = require('playwright-core');
/** The package's Node entry, to compare the page's answers with. */
export const scimgate = require('../../bindings-wasm/pkg/node.js');

const DEMO = fileURLToPath(new URL('../../web-demo/', import.meta.url));
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.ts': 'text/plain; charset=utf-8',
};
/** A page of the demo's origin that runs none of its scripts (for clearing its storage). */
const BLANK = '/__blank__';
const ARTIFACTS = fileURLToPath(new URL('../../target/browser-artifacts/', import.meta.url));

let server;
let context;
let userDataDir;
/** The demo's address once the server listens (`http://127.0.0.1:PORT/`). */
export let baseUrl;
/** Every page error, console error and request outside the demo, in order. */
export const pageErrors = [];

function serve(req, res) {
  const url = new URL(req.url, 'http://127.0.0.1');
  if (url.pathname === BLANK) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end('<!doctype html><title>blank</title>');
    return;
  }
  let rel = decodeURIComponent(url.pathname);
  if (rel.endsWith('/')) rel += 'index.html';
  const file = normalize(join(DEMO, rel));
  if (!file.startsWith(DEMO.endsWith(sep) ? DEMO : DEMO + sep) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
    return;
  }
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': 'no-store',
  });
  res.end(readFileSync(file));
}

before(async () => {
  assert.ok(existsSync(join(DEMO, 'pkg', 'web.js')), 'web-demo/pkg missing: run scripts/test-browser.sh');
  mkdirSync(ARTIFACTS, { recursive: true });
  server = createServer(serve);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${server.address().port}/`;
  userDataDir = mkdtempSync(join(tmpdir(), 'scimgate-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    timeout: 60_000,
  });
});

after(async () => {
  await context?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

/**
 * A page of the demo at `url` (default: the demo), ready, with a clean localStorage unless
 * `keep`; only the demo's own origin may be reached.
 */
export async function openPage({ keep = false, url, width = 1280 } = {}) {
  const page = await context.newPage();
  await page.setViewportSize({ width, height: 900 });
  page.on('pageerror', (err) => pageErrors.push(String(err)));
  page.on('console', (msg) => {
    if (msg.type() === 'error') pageErrors.push(msg.text());
  });
  await page.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith(baseUrl)) return route.continue();
    pageErrors.push(`request outside the demo: ${u}`);
    return route.abort();
  });
  if (!keep) {
    // Cleared from a page that runs none of the demo's scripts, so that nothing saves state
    // again between the clear and the navigation that follows.
    await page.goto(new URL(BLANK, baseUrl).href);
    await page.evaluate(() => localStorage.clear());
  }
  await page.goto(url ?? baseUrl);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  return page;
}

/** Save a full-page screenshot as target/browser-artifacts/<name>.png. */
export const shot = (page, name) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
