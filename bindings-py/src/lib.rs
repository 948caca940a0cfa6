//! `scimgate._native`: the pyo3 extension module behind the `scimgate` Python package.
//!
//! Thin by design: every function takes JSON text as `bytes` (the resource, and the options as a
//! JSON object with snake_case keys), releases the GIL while the core works, and returns JSON text
//! (`str`) for the Python layer (`python/scimgate/__init__.py`) to `json.loads`. Core failures are
//! raised as `ScimError` subclasses carrying `.code`, `.scim_type` and `.status` (and `.line` /
//! `.column` on `InvalidJsonError`). No validation logic lives here.

use pyo3::create_exception;
use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyType};
use scimgate::{Error, Options};

create_exception!(
    scimgate,
    ScimError,
    PyValueError,
    "Base class of every scimgate failure (a ValueError).\n\nAttributes: code (stable snake_case \
     slug), scim_type (RFC 7644 section 3.12 scimType or None), status (HTTP status, int)."
);
create_exception!(
    scimgate,
    InvalidJsonError,
    ScimError,
    "The input is not well-formed JSON; .line and .column (1-based) say where."
);
create_exception!(
    scimgate,
    PayloadTooLargeError,
    ScimError,
    "The input is larger than max_bytes."
);
create_exception!(
    scimgate,
    NestingTooDeepError,
    ScimError,
    "The input nests arrays and objects deeper than max_depth."
);
create_exception!(
    scimgate,
    UnknownResourceTypeError,
    ScimError,
    "The requested resource_type is neither built in nor loaded through schemas."
);
create_exception!(
    scimgate,
    InvalidSchemaError,
    ScimError,
    "A schema, resource type or /Schemas document could not be understood."
);
create_exception!(
    scimgate,
    InvalidOptionError,
    ScimError,
    "An option is unknown or has a value the core does not accept."
);
create_exception!(
    scimgate,
    NotAnObjectError,
    ScimError,
    "The operation needs a JSON object and was given another JSON value."
);

/// The Python exception type for a core error (its variant), `ScimError` for any future variant.
fn exception_type<'py>(py: Python<'py>, err: &Error) -> Bound<'py, PyType> {
    match err {
        Error::InvalidJson { .. } => py.get_type::<InvalidJsonError>(),
        Error::PayloadTooLarge { .. } => py.get_type::<PayloadTooLargeError>(),
        Error::NestingTooDeep { .. } => py.get_type::<NestingTooDeepError>(),
        Error::UnknownResourceType { .. } => py.get_type::<UnknownResourceTypeError>(),
        Error::InvalidSchema { .. } => py.get_type::<InvalidSchemaError>(),
        Error::InvalidOption { .. } => py.get_type::<InvalidOptionError>(),
        Error::NotAnObject { .. } => py.get_type::<NotAnObjectError>(),
        _ => py.get_type::<ScimError>(),
    }
}

/// Set `code`, `scim_type` and `status` from a core error on `target` (an exception or its type).
fn set_error_fields(target: &Bound<'_, PyAny>, err: &Error) -> PyResult<()> {
    target.setattr("code", err.code())?;
    target.setattr("scim_type", err.scim_type())?;
    target.setattr("status", err.status())?;
    Ok(())
}

/// Turn a core error into the matching Python exception, with its attributes set.
fn to_py_err(py: Python<'_>, err: &Error) -> PyErr {
    let exc = PyErr::from_type(exception_type(py, err), err.to_string());
    let value = exc.value(py).as_any();
    let filled = set_error_fields(value, err).and_then(|()| match err {
        Error::InvalidJson { line, column, .. } => {
            value.setattr("line", *line)?;
            value.setattr("column", *column)
        }
        _ => Ok(()),
    });
    match filled {
        Ok(()) => exc,
        Err(e) => e,
    }
}

/// A serialized core result (serialization cannot fail for scimgate's own types).
fn json_text(text: serde_json::Result<String>) -> Result<String, Failure> {
    text.map_err(|e| Failure::Serialize(e.to_string()))
}

/// What a GIL-free closure hands back: core failure or (unreachable in practice) serialization failure.
enum Failure {
    Core(Error),
    Serialize(String),
}

impl From<Error> for Failure {
    fn from(err: Error) -> Self {
        Failure::Core(err)
    }
}

fn raise(py: Python<'_>, failure: Failure) -> PyErr {
    match failure {
        Failure::Core(err) => to_py_err(py, &err),
        Failure::Serialize(msg) => PyRuntimeError::new_err(format!("scimgate: {msg}")),
    }
}

/// Parse options (JSON object text, snake_case or camelCase keys; empty or `null` for defaults).
fn parse_options(options: &[u8]) -> Result<Options, Failure> {
    Ok(Options::from_json(options)?)
}

/// Check one resource. `resource` and `options` are JSON text (bytes); returns the report as JSON
/// text. Raises a ScimError subclass for what prevents the check (invalid JSON, too large, too
/// deep, unknown resource type, bad schema document, bad option).
#[pyfunction]
#[pyo3(signature = (resource, options, /))]
fn check(py: Python<'_>, resource: &[u8], options: &[u8]) -> PyResult<String> {
    py.detach(|| {
        let options = parse_options(options)?;
        let report = scimgate::check_json(resource, &options)?;
        json_text(serde_json::to_string(&report))
    })
    .map_err(|f| raise(py, f))
}

/// Normalize one resource. `resource` and `options` are JSON text (bytes); returns
/// `{"resource": ..., "changes": [...]}` as JSON text. Raises a ScimError subclass on failure.
#[pyfunction]
#[pyo3(signature = (resource, options, /))]
fn normalize(py: Python<'_>, resource: &[u8], options: &[u8]) -> PyResult<String> {
    py.detach(|| {
        let options = parse_options(options)?;
        let normalized = scimgate::normalize_json(resource, &options)?;
        json_text(serde_json::to_string(&normalized))
    })
    .map_err(|f| raise(py, f))
}

/// Load schema documents (a single schema, a ResourceType, a /Schemas or /ResourceTypes
/// ListResponse, or an array of these) given as JSON text (bytes). Returns
/// `{"schemas": [...], "resourceTypes": [...]}` (built-ins plus loaded) as JSON text.
#[pyfunction]
#[pyo3(signature = (doc, /))]
fn load_schemas(py: Python<'_>, doc: &[u8]) -> PyResult<String> {
    py.detach(|| {
        let registry = scimgate::load_schemas_json(doc)?;
        json_text(serde_json::to_string(&registry.to_json()))
    })
    .map_err(|f| raise(py, f))
}

/// The RFC 7644 section 3.12 error body for a status, an optional scimType and a detail message,
/// as JSON text.
#[pyfunction]
#[pyo3(signature = (status, scim_type, detail, /))]
fn scim_error_body(status: u16, scim_type: Option<&str>, detail: &str) -> String {
    scimgate::scim_error_body(status, scim_type, detail).to_string()
}

/// The RFC 7644 section 3.12 error body for a report given as JSON text (bytes), as JSON text;
/// None when the report is valid. Raises TypeError when the text is not a scimgate report.
#[pyfunction]
#[pyo3(signature = (report, /))]
fn report_to_scim_error(py: Python<'_>, report: &[u8]) -> PyResult<Option<String>> {
    let report: scimgate::Report = py
        .detach(|| serde_json::from_slice(report))
        .map_err(|e| PyTypeError::new_err(format!("not a scimgate report: {e}")))?;
    Ok(report.to_scim_error().map(|body| body.to_string()))
}

/// The NestingTooDeepError the core raises for input deeper than the options' max_depth, as an
/// exception instance (for input too deep for Python itself to serialize). Raises
/// InvalidOptionError when the options are not valid.
#[pyfunction]
#[pyo3(signature = (options, /))]
fn nesting_too_deep_error(py: Python<'_>, options: &[u8]) -> PyResult<Py<PyAny>> {
    let options = parse_options(options).map_err(|f| raise(py, f))?;
    let err = Error::NestingTooDeep {
        limit: options.max_depth,
    };
    Ok(to_py_err(py, &err).into_value(py).into_any())
}

/// Options (JSON text, bytes) compiled once; check and normalize many resources with them.
/// Thread-safe and GIL-free while working; picklable (it pickles its options and compiles again).
#[pyclass(frozen, module = "scimgate._native", name = "Validator")]
#[derive(Debug)]
struct PyValidator {
    inner: scimgate::Validator,
    options: Vec<u8>,
}

#[pymethods]
impl PyValidator {
    #[new]
    #[pyo3(signature = (options, /))]
    fn new(py: Python<'_>, options: &[u8]) -> PyResult<Self> {
        let inner = py
            .detach(|| -> Result<scimgate::Validator, Failure> {
                Ok(scimgate::Validator::new(parse_options(options)?)?)
            })
            .map_err(|f| raise(py, f))?;
        Ok(PyValidator {
            inner,
            options: options.to_vec(),
        })
    }

    /// Check one resource (JSON text, bytes); returns the report as JSON text.
    #[pyo3(signature = (resource, /))]
    fn check(&self, py: Python<'_>, resource: &[u8]) -> PyResult<String> {
        py.detach(|| {
            let report = self.inner.check_json(resource)?;
            json_text(serde_json::to_string(&report))
        })
        .map_err(|f| raise(py, f))
    }

    /// Normalize one resource (JSON text, bytes); returns `{"resource", "changes"}` as JSON text.
    #[pyo3(signature = (resource, /))]
    fn normalize(&self, py: Python<'_>, resource: &[u8]) -> PyResult<String> {
        py.detach(|| {
            let normalized = self.inner.normalize_json(resource)?;
            json_text(serde_json::to_string(&normalized))
        })
        .map_err(|f| raise(py, f))
    }

    /// The options JSON text this validator was compiled from.
    #[getter]
    fn options<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.options)
    }

    /// Pickle support: rebuilt (and compiled again) from the options JSON text.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> (Bound<'py, PyType>, (Bound<'py, PyBytes>,)) {
        let py = slf.py();
        (slf.get_type(), (PyBytes::new(py, &slf.get().options),))
    }

    fn __repr__(&self) -> String {
        format!(
            "scimgate._native.Validator({})",
            String::from_utf8_lossy(&self.options)
        )
    }
}

/// Native core of the `scimgate` package (import `scimgate`, not this module).
#[pymodule(name = "_native")]
mod native {
    use super::*;

    #[pymodule_export]
    use super::{
        check, load_schemas, nesting_too_deep_error, normalize, report_to_scim_error,
        scim_error_body, InvalidJsonError, InvalidOptionError, InvalidSchemaError,
        NestingTooDeepError, NotAnObjectError, PayloadTooLargeError, PyValidator, ScimError,
        UnknownResourceTypeError,
    };

    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        let py = m.py();
        m.add("__version__", env!("CARGO_PKG_VERSION"))?;
        // Class-level code / scim_type / status on each subclass, taken from the core, so that
        // `NestingTooDeepError.status` reads the same as on an instance.
        let samples = [
            Error::InvalidJson {
                line: 1,
                column: 1,
                message: String::new(),
            },
            Error::PayloadTooLarge { size: 0, limit: 0 },
            Error::NestingTooDeep { limit: 0 },
            Error::UnknownResourceType {
                name: String::new(),
                known: String::new(),
            },
            Error::InvalidSchema {
                path: String::new(),
                message: String::new(),
            },
            Error::InvalidOption {
                option: String::new(),
                message: String::new(),
            },
            Error::NotAnObject { found: "array" },
        ];
        for err in &samples {
            set_error_fields(exception_type(py, err).as_any(), err)?;
        }
        Ok(())
    }
}
