#![no_main]
//! The `path` fuzz target; the harness and its oracles are `scimgate_fuzz::filter::path`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| scimgate_fuzz::filter::path(data));
