// The package's default import in a server-side runtime (Node, Deno, Bun): ready at import.
import { check, ready, init, InvalidJsonError, ScimError } from 'scimgate';

const early = check({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'ada@example.com' }).valid;
await ready;
await init(); // already loaded: resolves at once
let thrown;
try {
  check('{"userName": ');
} catch (err) {
  thrown = [err.name, err instanceof InvalidJsonError && err instanceof ScimError, err.line];
}
console.log(JSON.stringify({ entry: import.meta.resolve('scimgate').replace(/^.*\//, ''), early, thrown }));
