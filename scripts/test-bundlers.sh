#!/usr/bin/env bash
# The npm package as users install it (its tarball) in bundlers and runtimes: esbuild and Vite (dev
# server, build + preview), webpack and Rollup in headless Chromium with a module Worker, tsc --strict without
# skipLibCheck in a browser project, and Node, Bun, Deno and workerd (tests/bundlers/*.test.mjs).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

[ -f bindings-wasm/pkg/index.js ] || bash scripts/build-wasm.sh
bash scripts/setup-node.sh tests/node tests/bundlers
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || bash scripts/setup-browser.sh

echo "test-bundlers: node --test tests/bundlers/*.test.mjs"
cd tests/bundlers
node --test ./*.test.mjs
