// Runs the ```js examples of the repository README (and the Node examples of the npm package's own
// README) against the built package: their `import ... from 'scimgate'` resolves to
// bindings-wasm/pkg through tests/node/node_modules. console.assert is made to throw, so a false
// assertion in an example fails the test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const READMES = [
  // [label, file, which blocks run]
  ['README.md', '../../README.md', () => true],
  // The package README also shows browser code (fenced ```js browser, which jsBlocks skips): the
  // blocks that import 'scimgate' run in Node.
  ['bindings-wasm/README.md', '../../bindings-wasm/README.md', (code) => /from\s+['"]scimgate['"]/.test(code)],
];
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

function runExample(label, code, n) {
  mkdirSync(TMP, { recursive: true });
  const cjs = /\brequire\(/.test(code) && !/^\s*import\s/m.test(code);
  const file = `${TMP}${label.replace(/[^A-Za-z0-9]+/g, '-')}-${n}.${cjs ? 'cjs' : 'mjs'}`;
  // Imports are hoisted in a module, so the prelude may stand before them.
  writeFileSync(file, `${PRELUDE}\n${code}`);
  const run = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 60_000 });
  const out = `${run.stdout}\n${run.stderr}`;
  assert.equal(run.status, 0, `the example failed (exit ${run.status}):\n${out}`);
  assert.doesNotMatch(run.stderr, /Assertion failed/, `the example wrote errors:\n${out}`);
}

for (const [label, path, wanted] of READMES) {
  const blocks = jsBlocks(readFileSync(fileURLToPath(new URL(path, import.meta.url)), 'utf8')).filter(wanted);

  test(`${label} has a \`\`\`js example that imports scimgate`, () => {
    assert.ok(blocks.length > 0, `no \`\`\`js block in ${label}`);
    assert.ok(
      blocks.some((b) => /from\s+['"]scimgate['"]|require\(\s*['"]scimgate['"]\s*\)/.test(b)),
      `no \`\`\`js block of ${label} imports scimgate`,
    );
  });

  blocks.forEach((code, i) => {
    test(`${label} js example ${i + 1} runs`, () => runExample(label, code, i + 1));
  });
}
