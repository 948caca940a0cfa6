"""The Python side of `make bench` (bench/run.py): the scimgate wheel against scim2-models, over the
corpora of bench/corpus.py.

  check:  scimgate.Validator.check with a dict, and with the JSON bytes of the line
          vs scim2-models ``User[EnterpriseUser | WrikeUser].model_validate(body,
          scim_ctx=Context.RESOURCE_CREATION_REQUEST)`` (a dict: its documented input)
  PATCH:  scimgate.Validator.apply_patch (dicts in; bytes in)
          vs scim2-models ``PatchOp[...].model_validate(body, scim_ctx=Context.RESOURCE_PATCH_REQUEST)``
          then ``.patch(resource)`` on the stored user validated into the model

Every implementation first runs over the whole corpus and must accept every item (and give the
expected patched title). Passes alternate between the rows (interleaved rounds); each row keeps
its best and its median pass. Writes python.json beside the corpora.

Times are CPU time of the process (time.process_time), which a busy shared machine disturbs far
less than wall-clock time; the wall-clock passes are kept too.

Environment: SCIMGATE_BENCH_DIR (default <repo>/target/bench), SCIMGATE_BENCH_ROUNDS (default 3),
SCIMGATE_BENCH_PEER_ITEMS (default 2000: scim2-models runs over that prefix of each corpus).
"""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional

import scimgate
from scim2_models import URN, Context, EnterpriseUser, Extension, PatchOp, User

ROOT = Path(__file__).resolve().parent.parent.parent
DIR = Path(os.environ.get("SCIMGATE_BENCH_DIR", ROOT / "target" / "bench"))
ROUNDS = max(1, int(os.environ.get("SCIMGATE_BENCH_ROUNDS", "3")))
# scim2-models takes milliseconds an item: it runs over the first PEER_ITEMS items of each corpus
# (per-item times compare; the row's `items` says how many).
PEER_ITEMS = max(1, int(os.environ.get("SCIMGATE_BENCH_PEER_ITEMS", "2000")))


class WrikeUser(Extension):
    """The Wrike user extension as a scim2-models extension (its one attribute)."""

    __schema__ = URN("urn:ietf:params:scim:schemas:extension:wrike:2.0:User")

    user_type: Optional[str] = None


Model = User[EnterpriseUser | WrikeUser]
Patch = PatchOp[Model]


def snake(name: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in name)


def main() -> None:
    meta = json.loads((DIR / "corpus.json").read_text(encoding="utf-8"))
    user_lines = [l for l in (DIR / "users.jsonl").read_bytes().split(b"\n") if l]
    users = [json.loads(l) for l in user_lines]
    pairs = [json.loads(l) for l in (DIR / "patches.jsonl").read_bytes().split(b"\n") if l]
    pair_bytes = [
        (json.dumps(p["user"]).encode(), json.dumps(p["patch"]).encode()) for p in pairs
    ]
    peer_users = users[:PEER_ITEMS]
    peer_pairs = pairs[:PEER_ITEMS]
    validator = scimgate.Validator(**{snake(k): v for k, v in meta["options"].items()})

    def scim2_patch(user: Dict[str, Any], patch: Dict[str, Any]) -> Any:
        resource = Model.model_validate(user)
        Patch.model_validate(patch, scim_ctx=Context.RESOURCE_PATCH_REQUEST).patch(resource)
        return resource

    # ---- sanity: every implementation accepts every item --------------------------------------
    for i, (doc, line) in enumerate(zip(users, user_lines)):
        for given in (doc, line):
            report = validator.check(given)
            assert report["valid"], (i, report["issues"])
    for i, doc in enumerate(peer_users):
        model = Model.model_validate(doc, scim_ctx=Context.RESOURCE_CREATION_REQUEST)
        assert model.user_name == doc["userName"], i
        assert model[EnterpriseUser].department is not None, i
        assert model[WrikeUser].user_type is not None, i
    for i, (pair, (ub, pb)) in enumerate(zip(pairs, pair_bytes)):
        want = pair["patch"]["Operations"][0]["value"]
        assert validator.apply_patch(pair["user"], pair["patch"])["resource"]["title"] == want, i
        assert validator.apply_patch(ub, pb)["resource"]["title"] == want, i
    for i, pair in enumerate(peer_pairs):
        want = pair["patch"]["Operations"][0]["value"]
        assert scim2_patch(pair["user"], pair["patch"]).title == want, i

    sink = 0

    def check_dict() -> None:
        nonlocal sink
        for d in users:
            sink += len(validator.check(d)["issues"])

    def check_bytes() -> None:
        nonlocal sink
        for b in user_lines:
            sink += len(validator.check(b)["issues"])

    def scim2_user() -> None:
        nonlocal sink
        for d in peer_users:
            m = Model.model_validate(d, scim_ctx=Context.RESOURCE_CREATION_REQUEST)
            sink += len(m.user_name)

    def apply_dict() -> None:
        nonlocal sink
        for p in pairs:
            sink += len(validator.apply_patch(p["user"], p["patch"])["resource"]["title"])

    def apply_bytes() -> None:
        nonlocal sink
        for ub, pb in pair_bytes:
            sink += len(validator.apply_patch(ub, pb)["resource"]["title"])

    def scim2_patchop() -> None:
        nonlocal sink
        for p in peer_pairs:
            sink += len(scim2_patch(p["user"], p["patch"]).title)

    rows: List[Dict[str, Any]] = [
        {"id": "py.check_dict", "label": "scimgate wheel Validator.check, dict in (user)",
         "items": len(users), "run": check_dict},
        {"id": "py.check_bytes", "label": "scimgate wheel Validator.check, bytes in (user)",
         "items": len(user_lines), "run": check_bytes},
        {"id": "py.scim2_user", "label": "scim2-models User.model_validate, creation ctx (user)",
         "items": len(peer_users), "run": scim2_user},
        {"id": "py.apply_patch_dict", "label": "scimgate wheel Validator.apply_patch, dicts in (PatchOp)",
         "items": len(pairs), "run": apply_dict},
        {"id": "py.apply_patch_bytes", "label": "scimgate wheel Validator.apply_patch, bytes in (PatchOp)",
         "items": len(pair_bytes), "run": apply_bytes},
        {"id": "py.scim2_patchop", "label": "scim2-models PatchOp validate + patch (PatchOp)",
         "items": len(peer_pairs), "run": scim2_patchop},
    ]
    passes: Dict[str, List[float]] = {r["id"]: [] for r in rows}
    wall: Dict[str, List[float]] = {r["id"]: [] for r in rows}
    for _ in range(ROUNDS):
        for row in rows:
            run: Callable[[], None] = row["run"]
            start, cpu = time.perf_counter(), time.process_time()
            run()
            passes[row["id"]].append(time.process_time() - cpu)
            wall[row["id"]].append(time.perf_counter() - start)

    out = []
    for row in rows:
        s = sorted(passes[row["id"]])
        best, median, wall_best = (
            x * 1e9 / row["items"] for x in (s[0], s[len(s) // 2], min(wall[row["id"]]))
        )
        print(f"{row['label']:<60} {best:>10.0f} ns/item (median {median:.0f})")
        out.append({"id": row["id"], "label": row["label"], "items": row["items"],
                    "rounds": ROUNDS, "clock": "cpu", "bestNs": best, "medianNs": median,
                    "wallBestNs": wall_best})
    doc = {
        "runtime": f"python {platform.python_version()}",
        "versions": {"scimgate": metadata.version("scimgate"),
                     "scim2-models": metadata.version("scim2-models"),
                     "pydantic": metadata.version("pydantic")},
        "rows": out,
        "sink": sink,
    }
    (DIR / "python.json").write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {DIR / 'python.json'}", file=sys.stderr)


if __name__ == "__main__":
    main()
