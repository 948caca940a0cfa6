#![no_main]
//! The `domain` fuzz target; the harness and its oracles are `scimgate_fuzz::domain::domain`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| scimgate_fuzz::domain::domain(data));
