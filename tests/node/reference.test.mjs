// The web demo's function reference (web-demo/samples.js) against the package: every example
// parses in its language, every function of the reference is one the language knows, and each
// sample directory user previews without a mapping failure under its IdP's default mapping.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import * as scimgate from 'scimgate';
import { FUNCTIONS, SAMPLE_USERS } from '../../web-demo/samples.js';

for (const [language, rows] of Object.entries(FUNCTIONS)) {
  test(`every ${language} example of the reference parses`, () => {
    assert.ok(rows.length > 0);
    for (const [signature, description, example] of rows) {
      assert.equal(typeof description, 'string');
      let parsed;
      try {
        parsed = scimgate.parseExpression(example, { language });
      } catch (err) {
        assert.fail(`${signature}: its example ${example} does not parse: ${err.message}`);
      }
      // The canonical text parses back to itself.
      assert.equal(scimgate.parseExpression(parsed.canonical, { language }).canonical, parsed.canonical, example);
      // A function's example calls that function (by its canonical name).
      const name = /^([A-Za-z][\w.]*)\(/.exec(signature)?.[1];
      if (name && parsed.ast.type === 'call') assert.equal(parsed.ast.function, name, `${signature}: example ${example}`);
    }
  });
}

test('the Entra reference lists the whole function list of Microsoft\'s reference', () => {
  const listed = new Set(FUNCTIONS.entra.map(([s]) => /^(\w+)\(/.exec(s)?.[1]).filter(Boolean));
  for (const f of ['Append', 'AppRoleAssignmentsComplex', 'BitAnd', 'CBool', 'CDate', 'Coalesce', 'ConvertToBase64',
    'ConvertToUTF8Hex', 'Count', 'CStr', 'DateAdd', 'DateDiff', 'DateFromNum', 'FormatDateTime', 'Guid',
    'IgnoreFlowIfNullOrEmpty', 'IIF', 'InStr', 'IsNull', 'IsNullOrEmpty', 'IsPresent', 'IsString', 'Item', 'Join', 'Left',
    'Mid', 'NormalizeDiacritics', 'Not', 'Now', 'NumFromDate', 'PCase', 'RandomString', 'Redact', 'RemoveDuplicates',
    'Replace', 'SelectUniqueValue', 'SingleAppRoleAssignment', 'Split', 'StripSpaces', 'Switch', 'ToLower', 'ToUpper',
    'Word']) {
    assert.ok(listed.has(f), f);
  }
});

for (const idp of ['entra', 'okta', 'onelogin']) {
  test(`the ${idp} sample user previews cleanly under the default mapping`, () => {
    const r = scimgate.mapUser(SAMPLE_USERS[idp], scimgate.defaultMapping(idp), { now: 0, seed: 1 }, { approvedDomains: ['contoso.com'] });
    assert.deepEqual(r.issues, []);
    assert.equal(r.report.valid, true, JSON.stringify(r.report.issues));
    assert.equal(r.plan.action, 'create');
    assert.equal(r.plan.billable, true);
    assert.equal(r.view.userType, 'Collaborator');
  });
}
