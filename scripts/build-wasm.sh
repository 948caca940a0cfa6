#!/usr/bin/env bash
# Build the npm package `scimgate` into bindings-wasm/pkg: ONE WebAssembly module for every
# environment, one copy of each JS module, and thin entries per environment.
#
#   scimgate_bg.wasm   the module (also exported as the asset `scimgate/scimgate_bg.wasm`)
#   scimgate_bg.js     wasm-bindgen --target web's glue (ES module; its init/initSync load the .wasm)
#   snippets/...       js/errors.gen.js, the error classes, which the glue imports
#   guard.js           js/guard.js (trap recovery; calls before the module is ready throw clearly)
#   api.gen.js         js/api.gen.js (the generated API over the guarded glue)
#   loader.js          js/loader.js (init, initSync, ready)
#   core.js            generated here: the one instance of all of the above, and every export
#   index.js           browsers and bundlers: starts loading new URL('./scimgate_bg.wasm',
#                      import.meta.url) at import, no top-level await; exports `ready`
#   web.js             scimgate/web: loads nothing by itself; default export init(source?)
#   node.js            Node (import and require), Deno, Bun: initSync on the file's bytes
#   workerd.js         Cloudflare Workers (workerd): initSync on the compiled module import
#   types.d.ts         js/index.gen.d.ts (the generated declarations); init.d.ts (js/init.d.ts);
#                      index.d.ts and web.d.ts re-export them
#   package.json (bindings-wasm/package.template.json), README.md, LICENSE-MIT, LICENSE-APACHE,
#   CHANGELOG.md (the repository root's)
#
# The glue is made with --experimental-reset-state-function (a `__wbg_reset_state()` that makes a
# fresh instance, which guard.js uses after a trap); wasm-bindgen refuses that flag for --target
# bundler, and the web target's glue is plain ES modules every environment can load.
# Idempotent: when the .wasm and the inputs below are unchanged, only cargo's own up-to-date check
# runs.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

CRATE=scimgate-wasm
STEM=scimgate_wasm
SRC="$ROOT/bindings-wasm"
PKG="$SRC/pkg"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$TARGET_DIR" in /*) ;; *) TARGET_DIR="$ROOT/$TARGET_DIR" ;; esac
WASM="$TARGET_DIR/wasm32-unknown-unknown/release/$STEM.wasm"

command -v wasm-bindgen >/dev/null 2>&1 || {
  echo "build-wasm: wasm-bindgen not found; run 'bash scripts/setup-rust.sh' (make tools-rust)" >&2
  exit 1
}

cargo build -p "$CRATE" --release --target wasm32-unknown-unknown

# Workspace version, from [workspace.package] in the root Cargo.toml.
VERSION="$(awk '
  /^\[workspace\.package\]/ { inside = 1; next }
  /^\[/ { inside = 0 }
  inside && $1 == "version" { gsub(/"/, "", $3); print $3; exit }
' Cargo.toml)"
[ -n "$VERSION" ] || { echo "build-wasm: no version in [workspace.package]" >&2; exit 1; }

# Everything the package depends on besides the .wasm: skip the rest when nothing changed.
STAMP="$(
  {
    wasm-bindgen --version
    echo "$VERSION"
    sha256sum "$WASM" "${BASH_SOURCE[0]}" "$SRC/package.template.json" "$SRC/README.md" \
      "$SRC/js/errors.gen.js" "$SRC/js/api.gen.js" "$SRC/js/index.gen.d.ts" "$SRC/js/guard.js" \
      "$SRC/js/loader.js" "$SRC/js/init.d.ts" LICENSE-MIT LICENSE-APACHE CHANGELOG.md
  } | sha256sum | cut -d' ' -f1
)"
if [ -f "$PKG/.stamp" ] && [ "$(cat "$PKG/.stamp")" = "$STAMP" ] &&
  [ -f "$PKG/core.js" ] && [ -f "$PKG/index.js" ] && [ -f "$PKG/node.js" ]; then
  echo "build-wasm: bindings-wasm/pkg is up to date"
  exit 0
fi

NEW="$SRC/pkg.new"
rm -rf "$NEW"
mkdir -p "$NEW"
trap 'rm -rf "$NEW"' EXIT

# The error classes: every `export class` of the generated js/errors.gen.js.
mapfile -t CLASSES < <(sed -nE 's/^export class ([A-Za-z_$][A-Za-z0-9_$]*).*/\1/p' "$SRC/js/errors.gen.js")
[ "${#CLASSES[@]}" -gt 0 ] || { echo "build-wasm: no classes in js/errors.gen.js" >&2; exit 1; }
CLASS_LIST="$(IFS=,; echo "${CLASSES[*]}" | sed 's/,/, /g')"
# The API: the names the generated makeApi returns (js/api.gen.js, API_NAMES).
mapfile -t API < <(sed -n '/^export const API_NAMES = \[/,/^\];/p' "$SRC/js/api.gen.js" | sed -nE "s/^  '([A-Za-z_$][A-Za-z0-9_$]*)',$/\1/p")
printf '%s\n' "${API[@]}" | grep -qx check || { echo "build-wasm: no API_NAMES in js/api.gen.js" >&2; exit 1; }

wasm-bindgen --target web --experimental-reset-state-function --out-dir "$NEW" --out-name scimgate "$WASM"
# The glue under a name that says it is internal; wasm-bindgen's declarations are not shipped
# (the package's own are types.d.ts and init.d.ts), nor its .gitignore ("*").
mv "$NEW/scimgate.js" "$NEW/scimgate_bg.js"
rm -f "$NEW/scimgate.d.ts" "$NEW/scimgate_bg.wasm.d.ts" "$NEW/.gitignore"
grep -q '^\(export \)\?function __wbg_reset_state' "$NEW/scimgate_bg.js" || {
  echo "build-wasm: scimgate_bg.js has no __wbg_reset_state (--experimental-reset-state-function)" >&2; exit 1; }
grep -q "new URL('scimgate_bg.wasm', import.meta.url)" "$NEW/scimgate_bg.js" || {
  echo "build-wasm: scimgate_bg.js does not default to scimgate_bg.wasm next to it" >&2; exit 1; }

# The snippet path wasm-bindgen gave js/errors.gen.js.
SNIPPET="$(cd "$NEW" && find snippets -path '*/js/errors.gen.js' -print)"
[ "$(printf '%s\n' "$SNIPPET" | grep -c .)" = 1 ] || {
  echo "build-wasm: expected one js/errors.gen.js snippet, found: $SNIPPET" >&2; exit 1; }

cp "$SRC/js/guard.js" "$SRC/js/api.gen.js" "$SRC/js/loader.js" "$NEW/"
cp "$SRC/js/index.gen.d.ts" "$NEW/types.d.ts"
cp "$SRC/js/init.d.ts" "$NEW/init.d.ts"

{
  echo "// The one instance of scimgate's WebAssembly module in this realm, and every export but the"
  echo "// loading an entry does (index.js, web.js, node.js, workerd.js re-export this module):"
  echo "// the generated API over wasm-bindgen's glue, guarded against WebAssembly traps and calls"
  echo "// before the module is ready (guard.js), init/initSync/ready (loader.js), the error classes."
  echo "// Written by scripts/build-wasm.sh."
  echo "import * as raw from './scimgate_bg.js';"
  echo "import glueInit, { initSync as glueInitSync } from './scimgate_bg.js';"
  echo "import * as errors from './$SNIPPET';"
  echo "import { guard } from './guard.js';"
  echo "import { makeApi } from './api.gen.js';"
  echo "import { makeLoader } from './loader.js';"
  echo ""
  echo "const loader = makeLoader(glueInit, glueInitSync);"
  echo "const guarded = guard(raw, errors.InternalError, loader.assertReady);"
  echo "const api = makeApi(guarded, errors);"
  echo ""
  echo "export const { init, initSync, ready } = loader;"
  for name in "${API[@]}"; do echo "export const $name = api.$name;"; done
  echo "export const __scimgate_trap_for_tests = guarded.__scimgate_trap_for_tests;"
  echo "export { $CLASS_LIST } from './$SNIPPET';"
} >"$NEW/core.js"

cat >"$NEW/index.js" <<'JS'
// scimgate for browsers and bundlers (webpack, Vite, Rollup, esbuild, Parcel): the module loads
// from `new URL('./scimgate_bg.wasm', import.meta.url)` (bundlers emit it as an asset), starting
// at import. No top-level await, so importing never blocks (a Worker's message handler is in place
// at once): `await ready` before the first call; a call before then throws a clear error.
import { init } from './core.js';

export * from './core.js';
/** Resolves when the module has loaded; rejects when it could not be loaded. */
export const ready = init(new URL('./scimgate_bg.wasm', import.meta.url));
JS
cat >"$NEW/web.js" <<'JS'
// scimgate/web: loads nothing by itself. `await init()` (scimgate_bg.wasm next to this file), or
// `init(source)` with a URL, a Response, the bytes or a compiled WebAssembly.Module, or
// `initSync(bytes | module)`; `ready` resolves once one of them has succeeded.
import { init } from './core.js';

export * from './core.js';
export default init;
JS
cat >"$NEW/node.js" <<'JS'
// scimgate for Node (import, and require() of this ES module: Node >= 20.19), Deno and Bun: the
// module is instantiated synchronously from the file next to this one, at import.
import { readFileSync } from 'node:fs';
import { initSync } from './core.js';

initSync(readFileSync(new URL('./scimgate_bg.wasm', import.meta.url)));

export * from './core.js';
JS
cat >"$NEW/workerd.js" <<'JS'
// scimgate for Cloudflare Workers (the `workerd` condition): the platform compiles an imported
// .wasm into a WebAssembly.Module (wrangler's default rule; `CompiledWasm` in workerd's own
// config), instantiated synchronously at import.
import module from './scimgate_bg.wasm';
import { initSync } from './core.js';

initSync(module);

export * from './core.js';
JS
cat >"$NEW/index.d.ts" <<'TS'
// The declarations of every entry of scimgate: the generated API (types.d.ts) and the loading
// (init.d.ts).
export * from './types.js';
export * from './init.js';
TS
cat >"$NEW/web.d.ts" <<'TS'
export * from './index.js';
export { init as default } from './init.js';
TS

sed "s/@VERSION@/$VERSION/g" "$SRC/package.template.json" >"$NEW/package.json"
cp "$SRC/README.md" "$NEW/README.md"
cp LICENSE-MIT LICENSE-APACHE CHANGELOG.md "$NEW/"
echo "$STAMP" >"$NEW/.stamp"

# Every module an entry imports is in the package, and exactly one .wasm.
node --input-type=module -e "
  import { readFileSync, readdirSync } from 'node:fs';
  const dir = process.argv[1];
  for (const f of ['core.js', 'index.js', 'web.js', 'node.js', 'workerd.js']) {
    for (const [, rel] of readFileSync(dir + '/' + f, 'utf8').matchAll(/from '(\.[^']+)'/g)) readFileSync(new URL(rel, 'file://' + dir + '/' + f));
  }
  const wasm = readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.wasm'));
  if (wasm.length !== 1) throw new Error('expected one .wasm, found ' + wasm);
" "$NEW"

rm -rf "$PKG"
mv "$NEW" "$PKG"
trap - EXIT
echo "build-wasm: wrote bindings-wasm/pkg (scimgate $VERSION: one scimgate_bg.wasm; index, web, node, workerd entries)"
