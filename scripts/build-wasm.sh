#!/usr/bin/env bash
# Build the npm package `scimgate` into bindings-wasm/pkg:
#   pkg/web      wasm-bindgen --target web     (ES module + init(); the web demo uses it)
#   pkg/bundler  wasm-bindgen --target web     (ES module; its index.js instantiates the .wasm at
#                                               import, with top-level await, from
#                                               `new URL('./scimgate_wasm_bg.wasm', import.meta.url)`,
#                                               which webpack 5, vite, parcel and rollup resolve)
#   pkg/node     wasm-bindgen --target nodejs  (CommonJS, loads the .wasm synchronously)
#   pkg/package.json (from bindings-wasm/package.template.json), pkg/README.md
# Every build is made with --experimental-reset-state-function (a `__wbg_reset_state()` that makes a
# fresh instance), which wasm-bindgen refuses for --target bundler: hence the web target's code for
# the bundler build too. Each build gets an index.js that exports the wasm-bindgen module's API
# guarded by js/guard.js (a WebAssembly trap resets the instance and throws InternalError) and the
# error classes from the very snippet copy the module imports (so `instanceof ScimError` holds).
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
      "$SRC/js/errors.gen.js" "$SRC/js/api.gen.js" "$SRC/js/index.gen.d.ts" "$SRC/js/guard.js"
  } | sha256sum | cut -d' ' -f1
)"
if [ -f "$PKG/.stamp" ] && [ "$(cat "$PKG/.stamp")" = "$STAMP" ] &&
  [ -f "$PKG/web/index.js" ] && [ -f "$PKG/bundler/index.js" ] && [ -f "$PKG/node/index.js" ]; then
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

# The snippet path wasm-bindgen gave js/errors.gen.js inside one build directory.
snippet_of() {
  local found
  found="$(cd "$1" && find snippets -path '*/js/errors.gen.js' -print)"
  [ "$(printf '%s\n' "$found" | grep -c .)" = 1 ] || {
    echo "build-wasm: expected one js/errors.gen.js snippet in $1, found: $found" >&2
    exit 1
  }
  printf '%s\n' "$found"
}

# A module of js/ as CommonJS (for the Node build): `export class|function X` become plain
# declarations plus `module.exports = { X, ... }`.
to_commonjs() {
  local file="$1" names
  names="$(sed -nE 's/^export (class|function|const) ([A-Za-z_$][A-Za-z0-9_$]*).*/\2/p' "$file" | paste -sd, - | sed 's/,/, /g')"
  {
    echo "'use strict';"
    sed -E 's/^export (class|function|const) /\1 /' "$file"
    echo "module.exports = { $names };"
  } >"$file.cjs-tmp"
  mv "$file.cjs-tmp" "$file"
  if grep -qE '^(export|import)[[:space:]]' "$file"; then
    echo "build-wasm: $file has module syntax the CommonJS conversion does not handle" >&2
    exit 1
  fi
}

for target in web bundler node; do
  flag=web; [ "$target" = node ] && flag=nodejs
  out="$NEW/$target"
  wasm-bindgen --target "$flag" --experimental-reset-state-function \
    --out-dir "$out" --out-name "$STEM" "$WASM"
  snippet="$(snippet_of "$out")"
  cp "$SRC/js/guard.js" "$out/guard.js"
  cp "$SRC/js/api.gen.js" "$out/api.gen.js"
  grep -q '^\(export \)\?function __wbg_reset_state' "$out/$STEM.js" || {
    echo "build-wasm: $out/$STEM.js has no __wbg_reset_state (--experimental-reset-state-function)" >&2; exit 1; }

  # The declarations are the generated ones (the wasm exports are internal: skip_typescript);
  # the web build adds its initialisation.
  cp "$SRC/js/index.gen.d.ts" "$out/index.d.ts"
  [ "$target" = web ] && printf '%s\n' "export { default, initSync } from './$STEM.js';" >>"$out/index.d.ts"

  if [ "$target" = node ]; then
    # CommonJS build: the snippet, guard.js and api.gen.js become CommonJS too.
    to_commonjs "$out/$snippet"
    to_commonjs "$out/guard.js"
    to_commonjs "$out/api.gen.js"
    echo '{ "type": "commonjs" }' >"$out/package.json"
    {
      echo "'use strict';"
      echo "// Entry of the Node (CommonJS) build: the generated API over the wasm module, guarded"
      echo "// against WebAssembly traps (guard.js), plus the error classes."
      echo "const raw = require('./$STEM.js');"
      echo "const errors = require('./$snippet');"
      echo "const { guard } = require('./guard.js');"
      echo "const { makeApi } = require('./api.gen.js');"
      echo "const guarded = guard(raw, errors.InternalError);"
      echo "const api = makeApi(guarded, errors);"
      for name in "${API[@]}"; do echo "exports.$name = api.$name;"; done
      for c in "${CLASSES[@]}"; do echo "exports.$c = errors.$c;"; done
      echo "exports.__scimgate_trap_for_tests = guarded.__scimgate_trap_for_tests;"
    } >"$out/index.js"
  else
    echo '{ "type": "module" }' >"$out/package.json"
    {
      echo "// Entry of the $target build: the generated API over the wasm module, guarded against"
      echo "// WebAssembly traps (guard.js), plus the error classes."
      echo "import * as raw from './$STEM.js';"
      echo "import { guard } from './guard.js';"
      echo "import { makeApi } from './api.gen.js';"
      echo "import * as errors from './$snippet';"
      if [ "$target" = bundler ]; then
        echo "import init from './$STEM.js';"
        echo ""
        echo "// Instantiated at import (top-level await); bundlers resolve the URL to the .wasm asset."
        echo "await init({ module_or_path: new URL('./${STEM}_bg.wasm', import.meta.url) });"
      fi
      echo ""
      echo "const guarded = guard(raw, errors.InternalError);"
      echo "const api = makeApi(guarded, errors);"
      for name in "${API[@]}"; do echo "export const $name = api.$name;"; done
      echo "export const __scimgate_trap_for_tests = guarded.__scimgate_trap_for_tests;"
      [ "$target" = web ] && echo "export { default, initSync } from './$STEM.js';"
      echo "export { $CLASS_LIST } from './$snippet';"
    } >"$out/index.js"
  fi
  # wasm-bindgen writes a .gitignore ("*") into its output; the package must not carry it.
  rm -f "$out/.gitignore"
done

sed "s/@VERSION@/$VERSION/g" "$SRC/package.template.json" >"$NEW/package.json"
cp "$SRC/README.md" "$NEW/README.md"
echo "$STAMP" >"$NEW/.stamp"

rm -rf "$PKG"
mv "$NEW" "$PKG"
trap - EXIT
echo "build-wasm: wrote bindings-wasm/pkg (scimgate $VERSION: web, bundler, node)"
