//! `scimgate._native`: the native layer of the pip package `scimgate`. It converts and forwards
//! only: one entry point runs any function of the core's contract (`scimgate::api`) —
//! [`call`] for the functions, [`Validator::call`] for a validator's methods — without the GIL
//! while the core works. Arguments become JSON text here (a `dict` or `list` written by [`tojson`]
//! with the GIL held only to read the objects, text as given), results are parsed without the GIL and
//! built as Python objects ([`fromjson`]; a validator's `check` builds its report's objects from
//! the core's `Report` directly, and reads `bytes` in place), and the core's failures are raised
//! as `CoreError` carrying the error's JSON. The Python functions, classes, exceptions, types and
//! stubs around it are generated from the contract (`make generate`); `_glue.py` raises the generated exception for a `CoreError`.

mod fromjson;
mod tojson;

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList, PyMemoryView, PyString, PyTuple};
use scimgate::api::{document_params, Doc, Kind, OwnedDoc};
use scimgate::{Error, Options};

mod batch;

create_exception!(
    _native,
    CoreError,
    PyException,
    "A core failure: args[0] is the error as JSON (code, message, scimType, status, fields). \
     scimgate turns it into the matching ScimError subclass."
);

pub(crate) fn core_error(err: &Error) -> PyErr {
    CoreError::new_err(err.to_json().to_string())
}

pub(crate) fn invalid(argument: &str, message: String) -> PyErr {
    core_error(&Error::InvalidArgument {
        argument: argument.into(),
        message,
    })
}

/// UTF-8 of a Python `str`; a lone surrogate is the core's `invalid_unicode` naming `argument`
/// (pyo3's UnicodeEncodeError, which holds the text, is dropped).
pub(crate) fn utf8(s: &Bound<'_, PyString>, argument: &str) -> PyResult<Vec<u8>> {
    match s.to_cow() {
        Ok(t) => Ok(t.into_owned().into_bytes()),
        Err(_) => Err(core_error(&Error::InvalidUnicode {
            argument: argument.into(),
        })),
    }
}

/// Compact JSON of any Python value, written by [`tojson`] (what `json.dumps` accepts; the GIL
/// is needed only to read the objects). A value nested too deep for any `maxDepth` is the core's
/// `nesting_too_deep` with the limit of `options`; one that is not JSON (a set, NaN, a cycle) is
/// `invalid_argument` naming `argument`; a lone surrogate is `invalid_unicode` naming it.
pub(crate) fn dumps(value: &Bound<'_, PyAny>, argument: &str, options: &[u8]) -> PyResult<Vec<u8>> {
    let mut out = Vec::new();
    dump_into(value, argument, options, &mut out)?;
    Ok(out)
}

/// [`dumps`] appending to `out`.
fn dump_into(
    value: &Bound<'_, PyAny>,
    argument: &str,
    options: &[u8],
    out: &mut Vec<u8>,
) -> PyResult<()> {
    match tojson::write(value, out) {
        Ok(()) => Ok(()),
        Err(tojson::Fail::TooDeep) => {
            let limit = Options::from_json(options)
                .map_or(scimgate::options::DEFAULT_MAX_DEPTH, |o| o.limits.max_depth);
            Err(core_error(&Error::NestingTooDeep { limit }))
        }
        Err(tojson::Fail::Surrogate) => Err(core_error(&Error::InvalidUnicode {
            argument: argument.into(),
        })),
        Err(tojson::Fail::NotJson(message)) => {
            Err(invalid(argument, format!("is not JSON: {message}")))
        }
        Err(tojson::Fail::Py(e)) => Err(e),
    }
}

/// The JSON text of a document: `str`, `bytes`, `bytearray` or `memoryview` as given, anything
/// else through [`dumps`].
fn text_of(value: &Bound<'_, PyAny>, argument: &str, options: &[u8]) -> PyResult<Vec<u8>> {
    if let Ok(s) = value.cast::<PyString>() {
        return utf8(s, argument);
    }
    if let Ok(b) = value.cast::<PyBytes>() {
        return Ok(b.as_bytes().to_vec());
    }
    if let Ok(b) = value.cast::<PyByteArray>() {
        return Ok(b.to_vec());
    }
    if value.cast::<PyMemoryView>().is_ok() {
        // abi3 has no buffer protocol before Python 3.11: copy through memoryview.tobytes().
        let bytes = value.call_method0("tobytes")?;
        return Ok(bytes.cast::<PyBytes>()?.as_bytes().to_vec());
    }
    dumps(value, argument, options)
}

/// The JSON text of an object of value arguments, each converted on its own so that a failure
/// names its argument.
fn values_of(values: &Bound<'_, PyAny>, options: &[u8]) -> PyResult<Vec<u8>> {
    let values = values.cast::<PyDict>()?;
    if values.is_empty() {
        // What the core reads as no value arguments, without parsing `{}`.
        return Ok(Vec::new());
    }
    let mut out = b"{".to_vec();
    for (i, (k, v)) in values.iter().enumerate() {
        let key = k.cast::<PyString>()?;
        let name = key.to_cow()?;
        if i > 0 {
            out.push(b',');
        }
        dump_into(key, "arguments", options, &mut out)?;
        out.push(b':');
        if v.cast::<PyList>().is_ok() || v.cast::<PyTuple>().is_ok() {
            // Element by element, so that a failure names `approved[1]`.
            out.push(b'[');
            for (j, item) in v.try_iter()?.enumerate() {
                if j > 0 {
                    out.push(b',');
                }
                dump_into(&item?, &format!("{name}[{j}]"), options, &mut out)?;
            }
            out.push(b']');
        } else {
            dump_into(&v, &name, options, &mut out)?;
        }
    }
    out.push(b'}');
    Ok(out)
}

/// The document arguments of function (or method) `name`, in order: `None`, a document, or for
/// a list parameter a list or tuple of documents.
fn documents(
    name: &str,
    method: bool,
    docs: &Bound<'_, PyAny>,
    options: &[u8],
) -> PyResult<Vec<OwnedDoc>> {
    let params = document_params(name, method).map_err(|e| core_error(&e))?;
    let given: Vec<Bound<'_, PyAny>> = docs.try_iter()?.collect::<PyResult<_>>()?;
    params
        .iter()
        .enumerate()
        .map(|(i, p)| match given.get(i) {
            None => Ok(OwnedDoc::Absent),
            Some(v) if v.is_none() => Ok(OwnedDoc::Absent),
            Some(v) if matches!(p.kind, Kind::Documents | Kind::Records) => {
                if v.cast::<PyList>().is_ok() || v.cast::<PyTuple>().is_ok() {
                    v.try_iter()?
                        .enumerate()
                        .map(|(j, item)| text_of(&item?, &format!("{}[{j}]", p.name), options))
                        .collect::<PyResult<Vec<_>>>()
                        .map(OwnedDoc::List)
                } else if v.cast::<PyDict>().is_ok() {
                    Err(invalid(
                        p.name,
                        "must be a list of documents or a JSON array as text, found dict".into(),
                    ))
                } else {
                    text_of(v, p.name, options).map(OwnedDoc::Text)
                }
            }
            Some(v) => text_of(v, p.name, options).map(OwnedDoc::Text),
        })
        .collect()
}

/// Run a core call on owned arguments without the GIL, and parse its JSON result there too;
/// only the Python objects of the result are built with the GIL ([`fromjson`]). A result nested
/// deeper than `serde_json`'s recursion limit (an expression's syntax tree can be) is loaded by
/// Python's `json.loads` instead.
fn run(
    py: Python<'_>,
    owned: &[OwnedDoc],
    f: impl FnOnce(&[Doc<'_>]) -> scimgate::Result<String> + Send,
) -> PyResult<Py<PyAny>> {
    let parsed = py.detach(move || {
        OwnedDoc::with_docs(owned, f).map(|text| match serde_json::from_str(&text) {
            Ok(value) => Ok(value),
            Err(_) => Err(text),
        })
    });
    match parsed {
        Ok(Ok(value)) => fromjson::to_python(py, &value).map(Bound::unbind),
        Ok(Err(text)) => py
            .import("json")?
            .call_method1("loads", (text,))
            .map(Bound::unbind),
        Err(e) => Err(core_error(&e)),
    }
}

/// `check` of one document and no value arguments: the core's `check_json` (which validates from
/// the token stream when it can, else parses) on the document's text, a `bytes` object read in
/// place (it cannot change, and the caller's tuple keeps it alive while the GIL is released),
/// with the report built as Python objects directly rather than through its JSON text. `None`
/// for any other call shape.
fn check_direct(
    py: Python<'_>,
    inner: &scimgate::Validator,
    docs: &Bound<'_, PyAny>,
    values: &Bound<'_, PyAny>,
    options: &[u8],
) -> PyResult<Option<Py<PyAny>>> {
    let (Ok(docs), Ok(values)) = (docs.cast::<PyTuple>(), values.cast::<PyDict>()) else {
        return Ok(None);
    };
    if docs.len() != 1 || !values.is_empty() {
        return Ok(None);
    }
    let doc = docs.get_item(0)?;
    let result = if let Ok(bytes) = doc.cast::<PyBytes>() {
        let text = bytes.as_bytes();
        py.detach(|| inner.check_json(text))
    } else {
        match documents("check", true, docs.as_any(), options)?.as_slice() {
            [OwnedDoc::Text(text)] => py.detach(|| inner.check_json(text)),
            _ => return Ok(None),
        }
    };
    match result {
        Ok(report) => report_to_python(py, &report).map(|r| Some(r.unbind())),
        Err(e) => Err(core_error(&e)),
    }
}

/// The Python objects of a report, as `json.loads` of its JSON text gives them (`valid`, then
/// `issues`; each issue through its serde form, so its fields and their order are the JSON's).
fn report_to_python<'py>(
    py: Python<'py>,
    report: &scimgate::Report,
) -> PyResult<Bound<'py, PyAny>> {
    let issues = PyList::empty(py);
    for issue in &report.issues {
        let value = serde_json::to_value(issue).map_err(|e| invalid("result", e.to_string()))?;
        issues.append(fromjson::to_python(py, &value)?)?;
    }
    let dict = PyDict::new(py);
    dict.set_item(pyo3::intern!(py, "valid"), report.valid)?;
    dict.set_item(pyo3::intern!(py, "issues"), issues)?;
    Ok(dict.into_any())
}

/// Run the function `name` of the contract: `docs` its document arguments in order, `values` a
/// dict of its other arguments, `options` a dict of options (or their JSON text). Returns the
/// result as Python objects (what `json.loads` gives for its JSON); raises CoreError.
#[pyfunction]
#[pyo3(signature = (name, docs, values, options, /))]
fn call(
    py: Python<'_>,
    name: &str,
    docs: &Bound<'_, PyAny>,
    values: &Bound<'_, PyAny>,
    options: &Bound<'_, PyAny>,
) -> PyResult<Py<PyAny>> {
    let options = text_of(options, "options", b"")?;
    let owned = documents(name, false, docs, &options)?;
    let values = values_of(values, &options)?;
    run(py, &owned, |d| {
        scimgate::api::call(name, d, &values, &options)
    })
}

/// A compiled validator (scimgate's Validator holds one). Thread-safe.
#[pyclass(frozen, module = "scimgate._native")]
pub(crate) struct Validator {
    pub(crate) inner: scimgate::Validator,
    /// The options as given (JSON text), for the nesting limit of conversions.
    pub(crate) options: Vec<u8>,
}

#[pymethods]
impl Validator {
    /// Compile the options (a dict, or JSON text).
    #[new]
    #[pyo3(signature = (options, /))]
    fn new(py: Python<'_>, options: &Bound<'_, PyAny>) -> PyResult<Self> {
        let options = text_of(options, "options", b"")?;
        py.detach(|| scimgate::Validator::new(Options::from_json(&options)?))
            .map(|inner| Validator { inner, options })
            .map_err(|e| core_error(&e))
    }

    /// The options in force, as JSON text.
    fn options_json(&self) -> String {
        self.inner.options().to_value().to_string()
    }

    /// Run the method `name` of the contract with this validator (see `call`).
    #[pyo3(signature = (name, docs, values, /))]
    fn call(
        &self,
        py: Python<'_>,
        name: &str,
        docs: &Bound<'_, PyAny>,
        values: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyAny>> {
        let inner = &self.inner;
        if name == "check" {
            if let Some(report) = check_direct(py, inner, docs, values, &self.options)? {
                return Ok(report);
            }
        }
        let owned = documents(name, true, docs, &self.options)?;
        let values = values_of(values, &self.options)?;
        run(py, &owned, |d| inner.call(name, d, &values))
    }
}

/// The native module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("CoreError", m.py().get_type::<CoreError>())?;
    m.add_function(wrap_pyfunction!(call, m)?)?;
    m.add_class::<Validator>()?;
    m.add_class::<batch::BatchRun>()?;
    Ok(())
}

/// The extension module's own allocations (the core's documents, reports and results, not
/// Python's objects) go to mimalloc: the core allocates many small, short-lived values, and
/// inside a Python process glibc's allocator spends a quarter of a PATCH in consolidating and
/// unlinking free chunks (`bench/run.py`: wheel `apply_patch` 62 -> 45 µs).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
