// Where the npm package's time goes per call (check, applyPatch): the whole API call against its
// parts (JSON.stringify of the arguments, the raw wasm-bindgen call without the guard and the
// generated wrapper, JSON.parse of a result of the same size). Interleaved rounds, best of each.
// Usage: node bench/node/glue.mjs  (after `python3 bench/corpus.py` and `make wasm`)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const dir = process.env.SCIMGATE_BENCH_DIR ?? join(root, 'target', 'bench');
const pkg = process.env.SCIMGATE_NPM_PKG ?? join(root, 'bindings-wasm', 'pkg');
const require = createRequire(import.meta.url);
const api = require(join(pkg, 'node.js'));
// wasm-bindgen's glue, the instance node.js has just initialised (one per process).
const raw = require(join(pkg, 'scimgate_bg.js'));
const n = Number(process.env.N ?? 2000);
const lines = (f) => readFileSync(join(dir, f), 'utf8').split('\n').filter((l) => l).slice(0, n);
const meta = JSON.parse(readFileSync(join(dir, 'corpus.json'), 'utf8'));
const userLines = lines('users.jsonl');
const users = userLines.map((l) => JSON.parse(l));
const pairs = lines('patches.jsonl').map((l) => JSON.parse(l));
const pairText = pairs.map(({ user, patch }) => [JSON.stringify(user), JSON.stringify(patch)]);
const v = new api.Validator(meta.options);
const rv = new raw.Validator(meta.options);
const checkOut = users.map((u) => JSON.stringify(v.check(u)));
const patchOut = pairs.map(({ user, patch }) => JSON.stringify(v.applyPatch(user, patch)));
let sink = 0;
const rows = {
  'check obj (api)': () => { for (const u of users) sink += v.check(u).issues.length; },
  'check text (api)': () => { for (const l of userLines) sink += v.check(l).issues.length; },
  'check text (raw)': () => { for (const l of userLines) sink += rv.call('check', [l], {}).issues.length; },
  'check text (raw, values undef)': () => { for (const l of userLines) sink += rv.call('check', [l], undefined).issues.length; },
  'stringify user': () => { for (const u of users) sink += JSON.stringify(u).length; },
  'parse check result': () => { for (const t of checkOut) sink += JSON.parse(t).valid ? 1 : 0; },
  'patch obj (api)': () => { for (const { user, patch } of pairs) sink += v.applyPatch(user, patch).resource.title.length; },
  'patch text (api)': () => { for (const [u, p] of pairText) sink += v.applyPatch(u, p).resource.title.length; },
  'patch text (raw)': () => { for (const [u, p] of pairText) sink += rv.call('applyPatch', [u, p], {}).resource.title.length; },
  'stringify user+patch': () => { for (const { user, patch } of pairs) sink += JSON.stringify(user).length + JSON.stringify(patch).length; },
  'parse patch result': () => { for (const t of patchOut) sink += JSON.parse(t).resource.title.length; },
  'encode user+patch': () => { const e = new TextEncoder(); for (const [u, p] of pairText) sink += e.encode(u).length + e.encode(p).length; },
};
const best = {};
const rounds = Number(process.env.ROUNDS ?? 5);
for (let r = 0; r < rounds; r++) {
  for (const [k, f] of Object.entries(rows)) {
    const t = process.cpuUsage();
    f();
    const u = process.cpuUsage(t);
    const us = (u.user + u.system) / n;
    best[k] = Math.min(best[k] ?? Infinity, us);
  }
}
for (const [k, us] of Object.entries(best)) console.log(`${k.padEnd(34)} ${us.toFixed(2).padStart(8)} us/item`);
console.log(`result sizes: check ${checkOut[0].length} B, patch ${patchOut[0].length} B; sink ${sink > 0}`);
