// The Node side of `make bench` (bench/run.py): the npm package scimgate (its Node build in
// bindings-wasm/pkg) against SCIMMY and scim-patch, over the corpora of bench/corpus.py.
//
//   check:  scimgate Validator#check (object in; JSON text in)
//           vs SCIMMY `new SCIMMY.Schemas.User(body, "in")` (an inbound request body: the creation
//           context) with the enterprise extension and a Wrike extension declared
//   PATCH:  scimgate Validator#applyPatch (schema-validated, atomic)
//           vs SCIMMY `new SCIMMY.Messages.PatchOp(body).apply(new SCIMMY.Schemas.User(stored, "out"))`
//           vs scim-patch `scimPatch(stored, body.Operations, {mutateDocument: false})`
//   floor:  the JSON crossing alone (stringify the user and the PatchOp, parse the patched user):
//           what a PATCH outside the JS heap pays before and after any work of its own
//
// Every implementation first runs over the whole corpus and must accept every item (and give the
// expected patched title), so the times are of the path each one is meant for. Passes alternate
// between the rows (interleaved rounds); each row keeps its best and its median pass. Writes
// node.json beside the corpora.
//
// Times are CPU time of the process (process.cpuUsage: user + system), which a busy shared machine
// disturbs far less than wall-clock time; the wall-clock passes are kept too.
//
// Environment: SCIMGATE_BENCH_DIR (default <repo>/target/bench), SCIMGATE_BENCH_ROUNDS (default 3),
// SCIMGATE_BENCH_PEER_ITEMS (default 2000: SCIMMY runs over that prefix of each corpus),
// SCIMGATE_NPM_PKG (default <repo>/bindings-wasm/pkg).

import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import SCIMMY from 'scimmy';
import { scimPatch } from 'scim-patch';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const dir = process.env.SCIMGATE_BENCH_DIR ?? join(root, 'target', 'bench');
const rounds = Math.max(1, Number(process.env.SCIMGATE_BENCH_ROUNDS ?? 3));
// SCIMMY takes milliseconds an item: it runs over the first PEER_ITEMS items of each corpus
// (per-item times compare; the row's `items` says how many).
const peerItems = Math.max(1, Number(process.env.SCIMGATE_BENCH_PEER_ITEMS ?? 2000));
const pkg = process.env.SCIMGATE_NPM_PKG ?? join(root, 'bindings-wasm', 'pkg');

const require = createRequire(import.meta.url);
const scimgate = require(join(pkg, 'node.js'));
const pkgVersion = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')).version;
const peerVersion = (name) =>
  JSON.parse(readFileSync(join(here, 'node_modules', name, 'package.json'), 'utf8')).version;

const lines = (file) => readFileSync(join(dir, file), 'utf8').split('\n').filter((l) => l.length > 0);
const meta = JSON.parse(readFileSync(join(dir, 'corpus.json'), 'utf8'));
const userLines = lines('users.jsonl');
const users = userLines.map((l) => JSON.parse(l));
const pairs = lines('patches.jsonl').map((l) => JSON.parse(l));
const peerUsers = users.slice(0, peerItems);
const peerPairs = pairs.slice(0, peerItems);
const pairText = pairs.map(({ user, patch }) => [JSON.stringify(user), JSON.stringify(patch)]);

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const WRIKE = 'urn:ietf:params:scim:schemas:extension:wrike:2.0:User';

// SCIMMY: the User schema with the extensions the corpus carries (SCIMMY's documented
// Schema.extend; the Wrike extension declared as a SchemaDefinition with its one attribute).
const wrikeUser = new SCIMMY.Types.SchemaDefinition('WrikeUser', WRIKE, 'Wrike user extension', [
  new SCIMMY.Types.Attribute('string', 'userType'),
]);
SCIMMY.Schemas.User.extend(SCIMMY.Schemas.EnterpriseUser);
SCIMMY.Schemas.User.extend(wrikeUser);

const validator = new scimgate.Validator(meta.options);

// ---- sanity: every implementation accepts every item ----------------------------------------
function expectTitle(resource, patch, who, i) {
  const want = patch.Operations[0].value;
  if (resource.title !== want) {
    throw new Error(`${who}: patch ${i} gave title ${JSON.stringify(resource.title)}, want ${want}`);
  }
}
for (let i = 0; i < users.length; i++) {
  const report = validator.check(users[i]);
  if (!report.valid) throw new Error(`scimgate: user ${i} invalid: ${JSON.stringify(report.issues)}`);
  const viaText = validator.check(userLines[i]);
  if (!viaText.valid) throw new Error(`scimgate: user ${i} (text) invalid`);
}
for (let i = 0; i < peerUsers.length; i++) {
  const scimmy = new SCIMMY.Schemas.User(peerUsers[i], 'in');
  if (scimmy.userName !== peerUsers[i].userName || scimmy[ENTERPRISE]?.department === undefined) {
    throw new Error(`SCIMMY: user ${i} lost attributes: ${JSON.stringify(scimmy)}`);
  }
}
for (let i = 0; i < pairs.length; i++) {
  const { user, patch } = pairs[i];
  expectTitle(validator.applyPatch(user, patch).resource, patch, 'scimgate', i);
  expectTitle(validator.applyPatch(...pairText[i]).resource, patch, 'scimgate (text)', i);
  if (i < peerPairs.length) {
    expectTitle(
      await new SCIMMY.Messages.PatchOp(patch).apply(new SCIMMY.Schemas.User(user, 'out')),
      patch,
      'SCIMMY',
      i,
    );
  }
  expectTitle(scimPatch(user, patch.Operations, { mutateDocument: false }), patch, 'scim-patch', i);
  if (user.title === patch.Operations[0].value) throw new Error('scim-patch mutated its input');
}

// The patched users as JSON text (for the crossing floor).
const patchedText = pairs.map(({ user, patch }) => JSON.stringify(validator.applyPatch(user, patch).resource));

// ---- interleaved rounds -----------------------------------------------------------------------
let sink = 0;
const rows = [
  {
    id: 'npm.check_object',
    label: 'scimgate npm Validator#check, object in (user)',
    items: users.length,
    run() {
      for (const u of users) sink += validator.check(u).issues.length;
    },
  },
  {
    id: 'npm.check_text',
    label: 'scimgate npm Validator#check, JSON text in (user)',
    items: userLines.length,
    run() {
      for (const l of userLines) sink += validator.check(l).issues.length;
    },
  },
  {
    id: 'node.scimmy_user',
    label: 'SCIMMY new Schemas.User(body, "in") (user)',
    items: peerUsers.length,
    run() {
      for (const u of peerUsers) sink += new SCIMMY.Schemas.User(u, 'in').userName.length;
    },
  },
  {
    id: 'npm.apply_patch',
    label: 'scimgate npm Validator#applyPatch, objects in (PatchOp)',
    items: pairs.length,
    run() {
      for (const { user, patch } of pairs) sink += validator.applyPatch(user, patch).resource.title.length;
    },
  },
  {
    id: 'npm.apply_patch_text',
    label: 'scimgate npm Validator#applyPatch, JSON text in (PatchOp)',
    items: pairText.length,
    run() {
      for (const [u, p] of pairText) sink += validator.applyPatch(u, p).resource.title.length;
    },
  },
  {
    id: 'node.scimmy_patchop',
    label: 'SCIMMY PatchOp#apply on Schemas.User (PatchOp)',
    items: peerPairs.length,
    async run() {
      for (const { user, patch } of peerPairs) {
        const out = await new SCIMMY.Messages.PatchOp(patch).apply(new SCIMMY.Schemas.User(user, 'out'));
        sink += out.title.length;
      }
    },
  },
  {
    // The floor under any PATCH that runs outside the JS heap (WebAssembly, a native addon)
    // and takes and gives JSON: the stored user and the PatchOp to JSON text, and the patched
    // user's JSON text (computed beforehand) back to an object. No PATCH work at all.
    id: 'node.json_crossing',
    label: 'JSON crossing alone: stringify user + PatchOp, parse patched user',
    items: pairs.length,
    run() {
      for (let i = 0; i < pairs.length; i++) {
        const { user, patch } = pairs[i];
        sink += JSON.stringify(user).length + JSON.stringify(patch).length;
        sink += JSON.parse(patchedText[i]).title.length;
      }
    },
  },
  {
    id: 'node.scim_patch',
    label: 'scim-patch scimPatch, copy (PatchOp)',
    items: pairs.length,
    run() {
      for (const { user, patch } of pairs) {
        sink += scimPatch(user, patch.Operations, { mutateDocument: false }).title.length;
      }
    },
  },
];
for (const row of rows) {
  row.passes = [];
  row.wall = [];
}
for (let r = 0; r < rounds; r++) {
  for (const row of rows) {
    const wall = performance.now();
    const cpu = process.cpuUsage();
    await row.run();
    const used = process.cpuUsage(cpu);
    row.passes.push((used.user + used.system) / 1e6);
    row.wall.push((performance.now() - wall) / 1e3);
  }
}

const out = rows.map((row) => {
  const sorted = [...row.passes].sort((a, b) => a - b);
  const per = (s) => (s * 1e9) / row.items;
  const bestNs = per(sorted[0]);
  const medianNs = per(sorted[Math.floor(sorted.length / 2)]);
  const wallBestNs = per(Math.min(...row.wall));
  console.log(`${row.label.padEnd(60)} ${bestNs.toFixed(0).padStart(10)} ns/item (median ${medianNs.toFixed(0)})`);
  return { id: row.id, label: row.label, items: row.items, rounds, clock: 'cpu', bestNs, medianNs, wallBestNs };
});
const doc = {
  runtime: `node ${process.version}`,
  versions: { scimgate: pkgVersion, scimmy: peerVersion('scimmy'), 'scim-patch': peerVersion('scim-patch') },
  rows: out,
  sink,
};
writeFileSync(join(dir, 'node.json'), JSON.stringify(doc, null, 2) + '\n');
console.log(`wrote ${join(dir, 'node.json')}`);
