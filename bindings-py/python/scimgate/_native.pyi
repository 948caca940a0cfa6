"""Type stubs for scimgate._native, the extension module behind scimgate (import scimgate)."""

from typing import final

from typing_extensions import Self

from . import InvalidCustomFieldError as InvalidCustomFieldError
from . import InvalidEmailError as InvalidEmailError
from . import InvalidFilterError as InvalidFilterError
from . import InvalidJsonError as InvalidJsonError
from . import InvalidOptionError as InvalidOptionError
from . import InvalidPathError as InvalidPathError
from . import InvalidProfileError as InvalidProfileError
from . import InvalidSchemaError as InvalidSchemaError
from . import InvalidUnicodeError as InvalidUnicodeError
from . import NestingTooDeepError as NestingTooDeepError
from . import NotAnObjectError as NotAnObjectError
from . import PatchFailedError as PatchFailedError
from . import PayloadTooLargeError as PayloadTooLargeError
from . import ScimError as ScimError
from . import UnknownResourceTypeError as UnknownResourceTypeError

__all__ = [
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
    "NestingTooDeepError",
    "NotAnObjectError",
    "PatchFailedError",
    "PayloadTooLargeError",
    "ScimError",
    "UnknownResourceTypeError",
    "Validator",
    "__version__",
    "apply_patch",
    "check",
    "check_domain",
    "custom_field_attribute",
    "custom_field_urn",
    "custom_fields_from_wrike",
    "extension_schema",
    "filter_resources",
    "filter_resources_json",
    "invalid_unicode_error",
    "load_schemas",
    "nesting_too_deep_error",
    "normalize",
    "parse_custom_field_attribute",
    "parse_filter",
    "parse_path",
    "plan",
    "report_to_scim_error",
    "scim_error_body",
    "wrike_view",
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

def invalid_unicode_error(argument: str, /) -> InvalidUnicodeError:
    """The core's InvalidUnicodeError naming the argument (an instance, not raised)."""

@final
class Filter:
    """A parsed filter with its compiled options; releases the GIL while matching; picklable."""

    def __new__(cls, text: str, options: bytes, /) -> Self: ...
    def matches(self, resource: bytes, /) -> bool:
        """Whether the filter matches the resource (JSON text)."""

    @property
    def text(self) -> str:
        """The canonical text."""

    @property
    def options(self) -> bytes:
        """The options JSON text."""

    def __reduce__(self) -> tuple[type[Self], tuple[str, bytes]]:
        """Pickle support."""

def parse_filter(text: str, options: bytes, /) -> Filter:
    """Parse a filter with options JSON text."""

def parse_path(text: str, options: bytes, /) -> str:
    """Parse an attribute path; {urn, name, filter, sub, text} as JSON text."""

def filter_resources(filter: Filter, resources: list[bytes], /) -> list[int]:
    """The indexes of the resources (each JSON text) the filter matches."""

def filter_resources_json(filter: Filter, resources: bytes, /) -> str:
    """The matching resources of a JSON array (JSON text), as JSON array text."""

def apply_patch(resource: bytes, patch: bytes, options: bytes, /) -> str:
    """Apply a PatchOp (JSON text) to a resource (JSON text); the outcome as JSON text."""

def wrike_view(resource: bytes, options: bytes, /) -> str:
    """What Wrike stores from a user (JSON text), as JSON text."""

def plan(
    method: str, body: bytes | None, current: bytes | None, options: bytes, /
) -> str:
    """The provisioning plan for a request, as JSON text."""

def custom_field_attribute(id: str, title: str, /) -> str:
    """The SCIM attribute name of a Wrike user custom field."""

def custom_field_urn(id: str, title: str, extension: str | None, /) -> str:
    """The fully-qualified attribute of a Wrike user custom field (Wrike extension when None)."""

def parse_custom_field_attribute(name: str, /) -> str:
    """{schema?, id, title} of a custom-field attribute name, as JSON text."""

def custom_fields_from_wrike(response: bytes, /) -> str:
    """The catalog read from Wrike's GET /customfields response (JSON text), as JSON text."""

def extension_schema(catalog: bytes, options: bytes, /) -> str:
    """The extension's schema document for a catalog (JSON text), as JSON text."""

def check_domain(address: str, approved: list[str], allow_subdomains: bool, /) -> str:
    """{approved, domain, matched?} as JSON text."""

@final
class Validator:
    """Options JSON text compiled once; releases the GIL while working; picklable."""

    def __new__(cls, options: bytes, /) -> Self: ...
    def check(self, resource: bytes, /) -> str:
        """Check JSON text; the report as JSON text."""

    def normalize(self, resource: bytes, /) -> str:
        """Normalize JSON text; {resource, changes} as JSON text."""

    def apply_patch(self, resource: bytes, patch: bytes, /) -> str:
        """Apply a PatchOp (JSON text); the outcome as JSON text."""

    def view(self, resource: bytes, /) -> str:
        """What the target stores from a user (JSON text), as JSON text."""

    def plan(self, method: str, body: bytes | None, current: bytes | None, /) -> str:
        """The provisioning plan for a request, as JSON text."""

    def parse_filter(self, text: str, /) -> Filter:
        """Parse a filter with this validator's options."""

    def parse_path(self, text: str, /) -> str:
        """Parse an attribute path; {urn, name, filter, sub, text} as JSON text."""

    @property
    def options(self) -> bytes:
        """The options JSON text."""

    def __reduce__(self) -> tuple[type[Self], tuple[bytes]]:
        """Pickle support."""
