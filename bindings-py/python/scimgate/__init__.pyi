"""Type stubs for scimgate: validate and transform SCIM 2.0 User and Group payloads."""

from collections.abc import Mapping, Sequence
from typing import Any, Literal, TypedDict, overload

from typing_extensions import TypeAlias

from . import _native as _native

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

__version__: str

Operation: TypeAlias = Literal["create", "replace", "response"]
Mode: TypeAlias = Literal["strict", "lenient"]
Severity: TypeAlias = Literal["error", "warning", "info"]
DialectPreset: TypeAlias = Literal["rfc", "entra", "entra-aadOptscim062020", "okta", "onelogin"]
PlanAction: TypeAlias = Literal[
    "create", "update", "deactivate", "reactivate", "delete", "reject", "noop"
]

class _IssueRequired(TypedDict):
    code: str
    severity: Severity
    path: str
    message: str

class Issue(_IssueRequired, total=False):
    """One finding; ``scimType``/``status`` only on errors that map to RFC 7644 section 3.12."""

    scimType: str
    status: int

class Report(TypedDict):
    """Every finding about one payload."""

    valid: bool
    issues: list[Issue]

class Normalized(TypedDict):
    """A normalized resource and every change made to it."""

    resource: dict[str, Any]
    changes: list[Issue]

class LoadedSchemas(TypedDict):
    """Schema documents and resource types known after loading (built-ins included)."""

    schemas: list[dict[str, Any]]
    resourceTypes: list[dict[str, Any]]

class _ScimErrorBodyRequired(TypedDict):
    schemas: list[str]
    status: str
    detail: str

class ScimErrorBody(_ScimErrorBodyRequired, total=False):
    """An RFC 7644 section 3.12 error response body."""

    scimType: str

class AttrPathInfo(TypedDict):
    """A parsed attribute path."""

    urn: str | None
    name: str
    filter: str | None
    sub: str | None
    text: str

class Members(TypedDict):
    """Group membership changes: member ids added and removed."""

    added: list[str]
    removed: list[str]

class Patched(TypedDict):
    """The outcome of apply_patch."""

    resource: dict[str, Any]
    changes: list[Issue]
    members: Members
    report: Report

Change = TypedDict("Change", {"attribute": str, "from": Any, "to": Any})

class _PlanRequired(TypedDict):
    action: PlanAction
    resourceType: str
    billable: bool
    changes: list[Change]
    kept: list[str]
    members: Members
    issues: list[Issue]
    summary: str

class Plan(_PlanRequired, total=False):
    """What the target will do with a request."""

    resource: dict[str, Any]

class _WrikeViewRequired(TypedDict):
    userType: Any
    userTypeDefaulted: bool
    customFields: dict[str, Any]
    active: bool
    loginEmail: str | None
    loginEmailSource: str | None
    omitted: list[str]

class WrikeView(_WrikeViewRequired, total=False):
    """What Wrike stores from a user (the synced keys are the profile's)."""

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
    """The outcome of check_domain."""

    matched: str

class _CustomFieldRequired(TypedDict):
    id: str
    title: str
    type: str

class CustomField(_CustomFieldRequired, total=False):
    """A Wrike user custom field."""

    options: list[str]

class _ParsedCustomFieldAttributeRequired(TypedDict):
    id: str
    title: str

class ParsedCustomFieldAttribute(_ParsedCustomFieldAttributeRequired, total=False):
    """The parts of a custom-field attribute name."""

    schema: str

class UserTypeSettings(TypedDict, total=False):
    """The user_types option as an object."""

    values: list[str]
    default: str
    aliases: dict[str, str]

_ProfileOption: TypeAlias = str | Mapping[str, Any]
_UserTypesOption: TypeAlias = Sequence[str] | UserTypeSettings
_CustomFieldsOption: TypeAlias = Mapping[str, Any] | Sequence[Mapping[str, Any]]
_DialectOption: TypeAlias = DialectPreset | Mapping[str, str | bool]

class Options(TypedDict, total=False):
    """Keyword options given to a Validator or Filter."""

    resource_type: str
    operation: Operation
    mode: Mode
    schemas: list[dict[str, Any]]
    max_bytes: int
    max_depth: int
    profile: str | dict[str, Any]
    approved_domains: list[str]
    allow_subdomains: bool
    user_types: list[str] | UserTypeSettings
    custom_fields: dict[str, Any] | list[dict[str, Any]]
    dialect: str | dict[str, Any]
    max_operations: int

JsonInput: TypeAlias = dict[str, Any] | list[Any] | str | bytes | bytearray | memoryview

class ScimError(ValueError):
    """Base class of every scimgate failure."""

    code: str
    scim_type: str | None
    status: int

class InvalidJsonError(ScimError):
    """The input is not well-formed JSON."""

    line: int
    column: int

class PayloadTooLargeError(ScimError):
    """The input is larger than max_bytes."""

class NestingTooDeepError(ScimError):
    """The input nests deeper than max_depth."""

class UnknownResourceTypeError(ScimError):
    """The resource type is not known."""

class InvalidSchemaError(ScimError):
    """A schema document could not be understood."""

class InvalidOptionError(ScimError):
    """An option is unknown or out of range."""

class NotAnObjectError(ScimError):
    """A JSON object was needed."""

class InvalidFilterError(ScimError):
    """A filter could not be parsed; .offset (byte offset) and .expected say where and what."""

    offset: int
    expected: str

class InvalidPathError(ScimError):
    """An attribute path could not be parsed; .offset and .expected say where and what."""

    offset: int
    expected: str

class PatchFailedError(ScimError):
    """A PATCH could not be applied; .index is the failing operation (or None)."""

    index: int | None

class InvalidCustomFieldError(ScimError):
    """A custom-field id, title, catalog or Wrike response could not be used."""

class InvalidProfileError(ScimError):
    """A profile document is invalid; .path says where."""

    path: str

class InvalidEmailError(ScimError):
    """An address given to a domain check is not a plain address."""

class InvalidUnicodeError(ScimError):
    """An argument holds a lone surrogate (U+D800-U+DFFF), which is not Unicode text; .argument
    names it."""

    argument: str

def check(
    resource: JsonInput,
    *,
    resource_type: str = "User",
    operation: Operation = "create",
    mode: Mode = "strict",
    schemas: Sequence[dict[str, Any]] | None = None,
    max_bytes: int | None = None,
    max_depth: int | None = None,
    profile: _ProfileOption | None = None,
    approved_domains: Sequence[str] | None = None,
    allow_subdomains: bool | None = None,
    user_types: _UserTypesOption | None = None,
    custom_fields: _CustomFieldsOption | None = None,
    dialect: _DialectOption | None = None,
    max_operations: int | None = None,
) -> Report:
    """Check one SCIM resource and return a Report with every finding."""

def normalize(
    resource: JsonInput,
    *,
    resource_type: str = "User",
    operation: Operation = "create",
    mode: Mode = "strict",
    schemas: Sequence[dict[str, Any]] | None = None,
    max_bytes: int | None = None,
    max_depth: int | None = None,
    profile: _ProfileOption | None = None,
    approved_domains: Sequence[str] | None = None,
    allow_subdomains: bool | None = None,
    user_types: _UserTypesOption | None = None,
    custom_fields: _CustomFieldsOption | None = None,
    dialect: _DialectOption | None = None,
    max_operations: int | None = None,
) -> Normalized:
    """Normalize one SCIM resource and record every change."""

def load_schemas(doc: JsonInput) -> LoadedSchemas:
    """Load schema documents; returns built-in plus loaded schemas and resource types."""

@overload
def to_scim_error(x: ScimError) -> ScimErrorBody:
    """The RFC 7644 section 3.12 body for a failure."""

@overload
def to_scim_error(x: Report) -> ScimErrorBody | None:
    """The RFC 7644 section 3.12 body for a report; None when it is valid."""

class Filter:
    """A parsed SCIM filter, reusable for many resources (picklable, thread-safe)."""

    def __init__(
        self,
        text: str,
        *,
        resource_type: str = "User",
        operation: Operation = "create",
        mode: Mode = "strict",
        schemas: Sequence[dict[str, Any]] | None = None,
        max_bytes: int | None = None,
        max_depth: int | None = None,
        profile: _ProfileOption | None = None,
        approved_domains: Sequence[str] | None = None,
        allow_subdomains: bool | None = None,
        user_types: _UserTypesOption | None = None,
        custom_fields: _CustomFieldsOption | None = None,
        dialect: _DialectOption | None = None,
        max_operations: int | None = None,
    ) -> None: ...
    @property
    def text(self) -> str:
        """The canonical text."""

    @property
    def options(self) -> Options:
        """The keyword options this filter was parsed with."""

    def matches(self, resource: JsonInput) -> bool:
        """Whether the filter matches the resource."""

    def __eq__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[Any, ...]: ...

def parse_filter(
    text: str,
    *,
    resource_type: str = "User",
    operation: Operation = "create",
    mode: Mode = "strict",
    schemas: Sequence[dict[str, Any]] | None = None,
    max_bytes: int | None = None,
    max_depth: int | None = None,
    profile: _ProfileOption | None = None,
    approved_domains: Sequence[str] | None = None,
    allow_subdomains: bool | None = None,
    user_types: _UserTypesOption | None = None,
    custom_fields: _CustomFieldsOption | None = None,
    dialect: _DialectOption | None = None,
    max_operations: int | None = None,
) -> Filter:
    """Parse a SCIM filter into a reusable Filter."""

def parse_path(
    text: str,
    *,
    resource_type: str = "User",
    operation: Operation = "create",
    mode: Mode = "strict",
    schemas: Sequence[dict[str, Any]] | None = None,
    max_bytes: int | None = None,
    max_depth: int | None = None,
    profile: _ProfileOption | None = None,
    approved_domains: Sequence[str] | None = None,
    allow_subdomains: bool | None = None,
    user_types: _UserTypesOption | None = None,
    custom_fields: _CustomFieldsOption | None = None,
    dialect: _DialectOption | None = None,
    max_operations: int | None = None,
) -> AttrPathInfo:
    """Parse a PATCH attribute path."""

def filter_resources(
    filter: str | Filter,
    resources: Sequence[Any] | str | bytes | bytearray | memoryview,
    *,
    resource_type: str | None = None,
    operation: Operation | None = None,
    mode: Mode | None = None,
    schemas: Sequence[dict[str, Any]] | None = None,
    max_bytes: int | None = None,
    max_depth: int | None = None,
    profile: _ProfileOption | None = None,
    approved_domains: Sequence[str] | None = None,
    allow_subdomains: bool | None = None,
    user_types: _UserTypesOption | None = None,
    custom_fields: _CustomFieldsOption | None = None,
    dialect: _DialectOption | None = None,
    max_operations: int | None = None,
) -> list[dict[str, Any]]:
    """The resources a filter selects, in order (an empty list when none match)."""

def apply_patch(
    resource: JsonInput,
    patch: JsonInput,
    *,
    resource_type: str = "User",
    operation: Operation = "create",
    mode: Mode = "strict",
    schemas: Sequence[dict[str, Any]] | None = None,
    max_bytes: int | None = None,
    max_depth: int | None = None,
    profile: _ProfileOption | None = None,
    approved_domains: Sequence[str] | None = None,
    allow_subdomains: bool | None = None,
    user_types: _UserTypesOption | None = None,
    custom_fields: _CustomFieldsOption | None = None,
    dialect: _DialectOption | None = None,
    max_operations: int | None = None,
) -> Patched:
    """Apply a PATCH request atomically."""

def wrike_view(
    resource: JsonInput,
    *,
    resource_type: str = "User",
    operation: Operation = "create",
    mode: Mode = "strict",
    schemas: Sequence[dict[str, Any]] | None = None,
    max_bytes: int | None = None,
    max_depth: int | None = None,
    profile: _ProfileOption | None = None,
    approved_domains: Sequence[str] | None = None,
    allow_subdomains: bool | None = None,
    user_types: _UserTypesOption | None = None,
    custom_fields: _CustomFieldsOption | None = None,
    dialect: _DialectOption | None = None,
    max_operations: int | None = None,
) -> WrikeView:
    """What Wrike stores from a SCIM user."""

def plan(
    method: str,
    body: JsonInput | None = None,
    current: JsonInput | None = None,
    *,
    resource_type: str = "User",
    operation: Operation = "create",
    mode: Mode = "strict",
    schemas: Sequence[dict[str, Any]] | None = None,
    max_bytes: int | None = None,
    max_depth: int | None = None,
    profile: _ProfileOption | None = None,
    approved_domains: Sequence[str] | None = None,
    allow_subdomains: bool | None = None,
    user_types: _UserTypesOption | None = None,
    custom_fields: _CustomFieldsOption | None = None,
    dialect: _DialectOption | None = None,
    max_operations: int | None = None,
) -> Plan:
    """What the target will do with a request."""

def custom_field_attribute(id: str, title: str) -> str:
    """The SCIM attribute name of a Wrike user custom field."""

def custom_field_urn(id: str, title: str, extension: str | None = None) -> str:
    """The fully-qualified attribute of a Wrike user custom field (Wrike extension by default)."""

def parse_custom_field_attribute(name: str) -> ParsedCustomFieldAttribute:
    """Split a custom-field attribute name into schema, id and title."""

def custom_fields_from_wrike(response: JsonInput) -> list[CustomField]:
    """Read Wrike's GET /customfields response into a catalog."""

def extension_schema(
    catalog: JsonInput,
    *,
    resource_type: str = "User",
    operation: Operation = "create",
    mode: Mode = "strict",
    schemas: Sequence[dict[str, Any]] | None = None,
    max_bytes: int | None = None,
    max_depth: int | None = None,
    profile: _ProfileOption | None = None,
    approved_domains: Sequence[str] | None = None,
    allow_subdomains: bool | None = None,
    user_types: _UserTypesOption | None = None,
    custom_fields: _CustomFieldsOption | None = None,
    dialect: _DialectOption | None = None,
    max_operations: int | None = None,
) -> dict[str, Any]:
    """The extension's schema document with the catalog's custom fields."""

def check_domain(
    address: str, approved: Sequence[str], *, allow_subdomains: bool = False
) -> DomainCheck:
    """Whether an address is on an approved domain."""

class Validator:
    """Options compiled once, to check, normalize, patch, view and plan many resources."""

    def __init__(
        self,
        *,
        resource_type: str = "User",
        operation: Operation = "create",
        mode: Mode = "strict",
        schemas: Sequence[dict[str, Any]] | None = None,
        max_bytes: int | None = None,
        max_depth: int | None = None,
        profile: _ProfileOption | None = None,
        approved_domains: Sequence[str] | None = None,
        allow_subdomains: bool | None = None,
        user_types: _UserTypesOption | None = None,
        custom_fields: _CustomFieldsOption | None = None,
        dialect: _DialectOption | None = None,
        max_operations: int | None = None,
    ) -> None: ...
    @property
    def options(self) -> Options:
        """The keyword options this validator was made with."""

    def check(self, resource: JsonInput) -> Report:
        """Check one resource with this validator's options."""

    def normalize(self, resource: JsonInput) -> Normalized:
        """Normalize one resource with this validator's options."""

    def apply_patch(self, resource: JsonInput, patch: JsonInput) -> Patched:
        """Apply a PATCH request with this validator's options."""

    def view(self, resource: JsonInput) -> WrikeView:
        """What the target stores from a user (needs a profile)."""

    def plan(
        self,
        method: str,
        body: JsonInput | None = None,
        current: JsonInput | None = None,
    ) -> Plan:
        """The provisioning plan for a request (needs a profile)."""

    def parse_filter(self, text: str) -> Filter:
        """Parse a filter with this validator's options."""

    def parse_path(self, text: str) -> AttrPathInfo:
        """Parse an attribute path with this validator's options."""

    def __reduce__(self) -> tuple[Any, ...]: ...
