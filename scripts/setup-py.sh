#!/usr/bin/env bash
# Python tools: a venv at $VENV (default .venv) with the pinned maturin, pytest and mypy from
# tests/python/requirements.txt. Skips whatever is already there at the pinned version.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${VENV:=$ROOT/.venv}"
: "${PY:=$VENV/bin/python}"
REQS="$ROOT/tests/python/requirements.txt"

if [ ! -x "$PY" ]; then
  echo "creating Python venv at $VENV"
  python3 -m venv "$VENV"
fi

# Every pinned requirement present at its exact version? (no network needed to find out)
missing="$("$PY" - "$REQS" <<'PYEOF'
import sys
from importlib import metadata

missing = []
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.split("#", 1)[0].strip()
    if not line:
        continue
    name, _, version = line.partition("==")
    try:
        if metadata.version(name.strip()) != version.strip():
            missing.append(line)
    except metadata.PackageNotFoundError:
        missing.append(line)
print(" ".join(missing))
PYEOF
)"

if [ -n "$missing" ]; then
  echo "installing Python tools: $missing"
  "$PY" -m pip install --disable-pip-version-check --quiet -r "$REQS"
fi
