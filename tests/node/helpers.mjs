// Helpers shared by the Node test files.
import assert from 'node:assert/strict';

import { ScimError } from 'scimgate';

/** Call fn, expect it to throw, and return what it threw. */
export function thrown(fn) {
  try {
    fn();
  } catch (err) {
    return err;
  }
  assert.fail('expected an exception');
}

/** Assert err is a ScimError of class Cls (an Error with a name, message and stack) with the
 * given fields. */
export function assertScimError(err, Cls, fields = {}) {
  assert.ok(err instanceof Cls, `expected ${Cls.name}, got ${err?.name}: ${err?.message}`);
  assert.ok(err instanceof ScimError && err instanceof Error);
  assert.equal(err.name, Cls.name);
  assert.ok(typeof err.message === 'string' && err.message.length > 0);
  assert.equal(typeof err.stack, 'string');
  for (const [k, v] of Object.entries(fields)) assert.deepEqual(err[k], v, `${Cls.name}.${k}`);
}
