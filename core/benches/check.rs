//! Throughput of `check` over 10,000 generated Entra-shaped users, against a floor measured in the
//! same run: serde_json parsing the same corpus into a `Value` and serializing it back.
//!
//! Run with `make bench` (or `cargo bench -p scimgate --bench check`). Prints users/s for each and
//! the ratio check / floor; the ratio is the figure to compare across machines. A second floor is
//! issue 11's: serde_json parsing the same bytes into a `Value` (no serializing); `check_json`
//! (the token-stream path) is given as time / that floor's time, to be at most 1.0, next to the
//! same figure for the DOM path (`check_json_dom`, what `check_json` did before the stream path).
#![allow(clippy::cast_precision_loss)] // rates of a benchmark, not exact counts

use std::hint::black_box;
use std::time::{Duration, Instant};

const USERS: usize = 10_000;

/// One Entra ID create body: core + enterprise extension, primary work email and phone, title,
/// active, externalId.
fn entra_user(i: usize) -> String {
    let departments = ["Engineering", "Sales", "Finance", "Support", "Marketing"];
    serde_json::json!({
        "schemas": [
            "urn:ietf:params:scim:schemas:core:2.0:User",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
        ],
        "externalId": format!("{:08x}-5f1e-4c2a-9d3b-{:012x}", i * 2_654_435_761 % 0xffff_ffff, i),
        "userName": format!("user{i}@contoso.com"),
        "active": true,
        "displayName": format!("User {i}"),
        "title": "Engineer",
        "name": {"givenName": format!("Given{i}"), "familyName": format!("Family{i}"), "formatted": format!("Given{i} Family{i}")},
        "emails": [{"primary": true, "type": "work", "value": format!("user{i}@contoso.com")}],
        "phoneNumbers": [{"primary": true, "type": "work", "value": format!("+1 425 555 {:04}", i % 10_000)}],
        "addresses": [{"type": "work", "primary": true, "locality": "Redmond", "country": "US", "postalCode": "98052"}],
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
            "department": departments[i % departments.len()],
            "employeeNumber": format!("{i}"),
            "manager": {"value": format!("{:08x}", i / 10)}
        }
    })
    .to_string()
}

fn time<F: FnMut()>(mut f: F) -> Duration {
    // Best of several rounds: the least disturbed measurement.
    let mut best = Duration::MAX;
    for _ in 0..7 {
        let start = Instant::now();
        f();
        best = best.min(start.elapsed());
    }
    best
}

fn main() {
    let corpus: Vec<String> = (0..USERS).map(entra_user).collect();
    let bytes: usize = corpus.iter().map(String::len).sum();
    let validator = scimgate::Validator::new(scimgate::Options::default()).expect("options");

    // Sanity: the corpus is valid, so the bench measures the common path.
    for doc in corpus.iter().take(100) {
        let report = validator.check_json(doc.as_bytes()).expect("check");
        assert!(report.valid, "{:?}", report.issues);
    }

    let floor = time(|| {
        for doc in &corpus {
            let v: serde_json::Value = serde_json::from_str(doc).unwrap();
            black_box(serde_json::to_string(&v).unwrap());
        }
    });
    let parse_value = time(|| {
        for doc in &corpus {
            black_box(serde_json::from_str::<serde_json::Value>(doc).unwrap());
        }
    });
    let parse = time(|| {
        for doc in &corpus {
            black_box(scimgate::json::parse(doc.as_bytes(), 1 << 20, 32).unwrap());
        }
    });
    let check = time(|| {
        for doc in &corpus {
            black_box(validator.check_json(doc.as_bytes()).unwrap());
        }
    });
    let wrike = scimgate::Validator::new(
        scimgate::Options::from_json(br#"{"profile":"wrike","approvedDomains":["contoso.com"]}"#)
            .expect("options"),
    )
    .expect("wrike options");
    assert!(wrike.check_json(corpus[0].as_bytes()).unwrap().valid);
    assert!(wrike.check_stream(corpus[0].as_bytes()).is_some());
    let check_wrike = time(|| {
        for doc in &corpus {
            black_box(wrike.check_json(doc.as_bytes()).unwrap());
        }
    });
    let check_wrike_dom = time(|| {
        for doc in &corpus {
            black_box(wrike.check_json_dom(doc.as_bytes()).unwrap());
        }
    });
    let check_dom = time(|| {
        for doc in &corpus {
            black_box(validator.check_json_dom(doc.as_bytes()).unwrap());
        }
    });
    // The Entra dialect: every body also goes through the coercion layer (nothing to coerce in
    // this corpus, so it stays borrowed: the cost of looking).
    let entra = scimgate::Validator::new(
        scimgate::Options::from_json(br#"{"dialect":"entra"}"#).expect("options"),
    )
    .expect("entra options");
    assert!(entra
        .check_json(corpus[0].as_bytes())
        .unwrap()
        .issues
        .is_empty());
    let check_entra = time(|| {
        for doc in &corpus {
            black_box(entra.check_json(doc.as_bytes()).unwrap());
        }
    });
    let normalize = time(|| {
        for doc in &corpus {
            black_box(validator.normalize_json(doc.as_bytes()).unwrap());
        }
    });
    let rate = |d: Duration| USERS as f64 / d.as_secs_f64();
    println!(
        "corpus: {USERS} Entra-shaped users, {:.1} MiB",
        bytes as f64 / f64::from(1 << 20)
    );
    println!(
        "floor  serde_json parse+serialize: {:>10.0} users/s",
        rate(floor)
    );
    println!(
        "json::parse (bounded, dup keys): {:>10.0} users/s  ratio {:.2} of floor",
        rate(parse),
        rate(parse) / rate(floor)
    );
    println!(
        "check_json:                      {:>10.0} users/s  ratio {:.2} of floor",
        rate(check),
        rate(check) / rate(floor)
    );
    println!(
        "check_json + wrike profile:      {:>10.0} users/s  ratio {:.2} of floor",
        rate(check_wrike),
        rate(check_wrike) / rate(floor)
    );
    println!(
        "check_json, dialect entra:       {:>10.0} users/s  ratio {:.2} of floor",
        rate(check_entra),
        rate(check_entra) / rate(floor)
    );
    let of_value = |d: Duration| d.as_secs_f64() / parse_value.as_secs_f64();
    println!(
        "floor2 serde_json parse -> Value: {:>10.0} users/s  (issue 11: check time / this time <= 1.0)",
        rate(parse_value)
    );
    println!(
        "time / parse->Value: check_json {:.2} (DOM path {:.2}); + wrike profile {:.2} (DOM path {:.2}); entra {:.2}",
        of_value(check),
        of_value(check_dom),
        of_value(check_wrike),
        of_value(check_wrike_dom),
        of_value(check_entra),
    );
    println!(
        "normalize_json:                  {:>10.0} users/s  ratio {:.2} of floor",
        rate(normalize),
        rate(normalize) / rate(floor)
    );
}
