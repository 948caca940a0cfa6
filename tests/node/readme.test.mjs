// Runs the ```js example of the repository README against the built package (its
// `import ... from 'scimgate'` resolves to bindings-wasm/pkg through tests/node/node_modules).
// console.assert is made to throw, so a false assertion in the example fails the test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));
const TMP = fileURLToPath(new URL('./.tmp/', import.meta.url));

const PRELUDE = `
console.assert = (condition, ...data) => {
  if (!condition) throw new Error('console.assert failed' + (data.length ? ': ' + data.join(' ') : ''));
};
`;

function jsBlocks(markdown) {
  const blocks = [];
  const re = /^```(?:js|javascript|mjs)[ \t]*\r?\n([\s\S]*?)^```[ \t]*$/gm;
  for (let m = re.exec(markdown); m; m = re.exec(markdown)) blocks.push(m[1]);
  return blocks;
}

const blocks = jsBlocks(readFileSync(README, 'utf8'));

test('README.md has a ```js example that imports scimgate', () => {
  assert.ok(blocks.length > 0, 'no ```js block in README.md');
  assert.ok(
    blocks.some((b) => /from\s+['"]scimgate['"]|require\(\s*['"]scimgate['"]\s*\)/.test(b)),
    'no ```js block imports scimgate',
  );
});

blocks.forEach((code, i) => {
  test(`README.md js example ${i + 1} runs`, () => {
    mkdirSync(TMP, { recursive: true });
    const cjs = /\brequire\(/.test(code) && !/^\s*import\s/m.test(code);
    const file = `${TMP}readme-${i + 1}.${cjs ? 'cjs' : 'mjs'}`;
    // Imports are hoisted in a module, so the prelude may stand before them.
    writeFileSync(file, `${PRELUDE}\n${code}`);
    const run = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 60_000 });
    const out = `${run.stdout}\n${run.stderr}`;
    assert.equal(run.status, 0, `the example failed (exit ${run.status}):\n${out}`);
    assert.doesNotMatch(run.stderr, /Assertion failed/, `the example wrote errors:\n${out}`);
  });
});
