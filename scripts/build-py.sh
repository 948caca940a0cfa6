#!/usr/bin/env bash
# Build the scimgate wheel (maturin, release, abi3) into target/wheels and install it into $VENV,
# so that tests run against the installed package. The wheel is the one users get on Linux: a
# manylinux2014 (glibc 2.17) wheel for this machine's architecture, cross-linked by zig
# (maturin --zig, `ziglang` in the venv), not one tied to this machine's newer glibc; it is checked
# before it is installed (scripts/check_dist.py: `auditwheel show` agrees with manylinux_2_17,
# abi3, the licences in its dist-info). Quick when nothing changed: cargo's no-op build, and no
# reinstall when the wheel is the one already installed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${VENV:=$ROOT/.venv}"
: "${PY:=$VENV/bin/python}"
MATURIN="$VENV/bin/maturin"
WHEELS="$ROOT/target/wheels"
STAMP="$VENV/.scimgate-wheel.sha256"

if [ ! -x "$MATURIN" ] || ! "$PY" -c "import ziglang, auditwheel" 2>/dev/null; then
  bash "$ROOT/scripts/setup-py.sh"
fi
# maturin --zig runs `python -m ziglang` with the first python on PATH: the venv's.
export PATH="$VENV/bin:$PATH"

arch="$(uname -m)"
case "$arch" in
  x86_64 | aarch64) ;;
  arm64) arch=aarch64 ;;
  *) echo "build-py: no manylinux2014 wheel for $arch" >&2; exit 1 ;;
esac
target="$arch-unknown-linux-gnu"
if ! rustup target list --installed | grep -qx "$target"; then
  rustup target add "$target"
fi

cd "$ROOT"
mkdir -p "$WHEELS"
rm -f "$WHEELS"/scimgate-*.whl
"$MATURIN" build --release --quiet --zig --target "$target" --compatibility manylinux2014 \
  -m bindings-py/Cargo.toml -o "$WHEELS" -i "$PY"

shopt -s nullglob
wheels=("$WHEELS"/scimgate-*.whl)
if [ "${#wheels[@]}" -ne 1 ]; then
  echo "build-py: expected one scimgate wheel in $WHEELS, found ${#wheels[@]}" >&2
  exit 1
fi
wheel="${wheels[0]}"
"$PY" "$ROOT/scripts/check_dist.py" wheel "$wheel" --platform "manylinux_2_17_$arch"

# sha256 of the wheel's contents (file names and bytes; not zip timestamps, RECORD, or the SBOM,
# which carries a fresh serial number on every build).
sum="$("$PY" - "$wheel" <<'PYEOF'
import hashlib
import sys
import zipfile

digest = hashlib.sha256()
with zipfile.ZipFile(sys.argv[1]) as wheel:
    for name in sorted(wheel.namelist()):
        if name.endswith(".dist-info/RECORD") or ".dist-info/sboms/" in name:
            continue
        digest.update(name.encode())
        digest.update(wheel.read(name))
print(digest.hexdigest())
PYEOF
)"

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$sum" ] && "$PY" -c "import scimgate" 2>/dev/null; then
  echo "build-py: $(basename "$wheel") already installed"
else
  "$PY" -m pip install --disable-pip-version-check --quiet --force-reinstall --no-deps "$wheel"
  echo "$sum" >"$STAMP"
  echo "build-py: installed $(basename "$wheel")"
fi
