// The web demo in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core from
// tests/node/node_modules). Serves web-demo/ (with pkg/ copied in by scripts/test-browser.sh) on a
// free 127.0.0.1 port, then checks: the default payload is valid; an invalid one lists its issues
// (the same codes and paths the Node build reports); invalid JSON shows line and column.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(new URL('../node/package.json', import.meta.url));
const { chromium } = require('playwright-core');
const scimgate = require('../../bindings-wasm/pkg/node/index.js');

const DEMO = fileURLToPath(new URL('../../web-demo/', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.ts': 'text/plain; charset=utf-8',
};

let server;
let baseUrl;
let context;
let userDataDir;
const pageErrors = [];

function serve(req, res) {
  const url = new URL(req.url, 'http://127.0.0.1');
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
  assert.ok(existsSync(join(DEMO, 'pkg', 'index.js')), 'web-demo/pkg missing: run scripts/test-browser.sh');
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

async function openDemo() {
  const page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(String(err)));
  page.on('console', (msg) => {
    if (msg.type() === 'error') pageErrors.push(msg.text());
  });
  // Only the demo's own origin may be reached: no external resources.
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(baseUrl)) return route.continue();
    pageErrors.push(`request outside the demo: ${url}`);
    return route.abort();
  });
  await page.goto(baseUrl);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  return page;
}

/** The rows of a table body as {severity, code, path}. */
async function rows(page, tbody) {
  return page.$$eval(`${tbody} tr`, (trs) =>
    trs.map((tr) => ({ severity: tr.dataset.severity, code: tr.dataset.code, path: tr.dataset.path })),
  );
}

const key = (i) => `${i.severity} ${i.code} @ ${i.path}`;

test('the default payload is an Entra-shaped User that checks valid', { timeout: 120_000 }, async () => {
  const page = await openDemo();
  assert.equal(await page.getAttribute('#status', 'data-state'), 'valid', await page.textContent('#status'));
  assert.match(await page.textContent('#status'), /Valid/);
  const payload = JSON.parse(await page.inputValue('#payload'));
  assert.equal(typeof payload.userName, 'string');
  assert.ok(payload['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User']);
  assert.equal(await page.isHidden('#error'), true);
  assert.equal(await page.isVisible('#normalized'), true);
  const normalized = JSON.parse(await page.textContent('#normalized'));
  assert.equal(normalized.userName, payload.userName);
  // The same verdict as the Node build.
  assert.deepEqual((await rows(page, '#issues-body')).map(key).sort(), scimgate.check(payload).issues.map(key).sort());
  if (process.env.SCIMGATE_SCREENSHOT) await page.screenshot({ path: process.env.SCIMGATE_SCREENSHOT, fullPage: true });
  await page.close();
});

test('an invalid payload lists its issues with codes and paths', { timeout: 120_000 }, async () => {
  const page = await openDemo();
  const bad = {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    displayName: 'No Username',
    emails: [{ value: 'not-an-email', type: 'work', primary: true }],
  };
  await page.fill('#payload', JSON.stringify(bad, null, 2));
  await page.click('#check');
  await page.waitForSelector('#status[data-state="invalid"]');
  const shown = await rows(page, '#issues-body');
  const paths = shown.map((r) => r.path);
  assert.ok(paths.includes('userName'), `no userName issue in ${JSON.stringify(shown)}`);
  assert.ok(
    shown.some((r) => r.path === 'emails[0].value' && r.code === 'invalid_email' && r.severity === 'error'),
    `no invalid_email @ emails[0].value in ${JSON.stringify(shown)}`,
  );
  assert.deepEqual(shown.map(key).sort(), scimgate.check(bad).issues.map(key).sort());
  // The visible table shows the same code and path text.
  const text = await page.textContent('#issues');
  assert.match(text, /invalid_email/);
  assert.match(text, /emails\[0\]\.value/);
  assert.equal(await page.isVisible('#scim-error'), true);
  assert.equal(JSON.parse(await page.textContent('#scim-error')).status, '400');

  // Live re-check on input, and the options reach the check: lenient mode, Group type.
  await page.fill('#payload', JSON.stringify({ ...bad, userName: 'ok@example.com', emails: [] }));
  await page.waitForSelector('#status[data-state="valid"]');
  await page.selectOption('#resource-type', 'Group');
  await page.waitForSelector('#status[data-state="invalid"]');
  await page.click('#example');
  await page.waitForSelector('#status[data-state="valid"]');
  assert.equal(JSON.parse(await page.inputValue('#payload')).displayName.length > 0, true);
  await page.close();
});

test('invalid JSON shows the error with line and column', { timeout: 120_000 }, async () => {
  const page = await openDemo();
  await page.fill('#payload', '{\n  "userName": "ada",\n  "active": yes\n}');
  await page.click('#check');
  await page.waitForSelector('#status[data-state="error"]');
  assert.equal(await page.isVisible('#error'), true);
  assert.equal(await page.getAttribute('#error', 'data-code'), 'invalid_json');
  assert.equal(await page.getAttribute('#error', 'data-line'), '3');
  const column = Number(await page.getAttribute('#error', 'data-column'));
  assert.ok(column > 0, `column ${column}`);
  assert.match(await page.textContent('#error'), new RegExp(`line 3, column ${column}`));
  assert.equal(await page.isHidden('#issues'), true);
  // "Show in payload" selects the character the error points at (the "y" of "yes").
  await page.click('#error-goto');
  const selected = await page.$eval('#payload', (t) => t.value.slice(t.selectionStart, t.selectionEnd));
  assert.equal(selected, 'y');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'payload');
  // Fixing the JSON clears the error.
  await page.fill('#payload', '{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "ada@example.com"}');
  await page.waitForSelector('#status[data-state="valid"]');
  assert.equal(await page.isHidden('#error'), true);
  await page.close();
});

test('the page raised no errors and loaded nothing from outside', () => {
  assert.deepEqual(pageErrors, []);
});
