//! Bounded JSON reading: size and depth limits, and duplicate object keys refused rather than
//! silently collapsed (RFC 8259 §4 leaves them undefined; I-JSON, RFC 7493 §2.3, forbids them).
//! A lone surrogate, escaped (`"\ud800"`) or encoded in the bytes, is refused as
//! [`Error::InvalidUnicode`] (RFC 8259 §8.2 leaves its meaning unpredictable; I-JSON, RFC 7493
//! §2.1, forbids it).

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use crate::error::{Error, Result};

const DEPTH_MARK: &str = "\u{0}nesting-too-deep";

/// The `argument` of an [`Error::InvalidUnicode`] raised while parsing JSON text.
pub(crate) const JSON_TEXT: &str = "JSON text";

/// Whether serde_json's error `err` on `input` is about a lone surrogate: an escape of one
/// without its pair (`"\ud800"`, `"\udc00"`, `"\ud800\u0041"`), or the three bytes that would
/// encode one in UTF-8 (`ED A0..BF xx`, what Python's `surrogatepass` writes).
///
/// serde_json exposes no error kind for these, only its messages, which are fixed strings of its
/// `ErrorCode`s: "lone leading surrogate in hex escape" (also for a lone trailing one) and
/// "unexpected end of hex escape" (a leading surrogate not followed by `\u`) only occur for
/// surrogate escapes; "invalid unicode code point" is any invalid UTF-8 in a string, so the
/// first invalid byte sequence of `input` is looked at.
pub(crate) fn is_lone_surrogate(err: &serde_json::Error, input: &[u8]) -> bool {
    let text = err.to_string();
    if text.starts_with("lone leading surrogate in hex escape")
        || text.starts_with("unexpected end of hex escape")
    {
        return true;
    }
    if !text.starts_with("invalid unicode code point") {
        return false;
    }
    match std::str::from_utf8(input) {
        Ok(_) => false,
        Err(e) => matches!(
            input.get(e.valid_up_to()..e.valid_up_to() + 2),
            Some([0xED, 0xA0..=0xBF])
        ),
    }
}

/// Parse JSON text into a [`Value`], refusing input over `max_bytes`, nesting deeper than
/// `max_depth`, and objects with a repeated key.
///
/// ```
/// let v = scimgate::json::parse(br#"{"a":[1,2]}"#, 1024, 8).unwrap();
/// assert_eq!(v["a"][1], 2);
/// assert!(scimgate::json::parse(br#"{"a":1,"a":2}"#, 1024, 8).is_err());
/// assert!(scimgate::json::parse(b"[[[[1]]]]", 1024, 3).is_err());
/// let lone = scimgate::json::parse(br#"{"a":"\ud800"}"#, 1024, 8).unwrap_err();
/// assert_eq!(lone.code(), "invalid_unicode");
/// ```
pub fn parse(text: &[u8], max_bytes: usize, max_depth: usize) -> Result<Value> {
    if text.len() > max_bytes {
        return Err(Error::PayloadTooLarge {
            size: text.len(),
            limit: max_bytes,
        });
    }
    let mut de = serde_json::Deserializer::from_slice(text);
    let wide = std::cell::Cell::new(false);
    let value = ValueSeed {
        depth: 0,
        max_depth,
        wide: &wide,
    }
    .deserialize(&mut de)
    .and_then(|v| de.end().map(|()| v))
    .map_err(|e| {
        if e.to_string().contains(DEPTH_MARK) {
            Error::NestingTooDeep { limit: max_depth }
        } else {
            error_from(&e, text, max_depth)
        }
    })?;
    if wide.get() {
        if let Some((line, column)) = wide_integer(text) {
            return Err(Error::InvalidJson {
                line,
                column,
                message: "an integer that does not fit in 64 bits would lose precision; \
                          send it as a string (I-JSON, RFC 7493 §2.2)"
                    .into(),
            });
        }
    }
    Ok(value)
}

/// The 1-based line and column of the first integer literal (no fraction, no exponent) outside
/// strings whose value does not fit in an `i64` or `u64`: serde_json reads such a literal as a
/// float, which would silently change it. Only called when the parser saw a float that could be
/// one, so ordinary input is scanned once only.
fn wide_integer(text: &[u8]) -> Option<(usize, usize)> {
    let (mut i, mut in_string) = (0, false);
    while i < text.len() {
        let b = text[i];
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        if b == b'"' {
            in_string = true;
            i += 1;
            continue;
        }
        if b == b'-' || b.is_ascii_digit() {
            let start = i;
            i += 1;
            while i < text.len()
                && (text[i].is_ascii_digit() || matches!(text[i], b'.' | b'e' | b'E' | b'+' | b'-'))
            {
                i += 1;
            }
            let token = &text[start..i];
            let integral = !token.iter().any(|c| matches!(c, b'.' | b'e' | b'E'));
            let fits = std::str::from_utf8(token)
                .is_ok_and(|t| t.parse::<i64>().is_ok() || t.parse::<u64>().is_ok());
            if integral && !fits {
                let before = &text[..start];
                #[allow(clippy::naive_bytecount)] // once, on the error path
                let line = before.iter().filter(|&&c| c == b'\n').count() + 1;
                let column = start
                    - before
                        .iter()
                        .rposition(|&c| c == b'\n')
                        .map_or(0, |p| p + 1)
                    + 1;
                return Some((line, column));
            }
            continue;
        }
        i += 1;
    }
    None
}

/// A parse failure of the document argument `argument`: an escaped lone surrogate in its text
/// names that argument (the parser only knows it as JSON text).
pub(crate) fn of_argument(e: Error, argument: &str) -> Error {
    match e {
        Error::InvalidUnicode { argument: a } if a == JSON_TEXT => Error::InvalidUnicode {
            argument: argument.into(),
        },
        other => other,
    }
}

/// The position of a parse error as `(line, column)`, both 1-based, the column counting bytes of
/// the line's UTF-8 text (serde_json's convention). serde_json reports an error found just after a
/// newline (the text ends there: `{"a":` then a newline) at column 0 of the next line; that
/// points at no character, so the position is moved back to the last character before it that
/// is not whitespace (the `:`), or line 1, column 1 when there is none.
fn position(err: &serde_json::Error, input: &[u8]) -> (usize, usize) {
    let (line, column) = (err.line(), err.column());
    if column > 0 {
        return (line, column);
    }
    // The start of line `line` (1-based): just after its (line - 1)th newline.
    let start = input
        .iter()
        .enumerate()
        .filter(|(_, &b)| b == b'\n')
        .nth(line.saturating_sub(2))
        .map_or(0, |(i, _)| i + 1)
        .min(input.len());
    let Some(last) = input[..start]
        .iter()
        .rposition(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
    else {
        return (1, 1);
    };
    let before = &input[..last];
    #[allow(clippy::naive_bytecount)] // once, on the error path
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = last
        - before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1)
        + 1;
    (line, column)
}

/// Build an [`Error::InvalidJson`] (or [`Error::NestingTooDeep`], or
/// [`Error::InvalidUnicode`] for a lone surrogate) from a serde_json error on `input`.
pub(crate) fn error_from(err: &serde_json::Error, input: &[u8], max_depth: usize) -> Error {
    let text = err.to_string();
    if text.starts_with("recursion limit exceeded") {
        return Error::NestingTooDeep { limit: max_depth };
    }
    if is_lone_surrogate(err, input) {
        return Error::InvalidUnicode {
            argument: JSON_TEXT.into(),
        };
    }
    // serde_json appends " at line L column C"; keep only the description.
    let message = match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    };
    let (line, column) = position(err, input);
    Error::InvalidJson {
        line,
        column,
        message,
    }
}

/// Largest reference document (a `/Schemas` response, a custom-field catalog) accepted by
/// [`parse_reference`]: 16 MiB.
pub const MAX_REFERENCE_BYTES: usize = 16 << 20;

/// Deepest nesting of a reference document accepted by [`parse_reference`] (the requests'
/// default `maxDepth`).
pub const MAX_REFERENCE_DEPTH: usize = 32;

/// Parse a reference document — a tenant's `/Schemas` or `/ResourceTypes` response, Wrike's
/// custom-field catalog — which is larger than any one request: up to
/// [`MAX_REFERENCE_BYTES`], nested at most [`MAX_REFERENCE_DEPTH`] levels.
pub fn parse_reference(text: &[u8]) -> Result<Value> {
    parse(text, MAX_REFERENCE_BYTES, MAX_REFERENCE_DEPTH)
}

/// Whether `value` nests arrays and objects more than `max_depth` levels deep (a scalar is depth 0,
/// `{}` is 1). Safe on any input: recursive (no allocation) while the limit is within
/// 128 levels, iterative beyond.
pub fn exceeds_depth(value: &Value, max_depth: usize) -> bool {
    if max_depth <= RECURSIVE_DEPTH {
        deeper_than(value, max_depth)
    } else {
        deeper_than_iterative(value, max_depth)
    }
}

/// [`exceeds_depth`] with a stack on the heap, for any limit.
fn deeper_than_iterative(value: &Value, max_depth: usize) -> bool {
    let mut stack: Vec<(&Value, usize)> = vec![(value, 0)];
    while let Some((v, d)) = stack.pop() {
        match v {
            Value::Array(items) => {
                if d + 1 > max_depth {
                    return true;
                }
                stack.extend(items.iter().map(|x| (x, d + 1)));
            }
            Value::Object(map) => {
                if d + 1 > max_depth {
                    return true;
                }
                stack.extend(map.values().map(|x| (x, d + 1)));
            }
            _ => {}
        }
    }
    false
}

/// The deepest limit [`exceeds_depth`] checks by recursion (one small frame a level).
const RECURSIVE_DEPTH: usize = 128;

/// Whether `value` nests deeper than `left` more levels; recursion at most `left` deep.
fn deeper_than(value: &Value, left: usize) -> bool {
    match value {
        Value::Array(items) => left == 0 || items.iter().any(|x| deeper_than(x, left - 1)),
        Value::Object(map) => left == 0 || map.values().any(|x| deeper_than(x, left - 1)),
        _ => false,
    }
}

/// Fail with [`Error::NestingTooDeep`] when `value` is deeper than `max_depth`.
pub fn ensure_depth(value: &Value, max_depth: usize) -> Result<()> {
    if exceeds_depth(value, max_depth) {
        Err(Error::NestingTooDeep { limit: max_depth })
    } else {
        Ok(())
    }
}

/// The JSON type name of a value, as used in messages.
pub fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_f64() => "decimal number",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Builds a [`Value`] with [`parse`]'s rules (depth, duplicate keys), recording in `wide` a float
/// that may stand for an integer beyond 64 bits.
pub(crate) struct ValueSeed<'w> {
    depth: usize,
    max_depth: usize,
    /// Set when a float that may stand for an integer beyond 64 bits was read.
    wide: &'w std::cell::Cell<bool>,
}

impl<'w> ValueSeed<'w> {
    /// A value inside containers `depth` deep (the document itself is inside none).
    pub(crate) fn new(depth: usize, max_depth: usize, wide: &'w std::cell::Cell<bool>) -> Self {
        ValueSeed {
            depth,
            max_depth,
            wide,
        }
    }

    fn child(&self) -> Self {
        ValueSeed {
            depth: self.depth + 1,
            max_depth: self.max_depth,
            wide: self.wide,
        }
    }
}

/// 2^63: integer literals at or beyond this magnitude may not fit in 64 bits.
const WIDE: f64 = 9_223_372_036_854_775_808.0;

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        if v.abs() >= WIDE && v.fract() == 0.0 {
            self.wide.set(true);
        }
        Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom("number out of range"))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        if self.depth + 1 > self.max_depth {
            return Err(de::Error::custom(DEPTH_MARK));
        }
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(v) = seq.next_element_seed(self.child())? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        if self.depth + 1 > self.max_depth {
            return Err(de::Error::custom(DEPTH_MARK));
        }
        let mut map = Map::new();
        while let Some(key) = access.next_key::<String>()? {
            if map.contains_key(&key) {
                return Err(de::Error::custom(format_args!(
                    "duplicate key {}",
                    Value::String(key)
                )));
            }
            let v = access.next_value_seed(self.child())?;
            map.insert(key, v);
        }
        Ok(Value::Object(map))
    }
}

/// Look a key up exactly, then case-insensitively.
pub(crate) fn find_key<'m>(map: &'m Map<String, Value>, name: &str) -> Option<&'m Value> {
    map.get(name).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    })
}

/// Every non-null value a resource gives for the core attribute `name`: under any letter case,
/// and as a key qualified by the core schema URN (`urn:...:core:2.0:User:userName`).
pub(crate) fn core_values<'m>(
    map: &'m Map<String, Value>,
    core: &str,
    name: &str,
) -> Vec<&'m Value> {
    map.iter()
        .filter(|(k, v)| {
            !v.is_null()
                && (k.eq_ignore_ascii_case(name)
                    || (k.len() == core.len() + 1 + name.len()
                        && k.is_char_boundary(core.len())
                        && k[..core.len()].eq_ignore_ascii_case(core)
                        && k.as_bytes()[core.len()] == b':'
                        && k[core.len() + 1..].eq_ignore_ascii_case(name)))
        })
        .map(|(_, v)| v)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The recursive depth check and the iterative one agree on every limit, for nestings of
    /// arrays, objects, both mixed, with siblings before and after the deep branch.
    #[test]
    fn recursive_and_iterative_depth_checks_agree() {
        let mut shapes = vec![
            Value::Null,
            serde_json::json!(1),
            serde_json::json!([]),
            serde_json::json!({}),
        ];
        for depth in 1..12 {
            let mut v = serde_json::json!("leaf");
            for level in 0..depth {
                v = if level % 2 == 0 {
                    serde_json::json!([1, v, {}])
                } else {
                    serde_json::json!({"a": [], "b": v, "c": 2})
                };
            }
            shapes.push(v);
        }
        for v in &shapes {
            for limit in 0..14 {
                assert_eq!(
                    deeper_than(v, limit),
                    deeper_than_iterative(v, limit),
                    "{v} {limit}"
                );
                assert_eq!(exceeds_depth(v, limit), deeper_than_iterative(v, limit));
            }
        }
        // Beyond the recursive range the iterative check answers.
        let mut deep = serde_json::json!(0);
        for _ in 0..300 {
            deep = serde_json::json!([deep]);
        }
        assert!(exceeds_depth(&deep, 299));
        assert!(!exceeds_depth(&deep, 300));
        assert!(exceeds_depth(&deep, 100));
    }

    fn at(text: &str) -> (usize, usize) {
        match parse(text.as_bytes(), 1024, 8) {
            Err(Error::InvalidJson { line, column, .. }) => (line, column),
            other => panic!("{text:?}: {other:?}"),
        }
    }

    #[test]
    fn positions_follow_serde_json_one_based_byte_columns() {
        // Where serde_json's own position points at a character, it is kept as is: lines and
        // columns 1-based, the column counting bytes of the line.
        for text in [
            "{\"a\":",
            "{\"a\":1,\n  \"b\"",
            "{\"é\":x}",
            "{\"a\" 1}",
            "[1,\n2,",
        ] {
            let e = serde_json::from_str::<Value>(text).unwrap_err();
            assert!(e.column() > 0, "{text:?}");
            assert_eq!(at(text), (e.line(), e.column()), "{text:?}");
        }
        assert_eq!(at("{\"é\":x}"), (1, 7), "é is two bytes");
        assert_eq!(at("{\"a\":1,\"a\":2}").0, 1);
    }

    #[test]
    fn a_truncated_line_ending_in_a_newline_points_at_its_last_character() {
        // serde_json says line 2, column 0 for these: no character is there.
        for (text, want) in [
            ("{\"a\":\n", (1, 5)),
            ("{\"a\":\r\n", (1, 5)),
            ("{\"a\":\n\n\n", (1, 5)),
            ("{\"a\": 1,\n  \"b\":  \n", (2, 6)),
            ("[1,\n2,\n", (2, 2)),
            ("\n", (1, 1)),
            ("", (1, 1)),
        ] {
            let serde = serde_json::from_str::<Value>(text).unwrap_err();
            assert_eq!(
                serde.column(),
                0,
                "{text:?}: serde_json's convention changed"
            );
            assert_eq!(at(text), want, "{text:?}");
        }
    }

    #[test]
    fn integers_beyond_64_bits_are_refused_not_rounded() {
        for text in [
            "18446744073709551616",
            "[1, -9223372036854775809]",
            "{\"a\": \"1\",\n \"n\": 123456789012345678901234567890}",
        ] {
            match parse(text.as_bytes(), 1024, 8) {
                Err(Error::InvalidJson { line, column, .. }) => {
                    let at = text.lines().nth(line - 1).unwrap();
                    assert!(
                        at[column - 1..].starts_with(['1', '-']),
                        "{text}: {line}:{column}"
                    );
                }
                other => panic!("{text}: {other:?}"),
            }
        }
        // The limits themselves, floats of the same magnitude and strings of digits are kept.
        assert_eq!(
            parse(b"18446744073709551615", 64, 8).unwrap(),
            Value::from(u64::MAX)
        );
        assert_eq!(
            parse(b"-9223372036854775808", 64, 8).unwrap(),
            Value::from(i64::MIN)
        );
        assert_eq!(parse(b"1e30", 64, 8).unwrap(), Value::from(1e30));
        assert_eq!(parse(b"[1.5e300]", 64, 8).unwrap()[0], Value::from(1.5e300));
        let digits = "123456789012345678901234567890";
        assert_eq!(
            parse(format!("\"{digits}\"").as_bytes(), 64, 8).unwrap(),
            Value::from(digits)
        );
    }

    #[test]
    fn floats_round_trip_exactly() {
        for text in [
            "0.1",
            "2.2250738585072014e-308",
            "1.7976931348623157e308",
            "5e-324",
            "0.30000000000000004",
        ] {
            let v = parse(text.as_bytes(), 1024, 8).unwrap();
            let back: f64 = serde_json::to_string(&v).unwrap().parse().unwrap();
            assert_eq!(
                back.to_bits(),
                text.parse::<f64>().unwrap().to_bits(),
                "{text}"
            );
        }
    }
}
