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
  echo "installing wasm-bindgen-cli ${WASM_BINDGEN_VERSION} (a few minutes, once)"
  # --locked fails on this machine kind (a locked dependency is missing from the registry).
  cargo install wasm-bindgen-cli --version "${WASM_BINDGEN_VERSION}"
fi
