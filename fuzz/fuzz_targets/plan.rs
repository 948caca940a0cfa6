#![no_main]
//! The `plan` fuzz target; the harness and its oracles are `scimgate_fuzz::plan::plan`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| scimgate_fuzz::plan::plan(data));
