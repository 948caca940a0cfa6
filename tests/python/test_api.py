"""The Python API of the installed scimgate wheel: conversions, errors, Validator, threads, limits."""

from __future__ import annotations

import copy
import inspect
import json
import pickle
import re
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Dict, List

import pytest

import scimgate
from scimgate import _native

ROOT = Path(__file__).resolve().parents[2]
CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User"
CORE_GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

USER: Dict[str, Any] = {
    "schemas": [CORE_USER, ENTERPRISE],
    "externalId": "0a21f0f2-8d2a-4f8e-bf98-7d2a3d4f5e6a",
    "userName": "bjensen@example.com",
    "name": {"givenName": "Barbara", "familyName": "Jensen"},
    "title": "Tour Guide",
    "active": True,
    "emails": [{"value": "bjensen@example.com", "type": "work", "primary": True}],
    "phoneNumbers": [{"value": "+1 555 0100", "type": "work", "primary": True}],
    ENTERPRISE: {"department": "Tours", "organization": "Example"},
}
# No userName: invalid on create.
INVALID_USER: Dict[str, Any] = {"schemas": [CORE_USER], "displayName": "No Name"}

ERROR_CLASSES = [
    (scimgate.InvalidJsonError, "invalid_json"),
    (scimgate.PayloadTooLargeError, "payload_too_large"),
    (scimgate.NestingTooDeepError, "nesting_too_deep"),
    (scimgate.UnknownResourceTypeError, "unknown_resource_type"),
    (scimgate.InvalidSchemaError, "invalid_schema"),
    (scimgate.InvalidOptionError, "invalid_option"),
    (scimgate.NotAnObjectError, "not_an_object"),
    (scimgate.InvalidFilterError, "invalid_filter"),
    (scimgate.InvalidPathError, "invalid_path"),
    (scimgate.PatchFailedError, "patch_failed"),
    (scimgate.InvalidCustomFieldError, "invalid_custom_field"),
    (scimgate.InvalidProfileError, "invalid_profile"),
    (scimgate.InvalidEmailError, "invalid_email"),
    (scimgate.InvalidUnicodeError, "invalid_unicode"),
]


def payloads(n: int) -> List[Dict[str, Any]]:
    """n varied users, some valid, some with findings."""
    out = []
    for i in range(n):
        user = copy.deepcopy(USER)
        user["userName"] = f"user{i}@example.com"
        user["emails"][0]["value"] = f"user{i}@example.com"
        if i % 3 == 1:
            user["emails"][0]["value"] = f"not an email {i}"
        if i % 5 == 2:
            del user["userName"]
        if i % 7 == 3:
            user["active"] = "True"
        out.append(user)
    return out


def nested_list(depth: int) -> List[Any]:
    value: List[Any] = []
    for _ in range(depth - 1):
        value = [value]
    return value


def nested_user(depth: int) -> Dict[str, Any]:
    """A user whose `title` nests `depth` levels of objects below the resource."""
    inner: Dict[str, Any] = {}
    for _ in range(depth - 1):
        inner = {"x": inner}
    return {"schemas": [CORE_USER], "userName": "deep@example.com", "title": inner}


# ---- package -----------------------------------------------------------------------------------


def test_tests_use_the_installed_wheel() -> None:
    source_tree = ROOT / "bindings-py"
    for module in (scimgate, _native):
        path = Path(module.__file__ or "").resolve()
        assert source_tree not in path.parents, f"{module.__name__} imported from {path}"
        assert "site-packages" in path.parts, path


def test_version_is_the_workspace_version() -> None:
    cargo = (ROOT / "Cargo.toml").read_text(encoding="utf-8")
    match = re.search(r'\[workspace\.package\][^\[]*?\bversion\s*=\s*"([^"]+)"', cargo)
    assert match, "no [workspace.package] version"
    assert scimgate.__version__ == match.group(1) == _native.__version__


def test_everything_has_a_docstring() -> None:
    names = [n for n in scimgate.__all__ if n != "__version__"]
    for name in names:
        obj = getattr(scimgate, name)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            assert (obj.__doc__ or "").strip(), f"scimgate.{name} has no docstring"
    methods = ("check", "normalize", "apply_patch", "view", "plan", "parse_filter", "parse_path")
    for method in (*methods, "options"):
        assert (getattr(scimgate.Validator, method).__doc__ or "").strip(), method
        if method != "options":
            assert (getattr(_native.Validator, method).__doc__ or "").strip(), method
    for attribute in ("text", "options", "matches"):
        assert (getattr(scimgate.Filter, attribute).__doc__ or "").strip(), attribute
        assert (getattr(_native.Filter, attribute).__doc__ or "").strip(), attribute
    native_functions = [
        name
        for name in _native.__all__
        if callable(getattr(_native, name)) and not inspect.isclass(getattr(_native, name))
    ]
    assert len(native_functions) >= 18
    for name in native_functions:
        assert (getattr(_native, name).__doc__ or "").strip(), f"_native.{name}"


def test_all_lists_every_public_name() -> None:
    defined = {
        name
        for name, value in vars(scimgate).items()
        if not name.startswith("_")
        and (inspect.isfunction(value) or inspect.isclass(value))
        and value.__module__ == "scimgate"
    }
    assert defined <= set(scimgate.__all__), defined - set(scimgate.__all__)
    for name in scimgate.__all__:
        assert hasattr(scimgate, name), name


def test_usage_file_runs() -> None:
    """tests/python/typing_usage.py (also checked by mypy --strict) runs against the runtime."""
    sys.path.insert(0, str(Path(__file__).parent))
    try:
        import typing_usage
    finally:
        sys.path.pop(0)
    typing_usage.main()


# ---- results -----------------------------------------------------------------------------------


def test_check_valid_user() -> None:
    report = scimgate.check(USER)
    assert report == {"valid": True, "issues": report["issues"]}
    assert all(i["severity"] != "error" for i in report["issues"])


def test_check_invalid_user_reports_not_raises() -> None:
    report = scimgate.check(INVALID_USER)
    assert report["valid"] is False
    errors = [i for i in report["issues"] if i["severity"] == "error"]
    assert errors
    for issue in report["issues"]:
        assert {"code", "severity", "path", "message"} <= set(issue)
        assert issue["severity"] in ("error", "warning", "info")


@pytest.mark.parametrize(
    "form",
    [
        lambda u: u,
        lambda u: json.dumps(u),
        lambda u: json.dumps(u, indent=2, ensure_ascii=True),
        lambda u: json.dumps(u).encode(),
        lambda u: bytearray(json.dumps(u).encode()),
        lambda u: memoryview(json.dumps(u).encode()),
    ],
    ids=["dict", "str", "str-ascii-indented", "bytes", "bytearray", "memoryview"],
)
def test_every_input_form_gives_the_same_result(form: Any) -> None:
    for user in (USER, INVALID_USER, {**USER, "displayName": "Zoë Ünïcødé ✓ 𝄞"}):
        assert scimgate.check(form(user)) == scimgate.check(user)
        assert scimgate.normalize(form(user)) == scimgate.normalize(user)


def test_non_object_resource() -> None:
    report = scimgate.check([1, 2])
    assert report["valid"] is False
    assert scimgate.check("42") == scimgate.check(b"42")
    with pytest.raises(scimgate.NotAnObjectError) as info:
        scimgate.normalize([USER])
    assert info.value.code == "not_an_object"


def test_normalize_result_shape() -> None:
    result = scimgate.normalize({**USER, "nickName": None, "id": "abc"}, mode="lenient")
    assert set(result) == {"resource", "changes"}
    assert "id" not in result["resource"]
    assert result["changes"]
    for change in result["changes"]:
        assert {"code", "path", "severity", "message"} <= set(change)
    # Idempotent.
    again = scimgate.normalize(result["resource"], mode="lenient")
    assert again["resource"] == result["resource"]
    assert again["changes"] == []


def test_load_schemas_builtins() -> None:
    loaded = scimgate.load_schemas([])
    ids = {s["id"] for s in loaded["schemas"]}
    assert {CORE_USER, CORE_GROUP, ENTERPRISE} <= ids
    names = {rt["name"] for rt in loaded["resourceTypes"]}
    assert {"User", "Group"} <= names
    assert scimgate.load_schemas("[]") == loaded == scimgate.load_schemas(b"[]")


def test_load_schemas_rejects_a_bad_document() -> None:
    with pytest.raises(scimgate.InvalidSchemaError) as info:
        scimgate.load_schemas({"id": "urn:example:bad", "attributes": "not a list"})
    assert info.value.code == "invalid_schema"
    assert info.value.status == 400


# ---- errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize("cls,code", ERROR_CLASSES, ids=[c for _, c in ERROR_CLASSES])
def test_exception_hierarchy(cls: type, code: str) -> None:
    assert issubclass(cls, scimgate.ScimError)
    assert issubclass(cls, ValueError)
    assert cls.__module__ == "scimgate"
    assert getattr(scimgate, cls.__name__) is cls is getattr(_native, cls.__name__)
    # Class-level attributes come from the core (a PATCH failure's scimType is per instance).
    assert getattr(cls, "code") == code
    if cls is scimgate.PatchFailedError:
        assert getattr(cls, "scim_type") is None
    else:
        assert getattr(cls, "scim_type") in (None, "invalidSyntax", "invalidValue",
                                             "invalidFilter", "invalidPath")
    assert isinstance(getattr(cls, "status"), int)
    assert (cls.__doc__ or "").strip()
    assert issubclass(scimgate.ScimError, ValueError)


def test_invalid_json_error_attributes() -> None:
    for text in ('{"schemas": [', b'{"schemas": [', "{\n  'single': 1\n}"):
        with pytest.raises(scimgate.InvalidJsonError) as info:
            scimgate.check(text)
        exc = info.value
        assert isinstance(exc, scimgate.ScimError) and isinstance(exc, ValueError)
        assert exc.code == "invalid_json"
        assert exc.scim_type == "invalidSyntax"
        assert exc.status == 400
        assert isinstance(exc.line, int) and isinstance(exc.column, int)
        assert str(exc)
    assert exc.line == 2  # the single-quoted key is on line 2


def test_exceptions_pickle() -> None:
    with pytest.raises(scimgate.InvalidJsonError) as info:
        scimgate.check("{")
    exc = pickle.loads(pickle.dumps(info.value))
    assert type(exc) is scimgate.InvalidJsonError
    assert (exc.code, exc.scim_type, exc.status, exc.line, exc.column, str(exc)) == (
        info.value.code,
        info.value.scim_type,
        info.value.status,
        info.value.line,
        info.value.column,
        str(info.value),
    )


def test_unknown_resource_type() -> None:
    with pytest.raises(scimgate.UnknownResourceTypeError) as info:
        scimgate.check(USER, resource_type="Printer")
    assert info.value.code == "unknown_resource_type"
    assert info.value.status == 404


@pytest.mark.parametrize(
    "options",
    [
        {"mode": "loose"},
        {"operation": "delete"},
        {"max_depth": 0},
        {"max_bytes": 0},
        {"max_depth": -1},
        {"max_depth": "deep"},
        {"resource_type": 7},
        {"schemas": "not a list"},
        {"profile": "nosuch"},
        {"profile": 5},
        {"dialect": "msft"},
        {"dialect": {"preset": "rfc", "noSuchSwitch": True}},
        {"max_operations": 0},
        {"user_types": []},
        {"custom_fields": "not a catalog"},
        {"approved_domains": ["not a domain"]},
        {"approved_domains": "example.com"},
        {"allow_subdomains": "yes"},
        {"profile": "wrike", "user_types": 5},
    ],
    ids=lambda o: "-".join(f"{k}={v}" for k, v in o.items()),
)
def test_invalid_options_are_the_cores_error(options: Dict[str, Any]) -> None:
    with pytest.raises(scimgate.InvalidOptionError) as info:
        scimgate.check(USER, **options)
    assert info.value.code == "invalid_option"
    with pytest.raises(scimgate.InvalidOptionError):
        scimgate.Validator(**options)


def test_unknown_keyword_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        scimgate.check(USER, resourceType="User")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        scimgate.check(USER, "User")  # type: ignore[call-arg]


@pytest.mark.parametrize(
    "value",
    [
        42,
        None,
        1.5,
        True,
        object(),
        (1, 2),
        {"schemas": [CORE_USER], "userName": object()},
        {"schemas": [CORE_USER], "userName": float("nan")},
        {"schemas": [CORE_USER], "userName": float("inf")},
        {("tuple", "key"): 1},
        {"schemas": [CORE_USER], "when": __import__("datetime").date(2024, 1, 1)},
    ],
    ids=["int", "None", "float", "bool", "object", "tuple", "object-value", "nan", "inf",
         "tuple-key", "date"],
)
def test_wrong_types_raise_type_error(value: Any) -> None:
    with pytest.raises(TypeError):
        scimgate.check(value)
    with pytest.raises(TypeError):
        scimgate.normalize(value)
    with pytest.raises(TypeError):
        scimgate.Validator().check(value)
    with pytest.raises(TypeError):
        scimgate.load_schemas(value)


def test_circular_structure_is_a_type_error() -> None:
    user: Dict[str, Any] = {"schemas": [CORE_USER]}
    user["self"] = user
    with pytest.raises(TypeError):
        scimgate.check(user)


def test_lone_surrogates_are_invalid_unicode_not_unicode_errors() -> None:
    # More in test_boundary.py.
    with pytest.raises(scimgate.InvalidUnicodeError) as in_dict:
        scimgate.check({"schemas": [CORE_USER], "userName": "bad\udc80"})
    assert in_dict.value.argument == "JSON text"
    with pytest.raises(scimgate.InvalidUnicodeError) as in_text:
        scimgate.check('{"schemas": [], "userName": "bad\udc80"}')
    assert in_text.value.argument == "resource"
    # Bytes that are not UTF-8 (and encode no surrogate) are invalid JSON.
    with pytest.raises(scimgate.InvalidJsonError):
        scimgate.check(b'{"userName": "\xff"}')


# ---- to_scim_error -----------------------------------------------------------------------------


def test_to_scim_error_for_an_exception() -> None:
    with pytest.raises(scimgate.ScimError) as info:
        scimgate.check("{oops")
    body = scimgate.to_scim_error(info.value)
    assert body == {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
        "status": "400",
        "scimType": "invalidSyntax",
        "detail": str(info.value),
    }
    with pytest.raises(scimgate.PayloadTooLargeError) as too_large:
        scimgate.check(USER, max_bytes=10)
    body = scimgate.to_scim_error(too_large.value)
    assert body is not None and body["status"] == "413" and "scimType" not in body


def test_to_scim_error_for_a_user_made_exception() -> None:
    body = scimgate.to_scim_error(scimgate.ScimError("custom failure"))
    assert body == {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
        "status": "400",
        "detail": "custom failure",
    }


def test_to_scim_error_for_reports() -> None:
    assert scimgate.to_scim_error(scimgate.check(USER)) is None
    body = scimgate.to_scim_error(scimgate.check(INVALID_USER))
    assert body is not None
    assert body["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
    assert body["status"].isdigit()
    assert body["detail"]


def test_to_scim_error_rejects_other_values() -> None:
    for value in (42, "text", None, {"not": "a report"}, ValueError("x")):
        with pytest.raises(TypeError):
            scimgate.to_scim_error(value)  # type: ignore[call-overload]


# ---- Validator ---------------------------------------------------------------------------------


def test_validator_matches_the_functions() -> None:
    all_options: List[Dict[str, Any]] = [
        {},
        {"mode": "lenient"},
        {"operation": "replace"},
        {"operation": "response"},
    ]
    for options in all_options:
        validator = scimgate.Validator(**options)
        for user in payloads(30):
            assert validator.check(user) == scimgate.check(user, **options)
            assert validator.normalize(user) == scimgate.normalize(user, **options)
    group = {"schemas": [CORE_GROUP], "displayName": "Ops", "members": [{"value": "1"}]}
    assert scimgate.Validator(resource_type="Group").check(group) == scimgate.check(
        group, resource_type="Group"
    )


def test_validator_options_and_repr() -> None:
    validator = scimgate.Validator(resource_type="Group", mode="lenient", max_depth=10)
    assert validator.options == {
        "resource_type": "Group",
        "operation": "create",
        "mode": "lenient",
        "max_depth": 10,
    }
    validator.options["mode"] = "strict"  # a copy
    assert validator.options["mode"] == "lenient"
    assert "Group" in repr(validator) and "lenient" in repr(validator)


def test_validator_new_options_round_trip() -> None:
    options: Dict[str, Any] = {
        "profile": "wrike",
        "approved_domains": ["example.com", "@example.org"],
        "allow_subdomains": True,
        "user_types": {"values": ["Regular", "External"], "aliases": {"ext": "External"}},
        "custom_fields": [{"id": "IEAGWMBBJUAK4G7J", "title": "Completed Induction"}],
        "dialect": {"preset": "entra", "stringBooleans": False},
        "max_operations": 5,
    }
    validator = scimgate.Validator(**options)
    assert validator.options == {
        "resource_type": "User",
        "operation": "create",
        "mode": "strict",
        **options,
    }
    for key, value in options.items():
        assert f"{key}={value!r}" in repr(validator)
    restored = pickle.loads(pickle.dumps(validator))
    assert restored.options == validator.options
    foreign = {**USER, "userName": "x@elsewhere.com", "emails": []}
    for user in (USER, foreign, payloads(3)[1]):
        assert restored.check(user) == validator.check(user) == scimgate.check(user, **options)
    codes = {issue["code"] for issue in validator.check(foreign)["issues"]}
    assert "domain_not_approved" in codes


def test_validator_pickle_round_trip() -> None:
    validator = scimgate.Validator(mode="lenient", operation="replace", max_bytes=100_000)
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        restored = pickle.loads(pickle.dumps(validator, protocol=protocol))
        assert isinstance(restored, scimgate.Validator)
        assert restored.options == validator.options
        for user in payloads(20):
            assert restored.check(user) == validator.check(user)
            assert restored.normalize(user) == validator.normalize(user)
    assert copy.deepcopy(validator).check(USER) == validator.check(USER)
    assert copy.copy(validator).check(INVALID_USER) == validator.check(INVALID_USER)


def test_native_validator_pickles_on_its_own() -> None:
    native = _native.Validator(b'{"mode":"lenient"}')
    restored = pickle.loads(pickle.dumps(native))
    assert type(restored) is _native.Validator
    assert restored.options == b'{"mode":"lenient"}'
    text = json.dumps(USER).encode()
    assert restored.check(text) == native.check(text)


def test_validator_with_loaded_schema_pickles() -> None:
    loaded = scimgate.load_schemas([])
    user_schema = next(s for s in loaded["schemas"] if s["id"] == CORE_USER)
    validator = scimgate.Validator(schemas=[user_schema])
    restored = pickle.loads(pickle.dumps(validator))
    assert restored.check(USER) == validator.check(USER) == scimgate.check(USER)


# ---- threads -----------------------------------------------------------------------------------


def test_threads_give_the_same_reports_as_sequential() -> None:
    users = payloads(2000)
    texts = [json.dumps(u).encode() for u in users]
    validator = scimgate.Validator(mode="lenient")
    sequential = [validator.check(t) for t in texts]
    with ThreadPoolExecutor(max_workers=8) as pool:
        threaded = list(pool.map(validator.check, texts))
        threaded_functions = list(pool.map(lambda u: scimgate.check(u, mode="lenient"), users))
        threaded_normalize = list(pool.map(validator.normalize, texts))
    assert threaded == sequential
    assert threaded_functions == sequential
    assert threaded_normalize == [validator.normalize(t) for t in texts]
    assert any(not r["valid"] for r in sequential) and any(r["valid"] for r in sequential)


def test_the_gil_is_released_while_the_core_works() -> None:
    """Deterministic: with a huge switch interval a thread only yields the GIL when it blocks or
    releases it. The main thread, woken by `started`, can run before the worker's call returns
    only if the native call released the GIL."""
    big = json.dumps(
        {
            "schemas": [CORE_USER],
            "userName": "big@example.com",
            "emails": [{"value": f"user{i}@example.com", "type": "work"} for i in range(40_000)],
        }
    ).encode()
    validator = scimgate.Validator(max_bytes=len(big) + 1)
    started = threading.Event()
    state = {"done": False}

    def work() -> None:
        started.set()
        validator.check(big)
        state["done"] = True

    old = sys.getswitchinterval()
    sys.setswitchinterval(100.0)
    try:
        worker = threading.Thread(target=work)
        worker.start()
        started.wait()
        ran_during_call = not state["done"]
        worker.join()
    finally:
        sys.setswitchinterval(old)
    assert state["done"]
    assert ran_during_call, "the main thread could not run while the core was checking"


# ---- limits ------------------------------------------------------------------------------------


def test_deep_input_within_python_is_the_cores_nesting_error() -> None:
    with pytest.raises(scimgate.NestingTooDeepError) as info:
        scimgate.check(nested_user(100))
    assert info.value.code == "nesting_too_deep"
    assert info.value.status == 400
    with pytest.raises(scimgate.NestingTooDeepError):
        scimgate.check(nested_user(10), max_depth=5)
    with pytest.raises(scimgate.NestingTooDeepError):
        scimgate.Validator(max_depth=5).normalize(nested_user(10))


def test_input_too_deep_for_python_is_a_nesting_error_not_recursion_error() -> None:
    """json.dumps raises RecursionError on a very deep dict/list; check() turns that into the
    core's NestingTooDeepError (with the options' max_depth in its message), like deep text."""
    depth = 200_000
    for value in (nested_user(depth), nested_list(depth)):
        with pytest.raises(scimgate.NestingTooDeepError) as info:
            scimgate.check(value, max_depth=20)
        assert info.value.code == "nesting_too_deep"
        assert "20" in str(info.value)
        with pytest.raises(scimgate.NestingTooDeepError):
            scimgate.normalize(value)
        with pytest.raises(scimgate.NestingTooDeepError):
            scimgate.Validator().check(value)
        with pytest.raises(scimgate.NestingTooDeepError):
            scimgate.load_schemas(value)
    body = scimgate.to_scim_error(info.value)
    assert body is not None and body["scimType"] == "invalidSyntax"


def test_deep_text_is_a_nesting_error() -> None:
    for text in ("[" * 1_000_000, '{"a":' * 500_000, "[" * 200 + "]" * 200):
        with pytest.raises(scimgate.NestingTooDeepError):
            scimgate.check(text, max_bytes=10_000_000)
        with pytest.raises(scimgate.NestingTooDeepError):
            scimgate.Validator(max_bytes=10_000_000).normalize(text.encode())


def test_huge_input_is_payload_too_large() -> None:
    big = {**USER, "title": "x" * (2 << 20)}
    with pytest.raises(scimgate.PayloadTooLargeError) as info:
        scimgate.check(big)
    assert info.value.code == "payload_too_large"
    assert info.value.status == 413
    with pytest.raises(scimgate.PayloadTooLargeError):
        scimgate.check(json.dumps(USER), max_bytes=100)
    with pytest.raises(scimgate.PayloadTooLargeError):
        scimgate.Validator(max_bytes=100).check(USER)
    report = scimgate.check(big, max_bytes=4 << 20)
    assert "valid" in report
