//! Compact JSON text of a Python value, written in Rust while the GIL is held only to read the
//! objects: what `json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))`
//! accepts, without building an intermediate Python `str` (or an encoder per call).
//!
//! Accepted, as `json` does: `None`, `bool`, `str`, `int` and `float` (and their subclasses, an
//! `int` written as `int.__repr__` gives it), `dict` (keys `str`, or `int`, `float`, `bool`,
//! `None` written as strings), `list` and `tuple`. Anything else, a non-finite float or a
//! container inside itself is [`Fail::NotJson`] with `json`'s message; a `str` holding a lone
//! surrogate is [`Fail::Surrogate`]; nesting beyond [`MAX_NESTING`] is [`Fail::TooDeep`].

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use std::fmt::Write as _;
use std::io::Write as _;

/// Containers deeper than this are never accepted by the core (its `maxDepth` option is at most
/// `MAX_DEPTH_CEILING`), so the writer stops there rather than recurse further.
pub(crate) const MAX_NESTING: usize = scimgate::options::MAX_DEPTH_CEILING + 2;

/// Why a value has no JSON text.
pub(crate) enum Fail {
    /// Not a JSON value; `json`'s message.
    NotJson(String),
    /// A `str` with a lone surrogate (no UTF-8).
    Surrogate,
    /// Nested deeper than [`MAX_NESTING`].
    TooDeep,
    /// Python failed while the value was read.
    Py(PyErr),
}

impl From<PyErr> for Fail {
    fn from(e: PyErr) -> Self {
        Fail::Py(e)
    }
}

/// Append the JSON text of `value` to `out`.
pub(crate) fn write(value: &Bound<'_, PyAny>, out: &mut Vec<u8>) -> Result<(), Fail> {
    Writer {
        out,
        open: Vec::new(),
    }
    .value(value)
}

struct Writer<'o> {
    out: &'o mut Vec<u8>,
    /// The containers being written, outermost first (their addresses), to refuse a cycle.
    open: Vec<usize>,
}

impl Writer<'_> {
    fn value(&mut self, v: &Bound<'_, PyAny>) -> Result<(), Fail> {
        if let Ok(s) = v.cast::<PyString>() {
            return self.string(s);
        }
        if v.is_none() {
            self.out.extend_from_slice(b"null");
            return Ok(());
        }
        if let Ok(b) = v.cast::<PyBool>() {
            self.out
                .extend_from_slice(if b.is_true() { b"true" } else { b"false" });
            return Ok(());
        }
        if let Ok(i) = v.cast::<PyInt>() {
            return self.int(i);
        }
        if let Ok(f) = v.cast::<PyFloat>() {
            return self.float(f.value());
        }
        if let Ok(d) = v.cast::<PyDict>() {
            return self.container(v, |w| w.object(d));
        }
        if let Ok(l) = v.cast::<PyList>() {
            return self.container(v, |w| w.array(l.iter()));
        }
        if let Ok(t) = v.cast::<PyTuple>() {
            return self.container(v, |w| w.array(t.iter()));
        }
        Err(Fail::NotJson(format!(
            "Object of type {} is not JSON serializable",
            v.get_type().name()?
        )))
    }

    fn container(
        &mut self,
        v: &Bound<'_, PyAny>,
        body: impl FnOnce(&mut Self) -> Result<(), Fail>,
    ) -> Result<(), Fail> {
        let id = v.as_ptr() as usize;
        if self.open.contains(&id) {
            return Err(Fail::NotJson("Circular reference detected".into()));
        }
        if self.open.len() >= MAX_NESTING {
            return Err(Fail::TooDeep);
        }
        self.open.push(id);
        let result = body(self);
        self.open.pop();
        result
    }

    fn object(&mut self, d: &Bound<'_, PyDict>) -> Result<(), Fail> {
        self.out.push(b'{');
        for (i, (k, v)) in d.iter().enumerate() {
            if i > 0 {
                self.out.push(b',');
            }
            self.key(&k)?;
            self.out.push(b':');
            self.value(&v)?;
        }
        self.out.push(b'}');
        Ok(())
    }

    fn array<'py>(&mut self, items: impl Iterator<Item = Bound<'py, PyAny>>) -> Result<(), Fail> {
        self.out.push(b'[');
        for (i, item) in items.enumerate() {
            if i > 0 {
                self.out.push(b',');
            }
            self.value(&item)?;
        }
        self.out.push(b']');
        Ok(())
    }

    /// A dict key: a string, or a number, boolean or None as `json` writes them, quoted.
    fn key(&mut self, k: &Bound<'_, PyAny>) -> Result<(), Fail> {
        if let Ok(s) = k.cast::<PyString>() {
            return self.string(s);
        }
        let scalar = k.is_none()
            || k.cast::<PyBool>().is_ok()
            || k.cast::<PyInt>().is_ok()
            || k.cast::<PyFloat>().is_ok();
        if !scalar {
            return Err(Fail::NotJson(format!(
                "keys must be str, int, float, bool or None, not {}",
                k.get_type().name()?
            )));
        }
        let mut text = Vec::new();
        Writer {
            out: &mut text,
            open: Vec::new(),
        }
        .value(k)?;
        self.out.push(b'"');
        self.out.extend_from_slice(&text);
        self.out.push(b'"');
        Ok(())
    }

    fn string(&mut self, s: &Bound<'_, PyString>) -> Result<(), Fail> {
        let text = s.to_cow().map_err(|_| Fail::Surrogate)?;
        escape(text.as_bytes(), self.out);
        Ok(())
    }

    fn int(&mut self, i: &Bound<'_, PyInt>) -> Result<(), Fail> {
        if let Ok(n) = i.extract::<i64>() {
            let _ = write!(self.out, "{n}");
            return Ok(());
        }
        // Beyond 64 bits (or a subclass): the text int.__repr__ gives, as json writes it.
        let repr = i
            .py()
            .get_type::<PyInt>()
            .getattr("__repr__")?
            .call1((i,))?;
        self.string_raw(repr.cast::<PyString>().map_err(PyErr::from)?)
    }

    fn string_raw(&mut self, s: &Bound<'_, PyString>) -> Result<(), Fail> {
        let text = s.to_cow()?;
        self.out.extend_from_slice(text.as_bytes());
        Ok(())
    }

    fn float(&mut self, f: f64) -> Result<(), Fail> {
        if !f.is_finite() {
            let name = if f.is_nan() {
                "nan"
            } else if f > 0.0 {
                "inf"
            } else {
                "-inf"
            };
            return Err(Fail::NotJson(format!(
                "Out of range float values are not JSON compliant: {name}"
            )));
        }
        // Debug is the shortest text that reads back as the same f64 ("1.0", "1e300").
        let mut text = String::new();
        let _ = write!(text, "{f:?}");
        self.out.extend_from_slice(text.as_bytes());
        Ok(())
    }
}

/// A JSON string literal of UTF-8 text: `"` and `\` escaped, control characters as `\n`, `\t`,
/// ... or `\u00XX`, everything else as is.
fn escape(text: &[u8], out: &mut Vec<u8>) {
    out.reserve(text.len() + 2);
    out.push(b'"');
    let mut start = 0;
    for (i, &b) in text.iter().enumerate() {
        let short: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            0..=0x1f => b"",
            _ => continue,
        };
        out.extend_from_slice(&text[start..i]);
        if short.is_empty() {
            let _ = write!(out, "\\u{b:04x}");
        } else {
            out.extend_from_slice(short);
        }
        start = i + 1;
    }
    out.extend_from_slice(&text[start..]);
    out.push(b'"');
}
