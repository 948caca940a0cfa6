#!/usr/bin/env bash
# Fuzz scimgate with libFuzzer, one target at a time.
#
#   scripts/fuzz.sh [--smoke] [target ...]
#
# Full run (`make fuzz`): installs cargo-fuzz when missing, seeds fuzz/corpus/ from tests/vectors,
# builds with `cargo fuzz build -O -a -s none` (stable toolchain through RUSTC_BOOTSTRAP=1, no
# sanitizer, optimized, debug assertions and overflow checks on), runs the harness crate's tests
# and clippy, replays fuzz/regressions/, then `cargo fuzz run`s each target for FUZZ_SECONDS
# (default 60) and prints the executions per target.
#
# --smoke (`make fuzz-smoke`, part of `make test`): the same binaries built by plain `cargo build`
# with the flags cargo-fuzz passes (FUZZ_RUSTFLAGS below), so a fresh machine does not have to
# install cargo-fuzz; the saved inputs, then FUZZ_SMOKE_RUNS (default 20000) executions per target
# from a fixed seed (FUZZ_SMOKE_SEED, default 1), capped at FUZZ_SMOKE_SECONDS (default 60): the
# same inputs on every machine, so `make test` passes or fails the same way everywhere. The open
# search, which finds new inputs, is `make fuzz`.
#
# Fails when a target crashes: the input is in fuzz/artifacts/<target>/, the log in
# fuzz/logs/<target>.log. Oracles of open findings (scimgate_fuzz::OPEN_FINDINGS) are skipped
# unless SCIMGATE_FUZZ_ALL=1. Reproduce a crash with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run -O -a -s none <target> fuzz/artifacts/<target>/<file>
set -euo pipefail
cd "$(dirname "$0")/.."

SMOKE=0
if [[ "${1:-}" == "--smoke" ]]; then
  SMOKE=1
  shift
fi
ALL_TARGETS=(check_json normalize filter path patch plan domain expr mapping)
TARGETS=("$@")
if [[ ${#TARGETS[@]} -eq 0 ]]; then
  TARGETS=("${ALL_TARGETS[@]}")
fi
if [[ $SMOKE -eq 1 ]]; then
  SECONDS_PER_TARGET="${FUZZ_SMOKE_SECONDS:-60}"
  # A fixed seed and a fixed number of executions: the smoke explores the same inputs everywhere.
  SEARCH=(-runs="${FUZZ_SMOKE_RUNS:-20000}" -seed="${FUZZ_SMOKE_SEED:-1}")
else
  SECONDS_PER_TARGET="${FUZZ_SECONDS:-60}"
  SEARCH=()
fi

export RUSTC_BOOTSTRAP=1 # libFuzzer's instrumentation flags on the stable toolchain
FUZZ_FLAGS=(-O -a -s none)
TRIPLE="$(rustc -vV | sed -n 's/^host: //p')"
BIN_DIR="fuzz/target/$TRIPLE/release"
# What `cargo fuzz build -O -a -s none` (cargo-fuzz 0.13) passes on Linux; `make fuzz` warns when
# they no longer match (cargo then rebuilds instead of reusing the smoke's build).
FUZZ_RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing \
-Cllvm-args=-simplifycfg-branch-fold-threshold=0 -Cllvm-args=-sanitizer-coverage-stack-depth \
-Cdebug-assertions -Ccodegen-units=1"

plain_build() {
  RUSTFLAGS="$FUZZ_RUSTFLAGS" cargo build --manifest-path fuzz/Cargo.toml --target "$TRIPLE" \
    --release --config 'profile.release.debug="line-tables-only"' --bins "$@"
}

dict_for() {
  case "$1" in
    check_json | normalize) echo scim ;;
    patch | plan) echo patch ;;
    filter | path) echo filter ;;
    domain) echo domain ;;
    expr) echo expr ;;
    mapping) echo expr ;;
  esac
}

# run_target TARGET CORPUS-DIR LIBFUZZER-ARGS...
run_target() {
  local t="$1"
  shift
  mkdir -p "fuzz/artifacts/$t"
  if [[ $SMOKE -eq 1 ]]; then
    "$BIN_DIR/$t" -artifact_prefix="fuzz/artifacts/$t/" "$@"
  else
    local corpus="$1"
    shift
    cargo fuzz run "${FUZZ_FLAGS[@]}" "$t" "$corpus" -- "$@"
  fi
}

python3 scripts/fuzz-seeds.py
if [[ $SMOKE -eq 1 ]]; then
  plain_build
else
  if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "installing cargo-fuzz (about a minute and a half, once)"
    # --locked fails on this machine kind (a locked dependency is missing from the registry).
    cargo install cargo-fuzz
  fi
  cargo fuzz build "${FUZZ_FLAGS[@]}"
  if plain_build 2>&1 | grep -q "Compiling scimgate "; then
    echo "warning: FUZZ_RUSTFLAGS in scripts/fuzz.sh no longer match cargo-fuzz's flags" \
      "(see 'cargo fuzz build -O -a -s none -v'); make fuzz-smoke builds differently" >&2
  fi
  # The harnesses' own tests (selectors compile, oracles catch what they should) and the saved
  # inputs without libFuzzer; lint the fuzz crate, which the root workspace does not include.
  cargo test --manifest-path fuzz/Cargo.toml --quiet
  cargo clippy --manifest-path fuzz/Cargo.toml --all-targets --quiet -- -D warnings
fi

mkdir -p fuzz/logs
# Saved crash inputs (fuzz/regressions/<target>/) first: each must pass its target's oracles.
for t in "${TARGETS[@]}"; do
  if [[ -d "fuzz/regressions/$t" ]]; then
    if ! run_target "$t" "fuzz/regressions/$t" -runs=0 >"fuzz/logs/$t-regressions.log" 2>&1; then
      grep -m1 -A3 "panicked at" "fuzz/logs/$t-regressions.log" || tail -20 "fuzz/logs/$t-regressions.log"
      echo "fuzz: a saved input in fuzz/regressions/$t fails" >&2
      exit 1
    fi
  fi
done

declare -a SUMMARY=()
FAILED=0
for t in "${TARGETS[@]}"; do
  log="fuzz/logs/$t.log"
  mkdir -p "fuzz/corpus/$t"
  start=$(date +%s)
  set +e
  run_target "$t" "fuzz/corpus/$t" "${SEARCH[@]}" -max_total_time="$SECONDS_PER_TARGET" -timeout=10 \
    -rss_limit_mb=2048 -dict="fuzz/dicts/$(dict_for "$t").dict" -print_final_stats=1 \
    >"$log" 2>&1
  rc=$?
  set -e
  took=$(($(date +%s) - start))
  # A target that crashes at once prints no coverage line: not a reason to stop silently.
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1 || true)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | sed 's/cov: //' || true)
  corpus=$(find "fuzz/corpus/$t" -type f | wc -l)
  if [[ $rc -eq 0 ]]; then
    status=ok
  else
    status="CRASH (exit $rc; see $log and fuzz/artifacts/$t/)"
    FAILED=1
    grep -m1 -A3 "panicked at" "$log" || tail -20 "$log"
  fi
  SUMMARY+=("$(printf '%-11s %10s execs in %4ss, cov %6s, corpus %5s  %s' "$t" "${execs:-?}" "$took" "${cov:-?}" "$corpus" "$status")")
  echo "${SUMMARY[-1]}"
done

echo "---- fuzz summary ----"
printf '%s\n' "${SUMMARY[@]}"
if [[ $FAILED -ne 0 ]]; then
  echo "fuzz: a target crashed" >&2
  exit 1
fi
