#![no_main]
//! The `check_json` fuzz target; the harness and its oracles are `scimgate_fuzz::resource::check_json`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| scimgate_fuzz::resource::check_json(data));
