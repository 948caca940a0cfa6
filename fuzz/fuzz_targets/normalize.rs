#![no_main]
//! The `normalize` fuzz target; the harness and its oracles are `scimgate_fuzz::resource::normalize`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| scimgate_fuzz::resource::normalize(data));
