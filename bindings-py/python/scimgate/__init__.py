"""scimgate: validate and transform SCIM 2.0 (RFC 7643 / RFC 7644) User and Group payloads.

The work is done by scimgate's Rust core (the ``scimgate._native`` extension module), which
releases the GIL while it works; this module converts arguments and results only.

* :func:`check` returns a :class:`Report` with every finding (never raises for invalid data).
* :func:`normalize` rewrites a resource into canonical form and records every change.
* :func:`load_schemas` reads a tenant's ``/Schemas`` (and ``/ResourceTypes``) documents.
* :func:`to_scim_error` renders a failure or an invalid report as an RFC 7644 section 3.12 body.
* :func:`parse_filter` (a :class:`Filter`), :func:`parse_path` and :func:`filter_resources`:
  RFC 7644 filters and attribute paths.
* :func:`apply_patch`: atomic RFC 7644 PATCH, with IdP dialects (the ``dialect`` option).
* Wrike: :func:`wrike_view` (what Wrike stores), :func:`plan` (what Wrike will do with a
  request), :func:`check_domain`, and custom fields (:func:`custom_field_attribute`,
  :func:`custom_field_urn`, :func:`parse_custom_field_attribute`, :func:`custom_fields_from_wrike`,
  :func:`extension_schema`).
* :class:`Validator` compiles options once and checks many resources (picklable, thread-safe).

Resources are given as a ``dict`` (or ``list``), or as JSON text (``str``, ``bytes``,
``bytearray`` or ``memoryview``). Options are keyword arguments; the core validates them and
raises :class:`InvalidOptionError` for values it does not accept.

Failures (what prevents the work) raise :class:`ScimError` subclasses, which are ``ValueError``\\ s
with ``.code``, ``.scim_type`` and ``.status``; their ``str()`` and ``repr()`` show the core's
message only, never the input. A ``str`` argument holding a lone surrogate (``"\\ud800"``, which
is not Unicode text) raises :class:`InvalidUnicodeError`. A resource that is not
JSON-serializable (or not a supported type at all) raises ``TypeError``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence as _SequenceABC
from typing import (
    Any,
    Dict,
    List,
    Literal,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    TypedDict,
    Union,
)

from . import _native
from ._native import (
    InvalidCustomFieldError,
    InvalidEmailError,
    InvalidFilterError,
    InvalidJsonError,
    InvalidOptionError,
    InvalidPathError,
    InvalidProfileError,
    InvalidSchemaError,
    InvalidUnicodeError,
    NestingTooDeepError,
    NotAnObjectError,
    PatchFailedError,
    PayloadTooLargeError,
    ScimError,
    UnknownResourceTypeError,
)

__all__ = [
    "AttrPathInfo",
    "Change",
    "CustomField",
    "DialectPreset",
    "DomainCheck",
    "Filter",
    "InvalidCustomFieldError",
    "InvalidEmailError",
    "InvalidFilterError",
    "InvalidJsonError",
    "InvalidOptionError",
    "InvalidPathError",
    "InvalidProfileError",
    "InvalidSchemaError",
    "InvalidUnicodeError",
    "Issue",
    "JsonInput",
    "LoadedSchemas",
    "Members",
    "Mode",
    "NestingTooDeepError",
    "Normalized",
    "NotAnObjectError",
    "Operation",
    "Options",
    "ParsedCustomFieldAttribute",
    "PatchFailedError",
    "Patched",
    "PayloadTooLargeError",
    "Plan",
    "PlanAction",
    "Report",
    "ScimError",
    "ScimErrorBody",
    "Severity",
    "UnknownResourceTypeError",
    "UserTypeSettings",
    "Validator",
    "WrikeView",
    "__version__",
    "apply_patch",
    "check",
    "check_domain",
    "custom_field_attribute",
    "custom_field_urn",
    "custom_fields_from_wrike",
    "extension_schema",
    "filter_resources",
    "load_schemas",
    "normalize",
    "parse_custom_field_attribute",
    "parse_filter",
    "parse_path",
    "plan",
    "to_scim_error",
    "wrike_view",
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

DialectPreset = Union[
    Literal["rfc"],
    Literal["entra"],
    Literal["entra-aadOptscim062020"],
    Literal["okta"],
    Literal["onelogin"],
]
"""The IdP dialect presets; ``dialect=`` also takes ``{"preset": name, <switch>: bool, ...}``."""

PlanAction = Union[
    Literal["create"],
    Literal["update"],
    Literal["deactivate"],
    Literal["reactivate"],
    Literal["delete"],
    Literal["reject"],
    Literal["noop"],
]
"""What the target does with a request (:class:`Plan` ``action``)."""


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


class AttrPathInfo(TypedDict):
    """A parsed attribute path: schema ``urn`` (or None), attribute ``name``, value ``filter``
    (canonical text or None), ``sub``-attribute (or None) and the canonical ``text``."""

    urn: Optional[str]
    name: str
    filter: Optional[str]
    sub: Optional[str]
    text: str


class Members(TypedDict):
    """Group membership changes: member ids added and removed."""

    added: List[str]
    removed: List[str]


class Patched(TypedDict):
    """The outcome of :func:`apply_patch`: the resource after every operation, what each
    operation did (and every dialect coercion, as warnings), membership deltas, and the result
    checked as a replace body."""

    resource: Dict[str, Any]
    changes: List[Issue]
    members: Members
    report: Report


# Functional syntax: "from" is a Python keyword.
Change = TypedDict("Change", {"attribute": str, "from": Any, "to": Any})
Change.__doc__ = """One synced attribute a :class:`Plan` changes: ``attribute`` (its name in the
target's view), ``from`` (what the target holds now, None when unknown or unset), ``to``."""


class _PlanRequired(TypedDict):
    action: PlanAction
    resourceType: str
    billable: bool
    changes: List[Change]
    kept: List[str]
    members: Members
    issues: List[Issue]
    summary: str


class Plan(_PlanRequired, total=False):
    """What the target will do with a request: ``action``, ``billable`` (the user becomes an
    active provisioned member), synced attributes that change, those ``kept`` because the
    request omits them, membership deltas, every finding, and the ``resource`` the target will
    hold (absent for reject and delete)."""

    resource: Dict[str, Any]


class _WrikeViewRequired(TypedDict):
    userType: Any
    userTypeDefaulted: bool
    customFields: Dict[str, Any]
    active: bool
    loginEmail: Optional[str]
    loginEmailSource: Optional[str]
    omitted: List[str]


class WrikeView(_WrikeViewRequired, total=False):
    """What Wrike stores from a user. The synced attributes are the profile's (for ``wrike``:
    userName, givenName, familyName, email, title, phone, organization, department; None when
    the payload omits them, which ``omitted`` lists), plus the user type, custom fields,
    ``active`` and the login email with where it came from."""

    userName: Any
    givenName: Any
    familyName: Any
    email: Any
    title: Any
    phone: Any
    organization: Any
    department: Any


class _DomainCheckRequired(TypedDict):
    approved: bool
    domain: str


class DomainCheck(_DomainCheckRequired, total=False):
    """The outcome of :func:`check_domain`: ``approved``, the address's ``domain`` in ASCII
    (punycode) lower case, and the approved entry it ``matched``."""

    matched: str


class _CustomFieldRequired(TypedDict):
    id: str
    title: str
    type: str


class CustomField(_CustomFieldRequired, total=False):
    """A Wrike user custom field: ``id``, ``title``, Wrike ``type`` (empty when unknown) and, for
    drop-downs, the allowed ``options``."""

    options: List[str]


class _ParsedCustomFieldAttributeRequired(TypedDict):
    id: str
    title: str


class ParsedCustomFieldAttribute(_ParsedCustomFieldAttributeRequired, total=False):
    """The parts of a custom-field attribute name: ``schema`` (when URN-qualified), field ``id``
    and normalized ``title`` part (may be empty)."""

    schema: str


class UserTypeSettings(TypedDict, total=False):
    """The ``user_types=`` option as an object: the account's ``values``, the ``default`` for an
    absent user type, and ``aliases`` (another spelling -> the value it stands for)."""

    values: List[str]
    default: str
    aliases: Dict[str, str]


_ProfileOption = Union[str, Mapping[str, Any]]
_UserTypesOption = Union[Sequence[str], UserTypeSettings]
_CustomFieldsOption = Union[Mapping[str, Any], Sequence[Mapping[str, Any]]]
_DialectOption = Union[DialectPreset, Mapping[str, Union[str, bool]]]


class Options(TypedDict, total=False):
    """The keyword options a :class:`Validator` or :class:`Filter` was made with (those given)."""

    resource_type: str
    operation: Operation
    mode: Mode
    schemas: List[Dict[str, Any]]
    max_bytes: int
    max_depth: int
    profile: Union[str, Dict[str, Any]]
    approved_domains: List[str]
    allow_subdomains: bool
    user_types: Union[List[str], UserTypeSettings]
    custom_fields: Union[Dict[str, Any], List[Dict[str, Any]]]
    dialect: Union[str, Dict[str, Any]]
    max_operations: int


JsonInput = Union[Dict[str, Any], List[Any], str, bytes, bytearray, memoryview]
"""A resource or document: a dict or list (serialized to JSON), or JSON text."""

_TEXT = (str, bytes, bytearray, memoryview)

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
        # A lone surrogate in a string or key: write it as the escape "\\ud800" (what
        # ensure_ascii does), which the core refuses as InvalidUnicodeError ("JSON text").
        return json.dumps(value, ensure_ascii=True, allow_nan=False, separators=(",", ":")).encode(
            "ascii"
        )


def _utf8(text: str, argument: str) -> bytes:
    """``text`` as UTF-8; a lone surrogate raises the core's :class:`InvalidUnicodeError` naming
    ``argument``, outside the ``except`` block so it does not chain the ``UnicodeEncodeError``
    (whose message and ``.object`` hold the text)."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        pass
    raise _native.invalid_unicode_error(argument)


def _encode(value: object, options: bytes, argument: str = "resource") -> bytes:
    """JSON text bytes for a resource or document given as dict/list/str/bytes-like.

    A dict or list nested too deep for Python's own JSON encoder raises the core's
    :class:`NestingTooDeepError` (for these options), never ``RecursionError``. A ``str`` with a
    lone surrogate raises :class:`InvalidUnicodeError` naming ``argument``.
    """
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if isinstance(value, str):
        return _utf8(value, argument)
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


# The keyword options every options-taking function accepts, in the order of their signatures.
_OPTION_NAMES = (
    "resource_type",
    "operation",
    "mode",
    "schemas",
    "max_bytes",
    "max_depth",
    "profile",
    "approved_domains",
    "allow_subdomains",
    "user_types",
    "custom_fields",
    "dialect",
    "max_operations",
)


def _options(given: Mapping[str, Any]) -> Dict[str, Any]:
    """The options object (snake_case keys, None values omitted) handed to the core as JSON.

    ``given`` is the calling function's ``locals()`` taken as its first statement, so it holds
    exactly its arguments; the option keyword arguments are picked from it by name.
    """
    return {name: given[name] for name in _OPTION_NAMES if given.get(name) is not None}


def _options_json(options: Dict[str, Any]) -> bytes:
    """Options as JSON text; a schema document too deep for Python is the core's error."""
    try:
        return _dumps(options)
    except RecursionError:
        raise _native.nesting_too_deep_error(b"") from None


def _value_json(value: Any, options: bytes) -> bytes:
    """JSON text for one JSON value of a list (any JSON-serializable Python value)."""
    try:
        return _dumps(value)
    except RecursionError:
        raise _native.nesting_too_deep_error(options) from None


# ---- check, normalize, schemas, errors --------------------------------------------------------


def check(
    resource: JsonInput,
    *,
    resource_type: str = "User",
    operation: Operation = "create",
    mode: Mode = "strict",
    schemas: Optional[Sequence[Dict[str, Any]]] = None,
    max_bytes: Optional[int] = None,
    max_depth: Optional[int] = None,
    profile: Optional[_ProfileOption] = None,
    approved_domains: Optional[Sequence[str]] = None,
    allow_subdomains: Optional[bool] = None,
    user_types: Optional[_UserTypesOption] = None,
    custom_fields: Optional[_CustomFieldsOption] = None,
    dialect: Optional[_DialectOption] = None,
    max_operations: Optional[int] = None,
) -> Report:
    """Check one SCIM resource and return a :class:`Report` with every finding.

    :param resource: a dict, or JSON text (``str``/``bytes``/``bytearray``/``memoryview``).
    :param resource_type: ``User``, ``Group``, or a resource type loaded through ``schemas``.
    :param operation: ``create`` (POST body), ``replace`` (PUT body) or ``response``.
    :param mode: ``strict`` or ``lenient`` (known IdP quirks become warnings).
    :param schemas: extra schema documents (schemas, ResourceTypes, ListResponses).
    :param max_bytes: largest accepted input in bytes (core default 1 MiB).
    :param max_depth: deepest accepted nesting of arrays and objects (core default 32).
    :param profile: a vendor profile: ``"wrike"`` or a profile document. Adds its extension
        schemas and checks (user types, custom fields, approved domains).
    :param approved_domains: approved email domains for the login email (``example.com`` or
        ``@example.com``); overrides the profile's, and works without a profile.
    :param allow_subdomains: whether subdomains of approved domains are approved (default: the
        profile's setting, else False).
    :param user_types: the account's user types: a list of values, or
        :class:`UserTypeSettings` (needs a profile).
    :param custom_fields: the account's custom-field catalog: Wrike's ``GET /customfields``
        response or a list of ``{id, title, type}`` (needs a profile).
    :param dialect: IdP dialect: a :data:`DialectPreset` name or
        ``{"preset": name, <switch>: bool, ...}``.
    :param max_operations: most PATCH operations accepted in one request (core default 1000).
    :raises ScimError: a subclass, for what prevents the check (e.g. :class:`InvalidJsonError`).
    :raises TypeError: for a resource that is not a dict/list/JSON text or not JSON-serializable.
    """
    opts = _options_json(_options(locals()))
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
    profile: Optional[_ProfileOption] = None,
    approved_domains: Optional[Sequence[str]] = None,
    allow_subdomains: Optional[bool] = None,
    user_types: Optional[_UserTypesOption] = None,
    custom_fields: Optional[_CustomFieldsOption] = None,
    dialect: Optional[_DialectOption] = None,
    max_operations: Optional[int] = None,
) -> Normalized:
    """Normalize one SCIM resource: canonical attribute and URN spelling, qualified top-level
    keys moved into their extension, nulls and readOnly attributes dropped and, in lenient
    mode, string booleans coerced. Returns ``{"resource": ..., "changes": [...]}``.

    Takes the same arguments as :func:`check`.

    :raises ScimError: a subclass, e.g. :class:`NotAnObjectError` for a non-object resource.
    :raises TypeError: for a resource that is not a dict/list/JSON text or not JSON-serializable.
    """
    opts = _options_json(_options(locals()))
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
    result: LoadedSchemas = json.loads(_native.load_schemas(_encode(doc, b"", "doc")))
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


# ---- filters and paths --------------------------------------------------------------------------

# Options shown by Filter's repr only when they differ from these.
_DEFAULT_SHOWN = {"resource_type": "User", "operation": "create", "mode": "strict"}


class Filter:
    """A parsed SCIM filter (RFC 7644 section 3.4.2.2), reusable for many resources.

    ``Filter(text, **options)`` is :func:`parse_filter`. ``str(f)`` is the canonical text (lower-
    case keywords, single spaces, JSON string literals, parentheses only where needed), which
    parses back to the same filter. Filters are equal (and hash alike) when their canonical texts
    are equal. The options decide how it parses (``mode="lenient"`` or ``dialect="entra"`` accept
    Entra's ``emails[type eq "work"].value eq "x"``) and how :meth:`matches` evaluates
    (``resource_type`` and ``schemas`` give attribute types and caseExact).

    Immutable and thread-safe; the GIL is released while matching. Picklable: a pickled filter
    carries its canonical text and options and is parsed again when loaded.

    :raises InvalidFilterError: with ``.offset`` (byte offset in the UTF-8 text) and
        ``.expected``, for a filter that does not parse or exceeds the length and depth limits.
    :raises ScimError: a subclass (e.g. :class:`InvalidOptionError`) for options the core refuses.
    :raises TypeError: when ``text`` is not a ``str``.
    """

    __slots__ = ("_native", "_options", "_options_json")

    def __init__(
        self,
        text: str,
        *,
        resource_type: str = "User",
        operation: Operation = "create",
        mode: Mode = "strict",
        schemas: Optional[Sequence[Dict[str, Any]]] = None,
        max_bytes: Optional[int] = None,
        max_depth: Optional[int] = None,
        profile: Optional[_ProfileOption] = None,
        approved_domains: Optional[Sequence[str]] = None,
        allow_subdomains: Optional[bool] = None,
        user_types: Optional[_UserTypesOption] = None,
        custom_fields: Optional[_CustomFieldsOption] = None,
        dialect: Optional[_DialectOption] = None,
        max_operations: Optional[int] = None,
    ) -> None:
        options = _options(locals())
        options_json = _options_json(options)
        self._init(_native.Filter(text, options_json), options, options_json)

    def _init(self, native: _native.Filter, options: Dict[str, Any], options_json: bytes) -> None:
        self._native = native
        self._options: Dict[str, Any] = options
        self._options_json: bytes = options_json

    @property
    def text(self) -> str:
        """The canonical text (the same as ``str(f)``)."""
        return self._native.text

    @property
    def options(self) -> Options:
        """The keyword options this filter was parsed with (a copy; None values omitted)."""
        result: Options = json.loads(self._options_json)
        return result

    def matches(self, resource: JsonInput) -> bool:
        """Whether the filter matches ``resource`` (a dict or JSON text; any other JSON value
        never matches). Strings compare case-insensitively unless the attribute is caseExact;
        dateTimes compare as instants; a multi-valued attribute matches when any element does.

        :raises InvalidFilterError: for a comparison RFC 7644 does not define (e.g. ``gt`` on a
            boolean).
        :raises ScimError: a subclass for input the core refuses (invalid JSON, too large, too
            deep).
        :raises TypeError: for a resource that is not a dict/list/JSON text.
        """
        return self._native.matches(_encode(resource, self._options_json))

    def __str__(self) -> str:
        return self._native.text

    def __repr__(self) -> str:
        shown = [
            f", {key}={value!r}"
            for key, value in self._options.items()
            if key not in _DEFAULT_SHOWN or _DEFAULT_SHOWN[key] != value
        ]
        return f"scimgate.Filter({self._native.text!r}{''.join(shown)})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Filter):
            return self._native.text == other._native.text
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._native.text)

    def __reduce__(self) -> Tuple[Any, ...]:
        """Pickle as the canonical text and options JSON; loading parses them again."""
        return (_filter_from_state, (self._native.text, self._options_json))


def _filter_from_state(text: str, options_json: bytes) -> Filter:
    """Unpickle a :class:`Filter` from its canonical text and options JSON text."""
    return _wrap_filter(_native.Filter(text, options_json), options_json)


def _wrap_filter(native: _native.Filter, options_json: bytes) -> Filter:
    result = Filter.__new__(Filter)
    result._init(native, json.loads(options_json), options_json)
    return result


def parse_filter(
    text: str,
    *,
    resource_type: str = "User",
    operation: Operation = "create",
    mode: Mode = "strict",
    schemas: Optional[Sequence[Dict[str, Any]]] = None,
    max_bytes: Optional[int] = None,
    max_depth: Optional[int] = None,
    profile: Optional[_ProfileOption] = None,
    approved_domains: Optional[Sequence[str]] = None,
    allow_subdomains: Optional[bool] = None,
    user_types: Optional[_UserTypesOption] = None,
    custom_fields: Optional[_CustomFieldsOption] = None,
    dialect: Optional[_DialectOption] = None,
    max_operations: Optional[int] = None,
) -> Filter:
    """Parse a SCIM filter (RFC 7644 section 3.4.2.2) into a reusable :class:`Filter`.

    Takes the same keyword options as :func:`check`; see :class:`Filter`.

    :raises InvalidFilterError: with ``.offset`` and ``.expected``.
    :raises TypeError: when ``text`` is not a ``str``.
    """
    options = _options(locals())
    options_json = _options_json(options)
    return _wrap_filter(_native.parse_filter(text, options_json), options_json)


def parse_path(
    text: str,
    *,
    resource_type: str = "User",
    operation: Operation = "create",
    mode: Mode = "strict",
    schemas: Optional[Sequence[Dict[str, Any]]] = None,
    max_bytes: Optional[int] = None,
    max_depth: Optional[int] = None,
    profile: Optional[_ProfileOption] = None,
    approved_domains: Optional[Sequence[str]] = None,
    allow_subdomains: Optional[bool] = None,
    user_types: Optional[_UserTypesOption] = None,
    custom_fields: Optional[_CustomFieldsOption] = None,
    dialect: Optional[_DialectOption] = None,
    max_operations: Optional[int] = None,
) -> AttrPathInfo:
    """Parse a PATCH attribute path (RFC 7644 section 3.5.2): ``attr``, ``attr.sub``,
    ``attr[filter]``, ``attr[filter].sub``, optionally URN-qualified (split after the schema URN).

    :returns: ``{"urn", "name", "filter", "sub", "text"}`` (``filter`` as canonical text).
    :raises InvalidPathError: with ``.offset`` and ``.expected``.
    :raises TypeError: when ``text`` is not a ``str``.
    """
    opts = _options_json(_options(locals()))
    result: AttrPathInfo = json.loads(_native.parse_path(text, opts))
    return result


def filter_resources(
    filter: Union[str, Filter],
    resources: Union[Sequence[Any], str, bytes, bytearray, memoryview],
    *,
    resource_type: Optional[str] = None,
    operation: Optional[Operation] = None,
    mode: Optional[Mode] = None,
    schemas: Optional[Sequence[Dict[str, Any]]] = None,
    max_bytes: Optional[int] = None,
    max_depth: Optional[int] = None,
    profile: Optional[_ProfileOption] = None,
    approved_domains: Optional[Sequence[str]] = None,
    allow_subdomains: Optional[bool] = None,
    user_types: Optional[_UserTypesOption] = None,
    custom_fields: Optional[_CustomFieldsOption] = None,
    dialect: Optional[_DialectOption] = None,
    max_operations: Optional[int] = None,
) -> List[Dict[str, Any]]:
    """The resources a filter selects, in order: the answer to ``GET /Users?filter=...``; an
    empty list when nothing matches.

    :param filter: filter text (parsed with the keyword options, as :func:`parse_filter`), or a
        :class:`Filter`, which evaluates with its own options (giving options too is a
        ``TypeError``).
    :param resources: a list (or tuple) of JSON values, each within ``max_bytes`` and
        ``max_depth``; the very objects that match are returned. Or a JSON array as text (the
        whole text within ``max_bytes``); the matches are returned as new dicts.
    :raises InvalidFilterError: for filter text that does not parse.
    :raises ScimError: a subclass for input the core refuses.
    :raises TypeError: for a filter that is neither ``str`` nor :class:`Filter`, resources that
        are neither a sequence nor JSON text of an array, or values that are not JSON-serializable.
    """
    given = _options(locals())
    if isinstance(filter, Filter):
        if given:
            raise TypeError(
                "filter_resources: a Filter evaluates with the options it was parsed with; "
                f"got options {sorted(given)} as well (pass the filter text instead)"
            )
        compiled = filter
    elif isinstance(filter, str):
        options_json = _options_json(given)
        compiled = _wrap_filter(_native.parse_filter(filter, options_json), options_json)
    else:
        raise TypeError(f"expected filter text (str) or a Filter, got {type(filter).__name__}")
    options_json = compiled._options_json
    if isinstance(resources, _TEXT):
        text = _native.filter_resources_json(
            compiled._native, _encode(resources, options_json, "resources")
        )
        selected: List[Dict[str, Any]] = json.loads(text)
        return selected
    if isinstance(resources, _SequenceABC):
        texts = [_value_json(resource, options_json) for resource in resources]
        return [resources[i] for i in _native.filter_resources(compiled._native, texts)]
    raise TypeError(
        "expected resources as a list of JSON values, or a JSON array as str, bytes, bytearray "
        f"or memoryview; got {type(resources).__name__}"
    )


# ---- PATCH, view, plan ----------------------------------------------------------------------------


def apply_patch(
    resource: JsonInput,
    patch: JsonInput,
    *,
    resource_type: str = "User",
    operation: Operation = "create",
    mode: Mode = "strict",
    schemas: Optional[Sequence[Dict[str, Any]]] = None,
    max_bytes: Optional[int] = None,
    max_depth: Optional[int] = None,
    profile: Optional[_ProfileOption] = None,
    approved_domains: Optional[Sequence[str]] = None,
    allow_subdomains: Optional[bool] = None,
    user_types: Optional[_UserTypesOption] = None,
    custom_fields: Optional[_CustomFieldsOption] = None,
    dialect: Optional[_DialectOption] = None,
    max_operations: Optional[int] = None,
) -> Patched:
    """Apply a PATCH request (a PatchOp message) to a resource, atomically: every operation or
    none. ``add`` to a multi-valued attribute appends without duplicates, ``add`` to a complex
    attribute merges, ``replace``/``remove`` work through value filters, a new ``primary: true``
    clears the old one. IdP quirks are accepted when ``dialect`` switches them on, each reported.

    :param resource: the stored resource; a dict or JSON text (as :func:`check`).
    :param patch: the PatchOp body; a dict or JSON text.
    :returns: ``{"resource", "changes", "members": {"added", "removed"}, "report"}``.
    :raises PatchFailedError: with ``.index`` (the failing operation, or None) and
        ``.scim_type`` (invalidSyntax, invalidPath, noTarget, invalidValue, mutability).
    :raises ScimError: another subclass for input or options the core refuses.
    :raises TypeError: for a resource or patch that is not a dict/list/JSON text.
    """
    opts = _options_json(_options(locals()))
    result: Patched = json.loads(
        _native.apply_patch(_encode(resource, opts), _encode(patch, opts, "patch"), opts)
    )
    return result


def wrike_view(
    resource: JsonInput,
    *,
    resource_type: str = "User",
    operation: Operation = "create",
    mode: Mode = "strict",
    schemas: Optional[Sequence[Dict[str, Any]]] = None,
    max_bytes: Optional[int] = None,
    max_depth: Optional[int] = None,
    profile: Optional[_ProfileOption] = None,
    approved_domains: Optional[Sequence[str]] = None,
    allow_subdomains: Optional[bool] = None,
    user_types: Optional[_UserTypesOption] = None,
    custom_fields: Optional[_CustomFieldsOption] = None,
    dialect: Optional[_DialectOption] = None,
    max_operations: Optional[int] = None,
) -> WrikeView:
    """What Wrike stores from a SCIM user (the profile defaults to ``wrike``): the synced
    attributes, user type, custom fields, ``active`` and the login email. Multi-valued attributes
    (email, phone) take the element with ``primary: true``, else the first of type ``work``,
    else the first.

    :raises ScimError: a subclass for input or options the core refuses.
    :raises TypeError: for a resource that is not a dict/list/JSON text.
    """
    opts = _options_json(_options(locals()))
    result: WrikeView = json.loads(_native.wrike_view(_encode(resource, opts), opts))
    return result


def _optional_doc(value: Optional[JsonInput], options: bytes, argument: str) -> Optional[bytes]:
    return None if value is None else _encode(value, options, argument)


def plan(
    method: str,
    body: Optional[JsonInput] = None,
    current: Optional[JsonInput] = None,
    *,
    resource_type: str = "User",
    operation: Operation = "create",
    mode: Mode = "strict",
    schemas: Optional[Sequence[Dict[str, Any]]] = None,
    max_bytes: Optional[int] = None,
    max_depth: Optional[int] = None,
    profile: Optional[_ProfileOption] = None,
    approved_domains: Optional[Sequence[str]] = None,
    allow_subdomains: Optional[bool] = None,
    user_types: Optional[_UserTypesOption] = None,
    custom_fields: Optional[_CustomFieldsOption] = None,
    dialect: Optional[_DialectOption] = None,
    max_operations: Optional[int] = None,
) -> Plan:
    """What the target (the profile, default ``wrike``) will do with a request.

    :param method: ``POST``, ``PUT``, ``PATCH`` or ``DELETE`` (any case).
    :param body: the request body (a dict or JSON text); None for DELETE.
    :param current: what the target holds now (required for PATCH).
    :returns: a :class:`Plan`: create / update (per-attribute changes, and the attributes kept
        because the body omits them) / deactivate / reactivate / delete / reject (with issues) /
        noop, with ``billable`` and, for groups, membership deltas.
    :raises ScimError: a subclass for what prevents planning (e.g. :class:`PatchFailedError`).
    :raises TypeError: for a method that is not a ``str`` or a body that is not a dict/list/JSON text.
    """
    opts = _options_json(_options(locals()))
    result: Plan = json.loads(
        _native.plan(
            method, _optional_doc(body, opts, "body"), _optional_doc(current, opts, "current"), opts
        )
    )
    return result


# ---- Wrike custom fields and domains --------------------------------------------------------------


def custom_field_attribute(id: str, title: str) -> str:
    """The SCIM attribute name of a Wrike user custom field:
    ``custom_field_attribute("IEAGWMBBJUAK4G7J", "Completed Induction")`` is
    ``"IEAGWMBBJUAK4G7J_Completed_Induction"`` (in the extension
    ``urn:ietf:params:scim:schemas:extension:wrike:2.0:User``). The title is normalized: accented
    Latin letters fold to their base letters, runs of whitespace become one ``_``, other
    characters are removed, ``_`` runs collapse and are trimmed; an empty result leaves the id.

    :raises InvalidCustomFieldError: for an id that is not 16 upper-case letters and digits (or a
        name that would not be a valid SCIM attribute name).
    :raises TypeError: when ``id`` or ``title`` is not a ``str``.
    """
    return _native.custom_field_attribute(id, title)


def custom_field_urn(id: str, title: str, extension: Optional[str] = None) -> str:
    """The fully-qualified attribute of a Wrike user custom field, in the Wrike extension (or
    ``extension``, when given): ``custom_field_urn("IEAGWMBBJUAK4G7J", "Completed Induction")``
    is ``"urn:ietf:params:scim:schemas:extension:wrike:2.0:User:IEAGWMBBJUAK4G7J_Completed_Induction"``
    -- the name to enter in an IdP's attribute list. The attribute part is
    :func:`custom_field_attribute`'s.

    :raises InvalidCustomFieldError: for an id that is not 16 upper-case letters and digits (or a
        name that would not be a valid SCIM attribute name).
    :raises TypeError: when ``id`` or ``title`` is not a ``str``, or ``extension`` is neither a
        ``str`` nor ``None``.
    """
    return _native.custom_field_urn(id, title, extension)


def parse_custom_field_attribute(name: str) -> ParsedCustomFieldAttribute:
    """Split a custom-field attribute name (optionally prefixed by ``<schema URN>:``) into
    ``{"schema"?, "id", "title"}``.

    :raises InvalidCustomFieldError: when the name does not start with a Wrike field id.
    :raises TypeError: when ``name`` is not a ``str``.
    """
    result: ParsedCustomFieldAttribute = json.loads(_native.parse_custom_field_attribute(name))
    return result


def custom_fields_from_wrike(response: JsonInput) -> List[CustomField]:
    """Read Wrike's ``GET /api/v4/customfields?applicableEntityTypes=[User]`` response
    (``{"data": [{"id", "title", "type", ...}]}``, or a bare list of fields) into a catalog of
    user custom fields.

    :raises InvalidCustomFieldError: for a response that cannot be read.
    :raises TypeError: for a response that is not a dict/list/JSON text.
    """
    result: List[CustomField] = json.loads(
        _native.custom_fields_from_wrike(_encode(response, b"", "response"))
    )
    return result


def extension_schema(
    catalog: JsonInput,
    *,
    resource_type: str = "User",
    operation: Operation = "create",
    mode: Mode = "strict",
    schemas: Optional[Sequence[Dict[str, Any]]] = None,
    max_bytes: Optional[int] = None,
    max_depth: Optional[int] = None,
    profile: Optional[_ProfileOption] = None,
    approved_domains: Optional[Sequence[str]] = None,
    allow_subdomains: Optional[bool] = None,
    user_types: Optional[_UserTypesOption] = None,
    custom_fields: Optional[_CustomFieldsOption] = None,
    dialect: Optional[_DialectOption] = None,
    max_operations: Optional[int] = None,
) -> Dict[str, Any]:
    """The SCIM schema document (RFC 7643 section 7) of the profile's extension (default
    ``wrike``) with the user type and one attribute per custom field of ``catalog`` (Wrike's
    ``GET /customfields`` response or a list of ``{id, title, type}``).

    :raises InvalidCustomFieldError: for a catalog that cannot be read.
    :raises TypeError: for a catalog that is not a dict/list/JSON text.
    """
    opts = _options_json(_options(locals()))
    result: Dict[str, Any] = json.loads(
        _native.extension_schema(_encode(catalog, opts, "catalog"), opts)
    )
    return result


def check_domain(
    address: str, approved: Sequence[str], *, allow_subdomains: bool = False
) -> DomainCheck:
    """Whether ``address`` is on an approved domain. Domains compare case-insensitively in ASCII
    (punycode) form; entries may be written ``@example.com``; subdomains only when
    ``allow_subdomains``. The address is parsed as an address, so crafted input (extra ``@``,
    quoted local parts, comments, address literals, look-alike suffixes) cannot borrow a domain.

    :returns: ``{"approved", "domain", "matched"?}``.
    :raises InvalidEmailError: for an address that is not a plain address.
    :raises InvalidOptionError: for an approved entry that is not a domain.
    :raises TypeError: for an address that is not a ``str`` or approved domains that are not a
        sequence of ``str``.
    """
    if isinstance(approved, (str, bytes, bytearray, memoryview)):
        raise TypeError(
            f"approved must be a sequence of domain strings, got {type(approved).__name__}"
        )
    result: DomainCheck = json.loads(
        _native.check_domain(address, list(approved), allow_subdomains)
    )
    return result


# ---- Validator ----------------------------------------------------------------------------------


class Validator:
    """Options compiled once, to check, normalize, patch, view and plan many resources.

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
        profile: Optional[_ProfileOption] = None,
        approved_domains: Optional[Sequence[str]] = None,
        allow_subdomains: Optional[bool] = None,
        user_types: Optional[_UserTypesOption] = None,
        custom_fields: Optional[_CustomFieldsOption] = None,
        dialect: Optional[_DialectOption] = None,
        max_operations: Optional[int] = None,
    ) -> None:
        options = _options(locals())
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

    def apply_patch(self, resource: JsonInput, patch: JsonInput) -> Patched:
        """Apply a PATCH request (see :func:`apply_patch`) with this validator's options."""
        opts = self._options_json
        result: Patched = json.loads(
            self._native.apply_patch(_encode(resource, opts), _encode(patch, opts, "patch"))
        )
        return result

    def view(self, resource: JsonInput) -> WrikeView:
        """What the target stores from a user (see :func:`wrike_view`). Needs the ``profile``
        option (:class:`InvalidOptionError` without one)."""
        result: WrikeView = json.loads(self._native.view(_encode(resource, self._options_json)))
        return result

    def plan(
        self,
        method: str,
        body: Optional[JsonInput] = None,
        current: Optional[JsonInput] = None,
    ) -> Plan:
        """The provisioning plan for a request (see :func:`plan`). Needs the ``profile`` option
        (:class:`InvalidOptionError` without one)."""
        opts = self._options_json
        result: Plan = json.loads(
            self._native.plan(
                method, _optional_doc(body, opts, "body"), _optional_doc(current, opts, "current")
            )
        )
        return result

    def parse_filter(self, text: str) -> Filter:
        """Parse a filter (see :func:`parse_filter`) with this validator's options; the filter
        shares the compiled options."""
        return _wrap_filter(self._native.parse_filter(text), self._options_json)

    def parse_path(self, text: str) -> AttrPathInfo:
        """Parse an attribute path (see :func:`parse_path`) with this validator's options."""
        result: AttrPathInfo = json.loads(self._native.parse_path(text))
        return result

    def __reduce__(self) -> Tuple[Any, ...]:
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
