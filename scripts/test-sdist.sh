#!/usr/bin/env bash
# The sdist builds with only Rust and pip: `maturin sdist` into target/sdist, its contents checked
# (scripts/check_dist.py: the workspace pieces and Cargo.lock the build needs, licences,
# CHANGELOG.md, nothing large), then `pip install scimgate-X.tar.gz` into a fresh venv
# (target/sdist-venv) with pip's own build isolation (maturin fetched from PyPI as the sdist's
# pyproject asks; cargo builds the crate from the unpacked sdist), and a smoke test of what it
# installed: import, a check, the `scimgate` command on a small file.
#
# The build is the sdist's own, from scratch as for a user, except for two time savers that leave
# what is compiled (every source in the sdist) the same: cargo's dependency builds are kept in
# target/sdist-build between runs, and the profile is SDIST_PROFILE (default `dev`: no LTO, no
# optimisation, about a third of the release build's time; `SDIST_PROFILE=release` for the
# build users get).
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
cd "$WORK"
cat >user.json <<'EOF'
{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "ada@example.com",
 "name": {"givenName": "Ada", "familyName": "Lovelace"}, "active": true}
EOF
cat >bad.json <<'EOF'
{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": 7}
EOF
"$SDIST_VENV/bin/python" - "$SDIST_VENV" <<'PYEOF'
import json
import sys
from importlib import metadata
from pathlib import Path

import scimgate

venv = Path(sys.argv[1]).resolve()
where = Path(scimgate.__file__).resolve()
assert venv in where.parents, f"scimgate imported from {where}, not from {venv}"
native = [p.name for p in where.parent.glob("_native*")]
assert any(n.endswith((".so", ".pyd")) for n in native), native

report = scimgate.check(json.loads(Path("user.json").read_text()))
assert report["valid"] is True and report["issues"] == [], report
bad = scimgate.check(json.loads(Path("bad.json").read_text()))
assert bad["valid"] is False, bad
assert [i["path"] for i in bad["issues"]] == ["userName"], bad["issues"]

dist = metadata.distribution("scimgate")
assert dist.metadata["License-Expression"] == "MIT OR Apache-2.0", dist.metadata["License-Expression"]
licences = sorted(Path(str(f)).name for f in dist.files or [] if "licenses" in str(f))
assert licences == ["LICENSE-APACHE", "LICENSE-MIT"], licences
print(f"sdist smoke: scimgate {dist.version} from {where.parent}: check valid / invalid (userName), licences {licences}")
PYEOF

# The command: exit 0 and a valid report for the good file, exit 1 for the bad one.
"$SDIST_VENV/bin/scimgate" check user.json >good.out
"$SDIST_VENV/bin/python" -c 'import json,sys; r=json.load(open("good.out")); assert r["valid"] is True, r'
set +e
"$SDIST_VENV/bin/scimgate" check bad.json >bad.out
rc=$?
set -e
if [ "$rc" -ne 1 ]; then
  echo "test-sdist: scimgate check bad.json exited $rc, expected 1" >&2
  cat bad.out >&2
  exit 1
fi
"$SDIST_VENV/bin/python" -c 'import json; r=json.load(open("bad.out")); assert r["valid"] is False and r["issues"][0]["path"] == "userName", r'
echo "sdist smoke: scimgate check: exit 0 for a valid user, 1 (with the userName issue) for an invalid one"
echo "test-sdist: passed"
