"""Type stubs for scimgate: check and normalize SCIM 2.0 User and Group payloads."""

from collections.abc import Sequence
from typing import Any, Literal, TypedDict, overload

from typing_extensions import TypeAlias

from . import _native as _native

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

__version__: str

Operation: TypeAlias = Literal["create", "replace", "response"]
Mode: TypeAlias = Literal["strict", "lenient"]
Severity: TypeAlias = Literal["error", "warning", "info"]

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

class Options(TypedDict, total=False):
    """Keyword options given to a Validator."""

    resource_type: str
    operation: Operation
    mode: Mode
    schemas: list[dict[str, Any]]
    max_bytes: int
    max_depth: int

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

def check(
    resource: JsonInput,
    *,
    resource_type: str = "User",
    operation: Operation = "create",
    mode: Mode = "strict",
    schemas: Sequence[dict[str, Any]] | None = None,
    max_bytes: int | None = None,
    max_depth: int | None = None,
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

class Validator:
    """Options compiled once, to check and normalize many resources (picklable, thread-safe)."""

    def __init__(
        self,
        *,
        resource_type: str = "User",
        operation: Operation = "create",
        mode: Mode = "strict",
        schemas: Sequence[dict[str, Any]] | None = None,
        max_bytes: int | None = None,
        max_depth: int | None = None,
    ) -> None: ...
    @property
    def options(self) -> Options:
        """The keyword options this validator was made with."""

    def check(self, resource: JsonInput) -> Report:
        """Check one resource with this validator's options."""

    def normalize(self, resource: JsonInput) -> Normalized:
        """Normalize one resource with this validator's options."""

    def __reduce__(self) -> tuple[Any, ...]: ...
