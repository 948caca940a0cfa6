#!/usr/bin/env bash
# Node suite of the npm package: node --test on tests/node/*.test.mjs against bindings-wasm/pkg
# (imported as 'scimgate' through a link in tests/node/node_modules), then tsc --noEmit on the
# TypeScript usage files (tests/node/types), which type-check the package's declarations.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

[ -f bindings-wasm/pkg/package.json ] || bash scripts/build-wasm.sh
bash scripts/setup-node.sh tests/node

# 'scimgate' resolves to the built package, through its package.json "exports".
ln -sfn ../../../bindings-wasm/pkg tests/node/node_modules/scimgate

# Once as Node resolves the package (nodenext), once as a bundler does (moduleResolution bundler).
echo "test-node: tsc --noEmit (tests/node/tsconfig.json, tsconfig.bundler.json)"
(cd tests/node && ./node_modules/.bin/tsc -p tsconfig.json && ./node_modules/.bin/tsc -p tsconfig.bundler.json)

echo "test-node: node --test tests/node/*.test.mjs"
cd tests/node
node --test ./*.test.mjs
