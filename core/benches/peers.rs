//! The Rust side of `make bench` (bench/run.py): per-item times over the corpora that
//! bench/corpus.py writes (10,000 Entra -> Wrike create bodies; 10,000 five-operation Entra
//! PatchOps with their stored users), for the serde_json floors and the core's `check_json`
//! (Wrike profile) and `apply_patch`, and the floor under any PATCH that returns a patched copy
//! of a stored user it borrows: cloning (and dropping) that user.
//!
//! Passes alternate between the measured items (interleaved rounds), so a disturbance on the
//! shared machine hits each of them alike; each row keeps its best and its median pass. Times are
//! the thread's CPU time (Linux `/proc/thread-self/schedstat`; wall-clock elsewhere), which a busy
//! shared machine disturbs far less than wall-clock time; the best wall-clock pass is kept too. Writes
//! `rust.json` beside the corpora for the driver and prints a short table.
//!
//! Environment: `SCIMGATE_BENCH_DIR` (default `<workspace>/target/bench`), `SCIMGATE_BENCH_ROUNDS`
//! (default 7). Run `python3 bench/corpus.py` first (bench/run.py does).
#![allow(clippy::cast_precision_loss)] // times of a benchmark, not exact counts

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

use serde_json::{json, Value};

struct Row {
    id: &'static str,
    label: &'static str,
    items: usize,
    passes: Vec<f64>,
    wall: Vec<f64>,
}

/// Seconds this thread has run on a CPU (Linux), if the kernel says.
fn cpu_seconds() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = text.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

impl Row {
    fn new(id: &'static str, label: &'static str, items: usize) -> Self {
        Row {
            id,
            label,
            items,
            passes: Vec::new(),
            wall: Vec::new(),
        }
    }

    fn per_item_ns(&self) -> (f64, f64, f64) {
        let mut sorted = self.passes.clone();
        sorted.sort_by(f64::total_cmp);
        let per = |s: f64| s * 1e9 / self.items as f64;
        let wall = self.wall.iter().copied().fold(f64::INFINITY, f64::min);
        (per(sorted[0]), per(sorted[sorted.len() / 2]), per(wall))
    }
}

fn lines(path: &PathBuf) -> Vec<Vec<u8>> {
    let text = std::fs::read(path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; generate the corpora first (python3 bench/corpus.py)",
            path.display()
        )
    });
    text.split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(<[u8]>::to_vec)
        .collect()
}

fn main() {
    let dir = std::env::var_os("SCIMGATE_BENCH_DIR").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/bench"),
        PathBuf::from,
    );
    let rounds: usize = std::env::var("SCIMGATE_BENCH_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(7)
        .max(1);

    let users = lines(&dir.join("users.jsonl"));
    let pairs: Vec<(Value, Value)> = lines(&dir.join("patches.jsonl"))
        .iter()
        .map(|l| {
            let mut v: Value = serde_json::from_slice(l).expect("patches.jsonl line");
            (v["user"].take(), v["patch"].take())
        })
        .collect();
    let pair_bytes: Vec<(Vec<u8>, Vec<u8>)> = pairs
        .iter()
        .map(|(u, p)| {
            (
                serde_json::to_vec(u).unwrap(),
                serde_json::to_vec(p).unwrap(),
            )
        })
        .collect();
    let meta: Value =
        serde_json::from_slice(&std::fs::read(dir.join("corpus.json")).expect("corpus.json"))
            .expect("corpus.json");
    let options = scimgate::Options::from_value(meta["options"].clone()).expect("options");
    let validator = scimgate::Validator::new(options).expect("validator");

    // Sanity: the whole corpus is what the bench claims (valid users, PatchOps that apply), so
    // the times are of the common path and not of early failures.
    for (i, doc) in users.iter().enumerate() {
        let report = validator.check_json(doc).expect("check_json");
        assert!(report.valid, "user {i}: {:?}", report.issues);
    }
    for (i, (user, patch)) in pairs.iter().enumerate() {
        validator
            .apply_patch(user, patch)
            .unwrap_or_else(|e| panic!("patch {i}: {e}"));
    }

    let n = users.len();
    let m = pairs.len();
    let mut rows = [
        Row::new("rust.serde_parse", "serde_json parse -> Value (user)", n),
        Row::new(
            "rust.serde_roundtrip",
            "serde_json parse + serialize (user)",
            n,
        ),
        Row::new("rust.check_json", "check_json, Wrike profile (user)", n),
        Row::new(
            "rust.serde_parse_patch",
            "serde_json parse -> Value (stored user + PatchOp)",
            m,
        ),
        Row::new(
            "rust.value_clone",
            "serde_json Value clone + drop (stored user)",
            m,
        ),
        Row::new("rust.apply_patch", "apply_patch, Values in (PatchOp)", m),
        Row::new(
            "rust.apply_patch_json",
            "apply_patch_json, bytes in (PatchOp)",
            m,
        ),
    ];
    for _ in 0..rounds {
        for row in &mut rows {
            let start = Instant::now();
            let cpu = cpu_seconds();
            match row.id {
                "rust.serde_parse" => {
                    for doc in &users {
                        black_box(serde_json::from_slice::<Value>(doc).unwrap());
                    }
                }
                "rust.serde_roundtrip" => {
                    for doc in &users {
                        let v: Value = serde_json::from_slice(doc).unwrap();
                        black_box(serde_json::to_vec(&v).unwrap());
                    }
                }
                "rust.check_json" => {
                    for doc in &users {
                        black_box(validator.check_json(doc).unwrap());
                    }
                }
                "rust.serde_parse_patch" => {
                    for (u, p) in &pair_bytes {
                        black_box(serde_json::from_slice::<Value>(u).unwrap());
                        black_box(serde_json::from_slice::<Value>(p).unwrap());
                    }
                }
                "rust.value_clone" => {
                    // What any `&Value -> owned Value` PATCH costs before its first operation:
                    // a copy of the stored user to patch (dropped, as every row drops its result).
                    for (u, _) in &pairs {
                        black_box(u.clone());
                    }
                }
                "rust.apply_patch" => {
                    for (u, p) in &pairs {
                        black_box(validator.apply_patch(u, p).unwrap());
                    }
                }
                "rust.apply_patch_json" => {
                    for (u, p) in &pair_bytes {
                        black_box(validator.apply_patch_json(u, p).unwrap());
                    }
                }
                other => unreachable!("{other}"),
            }
            let wall = start.elapsed().as_secs_f64();
            row.passes
                .push(cpu.zip(cpu_seconds()).map_or(wall, |(a, b)| b - a));
            row.wall.push(wall);
        }
    }

    let out: Vec<Value> = rows
        .iter()
        .map(|r| {
            let (best, median, wall) = r.per_item_ns();
            println!(
                "{:<52} {:>10.0} ns/item (median {:>10.0})",
                r.label, best, median
            );
            json!({"id": r.id, "label": r.label, "items": r.items, "rounds": rounds,
                   "clock": if cpu_seconds().is_some() { "cpu" } else { "wall" },
                   "bestNs": best, "medianNs": median, "wallBestNs": wall})
        })
        .collect();
    let path = dir.join("rust.json");
    let doc =
        json!({"runtime": format!("rust (scimgate {})", env!("CARGO_PKG_VERSION")), "rows": out});
    std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap() + "\n")
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    println!("wrote {}", path.display());
}
