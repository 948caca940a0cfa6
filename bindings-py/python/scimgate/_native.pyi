"""Type stubs for scimgate._native, the extension module behind scimgate (import scimgate)."""

from typing import final

from typing_extensions import Self

from . import InvalidJsonError as InvalidJsonError
from . import InvalidOptionError as InvalidOptionError
from . import InvalidSchemaError as InvalidSchemaError
from . import NestingTooDeepError as NestingTooDeepError
from . import NotAnObjectError as NotAnObjectError
from . import PayloadTooLargeError as PayloadTooLargeError
from . import ScimError as ScimError
from . import UnknownResourceTypeError as UnknownResourceTypeError

__all__ = [
    "check",
    "load_schemas",
    "nesting_too_deep_error",
    "normalize",
    "report_to_scim_error",
    "scim_error_body",
    "InvalidJsonError",
    "InvalidOptionError",
    "InvalidSchemaError",
    "NestingTooDeepError",
    "NotAnObjectError",
    "PayloadTooLargeError",
    "Validator",
    "ScimError",
    "UnknownResourceTypeError",
    "__version__",
]

__version__: str

def check(resource: bytes, options: bytes, /) -> str:
    """Check JSON text with options JSON text; the report as JSON text."""

def normalize(resource: bytes, options: bytes, /) -> str:
    """Normalize JSON text with options JSON text; {resource, changes} as JSON text."""

def load_schemas(doc: bytes, /) -> str:
    """Load schema documents (JSON text); {schemas, resourceTypes} as JSON text."""

def scim_error_body(status: int, scim_type: str | None, detail: str, /) -> str:
    """An RFC 7644 section 3.12 error body as JSON text."""

def report_to_scim_error(report: bytes, /) -> str | None:
    """The error body for a report (JSON text), None when valid."""

def nesting_too_deep_error(options: bytes, /) -> NestingTooDeepError:
    """The core's NestingTooDeepError for these options (an instance, not raised)."""

@final
class Validator:
    """Options JSON text compiled once; releases the GIL while working; picklable."""

    def __new__(cls, options: bytes, /) -> Self: ...
    def check(self, resource: bytes, /) -> str:
        """Check JSON text; the report as JSON text."""

    def normalize(self, resource: bytes, /) -> str:
        """Normalize JSON text; {resource, changes} as JSON text."""

    @property
    def options(self) -> bytes:
        """The options JSON text."""

    def __reduce__(self) -> tuple[type[Self], tuple[bytes]]:
        """Pickle support."""
