//! docs/patch.md's dialect table lists exactly the switches and presets the core has.

use scimgate::dialect::{Dialect, PRESET_NAMES};

#[test]
fn the_dialect_table_matches_the_presets() {
    let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/patch.md"))
        .expect("docs/patch.md");
    let mut lines = docs
        .lines()
        .skip_while(|l| !l.starts_with("| switch | accepts |"));
    let header: Vec<&str> = lines
        .next()
        .expect("the dialect table")
        .split('|')
        .map(str::trim)
        .collect();
    let presets: Vec<&str> = header[3..header.len() - 1].to_vec();
    let mut listed: Vec<&str> = presets.clone();
    listed.sort_unstable();
    let mut known = PRESET_NAMES.to_vec();
    known.sort_unstable();
    assert_eq!(listed, known, "presets in the table");
    let mut switches = Vec::new();
    for row in lines.skip(1).take_while(|l| l.starts_with('|')) {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let switch = cells[1].trim_matches('`');
        switches.push(switch.to_string());
        for (i, preset) in presets.iter().enumerate() {
            let on = serde_json::to_value(Dialect::preset(preset).unwrap()).unwrap()[switch]
                .as_bool()
                .unwrap_or_else(|| panic!("no switch {switch}"));
            assert_eq!(cells[3 + i] == "✓", on, "{switch} in {preset}");
        }
    }
    let all = serde_json::to_value(Dialect::default()).unwrap();
    let mut known: Vec<String> = all.as_object().unwrap().keys().cloned().collect();
    known.sort();
    switches.sort();
    assert_eq!(switches, known, "switches in the table");
}
