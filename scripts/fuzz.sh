#!/usr/bin/env bash
# Fuzz scimgate with cargo-fuzz (libFuzzer), one target at a time.
#
#   scripts/fuzz.sh [--smoke] [target ...]
#
# Installs cargo-fuzz when missing, seeds fuzz/corpus/ from tests/vectors, builds every target
# (stable toolchain: RUSTC_BOOTSTRAP=1, no sanitizer, optimized, with debug assertions and
# overflow checks), runs the harness crate's tests and clippy (not with --smoke), replays the
# saved inputs in fuzz/regressions/, then runs each target for FUZZ_SECONDS (default 60;
# --smoke: FUZZ_SMOKE_SECONDS, default 4) and prints the executions per target. Oracles of open
# findings (scimgate_fuzz::OPEN_FINDINGS) are skipped unless SCIMGATE_FUZZ_ALL=1. Fails when a target crashes; the input is saved in fuzz/artifacts/<target>/ and the log
# in fuzz/logs/<target>.log. Replay a crash with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run -O -a -s none <target> fuzz/artifacts/<target>/<file>
set -euo pipefail
cd "$(dirname "$0")/.."

SMOKE=0
if [[ "${1:-}" == "--smoke" ]]; then
  SMOKE=1
  shift
fi
ALL_TARGETS=(check_json normalize filter path patch plan domain)
TARGETS=("$@")
if [[ ${#TARGETS[@]} -eq 0 ]]; then
  TARGETS=("${ALL_TARGETS[@]}")
fi
if [[ $SMOKE -eq 1 ]]; then
  SECONDS_PER_TARGET="${FUZZ_SMOKE_SECONDS:-4}"
else
  SECONDS_PER_TARGET="${FUZZ_SECONDS:-60}"
fi

dict_for() {
  case "$1" in
    check_json | normalize) echo scim ;;
    patch | plan) echo patch ;;
    filter | path) echo filter ;;
    domain) echo domain ;;
  esac
}

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "installing cargo-fuzz (about a minute and a half, once)"
  # --locked fails on this machine kind (a locked dependency is missing from the registry).
  cargo install cargo-fuzz
fi

export RUSTC_BOOTSTRAP=1 # libFuzzer's instrumentation flags on the stable toolchain
FUZZ_FLAGS=(-O -a -s none)

python3 scripts/fuzz-seeds.py
cargo fuzz build "${FUZZ_FLAGS[@]}"
if [[ $SMOKE -eq 0 ]]; then
  # The harnesses' own tests (selectors compile, oracles catch what they should) and the saved
  # inputs, without libFuzzer; lint the fuzz crate, which the root workspace does not include.
  cargo test --manifest-path fuzz/Cargo.toml --quiet
  cargo clippy --manifest-path fuzz/Cargo.toml --all-targets --quiet -- -D warnings
fi

mkdir -p fuzz/logs
# Saved crash inputs (fuzz/regressions/<target>/) first: each must pass its target's oracles.
for t in "${TARGETS[@]}"; do
  if [[ -d "fuzz/regressions/$t" ]]; then
    if ! cargo fuzz run "${FUZZ_FLAGS[@]}" "$t" "fuzz/regressions/$t" -- -runs=0 \
      >"fuzz/logs/$t-regressions.log" 2>&1; then
      grep -m1 -A3 "panicked at" "fuzz/logs/$t-regressions.log" || tail -20 "fuzz/logs/$t-regressions.log"
      echo "fuzz: a saved input in fuzz/regressions/$t fails" >&2
      exit 1
    fi
  fi
done

mkdir -p fuzz/logs
declare -a SUMMARY=()
FAILED=0
for t in "${TARGETS[@]}"; do
  log="fuzz/logs/$t.log"
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
  start=$(date +%s)
  set +e
  cargo fuzz run "${FUZZ_FLAGS[@]}" "$t" "fuzz/corpus/$t" -- \
    -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 \
    -dict="fuzz/dicts/$(dict_for "$t").dict" -print_final_stats=1 >"$log" 2>&1
  rc=$?
  set -e
  took=$(($(date +%s) - start))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | sed 's/cov: //')
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
