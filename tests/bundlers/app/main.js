// A page that uses the package's default entry as an app would: calls before `ready` throw a
// clear error; after it, the API and its error classes work; a module Worker that imports the
// package gets messages posted right after its creation, and answers every one.
import { ready, check, InvalidJsonError, ScimError } from 'scimgate';

const USER = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'ada@example.com' };
const N = 24;
const result = { errors: [] };

try {
  check(USER);
  result.before = 'no error';
} catch (err) {
  result.before = err instanceof ScimError ? 'ScimError' : err.message;
}

const answers = [];
const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
const workerDone = new Promise((resolve) => {
  worker.onmessage = (event) => {
    answers.push(event.data);
    if (answers.length === N) resolve();
  };
  worker.onerror = (event) => {
    result.errors.push(`worker: ${event.message}`);
    resolve();
  };
  // A lost message is never answered: report what came within 20 s.
  setTimeout(resolve, 20_000);
});
// Posted before the worker's module has even loaded: none may be lost.
for (let i = 0; i < N; i += 1) worker.postMessage({ i, body: i % 3 === 0 ? '{"userName": ' : { ...USER, userName: i % 2 ? `u${i}@example.com` : 'not an address' } });

ready
  .then(() => {
    result.valid = check(USER).valid;
    try {
      check('{"userName": ');
    } catch (err) {
      result.thrown = [err.name, err instanceof InvalidJsonError && err instanceof ScimError, err.line];
    }
    return workerDone;
  })
  .then(() => {
    result.answers = answers.sort((a, b) => a.i - b.i);
  })
  .catch((err) => result.errors.push(String(err)))
  .finally(() => {
    window.__result = result;
    document.getElementById('out').textContent = JSON.stringify(result);
  });
