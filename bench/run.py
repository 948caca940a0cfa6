#!/usr/bin/env python3
"""`make bench`: scimgate against its floors and peers, in one run, one table.

1. bench/corpus.py writes the corpora under target/bench (10,000 Entra -> Wrike users; 10,000
   five-operation Entra PatchOps with their stored users).
2. Rust (core/benches/peers.rs): serde_json parse -> Value and parse + serialize, check_json with
   the Wrike profile, apply_patch.
3. Node (bench/node/peers.mjs, the npm package's Node build in bindings-wasm/pkg): check and
   applyPatch against SCIMMY and scim-patch (installed into bench/node by `npm ci`).
4. Python (bench/python/peers.py, the wheel installed in .venv): check with dict and bytes in,
   apply_patch, against scim2-models (installed into .venv from bench/python/requirements.txt).
5. Prints one table (per-item time, the ratio each target is about, the target, met or not) and
   writes it as JSON to target/bench/results.json; `--markdown` prints it as the README's table.

Each runtime alternates its rows in interleaved rounds and keeps the best pass (the median is in
results.json too); ratios are of best passes. The npm package and the wheel must be built first
(`make bench` does: `make wasm py`).

Usage: python3 bench/run.py [--rounds N] [--skip-rust] [--skip-node] [--skip-python] [--markdown]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
OUT = Path(os.environ.get("SCIMGATE_BENCH_DIR", ROOT / "target" / "bench"))
VENV = Path(os.environ.get("VENV", ROOT / ".venv"))
PY = Path(os.environ.get("PY", VENV / "bin" / "python"))

# (row, its comparator, how the ratio reads, the target). "x" ratios are row / comparator (lower
# is better: a fraction of the floor); "faster" ratios are comparator / row (higher is better).
TARGETS: List[Dict[str, Any]] = [
    {"row": "rust.check_json", "vs": "rust.serde_parse", "kind": "x", "target": 1.0,
     "what": "Rust check_json (Wrike profile) vs serde_json parse -> Value, same bytes"},
    {"row": "py.check_bytes", "vs": "py.scim2_user", "kind": "faster", "target": 60.0,
     "what": "wheel check, bytes in, vs scim2-models User (creation context)"},
    {"row": "npm.check_object", "vs": "node.scimmy_user", "kind": "faster", "target": 25.0,
     "what": "npm check (object in) vs SCIMMY new Schemas.User"},
    {"row": "npm.apply_patch", "vs": "node.scim_patch", "kind": "faster", "target": 2.0,
     "what": "npm applyPatch (schema-validated) vs scim-patch"},
    {"row": "rust.apply_patch", "vs": "node.scim_patch", "kind": "faster", "target": 5.0,
     "what": "Rust apply_patch vs scim-patch in Node"},
]
# Rows shown with a ratio but no target (for reading the others).
INFO: List[Dict[str, Any]] = [
    {"row": "rust.serde_roundtrip", "vs": "rust.serde_parse", "kind": "x"},
    {"row": "rust.apply_patch_json", "vs": "rust.serde_parse_patch", "kind": "x"},
    {"row": "rust.apply_patch", "vs": "rust.serde_parse_patch", "kind": "x"},
    {"row": "py.check_dict", "vs": "py.scim2_user", "kind": "faster"},
    {"row": "py.apply_patch_dict", "vs": "py.scim2_patchop", "kind": "faster"},
    {"row": "py.apply_patch_bytes", "vs": "py.scim2_patchop", "kind": "faster"},
    {"row": "npm.check_text", "vs": "node.scimmy_user", "kind": "faster"},
    {"row": "npm.apply_patch", "vs": "node.scimmy_patchop", "kind": "faster"},
    {"row": "npm.apply_patch_text", "vs": "node.scim_patch", "kind": "faster"},
    # The floors under the two PATCH targets: the most any implementation of that shape could be.
    {"row": "node.json_crossing", "vs": "node.scim_patch", "kind": "faster"},
    {"row": "rust.value_clone", "vs": "node.scim_patch", "kind": "faster"},
]


def step(title: str, cmd: List[str], env: Optional[Dict[str, str]] = None, cwd: Path = ROOT) -> None:
    print(f"\n== {title}: {' '.join(cmd)}", flush=True)
    subprocess.run(cmd, cwd=cwd, env={**os.environ, **(env or {})}, check=True)


def need(path: Path, hint: str) -> None:
    if not path.exists():
        sys.exit(f"bench: {path} is missing; {hint}")


def node_deps() -> None:
    """bench/node's pinned peers, by `npm ci` from its lock file (skipped when installed)."""
    lock = BENCH / "node" / "package-lock.json"
    stamp = BENCH / "node" / "node_modules" / ".package-lock.json"
    if stamp.exists() and stamp.stat().st_mtime >= lock.stat().st_mtime:
        return
    step("npm ci (bench/node: SCIMMY, scim-patch)",
         ["npm", "ci", "--no-audit", "--no-fund"], cwd=BENCH / "node")


def python_deps() -> None:
    """scim2-models at its pinned version in the venv (skipped when present)."""
    need(PY, "run `make py` first (the venv with the scimgate wheel)")
    reqs = BENCH / "python" / "requirements.txt"
    pins = [l.split("#")[0].strip() for l in reqs.read_text().splitlines()]
    pins = [p for p in pins if p]
    probe = ("import sys\nfrom importlib import metadata\nok = True\n"
             "for pin in sys.argv[1:]:\n    name, _, version = pin.partition('==')\n"
             "    try:\n        ok = ok and metadata.version(name) == version\n"
             "    except metadata.PackageNotFoundError:\n        ok = False\n"
             "sys.exit(0 if ok else 1)\n")
    if subprocess.run([str(PY), "-c", probe, *pins], check=False).returncode != 0:
        step("pip install (bench/python: scim2-models)",
             [str(PY), "-m", "pip", "install", "--disable-pip-version-check", "--quiet", "-r", str(reqs)])


def load(name: str) -> Dict[str, Any]:
    path = OUT / name
    return json.loads(path.read_text()) if path.exists() else {"rows": []}


def fmt_time(ns: float) -> str:
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.1f} µs"
    return f"{ns:.0f} ns"


def ratio_text(kind: str, r: float) -> str:
    return f"{r:.2f}x of floor" if kind == "x" else f"{r:.1f}x faster"


def main() -> None:
    parser = argparse.ArgumentParser(description="scimgate benchmarks against floors and peers")
    parser.add_argument("--rounds", type=int, help="interleaved rounds per runtime")
    parser.add_argument("--skip-rust", action="store_true")
    parser.add_argument("--skip-node", action="store_true")
    parser.add_argument("--skip-python", action="store_true")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = parser.parse_args()
    env = {"SCIMGATE_BENCH_DIR": str(OUT)}
    if args.rounds:
        env["SCIMGATE_BENCH_ROUNDS"] = str(args.rounds)

    step("corpora", [sys.executable, str(BENCH / "corpus.py"), "--out", str(OUT)])
    for name in ("rust.json", "node.json", "python.json", "results.json"):
        (OUT / name).unlink(missing_ok=True)
    if not args.skip_rust:
        step("Rust", ["cargo", "bench", "-q", "-p", "scimgate", "--bench", "peers"], env)
    if not args.skip_node:
        need(ROOT / "bindings-wasm" / "pkg" / "node.js", "run `make wasm` first")
        if shutil.which("node") is None:
            sys.exit("bench: node not found")
        node_deps()
        step("Node", ["node", str(BENCH / "node" / "peers.mjs")], env)
    if not args.skip_python:
        python_deps()
        step("Python", [str(PY), str(BENCH / "python" / "peers.py")], env)

    parts = {"rust": load("rust.json"), "node": load("node.json"), "python": load("python.json")}
    rows = {r["id"]: r for p in parts.values() for r in p["rows"]}

    def compare(spec: Dict[str, Any]) -> Optional[Dict[str, Any]]:
        row, vs = rows.get(spec["row"]), rows.get(spec["vs"])
        if row is None or vs is None:
            return None
        ratio = row["bestNs"] / vs["bestNs"] if spec["kind"] == "x" else vs["bestNs"] / row["bestNs"]
        out = {**spec, "ratio": ratio, "rowNs": row["bestNs"], "vsNs": vs["bestNs"]}
        if "target" in spec:
            out["met"] = ratio <= spec["target"] if spec["kind"] == "x" else ratio >= spec["target"]
        return out

    targets = [c for c in (compare(t) for t in TARGETS) if c]
    info = [c for c in (compare(t) for t in INFO) if c]

    corpus = json.loads((OUT / "corpus.json").read_text())
    results = {
        "command": "make bench",
        "machine": {"platform": platform.platform(), "cpus": os.cpu_count()},
        "corpus": corpus,
        "runtimes": {k: {x: v[x] for x in ("runtime", "versions") if x in v} for k, v in parts.items()},
        "rows": list(rows.values()),
        "targets": targets,
        "info": info,
    }
    (OUT / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")

    print("\n== per item (best of the interleaved rounds; median in results.json)")
    width = max(len(r["label"]) for r in rows.values()) if rows else 10
    for r in rows.values():
        print(f"  {r['label']:<{width}}  {fmt_time(r['bestNs']):>10}   ({r['items']} items)")
    print("\n== targets")
    for t in targets:
        goal = f"<= {t['target']:.1f}x" if t["kind"] == "x" else f">= {t['target']:.0f}x"
        print(f"  {t['what']:<76} {ratio_text(t['kind'], t['ratio']):>18}  target {goal:<8} "
              f"{'met' if t['met'] else 'NOT MET'}")
    print("\n== other ratios")
    for t in info:
        print(f"  {rows[t['row']]['label']:<{width}} vs {rows[t['vs']]['label']}: "
              f"{ratio_text(t['kind'], t['ratio'])}")
    if args.markdown:
        print()
        print(markdown(rows, targets))
    print(f"\nwrote {OUT / 'results.json'}")


def markdown(rows: Dict[str, Dict[str, Any]], targets: List[Dict[str, Any]]) -> str:
    lines = ["| Measured | Per item | Against | Per item | Ratio | Target | Met |",
             "| --- | ---: | --- | ---: | ---: | ---: | :---: |"]
    for t in targets:
        goal = f"≤ {t['target']:.1f}x" if t["kind"] == "x" else f"≥ {t['target']:.0f}x faster"
        lines.append(f"| {rows[t['row']]['label']} | {fmt_time(t['rowNs'])} | {rows[t['vs']]['label']} "
                     f"| {fmt_time(t['vsNs'])} | {ratio_text(t['kind'], t['ratio'])} | {goal} | "
                     f"{'yes' if t['met'] else 'no'} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
