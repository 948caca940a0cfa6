"""Do threads speed up scimgate? Validator.check over a corpus of users with 1..N threads, the
users given as dicts and as JSON bytes, and Validator.check_many over JSON lines, with the Wrike
profile and approved domains.

    .venv/bin/python bench/python/threads.py [--users 4000] [--threads 1,2] [--repeat 3]

Prints records per second for each input form and thread count, and the speed-up over one thread
(best of --repeat runs). The GIL is held only while a dict is read (converted to JSON text in
Rust) and while the result is loaded; the core runs without it, so the speed-up on N free cores
approaches N as the core's share of a call grows. Also prints, for one thread, what the Python
side of a call costs: a dict converted by json.dumps in Python (what the native conversion
replaced) against the native conversion, and json.loads of the report (what the native result
building replaced). Not a test: no figure is asserted (the machine is shared; see docs/scaleout.md).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any, Callable, Dict, List, Sequence, Tuple

import scimgate

CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"


def users(count: int, seed: int = 7) -> List[Dict[str, Any]]:
    rng = random.Random(seed)
    out = []
    for n in range(count):
        domain = rng.choice(["acme.com", "acme.com", "gmail.com"])
        out.append({
            "schemas": [CORE_USER, ENTERPRISE],
            "externalId": f"ext-{n}",
            "userName": f"user{n}@{domain}",
            "name": {"givenName": f"Given{n}", "familyName": "Family", "formatted": f"Given{n} F"},
            "displayName": f"Given{n} Family",
            "title": rng.choice(["Engineer", "Manager", "Zoë ✓"]),
            "active": rng.random() > 0.1,
            "emails": [{"value": f"user{n}@{domain}", "type": "work", "primary": True},
                       {"value": f"u{n}@home.example", "type": "home"}],
            "phoneNumbers": [{"value": f"+1 555 {n:04d}", "type": "work"}],
            "addresses": [{"streetAddress": f"{n} Main St", "locality": "Springfield",
                           "country": "US", "type": "work"}],
            ENTERPRISE: {"department": rng.choice(["R&D", "Sales"]), "employeeNumber": str(n)},
        })
    return out


def run(step: Callable[[Any], Any], items: Sequence[Any], threads: int) -> float:
    """Seconds to run step over items with `threads` threads (contiguous chunks)."""
    chunks = [items[i::threads] for i in range(threads)]

    def work(chunk: Sequence[Any]) -> int:
        for item in chunk:
            step(item)
        return len(chunk)

    start = time.perf_counter()
    if threads == 1:
        work(items)
    else:
        with ThreadPoolExecutor(max_workers=threads) as pool:
            assert sum(pool.map(work, chunks)) == len(items)
    return time.perf_counter() - start


def spin(n: int) -> int:
    return sum(range(n))


def ceiling(workers: int) -> float:
    """The speed-up `workers` processes of pure Python get over one right now: what the machine
    (its cores, less what others use) allows threads at best."""
    from multiprocessing import get_context

    n = 3_000_000
    with get_context("spawn").Pool(workers) as pool:
        pool.map(spin, [1] * workers)  # started
        start = time.perf_counter()
        pool.map(spin, [n], chunksize=1)
        one = time.perf_counter() - start
        start = time.perf_counter()
        pool.map(spin, [n] * workers, chunksize=1)
        many = time.perf_counter() - start
    return workers * one / many


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=4000)
    parser.add_argument("--threads", default=f"1,{os.cpu_count() or 1}")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    counts = sorted({int(t) for t in args.threads.split(",")} | {1})

    dicts = users(args.users)
    texts = [json.dumps(u).encode() for u in dicts]
    validator = scimgate.Validator(profile="wrike", approved_domains=["acme.com"])
    validator.check(dicts[0])  # warm up

    print(f"scimgate {scimgate.__version__}: Validator.check over {args.users} users, "
          f"{os.cpu_count()} CPUs, best of {args.repeat}")
    for n in counts[1:]:
        print(f"  ceiling: {n} processes of pure Python run {ceiling(n):4.2f}x one on this machine now")
    # Every configuration once per round, rounds repeated, best of each: a change in the load of a
    # shared machine hits all configurations alike.
    report = json.dumps(validator.check(dicts[0])).encode()
    dumps = partial(json.dumps, ensure_ascii=False, separators=(",", ":"))
    Step = Tuple[Callable[[Any], Any], Sequence[Any], int]
    steps: Dict[str, Step] = {}
    forms: List[Tuple[str, Sequence[Any]]] = [("dict", dicts), ("bytes", texts)]
    for label, items in forms:
        for n in counts:
            steps[f"{label:5} in, {n} thread{'s' if n > 1 else ' '}"] = (validator.check, items, n)
    # The batch API: JSON lines in 8 blobs, each thread running check_many over its blobs (one
    # native call per blob: the core runs a whole blob without the GIL).
    blobs = [b"\n".join(texts[i::8]) for i in range(8)]
    for n in counts:
        steps[f"jsonl in, {n} thread{'s' if n > 1 else ' '}"] = (
            lambda blob: validator.check_many(blob).summary, blobs, n)
    single: Dict[str, Step] = {
        "check(dict)": (validator.check, dicts, 1),
        "check(bytes)": (validator.check, texts, 1),
        "check(dumps(dict))": (lambda u: validator.check(dumps(u)), dicts, 1),
        "json.dumps(dict)": (dumps, dicts, 1),
        "json.loads(report)": (json.loads, [report] * len(dicts), 1),
    }
    steps.update(single)
    times = {name: float("inf") for name in steps}
    for _ in range(args.repeat):
        for name, (step, batch, n) in steps.items():
            times[name] = min(times[name], run(step, batch, n))
    for label in ("dict", "bytes", "jsonl"):
        base = times[f"{label:5} in, 1 thread "]
        for name, seconds in times.items():
            if name.startswith(f"{label:5} in"):
                print(f"  {name}: {args.users / seconds:9.0f} records/s  "
                      f"speed-up {base / seconds:4.2f}x")
    per = {name: times[name] for name in single}
    for name, seconds in per.items():
        print(f"  {name:18} {seconds / len(dicts) * 1e6:7.1f} µs per record")


if __name__ == "__main__":
    main()
