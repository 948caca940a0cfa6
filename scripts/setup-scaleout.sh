#!/usr/bin/env bash
# Engines for the scale-out tests (tests/python/test_scaleout.py): the pinned dask[bag] and pyspark
# of tests/python/requirements-scaleout.txt in $VENV, and a Java runtime for Spark (Debian's
# default-jre-headless) when `java` is missing. Skips whatever is already there.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${VENV:=$ROOT/.venv}"
: "${PY:=$VENV/bin/python}"
REQS="$ROOT/tests/python/requirements-scaleout.txt"

missing="$("$PY" - "$REQS" <<'PYEOF'
import re
import sys
from importlib import metadata

missing = []
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.split("#", 1)[0].strip()
    if not line:
        continue
    name, _, version = line.partition("==")
    name = re.sub(r"\[.*\]", "", name).strip()
    try:
        if metadata.version(name) != version.strip():
            missing.append(line)
    except metadata.PackageNotFoundError:
        missing.append(line)
print(" ".join(missing))
PYEOF
)"
if [ -n "$missing" ]; then
  echo "installing scale-out engines: $missing"
  "$PY" -m pip install --disable-pip-version-check --quiet -r "$REQS"
fi

if ! command -v java >/dev/null 2>&1; then
  echo "installing a Java runtime for Spark (default-jre-headless)"
  sudo_=()
  if [ "$(id -u)" -ne 0 ]; then sudo_=(sudo); fi
  # The JRE's postinst needs the man directory that slim images leave out.
  "${sudo_[@]}" mkdir -p /usr/share/man/man1
  "${sudo_[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo_[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    default-jre-headless >/dev/null
fi
