"""scimgate: check and normalize SCIM 2.0 (RFC 7643 / RFC 7644) User and Group payloads.

The work is done by scimgate's Rust core (the ``scimgate._native`` extension module), which
releases the GIL while it works; this module converts arguments and results only.

* :func:`check` returns a :class:`Report` with every finding (never raises for invalid data).
* :func:`normalize` rewrites a resource into canonical form and records every change.
* :func:`load_schemas` reads a tenant's ``/Schemas`` (and ``/ResourceTypes``) documents.
* :func:`to_scim_error` renders a failure or an invalid report as an RFC 7644 section 3.12 body.
* :class:`Validator` compiles options once and checks many resources (picklable, thread-safe).

Resources are given as a ``dict`` (or ``list``), or as JSON text (``str``, ``bytes``,
``bytearray`` or ``memoryview``). Options are keyword arguments; the core validates them and
raises :class:`InvalidOptionError` for values it does not accept.

Failures (what prevents the work) raise :class:`ScimError` subclasses, which are ``ValueError``\\ s
with ``.code``, ``.scim_type`` and ``.status``. A resource that is not JSON-serializable (or not
a supported type at all) raises ``TypeError``.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Literal, Optional, Sequence, TypedDict, Union

from . import _native
from ._native import (
    InvalidJsonError,
    InvalidOptionError,
    InvalidSchemaError,
    NestingTooDeepError,
    NotAnObjectError,
    PayloadTooLargeError,
    ScimError,
    UnknownResourceTypeError,
)

__all__ = [
    "InvalidJsonError",
    "InvalidOptionError",
    "InvalidSchemaError",
    "Issue",
    "JsonInput",
    "LoadedSchemas",
    "Mode",
    "NestingTooDeepError",
    "Normalized",
    "NotAnObjectError",
    "Operation",
    "Options",
    "PayloadTooLargeError",
    "Report",
    "ScimError",
    "ScimErrorBody",
    "Severity",
    "UnknownResourceTypeError",
    "Validator",
    "__version__",
    "check",
    "load_schemas",
    "normalize",
    "to_scim_error",
]

__version__: str = _native.__version__

# ---- result and option shapes (typing only; results are plain dicts) ---------------------------

# Unions of one-value Literals (the same type as Literal["a", "b"]): what mypy.stubtest expects to
# find at runtime for the stubs' multi-value Literal aliases.
Operation = Union[Literal["create"], Literal["replace"], Literal["response"]]
"""What the payload is for: a POST body, a PUT body, or a service provider's response."""

Mode = Union[Literal["strict"], Literal["lenient"]]
"""``strict`` holds to the RFCs; ``lenient`` accepts known IdP quirks, each reported as a warning."""

Severity = Union[Literal["error"], Literal["warning"], Literal["info"]]
"""How serious an :class:`Issue` is."""


class _IssueRequired(TypedDict):
    code: str
    severity: Severity
    path: str
    message: str


class Issue(_IssueRequired, total=False):
    """One finding: stable ``code``, ``severity``, ``path``, human ``message``; ``scimType`` and
    ``status`` on errors that map to an RFC 7644 section 3.12 error."""

    scimType: str
    status: int


class Report(TypedDict):
    """Every finding about one payload; ``valid`` is true when no issue has severity ``error``."""

    valid: bool
    issues: List[Issue]


class Normalized(TypedDict):
    """A normalized resource and every change made to it (each an :class:`Issue`)."""

    resource: Dict[str, Any]
    changes: List[Issue]


class LoadedSchemas(TypedDict):
    """The schema registry after loading: full RFC 7643 schema documents and resource types."""

    schemas: List[Dict[str, Any]]
    resourceTypes: List[Dict[str, Any]]


class _ScimErrorBodyRequired(TypedDict):
    schemas: List[str]
    status: str
    detail: str


class ScimErrorBody(_ScimErrorBodyRequired, total=False):
    """An RFC 7644 section 3.12 error response body (``status`` is a string, as in the RFC)."""

    scimType: str


class Options(TypedDict, total=False):
    """The keyword options given to :class:`Validator` (only those given)."""

    resource_type: str
    operation: Operation
    mode: Mode
    schemas: List[Dict[str, Any]]
    max_bytes: int
    max_depth: int


JsonInput = Union[Dict[str, Any], List[Any], str, bytes, bytearray, memoryview]
"""A resource or document: a dict or list (serialized to JSON), or JSON text."""

# ---- conversion -------------------------------------------------------------------------------


def _dumps(value: Any) -> bytes:
    """Compact UTF-8 JSON for a dict/list/option value; TypeError when not JSON-serializable.

    Raises ``RecursionError`` (handled by the caller) when the value nests too deep for Python.
    """
    try:
        text = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except RecursionError:
        raise
    except ValueError as exc:  # NaN/Infinity, circular reference: not representable as JSON
        raise TypeError(f"value is not JSON-serializable: {exc}") from None
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        # Lone surrogates in strings: escape them so the core reports the JSON as invalid.
        return json.dumps(value, ensure_ascii=True, allow_nan=False, separators=(",", ":")).encode(
            "ascii"
        )


def _encode(value: object, options: bytes) -> bytes:
    """JSON text bytes for a resource or document given as dict/list/str/bytes-like.

    A dict or list nested too deep for Python's own JSON encoder raises the core's
    :class:`NestingTooDeepError` (for these options), never ``RecursionError``.
    """
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if isinstance(value, str):
        # "surrogatepass" keeps lone surrogates as (invalid) UTF-8 for the core to report.
        return value.encode("utf-8", "surrogatepass")
    if isinstance(value, memoryview):
        return value.tobytes()
    if isinstance(value, (dict, list)):
        try:
            return _dumps(value)
        except RecursionError:
            raise _native.nesting_too_deep_error(options) from None
    raise TypeError(
        "expected a dict or list, or JSON text as str, bytes, bytearray or memoryview; "
        f"got {type(value).__name__}"
    )


def _options(
    resource_type: Optional[str],
    operation: Optional[str],
    mode: Optional[str],
    schemas: Optional[Any],
    max_bytes: Optional[int],
    max_depth: Optional[int],
) -> Dict[str, Any]:
    """The options object (snake_case keys, None values omitted) handed to the core as JSON."""
    given = {
        "resource_type": resource_type,
        "operation": operation,
        "mode": mode,
        "schemas": schemas,
        "max_bytes": max_bytes,
        "max_depth": max_depth,
    }
    return {key: value for key, value in given.items() if value is not None}


def _options_json(options: Dict[str, Any]) -> bytes:
    """Options as JSON text; a schema document too deep for Python is the core's error."""
    try:
        return _dumps(options)
    except RecursionError:
        raise _native.nesting_too_deep_error(b"") from None


# ---- the API ----------------------------------------------------------------------------------


def check(
    resource: JsonInput,
    *,
    resource_type: str = "User",
    operation: Operation = "create",
    mode: Mode = "strict",
    schemas: Optional[Sequence[Dict[str, Any]]] = None,
    max_bytes: Optional[int] = None,
    max_depth: Optional[int] = None,
) -> Report:
    """Check one SCIM resource and return a :class:`Report` with every finding.

    :param resource: a dict, or JSON text (``str``/``bytes``/``bytearray``/``memoryview``).
    :param resource_type: ``User``, ``Group``, or a resource type loaded through ``schemas``.
    :param operation: ``create`` (POST body), ``replace`` (PUT body) or ``response``.
    :param mode: ``strict`` or ``lenient`` (known IdP quirks become warnings).
    :param schemas: extra schema documents (schemas, ResourceTypes, ListResponses).
    :param max_bytes: largest accepted input in bytes (core default 1 MiB).
    :param max_depth: deepest accepted nesting of arrays and objects (core default 32).
    :raises ScimError: a subclass, for what prevents the check (e.g. :class:`InvalidJsonError`).
    :raises TypeError: for a resource that is not a dict/list/JSON text or not JSON-serializable.
    """
    opts = _options_json(_options(resource_type, operation, mode, schemas, max_bytes, max_depth))
    result: Report = json.loads(_native.check(_encode(resource, opts), opts))
    return result


def normalize(
    resource: JsonInput,
    *,
    resource_type: str = "User",
    operation: Operation = "create",
    mode: Mode = "strict",
    schemas: Optional[Sequence[Dict[str, Any]]] = None,
    max_bytes: Optional[int] = None,
    max_depth: Optional[int] = None,
) -> Normalized:
    """Normalize one SCIM resource: canonical attribute and URN spelling, qualified top-level
    keys moved into their extension, nulls and readOnly attributes dropped and, in lenient
    mode, string booleans coerced. Returns ``{"resource": ..., "changes": [...]}``.

    Takes the same arguments as :func:`check`.

    :raises ScimError: a subclass, e.g. :class:`NotAnObjectError` for a non-object resource.
    :raises TypeError: for a resource that is not a dict/list/JSON text or not JSON-serializable.
    """
    opts = _options_json(_options(resource_type, operation, mode, schemas, max_bytes, max_depth))
    result: Normalized = json.loads(_native.normalize(_encode(resource, opts), opts))
    return result


def load_schemas(doc: JsonInput) -> LoadedSchemas:
    """Load schema documents and return the resulting registry.

    :param doc: a single schema, a ResourceType, a ``/Schemas`` or ``/ResourceTypes``
        ListResponse, or a list of these; as a dict/list or JSON text.
    :returns: ``{"schemas": [...], "resourceTypes": [...]}``, built-ins plus the loaded ones.
    :raises InvalidSchemaError: when a document cannot be understood.
    :raises TypeError: for a doc that is not a dict/list/JSON text or not JSON-serializable.
    """
    result: LoadedSchemas = json.loads(_native.load_schemas(_encode(doc, b"")))
    return result


def to_scim_error(x: Union[ScimError, Report]) -> Optional[ScimErrorBody]:
    """Render an RFC 7644 section 3.12 error body.

    :param x: a :class:`ScimError` (its ``status``, ``scim_type`` and message are used), or a
        :class:`Report` dict (status and scimType of its first error; every error in ``detail``).
    :returns: the body, or ``None`` for a valid report.
    :raises TypeError: for anything else.
    """
    if isinstance(x, ScimError):
        status = getattr(x, "status", 400)
        scim_type = getattr(x, "scim_type", None)
        body: ScimErrorBody = json.loads(_native.scim_error_body(status, scim_type, str(x)))
        return body
    if isinstance(x, dict):
        text = _native.report_to_scim_error(_dumps(x))
        if text is None:
            return None
        report_body: ScimErrorBody = json.loads(text)
        return report_body
    raise TypeError(f"expected a ScimError or a Report dict, got {type(x).__name__}")


class Validator:
    """Options compiled once, to check and normalize many resources.

    Takes the same keyword options as :func:`check`. Thread-safe; the GIL is released while the
    core works, so a thread pool scales across cores. Picklable: a pickled validator carries its
    options and compiles them again when loaded (e.g. in a distributed engine's workers).

    :raises ScimError: a subclass (e.g. :class:`InvalidOptionError`) for options the core refuses.
    """

    __slots__ = ("_native", "_options", "_options_json")

    def __init__(
        self,
        *,
        resource_type: str = "User",
        operation: Operation = "create",
        mode: Mode = "strict",
        schemas: Optional[Sequence[Dict[str, Any]]] = None,
        max_bytes: Optional[int] = None,
        max_depth: Optional[int] = None,
    ) -> None:
        options = _options(resource_type, operation, mode, schemas, max_bytes, max_depth)
        self._init(options, _options_json(options))

    def _init(self, options: Dict[str, Any], options_json: bytes) -> None:
        self._options: Dict[str, Any] = options
        self._options_json: bytes = options_json
        self._native = _native.Validator(options_json)

    @property
    def options(self) -> Options:
        """The keyword options this validator was made with (a copy; None values omitted)."""
        result: Options = json.loads(self._options_json)
        return result

    def check(self, resource: JsonInput) -> Report:
        """Check one resource (see :func:`check`) with this validator's options."""
        result: Report = json.loads(self._native.check(_encode(resource, self._options_json)))
        return result

    def normalize(self, resource: JsonInput) -> Normalized:
        """Normalize one resource (see :func:`normalize`) with this validator's options."""
        result: Normalized = json.loads(
            self._native.normalize(_encode(resource, self._options_json))
        )
        return result

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as the options JSON; loading compiles a new validator from it."""
        return (_validator_from_options_json, (self._options_json,))

    def __repr__(self) -> str:
        args = ", ".join(f"{key}={value!r}" for key, value in self._options.items())
        return f"scimgate.Validator({args})"


def _validator_from_options_json(options_json: bytes) -> Validator:
    """Unpickle a :class:`Validator` from its options JSON text."""
    validator = Validator.__new__(Validator)
    validator._init(json.loads(options_json), options_json)
    return validator
