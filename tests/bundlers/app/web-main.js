// scimgate/web with the .wasm imported as an asset (the package exports it): the bundler copies
// it and gives its URL; init() loads it from there.
import init, { check, ready } from 'scimgate/web';
import wasmUrl from 'scimgate/scimgate_bg.wasm';

const result = { errors: [] };
init(wasmUrl)
  .then(() => ready)
  .then(() => {
    result.wasmUrl = String(wasmUrl);
    result.valid = check({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'ada@example.com' }).valid;
  })
  .catch((err) => result.errors.push(String(err)))
  .finally(() => {
    window.__result = result;
    document.getElementById('out').textContent = JSON.stringify(result);
  });
