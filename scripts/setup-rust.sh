#!/usr/bin/env bash
# Rust tools: the wasm32 target and wasm-bindgen-cli at the version pinned in Cargo.toml.
set -euo pipefail
: "${WASM_BINDGEN_VERSION:=0.2.130}"
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
if command -v wasm-bindgen >/dev/null 2>&1 && wasm-bindgen --version | grep -q " ${WASM_BINDGEN_VERSION}\$"; then
  :
else
  echo "installing wasm-bindgen-cli ${WASM_BINDGEN_VERSION} (about a minute, once)"
  # --locked fails on this machine kind (a locked dependency is missing from the registry).
  # --debug: an unoptimized build takes about 70 s instead of about 6 minutes here, and writes the
  # very same files (compared byte for byte on this package); it takes about 1 s per build of the
  # package instead of 0.3 s.
  cargo install wasm-bindgen-cli --debug --version "${WASM_BINDGEN_VERSION}"
fi
