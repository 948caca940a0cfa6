//! `scimgate._native`: the pyo3 extension module behind the `scimgate` Python package.
//!
//! Thin by design: every function takes JSON text as `bytes` (resources, PATCH bodies, catalogs,
//! and the options as a JSON object with snake_case keys), releases the GIL while the core works,
//! and returns JSON text (`str`) for the Python layer (`python/scimgate/__init__.py`) to
//! `json.loads`. Core failures are raised as `ScimError` subclasses carrying `.code`,
//! `.scim_type` and `.status`, plus the variant's own fields (`.line`/`.column`,
//! `.offset`/`.expected`, `.index`, `.path`, `.argument`). No validation logic lives here.
//!
//! `str` arguments (filter and path text, custom-field ids and titles, addresses, methods) are
//! taken as `PyString` and converted by [`text_arg`], so that one holding a lone surrogate (which
//! a `str` can hold and UTF-8 cannot) is the core's `InvalidUnicodeError` naming the argument,
//! instead of pyo3's `UnicodeEncodeError`, whose message and `.object` carry the text itself.

use pyo3::create_exception;
use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString, PyType};
use std::borrow::Cow;

use scimgate::{Error, Options, PatchErrorKind, Validator};
use serde_json::Value;

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
create_exception!(
    scimgate,
    InvalidFilterError,
    ScimError,
    "A filter could not be parsed (or compares in a way RFC 7644 does not define).\n\n\
     .offset is the byte offset of the problem in the filter's UTF-8 text; .expected says what \
     the parser expected there (empty for limits and evaluation errors)."
);
create_exception!(
    scimgate,
    InvalidPathError,
    ScimError,
    "An attribute path could not be parsed or names no attribute.\n\n.offset is the byte offset \
     of the problem in the path's UTF-8 text; .expected says what the parser expected there."
);
create_exception!(
    scimgate,
    PatchFailedError,
    ScimError,
    "A PATCH request could not be applied; nothing was changed.\n\n.index is the index of the \
     failing operation in Operations (None when the request as a whole is at fault); .scim_type is \
     invalidSyntax, invalidPath, noTarget, invalidValue or mutability."
);
create_exception!(
    scimgate,
    InvalidCustomFieldError,
    ScimError,
    "A custom-field id, title, catalog or Wrike API response could not be used."
);
create_exception!(
    scimgate,
    InvalidProfileError,
    ScimError,
    "A profile document is invalid; .path says where in the document (userTypes.values[2])."
);
create_exception!(
    scimgate,
    InvalidEmailError,
    ScimError,
    "An email address given to a domain check is not a plain address."
);
create_exception!(
    scimgate,
    InvalidUnicodeError,
    ScimError,
    "An argument holds a lone surrogate (U+D800-U+DFFF without its pair), which is not Unicode \
     text: a str that holds one, or JSON text that escapes one (\"\\ud800\", as json.dumps writes \
     it for a dict holding one). .argument names the argument; the text is never echoed."
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
        Error::InvalidFilter { .. } => py.get_type::<InvalidFilterError>(),
        Error::InvalidPath { .. } => py.get_type::<InvalidPathError>(),
        Error::PatchFailed { .. } => py.get_type::<PatchFailedError>(),
        Error::InvalidCustomField { .. } => py.get_type::<InvalidCustomFieldError>(),
        Error::InvalidProfile { .. } => py.get_type::<InvalidProfileError>(),
        Error::InvalidEmail { .. } => py.get_type::<InvalidEmailError>(),
        Error::InvalidUnicode { .. } => py.get_type::<InvalidUnicodeError>(),
        _ => py.get_type::<ScimError>(),
    }
}

/// Set `code`, `scim_type` and `status` from a core error on `target` (an exception or its type).
fn set_error_fields(target: &Bound<'_, PyAny>, err: &Error) -> PyResult<()> {
    target.setattr("code", err.code().as_str())?;
    target.setattr("scim_type", err.scim_type())?;
    target.setattr("status", err.status())?;
    Ok(())
}

/// Set the variant's own fields on an exception instance.
fn set_variant_fields(value: &Bound<'_, PyAny>, err: &Error) -> PyResult<()> {
    match err {
        Error::InvalidJson { line, column, .. } => {
            value.setattr("line", *line)?;
            value.setattr("column", *column)
        }
        Error::InvalidFilter {
            offset, expected, ..
        }
        | Error::InvalidPath {
            offset, expected, ..
        } => {
            value.setattr("offset", *offset)?;
            value.setattr("expected", expected.as_str())
        }
        Error::PatchFailed { index, .. } => value.setattr("index", *index),
        Error::InvalidProfile { path, .. } => value.setattr("path", path.as_str()),
        Error::InvalidUnicode { argument } => value.setattr("argument", argument.as_str()),
        _ => Ok(()),
    }
}

/// Turn a core error into the matching Python exception, with its attributes set. Its only
/// argument (what `str()` and `repr()` show, and what pickling keeps besides the attributes) is
/// the core's message.
fn to_py_err(py: Python<'_>, err: &Error) -> PyErr {
    let exc = PyErr::from_type(exception_type(py, err), err.to_string());
    let value = exc.value(py).as_any();
    match set_error_fields(value, err).and_then(|()| set_variant_fields(value, err)) {
        Ok(()) => exc,
        Err(e) => e,
    }
}

/// What a GIL-free closure hands back: a core failure, a value of the wrong JSON type, or
/// (unreachable in practice) a serialization failure.
enum Failure {
    Core(Error),
    Type(String),
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
        Failure::Type(msg) => PyTypeError::new_err(msg),
        Failure::Serialize(msg) => PyRuntimeError::new_err(format!("scimgate: {msg}")),
    }
}

/// A core result as JSON text (serialization cannot fail for scimgate's own types).
fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, Failure> {
    serde_json::to_string(value).map_err(|e| Failure::Serialize(e.to_string()))
}

/// A `str` argument as UTF-8 text. A lone surrogate is the core's `InvalidUnicode` error naming
/// `argument`; pyo3's `UnicodeEncodeError` (which holds the whole text) is dropped.
fn text_arg<'a>(value: &'a Bound<'_, PyString>, argument: &str) -> PyResult<Cow<'a, str>> {
    value.to_cow().map_err(|_| {
        let err = Error::InvalidUnicode {
            argument: argument.into(),
        };
        to_py_err(value.py(), &err)
    })
}

/// Parse options (JSON object text, snake_case or camelCase keys; empty or `null` for defaults).
fn parse_options(options: &[u8]) -> Result<Options, Failure> {
    Ok(Options::from_json(options)?)
}

/// Parse a resource-like document (resource, PATCH body, plan body) with the options' limits.
fn parse_doc(text: &[u8], options: &Options) -> Result<Value, Failure> {
    Ok(options.parse_json(text)?)
}

/// Parse a catalog or Wrike API response: a reference document, with the core's limits for those.
fn parse_catalog(text: &[u8]) -> Result<Value, Failure> {
    Ok(scimgate::json::parse_reference(text)?)
}

// ---- check, normalize, schemas, errors ----------------------------------------------------------

/// Check one resource. `resource` and `options` are JSON text (bytes); returns the report as JSON
/// text. Raises a ScimError subclass for what prevents the check (invalid JSON, too large, too
/// deep, unknown resource type, bad schema document, bad option).
#[pyfunction]
#[pyo3(signature = (resource, options, /))]
fn check(py: Python<'_>, resource: &[u8], options: &[u8]) -> PyResult<String> {
    py.detach(|| {
        let options = parse_options(options)?;
        to_json(&scimgate::check_json(resource, &options)?)
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
        to_json(&scimgate::normalize_json(resource, &options)?)
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
        to_json(&registry.to_json())
    })
    .map_err(|f| raise(py, f))
}

/// The RFC 7644 section 3.12 error body for a status, an optional scimType and a detail message,
/// as JSON text.
#[pyfunction]
#[pyo3(signature = (status, scim_type, detail, /))]
fn scim_error_body(
    status: u16,
    scim_type: Option<Bound<'_, PyString>>,
    detail: &Bound<'_, PyString>,
) -> PyResult<String> {
    let scim_type = scim_type
        .as_ref()
        .map(|t| text_arg(t, "scim_type"))
        .transpose()?;
    let detail = text_arg(detail, "detail")?;
    Ok(scimgate::scim_error_body(status, scim_type.as_deref(), &detail).to_string())
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
        limit: options.limits.max_depth,
    };
    Ok(to_py_err(py, &err).into_value(py).into_any())
}

/// The InvalidUnicodeError the core raises for a lone surrogate in `argument`, as an exception
/// instance (for a `str` that cannot be encoded as UTF-8; the Python layer raises it).
#[pyfunction]
#[pyo3(signature = (argument, /))]
fn invalid_unicode_error(py: Python<'_>, argument: &str) -> Py<PyAny> {
    let err = Error::InvalidUnicode {
        argument: argument.into(),
    };
    to_py_err(py, &err).into_value(py).into_any()
}

// ---- filters and paths ------------------------------------------------------------------------

/// A parsed SCIM filter (RFC 7644 section 3.4.2.2) with the compiled options it evaluates with.
/// Immutable, thread-safe; picklable (as its canonical text and options JSON text).
#[pyclass(frozen, module = "scimgate._native", name = "Filter")]
#[derive(Debug)]
struct PyFilter {
    filter: scimgate::Filter,
    validator: Validator,
    text: String,
    options: Vec<u8>,
}

impl PyFilter {
    fn parse(validator: Validator, text: &str, options: Vec<u8>) -> Result<Self, Failure> {
        let filter = validator.parse_filter(text)?;
        Ok(PyFilter {
            text: filter.to_string(),
            filter,
            validator,
            options,
        })
    }

    /// The indexes of the resources (each JSON text) the filter matches, in order.
    fn select(&self, resources: &[&[u8]]) -> Result<Vec<usize>, Failure> {
        let o = self.validator.options();
        let mut out = Vec::new();
        for (i, text) in resources.iter().enumerate() {
            let value = parse_doc(text, o)?;
            if self.filter.matches(&value, &self.validator)? {
                out.push(i);
            }
        }
        Ok(out)
    }
}

#[pymethods]
impl PyFilter {
    /// Parse `text` with options (JSON text, bytes). Raises InvalidFilterError (with .offset and
    /// .expected) for a filter that does not parse, InvalidOptionError for bad options.
    #[new]
    #[pyo3(signature = (text, options, /))]
    fn new(py: Python<'_>, text: &Bound<'_, PyString>, options: &[u8]) -> PyResult<Self> {
        let text = text_arg(text, "filter")?;
        py.detach(|| {
            let validator = Validator::new(parse_options(options)?)?;
            PyFilter::parse(validator, &text, options.to_vec())
        })
        .map_err(|f| raise(py, f))
    }

    /// Whether the filter matches the resource (JSON text, bytes). A JSON value that is not an
    /// object never matches.
    #[pyo3(signature = (resource, /))]
    fn matches(&self, py: Python<'_>, resource: &[u8]) -> PyResult<bool> {
        py.detach(|| {
            let value = parse_doc(resource, self.validator.options())?;
            Ok(self.filter.matches(&value, &self.validator)?)
        })
        .map_err(|f| raise(py, f))
    }

    /// The canonical text (parses back to the same filter).
    #[getter]
    fn text(&self) -> &str {
        &self.text
    }

    /// The options JSON text this filter evaluates with.
    #[getter]
    fn options<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.options)
    }

    /// Pickle support: parsed again from the canonical text and options JSON text.
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> (Bound<'py, PyType>, (String, Bound<'py, PyBytes>)) {
        let py = slf.py();
        let me = slf.get();
        (
            slf.get_type(),
            (me.text.clone(), PyBytes::new(py, &me.options)),
        )
    }

    fn __str__(&self) -> &str {
        &self.text
    }

    fn __repr__(&self) -> String {
        format!(
            "scimgate._native.Filter({})",
            Value::String(self.text.clone())
        )
    }
}

/// Parse a filter with options (JSON text, bytes); see `Filter`.
#[pyfunction]
#[pyo3(signature = (text, options, /))]
fn parse_filter(py: Python<'_>, text: &Bound<'_, PyString>, options: &[u8]) -> PyResult<PyFilter> {
    PyFilter::new(py, text, options)
}

/// Parse an attribute path (RFC 7644 section 3.5.2) with options (JSON text, bytes); returns
/// `{"urn", "name", "filter", "sub", "text"}` as JSON text. Raises InvalidPathError.
#[pyfunction]
#[pyo3(signature = (text, options, /))]
fn parse_path(py: Python<'_>, text: &Bound<'_, PyString>, options: &[u8]) -> PyResult<String> {
    let text = text_arg(text, "path")?;
    py.detach(|| {
        let validator = Validator::new(parse_options(options)?)?;
        to_json(&validator.parse_path(&text)?.to_json())
    })
    .map_err(|f| raise(py, f))
}

/// The indexes of the resources (a list of JSON texts, bytes; each within the filter's
/// max_bytes / max_depth) that `filter` matches, in order.
#[pyfunction]
#[pyo3(signature = (filter, resources, /))]
fn filter_resources(
    py: Python<'_>,
    filter: &Bound<'_, PyFilter>,
    resources: Vec<Bound<'_, PyBytes>>,
) -> PyResult<Vec<usize>> {
    let filter = filter.get();
    let texts: Vec<&[u8]> = resources.iter().map(|b| b.as_bytes()).collect();
    py.detach(|| filter.select(&texts))
        .map_err(|f| raise(py, f))
}

/// The resources a filter matches, from a JSON array given as JSON text (bytes; the whole text
/// within max_bytes, each resource within max_depth); returns the matching resources as a JSON
/// array text. Raises TypeError when the text is not a JSON array.
#[pyfunction]
#[pyo3(signature = (filter, resources, /))]
fn filter_resources_json(
    py: Python<'_>,
    filter: &Bound<'_, PyFilter>,
    resources: &[u8],
) -> PyResult<String> {
    let filter = filter.get();
    py.detach(|| {
        let o = filter.validator.options();
        let list = o.parse_json_list(resources)?;
        let Value::Array(items) = list else {
            return Err(Failure::Type(format!(
                "resources must be a JSON array, found {}",
                scimgate::json::type_name(&list)
            )));
        };
        let selected = scimgate::filter_resources(&filter.filter, &items, &filter.validator)?;
        to_json(&selected)
    })
    .map_err(|f| raise(py, f))
}

// ---- PATCH, view, plan --------------------------------------------------------------------------

/// Apply a PatchOp request (JSON text, bytes) to a resource (JSON text, bytes), atomically, with
/// options (JSON text, bytes). Returns `{"resource", "changes", "members", "report"}` as JSON
/// text. Raises PatchFailedError (with .index and .scim_type) when it cannot apply.
#[pyfunction]
#[pyo3(signature = (resource, patch, options, /))]
fn apply_patch(py: Python<'_>, resource: &[u8], patch: &[u8], options: &[u8]) -> PyResult<String> {
    py.detach(|| {
        let validator = Validator::new(parse_options(options)?)?;
        to_json(&validator.apply_patch_json(resource, patch)?)
    })
    .map_err(|f| raise(py, f))
}

/// What Wrike stores from a user (JSON text, bytes) with options (JSON text; the profile defaults
/// to wrike), as JSON text.
#[pyfunction]
#[pyo3(signature = (resource, options, /))]
fn wrike_view(py: Python<'_>, resource: &[u8], options: &[u8]) -> PyResult<String> {
    py.detach(|| {
        let options = parse_options(options)?;
        let resource = parse_doc(resource, &options)?;
        to_json(&scimgate::wrike_view(&resource, &options)?)
    })
    .map_err(|f| raise(py, f))
}

/// The provisioning plan for a request: the HTTP method, its body and what the target holds now
/// (JSON text, bytes, or None), with options (JSON text; the profile defaults to wrike). Returns
/// the plan as JSON text.
#[pyfunction]
#[pyo3(signature = (method, body, current, options, /))]
fn plan(
    py: Python<'_>,
    method: &Bound<'_, PyString>,
    body: Option<&[u8]>,
    current: Option<&[u8]>,
    options: &[u8],
) -> PyResult<String> {
    let method = text_arg(method, "method")?;
    let method = method.as_ref();
    py.detach(|| {
        let options = parse_options(options)?;
        let body = body.map(|b| parse_doc(b, &options)).transpose()?;
        let current = current.map(|c| parse_doc(c, &options)).transpose()?;
        to_json(&scimgate::plan(
            method,
            body.as_ref(),
            current.as_ref(),
            &options,
        )?)
    })
    .map_err(|f| raise(py, f))
}

// ---- Wrike custom fields and domains ----------------------------------------------------------

/// The SCIM attribute name of a Wrike user custom field (`IEAGWMBBJUAK4G7J_Completed_Induction`).
/// Raises InvalidCustomFieldError for an id that is not 16 upper-case letters and digits.
#[pyfunction]
#[pyo3(signature = (id, title, /))]
fn custom_field_attribute(
    py: Python<'_>,
    id: &Bound<'_, PyString>,
    title: &Bound<'_, PyString>,
) -> PyResult<String> {
    let (id, title) = (text_arg(id, "id")?, text_arg(title, "title")?);
    py.detach(|| scimgate::custom_field_attribute(&id, &title))
        .map_err(|e| to_py_err(py, &e))
}

/// The fully-qualified attribute of a Wrike user custom field, in the Wrike extension or
/// `extension` (`urn:ietf:params:scim:schemas:extension:wrike:2.0:User:IEAGWMBBJUAK4G7J_Completed_Induction`).
/// Raises InvalidCustomFieldError for an id that is not 16 upper-case letters and digits.
#[pyfunction]
#[pyo3(signature = (id, title, extension, /))]
fn custom_field_urn(
    py: Python<'_>,
    id: &Bound<'_, PyString>,
    title: &Bound<'_, PyString>,
    extension: Option<Bound<'_, PyString>>,
) -> PyResult<String> {
    let (id, title) = (text_arg(id, "id")?, text_arg(title, "title")?);
    let extension = extension
        .as_ref()
        .map(|e| text_arg(e, "extension"))
        .transpose()?;
    py.detach(|| scimgate::custom_field_urn(&id, &title, extension.as_deref()))
        .map_err(|e| to_py_err(py, &e))
}

/// Split a custom-field attribute name (optionally URN-qualified) into `{"schema"?, "id",
/// "title"}`, as JSON text. Raises InvalidCustomFieldError.
#[pyfunction]
#[pyo3(signature = (name, /))]
fn parse_custom_field_attribute(py: Python<'_>, name: &Bound<'_, PyString>) -> PyResult<String> {
    let name = text_arg(name, "name")?;
    py.detach(|| to_json(&scimgate::parse_custom_field_attribute(&name)?))
        .map_err(|f| raise(py, f))
}

/// Read Wrike's `GET /customfields` response (JSON text, bytes) into a catalog
/// `[{"id", "title", "type", "options"?}]`, as JSON text. Raises InvalidCustomFieldError.
#[pyfunction]
#[pyo3(signature = (response, /))]
fn custom_fields_from_wrike(py: Python<'_>, response: &[u8]) -> PyResult<String> {
    py.detach(|| {
        let response = parse_catalog(response)?;
        to_json(&scimgate::custom_fields_from_wrike(&response)?)
    })
    .map_err(|f| raise(py, f))
}

/// The Wrike extension schema document with the custom fields of `catalog` (JSON text, bytes),
/// for the profile in options (JSON text; default wrike), as JSON text.
#[pyfunction]
#[pyo3(signature = (catalog, options, /))]
fn extension_schema(py: Python<'_>, catalog: &[u8], options: &[u8]) -> PyResult<String> {
    py.detach(|| {
        let options = parse_options(options)?;
        let catalog = parse_catalog(catalog)?;
        to_json(&scimgate::extension_schema(&catalog, &options)?)
    })
    .map_err(|f| raise(py, f))
}

/// Check an address against approved domains; returns `{"approved", "domain", "matched"?}` as
/// JSON text. Raises InvalidEmailError for an address that is not a plain address and
/// InvalidOptionError for an approved entry that is not a domain.
#[pyfunction]
#[pyo3(signature = (address, approved, allow_subdomains, /))]
fn check_domain(
    py: Python<'_>,
    address: &Bound<'_, PyString>,
    approved: Vec<Bound<'_, PyString>>,
    allow_subdomains: bool,
) -> PyResult<String> {
    let address = text_arg(address, "address")?;
    let approved = approved
        .iter()
        .enumerate()
        .map(|(i, d)| Ok(text_arg(d, &format!("approved[{i}]"))?.into_owned()))
        .collect::<PyResult<Vec<String>>>()?;
    py.detach(|| {
        to_json(&scimgate::check_domain(
            &address,
            &approved,
            allow_subdomains,
        )?)
    })
    .map_err(|f| raise(py, f))
}

// ---- Validator ---------------------------------------------------------------------------------

/// Options (JSON text, bytes) compiled once; check, normalize, patch, view and plan many resources
/// with them. Thread-safe and GIL-free while working; picklable (it pickles its options and
/// compiles again).
#[pyclass(frozen, module = "scimgate._native", name = "Validator")]
#[derive(Debug)]
struct PyValidator {
    inner: Validator,
    options: Vec<u8>,
}

#[pymethods]
impl PyValidator {
    #[new]
    #[pyo3(signature = (options, /))]
    fn new(py: Python<'_>, options: &[u8]) -> PyResult<Self> {
        let inner = py
            .detach(|| -> Result<Validator, Failure> {
                Ok(Validator::new(parse_options(options)?)?)
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
        py.detach(|| to_json(&self.inner.check_json(resource)?))
            .map_err(|f| raise(py, f))
    }

    /// Normalize one resource (JSON text, bytes); returns `{"resource", "changes"}` as JSON text.
    #[pyo3(signature = (resource, /))]
    fn normalize(&self, py: Python<'_>, resource: &[u8]) -> PyResult<String> {
        py.detach(|| to_json(&self.inner.normalize_json(resource)?))
            .map_err(|f| raise(py, f))
    }

    /// Apply a PatchOp request (JSON text, bytes) to a resource (JSON text, bytes); returns
    /// `{"resource", "changes", "members", "report"}` as JSON text.
    #[pyo3(signature = (resource, patch, /))]
    fn apply_patch(&self, py: Python<'_>, resource: &[u8], patch: &[u8]) -> PyResult<String> {
        py.detach(|| to_json(&self.inner.apply_patch_json(resource, patch)?))
            .map_err(|f| raise(py, f))
    }

    /// What the target stores from a user (JSON text, bytes), as JSON text. Needs a profile.
    #[pyo3(signature = (resource, /))]
    fn view(&self, py: Python<'_>, resource: &[u8]) -> PyResult<String> {
        py.detach(|| {
            let resource = parse_doc(resource, self.inner.options())?;
            to_json(&self.inner.view(&resource)?)
        })
        .map_err(|f| raise(py, f))
    }

    /// The provisioning plan for a request (body and current as JSON text, bytes, or None), as
    /// JSON text. Needs a profile.
    #[pyo3(signature = (method, body, current, /))]
    fn plan(
        &self,
        py: Python<'_>,
        method: &Bound<'_, PyString>,
        body: Option<&[u8]>,
        current: Option<&[u8]>,
    ) -> PyResult<String> {
        let method = text_arg(method, "method")?;
        let method = method.as_ref();
        py.detach(|| {
            let o = self.inner.options();
            let body = body.map(|b| parse_doc(b, o)).transpose()?;
            let current = current.map(|c| parse_doc(c, o)).transpose()?;
            to_json(&self.inner.plan(method, body.as_ref(), current.as_ref())?)
        })
        .map_err(|f| raise(py, f))
    }

    /// Parse a filter with this validator's options; the filter shares the compiled options.
    #[pyo3(signature = (text, /))]
    fn parse_filter(&self, py: Python<'_>, text: &Bound<'_, PyString>) -> PyResult<PyFilter> {
        let text = text_arg(text, "filter")?;
        py.detach(|| PyFilter::parse(self.inner.clone(), &text, self.options.clone()))
            .map_err(|f| raise(py, f))
    }

    /// Parse an attribute path with this validator's options; `{"urn", "name", "filter",
    /// "sub", "text"}` as JSON text.
    #[pyo3(signature = (text, /))]
    fn parse_path(&self, py: Python<'_>, text: &Bound<'_, PyString>) -> PyResult<String> {
        let text = text_arg(text, "path")?;
        py.detach(|| to_json(&self.inner.parse_path(&text)?.to_json()))
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

/// One error of each variant, for the class-level `code` / `scim_type` / `status`.
fn sample_errors() -> Vec<Error> {
    let s = String::new;
    vec![
        Error::InvalidJson {
            line: 1,
            column: 1,
            message: s(),
        },
        Error::PayloadTooLarge { size: 0, limit: 0 },
        Error::NestingTooDeep { limit: 0 },
        Error::UnknownResourceType {
            name: s(),
            known: s(),
        },
        Error::InvalidSchema {
            path: s(),
            message: s(),
        },
        Error::InvalidOption {
            option: s(),
            message: s(),
        },
        Error::NotAnObject { found: "array" },
        Error::InvalidFilter {
            offset: 0,
            expected: s(),
            message: s(),
        },
        Error::InvalidPath {
            offset: 0,
            expected: s(),
            message: s(),
        },
        Error::PatchFailed {
            index: None,
            kind: PatchErrorKind::InvalidSyntax,
            message: s(),
        },
        Error::InvalidCustomField { message: s() },
        Error::InvalidProfile {
            path: s(),
            message: s(),
        },
        Error::InvalidEmail { message: s() },
        Error::InvalidUnicode { argument: s() },
    ]
}

/// Native core of the `scimgate` package (import `scimgate`, not this module).
#[pymodule(name = "_native")]
mod native {
    use super::*;

    #[pymodule_export]
    use super::{
        apply_patch, check, check_domain, custom_field_attribute, custom_field_urn,
        custom_fields_from_wrike, extension_schema, filter_resources, filter_resources_json,
        invalid_unicode_error, load_schemas, nesting_too_deep_error, normalize,
        parse_custom_field_attribute, parse_filter, parse_path, plan, report_to_scim_error,
        scim_error_body, wrike_view, InvalidCustomFieldError, InvalidEmailError,
        InvalidFilterError, InvalidJsonError, InvalidOptionError, InvalidPathError,
        InvalidProfileError, InvalidSchemaError, InvalidUnicodeError, NestingTooDeepError,
        NotAnObjectError, PatchFailedError, PayloadTooLargeError, PyFilter, PyValidator, ScimError,
        UnknownResourceTypeError,
    };

    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        let py = m.py();
        m.add("__version__", env!("CARGO_PKG_VERSION"))?;
        // Class-level code / scim_type / status on each subclass, taken from the core, so that
        // `NestingTooDeepError.status` reads the same as on an instance.
        for err in &sample_errors() {
            set_error_fields(exception_type(py, err).as_any(), err)?;
        }
        // A PATCH failure's scimType depends on the failure; only instances carry one.
        py.get_type::<PatchFailedError>()
            .setattr("scim_type", py.None())?;
        Ok(())
    }
}
