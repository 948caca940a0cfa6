"""The ``scimgate`` command (also ``python -m scimgate``).

``scimgate audit FILE...`` plans every user of JSON-lines or JSON-array files (``-`` is stdin) as
Wrike would receive them in a POST, under the account's settings, and says which would be
provisioned. On a terminal it shows a progress bar (records, throughput, ETA) on stderr; piped,
it prints only the results. Exit codes: 0 every record is provisionable, 1 findings, 2 usage or
I/O error. ``scimgate check`` checks one resource, ``scimgate patch`` applies a PATCH request,
``scimgate filter`` prints the records a SCIM filter selects.

Terminal output uses ``rich`` (progress bar and tables).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import IO, Any, Dict, Iterator, List, Optional, Sequence

from . import ScimError, Validator, apply_patch, check

_SHOWN = 20
"""Records with findings listed in the table format (the summary counts all)."""


class UsageError(Exception):
    """A bad argument or an unreadable file: exit code 2."""


def _options(args: argparse.Namespace) -> Dict[str, Any]:
    options: Dict[str, Any] = {}
    if args.idp:
        options["dialect"] = args.idp
    if args.approved_domain:
        options["approved_domains"] = list(args.approved_domain)
    if args.user_types:
        options["user_types"] = [t.strip() for t in args.user_types.split(",") if t.strip()]
    if args.custom_fields:
        options["custom_fields"] = _load(args.custom_fields)
    return options


def _load(path: str) -> Any:
    try:
        if path == "-":
            return json.load(sys.stdin)
        with open(path, "rb") as f:
            return json.load(f)
    except OSError as e:
        raise UsageError(f"{path}: {e.strerror or e}") from None
    except ValueError as e:
        raise UsageError(f"{path}: not JSON: {e}") from None


class _Counted:
    """A binary file's lines, counting the bytes read (for the progress bar)."""

    def __init__(self, f: IO[bytes]) -> None:
        self.f = f
        self.read = 0

    def __iter__(self) -> Iterator[bytes]:
        for line in self.f:
            self.read += len(line)
            yield line


def _open(path: str) -> IO[bytes]:
    if path == "-":
        return sys.stdin.buffer
    try:
        return open(path, "rb")
    except OSError as e:
        raise UsageError(f"{path}: {e.strerror or e}") from None


def _add(total: Dict[str, Any], summary: Dict[str, Any]) -> None:
    for key, value in summary.items():
        if isinstance(value, dict):
            counts = total.setdefault(key, {})
            for k, n in value.items():
                counts[k] = counts.get(k, 0) + n
        else:
            total[key] = total.get(key, 0) + value


def _row(path: str, record: Any) -> Dict[str, Any]:
    """What a format prints of one record."""
    out: Dict[str, Any] = {
        "file": path,
        "index": record["index"],
        "line": record["line"],
        "provisionable": record["valid"],
    }
    if "error" in record:
        out["error"] = record["error"]
    else:
        plan = record["result"]
        out["action"] = plan["action"]
        out["issues"] = [
            {"code": i["code"], "severity": i["severity"], "path": i["path"], "message": i["message"]}
            for i in plan["issues"]
        ]
    return out


def _audit(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )
    from rich.table import Table

    validator = Validator(**_options(args))
    err = Console(stderr=True)
    out = Console(file=sys.stdout, highlight=False, soft_wrap=True)
    show = err.is_terminal and not args.quiet
    files: List[str] = list(args.files) or ["-"]
    streams = [_open(p) for p in files]
    lock = threading.Lock()
    summaries: Dict[str, Dict[str, Any]] = {}
    shown: List[Dict[str, Any]] = []
    hidden = [0]

    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TransferSpeedColumn(),
        TextColumn("{task.fields[records]} records"),
        TimeRemainingColumn(),
        console=err,
        transient=False,
        disable=not show,
    )

    def run(path: str, stream: IO[bytes]) -> None:
        size: Optional[int] = None
        if path != "-":
            try:
                size = os.fstat(stream.fileno()).st_size
            except (OSError, ValueError):
                size = None
        counted = _Counted(stream)
        task = progress.add_task(path, total=size, records=0)
        results = validator.plan_many(counted if show else stream, method="POST")
        n = 0
        for record in results:
            n += 1
            if show and n % 512 == 0:
                progress.update(task, completed=counted.read, records=n)
            if args.format == "jsonl":
                line = json.dumps(_row(path, record), ensure_ascii=False)
                with lock:
                    sys.stdout.write(line + "\n")
            elif not record["valid"] or (record.get("result") or {}).get("issues"):
                with lock:
                    if len(shown) < _SHOWN and not record["valid"]:
                        shown.append(_row(path, record))
                    elif not record["valid"]:
                        hidden[0] += 1
        summary: Dict[str, Any] = dict(results.summary)
        if show:
            progress.update(task, completed=size if size is not None else counted.read, records=n)
        if path != "-":
            stream.close()
        with lock:
            summaries[path] = summary

    # A disabled rich Progress still writes a newline when it stops: only a shown one runs.
    with progress if show else contextlib.nullcontext():
        jobs = max(1, args.jobs)
        if jobs == 1 or len(files) == 1:
            for path, stream in zip(files, streams):
                run(path, stream)
        else:
            # Threads: the core reads and checks without the GIL.
            with ThreadPoolExecutor(max_workers=jobs) as pool:
                for f in [pool.submit(run, p, s) for p, s in zip(files, streams)]:
                    f.result()

    total: Dict[str, Any] = {}
    for path in files:
        _add(total, summaries[path])
    if args.format == "json":
        json.dump({"files": [{"file": p, "summary": summaries[p]} for p in files], "total": total}, sys.stdout)
        sys.stdout.write("\n")
    elif args.format == "jsonl":
        sys.stdout.write(json.dumps({"summary": total}) + "\n")
    else:
        if shown:
            t = Table(title="Records that would not be provisioned")
            for c in ("file", "line", "action", "findings"):
                t.add_column(c)
            for r in shown:
                if "error" in r:
                    t.add_row(r["file"], str(r["line"]), "unreadable", f"{r['error'].get('code')}: {r['error'].get('message')}")
                else:
                    codes = ", ".join(i["code"] for i in r["issues"] if i["severity"] == "error")
                    t.add_row(r["file"], str(r["line"]), r["action"], codes)
            out.print(t)
            if hidden[0]:
                out.print(f"... and {hidden[0]} more")
        t = Table(title="Summary")
        for c in ("file", "records", "provisionable", "not provisionable", "unreadable"):
            t.add_column(c, justify="right" if c != "file" else "left")
        for p in files + (["total"] if len(files) > 1 else []):
            s = total if p == "total" else summaries[p]
            t.add_row(p, str(s.get("records", 0)), str(s.get("valid", 0)), str(s.get("invalid", 0)), str(s.get("unreadable", 0)))
        out.print(t)
        for title, key in (("Actions", "byAction"), ("Findings by code", "byCode"), ("Unreadable by error", "errors")):
            counts = total.get(key) or {}
            if counts:
                t = Table(title=title)
                t.add_column(title.split()[0].lower())
                t.add_column("count", justify="right")
                for k, n in sorted(counts.items(), key=lambda kv: -kv[1]):
                    t.add_row(k, str(n))
                out.print(t)
    return 0 if total.get("invalid", 0) == 0 else 1


def _read_doc(path: str) -> Any:
    return _load(path)


def _check(args: argparse.Namespace) -> int:
    report = check(_read_doc(args.file), **_options(args))
    json.dump(report, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0 if report["valid"] else 1


def _patch(args: argparse.Namespace) -> int:
    resource = _read_doc(args.resource)
    patch = _read_doc(args.patch)
    try:
        result = apply_patch(resource, patch, **_options(args))
    except ScimError as e:
        json.dump(e.to_json(), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return 1
    json.dump(result, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


def _filter(args: argparse.Namespace) -> int:
    f = Validator(**_options(args)).parse_filter(args.filter)
    found = 0
    for resource in _records(args.file):
        if isinstance(resource, dict) and f.matches(resource):
            found += 1
            sys.stdout.write(json.dumps(resource, ensure_ascii=False) + "\n")
    return 0 if found else 1


def _records(path: str) -> Iterator[Any]:
    """The JSON records of a JSON-lines file or a JSON array (whole arrays are loaded)."""
    stream = _open(path)
    try:
        head = stream.peek(64)[:64] if hasattr(stream, "peek") else b""
        if head.lstrip().startswith(b"["):
            yield from json.load(stream)
            return
        for line in stream:
            if line.strip():
                yield json.loads(line)
    except ValueError as e:
        raise UsageError(f"{path}: not JSON: {e}") from None
    finally:
        if path != "-":
            stream.close()


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--idp", choices=["entra", "okta", "onelogin"], help="the IdP's dialect")
    common.add_argument("--approved-domain", action="append", metavar="D", help="an approved email domain (repeat)")
    common.add_argument("--user-types", metavar="T,...", help="the account's user types, comma-separated")
    common.add_argument("--custom-fields", metavar="catalog.json", help="Wrike's GET /customfields response")
    p = argparse.ArgumentParser(prog="scimgate", description="Validate SCIM payloads for provisioning into Wrike.")
    sub = p.add_subparsers(dest="command", required=True)
    a = sub.add_parser("audit", parents=[common], help="plan every user of JSON-lines or JSON-array files")
    a.add_argument("files", nargs="*", metavar="FILE", help="files ('-' or none: stdin)")
    a.add_argument("--format", choices=["table", "json", "jsonl"], default="table")
    a.add_argument("--jobs", type=int, default=1, metavar="N", help="files audited at once (threads)")
    a.add_argument("--quiet", action="store_true", help="no progress bar")
    a.set_defaults(run=_audit)
    c = sub.add_parser("check", parents=[common], help="check one resource (prints its report)")
    c.add_argument("file", metavar="FILE")
    c.set_defaults(run=_check)
    t = sub.add_parser("patch", parents=[common], help="apply a PATCH request to a resource")
    t.add_argument("resource", metavar="RESOURCE")
    t.add_argument("patch", metavar="PATCH")
    t.set_defaults(run=_patch)
    f = sub.add_parser("filter", parents=[common], help="print the records a SCIM filter selects")
    f.add_argument("filter", metavar="FILTER")
    f.add_argument("file", metavar="FILE", nargs="?", default="-")
    f.set_defaults(run=_filter)
    return p


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the command; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        return int(args.run(args))
    except UsageError as e:
        print(f"scimgate: {e}", file=sys.stderr)
        return 2
    except ScimError as e:
        print(f"scimgate: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 1


if __name__ == "__main__":
    sys.exit(main())
