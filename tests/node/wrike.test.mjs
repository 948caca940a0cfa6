// The filter, PATCH and Wrike-profile surface of the npm package where the shared vectors do not
// reach: ScimFilter (the text given, the canonical text, reuse), what filterResources returns for
// an array and for JSON text, applyPatch leaving its input alone, customFieldUrn (no vector
// function yet), the attribute definitions of extensionSchema (the vectors compare names only),
// and how plan reads its request object.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  parseFilter,
  filterResources,
  applyPatch,
  customFieldUrn,
  customFieldsFromWrike,
  extensionSchema,
  checkDomain,
  plan,
  Validator,
  ScimFilter,
  ScimError,
  InvalidFilterError,
  InvalidCustomFieldError,
  InvalidOptionError,
  InvalidJsonError,
  PayloadTooLargeError,
} from 'scimgate';

import { assertScimError, thrown } from './helpers.mjs';

const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const WRIKE_URN = 'urn:ietf:params:scim:schemas:extension:wrike:2.0:User';
const FIELD_ID = 'IEAGWMBBJUAK4G7J';
const ENTRA_FILTER = 'emails[type eq "work"].value eq "ada@acme.com"';

const user = () => ({
  schemas: [USER_URN],
  id: 'u1',
  userName: 'ada@acme.com',
  title: 'Engineer',
  emails: [
    { value: 'ada.home@example.org', type: 'home' },
    { value: 'ada@acme.com', type: 'work', primary: true },
  ],
});
const group = () => ({ schemas: [GROUP_URN], id: 'g1', displayName: 'Engineering', members: [{ value: 'u1' }, { value: 'u2' }] });
const patchOf = (...ops) => ({ schemas: [PATCH_URN], Operations: ops });



// ---- ScimFilter and filterResources -----------------------------------------------------------

test('a ScimFilter keeps the text given, prints the canonical text, and is reusable', () => {
  const text = 'userName Eq "ADA@acme.com"  AND (emails[type eq "work" and value co "@acme"] or active pr)';
  const canonical = 'userName eq "ADA@acme.com" and (emails[type eq "work" and value co "@acme"] or active pr)';
  const f = parseFilter(text);
  assert.ok(f instanceof ScimFilter);
  assert.equal(f.text, text);
  assert.equal(f.toString(), canonical);
  assert.equal(`${f}`, canonical);
  assert.equal(String(f), canonical);
  // One parse, many evaluations, objects and JSON text alike.
  for (let i = 0; i < 100; i++) {
    assert.equal(f.matches({ ...user(), userName: `u${i}@acme.com` }), false);
    assert.equal(f.matches(JSON.stringify(user())), true);
  }
  assert.ok(new Validator({ dialect: 'entra' }).parseFilter(ENTRA_FILTER) instanceof ScimFilter);
});

test('filterResources: the caller\'s own objects for an array, parsed copies for JSON text', () => {
  const users = [
    { schemas: [USER_URN], userName: 'ada@acme.com', active: true },
    { schemas: [USER_URN], userName: 'bob@acme.com', active: false },
    { schemas: [USER_URN], userName: 'cy@other.org', active: true },
  ];
  const hits = filterResources('userName ew "@ACME.com"', users);
  assert.equal(hits.length, 2);
  assert.equal(hits[0], users[0]);
  assert.equal(hits[1], users[1]);
  const fromText = filterResources('active eq false', JSON.stringify(users));
  assert.deepEqual(fromText, [users[1]]);
  assert.notEqual(fromText[0], users[1]);
  // Elements may be JSON text themselves; they come back as given.
  const texts = users.map((u) => JSON.stringify(u));
  const textHits = filterResources('userName sw "cy"', texts);
  assert.equal(textHits.length, 1);
  assert.equal(textHits[0], texts[2]);
  // The input is never modified.
  const before = JSON.stringify(users);
  filterResources('userName pr', users);
  assert.equal(JSON.stringify(users), before);
  assertScimError(thrown(() => filterResources('userName pr', '[1,')), InvalidJsonError);
  // As an array each resource counts against maxBytes; as text, the whole array.
  const big = { ...users[0], title: 'x'.repeat(100) };
  assertScimError(thrown(() => filterResources('userName pr', [users[0], big], { maxBytes: 120 })), PayloadTooLargeError);
  assert.equal(filterResources('userName pr', [users[0], users[1]], { maxBytes: 100 }).length, 2);
  assertScimError(thrown(() => filterResources('userName pr', JSON.stringify([users[0], users[1]]), { maxBytes: 100 })), PayloadTooLargeError);
});

test('filterResources with a ScimFilter: its own options unless others are given', () => {
  const lenient = parseFilter(ENTRA_FILTER, { mode: 'lenient' });
  assert.deepEqual(filterResources(lenient, [user()]), [user()]);
  assert.deepEqual(filterResources(lenient, [user()], { dialect: 'entra' }), [user()]);
  assertScimError(thrown(() => filterResources(lenient, [user()], { mode: 'strict' })), InvalidFilterError, { offset: 22 });
  const groups = [group(), { ...group(), id: 'g2', displayName: 'Sales' }];
  const byName = parseFilter('displayName eq "SALES"', { resourceType: 'Group' });
  assert.deepEqual(filterResources(byName, groups), [groups[1]]);
  // The same filter stays usable after use.
  assert.equal(byName.matches(groups[1]), true);
});

// ---- applyPatch ---------------------------------------------------------------------------------

test('applyPatch never modifies its input and returns a new resource', () => {
  const input = user();
  const body = patchOf({ op: 'replace', path: 'title', value: 'Director' }, { op: 'add', path: 'emails', value: [{ value: 'x@acme.com' }] });
  const bodyBefore = JSON.stringify(body);
  const out = applyPatch(input, body);
  assert.deepEqual(input, user());
  assert.equal(JSON.stringify(body), bodyBefore);
  assert.equal(out.resource.title, 'Director');
  assert.notEqual(out.resource.emails, input.emails);
});

// ---- Wrike profile --------------------------------------------------------------------------------

test('customFieldUrn: the attribute qualified by the Wrike extension URN, or by another', () => {
  // Candidate vector function `customFieldUrn` ({id, title, extension?} -> {attribute}).
  assert.equal(customFieldUrn(FIELD_ID, '  Completed   Induction! '), `${WRIKE_URN}:${FIELD_ID}_Completed_Induction`);
  assert.equal(
    customFieldUrn(FIELD_ID, 'Completed Induction', 'urn:example:scim:schemas:extension:acme:2.0:User'),
    `urn:example:scim:schemas:extension:acme:2.0:User:${FIELD_ID}_Completed_Induction`,
  );
  assert.equal(customFieldUrn(FIELD_ID, 'T', null), `${WRIKE_URN}:${FIELD_ID}_T`);
  for (const id of ['short', 'ieagwmbbjuak4g7j', '']) {
    assertScimError(thrown(() => customFieldUrn(id, 'x')), InvalidCustomFieldError, { code: 'invalid_custom_field', status: 400 });
  }
});

test('extensionSchema: each custom field\'s attribute type and canonical values', () => {
  // Candidate: extensionSchema vectors could compare attribute types and canonicalValues.
  const response = {
    data: [
      { id: FIELD_ID, title: 'Completed Induction', type: 'Checkbox', applicableEntityTypes: ['User'] },
      { id: 'IEAGWMBBJUAK4G7K', title: 'T-shirt size', type: 'DropDown', settings: { values: ['S', 'M', 'L'] } },
    ],
  };
  const schema = extensionSchema(response);
  assert.equal(schema.id, WRIKE_URN);
  assert.deepEqual(
    schema.attributes.map((a) => [a.name, a.type]),
    [
      ['userType', 'string'],
      [`${FIELD_ID}_Completed_Induction`, 'boolean'],
      ['IEAGWMBBJUAK4G7K_Tshirt_size', 'string'],
    ],
  );
  assert.deepEqual(schema.attributes[2].canonicalValues, ['S', 'M', 'L']);
  // customFieldsFromWrike's catalog describes the same schema.
  assert.deepEqual(extensionSchema(customFieldsFromWrike(response), { profile: 'wrike' }), schema);
});

test('checkDomain: approved entries and allowSubdomains are checked as options', () => {
  assert.equal(checkDomain('ada@sales.example.com', ['example.com'], { allowSubdomains: true }).approved, true);
  assertScimError(thrown(() => checkDomain('ada@example.com', ['not a domain'])), InvalidOptionError, { option: 'approvedDomains' });
  assertScimError(thrown(() => checkDomain('ada@example.com', ['example.com'], { allowSubdomains: 'yes' })), InvalidOptionError, { option: 'allowSubdomains' });
});

test('plan reads {method, body, current}: null and undefined are absent; what is missing is named', () => {
  const deactivate = plan({ method: 'DELETE' });
  assert.equal(deactivate.action, 'deactivate');
  assert.deepEqual(plan({ method: 'DELETE', body: null, current: undefined }), deactivate);
  assert.deepEqual(plan({ method: 'delete', body: undefined, current: null }), deactivate);
  assert.deepEqual(plan({ method: 'POST', body: JSON.stringify(user()) }), plan({ method: 'POST', body: user() }));
  assertScimError(thrown(() => plan({ method: 'GET' })), InvalidOptionError, { option: 'method' });
  assertScimError(thrown(() => plan({ method: 'POST' })), InvalidOptionError, { option: 'body' });
  assertScimError(thrown(() => plan({ method: 'PATCH', body: patchOf() })), InvalidOptionError, { option: 'current' });
});
