# scimgate — `make demo` and `make test` work on a fresh machine: they install what they need
# (rustup target, pinned wasm-bindgen-cli, a Python venv with maturin/pytest/mypy, npm packages,
# Debian's chromium) and skip what is already there.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
WASM_BINDGEN_VERSION := 0.2.130
VENV := $(CURDIR)/.venv
PY := $(VENV)/bin/python
DEMO_PORT ?= 8080
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_RUNS ?= 20000
export WASM_BINDGEN_VERSION VENV PY FUZZ_SECONDS FUZZ_SMOKE_RUNS

.PHONY: all demo test generate tools tools-rust tools-py tools-node tools-browser wasm py \
        test-rust test-lint test-node test-python test-sdist test-browser test-bundlers bench clean \
        fuzz fuzz-smoke wheels docs

all: wasm py

## ---- tools -------------------------------------------------------------------------------
tools: tools-rust tools-py tools-node tools-browser

tools-rust:
	bash scripts/setup-rust.sh

tools-py:
	bash scripts/setup-py.sh

tools-node:
	bash scripts/setup-node.sh

tools-browser:
	bash scripts/setup-browser.sh

## ---- builds ------------------------------------------------------------------------------
wasm: tools-rust
	bash scripts/build-wasm.sh

py: tools-py
	bash scripts/build-py.sh

## The Linux wheels (manylinux2014 and musllinux_1_2, x86_64 and aarch64, abi3, cross-built with
## maturin --zig) and the sdist into dist/, each checked (docs/packaging.md). macOS and Windows
## wheels: .github/workflows/release.yml.
wheels: tools-py
	bash scripts/build-wheels.sh

## Regenerate the bindings' API, types and error classes from the core's contract (tools/codegen);
## test-lint fails when the checked-in files differ from what this writes.
generate:
	cargo run -q -p scimgate-codegen

## The API reference (rustdoc, TypeDoc, pdoc) and the docs pages as HTML in target/docs
## (scripts/docs.sh; tools from tools/docs' pins). `make demo` serves it at /docs/.
docs:
	bash scripts/docs.sh

## ---- the two commands --------------------------------------------------------------------
demo: wasm
	bash scripts/demo.sh $(DEMO_PORT)

test: tools
	$(MAKE) test-lint
	$(MAKE) test-rust
	$(MAKE) fuzz-smoke
	$(MAKE) wasm py
	$(MAKE) test-node
	$(MAKE) test-python
	$(MAKE) test-sdist
	$(MAKE) test-browser
	$(MAKE) test-bundlers
	$(MAKE) docs && $(PY) tests/docs/check.py
	@echo "make test: all suites passed"

## ---- suites ------------------------------------------------------------------------------
test-lint:
	cargo fmt --all -- --check
	cargo run -q -p scimgate-codegen -- --check
	cargo fmt --manifest-path fuzz/Cargo.toml -- --check
	cargo clippy --manifest-path fuzz/Cargo.toml --all-targets -- -D warnings
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p scimgate-wasm --target wasm32-unknown-unknown -- -D warnings
	RUSTDOCFLAGS="-D warnings" cargo doc -p scimgate --no-deps

test-rust:
	cargo test --workspace --exclude scimgate-py --exclude scimgate-wasm

test-node:
	bash scripts/test-node.sh

test-python:
	bash scripts/test-python.sh

# The sdist: its contents, `pip install` of it into a fresh venv (the crate built from it), a smoke test.
test-sdist: tools-py
	bash scripts/test-sdist.sh

test-browser: tools-browser
	bash scripts/test-browser.sh

# The npm tarball in esbuild, Vite (dev and build), webpack, Rollup with a Worker in Chromium, tsc --strict without
# skipLibCheck, and Node, Bun, Deno, workerd (tests/bundlers).
test-bundlers: tools-browser
	bash scripts/test-bundlers.sh

# Floors and peers in one run (bench/run.py: corpora under target/bench, Rust, the npm package in
# Node against SCIMMY and scim-patch, the wheel against scim2-models; the table and
# target/bench/results.json), then the throughput and growth benches of the core.
bench: wasm py
	python3 bench/run.py
	cargo bench -p scimgate --bench check
	cargo bench -p scimgate --bench growth
	cargo bench -p scimgate --bench patch

## ---- fuzzing (cargo-fuzz, libFuzzer on the stable toolchain) ------------------------------
# Each target for FUZZ_SECONDS (default 60), one at a time; fails on any crash.
fuzz:
	bash scripts/fuzz.sh

# Build, replay fuzz/regressions/, and FUZZ_SMOKE_RUNS (default 20000) executions per target from a
# fixed seed, the same on every machine: part of `test`.
fuzz-smoke:
	bash scripts/fuzz.sh --smoke

clean:
	cargo clean
	rm -rf fuzz/target fuzz/artifacts fuzz/logs
	rm -rf bindings-wasm/pkg web-demo/pkg $(VENV) tests/node/node_modules tests/bundlers/node_modules dist
