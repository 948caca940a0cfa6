"""check_many / plan_many: streaming over bytes, paths and iterables, per-record results, summary,
and constant memory (max RSS of a child process over a large JSON-lines file)."""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys
from typing import Any, Callable, Dict, Iterator, List

import scimgate

USER = {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "ada@acme.com"}
NAMELESS = {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"]}


def _lines() -> bytes:
    return b"\n".join([json.dumps(USER).encode(), b"[1]", b"", json.dumps(NAMELESS).encode(), b"{x"]) + b"\n"


def test_check_many_over_bytes_gives_one_result_per_record_and_a_summary() -> None:
    results = scimgate.Validator().check_many(_lines())
    records: List[Any] = list(results)
    assert [(r["index"], r["line"]) for r in records] == [(0, 1), (1, 2), (2, 4), (3, 5)]
    assert records[0]["valid"] and records[0]["result"]["valid"]
    assert records[1]["error"]["code"] == "not_an_object"
    assert not records[2]["valid"] and records[2]["result"]["issues"]
    assert records[3]["error"]["code"] == "invalid_json"
    s = results.summary
    assert (s["records"], s["valid"], s["invalid"], s["unreadable"]) == (4, 1, 3, 2)
    assert s["errors"] == {"not_an_object": 1, "invalid_json": 1}
    assert sum(s["byCode"].values()) == sum(s["bySeverity"].values()) > 0


def test_paths_arrays_and_iterables_read_the_same(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "users.json"
    path.write_text(json.dumps([USER, NAMELESS, USER], indent=2))
    by_path = list(scimgate.check_many(path))
    by_str = list(scimgate.check_many(str(path)))
    assert [r["valid"] for r in by_path] == [True, False, True]
    assert by_path == by_str
    assert [r["line"] for r in by_path] == [2, 8, 13]

    def gen() -> Iterator[str]:
        yield json.dumps(USER)
        yield json.dumps(NAMELESS)

    assert [r["valid"] for r in scimgate.check_many(gen())] == [True, False]
    assert [r["valid"] for r in scimgate.check_many([USER, NAMELESS])] == [True, False]
    with open(path, "rb") as f:
        assert [r["valid"] for r in scimgate.check_many(f)] == [True, False, True]


def test_summary_alone_runs_the_remaining_records() -> None:
    assert scimgate.check_many(_lines()).summary["records"] == 4


def test_too_large_and_too_deep_records_are_records_not_exceptions() -> None:
    deep = b"{\"a\":" * 40 + b"1" + b"}" * 40
    big = json.dumps({**USER, "title": "x" * 5000}).encode()
    records: List[Any] = list(scimgate.Validator(max_bytes=4096).check_many(deep + b"\n" + big + b"\n" + json.dumps(USER).encode()))
    assert [r.get("error", {}).get("code") for r in records] == ["nesting_too_deep", "payload_too_large", None]


def test_plan_many_takes_bodies_or_request_objects() -> None:
    v = scimgate.Validator(approved_domains=["acme.com"])
    rows = [
        USER,
        {**USER, "userName": "bob@other.com"},
        {"method": "DELETE"},
        {"method": "PUT", "body": USER, "current": {**USER, "id": "1", "active": False}},
    ]
    results = v.plan_many(rows)
    actions = [r["result"]["action"] for r in results]
    assert actions[0] == "create"
    assert actions[1] == "reject"
    assert actions[2] == "deactivate"
    assert actions[3] == "reactivate"
    assert results.summary["byAction"]["create"] == 1
    assert [r["result"]["action"] for r in v.plan_many([USER], method="PUT")] != ["create"]


def test_a_bad_method_raises_at_the_call_before_any_record_is_read() -> None:
    def never() -> Iterator[bytes]:
        raise AssertionError("the records were read")
        yield b""  # pragma: no cover

    bad: Any = "GET"
    calls: List[Callable[[], Any]] = [
        lambda: scimgate.plan_many(never(), method=bad),
        lambda: scimgate.Validator().plan_many(b"[]", method=bad),
    ]
    for call in calls:
        try:
            call()
        except scimgate.InvalidOptionError as e:
            assert e.option == "method"
        else:
            raise AssertionError("no InvalidOptionError")
    assert [r["result"]["action"] for r in scimgate.plan_many([USER], method="put")] == ["update"]


def test_a_missing_file_raises_and_a_failing_iterable_propagates(tmp_path: pathlib.Path) -> None:
    try:
        scimgate.check_many(tmp_path / "nope.jsonl")
    except FileNotFoundError:
        pass
    else:
        raise AssertionError("no FileNotFoundError")

    def broken() -> Iterator[str]:
        yield json.dumps(USER)
        raise KeyError("boom")

    try:
        list(scimgate.check_many(broken()))
    except KeyError:
        pass
    else:
        raise AssertionError("the iterable's exception was swallowed")


_CHILD = """
import json, resource, sys, scimgate
n = 0
results = scimgate.Validator(approved_domains=["acme.com"]).check_many(sys.argv[1])
for r in results:
    n += 1
s = results.summary
# VmHWM is this process's peak (ru_maxrss may carry the forking parent's across exec).
hwm = [int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:")]
print(json.dumps({"n": n, "valid": s["valid"], "rss_kib": hwm[0] if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def _rss(tmp_path: pathlib.Path, users: int) -> Dict[str, int]:
    path = tmp_path / f"users-{users}.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for i in range(users):
            f.write('{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"u%d@acme.com","name":{"givenName":"U","familyName":"%d"},"active":true}\n' % (i, i))
    out = subprocess.run([sys.executable, "-c", _CHILD, str(path)], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def test_memory_does_not_grow_with_the_number_of_records(tmp_path: pathlib.Path) -> None:
    # bench/batch_rss.py runs 1,000,000 users; here 10x more records may not add 8 MiB.
    small = _rss(tmp_path, 5_000)
    large = _rss(tmp_path, 50_000)
    assert (small["n"], large["n"]) == (5_000, 50_000)
    assert large["valid"] == 50_000
    assert large["rss_kib"] - small["rss_kib"] < 8 * 1024, (small, large)
    assert large["rss_kib"] < 64 * 1024
