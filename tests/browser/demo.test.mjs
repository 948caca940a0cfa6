// The web demo in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core from
// tests/node/node_modules). Serves web-demo/ (with pkg/ copied in by scripts/test-browser.sh) on a
// free 127.0.0.1 port, then checks: the default payload is valid; an invalid one lists its issues
// (the same codes and paths the Node build reports); invalid JSON shows line and column; the Wrike
// panel shows the view and the POST plan (create and billable, or reject for a domain that is not
// approved), and follows the profile toggle; the filter box shows match, no match, or the
// invalid_filter error with its offset; the web build recovers from a WebAssembly trap (and
// refuses lone surrogates) in the browser too.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { openPage, pageErrors, scimgate } from './harness.mjs';

async function openDemo() {
  const page = await openPage();
  // The payload check is the second tab of the page (the provisioning preview is the first).
  await page.click('#tab-check');
  await page.waitForSelector('#panel-check:not([hidden])');
  return page;
}

/** The rows of a table body as {severity, code, path}. */
async function rows(page, tbody) {
  return page.$$eval(`${tbody} tr`, (trs) =>
    trs.map((tr) => ({ severity: tr.dataset.severity, code: tr.dataset.code, path: tr.dataset.path })),
  );
}

const key = (i) => `${i.severity} ${i.code} @ ${i.path}`;

/** The options the demo uses by default: the Wrike profile on, no approved domains. */
const DEMO_OPTIONS = { profile: 'wrike' };

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
  assert.deepEqual((await rows(page, '#issues-body')).map(key).sort(), scimgate.check(payload, DEMO_OPTIONS).issues.map(key).sort());
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
  assert.deepEqual(shown.map(key).sort(), scimgate.check(bad, DEMO_OPTIONS).issues.map(key).sort());
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

/** The Wrike view table as {attribute: value text}. */
async function viewTable(page) {
  const pairs = await page.$$eval('#wrike-view-body tr', (trs) =>
    trs.map((tr) => [tr.dataset.attribute, tr.querySelector('td.value')?.textContent ?? '']),
  );
  return Object.fromEntries(pairs);
}

test('the Wrike panel shows what Wrike stores and the plan for a POST', { timeout: 120_000 }, async () => {
  const page = await openDemo();
  const payload = JSON.parse(await page.inputValue('#payload'));
  // The default example: created, billable, every synced attribute present.
  await page.waitForSelector('#wrike[data-action="create"]');
  assert.equal(await page.isVisible('#wrike-content'), true);
  assert.equal(await page.textContent('#plan-action'), 'create');
  assert.equal(await page.getAttribute('#plan-billable', 'data-billable'), 'true');
  const expected = scimgate.plan({ method: 'POST', body: payload }, DEMO_OPTIONS);
  assert.equal(expected.action, 'create');
  assert.equal(await page.textContent('#plan-summary'), expected.summary);
  const view = await viewTable(page);
  const nodeView = scimgate.wrikeView(payload, DEMO_OPTIONS);
  assert.equal(view.userName, nodeView.userName);
  assert.equal(view.email, nodeView.email);
  assert.equal(view.department, 'Research');
  assert.equal(view.userType, 'Regular (default)');
  assert.match(view.loginEmail, new RegExp(payload.userName.replace(/[.]/g, '\\.')));

  // Omitted attributes are kept in Wrike.
  const sparse = { ...payload };
  delete sparse.title;
  delete sparse.phoneNumbers;
  await page.fill('#payload', JSON.stringify(sparse, null, 2));
  await page.waitForFunction(() => document.querySelector('#wrike-view-body tr[data-attribute="title"]')?.classList.contains('omitted'));
  assert.match(await page.textContent('#wrike-kept'), /title, phone/);
  assert.match(await page.textContent('#wrike-kept'), /stays/);

  // A domain that is not approved: the plan rejects, and the check reports domain_not_approved.
  await page.fill('#approved-domains', 'fabrikam.com, @northwind.example');
  await page.waitForSelector('#wrike[data-action="reject"]');
  assert.equal(await page.textContent('#plan-action'), 'reject');
  assert.equal(await page.getAttribute('#plan-billable', 'data-billable'), 'false');
  assert.equal(await page.isVisible('#plan-issues li[data-code="domain_not_approved"]'), true);
  assert.match(await page.textContent('#plan-issues'), /domain_not_approved/);
  await page.waitForSelector('#status[data-state="invalid"]');
  const shown = await rows(page, '#issues-body');
  assert.ok(shown.some((r) => r.code === 'domain_not_approved' && r.severity === 'error'), JSON.stringify(shown));
  const withDomains = { ...DEMO_OPTIONS, approvedDomains: ['fabrikam.com', '@northwind.example'] };
  assert.deepEqual(shown.map(key).sort(), scimgate.check(sparse, withDomains).issues.map(key).sort());

  // Approving the user's domain (as a subdomain-free exact entry) makes it a create again.
  await page.fill('#approved-domains', 'fabrikam.com, contoso.com');
  await page.waitForSelector('#wrike[data-action="create"]');
  await page.waitForSelector('#status[data-state="valid"]');
  assert.equal(await page.isHidden('#plan-issues'), true);

  // An invalid approved domain is an options error, shown like any other.
  await page.fill('#approved-domains', 'not a domain');
  await page.waitForSelector('#status[data-state="error"]');
  assert.equal(await page.getAttribute('#error', 'data-code'), 'invalid_option');

  // The profile toggle: off, the check is plain SCIM and the panel says so.
  await page.uncheck('#wrike-profile');
  await page.waitForSelector('#status[data-state="valid"]');
  assert.equal(await page.isVisible('#wrike-off'), true);
  assert.equal(await page.isHidden('#wrike-content'), true);
  assert.equal(await page.isDisabled('#approved-domains'), true);
  assert.deepEqual((await rows(page, '#issues-body')).map(key).sort(), scimgate.check(sparse).issues.map(key).sort());
  await page.check('#wrike-profile');
  await page.fill('#approved-domains', '');
  await page.waitForSelector('#wrike[data-action="create"]');

  // A group: the plan creates it with its members; there is no user view.
  await page.selectOption('#resource-type', 'Group');
  await page.click('#example');
  await page.waitForSelector('#wrike[data-action="create"]');
  assert.equal(await page.getAttribute('#plan-billable', 'data-billable'), 'false');
  assert.equal(await page.isHidden('#wrike-view-section'), true);
  await page.close();
});

test('the filter box evaluates a filter against the payload', { timeout: 120_000 }, async () => {
  const page = await openDemo();
  // The default filter matches the default example.
  await page.waitForSelector('#filter-result[data-state="match"]');
  assert.match(await page.textContent('#filter-result'), /Match/);

  await page.fill('#filter', 'userName sw "ADA." and active eq true');
  await page.click('#filter-run');
  await page.waitForSelector('#filter-result[data-state="match"]');
  assert.match(await page.textContent('#filter-result'), /userName sw "ADA\." and active eq true/);

  await page.fill('#filter', 'title eq "CEO"');
  await page.waitForSelector('#filter-result[data-state="nomatch"]');
  assert.match(await page.textContent('#filter-result'), /No match/);

  // Editing the payload re-evaluates the filter.
  const payload = JSON.parse(await page.inputValue('#payload'));
  await page.fill('#payload', JSON.stringify({ ...payload, title: 'ceo' }));
  await page.waitForSelector('#filter-result[data-state="match"]');

  // An invalid filter shows invalid_filter with its offset, and a caret under it.
  await page.fill('#filter', 'title eq');
  await page.waitForSelector('#filter-result[data-state="error"]');
  assert.equal(await page.getAttribute('#filter-result', 'data-code'), 'invalid_filter');
  let expectedOffset;
  try {
    scimgate.parseFilter('title eq');
  } catch (err) {
    expectedOffset = err.offset;
  }
  assert.equal(await page.getAttribute('#filter-result', 'data-offset'), String(expectedOffset));
  assert.match(await page.textContent('#filter-result'), new RegExp(`invalid_filter at offset ${expectedOffset}`));
  assert.equal(await page.isVisible('#filter-caret'), true);
  const caret = (await page.textContent('#filter-caret')).split('\n');
  assert.equal(caret[0], 'title eq');
  assert.equal(caret[1].indexOf('^'), expectedOffset);
  // Non-ASCII text: the caret counts characters, the offset bytes.
  await page.fill('#filter', 'title eq "é" and');
  await page.waitForFunction(() => document.querySelector('#filter-result')?.dataset.offset === '17');
  assert.equal((await page.textContent('#filter-caret')).split('\n')[1].indexOf('^'), 16);
  await page.close();
});

test('the web build recovers from a WebAssembly trap in the browser', { timeout: 120_000 }, async () => {
  const page = await openDemo();
  const USER = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'ada@example.com' };
  // The module the demo itself imported (one instance per URL in a page).
  const got = await page.evaluate(async (user) => {
    const m = await import(new URL('./pkg/web.js', document.baseURI).href);
    const caught = (fn) => {
      try {
        fn();
        return null;
      } catch (e) {
        return e;
      }
    };
    const before = new m.Validator();
    const trap = caught(() => m.__scimgate_trap_for_tests());
    const stale = caught(() => before.check(user));
    const lone = caught(() => m.check('{"userName": "\ud800"}'));
    return {
      trap: [trap?.name, trap?.code, trap?.status, trap instanceof m.ScimError, trap?.cause instanceof WebAssembly.RuntimeError],
      stale: [stale?.name, stale?.code],
      after: [m.check(user).valid, new m.Validator().check(user).valid],
      lone: [lone?.name, lone?.argument],
    };
  }, USER);
  assert.deepEqual(got, {
    trap: ['InternalError', 'internal_error', 500, true, true],
    stale: ['InternalError', 'internal_error'],
    after: [true, true],
    lone: ['InvalidUnicodeError', 'resource'],
  });
  // The demo keeps working on the new instance.
  await page.fill('#payload', JSON.stringify({ ...USER, emails: [{ value: 'not-an-email' }] }));
  await page.waitForSelector('#status[data-state="invalid"]');
  await page.fill('#payload', JSON.stringify(USER));
  await page.waitForSelector('#status[data-state="valid"]');
  await page.fill('#filter', 'userName eq "ada@example.com"');
  await page.waitForSelector('#filter-result[data-state="match"]');
  await page.close();
});

test('the page raised no errors and loaded nothing from outside', () => {
  assert.deepEqual(pageErrors, []);
});
