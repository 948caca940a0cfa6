#!/usr/bin/env bash
# npm packages of the JS test tooling, each from its lockfile (npm ci):
#   tests/node      typescript, playwright-core, ajv
#   tests/bundlers  esbuild, vite, and the runtimes bun, deno, workerd (binaries through npm)
# A directory is skipped when its node_modules was installed from the current package-lock.json.
# Usage: bash scripts/setup-node.sh [tests/node|tests/bundlers ...]   (default: both)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "setup-node: installing Debian's nodejs and npm"
  SUDO=""; if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y nodejs npm
fi

[ "$#" -gt 0 ] || set -- tests/node tests/bundlers
for rel in "$@"; do
  DIR="$ROOT/$rel"
  cd "$DIR"
  if [ -f package-lock.json ]; then
    want="$(sha256sum package.json package-lock.json | sha256sum | cut -d' ' -f1)"
  else
    want="$(sha256sum package.json | sha256sum | cut -d' ' -f1)"
  fi
  if [ -d node_modules ] && [ "$(cat node_modules/.scimgate-stamp 2>/dev/null)" = "$want" ]; then
    echo "setup-node: $rel/node_modules is up to date"
    continue
  fi
  if [ -f package-lock.json ]; then
    npm ci --no-audit --no-fund
  else
    npm install --no-audit --no-fund
    want="$(sha256sum package.json package-lock.json | sha256sum | cut -d' ' -f1)"
  fi
  echo "$want" >node_modules/.scimgate-stamp
  echo "setup-node: installed $rel/node_modules"
done
