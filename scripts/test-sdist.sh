#!/usr/bin/env bash
# The sdist builds with only Rust and pip: `maturin sdist` into target/sdist, its contents checked
# (scripts/check_dist.py: the workspace pieces and Cargo.lock the build needs, licences,
# CHANGELOG.md, nothing large), then `pip install scimgate-X.tar.gz` into a fresh venv
# (target/sdist-venv) with pip's own build isolation (maturin fetched from PyPI as the sdist's
# pyproject asks; cargo builds the crate from the unpacked sdist), and a smoke test of what it
# installed (scripts/smoke_install.py: import, a check, the licences, the `scimgate` command on a
# small file).
#
# The build is the sdist's own, from scratch as for a user, except for two time savers that leave
# what is compiled (every source in the sdist) the same: cargo's dependency builds are kept in
# target/sdist-build between runs, and the profile is SDIST_PROFILE (default `dev`, without debug
# info: no LTO, no optimisation; from scratch here 50 s of CPU against 85 s for release, and its
# dependencies kept for the next run; `SDIST_PROFILE=release` for the build users get).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${VENV:=$ROOT/.venv}"
: "${PY:=$VENV/bin/python}"
: "${SDIST_PROFILE:=dev}"
OUT="$ROOT/target/sdist"
SDIST_VENV="$ROOT/target/sdist-venv"
WORK="$ROOT/target/sdist-smoke"

if [ ! -x "$VENV/bin/maturin" ]; then
  bash "$ROOT/scripts/setup-py.sh"
fi

cd "$ROOT"
rm -rf "$OUT" "$SDIST_VENV" "$WORK"
mkdir -p "$OUT" "$WORK"
"$VENV/bin/maturin" sdist -m bindings-py/Cargo.toml -o "$OUT"
sdist="$(echo "$OUT"/scimgate-*.tar.gz)"
"$PY" "$ROOT/scripts/check_dist.py" sdist "$sdist"

python3 -m venv "$SDIST_VENV"
echo "== pip install $(basename "$sdist") (profile $SDIST_PROFILE) into target/sdist-venv"
start=$SECONDS
# Run from $WORK so that nothing of the work tree is on the build's path.
(
  cd "$WORK"
  CARGO_TARGET_DIR="$ROOT/target/sdist-build" CARGO_INCREMENTAL=0 CARGO_PROFILE_DEV_DEBUG=0 \
    MATURIN_PEP517_ARGS="--profile $SDIST_PROFILE" \
    "$SDIST_VENV/bin/pip" install --disable-pip-version-check --no-cache-dir --quiet "$sdist"
)
echo "test-sdist: built and installed from the sdist in $((SECONDS - start)) s"

echo "== smoke test of the sdist install"
"$SDIST_VENV/bin/python" "$ROOT/scripts/smoke_install.py" --prefix "$SDIST_VENV"
echo "test-sdist: passed"
