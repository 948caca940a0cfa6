//! `scimgate-wasm`: the native layer of the npm package `scimgate`. It converts and forwards
//! only: one entry point runs any function of the core's contract (`scimgate::api`) on JSON text
//! — [`call`] for the functions, [`NativeValidator::call`] for a validator's methods — and the
//! named functions, classes, error classes and TypeScript declarations around it are generated
//! from that contract (`js/api.gen.js`, `js/errors.gen.js`, `js/index.gen.d.ts`; `make generate`).
//!
//! Conversion: a document argument given as a JS string is its JSON text; anything else goes
//! through `JSON.stringify`. Every string is checked for lone surrogates first (wasm-bindgen would
//! turn them into U+FFFD silently) and for length against the core's byte limit before it is
//! copied into wasm memory; `JSON.stringify`'s stack and string-length failures become the core's
//! `nesting_too_deep` and `payload_too_large`. Results come back as JSON, failures as the
//! generated `ScimError` subclasses.

// wasm-bindgen hands JS values in by value: the signatures cannot borrow them.
#![allow(clippy::needless_pass_by_value)]

use js_sys::{Array, JsString, Object, Reflect, Uint8Array, JSON};
use scimgate::api::{document_params, Doc, Kind, OwnedDoc};
use scimgate::{Error, Options};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(module = "/js/errors.gen.js")]
extern "C" {
    #[wasm_bindgen(js_name = fromPayload)]
    fn from_payload(payload: JsValue) -> JsValue;
}

/// A core failure as its generated ScimError subclass.
fn thrown(err: &Error) -> JsValue {
    from_payload(JSON::parse(&err.to_json().to_string()).unwrap_or(JsValue::NULL))
}

fn core(err: Error) -> JsValue {
    thrown(&err)
}

fn invalid_argument(argument: &str, message: String) -> JsValue {
    core(Error::InvalidArgument {
        argument: argument.into(),
        message,
    })
}

fn type_name(value: &JsValue) -> String {
    if value.is_null() {
        return "null".into();
    }
    if Array::is_array(value) {
        return "array".into();
    }
    value.js_typeof().as_string().unwrap_or_default()
}

thread_local! {
    /// Whether the engine has `String.prototype.isWellFormed` (ES2024).
    static HAS_IS_WELL_FORMED: bool = Reflect::get(
        &Object::get_prototype_of(&JsString::from("").into()),
        &JsValue::from_str("isWellFormed"),
    )
    .is_ok_and(|f| f.is_function());
}

/// Whether a JS string holds no lone surrogate: one native `isWellFormed()` scan where the
/// engine has it, else js-sys's `is_valid_utf16()` (one call per code unit across the boundary).
fn well_formed(text: &JsString) -> bool {
    if HAS_IS_WELL_FORMED.with(|has| *has) {
        text.is_well_formed()
    } else {
        text.is_valid_utf16()
    }
}

/// A JS string as UTF-8, refused (`invalid_unicode`) when it holds a lone surrogate, and
/// (`payload_too_large`) when its UTF-16 length, a lower bound of its UTF-8 size, already exceeds
/// `max_bytes`: before the copy into wasm memory.
fn utf8(text: &JsString, what: &str, max_bytes: Option<usize>) -> Result<Vec<u8>, JsValue> {
    let units = text.length() as usize;
    if let Some(limit) = max_bytes.filter(|&l| units > l) {
        return Err(core(Error::PayloadTooLarge { size: units, limit }));
    }
    if !well_formed(text) {
        return Err(core(Error::InvalidUnicode {
            argument: what.into(),
        }));
    }
    Ok(encode(text))
}

#[wasm_bindgen]
extern "C" {
    /// The engine's `TextEncoder` (every target wasm-bindgen supports has one).
    #[wasm_bindgen(js_name = TextEncoder)]
    type Encoder;
    #[wasm_bindgen(constructor, js_class = "TextEncoder")]
    fn new() -> Encoder;
    /// `encode(source)`: its UTF-8 in a new `Uint8Array`.
    #[wasm_bindgen(method, js_class = "TextEncoder")]
    fn encode(this: &Encoder, source: &JsString) -> Uint8Array;
    /// `encodeInto(source, destination)`: UTF-8 written into `destination`, in place.
    #[wasm_bindgen(method, js_class = "TextEncoder", js_name = encodeInto)]
    fn encode_into(this: &Encoder, source: &JsString, destination: &Uint8Array) -> Encoded;
    /// What `encodeInto` returns.
    type Encoded;
    /// How many bytes it wrote.
    #[wasm_bindgen(method, getter, structural)]
    fn written(this: &Encoded) -> u32;
}

thread_local! {
    static ENCODER: Encoder = Encoder::new();
}

/// Texts up to this many UTF-16 code units are encoded in place (see [`encode`]).
const IN_PLACE_UNITS: usize = 1 << 16;

/// `text` (well-formed: checked by the caller) as UTF-8, by the engine's native `TextEncoder`
/// (wasm-bindgen's own `String::from` copies the ASCII prefix one code unit at a time in JS,
/// about four times slower). A document-sized text is written by `encodeInto` straight into a
/// buffer of wasm memory (a UTF-16 code unit is at most three UTF-8 bytes): no intermediate
/// `Uint8Array`, no second copy. A longer one (a stream of records) goes through `encode` and
/// one copy, so that its buffer is never three times its size.
fn encode(text: &JsString) -> Vec<u8> {
    let units = text.length() as usize;
    if units == 0 {
        return Vec::new();
    }
    if units <= IN_PLACE_UNITS {
        let mut out = vec![0u8; units * 3];
        // Always true on wasm32, where every address and this length fit in 32 bits.
        if let (Ok(at), Ok(len)) = (
            u32::try_from(out.as_mut_ptr() as usize),
            u32::try_from(out.len()),
        ) {
            // The view is made inside `with`, once the encoder exists: nothing may allocate
            // (and so grow the memory, detaching the view's buffer) between the two.
            let written = ENCODER.with(|e| {
                let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
                let window = Uint8Array::new_with_byte_offset_and_length(&memory.buffer(), at, len);
                e.encode_into(text, &window).written()
            });
            out.truncate(written as usize);
            return out;
        }
    }
    ENCODER.with(|e| e.encode(text)).to_vec()
}

/// What `JSON.stringify` threw, as the core's error where it is one of the limits: the engine's
/// stack overflowing on a deep object (V8, JavaScriptCore: RangeError "Maximum call stack size
/// exceeded"; SpiderMonkey: InternalError "too much recursion") is `nesting_too_deep`; text
/// longer than the engine's longest string ("Invalid string length", "allocation size overflow")
/// is `payload_too_large`. Anything else (a cycle's or a BigInt's TypeError) is thrown as it is.
fn stringify_failure(err: JsValue, o: &Options, max_bytes: Option<usize>) -> JsValue {
    let Some(e) = err.dyn_ref::<js_sys::Error>() else {
        return err;
    };
    let name = String::from(e.name());
    if name != "RangeError" && name != "InternalError" {
        return err;
    }
    let message = String::from(e.message()).to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| message.contains(w));
    if has(&["string length", "allocation size overflow", "out of memory"]) {
        let limit = max_bytes.unwrap_or(o.limits.max_bytes);
        return core(Error::PayloadTooLarge {
            size: limit.saturating_add(1),
            limit,
        });
    }
    if has(&["call stack", "too much recursion", "stack overflow"]) {
        return core(Error::NestingTooDeep {
            limit: o.limits.max_depth,
        });
    }
    err
}

/// The JSON text of a document argument: a string is the text itself; anything else goes
/// through `JSON.stringify` (whose text escapes lone surrogates, for the core to refuse).
fn text(
    value: &JsValue,
    what: &str,
    o: &Options,
    max_bytes: Option<usize>,
) -> Result<Vec<u8>, JsValue> {
    if let Some(s) = value.dyn_ref::<JsString>() {
        return utf8(s, what, max_bytes);
    }
    if value.is_function() || value.is_symbol() || value.is_bigint() {
        return Err(invalid_argument(
            what,
            format!(
                "must be an object or a JSON string, found {}",
                type_name(value)
            ),
        ));
    }
    let out: JsValue = JSON::stringify(value)
        .map_err(|e| stringify_failure(e, o, max_bytes))?
        .into();
    match out.dyn_ref::<JsString>() {
        Some(s) => utf8(s, what, max_bytes),
        None => Err(invalid_argument(
            what,
            "is not representable as JSON".into(),
        )),
    }
}

/// The options argument: `undefined`/`null` for defaults, else an object.
fn options(value: &JsValue) -> Result<Options, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(Options::default());
    }
    if !value.is_object() || value.is_function() || Array::is_array(value) {
        return Err(core(Error::InvalidOption {
            option: "options".into(),
            message: format!("options must be an object, found {}", type_name(value)),
        }));
    }
    let t = text(value, "options", &Options::default(), None)?;
    Options::from_json(&t).map_err(core)
}

/// The values object: each string (or string in a list) checked for lone surrogates under its
/// own name, then the whole object as JSON text.
fn values(value: &JsValue, o: &Options) -> Result<Vec<u8>, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(Vec::new());
    }
    // The generated API passes `{}` for a function without value parameters.
    if value.is_object()
        && !Array::is_array(value)
        && Object::keys(value.unchecked_ref::<Object>()).length() == 0
    {
        return Ok(Vec::new());
    }
    for entry in Object::entries(value.unchecked_ref()).iter() {
        let pair: Array = entry.unchecked_into();
        let key = pair.get(0).as_string().unwrap_or_default();
        let v = pair.get(1);
        let strings: Vec<(String, JsValue)> = if Array::is_array(&v) {
            Array::from(&v)
                .iter()
                .enumerate()
                .map(|(i, x)| (format!("{key}[{i}]"), x))
                .collect()
        } else {
            vec![(key, v)]
        };
        for (name, s) in strings {
            if let Some(s) = s.dyn_ref::<JsString>() {
                if !well_formed(s) {
                    return Err(core(Error::InvalidUnicode { argument: name }));
                }
            }
        }
    }
    text(value, "arguments", o, None)
}

/// The document arguments of function `name`, converted in order.
fn documents(
    name: &str,
    method: bool,
    docs: &Array,
    o: &Options,
) -> Result<Vec<OwnedDoc>, JsValue> {
    let params = document_params(name, method).map_err(core)?;
    params
        .into_iter()
        .zip(docs.iter().chain(std::iter::repeat(JsValue::UNDEFINED)))
        .map(|(p, v)| {
            let limit = match p.kind {
                Kind::Reference => Some(scimgate::json::MAX_REFERENCE_BYTES),
                // Records are read one at a time, each held to maxBytes.
                Kind::Records => None,
                _ => Some(o.limits.max_bytes),
            };
            if v.is_undefined() || v.is_null() {
                return Ok(OwnedDoc::Absent);
            }
            if p.kind == Kind::Records {
                if let Some(bytes) = v.dyn_ref::<js_sys::Uint8Array>() {
                    return Ok(OwnedDoc::Text(bytes.to_vec()));
                }
            }
            if matches!(p.kind, Kind::Documents | Kind::Records) && Array::is_array(&v) {
                return Array::from(&v)
                    .iter()
                    .enumerate()
                    .map(|(i, item)| text(&item, &format!("{}[{i}]", p.name), o, limit))
                    .collect::<Result<Vec<_>, _>>()
                    .map(OwnedDoc::List);
            }
            text(&v, p.name, o, limit).map(OwnedDoc::Text)
        })
        .collect()
}

/// Run the converted call and parse its JSON result.
fn run(
    converted: &[OwnedDoc],
    f: impl FnOnce(&[Doc<'_>]) -> scimgate::Result<String>,
) -> Result<JsValue, JsValue> {
    let out = OwnedDoc::with_docs(converted, f).map_err(core)?;
    JSON::parse(&out)
}

/// The system clock for expressions' `Now()` when no `now` is given (`std::time` has none in
/// wasm32-unknown-unknown).
fn now_ms() -> i64 {
    // Date.now() is an integer number of milliseconds well inside i64.
    #[allow(clippy::cast_possible_truncation)]
    let ms = js_sys::Date::now() as i64;
    ms
}

/// Run the function `name` of the contract: `docs` its document arguments in order (objects or
/// JSON strings; `undefined` for an absent optional one), `values` an object of its other
/// arguments, `options` the options object.
#[wasm_bindgen(skip_typescript)]
pub fn call(
    name: &str,
    docs: Array,
    values: JsValue,
    options: JsValue,
) -> Result<JsValue, JsValue> {
    scimgate::expr::set_clock(now_ms);
    let o = self::options(&options)?;
    let converted = documents(name, false, &docs, &o)?;
    let args = self::values(&values, &o)?;
    run(&converted, |d| scimgate::api::call_with(name, d, &args, o))
}

/// A compiled validator (the generated `Validator` class holds one).
#[wasm_bindgen(js_name = Validator, skip_typescript)]
#[derive(Debug)]
pub struct NativeValidator {
    inner: scimgate::Validator,
}

#[wasm_bindgen(js_class = Validator)]
impl NativeValidator {
    /// Compile the options.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<NativeValidator, JsValue> {
        scimgate::expr::set_clock(now_ms);
        let o = self::options(&options)?;
        let inner = scimgate::Validator::new(o).map_err(core)?;
        Ok(NativeValidator { inner })
    }

    /// The options in force.
    pub fn options(&self) -> Result<JsValue, JsValue> {
        JSON::parse(&self.inner.options().to_value().to_string())
    }

    /// Run the method `name` of the contract with this validator.
    pub fn call(&self, name: &str, docs: Array, values: JsValue) -> Result<JsValue, JsValue> {
        let o = self.inner.options();
        let converted = documents(name, true, &docs, o)?;
        let args = self::values(&values, o)?;
        run(&converted, |d| self.inner.call(name, d, &args))
    }
}

/// Traps on purpose (an `unreachable`), for the tests of the package's trap recovery.
///
/// # Panics
///
/// Always, outside WebAssembly (where it traps instead): that is its purpose.
#[wasm_bindgen(js_name = __scimgate_trap_for_tests, skip_typescript)]
pub fn trap_for_tests() {
    #[cfg(target_arch = "wasm32")]
    core::arch::wasm32::unreachable();
    #[cfg(not(target_arch = "wasm32"))]
    panic!("__scimgate_trap_for_tests: a trap, on purpose");
}
