// The package by require() (the ES module of the Node entry, which Node >= 20.19, Bun and Deno load).
const { check, InvalidJsonError, ScimError } = require('scimgate');

let thrown;
try {
  check('{"userName": ');
} catch (err) {
  thrown = [err.name, err instanceof InvalidJsonError && err instanceof ScimError, err.line];
}
const early = check({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'ada@example.com' }).valid;
console.log(JSON.stringify({ entry: require.resolve('scimgate').replace(/^.*\//, ''), early, thrown }));
