//! Growth of the size-dependent steps: PATCH operations on a large group (adds, filtered removes
//! and replaces, Entra's removes by value), custom-field catalogs and the extension schema. Each
//! step runs at sizes n, 2n, 4n; the table gives the time per size and the ratio to the previous
//! size (2.0 is linear; a step quadratic in the input would show 4.0).
//!
//! Run with `make bench` (or `cargo bench -p scimgate --bench growth`).
#![allow(clippy::needless_pass_by_value)] // helpers take json!(...) temporaries

use std::hint::black_box;
use std::time::{Duration, Instant};

use scimgate::{Options, Validator};
use serde_json::{json, Value};

fn best<F: FnMut()>(mut f: F) -> Duration {
    (0..5)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn group(n: usize) -> Value {
    let members: Vec<Value> = (0..n).map(|i| json!({"value": format!("u{i}")})).collect();
    json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "id": "g", "displayName": "G", "members": members})
}

fn patch(ops: Vec<Value>) -> Value {
    json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": ops})
}

fn catalog(n: usize) -> Value {
    let fields: Vec<Value> = (0..n)
        .map(|i| json!({"id": format!("IEAGWMBB{i:08}"), "title": format!("Field {i}"), "type": "Text"}))
        .collect();
    json!({"data": fields})
}

fn row(name: &str, sizes: &[usize], mut f: impl FnMut(usize)) {
    let mut prev: Option<Duration> = None;
    let mut cells = Vec::new();
    for &n in sizes {
        let t = best(|| f(n));
        let ratio = prev.map_or(String::from("   -"), |p| {
            format!("{:4.1}", t.as_secs_f64() / p.as_secs_f64().max(1e-9))
        });
        cells.push(format!(
            "n={n:>6}: {:>9.2} ms (x{ratio})",
            t.as_secs_f64() * 1e3
        ));
        prev = Some(t);
    }
    println!("{name:<44} {}", cells.join("  "));
}

fn main() {
    let group_v = Validator::new(Options::for_type("Group")).expect("options");
    let entra = Validator::new(
        scimgate::Options::from_value(
            serde_json::json!({"resourceType": "Group", "dialect": "entra"}),
        )
        .unwrap(),
    )
    .expect("options");
    println!("growth (x2.0 per doubling is linear)");
    row(
        "n/20 add operations, n members",
        &[5_000, 10_000, 20_000],
        |n| {
            let ops = (0..n / 20)
            .map(|i| json!({"op": "add", "path": "members", "value": [{"value": format!("n{i}")}]}))
            .collect();
            black_box(group_v.apply_patch(&group(n), &patch(ops)).expect("patch"));
        },
    );
    row(
        "n/20 filtered removes, n members",
        &[5_000, 10_000, 20_000],
        |n| {
            let ops = (0..n / 20)
                .map(|i| json!({"op": "remove", "path": format!("members[value eq \"u{i}\"]")}))
                .collect();
            black_box(group_v.apply_patch(&group(n), &patch(ops)).expect("patch"));
        },
    );
    row(
        "n/20 Entra removes by value, n members",
        &[5_000, 10_000, 20_000],
        |n| {
            let ops = (0..n / 20)
            .map(|i| json!({"op": "Remove", "path": "members", "value": [{"value": format!("u{i}")}]}))
            .collect();
            black_box(entra.apply_patch(&group(n), &patch(ops)).expect("patch"));
        },
    );
    row(
        "catalog of n custom fields",
        &[25_000, 50_000, 100_000],
        |n| {
            let o = scimgate::Options::from_value(
                serde_json::json!({"profile": "wrike", "customFields": catalog(n)}),
            )
            .unwrap();
            black_box(Validator::new(o).expect("options"));
        },
    );
    row(
        "extension schema of n custom fields",
        &[25_000, 50_000, 100_000],
        |n| {
            black_box(
                scimgate::extension_schema(&catalog(n), &Options::default()).expect("schema"),
            );
        },
    );
}
