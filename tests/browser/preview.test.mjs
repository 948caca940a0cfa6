// The provisioning preview of the web demo in headless Chromium (the same harness as demo.test.mjs):
// each IdP's default mapping, edits, carets at parse errors, custom fields, domains, updates as PUT or
// PATCH, state in the URL and local storage. Screenshots go to target/browser-artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { openPage, pageErrors, scimgate, shot } from './harness.mjs';

/** Open the page on the preview with a clean localStorage (or keep it with {keep: true}). */
const openPreview = (opts) => openPage(opts);

async function requestBody(page) {
  return JSON.parse(await page.textContent('#request-body'));
}

async function issueRows(page) {
  return page.$$eval('#map-issues-body tr', (trs) => trs.map((tr) => ({ code: tr.dataset.code, path: tr.dataset.path, origin: tr.dataset.origin, severity: tr.dataset.severity })));
}

/** The row index of the rule with this target. */
async function ruleIndex(page, target) {
  const targets = await page.$$eval('#rules-body .rule-target-input', (ins) => ins.map((i) => i.value));
  const i = targets.indexOf(target);
  assert.ok(i >= 0, `no rule for ${target} in ${JSON.stringify(targets)}`);
  return i;
}

/** Wait until the shown request body satisfies `pred`. */
async function waitBody(page, pred, what) {
  for (let i = 0; i < 100; i++) {
    try {
      const body = await requestBody(page);
      if (pred(body)) return body;
    } catch {
      // not rendered yet
    }
    await page.waitForTimeout(50);
  }
  assert.fail(`request body never ${what}: ${await page.textContent('#request-body')}`);
}

const SAMPLE_ONELOGIN = {
  email: 'ada.lovelace@contoso.com',
  firstname: 'Ada',
  lastname: 'Lovelace',
  title: 'Research Engineer',
  phone: '+1 425 555 0100',
  company: 'Contoso',
  department: 'Research',
  custom_fields: { wrike_user_type: 'Collaborator' },
};

test('the preview opens on OneLogin: the POST the IdP sends, as the Node build computes it', { timeout: 120_000 }, async () => {
  const page = await openPreview();
  assert.equal(await page.inputValue('#idp'), 'onelogin');
  assert.equal(await page.getAttribute('#tab-preview', 'aria-selected'), 'true');
  await page.waitForSelector('body[data-preview-state="ok"]');
  const source = JSON.parse(await page.inputValue('#source'));
  assert.deepEqual(source, SAMPLE_ONELOGIN);
  const expected = scimgate.mapUser(source, scimgate.defaultMapping('onelogin'), { operation: 'create' }, { profile: 'wrike', customFields: JSON.parse(await page.inputValue('#custom-fields')) });
  assert.equal(await page.textContent('#request-method'), 'POST');
  assert.equal(await page.textContent('#request-path'), '/Users');
  assert.deepEqual(await requestBody(page), expected.request.body);
  assert.equal(await page.textContent('#map-plan-action'), 'create');
  assert.equal(await page.getAttribute('#map-plan-billable', 'data-billable'), 'true');
  const view = Object.fromEntries(await page.$$eval('#map-view-body tr', (trs) => trs.map((tr) => [tr.dataset.attribute, tr.querySelector('td.value').textContent])));
  assert.equal(view.userType, 'Collaborator');
  assert.equal(view.department, 'Research');
  assert.match(await page.textContent('#request-matching'), /userName/);
  // The function reference follows the IdP.
  await page.click('#fn-ref summary');
  assert.match(await page.textContent('#fn-list'), /\{email_name_part\}/);
  await shot(page, 'preview-onelogin');
  await page.close();
});

test('editing a mapping updates the body and the issues', { timeout: 120_000 }, async () => {
  const page = await openPreview();
  await page.waitForSelector('body[data-preview-state="ok"]');
  // The title from a constant.
  const t = await ruleIndex(page, 'title');
  await page.selectOption(`#rules-body tr[data-rule="${t}"] .rule-kind`, 'constant');
  await page.fill(`#rules-body tr[data-rule="${t}"] .rule-value-input`, 'Chief Scientist');
  await waitBody(page, (b) => b.title === 'Chief Scientist', 'took the constant title');
  // A userName with no valid email: the report's error shows in the issues and in the body.
  const u = await ruleIndex(page, 'userName');
  await page.selectOption(`#rules-body tr[data-rule="${u}"] .rule-kind`, 'constant');
  await page.fill(`#rules-body tr[data-rule="${u}"] .rule-value-input`, 'ada@');
  await waitBody(page, (b) => b.userName === 'ada@', 'took the bad userName');
  await page.waitForSelector('#map-issues-body tr[data-severity="error"]');
  const shown = await issueRows(page);
  const source = JSON.parse(await page.inputValue('#source'));
  const mapping = scimgate.defaultMapping('onelogin');
  mapping.rules[t].source = { constant: 'Chief Scientist' };
  mapping.rules[u].source = { constant: 'ada@' };
  const expected = scimgate.mapUser(source, mapping, {}, { profile: 'wrike', customFields: JSON.parse(await page.inputValue('#custom-fields')) });
  for (const issue of expected.report.issues) {
    assert.ok(shown.some((r) => r.code === issue.code && r.path === issue.path), `${issue.code} @ ${issue.path} not shown in ${JSON.stringify(shown)}`);
  }
  assert.equal(await page.textContent('#map-plan-action'), expected.plan.action);
  // The flagged value in the body is the userName.
  const flagged = await page.$$eval('#request-body .flagged', (spans) => spans.map((s) => JSON.parse(s.dataset.loc)));
  assert.ok(flagged.some((loc) => loc.length === 1 && loc[0] === 'userName'), JSON.stringify(flagged));
  // Remove a rule, add one.
  const before = await page.$$eval('#rules-body tr', (trs) => trs.length);
  const d = await ruleIndex(page, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department');
  await page.click(`#rules-body tr[data-rule="${d}"] .rule-remove`);
  await waitBody(page, (b) => !b['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User']?.department, 'lost the department');
  await page.click('#add-rule');
  assert.equal(await page.$$eval('#rules-body tr', (trs) => trs.length), before);
  const n = before - 1;
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('rule-target-input')), true);
  await page.fill(`#rules-body tr[data-rule="${n}"] .rule-target-input`, 'displayName');
  await page.selectOption(`#rules-body tr[data-rule="${n}"] .rule-kind`, 'expression');
  await page.fill(`#rules-body tr[data-rule="${n}"] .rule-value-input`, '{firstname} {lastname}');
  await waitBody(page, (b) => b.displayName === 'Ada Lovelace', 'got the displayName');
  await shot(page, 'preview-edited');
  await page.close();
});

/** The byte offset parseExpression reports for `text` in `language`. */
function offsetOf(text, language) {
  try {
    scimgate.parseExpression(text, { language });
  } catch (err) {
    return err.offset;
  }
  return null;
}

for (const [idp, text] of [
  ['onelogin', 'x{firstname} {lastname'],
  ['onelogin', '{"userName": "{$user.email}"'],
  ['okta', 'String.toUpperCase(user.firstName'],
  ['entra', 'Join(" ", [givenName], '],
]) {
  test(`a broken ${idp} expression shows a caret at the offset it reports (${text})`, { timeout: 120_000 }, async () => {
    const page = await openPreview();
    await page.selectOption('#idp', idp);
    await page.waitForFunction((l) => document.querySelector('#fn-language').textContent.length > 0 && document.querySelector('#idp').value === l, idp);
    const expected = offsetOf(text, idp);
    assert.notEqual(expected, null, 'the text must not parse');
    const row = await ruleIndex(page, 'title');
    await page.selectOption(`#rules-body tr[data-rule="${row}"] .rule-kind`, 'expression');
    await page.fill(`#rules-body tr[data-rule="${row}"] .rule-value-input`, text);
    await page.waitForSelector(`#rules-body tr[data-rule="${row}"][data-offset="${expected}"]`);
    const caret = (await page.textContent(`#rules-body tr[data-rule="${row}"] .rule-caret`)).split('\n');
    assert.equal(caret[0], text);
    assert.equal(caret[1].indexOf('^'), expected, `caret ${JSON.stringify(caret)}`);
    assert.equal(await page.isVisible(`#rules-body tr[data-rule="${row}"] .rule-error`), true);
    // The preview reports the mapping error (the first rule that fails), with its path.
    await page.waitForSelector('body[data-preview-state="error"]');
    assert.equal(await page.getAttribute('#map-error', 'data-code'), 'invalid_mapping');
    assert.match(await page.getAttribute('#map-error', 'data-path'), /^rules\[\d+\]\.source\.expression$/);
    if (idp === 'onelogin') {
      assert.equal(await page.getAttribute('#map-error', 'data-path'), `rules[${row}].source.expression`);
      await shot(page, `preview-caret-${idp}`);
    }
    await page.close();
  });
}

test('a multi-byte expression: the caret counts characters, the offset bytes', { timeout: 120_000 }, async () => {
  const page = await openPreview();
  const text = '{firstname} é {lastname';
  const expected = offsetOf(text, 'onelogin');
  const row = await ruleIndex(page, 'title');
  await page.fill(`#rules-body tr[data-rule="${row}"] .rule-value-input`, text);
  await page.waitForSelector(`#rules-body tr[data-rule="${row}"][data-offset="${expected}"]`);
  const caret = (await page.textContent(`#rules-body tr[data-rule="${row}"] .rule-caret`)).split('\n');
  const chars = new TextDecoder().decode(new TextEncoder().encode(text).slice(0, expected)).length;
  assert.equal(caret[1].indexOf('^'), chars);
  await page.close();
});

test('importing Wrike custom fields adds rules and passes the catalog', { timeout: 120_000 }, async () => {
  const page = await openPreview();
  await page.waitForSelector('body[data-preview-state="ok"]');
  const catalog = {
    kind: 'customfields',
    data: [
      { id: 'IEAGWMBBJUAK4G7J', title: 'Completed Induction', type: 'Checkbox' },
      { id: 'IEAGWMBBJUAK4G7Q', title: 'Cost Center #', type: 'Text' },
    ],
  };
  await page.fill('#custom-fields', JSON.stringify(catalog));
  const before = await page.$$eval('#rules-body tr', (trs) => trs.length);
  await page.click('#import-fields');
  await page.waitForSelector('#custom-fields-status[data-state="ok"]');
  const rules = scimgate.customFieldRules(catalog, 'onelogin');
  assert.equal(await page.getAttribute('#custom-fields-status', 'data-added'), String(rules.length));
  assert.equal(await page.$$eval('#rules-body tr', (trs) => trs.length), before + rules.length);
  for (const r of rules) await ruleIndex(page, r.target);
  // Give the induction field a source value: it flows into the Wrike extension.
  await page.fill('#source', JSON.stringify({ ...SAMPLE_ONELOGIN, custom_fields: { ...SAMPLE_ONELOGIN.custom_fields, completed_induction: 'true' } }, null, 2));
  const ext = 'urn:ietf:params:scim:schemas:extension:wrike:2.0:User';
  await waitBody(page, (b) => b[ext]?.IEAGWMBBJUAK4G7J_Completed_Induction !== undefined, 'carried the custom field');
  // Importing again adds nothing.
  await page.click('#import-fields');
  await page.waitForSelector('#custom-fields-status[data-added="0"]');
  // A broken catalog says so.
  await page.fill('#custom-fields', '{"data": [');
  await page.click('#import-fields');
  await page.waitForSelector('#custom-fields-status[data-state="error"]');
  await shot(page, 'preview-custom-fields');
  await page.close();
});

test('an approved domain that does not match rejects the user, with the SCIM error body', { timeout: 120_000 }, async () => {
  const page = await openPreview();
  await page.waitForSelector('body[data-preview-state="ok"]');
  await page.fill('#map-domains', 'fabrikam.com');
  await page.waitForSelector('body[data-preview-state="reject"]');
  assert.equal(await page.textContent('#map-plan-action'), 'reject');
  assert.equal(await page.getAttribute('#map-plan-billable', 'data-billable'), 'false');
  const shown = await issueRows(page);
  assert.ok(shown.some((r) => r.code === 'domain_not_approved' && r.severity === 'error'), JSON.stringify(shown));
  assert.equal(await page.isVisible('#map-scim-error'), true);
  const body = JSON.parse(await page.textContent('#map-scim-error'));
  assert.equal(body.status, '400');
  assert.equal(await page.isVisible('#map-view-none'), true);
  assert.ok(await page.$('#request-body .flagged[data-codes~="domain_not_approved"]'), 'the login email is flagged in the body');
  await shot(page, 'preview-domain-rejected');
  await page.fill('#map-domains', 'fabrikam.com, contoso.com');
  await page.waitForSelector('body[data-preview-state="ok"]');
  assert.equal(await page.isHidden('#map-scim-error-section'), true);
  await page.close();
});

test("Entra's default mapping previews its expressions: active from Switch, the user type from the app role", { timeout: 120_000 }, async () => {
  const page = await openPreview();
  await page.waitForSelector('body[data-preview-state="ok"]');
  await page.selectOption('#idp', 'entra');
  await page.waitForFunction(() => document.querySelector('#source').value.includes('userPrincipalName'));
  await page.waitForSelector('#request-method[data-method="POST"]');
  const body = await waitBody(page, (b) => b.active === true, 'active from Switch([IsSoftDeleted], ...)');
  assert.equal(body['urn:ietf:params:scim:schemas:extension:wrike:2.0:User'].userType, 'Collaborator');
  assert.equal(await page.textContent('#map-plan-action'), 'create');
  // The same request as the Node build computes.
  const expected = scimgate.mapUser(JSON.parse(await page.inputValue('#source')), scimgate.defaultMapping('entra'), {}, { profile: 'wrike', customFields: JSON.parse(await page.inputValue('#custom-fields')) });
  assert.deepEqual(body, expected.request.body);
  await shot(page, 'preview-entra-create');
  await page.close();
});

test('an update is a PUT for OneLogin and Okta and a PATCH for Entra', { timeout: 120_000 }, async () => {
  const page = await openPreview();
  await page.waitForSelector('body[data-preview-state="ok"]');
  await page.selectOption('#map-operation', 'update');
  await page.waitForSelector('#current-wrap:not([hidden])');
  const current = JSON.parse(await page.inputValue('#current'));
  assert.equal(current.title, 'Intern');
  await page.waitForSelector('#request-method[data-method="PUT"]');
  assert.equal(await page.textContent('#request-path'), `/Users/${current.id}`);
  assert.equal((await requestBody(page)).title, 'Research Engineer');
  assert.equal(await page.textContent('#map-plan-action'), 'update');
  await shot(page, 'preview-update-onelogin');

  // Okta: its default mapping is attributes only.
  await page.selectOption('#idp', 'okta');
  await page.waitForSelector('#request-method[data-method="PUT"]');
  assert.equal(JSON.parse(await page.inputValue('#source')).user.login, 'ada.lovelace@contoso.com');
  assert.equal((await requestBody(page)).userName, 'ada.lovelace@contoso.com');

  // Entra: its default mapping as it is (Switch for active, SingleAppRoleAssignment for the user type).
  await page.selectOption('#idp', 'entra');
  await page.waitForFunction(() => document.querySelector('#source').value.includes('userPrincipalName'));
  await ruleIndex(page, 'title');
  await page.fill('#current', '');
  await page.click('#current-from-create');
  const t = await ruleIndex(page, 'title');
  await page.selectOption(`#rules-body tr[data-rule="${t}"] .rule-kind`, 'constant');
  await page.fill(`#rules-body tr[data-rule="${t}"] .rule-value-input`, 'Principal Engineer');
  await page.waitForSelector('#request-method[data-method="PATCH"]');
  await waitBody(page, (b) => JSON.stringify(b).includes('Principal Engineer'), 'carried the new title');
  const patch = await requestBody(page);
  assert.deepEqual(patch.schemas, ['urn:ietf:params:scim:api:messages:2.0:PatchOp']);
  assert.ok(patch.Operations.some((op) => op.op === 'Replace' && op.path === 'title' && op.value === 'Principal Engineer'), JSON.stringify(patch));
  // The same PATCH as the Node build computes for the same inputs.
  const mapping = scimgate.defaultMapping('entra');
  mapping.rules.find((r) => r.target === 'title').source = { constant: 'Principal Engineer' };
  const expected = scimgate.mapUser(JSON.parse(await page.inputValue('#source')), mapping, { operation: 'update', current: JSON.parse(await page.inputValue('#current')) }, { profile: 'wrike', customFields: JSON.parse(await page.inputValue('#custom-fields')) });
  assert.deepEqual(patch, expected.request.body);
  assert.equal(await page.textContent('#request-path'), expected.request.path);
  await shot(page, 'preview-update-entra');
  await page.close();
});

test('the state survives a reload and travels in the URL', { timeout: 120_000 }, async () => {
  const page = await openPreview();
  await page.waitForSelector('body[data-preview-state="ok"]');
  const t = await ruleIndex(page, 'title');
  await page.selectOption(`#rules-body tr[data-rule="${t}"] .rule-kind`, 'constant');
  await page.fill(`#rules-body tr[data-rule="${t}"] .rule-value-input`, 'Kept Title');
  await page.fill('#map-domains', 'contoso.com');
  await page.check('#deterministic');
  await waitBody(page, (b) => b.title === 'Kept Title', 'took the title');
  await page.waitForFunction(() => location.hash.startsWith('#s=') && document.body.dataset.saved);
  await page.waitForTimeout(400);
  const url = page.url();
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  await waitBody(page, (b) => b.title === 'Kept Title', 'kept the title after reload');
  assert.equal(await page.inputValue('#map-domains'), 'contoso.com');
  assert.equal(await page.isChecked('#deterministic'), true);
  await page.close();
  // The link alone (another browser profile has no localStorage for it: cleared first).
  const other = await openPreview({ url });
  await waitBody(other, (b) => b.title === 'Kept Title', 'restored from the link');
  // And localStorage alone.
  const plain = await openPreview({ keep: true });
  await waitBody(plain, (b) => b.title === 'Kept Title', 'restored from localStorage');
  await other.close();
  await plain.close();
  // A link pasted into an open tab: only the hash changes, and the page follows it.
  const pasted = await openPreview();
  await waitBody(pasted, (b) => b.title !== 'Kept Title', 'starts from the defaults');
  await pasted.evaluate((hash) => {
    location.hash = hash;
  }, new URL(url).hash);
  await waitBody(pasted, (b) => b.title === 'Kept Title', 'followed the pasted link');
  await pasted.close();
});

test('the tabs work from the keyboard and the PATCH check runs', { timeout: 120_000 }, async () => {
  const page = await openPreview();
  await page.focus('#tab-preview');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'tab-check');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'tab-patch');
  assert.equal(await page.isVisible('#panel-patch'), true);
  assert.equal(await page.isHidden('#panel-preview'), true);
  await page.waitForSelector('#patch-status[data-state="valid"]');
  const result = JSON.parse(await page.textContent('#patch-result'));
  assert.equal(result.active, false);
  assert.equal(result.title, 'Principal Engineer');
  await page.fill('#patch-body', JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'jump', path: 'title' }] }));
  await page.waitForSelector('#patch-status[data-state="invalid"]');
  assert.ok((await page.$$('#patch-issues-body tr')).length > 0);
  // Every interactive element of the preview is a labelled control.
  await page.click('#tab-preview');
  const unlabelled = await page.$$eval('#panel-preview input, #panel-preview select, #panel-preview textarea, #panel-preview button', (els) =>
    els.filter((el) => !(el.labels?.length || el.getAttribute('aria-label') || (el.tagName === 'BUTTON' && el.textContent.trim()))).map((el) => el.outerHTML.slice(0, 80)),
  );
  assert.deepEqual(unlabelled, []);
  await page.close();
});

test('the page fits a 390 px wide screen', { timeout: 120_000 }, async () => {
  const page = await openPreview({ width: 390 });
  await page.waitForSelector('body[data-preview-state="ok"]');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
  await shot(page, 'preview-390px');
  await page.close();
});

test('the preview raised no errors and loaded nothing from outside', () => {
  assert.deepEqual(pageErrors, []);
});
