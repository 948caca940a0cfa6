#!/usr/bin/env bash
# `make docs`: the API reference and the docs pages as static HTML in target/docs (git-ignored).
#   target/docs/rust/    rustdoc of the crate scimgate (cargo doc -p scimgate --no-deps)
#   target/docs/js/      TypeDoc of the npm package's declarations (bindings-wasm/js/index.gen.d.ts
#                        and init.d.ts, through tools/docs/scimgate.d.ts)
#   target/docs/python/  pdoc of the pip package (its sources' docstrings and its *.pyi stubs)
#   target/docs/pages/   README.md, CHANGELOG.md, docs/*.md, ... rendered with markdown-it
#   target/docs/index.html  links to all of them
# Installs what it needs, from pins: tools/docs/package-lock.json (npm ci into tools/docs) and
# tools/docs/requirements.txt (into the repository's venv, $VENV, default .venv).
# Needs neither the WebAssembly build nor the wheel.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
: "${VENV:=$ROOT/.venv}"
: "${PY:=$VENV/bin/python}"
TOOLS="$ROOT/tools/docs"
OUT="$ROOT/target/docs"
VERSION="$(sed -n '/^\[workspace.package\]/,/^\[/s/^version *= *"\(.*\)"/\1/p' Cargo.toml)"
[ -n "$VERSION" ] || { echo "docs: no [workspace.package] version in Cargo.toml" >&2; exit 1; }

# npm tools (TypeDoc, TypeScript, markdown-it), skipped when installed from the current lockfile.
# Node and npm themselves come from scripts/setup-node.sh (Debian's packages) when missing.
command -v npm >/dev/null 2>&1 || bash scripts/setup-node.sh
want="$(cat "$TOOLS/package.json" "$TOOLS/package-lock.json" | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$TOOLS/node_modules/.scimgate-stamp" 2>/dev/null)" != "$want" ]; then
  (cd "$TOOLS" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" >"$TOOLS/node_modules/.scimgate-stamp"
fi

# Python tools (pdoc and its dependencies) in the venv, skipped when every pin is there.
[ -x "$PY" ] || python3 -m venv "$VENV"
if ! "$PY" - "$TOOLS/requirements.txt" <<'PYEOF'
import sys
from importlib import metadata
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.split("#", 1)[0].strip()
    if line:
        name, _, version = line.partition("==")
        try:
            if metadata.version(name) != version:
                sys.exit(1)
        except metadata.PackageNotFoundError:
            sys.exit(1)
PYEOF
then
  "$PY" -m pip install --disable-pip-version-check --quiet -r "$TOOLS/requirements.txt"
fi

rm -rf "$OUT"
mkdir -p "$OUT"

echo "docs: rustdoc"
# The same flags as `make test-lint`, so that run's output is reused.
RUSTDOCFLAGS="-D warnings" cargo doc -q -p scimgate --no-deps
cp -R target/doc "$OUT/rust"

echo "docs: TypeDoc"
(cd "$TOOLS" && node node_modules/typedoc/bin/typedoc --options typedoc.json --out "$OUT/js" --logLevel Warn)

echo "docs: pdoc"
"$PY" "$TOOLS/pydoc.py" "$OUT/python" "$VERSION"

echo "docs: pages"
node "$TOOLS/pages.mjs" "$OUT" "$VERSION"

echo "docs: $OUT/index.html"
