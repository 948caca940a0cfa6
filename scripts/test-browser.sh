#!/usr/bin/env bash
# Browser suite: the web demo in headless Chromium (Debian's /usr/bin/chromium via playwright-core).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

[ -f bindings-wasm/pkg/web.js ] || bash scripts/build-wasm.sh
bash scripts/setup-node.sh tests/node
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || bash scripts/setup-browser.sh

# The demo loads ./pkg/web.js: a copy of the package (web-demo/pkg is git-ignored).
rm -rf web-demo/pkg
cp -R bindings-wasm/pkg web-demo/pkg

echo "test-browser: node --test tests/browser/*.test.mjs"
cd tests/browser
node --test ./*.test.mjs
