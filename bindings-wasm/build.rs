//! Rebuild when the generated error classes change: wasm-bindgen embeds `js/errors.gen.js` (the
//! module the crate imports `fromPayload` from) in the .wasm when the crate is compiled.
fn main() {
    println!("cargo:rerun-if-changed=js/errors.gen.js");
}
