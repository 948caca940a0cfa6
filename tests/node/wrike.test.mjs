// The filter, path, PATCH and Wrike-profile surface of the npm package: parseFilter / ScimFilter,
// filterResources, parsePath, applyPatch, the custom-field functions, checkDomain, wrikeView,
// plan, the Validator methods, the new options and error classes, and TypeErrors for arguments of
// the wrong JS type.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import * as scimgate from 'scimgate';
import {
  parseFilter,
  parsePath,
  filterResources,
  applyPatch,
  customFieldAttribute,
  customFieldUrn,
  parseCustomFieldAttribute,
  customFieldsFromWrike,
  extensionSchema,
  checkDomain,
  wrikeView,
  plan,
  check,
  toScimError,
  Validator,
  ScimFilter,
  ScimError,
  InvalidFilterError,
  InvalidPathError,
  PatchFailedError,
  InvalidCustomFieldError,
  InvalidProfileError,
  InvalidEmailError,
  InvalidOptionError,
  InvalidJsonError,
  PayloadTooLargeError,
} from 'scimgate';

const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ENTERPRISE_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const WRIKE_URN = 'urn:ietf:params:scim:schemas:extension:wrike:2.0:User';
const FIELD_ID = 'IEAGWMBBJUAK4G7J';

const user = () => ({
  schemas: [USER_URN, ENTERPRISE_URN],
  id: 'u1',
  userName: 'ada@acme.com',
  title: 'Engineer',
  name: { givenName: 'Ada', familyName: 'Lovelace' },
  emails: [
    { value: 'ada.home@example.org', type: 'home' },
    { value: 'ada@acme.com', type: 'work', primary: true },
  ],
  phoneNumbers: [
    { value: '+1 555 0100', type: 'mobile' },
    { value: '+1 555 0199', type: 'work' },
  ],
  [ENTERPRISE_URN]: { department: 'Research', organization: 'Acme' },
});
const group = () => ({
  schemas: [GROUP_URN],
  id: 'g1',
  displayName: 'Engineering',
  members: [{ value: 'u1' }, { value: 'u2' }],
});
const patchOf = (...ops) => ({ schemas: [PATCH_URN], Operations: ops });
const wrikeResponse = () => ({
  kind: 'customfields',
  data: [
    { id: FIELD_ID, accountId: 'IEAAAAAA', title: 'Completed Induction', type: 'Checkbox', applicableEntityTypes: ['User'] },
    { id: 'IEAGWMBBJUAK4G7K', title: 'T-shirt size', type: 'DropDown', settings: { values: ['S', 'M', 'L'] } },
    { id: 'IEAGWMBBJUAK4G7L', title: 'Task only', type: 'Text', applicableEntityTypes: ['Task'] },
  ],
});

const NEW_ERRORS = {
  InvalidFilterError: 'invalid_filter',
  InvalidPathError: 'invalid_path',
  PatchFailedError: 'patch_failed',
  InvalidCustomFieldError: 'invalid_custom_field',
  InvalidProfileError: 'invalid_profile',
  InvalidEmailError: 'invalid_email',
};

function thrown(fn) {
  try {
    fn();
  } catch (err) {
    return err;
  }
  assert.fail('expected an exception');
}

function assertScimError(err, Cls, fields = {}) {
  assert.ok(err instanceof Cls, `expected ${Cls.name}, got ${err?.name}: ${err?.message}`);
  assert.ok(err instanceof ScimError);
  assert.ok(err instanceof Error);
  assert.equal(err.name, Cls.name);
  assert.ok(err.message.length > 0);
  for (const [k, v] of Object.entries(fields)) assert.deepEqual(err[k], v, `${Cls.name}.${k}`);
}

/**
 * A bad argument is refused: by the core (a ScimError naming the argument or option; the same in
 * every runtime), or by JSON.stringify's own TypeError (a BigInt, a cycle) before it.
 */
function assertTypeError(fn, what) {
  const err = thrown(fn);
  const refused = err instanceof ScimError || (err instanceof TypeError && /BigInt|circular/i.test(err.message));
  assert.ok(refused, `${what}: expected a ScimError, got ${err?.name}: ${err?.message}`);
  if (err instanceof ScimError) {
    assert.ok(
      ['invalid_argument', 'invalid_option', 'invalid_json', 'not_an_object'].includes(err.code),
      `${what}: ${err.code}: ${err.message}`,
    );
  }
}

test('the new functions, ScimFilter and the new error classes are exported', () => {
  for (const name of [
    'parseFilter',
    'parsePath',
    'filterResources',
    'applyPatch',
    'customFieldAttribute',
    'parseCustomFieldAttribute',
    'customFieldsFromWrike',
    'extensionSchema',
    'checkDomain',
    'wrikeView',
    'plan',
    'ScimFilter',
  ]) {
    assert.equal(typeof scimgate[name], 'function', name);
  }
  for (const method of ['applyPatch', 'view', 'plan', 'parseFilter']) {
    assert.equal(typeof Validator.prototype[method], 'function', `Validator.prototype.${method}`);
  }
  for (const [name, code] of Object.entries(NEW_ERRORS)) {
    const Cls = scimgate[name];
    assert.equal(typeof Cls, 'function', name);
    assert.ok(Cls.prototype instanceof ScimError, `${name} extends ScimError`);
    const err = new Cls('boom');
    assert.equal(err.code, code);
    assert.equal(err.name, name);
    assert.equal(err.message, 'boom');
    assert.equal(err.status, 400);
  }
  const pf = new PatchFailedError('x', { scimType: 'noTarget', index: 2 });
  assert.equal(pf.scimType, 'noTarget');
  assert.equal(pf.index, 2);
  assert.equal(new PatchFailedError('x').index, null);
  assert.equal(new PatchFailedError('x').scimType, 'invalidSyntax');
  assert.equal(new InvalidFilterError('x', { offset: 3, expected: 'a value' }).offset, 3);
  assert.equal(new InvalidProfileError('x', { path: 'userTypes' }).path, 'userTypes');
});

test('parseFilter gives a reusable ScimFilter: canonical toString, source text, matches', () => {
  const text = 'userName Eq "ADA@acme.com" and (emails[type eq "work" and value co "@acme"] or active pr)';
  const f = parseFilter(text);
  assert.ok(f instanceof ScimFilter);
  assert.equal(f.text, text);
  const canonical = 'userName eq "ADA@acme.com" and (emails[type eq "work" and value co "@acme"] or active pr)';
  assert.equal(f.toString(), canonical);
  assert.equal(`${f}`, canonical);
  assert.equal(String(parseFilter(canonical)), canonical, 'the canonical text parses back to itself');

  // One parse, many evaluations.
  assert.equal(f.matches(user()), true, 'userName is caseExact=false');
  assert.equal(f.matches(JSON.stringify(user())), true, 'JSON text');
  for (let i = 0; i < 300; i++) {
    assert.equal(f.matches({ ...user(), userName: `u${i}@acme.com` }), false);
  }
  assert.equal(f.matches({ ...user(), emails: [{ value: 'ada@other.org', type: 'work' }] }), false);
  // Anything but an object never matches.
  assert.equal(f.matches([]), false);
  assert.equal(f.matches('42'), false);

  // dateTime compared as instants; presence; not.
  assert.equal(parseFilter('meta.lastModified gt "2020-01-01T00:00:00Z"').matches({ meta: { lastModified: '2020-01-01T00:30:00+00:10' } }), true);
  assert.equal(parseFilter('not (title pr)').matches(user()), false);
  assert.equal(parseFilter('not (title pr)').matches({ userName: 'x' }), true);
});

test('parseFilter options: the resource type and the Entra value-path comparison', () => {
  const group1 = group();
  assert.equal(parseFilter('displayName eq "engineering"', { resourceType: 'Group' }).matches(group1), true);
  assert.equal(parseFilter('members[value eq "u2"]', { resourceType: 'Group' }).matches(group1), true);

  const entra = 'emails[type eq "work"].value eq "ada@acme.com"';
  const strict = thrown(() => parseFilter(entra));
  assertScimError(strict, InvalidFilterError, { code: 'invalid_filter', scimType: 'invalidFilter', status: 400, offset: 22 });
  assert.equal(typeof strict.expected, 'string');
  assert.ok(strict.expected.length > 0);
  for (const options of [{ mode: 'lenient' }, { dialect: 'entra' }, { dialect: { valuePathCompare: true } }]) {
    const f = parseFilter(entra, options);
    assert.equal(f.matches(user()), true, JSON.stringify(options));
    assert.equal(String(f), entra);
  }
  const v = new Validator({ dialect: 'entra' });
  assert.equal(v.parseFilter(entra).matches(user()), true);
  assert.ok(v.parseFilter('userName pr') instanceof ScimFilter);
});

test('invalid filters throw InvalidFilterError with the byte offset and what was expected', () => {
  const cases = [
    ['userName eq', 11],
    ['(userName pr', 12],
    ['userName xx "a"', 9],
    ['', 0],
  ];
  for (const [text, offset] of cases) {
    const err = thrown(() => parseFilter(text));
    assertScimError(err, InvalidFilterError, { code: 'invalid_filter', offset });
    assert.equal(typeof err.expected, 'string');
  }
  // Offsets count UTF-8 bytes: "é" is two.
  assert.equal(thrown(() => parseFilter('title eq "é" and')).offset, 17);
  // Limits: length and nesting.
  assertScimError(thrown(() => parseFilter(`${'a'.repeat(10_000)} pr`)), InvalidFilterError, { offset: 0 });
  assertScimError(thrown(() => parseFilter(`${'('.repeat(1000)}a pr${')'.repeat(1000)}`)), InvalidFilterError);
  // The error renders as a SCIM error body.
  const body = toScimError(thrown(() => parseFilter('userName eq')));
  assert.equal(body.scimType, 'invalidFilter');
  assert.equal(body.status, '400');
});

test('filterResources: text or ScimFilter, arrays or JSON text, empty for no match', () => {
  const users = [
    { schemas: [USER_URN], userName: 'ada@acme.com', active: true },
    { schemas: [USER_URN], userName: 'bob@acme.com', active: false },
    { schemas: [USER_URN], userName: 'cy@other.org', active: true },
  ];
  const hits = filterResources('userName ew "@ACME.com"', users);
  assert.deepEqual(hits, [users[0], users[1]]);
  assert.equal(hits[0], users[0], 'the caller\'s own objects come back');
  assert.deepEqual(filterResources(parseFilter('active eq true'), users), [users[0], users[2]]);
  assert.deepEqual(filterResources('id eq "4b7c6f3e-0000-4000-8000-000000000000"', users), [], 'a random-GUID probe gets an empty list');
  assert.deepEqual(filterResources('userName pr', []), []);

  // JSON text of an array: plain copies come back.
  const fromText = filterResources('active eq false', JSON.stringify(users));
  assert.deepEqual(fromText, [users[1]]);
  assert.notEqual(fromText[0], users[1]);
  // Elements may be JSON text themselves.
  assert.deepEqual(filterResources('userName sw "cy"', users.map((u) => JSON.stringify(u))), [JSON.stringify(users[2])]);

  // A ScimFilter evaluates with its own options unless others are given.
  const groups = [group(), { ...group(), id: 'g2', displayName: 'Sales' }];
  const byName = parseFilter('displayName eq "SALES"', { resourceType: 'Group' });
  assert.deepEqual(filterResources(byName, groups), [groups[1]]);
  assert.deepEqual(filterResources(byName, groups, { resourceType: 'Group' }), [groups[1]]);
  assert.deepEqual(filterResources('displayName eq "sales"', groups, { resourceType: 'Group' }), [groups[1]]);
  // The same filter stays usable after use.
  assert.equal(byName.matches(groups[1]), true);

  assertScimError(thrown(() => filterResources('userName eq', users)), InvalidFilterError, { offset: 11 });
  assertScimError(thrown(() => filterResources('userName pr', '[1,')), InvalidJsonError);
  assertScimError(thrown(() => filterResources('userName pr', [{ userName: 'x'.repeat(100) }], { maxBytes: 50 })), PayloadTooLargeError);
});

test('parsePath splits URN-qualified paths after the schema URN, with value filters and sub-attributes', () => {
  assert.deepEqual(parsePath('emails[type eq "work"].value'), {
    urn: null,
    name: 'emails',
    filter: 'type eq "work"',
    sub: 'value',
    text: 'emails[type eq "work"].value',
  });
  assert.deepEqual(parsePath(`${ENTERPRISE_URN}:manager.value`), {
    urn: ENTERPRISE_URN,
    name: 'manager',
    filter: null,
    sub: 'value',
    text: `${ENTERPRISE_URN}:manager.value`,
  });
  assert.equal(parsePath('name.givenName').sub, 'givenName');
  assert.equal(parsePath('members[value EQ "u1"]').filter, 'value eq "u1"');
  const err = thrown(() => parsePath('emails['));
  assertScimError(err, InvalidPathError, { code: 'invalid_path', scimType: 'invalidPath', status: 400, offset: 7 });
  assert.ok(err.expected.length > 0);
  assertScimError(thrown(() => parsePath('')), InvalidPathError);
  assertScimError(thrown(() => parsePath('emails[type eq "work"].value.extra')), InvalidPathError);
});

test('applyPatch: RFC semantics, membership deltas, JSON text, and the Validator method', () => {
  const out = applyPatch(
    group(),
    patchOf({ op: 'add', path: 'members', value: [{ value: 'u3' }, { value: 'u1' }] }, { op: 'remove', path: 'members[value eq "u1"]' }),
    { resourceType: 'Group' },
  );
  assert.deepEqual(Object.keys(out).sort(), ['changes', 'members', 'report', 'resource']);
  assert.deepEqual(out.members, { added: ['u3'], removed: ['u1'] });
  assert.deepEqual(out.resource.members, [{ value: 'u2' }, { value: 'u3' }]);
  assert.equal(out.report.valid, true);
  assert.ok(out.changes.every((c) => typeof c.code === 'string' && typeof c.path === 'string'));

  const p = patchOf(
    { op: 'replace', path: 'title', value: 'Director' },
    { op: 'add', path: 'emails', value: [{ value: 'ada2@acme.com', type: 'other', primary: true }] },
  );
  const u = applyPatch(user(), p);
  assert.equal(u.resource.title, 'Director');
  assert.equal(u.resource.emails.filter((e) => e.primary === true).length, 1, 'a new primary clears the old one');
  assert.deepEqual(applyPatch(JSON.stringify(user()), JSON.stringify(p)), u);
  assert.deepEqual(new Validator().applyPatch(user(), p), u);
  // The input object is never modified.
  const input = user();
  applyPatch(input, p);
  assert.deepEqual(input, user());
});

test('applyPatch failures: PatchFailedError with scimType and the failing operation index', () => {
  const cases = [
    [patchOf({ op: 'replace', path: 'title', value: 'x' }, { op: 'replace', path: 'id', value: 'y' }), 'mutability', 1],
    [patchOf({ op: 'remove', path: 'emails[type eq "fax"]' }), 'noTarget', 0],
    [patchOf({ op: 'replace', path: 'emails[type eq', value: 'x' }), 'invalidPath', 0],
    [patchOf({ op: 'Replace', path: 'title', value: 'x' }), 'invalidSyntax', 0],
    [patchOf(), 'invalidSyntax', null],
    [{ Operations: 'nope' }, 'invalidSyntax', null],
  ];
  for (const [patch, scimType, index] of cases) {
    const err = thrown(() => applyPatch(user(), patch));
    assertScimError(err, PatchFailedError, { code: 'patch_failed', scimType, index, status: 400 });
    assert.equal(toScimError(err).scimType, scimType);
  }
  // Dialects: Entra's capitalized op and empty Operations are accepted, each quirk a warning.
  const entra = applyPatch(user(), patchOf({ op: 'Replace', path: 'title', value: 'x' }), { dialect: 'entra' });
  assert.equal(entra.resource.title, 'x');
  assert.ok(entra.changes.some((c) => c.severity === 'warning' && c.path === 'Operations[0].op'), JSON.stringify(entra.changes));
  assert.deepEqual(applyPatch(user(), patchOf(), { dialect: 'entra' }).resource, user());
  // maxOperations.
  const many = patchOf(...Array.from({ length: 3 }, (_, i) => ({ op: 'replace', path: 'title', value: `t${i}` })));
  assertScimError(thrown(() => applyPatch(user(), many, { maxOperations: 2 })), PatchFailedError, { index: null });
  assert.equal(applyPatch(user(), many, { maxOperations: 3 }).resource.title, 't2');
  assertScimError(thrown(() => applyPatch(user(), many, { maxOperations: 0 })), InvalidOptionError, { option: 'maxOperations' });
});

test('custom fields: attribute names, parsing, the Wrike API response, the extension schema', () => {
  assert.equal(customFieldAttribute(FIELD_ID, 'Completed Induction'), `${FIELD_ID}_Completed_Induction`);
  assert.equal(customFieldAttribute(FIELD_ID, '  Año   fiscal (2024)! '), `${FIELD_ID}_Ano_fiscal_2024`);
  assert.equal(customFieldAttribute(FIELD_ID, '入社日'), FIELD_ID);
  for (const [id, title] of [['short', 'x'], ['ieagwmbbjuak4g7j', 'x']]) {
    assertScimError(thrown(() => customFieldAttribute(id, title)), InvalidCustomFieldError, { code: 'invalid_custom_field' });
  }

  assert.deepEqual(parseCustomFieldAttribute(`${FIELD_ID}_Completed_Induction`), { id: FIELD_ID, title: 'Completed_Induction' });
  assert.deepEqual(parseCustomFieldAttribute(`${WRIKE_URN}:${FIELD_ID}_Completed_Induction`), {
    schema: WRIKE_URN,
    id: FIELD_ID,
    title: 'Completed_Induction',
  });
  assertScimError(thrown(() => parseCustomFieldAttribute('userType')), InvalidCustomFieldError);

  const fields = customFieldsFromWrike(wrikeResponse());
  assert.deepEqual(fields, [
    { id: FIELD_ID, title: 'Completed Induction', type: 'Checkbox' },
    { id: 'IEAGWMBBJUAK4G7K', title: 'T-shirt size', type: 'DropDown', options: ['S', 'M', 'L'] },
  ]);
  assert.deepEqual(customFieldsFromWrike(JSON.stringify(wrikeResponse())), fields);
  assert.deepEqual(customFieldsFromWrike(wrikeResponse().data), fields);
  assertScimError(thrown(() => customFieldsFromWrike({ items: [] })), InvalidCustomFieldError);
  assertScimError(thrown(() => customFieldsFromWrike({ data: [{ id: 'bad', title: 'x' }] })), InvalidCustomFieldError);

  const schema = extensionSchema(wrikeResponse());
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
  // The catalog may also be a list of fields (customFieldsFromWrike's own output).
  assert.deepEqual(
    extensionSchema(fields, { profile: 'wrike' }).attributes.map((a) => a.name),
    schema.attributes.map((a) => a.name),
  );
  assertScimError(thrown(() => extensionSchema({ nope: true })), InvalidCustomFieldError);
});

test('customFieldUrn: the attribute qualified by the Wrike extension URN, or by another', () => {
  assert.equal(customFieldUrn(FIELD_ID, 'Completed Induction'), `${WRIKE_URN}:${FIELD_ID}_Completed_Induction`);
  assert.equal(
    customFieldUrn(FIELD_ID, 'Completed Induction', 'urn:example:scim:schemas:extension:acme:2.0:User'),
    `urn:example:scim:schemas:extension:acme:2.0:User:${FIELD_ID}_Completed_Induction`,
  );
  assertScimError(thrown(() => customFieldUrn('short', 'x')), InvalidCustomFieldError, { code: 'invalid_custom_field' });
});

test('checkDomain: exact or subdomain, case-insensitive, punycode, and no crafted address passes', () => {
  assert.deepEqual(checkDomain('ada@Example.COM', ['@example.com']), { approved: true, domain: 'example.com', matched: 'example.com' });
  assert.deepEqual(checkDomain('ada@sales.example.com', ['example.com']), { approved: false, domain: 'sales.example.com' });
  assert.equal(checkDomain('ada@sales.example.com', ['example.com'], { allowSubdomains: true }).approved, true);
  for (const address of ['ada@example.com.evil.io', 'ada@evil-example.com', 'ada@exаmple.com' /* Cyrillic а */]) {
    assert.equal(checkDomain(address, ['example.com'], { allowSubdomains: true }).approved, false, address);
  }
  assert.equal(checkDomain('ada@bücher.example', ['xn--bcher-kva.example']).approved, true);
  assert.equal(checkDomain('ada@xn--bcher-kva.example', ['BÜCHER.example']).domain, 'xn--bcher-kva.example');
  for (const address of ['"ada@example.com"@evil.io', 'ada@evil.io@example.com', 'ada(x)@example.com', 'ada @example.com', 'ada%40example.com', 'ada', '']) {
    assertScimError(thrown(() => checkDomain(address, ['example.com'])), InvalidEmailError, { code: 'invalid_email', status: 400 });
  }
  assertScimError(thrown(() => checkDomain('ada@example.com', ['not a domain'])), InvalidOptionError, { option: 'approvedDomains' });
  assertScimError(thrown(() => checkDomain('ada@example.com', ['example.com'], { allowSubdomains: 'yes' })), InvalidOptionError);
});

test('wrikeView: what Wrike stores, the login email, and what the payload omits', () => {
  const view = wrikeView(user());
  assert.deepEqual(
    { ...view },
    {
      userName: 'ada@acme.com',
      givenName: 'Ada',
      familyName: 'Lovelace',
      email: 'ada@acme.com',
      title: 'Engineer',
      phone: '+1 555 0199',
      organization: 'Acme',
      department: 'Research',
      userType: 'Regular',
      userTypeDefaulted: true,
      customFields: {},
      active: true,
      loginEmail: 'ada@acme.com',
      loginEmailSource: 'userName',
      omitted: [],
    },
  );
  const sparse = wrikeView({ schemas: [USER_URN], userName: 'ada', emails: [{ value: 'ada@acme.com' }], active: false });
  assert.equal(sparse.loginEmail, 'ada@acme.com');
  assert.equal(sparse.loginEmailSource, 'emails[0].value');
  assert.equal(sparse.active, false);
  assert.deepEqual(sparse.omitted, ['givenName', 'familyName', 'title', 'phone', 'organization', 'department']);

  const typed = {
    ...user(),
    schemas: [USER_URN, ENTERPRISE_URN, WRIKE_URN],
    [WRIKE_URN]: { userType: 'wrike_external', [`${FIELD_ID}_Completed_Induction`]: true },
  };
  const options = { profile: 'wrike', userTypes: { aliases: { wrike_external: 'External' } }, customFields: wrikeResponse() };
  const v = wrikeView(typed, options);
  assert.equal(v.userType, 'External');
  assert.equal(v.userTypeDefaulted, false);
  assert.deepEqual(v.customFields, { [`${FIELD_ID}_Completed_Induction`]: true });
  assert.deepEqual(new Validator(options).view(typed), v);
  assert.deepEqual(wrikeView(JSON.stringify(typed), options), v);
  // A Validator needs the profile; the function defaults it to wrike.
  // Without a profile option, the view uses the built-in default profile, as wrikeView does.
  assert.deepEqual(new Validator().view(user()), wrikeView(user()));
});

test('plan: create, reject, update with kept attributes, deactivate, groups', () => {
  const body = user();
  const created = plan({ method: 'POST', body }, { approvedDomains: ['acme.com'] });
  assert.equal(created.action, 'create');
  assert.equal(created.billable, true);
  assert.equal(created.resourceType, 'User');
  assert.equal(typeof created.summary, 'string');
  assert.ok(created.changes.some((c) => c.attribute === 'title' && c.from === null && c.to === 'Engineer'));
  assert.equal(created.resource.userName, 'ada@acme.com');
  assert.deepEqual(plan({ method: 'post', body: JSON.stringify(body) }, { approvedDomains: ['acme.com'] }), created);

  const rejected = plan({ method: 'POST', body }, { approvedDomains: ['contoso.com'] });
  assert.equal(rejected.action, 'reject');
  assert.equal(rejected.billable, false);
  assert.ok(rejected.issues.some((i) => i.code === 'domain_not_approved' && i.severity === 'error'), JSON.stringify(rejected.issues));
  assert.ok(!('resource' in rejected));

  const put = plan({ method: 'PUT', body: { schemas: [USER_URN], userName: 'ada@acme.com', title: 'Director' }, current: body });
  assert.equal(put.action, 'update');
  assert.deepEqual(put.changes, [{ attribute: 'title', from: 'Engineer', to: 'Director' }]);
  assert.deepEqual([...put.kept].sort(), ['department', 'familyName', 'givenName', 'organization', 'phone', 'userType']);

  const off = plan({ method: 'PATCH', body: patchOf({ op: 'replace', path: 'active', value: false }), current: body });
  assert.equal(off.action, 'deactivate');
  assert.equal(plan({ method: 'DELETE' }).action, 'deactivate');
  assert.equal(plan({ method: 'DELETE', body: null, current: undefined }).action, 'deactivate');

  const g = plan({ method: 'PATCH', body: patchOf({ op: 'add', path: 'members', value: [{ value: 'u9' }] }), current: group() }, { resourceType: 'Group' });
  assert.equal(g.action, 'update');
  assert.deepEqual(g.members, { added: ['u9'], removed: [] });

  const v = new Validator({ profile: 'wrike', approvedDomains: ['acme.com'] });
  assert.deepEqual(v.plan({ method: 'POST', body }), created);
  assert.deepEqual(new Validator().plan({ method: 'POST', body }), plan({ method: 'POST', body }));
  assertScimError(thrown(() => plan({ method: 'GET' })), InvalidOptionError, { option: 'method' });
  assertScimError(thrown(() => plan({ method: 'PATCH', body: patchOf() })), InvalidOptionError, { option: 'current' });
  // A PATCH that cannot apply is a rejection with the failure as an issue.
  const bad = plan({ method: 'PATCH', body: patchOf({ op: 'replace', path: 'id', value: 'x' }), current: body });
  assert.equal(bad.action, 'reject');
  assert.ok(bad.issues.some((i) => i.code === 'patch_failed' && i.scimType === 'mutability'), JSON.stringify(bad.issues));
});

test('profile options reach check; bad profiles and dialects throw', () => {
  const report = check(user(), { profile: 'wrike', approvedDomains: ['contoso.com'] });
  assert.ok(report.issues.some((i) => i.code === 'domain_not_approved'), JSON.stringify(report.issues));
  assert.ok(!check(user(), { profile: 'wrike', approvedDomains: ['@ACME.com'] }).issues.some((i) => i.code === 'domain_not_approved'));
  const unknownType = check({ ...user(), schemas: [USER_URN, WRIKE_URN], [WRIKE_URN]: { userType: 'Boss' } }, { profile: 'wrike' });
  assert.equal(unknownType.valid, false);

  assertScimError(thrown(() => new Validator({ profile: { extends: 'wrike', userTypes: { values: [] } } })), InvalidProfileError, {
    code: 'invalid_profile',
    path: 'userTypes.values',
  });
  assertScimError(thrown(() => check(user(), { profile: { name: 'x' } })), InvalidProfileError, { path: 'extension' });
  assertScimError(thrown(() => check(user(), { profile: 'okta' })), InvalidOptionError, { option: 'profile' });
  assertScimError(thrown(() => check(user(), { dialect: 'azure' })), InvalidOptionError, { option: 'dialect' });
  // Account settings without a profile use the default profile, whose rules then run.
  assert.ok(check(user(), { userTypes: ['A'] }).issues.some((i) => i.code === 'user_type_defaulted'));

  const v = new Validator({ profile: 'wrike', dialect: { preset: 'entra', capitalizedOps: false }, maxOperations: 10, approvedDomains: ['acme.com'], allowSubdomains: true });
  assert.equal(v.options.profile, 'wrike');
  // The resolved options give the dialect as its switches; they read back the same.
  assert.equal(v.options.dialect.capitalizedOps, false);
  assert.equal(v.options.dialect.stringBooleans, true);
  assert.deepEqual(new Validator(v.options).options, v.options);
  assert.equal(v.options.maxOperations, 10);
  assert.deepEqual(v.options.approvedDomains, ['acme.com']);
  assert.equal(v.options.allowSubdomains, true);
});

test('arguments of the wrong JS type are refused with a clear error', () => {
  const notString = [undefined, null, 42, {}, ['a'], () => 'x', 1n, Symbol('s')];
  for (const bad of notString) {
    const what = typeof bad === 'symbol' ? 'symbol' : String(bad);
    assertTypeError(() => parseFilter(bad), `parseFilter(${what})`);
    assertTypeError(() => parsePath(bad), `parsePath(${what})`);
    assertTypeError(() => new Validator().parseFilter(bad), `Validator.parseFilter(${what})`);
    assertTypeError(() => customFieldAttribute(bad, 'x'), `customFieldAttribute(${what}, 'x')`);
    assertTypeError(() => customFieldAttribute(FIELD_ID, bad), `customFieldAttribute(id, ${what})`);
    assertTypeError(() => parseCustomFieldAttribute(bad), `parseCustomFieldAttribute(${what})`);
    assertTypeError(() => checkDomain(bad, ['example.com']), `checkDomain(${what}, [...])`);
  }
  for (const bad of [undefined, () => ({}), 1n, Symbol('s')]) {
    const what = typeof bad === 'symbol' ? 'symbol' : String(bad);
    assertTypeError(() => applyPatch(bad, patchOf()), `applyPatch(${what}, patch)`);
    assertTypeError(() => applyPatch(user(), bad), `applyPatch(user, ${what})`);
    assertTypeError(() => new Validator().applyPatch(user(), bad), `Validator.applyPatch(user, ${what})`);
    assertTypeError(() => wrikeView(bad), `wrikeView(${what})`);
    assertTypeError(() => new Validator({ profile: 'wrike' }).view(bad), `Validator.view(${what})`);
    assertTypeError(() => customFieldsFromWrike(bad), `customFieldsFromWrike(${what})`);
    assertTypeError(() => extensionSchema(bad), `extensionSchema(${what})`);
    assertTypeError(() => parseFilter('userName pr').matches(bad), `ScimFilter.matches(${what})`);
  }
  // filterResources: the filter is a string or a ScimFilter, the resources an array or JSON text.
  for (const bad of [undefined, null, 42, {}, { toString: () => 'userName pr' }, Object.create(ScimFilter.prototype.constructor), new Validator()]) {
    assertTypeError(() => filterResources(bad, []), `filterResources(${Object.prototype.toString.call(bad)}, [])`);
  }
  for (const bad of [undefined, null, 42, {}, { length: 1, 0: {} }]) {
    assertTypeError(() => filterResources('userName pr', bad), `filterResources(filter, ${JSON.stringify(bad)})`);
    assertTypeError(() => filterResources(parseFilter('userName pr'), bad), `filterResources(ScimFilter, ${JSON.stringify(bad)})`);
  }
  assertTypeError(() => filterResources('userName pr', [user(), undefined]), 'filterResources with an undefined element');
  assertTypeError(() => filterResources('userName pr', '{"userName": "x"}'), 'filterResources with JSON text of an object');
  // checkDomain: approved is an array of strings; options an object.
  for (const bad of [undefined, 'example.com', { 0: 'example.com' }, [42], ['a.com', null]]) {
    assertTypeError(() => checkDomain('ada@example.com', bad), `checkDomain(address, ${JSON.stringify(bad)})`);
  }
  assertTypeError(() => checkDomain('ada@example.com', ['example.com'], true), 'checkDomain options true');
  // plan: the request is {method, body?, current?} with a string method.
  for (const bad of [undefined, null, 'POST', ['POST'], {}, { method: 1 }, { method: 'DELETE', current: () => 1 }]) {
    assertTypeError(() => plan(bad), `plan(${String(bad)})`);
    assertTypeError(() => new Validator({ profile: 'wrike' }).plan(bad), `Validator.plan(${String(bad)})`);
  }
  // Options must be an object everywhere.
  for (const call of [
    () => parseFilter('userName pr', 'lenient'),
    () => parsePath('userName', 1),
    () => filterResources('userName pr', [], []),
    () => filterResources(parseFilter('userName pr'), [], 'x'),
    () => applyPatch(user(), patchOf(), true),
    () => extensionSchema([], 'wrike'),
    () => wrikeView(user(), 'wrike'),
    () => plan({ method: 'DELETE' }, ['wrike']),
  ]) {
    assertTypeError(call, String(call));
  }
});
