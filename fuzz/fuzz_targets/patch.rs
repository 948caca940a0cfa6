#![no_main]
//! The `patch` fuzz target; the harness and its oracles are `scimgate_fuzz::patch::patch`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| scimgate_fuzz::patch::patch(data));
