#!/usr/bin/env bash
# Python suite against the installed wheel (scripts/build-py.sh): stubtest on the shipped stubs,
# mypy --strict on a usage file and the tests, then pytest tests/python. Runs from target/py-test so that
# `import scimgate` can only find the installed package, never bindings-py/python. Installs the
# scale-out engines first (scripts/setup-scaleout.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${VENV:=$ROOT/.venv}"
: "${PY:=$VENV/bin/python}"
WORK="$ROOT/target/py-test"

# Dask, PySpark and Java for tests/python/test_scaleout.py (skipped when installed).
bash "$ROOT/scripts/setup-scaleout.sh"

mkdir -p "$WORK"
cd "$WORK"

echo "== stubtest scimgate"
allowlist=()
if [ -f "$ROOT/tests/python/stubtest-allowlist.txt" ]; then
  allowlist=(--allowlist "$ROOT/tests/python/stubtest-allowlist.txt")
fi
"$PY" -m mypy.stubtest scimgate "${allowlist[@]}"

# typing_usage.py calls every public function; the tests are held to the stubs as well.
echo "== mypy --strict tests/python (typing_usage.py and the tests)"
"$PY" -m mypy --strict --cache-dir "$WORK/.mypy_cache" "$ROOT/tests/python"

echo "== pytest tests/python"
"$PY" -m pytest -p no:cacheprovider -q "$ROOT/tests/python"
