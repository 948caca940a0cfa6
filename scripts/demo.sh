#!/usr/bin/env bash
# Serve the web demo (web-demo/, using the npm package's scimgate/web entry) on 127.0.0.1:PORT.
# Usage: bash scripts/demo.sh [PORT]   (default 8080). Stop it with Ctrl-C.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PORT="${1:-${DEMO_PORT:-8080}}"
case "$PORT" in ''|*[!0-9]*) echo "demo: PORT must be a number, got '$PORT'" >&2; exit 2 ;; esac

[ -f bindings-wasm/pkg/web.js ] || bash scripts/build-wasm.sh
# The demo loads ./pkg/web.js: a copy of the package (web-demo/pkg is git-ignored).
rm -rf web-demo/pkg
cp -R bindings-wasm/pkg web-demo/pkg
# The API reference and docs pages (`make docs`, target/docs) at /docs/: built when missing, then
# linked in (web-demo/docs is git-ignored; run `make docs` again to refresh them).
[ -f target/docs/index.html ] || bash scripts/docs.sh
rm -rf web-demo/docs
ln -s ../target/docs web-demo/docs

echo "demo: http://127.0.0.1:$PORT/  (Ctrl-C stops it); API reference: http://127.0.0.1:$PORT/docs/"
# python's http.server gives .wasm application/wasm; the page fetches the module itself anyway.
exec python3 -m http.server "$PORT" --bind 127.0.0.1 --directory web-demo
