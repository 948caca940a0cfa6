//! The pipeline has no import cycles: between the crate's top-level modules (with the compile
//! step, `validator::compiled`, counted on its own), `crate::` references outside comments and
//! tests form a directed acyclic graph.
#![allow(clippy::items_after_statements)] // the search's helper fn sits beside its use

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn node(rel: &Path) -> String {
    let parts: Vec<String> = rel
        .with_extension("")
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if parts.len() > 1 && parts[0] == "validator" && parts[1] == "compiled" {
        return "validator::compiled".into();
    }
    parts[0].clone()
}

fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let p = entry.path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// `crate::a::compiled`, `crate::a`, and `use crate::{a::x, b}` targets in code (not comments).
fn targets(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in code.lines() {
        let line = line.split("//").next().unwrap_or("");
        let mut rest = line;
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + 7..];
            if let Some(group) = rest.strip_prefix('{') {
                let inner = group.split('}').next().unwrap_or("");
                for part in inner.split(',') {
                    if let Some((m, _)) = part.trim().split_once("::") {
                        out.insert(m.to_string());
                    }
                }
                continue;
            }
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            if name == "validator" && rest[name.len()..].starts_with("::compiled") {
                out.insert("validator::compiled".into());
            } else if !name.is_empty() {
                out.insert(name);
            }
        }
    }
    out
}

#[test]
fn modules_form_a_pipeline_without_cycles() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &mut files);
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in files {
        let rel = f.strip_prefix(&root).unwrap();
        let from = node(rel);
        if from == "lib" {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for to in targets(code) {
            if to != from {
                edges.entry(from.clone()).or_default().insert(to);
            }
        }
    }
    // Depth-first search for a back edge.
    fn visit(
        n: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) {
        match state.get(n) {
            Some(2) => return,
            Some(1) => {
                let start = stack.iter().position(|s| s == n).unwrap_or(0);
                panic!("import cycle: {} -> {n}", stack[start..].join(" -> "));
            }
            _ => {}
        }
        state.insert(n.to_string(), 1);
        stack.push(n.to_string());
        for m in edges.get(n).into_iter().flatten() {
            visit(m, edges, state, stack);
        }
        stack.pop();
        state.insert(n.to_string(), 2);
    }
    let mut state = BTreeMap::new();
    for n in edges.keys() {
        visit(n, &edges, &mut state, &mut Vec::new());
    }
    // The leaves stay leaves.
    for leaf in ["json", "formats", "codes"] {
        let deps = edges.get(leaf).cloned().unwrap_or_default();
        assert!(
            deps.iter().all(|d| d == "error"),
            "{leaf} must depend on nothing but error: {deps:?}"
        );
    }
}
