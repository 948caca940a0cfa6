#![no_main]
//! The `mapping` fuzz target; the harness and its oracles are `scimgate_fuzz::mapping::mapping`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| scimgate_fuzz::mapping::mapping(data));
