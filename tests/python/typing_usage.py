"""Calls every public function of scimgate with type assertions.

Checked by ``mypy --strict`` against the installed stubs (scripts/test-python.sh) and executed by
test_api.py, so the stubs and the runtime are held to the same usage.
"""

from __future__ import annotations

import pickle
from typing import Optional

from typing_extensions import assert_type

import scimgate
from scimgate import (
    Issue,
    LoadedSchemas,
    Normalized,
    Options,
    Report,
    ScimError,
    ScimErrorBody,
    Validator,
)

USER = {
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
    "userName": "bjensen@example.com",
    "name": {"givenName": "Barbara", "familyName": "Jensen"},
    "emails": [{"value": "bjensen@example.com", "type": "work", "primary": True}],
}


def main() -> None:
    """Exercise the whole public API once."""
    version: str = scimgate.__version__
    assert version

    report = scimgate.check(USER)
    assert_type(report, Report)
    valid: bool = report["valid"]
    issues: list[Issue] = report["issues"]
    for issue in issues:
        code: str = issue["code"]
        path: str = issue["path"]
        severity: scimgate.Severity = issue["severity"]
        scim_type: Optional[str] = issue.get("scimType")
        status: Optional[int] = issue.get("status")
        assert code and isinstance(path, str) and severity and (scim_type or status or True)
    assert valid, report

    lenient = scimgate.check(
        '{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Ops"}',
        resource_type="Group",
        operation="replace",
        mode="lenient",
        max_bytes=1 << 16,
        max_depth=16,
    )
    assert_type(lenient, Report)
    assert_type(scimgate.check(b'{"schemas": []}', operation="response"), Report)
    assert_type(scimgate.check(bytearray(b"{}"), schemas=[]), Report)
    assert_type(scimgate.check(memoryview(b"{}")), Report)

    normalized = scimgate.normalize(USER, mode="lenient")
    assert_type(normalized, Normalized)
    resource: dict[str, object] = normalized["resource"]
    changes: list[Issue] = normalized["changes"]
    assert resource and isinstance(changes, list)

    loaded = scimgate.load_schemas({"schemas": [], "Resources": [], "totalResults": 0})
    assert_type(loaded, LoadedSchemas)
    ids = [schema["id"] for schema in loaded["schemas"]]
    names = [rt["name"] for rt in loaded["resourceTypes"]]
    assert ids and names

    invalid = scimgate.check({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"]})
    body = scimgate.to_scim_error(invalid)
    assert_type(body, Optional[ScimErrorBody])
    assert body is not None and body["status"].isdigit()
    assert scimgate.to_scim_error(report) is None

    try:
        scimgate.check("{not json")
    except scimgate.InvalidJsonError as exc:
        line: int = exc.line
        column: int = exc.column
        assert line >= 1 and column >= 0
        error_body = scimgate.to_scim_error(exc)
        assert_type(error_body, ScimErrorBody)
        assert error_body["detail"] == str(exc)
    try:
        scimgate.check(USER, resource_type="NoSuchType")
    except ScimError as exc:
        err_code: str = exc.code
        err_scim_type: Optional[str] = exc.scim_type
        err_status: int = exc.status
        assert err_code and err_status and (err_scim_type or True)

    validator = Validator(resource_type="User", mode="strict")
    assert_type(validator.check(USER), Report)
    assert_type(validator.normalize(USER), Normalized)
    options = validator.options
    assert_type(options, Options)
    restored = pickle.loads(pickle.dumps(validator))
    assert isinstance(restored, Validator)
    assert restored.check(USER) == validator.check(USER)

    errors: tuple[type[ScimError], ...] = (
        scimgate.InvalidJsonError,
        scimgate.PayloadTooLargeError,
        scimgate.NestingTooDeepError,
        scimgate.UnknownResourceTypeError,
        scimgate.InvalidSchemaError,
        scimgate.InvalidOptionError,
        scimgate.NotAnObjectError,
    )
    assert all(issubclass(e, ValueError) for e in errors)


if __name__ == "__main__":
    main()
