#![no_main]
//! The `filter` fuzz target; the harness and its oracles are `scimgate_fuzz::filter::filter`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| scimgate_fuzz::filter::filter(data));
