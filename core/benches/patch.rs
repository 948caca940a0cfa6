//! PATCH throughput: 10,000 five-operation Entra PatchOps (capitalized ops, a value-filter path,
//! a string boolean, an enterprise attribute) applied to 10,000 stored Entra users, against a
//! floor measured in the same run: serde_json parsing the stored user and the PatchOp and
//! serializing the result.
//!
//! Run with `make bench` (or `cargo bench -p scimgate --bench patch`). Prints µs per PatchOp and
//! the ratio to the floor; the ratio is the figure to compare across machines.
#![allow(clippy::cast_precision_loss)] // rates of a benchmark, not exact counts

use std::hint::black_box;
use std::time::{Duration, Instant};

const USERS: usize = 10_000;
const OPTIONS: &str = r#"{"dialect":"entra","profile":"wrike","approvedDomains":["contoso.com"]}"#;

/// One stored Entra user (what the target holds: `id`, `meta`, canonical form).
fn stored_user(i: usize) -> String {
    let departments = ["Engineering", "Sales", "Finance", "Support", "Marketing"];
    serde_json::json!({
        "schemas": [
            "urn:ietf:params:scim:schemas:core:2.0:User",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
        ],
        "id": format!("{i:08x}-0000-4000-8000-000000000000"),
        "externalId": format!("{:08x}-5f1e-4c2a-9d3b-{:012x}", i * 2_654_435_761 % 0xffff_ffff, i),
        "userName": format!("user{i}@contoso.com"),
        "name": {"givenName": format!("Given{i}"), "familyName": format!("Family{i}"), "formatted": format!("Given{i} Family{i}")},
        "displayName": format!("User {i}"),
        "title": "Engineer",
        "active": true,
        "emails": [{"value": format!("user{i}@contoso.com"), "type": "work", "primary": true}],
        "phoneNumbers": [{"value": format!("+1 425 555 {:04}", i % 10_000), "type": "work", "primary": true}],
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
            "employeeNumber": format!("{i}"),
            "department": departments[i % departments.len()],
            "manager": {"value": format!("{:08x}", i / 10)}
        },
        "meta": {"resourceType": "User", "created": "2026-01-01T00:00:00Z", "lastModified": "2026-01-01T00:00:00Z"}
    })
    .to_string()
}

/// The PatchOp Entra sends when five synced attributes change.
fn entra_patch(i: usize) -> String {
    serde_json::json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [
            {"op": "Replace", "path": "name.familyName", "value": format!("Renamed{i}")},
            {"op": "Replace", "path": "emails[type eq \"work\"].value", "value": format!("renamed{i}@contoso.com")},
            {"op": "Replace", "path": "active", "value": "False"},
            {"op": "Add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "value": "Research"},
            {"op": "Replace", "path": "title", "value": "Manager"}
        ]
    })
    .to_string()
}

/// Best of several rounds for each measurement, the measurements interleaved round by round so
/// that a busy machine disturbs them alike (the ratio is the figure that matters).
fn best_of<const N: usize>(mut runs: [&mut dyn FnMut(); N]) -> [Duration; N] {
    let mut best = [Duration::MAX; N];
    for _ in 0..7 {
        for (run, best) in runs.iter_mut().zip(&mut best) {
            let start = Instant::now();
            run();
            *best = (*best).min(start.elapsed());
        }
    }
    best
}

fn main() {
    let users: Vec<String> = (0..USERS).map(stored_user).collect();
    let patches: Vec<String> = (0..USERS).map(entra_patch).collect();
    let options = scimgate::Options::from_json(OPTIONS.as_bytes()).expect("options");
    let validator = scimgate::Validator::new(options).expect("validator");

    // Sanity: every operation applies and the result is clean, so the bench measures the
    // common path.
    let out = validator
        .apply_patch_json(users[0].as_bytes(), patches[0].as_bytes())
        .expect("apply");
    assert!(out.report.valid, "{:?}", out.report.issues);
    assert_eq!(out.resource["active"], false);

    let pairs = || users.iter().zip(&patches);
    let parsed: Vec<(serde_json::Value, serde_json::Value)> = pairs()
        .map(|(u, p)| {
            (
                serde_json::from_str(u).unwrap(),
                serde_json::from_str(p).unwrap(),
            )
        })
        .collect();
    let [floor, method, call, values] = best_of([
        &mut || {
            for (u, p) in pairs() {
                let mut u: serde_json::Value = serde_json::from_str(u).unwrap();
                let p: serde_json::Value = serde_json::from_str(p).unwrap();
                u["title"] = p["Operations"][4]["value"].clone();
                black_box(serde_json::to_string(&u).unwrap());
            }
        },
        &mut || {
            for (u, p) in pairs() {
                let out = validator
                    .apply_patch_json(u.as_bytes(), p.as_bytes())
                    .unwrap();
                black_box(serde_json::to_string(&out).unwrap());
            }
        },
        &mut || {
            for (u, p) in pairs() {
                let docs = [
                    scimgate::api::Doc::Text(u.as_bytes()),
                    scimgate::api::Doc::Text(p.as_bytes()),
                ];
                black_box(
                    scimgate::api::call("applyPatch", &docs, b"", OPTIONS.as_bytes()).unwrap(),
                );
            }
        },
        &mut || {
            for (u, p) in &parsed {
                black_box(validator.apply_patch(u, p).unwrap());
            }
        },
    ]);
    let us = |d: Duration| d.as_secs_f64() * 1e6 / USERS as f64;
    println!("corpus: {USERS} stored Entra users, one 5-operation Entra PatchOp each");
    println!(
        "floor  serde_json parse user+patch, serialize: {:>7.2} us/op",
        us(floor)
    );
    println!(
        "Validator::apply_patch_json + serialize:       {:>7.2} us/op  ratio {:.2} of floor",
        us(method),
        us(method) / us(floor)
    );
    println!(
        "api::call(\"applyPatch\") with options text:     {:>7.2} us/op  ratio {:.2} of floor",
        us(call),
        us(call) / us(floor)
    );
    println!(
        "Validator::apply_patch on parsed values:       {:>7.2} us/op  ratio {:.2} of floor",
        us(values),
        us(values) / us(floor)
    );
}
