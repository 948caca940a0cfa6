// Passwords never leave, seen from JS: every entry point × dialect × mode with a marker password.
// No issue (of checkPatch too), change, error message, error field (a failed PATCH's issues) or
// error body carries it; with the Wrike profile
// (whose target stores no passwords) no result carries it at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  check,
  normalize,
  applyPatch,
  checkPatch,
  plan,
  wrikeView,
  parseFilter,
  parsePath,
  filterResources,
  toScimError,
  Validator,
  ScimError,
} from 'scimgate';

const MARKER = 'MARKER-pa55-w0rd';
const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const PARTS = ['MARKER', 'pa55', 'w0rd'];

function clean(what, value) {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  for (const part of PARTS) assert.ok(!text.includes(part), `${what} leaks the password: ${text}`);
}

function cleanError(what, e) {
  assert.ok(e instanceof ScimError, `${what}: ${e}`);
  clean(`${what} message`, e.message);
  clean(`${what} string`, String(e));
  clean(`${what} fields`, Object.fromEntries(Object.entries(e)));
  clean(`${what} toJSON`, e.toJSON());
  clean(`${what} body`, toScimError(e));
}

/** Run `f`; a ScimError must be clean, a result is handed back. */
function run(what, f) {
  try {
    return f();
  } catch (e) {
    cleanError(what, e);
    return undefined;
  }
}

const user = { schemas: [USER_URN], userName: 'ada@acme.com', password: MARKER, emails: [{ value: 'ada@acme.com', primary: true }] };
const bodies = [
  user,
  { schemas: [USER_URN], userName: 'ada@acme.com', password: [MARKER] },
  { schemas: [USER_URN], userName: 'ada@acme.com', PASSWORD: MARKER, password: MARKER },
  { schemas: [USER_URN], userName: 'ada@acme.com', [`${USER_URN}:password`]: MARKER },
];
const patches = [
  { op: 'replace', path: 'password', value: MARKER },
  { op: 'Replace', path: 'password', value: { x: MARKER } },
  { op: 'add', value: { password: MARKER } },
  { op: 'replace', path: `password[value eq "${MARKER}"]`, value: 'x' },
  { op: 'remove', path: 'password', value: MARKER },
  // Several problems in one operation: checkPatch and a failed apply list them all.
  { op: 'Add', value: { password: [MARKER], name: { bogus: MARKER }, x: MARKER } },
  { op: 'remove', path: 'name.givenName', value: MARKER },
].map((op) => ({ schemas: [PATCH_URN], Operations: [op] }));

test('no message, error or error body carries a password; the Wrike profile drops it from results', () => {
  for (const dialect of ['rfc', 'entra', 'entra-aadOptscim062020', 'okta', 'onelogin']) {
    for (const mode of ['strict', 'lenient']) {
      for (const operation of ['create', 'replace', 'response']) {
        for (const profile of [undefined, 'wrike']) {
          const options = { dialect, mode, operation, ...(profile ? { profile, approvedDomains: ['acme.com'] } : {}) };
          const ctx = JSON.stringify(options);
          const v = new Validator(options);
          for (const body of bodies) {
            for (const report of [check(body, options), v.check(JSON.stringify(body))]) {
              for (const i of report.issues) clean(`check ${ctx} issue ${i.code}`, [i.message, i.path]);
              const bodyOut = toScimError(report);
              if (bodyOut) clean(`check ${ctx} error body`, bodyOut);
            }
            const n = run(`normalize ${ctx}`, () => normalize(body, options));
            if (n) {
              for (const c of n.changes) clean(`normalize ${ctx} change ${c.code}`, [c.message, c.path]);
              if (profile) clean(`normalized resource ${ctx}`, n.resource);
            }
            if (profile) {
              clean(`view ${ctx}`, run(`view ${ctx}`, () => wrikeView(body, options)) ?? {});
              for (const method of ['POST', 'PUT']) {
                clean(`plan ${method} ${ctx}`, run(`plan ${ctx}`, () => plan({ method, body, current: user }, options)) ?? {});
              }
            }
          }
          for (const p of patches) {
            const out = run(`applyPatch ${ctx} ${JSON.stringify(p)}`, () => applyPatch(user, p, options));
            if (out) {
              for (const c of [...out.changes, ...out.report.issues]) clean(`patch ${ctx} ${c.code}`, [c.message, c.path]);
              if (profile) clean(`patched resource ${ctx}`, out.resource);
            }
            for (const report of [checkPatch(p, options), v.checkPatch(JSON.stringify(p))]) {
              for (const i of report.issues) clean(`checkPatch ${ctx} issue ${i.code}`, [i.message, i.path, i.loc]);
              const bodyOut = toScimError(report);
              if (bodyOut) clean(`checkPatch ${ctx} error body`, bodyOut);
            }
            if (profile) clean(`plan PATCH ${ctx}`, run('plan', () => plan({ method: 'PATCH', body: p, current: user }, options)) ?? {});
          }
        }
      }
    }
  }
});

test('filters cannot be an oracle on the password, and their errors never echo it', () => {
  for (const text of [`password eq "${MARKER}"`, `password eq "${MARKER}`, `password eq ${MARKER}`, `userName eq "x" or password sw "${MARKER}"`]) {
    run(`parseFilter ${text}`, () => parseFilter(text));
    run(`parsePath ${text}`, () => parsePath(text));
    assert.throws(() => new Validator().parseFilter(text), ScimError, text);
    run(`filterResources ${text}`, () => filterResources(text, [user]));
    assert.throws(() => filterResources(text, [user]), ScimError, `${text} must be refused, never matched`);
  }
});
