"""The Python layer of the installed scimgate wheel: the package, how arguments become the core's
input (every document form, non-object values, bad arguments), options as keyword arguments, the
exception classes, to_scim_error, Validator (resolved options, pickling), threads and the GIL,
and Python objects beyond the limits.

What the core decides for a given input (findings, canonical forms, which error) is the shared
vectors' job (test_vectors.py); the cases here are about the binding.
"""

from __future__ import annotations

import copy
import datetime
import inspect
import json
import pickle
import re
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple, Type

import pytest

import scimgate
from scimgate import _native

ROOT = Path(__file__).resolve().parents[2]
CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User"
CORE_GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ERROR_URN = "urn:ietf:params:scim:api:messages:2.0:Error"
FIELD_ID = "IEAGWMBBJUAK4G7J"
SECRET = "Sw0rdfish-7d1c"  # a payload value no message may echo
# The package seen without its stubs, to call it with the wrong types on purpose.
untyped: Any = scimgate

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
PATCH: Dict[str, Any] = {
    "schemas": [PATCH_OP],
    "Operations": [{"op": "replace", "path": "title", "value": "Zoë ✓ 𝄞"}],
}
SCHEMA: Dict[str, Any] = {
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
    "id": "urn:example:scim:schemas:extension:acme:2.0:User",
    "name": "Acme",
    "attributes": [{"name": "costCode", "type": "string", "multiValued": False}],
}
WRIKE_RESPONSE: Dict[str, Any] = {
    "kind": "customfields",
    "data": [{"id": FIELD_ID, "title": "Completed Induction", "type": "Checkbox"}],
}

# Every exception class, its code, and the status and scimType the catalogue gives it (what the
# npm package's classes carry too).
CATALOGUE: List[Tuple[Type[scimgate.ScimError], str, int, Any]] = [
    (scimgate.NotAnObjectError, "not_an_object", 400, "invalidSyntax"),
    (scimgate.InvalidEmailError, "invalid_email", 400, "invalidValue"),
    (scimgate.InvalidJsonError, "invalid_json", 400, "invalidSyntax"),
    (scimgate.PayloadTooLargeError, "payload_too_large", 413, None),
    (scimgate.NestingTooDeepError, "nesting_too_deep", 400, "invalidSyntax"),
    (scimgate.UnknownResourceTypeError, "unknown_resource_type", 404, None),
    (scimgate.InvalidSchemaError, "invalid_schema", 400, "invalidValue"),
    (scimgate.InvalidOptionError, "invalid_option", 400, "invalidValue"),
    (scimgate.InvalidFilterError, "invalid_filter", 400, "invalidFilter"),
    (scimgate.InvalidPathError, "invalid_path", 400, "invalidPath"),
    (scimgate.InvalidExpressionError, "invalid_expression", 400, "invalidValue"),
    (scimgate.InvalidMappingError, "invalid_mapping", 400, "invalidValue"),
    (scimgate.PatchFailedError, "patch_failed", 400, "invalidSyntax"),
    (scimgate.InvalidCustomFieldError, "invalid_custom_field", 400, "invalidValue"),
    (scimgate.InvalidProfileError, "invalid_profile", 400, "invalidValue"),
    (scimgate.InvalidUnicodeError, "invalid_unicode", 400, "invalidValue"),
    (scimgate.InvalidArgumentError, "invalid_argument", 400, "invalidValue"),
    (scimgate.InternalError, "internal_error", 500, None),
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


def nested(depth: int, leaf: Any = None) -> Dict[str, Any]:
    """An object nesting `depth` levels."""
    value: Dict[str, Any] = {"leaf": leaf}
    for _ in range(depth - 1):
        value = {"x": value}
    return value


def nested_list(depth: int) -> List[Any]:
    value: List[Any] = []
    for _ in range(depth - 1):
        value = [value]
    return value


def raised(call: Callable[[], Any]) -> BaseException:
    with pytest.raises(BaseException) as info:
        call()
    return info.value


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
    for name in scimgate.__all__:
        obj = getattr(scimgate, name)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            assert (obj.__doc__ or "").strip(), f"scimgate.{name} has no docstring"
    methods = ("check", "normalize", "parse_filter", "parse_path", "filter_resources",
               "apply_patch", "check_patch", "view", "plan", "options")
    for method in methods:
        assert (getattr(scimgate.Validator, method).__doc__ or "").strip(), method
    for attribute in ("text", "options", "matches"):
        assert (getattr(scimgate.Filter, attribute).__doc__ or "").strip(), attribute
    for native in (_native.call, _native.Validator, _native.CoreError,
                   _native.Validator.call, _native.Validator.options_json):
        assert (native.__doc__ or "").strip(), native


def test_all_lists_every_public_name() -> None:
    """Every public name of the package is in __all__: no helper of the generated modules
    (from_payload, ERRORS, ...) leaks into ``scimgate``; typing's names are not scimgate's."""
    leaked = sorted(
        name
        for name, value in vars(scimgate).items()
        if not name.startswith("_")
        and name not in scimgate.__all__
        and not inspect.ismodule(value)
        and getattr(value, "__module__", None) not in ("typing", "__future__")
    )
    assert leaked == [], f"public names missing from __all__: {leaked}"
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


# ---- documents: every form Python accepts --------------------------------------------------------

REPORT = scimgate.check(INVALID_USER)
FILTER = scimgate.parse_filter('userName eq "BJENSEN@example.com"')

# (label, a call taking one document, the document)
DOCUMENT_CALLS: List[Tuple[str, Callable[[Any], Any], Any]] = [
    ("check", lambda d: scimgate.check(d), USER),
    ("check-invalid", lambda d: scimgate.check(d), INVALID_USER),
    ("normalize", lambda d: scimgate.normalize(d, mode="lenient"), {**USER, "id": "x"}),
    ("Validator.check", lambda d: scimgate.Validator(mode="lenient").check(d), USER),
    ("Validator.normalize", lambda d: scimgate.Validator().normalize(d), USER),
    ("load_schemas", lambda d: scimgate.load_schemas(d), SCHEMA),
    ("to_scim_error", lambda d: scimgate.to_scim_error(d), REPORT),
    ("apply_patch-resource", lambda d: scimgate.apply_patch(d, PATCH), USER),
    ("apply_patch-patch", lambda d: scimgate.apply_patch(USER, d), PATCH),
    ("Validator.apply_patch", lambda d: scimgate.Validator().apply_patch(d, PATCH), USER),
    ("check_patch", lambda d: scimgate.check_patch(d), PATCH),
    ("Validator.check_patch", lambda d: scimgate.Validator().check_patch(d), PATCH),
    ("matches", lambda d: FILTER.matches(d), USER),
    ("filter_resources", lambda d: scimgate.filter_resources(FILTER, d), [INVALID_USER, USER]),
    ("custom_fields_from_wrike", lambda d: scimgate.custom_fields_from_wrike(d), WRIKE_RESPONSE),
    ("extension_schema", lambda d: scimgate.extension_schema(d), WRIKE_RESPONSE),
    ("wrike_view", lambda d: scimgate.wrike_view(d), USER),
    ("Validator.view", lambda d: scimgate.Validator(profile="wrike").view(d), USER),
    ("plan-body", lambda d: scimgate.plan("POST", d), USER),
    ("plan-current", lambda d: scimgate.plan("PUT", USER, d), {**USER, "title": "Boss"}),
    ("Validator.plan", lambda d: scimgate.Validator().plan("PATCH", PATCH, d), USER),
]

FORMS: List[Tuple[str, Callable[[Any], Any]]] = [
    ("str", lambda v: json.dumps(v, ensure_ascii=False)),
    ("str-ascii-indented", lambda v: json.dumps(v, indent=2, ensure_ascii=True)),
    ("bytes", lambda v: json.dumps(v).encode()),
    ("bytearray", lambda v: bytearray(json.dumps(v, ensure_ascii=False).encode())),
    ("memoryview", lambda v: memoryview(json.dumps(v).encode())),
    # A view into the middle of a larger buffer: only its own bytes are the document.
    ("memoryview-slice", lambda v: memoryview(b"[[[" + json.dumps(v).encode() + b"]]]")[3:-3]),
]


@pytest.mark.parametrize("form,to", FORMS, ids=[f for f, _ in FORMS])
@pytest.mark.parametrize("label,call,doc", DOCUMENT_CALLS, ids=[c for c, _, _ in DOCUMENT_CALLS])
def test_every_document_form_gives_the_same_result(
    label: str, call: Callable[[Any], Any], doc: Any, form: str, to: Callable[[Any], Any]
) -> None:
    expected = call(doc)
    assert expected is not None
    result = call(to(doc))
    if label == "filter_resources":
        # JSON text gives the parsed resources (the list form gives the objects themselves).
        assert result == expected == [USER] and result[0] is not USER
    else:
        assert result == expected


NON_OBJECTS: List[Any] = [42, 1.5, True, False, [1, 2], (1, 2), [USER], "[]"]


@pytest.mark.parametrize("value", NON_OBJECTS, ids=[repr(v)[:12] for v in NON_OBJECTS])
def test_a_non_object_json_value_is_what_its_json_text_gives(value: Any) -> None:
    """A native value that is JSON but not an object (an int, a list, a tuple) reaches the core as
    its JSON text would: a not_an_object finding for check, the core's error elsewhere."""
    text = value if isinstance(value, str) else json.dumps(value)
    report = scimgate.check(value)
    assert report == scimgate.check(text) == scimgate.Validator().check(value)
    assert report["valid"] is False
    assert [(i["code"], i["path"]) for i in report["issues"]] == [("not_an_object", "")]
    for call in (
        lambda v: scimgate.normalize(v),
        lambda v: scimgate.apply_patch(v, PATCH),
        lambda v: scimgate.wrike_view(v),
        lambda v: scimgate.plan("POST", v),
    ):
        native, from_text = raised(lambda: call(value)), raised(lambda: call(text))
        assert isinstance(native, scimgate.NotAnObjectError), repr(native)
        assert isinstance(from_text, scimgate.NotAnObjectError), repr(from_text)
        assert native.to_json() == from_text.to_json()
        assert native.found in ("integer", "decimal number", "boolean", "array")
    assert FILTER.matches(value) is False
    assert scimgate.filter_resources("userName pr", [value]) == []


def test_inputs_are_never_modified_and_results_are_new_objects() -> None:
    user, body = copy.deepcopy(USER), copy.deepcopy(PATCH)
    patched = scimgate.apply_patch(user, body)
    normalized = scimgate.normalize(user, mode="lenient")
    planned = scimgate.plan("PATCH", body, user)
    assert user == USER and body == PATCH
    assert patched["resource"]["title"] != USER["title"]
    for result in (patched["resource"], normalized["resource"], planned.get("resource")):
        assert result is not user and result is not None
        assert result["emails"] is not user["emails"]


# ---- bad arguments: the core's InvalidArgumentError naming the argument ------------------------

def user_with(**extra: Any) -> Dict[str, Any]:
    return {"schemas": [CORE_USER], "password": SECRET, **extra}


circular: Dict[str, Any] = user_with()
circular["self"] = circular

BAD_ARGUMENTS: List[Tuple[str, str, Callable[[], Any]]] = [
    ("resource", "None", lambda: untyped.check(None)),
    ("resource", "object", lambda: untyped.check(object())),
    ("resource", "object-value", lambda: scimgate.check(user_with(userName=object()))),
    ("resource", "nan", lambda: scimgate.check(user_with(score=float("nan")))),
    ("resource", "inf", lambda: scimgate.normalize(user_with(score=float("-inf")))),
    ("resource", "tuple-key", lambda: untyped.check({("tuple", "key"): SECRET})),
    ("resource", "date", lambda: scimgate.check(user_with(when=datetime.date.today()))),
    ("resource", "set", lambda: untyped.Validator().check({SECRET})),
    ("resource", "circular", lambda: scimgate.Validator().normalize(circular)),
    ("resource", "generator", lambda: untyped.check(x for x in [SECRET])),
    ("doc", "None", lambda: untyped.load_schemas(None)),
    ("doc", "object", lambda: untyped.load_schemas([SCHEMA, object()])),
    ("value", "int", lambda: untyped.to_scim_error(42)),
    ("value", "None", lambda: untyped.to_scim_error(None)),
    ("value", "dict", lambda: untyped.to_scim_error({"not": SECRET})),
    ("value", "ValueError", lambda: untyped.to_scim_error(ValueError(SECRET))),
    ("filter", "int", lambda: untyped.parse_filter(42)),
    ("filter", "None", lambda: untyped.parse_filter(None)),
    ("filter", "bytes", lambda: untyped.parse_filter(b"title pr")),
    ("filter", "Filter-bytes", lambda: untyped.Filter(b"title pr")),
    ("filter", "Validator-list", lambda: untyped.Validator().parse_filter(["title pr"])),
    ("resource", "matches-None", lambda: untyped.parse_filter("title pr").matches(None)),
    ("resource", "matches-object", lambda: FILTER.matches(user_with(x=object()))),
    ("path", "bytes", lambda: untyped.parse_path(b"title")),
    ("path", "list", lambda: untyped.parse_path(["title"])),
    ("path", "Validator-int", lambda: untyped.Validator().parse_path(1)),
    ("filter", "filter_resources-int", lambda: untyped.filter_resources(42, [USER])),
    ("filter", "filter_resources-bytes", lambda: untyped.filter_resources(b"title pr", [USER])),
    ("resources", "int", lambda: untyped.filter_resources("title pr", 42)),
    ("resources", "None", lambda: untyped.filter_resources("title pr", None)),
    ("resources", "dict", lambda: untyped.filter_resources("title pr", user_with())),
    ("resources", "set", lambda: untyped.filter_resources("title pr", {SECRET})),
    ("resources", "iterator", lambda: untyped.filter_resources("title pr", iter([USER]))),
    ("resources", "text-object", lambda: scimgate.filter_resources("title pr", json.dumps(USER))),
    ("resources", "text-string", lambda: scimgate.filter_resources("title pr", b'"x"')),
    ("resources[1]", "element-object", lambda: untyped.filter_resources("x pr", [USER, object()])),
    ("resources[3]", "element-nan", lambda: untyped.filter_resources("x pr", [1, 2, 3, float("nan")])),
    ("resources[0]", "Validator-element", lambda: untyped.Validator().filter_resources("x pr", [{1j}])),
    ("resource", "apply_patch-None", lambda: untyped.apply_patch(None, PATCH)),
    ("patch", "apply_patch-None", lambda: untyped.apply_patch(USER, None)),
    ("patch", "apply_patch-value", lambda: scimgate.apply_patch(USER, {"Operations": [{"value": {1j}}]})),
    ("patch", "Validator.apply_patch", lambda: untyped.Validator().apply_patch(USER, object())),
    ("patch", "check_patch-None", lambda: untyped.check_patch(None)),
    ("patch", "Validator.check_patch", lambda: untyped.Validator().check_patch(object())),
    ("id", "bytes", lambda: untyped.custom_field_attribute(FIELD_ID.encode(), "x")),
    ("title", "int", lambda: untyped.custom_field_attribute(FIELD_ID, 42)),
    ("extension", "int", lambda: untyped.custom_field_urn(FIELD_ID, "x", 42)),
    ("name", "None", lambda: untyped.parse_custom_field_attribute(None)),
    ("response", "None", lambda: untyped.custom_fields_from_wrike(None)),
    ("catalog", "object", lambda: untyped.extension_schema({"data": [object()]})),
    ("address", "bytes", lambda: untyped.check_domain(b"ada@acme.com", ["acme.com"])),
    ("address", "None", lambda: untyped.check_domain(None, ["acme.com"])),
    ("approved", "str", lambda: untyped.check_domain("ada@acme.com", "acme.com")),
    ("approved", "None", lambda: untyped.check_domain("ada@acme.com", None)),
    ("approved[1]", "element-int", lambda: untyped.check_domain("ada@acme.com", ["a.com", 1])),
    ("resource", "wrike_view-None", lambda: untyped.wrike_view(None)),
    ("resource", "Validator.view", lambda: untyped.Validator().view(object())),
    ("method", "None", lambda: untyped.plan(None, USER)),
    ("method", "bytes", lambda: untyped.plan(b"POST", USER)),
    ("method", "Validator-int", lambda: untyped.Validator().plan(1, USER)),
    ("body", "object", lambda: untyped.plan("POST", object())),
    ("current", "object", lambda: untyped.plan("PUT", USER, user_with(x={1j}))),
]


@pytest.mark.parametrize(
    "argument,what,call", BAD_ARGUMENTS, ids=[f"{a}-{w}" for a, w, _ in BAD_ARGUMENTS]
)
def test_a_bad_argument_is_the_cores_invalid_argument(
    argument: str, what: str, call: Callable[[], Any]
) -> None:
    exc = raised(call)
    assert isinstance(exc, scimgate.InvalidArgumentError), repr(exc)
    assert isinstance(exc, scimgate.ScimError) and isinstance(exc, ValueError)
    assert not isinstance(exc, TypeError)
    assert (exc.code, exc.status, exc.scim_type) == ("invalid_argument", 400, "invalidValue")
    assert exc.argument == argument and exc.to_json()["argument"] == argument
    message = str(exc)
    assert message.startswith(f"invalid argument {argument}: "), message
    assert SECRET not in message and SECRET not in repr(vars(exc))
    # Raised outside the handler of json.dumps' own error, which would hold the value.
    assert exc.__context__ is None and exc.__cause__ is None


def test_a_str_element_of_a_resource_list_is_json_text() -> None:
    """As in JS, an element that is text is read as JSON (and returned as given)."""
    as_text = json.dumps(USER)
    as_bytes = as_text.encode()
    hits = scimgate.filter_resources('userName eq "bjensen@example.com"', [INVALID_USER, as_text,
                                                                          as_bytes])
    assert hits == [as_text, as_bytes] and hits[0] is as_text and hits[1] is as_bytes
    with pytest.raises(scimgate.InvalidJsonError):
        scimgate.filter_resources("title pr", [USER, "not json"])


# ---- options -----------------------------------------------------------------------------------

OPTION_CALLS: List[Tuple[str, Callable[..., Any]]] = [
    ("check", lambda **o: scimgate.check(USER, **o)),
    ("normalize", lambda **o: scimgate.normalize(USER, **o)),
    ("Validator", lambda **o: scimgate.Validator(**o)),
    ("parse_filter", lambda **o: scimgate.parse_filter("title pr", **o)),
    ("Filter", lambda **o: scimgate.Filter("title pr", **o)),
    ("parse_path", lambda **o: scimgate.parse_path("title", **o)),
    ("filter_resources", lambda **o: scimgate.filter_resources("title pr", [USER], **o)),
    ("filter_resources-Filter", lambda **o: scimgate.filter_resources(FILTER, [USER], **o)),
    ("apply_patch", lambda **o: scimgate.apply_patch(USER, PATCH, **o)),
    ("extension_schema", lambda **o: scimgate.extension_schema([], **o)),
    ("check_domain", lambda **o: scimgate.check_domain("ada@acme.com", ["acme.com"], **o)),
    ("wrike_view", lambda **o: scimgate.wrike_view(USER, **o)),
    ("plan", lambda **o: scimgate.plan("POST", USER, **o)),
]


@pytest.mark.parametrize("label,call", OPTION_CALLS, ids=[c for c, _ in OPTION_CALLS])
def test_options_are_keyword_arguments_the_core_checks(
    label: str, call: Callable[..., Any]
) -> None:
    # snake_case and camelCase reach the core alike.
    if label != "Validator":
        assert call(resource_type="User", max_bytes=1 << 20) == call(resourceType="User",
                                                                     maxBytes=1 << 20)
    # An unknown key is the core's invalid_option, naming the key as given: never a TypeError.
    for key in ("strictness", "resourcetype", "MaxDepth"):
        exc = raised(lambda: call(**{key: "high"}))
        assert isinstance(exc, scimgate.InvalidOptionError) and not isinstance(exc, TypeError)
        assert exc.option == key and exc.to_json()["option"] == key
    # One option spelled both ways is given twice.
    exc = raised(lambda: call(max_depth=5, maxDepth=5))
    assert isinstance(exc, scimgate.InvalidOptionError) and exc.option == "maxDepth", repr(exc)
    # A bad value names the option in camelCase, whichever spelling was given.
    for options in ({"max_depth": 0}, {"maxDepth": 0}):
        exc = raised(lambda: call(**options))
        assert isinstance(exc, scimgate.InvalidOptionError) and exc.option == "maxDepth"


@pytest.mark.parametrize("key", ["mode_", "mode__", "max__depth", "max_Depth", "resource_Type"])
def test_a_near_miss_option_key_is_unknown(key: str) -> None:
    """Only the snake_case spelling of an option (``max_depth``) stands for its camelCase key; a
    key that merely folds onto one (a stray or doubled underscore, an upper-case letter after an
    underscore) is unknown, as a typo must be."""
    value: Any = {"mode": "lenient", "max": 5, "resource": "Group"}[key.split("_")[0]]
    exc = raised(lambda: untyped.Validator(**{key: value}))
    assert isinstance(exc, scimgate.InvalidOptionError), f"{key}={value!r} was accepted"
    assert exc.option == key


# Option values the core refuses are vectors (tests/vectors/errors/options.json, with `option`).


# ---- exception classes -------------------------------------------------------------------------


def test_every_exception_class_is_in_the_catalogue() -> None:
    exported = {
        value
        for name in scimgate.__all__
        if isinstance(value := getattr(scimgate, name), type)
        and issubclass(value, scimgate.ScimError)
        and value is not scimgate.ScimError
    }
    assert exported == {cls for cls, _, _, _ in CATALOGUE}


@pytest.mark.parametrize(
    "cls,code,status,scim_type", CATALOGUE, ids=[c for _, c, _, _ in CATALOGUE]
)
def test_a_hand_made_exception_carries_the_catalogues_status(
    cls: Type[scimgate.ScimError], code: str, status: int, scim_type: Any
) -> None:
    """A caller's own ``PayloadTooLargeError("...")`` is a 413 as the core's is (and as the npm
    package's classes are), and renders as an RFC 7644 error body."""
    exc = cls("made by hand")
    assert isinstance(exc, scimgate.ScimError) and isinstance(exc, ValueError)
    assert (exc.code, exc.status, exc.scim_type) == (code, status, scim_type)
    payload = exc.to_json()
    assert payload["code"] == code and payload["message"] == "made by hand"
    assert payload["status"] == status and payload.get("scimType") == scim_type
    body = scimgate.to_scim_error(exc)
    assert body is not None and body["status"] == str(status) and body["detail"] == "made by hand"
    assert body.get("scimType") == scim_type
    restored = pickle.loads(pickle.dumps(exc))
    assert type(restored) is cls and restored.to_json() == payload
    if isinstance(exc, scimgate.PatchFailedError):
        # A list field made by hand is an empty list, as in the npm package.
        assert exc.issues == [] and exc.index is None


# ---- to_scim_error -----------------------------------------------------------------------------


def test_to_scim_error_for_an_exception() -> None:
    exc = raised(lambda: scimgate.check("{oops"))
    assert isinstance(exc, scimgate.ScimError)
    assert scimgate.to_scim_error(exc) == {
        "schemas": [ERROR_URN],
        "status": "400",
        "scimType": "invalidSyntax",
        "detail": str(exc),
    }
    too_large = raised(lambda: scimgate.check(USER, max_bytes=10))
    assert isinstance(too_large, scimgate.PayloadTooLargeError)
    assert scimgate.to_scim_error(too_large) == {
        "schemas": [ERROR_URN],
        "status": "413",
        "detail": str(too_large),
    }
    # Its JSON payload is the same input (what a worker sends back to a coordinator).
    assert scimgate.to_scim_error(json.dumps(too_large.to_json())) == scimgate.to_scim_error(
        too_large
    )


def test_to_scim_error_for_a_user_made_exception() -> None:
    assert scimgate.to_scim_error(scimgate.ScimError("custom failure")) == {
        "schemas": [ERROR_URN],
        "status": "400",
        "detail": "custom failure",
    }
    mine = scimgate.ScimError("userName is taken",
                              {"code": "uniqueness", "scimType": "uniqueness", "status": 409})
    assert (mine.status, mine.scim_type) == (409, "uniqueness")
    assert scimgate.to_scim_error(mine) == {
        "schemas": [ERROR_URN],
        "status": "409",
        "scimType": "uniqueness",
        "detail": "userName is taken",
    }


def test_to_scim_error_for_reports() -> None:
    assert scimgate.to_scim_error(scimgate.check(USER)) is None
    report = scimgate.check(INVALID_USER)
    body = scimgate.to_scim_error(report)
    assert body is not None
    assert set(body) == {"schemas", "status", "scimType", "detail"}
    assert body["schemas"] == [ERROR_URN] and body["status"] == "400"
    assert "userName" in body["detail"]
    # A report that went through JSON (from a worker, a queue) gives the same body.
    text = json.dumps(report)
    assert scimgate.to_scim_error(text) == scimgate.to_scim_error(text.encode()) == body
    assert scimgate.to_scim_error(json.loads(text)) == body


def test_to_scim_error_reads_a_str_as_json_text() -> None:
    with pytest.raises(scimgate.InvalidJsonError):
        scimgate.to_scim_error("text")
    exc = raised(lambda: scimgate.to_scim_error('{"not": "a report"}'))
    assert isinstance(exc, scimgate.InvalidArgumentError) and exc.argument == "value"


# ---- Validator ---------------------------------------------------------------------------------

DEFAULTS: Dict[str, Any] = {
    "resource_type": "User",
    "operation": "create",
    "mode": "strict",
    "schemas": [],
    "max_bytes": 1 << 20,
    "max_depth": 32,
    "max_operations": 1000,
}


def test_validator_options_are_the_resolved_options() -> None:
    assert scimgate.Validator().options == DEFAULTS
    validator = untyped.Validator(resource_type="Group", mode="lenient", maxDepth=10)
    assert validator.options == {**DEFAULTS, "resource_type": "Group", "mode": "lenient",
                                 "max_depth": 10}
    validator.options["mode"] = "strict"  # a copy
    assert validator.options["mode"] == "lenient"
    assert repr(validator) == f"Validator(**{validator.options!r})"
    # A dialect preset reads back as its switches; the resolved options build the same Validator.
    entra = scimgate.Validator(dialect={"preset": "entra", "stringBooleans": False})
    switches = entra.options["dialect"]
    assert switches["stringBooleans"] is False and switches["capitalizedOps"] is True
    assert "preset" not in switches
    assert scimgate.Validator(**entra.options).options == entra.options


WRIKE_OPTIONS: Dict[str, Any] = {
    "profile": "wrike",
    "approved_domains": ["example.com", "@example.org"],
    "allow_subdomains": True,
    "user_types": {"values": ["Regular", "External"], "aliases": {"ext": "External"}},
    "custom_fields": [{"id": FIELD_ID, "title": "Completed Induction"}],
    "dialect": "okta",
    "max_operations": 5,
}


@pytest.mark.parametrize("protocol", range(2, pickle.HIGHEST_PROTOCOL + 1))
def test_validator_pickles(protocol: int) -> None:
    loaded = scimgate.load_schemas([])
    user_schema = next(s for s in loaded["schemas"] if s["id"] == CORE_USER)
    for options in (
        {"mode": "lenient", "operation": "replace", "max_bytes": 100_000},
        WRIKE_OPTIONS,
        {"schemas": [user_schema, SCHEMA]},
    ):
        validator = scimgate.Validator(**options)
        restored = pickle.loads(pickle.dumps(validator, protocol=protocol))
        assert type(restored) is scimgate.Validator
        assert restored.options == validator.options
        for user in [*payloads(12), {**USER, "userName": "x@elsewhere.com", "emails": []}]:
            assert restored.check(user) == validator.check(user) == scimgate.check(user, **options)
            assert restored.normalize(user) == validator.normalize(user)
    validator = scimgate.Validator(**WRIKE_OPTIONS)
    assert copy.deepcopy(validator).options == copy.copy(validator).options == validator.options


# ---- threads and the GIL -----------------------------------------------------------------------

BIG_GROUP = json.dumps(
    {"schemas": [CORE_GROUP], "displayName": "All", "members": [{"value": f"u{i}"}
                                                                for i in range(50_000)]}
).encode()
BIG_USER = json.dumps(
    {"schemas": [CORE_USER], "userName": "big@example.com",
     "emails": [{"value": f"user{i}@example.com", "type": "work"} for i in range(20_000)]}
).encode()
GROUP_PATCH = {"schemas": [PATCH_OP], "Operations": [
    {"op": "remove", "path": 'members[value eq "u49999"]'}]}
MB4 = 4 << 20

GIL_CALLS: List[Tuple[str, Callable[[], Any]]] = [
    ("check", lambda: scimgate.check(BIG_USER, max_bytes=MB4)),
    ("normalize", lambda: scimgate.normalize(BIG_USER, max_bytes=MB4)),
    ("Validator.check", lambda: scimgate.Validator(max_bytes=MB4).check(BIG_USER)),
    ("apply_patch", lambda: scimgate.apply_patch(BIG_GROUP, GROUP_PATCH, resource_type="Group",
                                                 max_bytes=MB4)),
    ("Filter.matches", lambda: scimgate.parse_filter('emails[value ew "@x.org"]', max_bytes=MB4).matches(
        BIG_USER)),
    ("filter_resources", lambda: scimgate.filter_resources("userName pr", [BIG_USER], max_bytes=MB4)),
    ("wrike_view", lambda: scimgate.wrike_view(BIG_USER, max_bytes=MB4)),
    ("plan", lambda: scimgate.plan("PATCH", GROUP_PATCH, BIG_GROUP, resource_type="Group", max_bytes=MB4)),
]


@pytest.mark.parametrize("label,call", GIL_CALLS, ids=[c for c, _ in GIL_CALLS])
def test_the_gil_is_released_while_the_core_works(label: str, call: Callable[[], Any]) -> None:
    """With a huge switch interval a thread only yields the GIL when it blocks or releases it, so
    the main thread, woken by `started`, can run while the worker holds the GIL only inside a
    native call that released it. The worker repeats the call until it sees that the main thread
    ran (at most 200 calls): a call that keeps the GIL never lets it run before the worker ends,
    and a call that releases it lets it run as soon as the OS schedules it, however loaded the
    machine (one call of a few milliseconds can end before that)."""
    started = threading.Event()
    state: Dict[str, Any] = {"main_ran": False, "seen_after": None, "result": None}

    def work() -> None:
        started.set()
        for n in range(1, 201):
            state["result"] = call()
            if state["main_ran"]:
                state["seen_after"] = n
                return

    old = sys.getswitchinterval()
    sys.setswitchinterval(100.0)
    try:
        worker = threading.Thread(target=work)
        worker.start()
        started.wait()
        state["main_ran"] = True
        worker.join()
    finally:
        sys.setswitchinterval(old)
    assert state["result"] is not None
    assert state["seen_after"] is not None, f"the main thread could not run while the core ran {label}"


def test_threads_share_a_validator_and_a_filter() -> None:
    users = payloads(600)
    texts = [json.dumps(u).encode() for u in users]
    validator = scimgate.Validator(mode="lenient")
    f = validator.parse_filter('emails[type eq "work"].value ew "@example.com"')
    steps: List[Callable[[Any], Any]] = [
        validator.check,
        validator.normalize,
        lambda u: scimgate.check(u, mode="lenient"),
        f.matches,
        lambda u: validator.apply_patch(u, PATCH),
        lambda u: scimgate.filter_resources(f, [u, INVALID_USER]),
    ]
    for step in steps:
        sequential = [run_step(step, t) for t in texts]
        with ThreadPoolExecutor(max_workers=8) as pool:
            threaded = list(pool.map(lambda t: run_step(step, t), texts))
        assert threaded == sequential
        assert len({repr(r) for r in sequential}) > 1  # varied outcomes


def run_step(step: Callable[[Any], Any], value: Any) -> Any:
    """A step's result, or its failure as (class name, error JSON)."""
    try:
        return step(value)
    except scimgate.ScimError as exc:
        return (type(exc).__name__, exc.to_json())


# ---- limits on Python objects ------------------------------------------------------------------


# (label, the call with a document, the limit it reports: the options' max_depth, else the
# default for reference documents and options)
DEEP_CALLS: List[Tuple[str, Callable[[Any], Any], int]] = [
    ("check", lambda d: scimgate.check({"title": d}, max_depth=20), 20),
    ("check-default", lambda d: scimgate.check(d), 32),
    ("normalize", lambda d: scimgate.normalize(d, max_depth=7), 7),
    ("Validator.check", lambda d: scimgate.Validator(max_depth=9).check(d), 9),
    ("apply_patch", lambda d: scimgate.apply_patch(USER, {"schemas": [PATCH_OP], "Operations": [
        {"op": "add", "path": "title", "value": d}]}, max_depth=10), 10),
    ("Validator.apply_patch", lambda d: scimgate.Validator(max_depth=11).apply_patch(d, PATCH), 11),
    ("matches", lambda d: scimgate.parse_filter("title pr", max_depth=12).matches(d), 12),
    ("filter_resources", lambda d: scimgate.filter_resources("title pr", [USER, d], max_depth=13),
     13),
    ("wrike_view", lambda d: scimgate.wrike_view(d, max_depth=14), 14),
    ("plan", lambda d: scimgate.plan("PUT", USER, d, max_depth=15), 15),
    ("load_schemas", lambda d: scimgate.load_schemas([SCHEMA, d]), 32),
    ("custom_fields_from_wrike", lambda d: scimgate.custom_fields_from_wrike(d), 32),
    ("to_scim_error", lambda d: scimgate.to_scim_error(d), 32),
    ("options", lambda d: scimgate.check(USER, schemas=[d], max_depth=5), 32),
    ("Validator-options", lambda d: scimgate.Validator(profile=d), 32),
]


@pytest.mark.parametrize("shape", ["objects", "arrays"])
@pytest.mark.parametrize("label,call,limit", DEEP_CALLS, ids=[c for c, _, _ in DEEP_CALLS])
def test_objects_too_deep_for_json_dumps_are_the_cores_nesting_error(
    label: str, call: Callable[[Any], Any], limit: int, shape: str
) -> None:
    """json.dumps raises RecursionError on a very deep dict/list; the binding reports the core's
    NestingTooDeepError instead, with the limit that applies to that document."""
    deep: Any = nested(200_000) if shape == "objects" else nested_list(200_000)
    exc = raised(lambda: call(deep))
    assert isinstance(exc, scimgate.NestingTooDeepError), repr(exc)
    assert not isinstance(exc, RecursionError)
    assert (exc.code, exc.status, exc.limit) == ("nesting_too_deep", 400, limit)
    assert exc.to_json()["limit"] == limit
    assert exc.__context__ is None and exc.__cause__ is None


def test_deep_json_text_is_a_nesting_error_not_a_crash() -> None:
    for text in ("[" * 1_000_000, '{"a":' * 500_000, "[" * 200 + "]" * 200):
        for call in (
            lambda: scimgate.check(text, max_bytes=10_000_000),
            lambda: scimgate.Validator(max_bytes=10_000_000).normalize(text.encode()),
        ):
            exc = raised(call)
            assert isinstance(exc, scimgate.NestingTooDeepError) and exc.limit == 32, repr(exc)


def test_max_bytes_applies_to_the_json_text_of_a_dict() -> None:
    big = {**USER, "title": "x" * (2 << 20)}
    exc = raised(lambda: scimgate.check(big))
    assert isinstance(exc, scimgate.PayloadTooLargeError)
    assert (exc.status, exc.limit) == (413, 1 << 20) and exc.size > 2 << 20
    small = raised(lambda: scimgate.Validator(max_bytes=100).check(USER))
    assert isinstance(small, scimgate.PayloadTooLargeError) and small.limit == 100
    assert scimgate.check(big, max_bytes=4 << 20)["valid"] is True
