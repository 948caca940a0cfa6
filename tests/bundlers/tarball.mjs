// The npm package as users install it: `npm pack` of bindings-wasm/pkg, unpacked into an app's
// node_modules/scimgate (no registry involved). Shared by the test files of tests/bundlers; their
// work files are in target/bundlers/<test file>/.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = fileURLToPath(new URL('.', import.meta.url));
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const PKG = join(ROOT, 'bindings-wasm', 'pkg');

/** Pack the package into target/bundlers/<suite>; returns { dir, tarball, packed (the dry run's JSON) }. */
export function pack(suite) {
  const dir = join(ROOT, 'target', 'bundlers', suite);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: PKG, encoding: 'utf8' }))[0];
  const name = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: PKG, encoding: 'utf8' }),
  )[0].filename;
  return { dir, tarball: join(dir, name), packed };
}

/** A fresh app directory under `dir`: the files of tests/bundlers/<from> and node_modules/scimgate from the tarball. */
export function makeApp(dir, tarball, name, from = 'app') {
  const app = join(dir, name);
  rmSync(app, { recursive: true, force: true });
  mkdirSync(join(app, 'node_modules', 'scimgate'), { recursive: true });
  cpSync(join(HERE, from), app, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', join(app, 'node_modules', 'scimgate'), '--strip-components=1']);
  return app;
}
