//! docs/issues.md documents exactly the codes of the catalogue.

use std::collections::BTreeSet;

#[test]
fn docs_list_exactly_the_catalogue() {
    let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/issues.md"))
        .expect("docs/issues.md");
    // The first column of every table headed "| Code |".
    let mut documented: BTreeSet<&str> = BTreeSet::new();
    let mut in_codes = false;
    for line in docs.lines() {
        if !line.starts_with('|') {
            in_codes = false;
            continue;
        }
        if line.starts_with("| Code |") {
            in_codes = true;
            continue;
        }
        if let Some((code, _)) = line.strip_prefix("| `").and_then(|l| l.split_once('`')) {
            if in_codes {
                documented.insert(code);
            }
        }
    }
    let catalogue: BTreeSet<&str> = scimgate::CATALOGUE.iter().map(|c| c.slug).collect();
    let missing: Vec<_> = catalogue.difference(&documented).collect();
    let extra: Vec<_> = documented.difference(&catalogue).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "docs/issues.md lacks {missing:?} and lists codes the catalogue has not: {extra:?}"
    );
}
