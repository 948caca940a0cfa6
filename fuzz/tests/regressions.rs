//! Replays every saved input in `fuzz/regressions/<target>/` through its harness (the same code
//! the fuzz target runs), without libFuzzer. Files named `open-<finding>-...` belong to a finding
//! listed in `scimgate_fuzz::OPEN_FINDINGS`; their oracle is skipped unless
//! `SCIMGATE_FUZZ_ALL=1` is set.

use std::path::Path;

type Harness = fn(&[u8]);

const TARGETS: &[(&str, Harness)] = &[
    ("check_json", scimgate_fuzz::resource::check_json),
    ("normalize", scimgate_fuzz::resource::normalize),
    ("filter", scimgate_fuzz::filter::filter),
    ("path", scimgate_fuzz::filter::path),
    ("patch", scimgate_fuzz::patch::patch),
    ("plan", scimgate_fuzz::plan::plan),
    ("domain", scimgate_fuzz::domain::domain),
    ("expr", scimgate_fuzz::expr::expr),
    ("mapping", scimgate_fuzz::mapping::mapping),
];

#[test]
fn saved_inputs_pass() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("regressions");
    let mut replayed = 0;
    let mut failed = Vec::new();
    for entry in std::fs::read_dir(&root).expect("fuzz/regressions exists") {
        let dir = entry.unwrap().path();
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let harness = TARGETS
            .iter()
            .find(|(t, _)| *t == name)
            .unwrap_or_else(|| panic!("fuzz/regressions/{name}: no such target"))
            .1;
        for file in std::fs::read_dir(&dir).unwrap() {
            let file = file.unwrap().path();
            let data = std::fs::read(&file).unwrap();
            let result = std::panic::catch_unwind(|| harness(&data));
            if result.is_err() {
                failed.push(file.display().to_string());
            }
            replayed += 1;
        }
    }
    assert!(replayed > 0, "no saved inputs found in {}", root.display());
    assert!(failed.is_empty(), "saved inputs that fail: {failed:#?}");
}

#[test]
fn open_findings_have_saved_inputs() {
    // Every open finding keeps at least one reproducer, so fixing it can be verified.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("regressions");
    let names: Vec<String> = walk(&root);
    for (id, _) in scimgate_fuzz::OPEN_FINDINGS {
        assert!(
            names.iter().any(|n| n.starts_with(&format!("open-{id}"))),
            "open finding {id} has no fuzz/regressions/*/open-{id}* input"
        );
    }
}

fn walk(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for dir in std::fs::read_dir(root).unwrap() {
        for f in std::fs::read_dir(dir.unwrap().path()).unwrap() {
            out.push(f.unwrap().file_name().to_string_lossy().into_owned());
        }
    }
    out
}
