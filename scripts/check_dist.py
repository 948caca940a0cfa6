"""Check the Python distributions before they are installed or published.

    python scripts/check_dist.py wheel WHEEL --platform manylinux_2_17_x86_64
    python scripts/check_dist.py sdist SDIST

wheel: the file name says abi3 (cp39-abi3) and the expected platform; the extension module is
named for the stable ABI (``_native.abi3.so``); `auditwheel show` finds the wheel consistent with
the expected platform tag (for a foreign architecture too: it reads the ELF, it does not load
it); the dist-info carries LICENSE-MIT and LICENSE-APACHE, byte-equal to the repository's, and
METADATA declares ``License-Expression: MIT OR Apache-2.0`` with a License-File for each; the
package carries CHANGELOG.md (scimgate/CHANGELOG.md), byte-equal to the repository's.

sdist: everything the build needs (the workspace manifest and Cargo.lock, the core crate's
sources and embedded data, the binding crate, the Python package, pyproject.toml), the licences
and CHANGELOG.md (byte-equal to the repository's), PKG-INFO's licence fields, and nothing
large: no file over 200 KB, at most 3 MB unpacked, nothing from target/, node_modules/, the
wasm binding, the fuzz workspace or the test vectors.

Exits 1 with every problem listed when a check fails.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LICENCES = ("LICENSE-MIT", "LICENSE-APACHE")
EXPRESSION = "MIT OR Apache-2.0"
MAX_FILE = 200 * 1024
MAX_TOTAL = 3 * 1024 * 1024


def metadata_problems(text: str, where: str) -> list[str]:
    """The licence fields of a METADATA / PKG-INFO file."""
    problems = []
    headers = text.split("\n\n", 1)[0]
    fields = [line.split(": ", 1) for line in headers.splitlines() if ": " in line]
    expressions = [v for k, v in fields if k == "License-Expression"]
    if expressions != [EXPRESSION]:
        problems.append(f"{where}: License-Expression is {expressions}, expected [{EXPRESSION!r}]")
    files = sorted(v for k, v in fields if k == "License-File")
    if files != sorted(LICENCES):
        problems.append(f"{where}: License-File entries {files}, expected {sorted(LICENCES)}")
    if any(k == "License" for k, _ in fields):
        problems.append(f"{where}: carries the legacy License field beside License-Expression")
    for key, value in fields:
        if key in ("Home-page", "Project-URL", "Download-URL") and re.search(
            r"example\.(com|org)|TODO|OWNER|your-", value
        ):
            problems.append(f"{where}: placeholder URL {key}: {value}")
    return problems


def auditwheel_tag(wheel: Path) -> str | None:
    """The platform tag `auditwheel show` says the wheel is consistent with."""
    out = subprocess.run(
        [sys.executable, "-m", "auditwheel", "show", str(wheel)],
        capture_output=True,
        text=True,
        check=False,
    )
    text = " ".join((out.stdout + out.stderr).split())
    found = re.search(r'is consistent with the following platform tag: "([^"]+)"', text)
    if out.returncode != 0 or not found:
        print(out.stdout + out.stderr, file=sys.stderr)
        return None
    return found.group(1)


def check_wheel(wheel: Path, platform: str) -> list[str]:
    problems = []
    name = wheel.name
    # scimgate-0.1.0-cp39-abi3-manylinux2014_x86_64.manylinux_2_17_x86_64.whl
    parts = name[: -len(".whl")].split("-")
    if len(parts) != 5 or parts[0] != "scimgate":
        return [f"{name}: not a scimgate wheel name"]
    _, version, python_tag, abi_tag, platform_tags = parts
    if (python_tag, abi_tag) != ("cp39", "abi3"):
        problems.append(f"{name}: tagged {python_tag}-{abi_tag}, expected cp39-abi3 (one wheel per platform)")
    if platform not in platform_tags.split("."):
        problems.append(f"{name}: platform tags {platform_tags} do not include {platform}")

    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        dist_info = f"scimgate-{version}.dist-info"
        natives = [n for n in names if n.startswith("scimgate/_native")
                   and not n.endswith(".pyi")]
        if natives not in (["scimgate/_native.abi3.so"], ["scimgate/_native.pyd"]):
            problems.append(f"{name}: extension module {natives}, expected scimgate/_native.abi3.so")
        wheel_tags = [line.split(": ", 1)[1] for line in zf.read(f"{dist_info}/WHEEL").decode().splitlines()
                      if line.startswith("Tag: ")]
        if not any(t.startswith("cp39-abi3-") and t.endswith(platform) for t in wheel_tags):
            problems.append(f"{name}: WHEEL tags {wheel_tags} lack cp39-abi3-{platform}")
        for licence in LICENCES:
            member = f"{dist_info}/licenses/{licence}"
            if member not in names:
                problems.append(f"{name}: {member} missing")
            elif zf.read(member) != (ROOT / licence).read_bytes():
                problems.append(f"{name}: {member} differs from the repository's {licence}")
        # The changelog ships inside the package (scimgate/CHANGELOG.md, a link to the root's).
        if "scimgate/CHANGELOG.md" not in names:
            problems.append(f"{name}: scimgate/CHANGELOG.md missing")
        elif zf.read("scimgate/CHANGELOG.md") != (ROOT / "CHANGELOG.md").read_bytes():
            problems.append(f"{name}: scimgate/CHANGELOG.md differs from the repository's")
        problems += metadata_problems(zf.read(f"{dist_info}/METADATA").decode(), f"{name} METADATA")

    if name.endswith(".whl") and ("linux" in platform_tags):
        tag = auditwheel_tag(wheel)
        if tag is None:
            problems.append(f"{name}: auditwheel show failed")
        elif tag != platform:
            problems.append(f"{name}: auditwheel show says {tag}, expected {platform}")
        else:
            print(f"check-dist: {name}: auditwheel show: consistent with {tag}; cp39-abi3; licences and changelog inside")
    return problems


REQUIRED_SDIST = (
    "PKG-INFO",
    "pyproject.toml",
    "Cargo.toml",
    "Cargo.lock",
    "CHANGELOG.md",
    "LICENSE-MIT",
    "LICENSE-APACHE",
    "bindings-py/Cargo.toml",
    "bindings-py/src/lib.rs",
    "core/Cargo.toml",
    "core/src/lib.rs",
    "core/src/schema/builtin/user.json",
    "core/src/profile/builtin/wrike.json",
    "core/src/dialect/presets.json",
    "python/scimgate/__init__.py",
    "python/scimgate/__init__.pyi",
    "python/scimgate/py.typed",
    "python/scimgate/cli.py",
)
FORBIDDEN_SDIST = ("target/", "node_modules/", "bindings-wasm/", "fuzz/", "tests/vectors/", ".venv/", "dist/")


def check_sdist(sdist: Path) -> list[str]:
    problems = []
    name = sdist.name
    found = re.fullmatch(r"scimgate-([0-9][^-]*)\.tar\.gz", name)
    if not found:
        return [f"{name}: not a scimgate sdist name"]
    top = f"scimgate-{found.group(1)}/"
    with tarfile.open(sdist, "r:gz") as tf:
        members = {m.name: m for m in tf.getmembers() if m.isfile()}
        outside = [n for n in members if not n.startswith(top)]
        if outside:
            problems.append(f"{name}: files outside {top}: {outside[:5]}")
        files = {n[len(top):]: m for n, m in members.items() if n.startswith(top)}
        for need in REQUIRED_SDIST:
            if need not in files:
                problems.append(f"{name}: {need} missing")
        # Every file the core embeds with include_str! sits under core/src: all of them shipped?
        for data in sorted((ROOT / "core/src").rglob("*.json")):
            rel = data.relative_to(ROOT).as_posix()
            if rel not in files:
                problems.append(f"{name}: {rel} (embedded by the core) missing")
        for rs in sorted((ROOT / "core/src").rglob("*.rs")) + sorted((ROOT / "bindings-py/src").rglob("*.rs")):
            rel = rs.relative_to(ROOT).as_posix()
            if rel not in files:
                problems.append(f"{name}: {rel} missing")
        for path, member in files.items():
            if any(path.startswith(p) or f"/{p}" in path for p in FORBIDDEN_SDIST):
                problems.append(f"{name}: {path} should not be shipped")
            if member.size > MAX_FILE:
                problems.append(f"{name}: {path} is {member.size} bytes (over {MAX_FILE})")
        total = sum(m.size for m in files.values())
        if total > MAX_TOTAL:
            problems.append(f"{name}: {total} bytes unpacked (over {MAX_TOTAL})")
        for shipped in (*LICENCES, "CHANGELOG.md"):
            if shipped in files:
                data = tf.extractfile(members[top + shipped])
                if data is None or data.read() != (ROOT / shipped).read_bytes():
                    problems.append(f"{name}: {shipped} differs from the repository's")
        if "PKG-INFO" in files:
            data = tf.extractfile(members[top + "PKG-INFO"])
            problems += metadata_problems(data.read().decode() if data else "", f"{name} PKG-INFO")
    if not problems:
        print(f"check-dist: {name}: {len(files)} files, {total} bytes unpacked; "
              "build inputs, licences and CHANGELOG.md inside")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="kind", required=True)
    w = sub.add_parser("wheel")
    w.add_argument("path", type=Path)
    w.add_argument("--platform", required=True, help="expected platform tag, e.g. manylinux_2_17_x86_64")
    s = sub.add_parser("sdist")
    s.add_argument("path", type=Path)
    args = parser.parse_args()
    if args.kind == "wheel":
        problems = check_wheel(args.path, args.platform)
    else:
        problems = check_sdist(args.path)
    for p in problems:
        print(f"check-dist: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
