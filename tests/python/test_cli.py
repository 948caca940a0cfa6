"""The installed ``scimgate`` command, run as a subprocess: exit codes, formats, stdin, and no
progress bar when piped."""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
import sys
from typing import List, Optional

USER = {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "ada@acme.com"}
OTHER = {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "bob@other.com"}


def _command() -> List[str]:
    exe = shutil.which("scimgate", path=os.path.dirname(sys.executable))
    assert exe, "the wheel installs a scimgate command next to the interpreter"
    return [exe]


def run(args: List[str], stdin: Optional[str] = None) -> "subprocess.CompletedProcess[str]":
    return subprocess.run(_command() + args, input=stdin, capture_output=True, text=True, timeout=120)


def _file(tmp_path: pathlib.Path, name: str, rows: List[object]) -> str:
    p = tmp_path / name
    p.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return str(p)


def test_audit_exit_codes_and_json_summary(tmp_path: pathlib.Path) -> None:
    good = _file(tmp_path, "good.jsonl", [USER, USER])
    bad = _file(tmp_path, "bad.jsonl", [USER, OTHER])
    r = run(["audit", good, "--approved-domain", "acme.com", "--format", "json"])
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["total"]["records"] == 2 and out["total"]["valid"] == 2
    r = run(["audit", good, bad, "--approved-domain", "acme.com", "--format", "json", "--jobs", "2"])
    assert r.returncode == 1
    out = json.loads(r.stdout)
    assert [f["file"] for f in out["files"]] == [good, bad]
    assert out["total"]["invalid"] == 1
    assert out["total"]["byCode"]["domain_not_approved"] == 1


def test_audit_reads_stdin_as_jsonl_and_prints_no_progress_when_piped() -> None:
    r = run(["audit", "-", "--approved-domain", "acme.com", "--format", "jsonl"], stdin=json.dumps(USER) + "\n{x\n")
    assert r.returncode == 1
    lines = [json.loads(line) for line in r.stdout.splitlines()]
    assert lines[0]["provisionable"] is True and lines[0]["action"] == "create"
    assert lines[1]["error"]["code"] == "invalid_json" and lines[1]["line"] == 2
    assert lines[-1]["summary"]["unreadable"] == 1
    assert r.stderr == ""


def test_audit_table_format_lists_findings_and_a_summary(tmp_path: pathlib.Path) -> None:
    bad = _file(tmp_path, "bad.jsonl", [USER, OTHER])
    r = run(["audit", bad, "--approved-domain", "acme.com"])
    assert r.returncode == 1
    assert "domain_not_approved" in r.stdout and "Summary" in r.stdout
    assert r.stderr == ""


def test_usage_and_io_errors_exit_2(tmp_path: pathlib.Path) -> None:
    assert run(["audit", str(tmp_path / "missing.jsonl")]).returncode == 2
    assert run(["audit", "--format", "xml"]).returncode == 2
    assert run(["nope"]).returncode == 2
    r = subprocess.run([sys.executable, "-m", "scimgate", "audit", "--idp", "nobody"], capture_output=True, text=True)
    assert r.returncode == 2


def test_check_patch_and_filter(tmp_path: pathlib.Path) -> None:
    user = _file(tmp_path, "user.json", [USER])
    r = run(["check", user])
    assert r.returncode == 0 and json.loads(r.stdout)["valid"] is True
    r = run(["check", "-"], stdin=json.dumps({"schemas": USER["schemas"]}))
    assert r.returncode == 1 and json.loads(r.stdout)["valid"] is False
    patch = _file(tmp_path, "patch.json", [{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "replace", "path": "title", "value": "CTO"}]}])
    r = run(["patch", user, patch])
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["resource"]["title"] == "CTO"
    users = _file(tmp_path, "users.jsonl", [USER, OTHER])
    r = run(["filter", 'userName ew "other.com"', users])
    assert r.returncode == 0
    assert [json.loads(line)["userName"] for line in r.stdout.splitlines()] == ["bob@other.com"]
