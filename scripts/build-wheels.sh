#!/usr/bin/env bash
# `make wheels`: the Linux wheels this machine can build, and the sdist, into dist/ (git-ignored).
# One abi3 wheel (CPython >= 3.9) per platform, cross-built with maturin --zig (zig from PyPI's
# `ziglang`, in the venv; no Docker): manylinux2014 (glibc 2.17: RHEL/CentOS 7+, Ubuntu 18.04+,
# Debian 10+, Amazon Linux 2) for x86_64 and aarch64, musllinux_1_2 (Alpine 3.13+) for x86_64 and
# aarch64 (their libc named as on Alpine: scripts/fix_musl_wheel.py). Each wheel is checked
# (scripts/check_dist.py: auditwheel show agrees with its tag, abi3, licences inside), and so is
# the sdist (build inputs present, nothing large).
# macOS and Windows wheels come from .github/workflows/release.yml (docs/packaging.md).
#
#   WHEEL_TARGETS="x86_64-unknown-linux-gnu" make wheels    # a subset (rust target triples)
#   WHEEL_TARGETS= make wheels                              # the sdist alone
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${VENV:=$ROOT/.venv}"
: "${PY:=$VENV/bin/python}"
: "${DIST:=$ROOT/dist}"
: "${WHEEL_TARGETS=x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu x86_64-unknown-linux-musl aarch64-unknown-linux-musl}"

bash "$ROOT/scripts/setup-py.sh"
# maturin --zig runs `python -m ziglang` with the first python on PATH: the venv's.
export PATH="$VENV/bin:$PATH"

# The platform tag each target's wheel carries (and auditwheel must agree with).
platform_of() {
  case "$1" in
    x86_64-unknown-linux-gnu) echo "manylinux2014 manylinux_2_17_x86_64" ;;
    aarch64-unknown-linux-gnu) echo "manylinux2014 manylinux_2_17_aarch64" ;;
    x86_64-unknown-linux-musl) echo "musllinux_1_2 musllinux_1_2_x86_64" ;;
    aarch64-unknown-linux-musl) echo "musllinux_1_2 musllinux_1_2_aarch64" ;;
    *) echo "build-wheels: unknown target $1" >&2; return 1 ;;
  esac
}

installed="$(rustup target list --installed)"
for target in $WHEEL_TARGETS; do
  platform_of "$target" >/dev/null
  if ! grep -qx "$target" <<<"$installed"; then
    rustup target add "$target"
  fi
done

cd "$ROOT"
mkdir -p "$DIST"
rm -rf "$DIST"/scimgate-*.whl "$DIST"/scimgate-*.tar.gz "$DIST"/.build.*

"$VENV/bin/maturin" sdist -m bindings-py/Cargo.toml -o "$DIST"
"$PY" "$ROOT/scripts/check_dist.py" sdist "$DIST"/scimgate-*.tar.gz

for target in $WHEEL_TARGETS; do
  read -r compatibility platform < <(platform_of "$target")
  echo "== $target ($platform)"
  out="$(mktemp -d "$DIST/.build.XXXXXX")"
  "$VENV/bin/maturin" build --release --quiet --zig --target "$target" --compatibility "$compatibility" \
    -m bindings-py/Cargo.toml -o "$out" -i "$PY"
  wheel="$(echo "$out"/scimgate-*.whl)"
  if [[ "$target" == *-musl ]]; then
    # zig's musl stub is NEEDED as libc.so: name it libc.musl-<arch>.so.1 as PEP 656 expects.
    "$PY" "$ROOT/scripts/fix_musl_wheel.py" "$wheel"
  fi
  "$PY" "$ROOT/scripts/check_dist.py" wheel "$wheel" --platform "$platform"
  mv "$wheel" "$DIST/"
  rmdir "$out"
done

echo "build-wheels: in $DIST:"
ls -l "$DIST"
