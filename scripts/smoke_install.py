"""Smoke test of an installed scimgate (from a wheel or the sdist), run by the python it is installed in.

    VENV/bin/python scripts/smoke_install.py [--prefix VENV]

Runs from a temporary directory so that only the installed package can be imported. Checks: the
package is imported from the environment (under --prefix when given), its native module is there,
a valid user checks valid and an invalid one reports `userName`, the metadata carries the licence
expression and both licence texts, and the `scimgate` command exits 0 for a valid user and 1 (the
report naming `userName`) for an invalid one. No pytest, no repository files needed: the release
workflow runs it on every platform's wheel, make test on the sdist install.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from importlib import metadata
from pathlib import Path

GOOD = {
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
    "userName": "ada@example.com",
    "name": {"givenName": "Ada", "familyName": "Lovelace"},
    "active": True,
}
BAD = {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": 7}


def fail(message: str) -> None:
    print(f"smoke: FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--prefix", type=Path, help="the environment scimgate must come from")
    args = parser.parse_args()
    prefix = args.prefix.resolve() if args.prefix is not None else None

    work = Path(tempfile.mkdtemp(prefix="scimgate-smoke-"))
    os.chdir(work)
    sys.path[:] = [p for p in sys.path if p not in ("", ".") and Path(p).resolve() != work]
    try:
        import scimgate
    except ImportError as e:
        fail(f"import scimgate: {e}")

    where = Path(scimgate.__file__).resolve().parent
    if prefix is not None and prefix not in where.parents:
        fail(f"scimgate imported from {where}, not from {args.prefix}")
    natives = [p.name for p in where.glob("_native*") if p.suffix in (".so", ".pyd")]
    if not natives:
        fail(f"no native module in {where}")

    report = scimgate.check(GOOD)
    if report["valid"] is not True or report["issues"]:
        fail(f"valid user reported {report}")
    bad = scimgate.check(BAD)
    if bad["valid"] is not False or [i["path"] for i in bad["issues"]] != ["userName"]:
        fail(f"invalid user reported {bad}")

    dist = metadata.distribution("scimgate")
    if dist.metadata["License-Expression"] != "MIT OR Apache-2.0":
        fail(f"License-Expression {dist.metadata['License-Expression']!r}")
    licences = sorted(Path(str(f)).name for f in dist.files or [] if "licenses" in Path(str(f)).parts)
    if licences != ["LICENSE-APACHE", "LICENSE-MIT"]:
        fail(f"licence files in the dist-info: {licences}")

    scripts = sysconfig.get_path("scripts")
    command = shutil.which("scimgate", path=scripts)
    if command is None:
        fail(f"no scimgate command in {scripts}")
    (work / "good.json").write_text(json.dumps(GOOD), encoding="utf-8")
    (work / "bad.json").write_text(json.dumps(BAD), encoding="utf-8")
    for name, want in (("good.json", 0), ("bad.json", 1)):
        run = subprocess.run([command, "check", name], capture_output=True, text=True, check=False)
        if run.returncode != want:
            fail(f"scimgate check {name} exited {run.returncode}, expected {want}: {run.stdout}{run.stderr}")
        out = json.loads(run.stdout)
        if out["valid"] is not (want == 0) or (want == 1 and out["issues"][0]["path"] != "userName"):
            fail(f"scimgate check {name} printed {out}")
    os.chdir(Path.home())
    shutil.rmtree(work, ignore_errors=True)
    print(
        f"smoke: scimgate {dist.version} from {where} ({natives[0]}): check valid/invalid, "
        f"licences {licences}, `scimgate check` exit 0/1: passed"
    )


if __name__ == "__main__":
    main()
