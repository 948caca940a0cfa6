#!/usr/bin/env bash
# Build the npm package `scimgate` into bindings-wasm/pkg:
#   pkg/web      wasm-bindgen --target web      (ES module + init(); the web demo uses it)
#   pkg/bundler  wasm-bindgen --target bundler  (ES module importing the .wasm; webpack, vite, ...)
#   pkg/node     wasm-bindgen --target nodejs   (CommonJS, loads the .wasm synchronously)
#   pkg/package.json (from bindings-wasm/package.template.json), pkg/README.md
# Each build gets an index.js that re-exports the wasm-bindgen module and the error classes from
# the very snippet copy the module imports (so `instanceof ScimError` holds). Idempotent: when the
# .wasm and the inputs below are unchanged, only cargo's own up-to-date check runs.
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
    sha256sum "$WASM" "${BASH_SOURCE[0]}" "$SRC/package.template.json" "$SRC/README.md" "$SRC/js/errors.js"
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

# The error classes: every `export class` of js/errors.js (the functions are internal).
mapfile -t CLASSES < <(sed -nE 's/^export class ([A-Za-z_$][A-Za-z0-9_$]*).*/\1/p' "$SRC/js/errors.js")
[ "${#CLASSES[@]}" -gt 0 ] || { echo "build-wasm: no classes in js/errors.js" >&2; exit 1; }
CLASS_LIST="$(IFS=,; echo "${CLASSES[*]}" | sed 's/,/, /g')"

# The snippet path wasm-bindgen gave js/errors.js inside one build directory.
snippet_of() {
  local found
  found="$(cd "$1" && find snippets -path '*/js/errors.js' -print)"
  [ "$(printf '%s\n' "$found" | grep -c .)" = 1 ] || {
    echo "build-wasm: expected one js/errors.js snippet in $1, found: $found" >&2
    exit 1
  }
  printf '%s\n' "$found"
}

for target in web bundler node; do
  flag="$target"; [ "$target" = node ] && flag=nodejs
  out="$NEW/$target"
  wasm-bindgen --target "$flag" --out-dir "$out" --out-name "$STEM" "$WASM"
  snippet="$(snippet_of "$out")"

  if [ "$target" = node ]; then
    # CommonJS build: the snippet becomes CommonJS too, so it loads on any Node version.
    names="$(sed -nE 's/^export (class|function) ([A-Za-z_$][A-Za-z0-9_$]*).*/\2/p' "$out/$snippet" | paste -sd, - | sed 's/,/, /g')"
    {
      echo "'use strict';"
      sed -E 's/^export (class|function) /\1 /' "$out/$snippet"
      echo "module.exports = { $names };"
    } >"$out/$snippet.cjs-tmp"
    mv "$out/$snippet.cjs-tmp" "$out/$snippet"
    if grep -qE '^(export|import)[[:space:]]' "$out/$snippet"; then
      echo "build-wasm: js/errors.js has module syntax the CommonJS conversion does not handle" >&2
      exit 1
    fi
    echo '{ "type": "commonjs" }' >"$out/package.json"
    {
      echo "'use strict';"
      echo "// Entry of the Node (CommonJS) build: the wasm-bindgen module plus the error classes."
      echo "const wasm = require('./$STEM.js');"
      echo "const errors = require('./$snippet');"
      sed -nE 's/^exports\.([A-Za-z_$][A-Za-z0-9_$]*) = .*/exports.\1 = wasm.\1;/p' "$out/$STEM.js"
      for c in "${CLASSES[@]}"; do echo "exports.$c = errors.$c;"; done
    } >"$out/index.js"
    {
      echo "export * from './$STEM.js';"
    } >"$out/index.d.ts"
  else
    echo '{ "type": "module" }' >"$out/package.json"
    {
      echo "// Entry of the $target build: the wasm-bindgen module plus the error classes."
      echo "export * from './$STEM.js';"
      [ "$target" = web ] && echo "export { default } from './$STEM.js';"
      echo "export { $CLASS_LIST } from './$snippet';"
    } >"$out/index.js"
    {
      echo "export * from './$STEM.js';"
      [ "$target" = web ] && echo "export { default } from './$STEM.js';"
    } >"$out/index.d.ts"
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
