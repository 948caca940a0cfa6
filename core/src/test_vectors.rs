//! The shared vectors (`tests/vectors/**/*.json`) read for the crate's own property tests.

use serde_json::Value;

/// Every case of every vector file.
pub(crate) fn cases() -> Vec<Value> {
    let mut out = Vec::new();
    let mut dirs = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/vectors"
    ))];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            let file: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            out.extend(file["cases"].as_array().unwrap().iter().cloned());
        }
    }
    out
}

/// Every resource the vectors hand to check, normalize, the view, PATCH or the plan (any JSON
/// value but null; PatchOp bodies left out), with the case's options (`null` for none).
pub(crate) fn resources() -> Vec<(Value, Value)> {
    let mut out = Vec::new();
    for case in cases() {
        let options = case.get("options").cloned().unwrap_or(Value::Null);
        let input = &case["input"];
        let given = match case["function"].as_str().unwrap_or("") {
            "check" | "normalize" | "wrikeView" => vec![input],
            "applyPatch" => vec![&input["resource"]],
            "plan" => vec![&input["body"], &input["current"]],
            _ => vec![],
        };
        for r in given {
            if !r.is_null() && r.get("Operations").is_none() {
                out.push((r.clone(), options.clone()));
            }
        }
    }
    out
}
