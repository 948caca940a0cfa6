#![no_main]
//! The `expr` fuzz target; the harness and its oracles are `scimgate_fuzz::expr::expr`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| scimgate_fuzz::expr::expr(data));
