"""Hostile input at the Python boundary: lone surrogates in ``str`` arguments, dicts, options and
JSON text give the core's InvalidUnicodeError naming the argument (never UnicodeEncodeError, never
a silent U+FFFD), and every exception class shows the core's message only (no input values) and
pickles intact."""

from __future__ import annotations

import json
import pickle
from typing import Any, Callable, Dict, List, Tuple

import pytest

import scimgate

CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
FIELD_ID = "IEAGWMBBJUAK4G7J"
LONE = "\ud800"  # a lone leading surrogate: a str can hold it, UTF-8 cannot
SECRET = "Sw0rdfish-7d1c"  # a payload value that no message may echo
# The package seen without its stubs, to call it with the wrong types on purpose.
untyped: Any = scimgate


def user(**extra: Any) -> Dict[str, Any]:
    return {"schemas": [CORE_USER], "userName": "ada@example.com", **extra}


def patch(*operations: Dict[str, Any]) -> Dict[str, Any]:
    return {"schemas": [PATCH_OP], "Operations": list(operations)}


def raised(call: Callable[[], Any]) -> BaseException:
    with pytest.raises(BaseException) as info:
        call()
    return info.value


def assert_invalid_unicode(exc: BaseException, argument: str) -> None:
    assert isinstance(exc, scimgate.InvalidUnicodeError), repr(exc)
    assert isinstance(exc, scimgate.ScimError) and isinstance(exc, ValueError)
    assert not isinstance(exc, UnicodeError)
    assert (exc.code, exc.status, exc.scim_type) == ("invalid_unicode", 400, "invalidValue")
    assert exc.argument == argument
    message = str(exc)
    assert message.startswith(f"invalid Unicode: {argument} contains a lone surrogate"), message
    assert "U+D800" in message
    assert LONE not in message and "ada" not in message
    # Raised outside any handler: no UnicodeEncodeError (which holds the text) is chained.
    assert exc.__context__ is None and exc.__cause__ is None


# ---- lone surrogates ------------------------------------------------------------------------

STR_ARGUMENTS: List[Tuple[str, Callable[[], Any]]] = [
    ("filter", lambda: scimgate.parse_filter(f'userName eq "{LONE}"')),
    ("filter", lambda: scimgate.Filter(f'userName eq "{LONE}"')),
    ("filter", lambda: scimgate.Validator().parse_filter(f"title{LONE} pr")),
    ("filter", lambda: scimgate.filter_resources(f"x{LONE} pr", [user()])),
    ("path", lambda: scimgate.parse_path(f"name.{LONE}")),
    ("path", lambda: scimgate.Validator().parse_path(f"name.{LONE}")),
    ("id", lambda: scimgate.custom_field_attribute(f"IEAGWMBBJUAK4G7{LONE}", "Title")),
    ("title", lambda: scimgate.custom_field_attribute(FIELD_ID, f"Completed {LONE}Induction")),
    ("title", lambda: scimgate.custom_field_urn(FIELD_ID, LONE)),
    ("extension", lambda: scimgate.custom_field_urn(FIELD_ID, "T", f"urn:x:{LONE}")),
    ("name", lambda: scimgate.parse_custom_field_attribute(f"{FIELD_ID}_{LONE}")),
    ("address", lambda: scimgate.check_domain(f"ada{LONE}@example.com", ["example.com"])),
    # An element of a list argument is named as the npm package names it (and as
    # filter_resources names resources[1]).
    ("approved[1]", lambda: scimgate.check_domain("ada@example.com", ["a.com", f"{LONE}.com"])),
    ("method", lambda: untyped.plan(f"POST{LONE}", user())),
    ("method", lambda: untyped.Validator(profile="wrike").plan(f"POST{LONE}", user())),
]


@pytest.mark.parametrize("argument,call", STR_ARGUMENTS, ids=[a for a, _ in STR_ARGUMENTS])
def test_lone_surrogate_in_a_str_argument(argument: str, call: Callable[[], Any]) -> None:
    assert_invalid_unicode(raised(call), argument)


def test_lone_surrogate_in_json_text_given_as_str() -> None:
    text = json.dumps(user(title="T"), ensure_ascii=False).replace("T", f"T{LONE}")
    patch_text = json.dumps(patch({"op": "replace", "path": "title", "value": f"x{LONE}"}),
                            ensure_ascii=False)
    v = scimgate.Validator(profile="wrike")
    cases: List[Tuple[str, Callable[[], Any]]] = [
        ("resource", lambda: scimgate.check(text)),
        ("resource", lambda: scimgate.normalize(text)),
        ("resource", lambda: v.check(text)),
        ("resource", lambda: v.normalize(text)),
        ("resource", lambda: v.view(text)),
        ("resource", lambda: scimgate.wrike_view(text)),
        ("resource", lambda: scimgate.parse_filter("title pr").matches(text)),
        ("resource", lambda: scimgate.apply_patch(text, patch())),
        ("patch", lambda: scimgate.apply_patch(user(), patch_text)),
        ("patch", lambda: v.apply_patch(user(), patch_text)),
        ("body", lambda: scimgate.plan("POST", text)),
        ("current", lambda: v.plan("PUT", user(), text)),
        ("doc", lambda: scimgate.load_schemas(f'{{"id": "{LONE}"}}')),
        ("response", lambda: scimgate.custom_fields_from_wrike(f'{{"data": ["{LONE}"]}}')),
        ("catalog", lambda: scimgate.extension_schema(f'["{LONE}"]')),
        ("resources", lambda: scimgate.filter_resources("title pr", f"[{text}]")),
    ]
    for argument, call in cases:
        assert_invalid_unicode(raised(call), argument)


def test_lone_surrogate_in_a_dict_or_list() -> None:
    """A surrogate anywhere in a native document is refused before json.dumps would escape it,
    naming the argument that holds it."""
    v = scimgate.Validator()
    cases: List[Tuple[str, Callable[[], Any]]] = [
        ("resource", lambda: scimgate.check(user(title=f"x{LONE}"))),
        ("resource", lambda: scimgate.check(user(**{f"x{LONE}": 1}))),
        ("resource", lambda: scimgate.check(user(title="\udc00"))),
        ("resource", lambda: scimgate.check(user(title="\ud83d\u0041"))),
        ("resource", lambda: scimgate.normalize([LONE])),
        ("resource", lambda: v.check(user(name={"givenName": LONE}))),
        ("resource", lambda: scimgate.parse_filter("title pr").matches(user(title=LONE))),
        ("resource", lambda: scimgate.wrike_view(user(title=LONE))),
        ("patch", lambda: v.apply_patch(user(), patch({"op": "add", "path": "title",
                                                       "value": LONE}))),
        ("resources[1]", lambda: scimgate.filter_resources("title pr", [user(), user(title=LONE)])),
        ("body", lambda: scimgate.plan("POST", user(title=LONE))),
        ("current", lambda: v.plan("PUT", user(), user(title=LONE))),
        ("doc", lambda: scimgate.load_schemas({"id": LONE})),
        ("response", lambda: scimgate.custom_fields_from_wrike([{"id": FIELD_ID, "title": LONE}])),
        ("catalog", lambda: scimgate.extension_schema([{"id": FIELD_ID, "title": LONE}])),
        ("value", lambda: scimgate.to_scim_error({"valid": False, "issues": [LONE]})),
    ]
    for argument, call in cases:
        assert_invalid_unicode(raised(call), argument)
    # A Python str holds code points: a UTF-16 pair spelled as two of them is two surrogates,
    # not the character they would encode (JSON text may escape a pair, see the vectors).
    assert_invalid_unicode(raised(lambda: scimgate.check(user(nickName="\ud83d\ude00"))),
                           "resource")
    assert scimgate.check(user(nickName="\U0001f600"))["valid"]
    assert scimgate.check(json.dumps(user(nickName="\U0001f600")))["valid"]


def test_lone_surrogate_in_json_bytes() -> None:
    """Bytes are not decoded by Python: an escaped lone surrogate, and the bytes that encode one
    (WTF-8), are the core's finding about the argument's JSON text."""
    escaped = json.dumps(user(title=LONE)).encode()
    assert b"\\ud800" in escaped
    assert_invalid_unicode(raised(lambda: scimgate.check(escaped)), "resource")
    wtf8 = json.dumps(user(title="x")).encode().replace(b'"x"', b'"x\xed\xa0\x80"')
    assert_invalid_unicode(raised(lambda: scimgate.check(bytearray(wtf8))), "resource")
    assert_invalid_unicode(raised(lambda: scimgate.apply_patch(user(), memoryview(escaped))),
                           "patch")
    # Bytes that are not UTF-8 and encode no surrogate are invalid JSON.
    with pytest.raises(scimgate.InvalidJsonError):
        scimgate.check(b'{"userName": "\xff"}')


def test_lone_surrogate_in_an_option() -> None:
    for call in (
        lambda: scimgate.check(user(), resource_type=f"User{LONE}"),
        lambda: scimgate.Validator(approved_domains=[LONE]),
        lambda: scimgate.parse_filter("title pr", profile={"extends": "wrike", "name": LONE}),
    ):
        assert_invalid_unicode(raised(call), "options")


# ---- every exception class: the core's message only, picklable ---------------------------

# One call per exception class whose payload carries SECRET as a value (never the token at
# fault), so that a message echoing payload values would be caught.
FAILURES: List[Tuple[type, Callable[[], Any]]] = [
    (scimgate.InvalidJsonError, lambda: scimgate.check(f'{{"password": "{SECRET}", "x": }}')),
    (scimgate.PayloadTooLargeError,
     lambda: scimgate.check(user(password=SECRET * 10), max_bytes=100)),
    (scimgate.NestingTooDeepError,
     lambda: scimgate.check(user(x=[[[[[SECRET]]]]]), max_depth=3)),
    (scimgate.UnknownResourceTypeError,
     lambda: scimgate.check(user(password=SECRET), resource_type="Printer")),
    (scimgate.InvalidSchemaError,
     lambda: scimgate.load_schemas({"id": "urn:x:Thing", "description": SECRET,
                                    "attributes": [{"name": "a", "type": "strin"}]})),
    (scimgate.InvalidOptionError,
     lambda: scimgate.check(user(password=SECRET), max_operations=0)),
    (scimgate.NotAnObjectError, lambda: scimgate.normalize([SECRET])),
    (scimgate.InvalidFilterError, lambda: scimgate.parse_filter(f'password eq "{SECRET}" or')),
    (scimgate.InvalidFilterError,
     lambda: scimgate.parse_filter("active gt true").matches(user(active=True, password=SECRET))),
    (scimgate.InvalidPathError, lambda: scimgate.parse_path(f'emails[value eq "{SECRET}"')),
    (scimgate.InvalidExpressionError,
     lambda: scimgate.parse_expression(f"'{SECRET}' + ", language="okta")),
    (scimgate.InvalidMappingError,
     lambda: scimgate.map_user({"password": SECRET},
                               {"idp": "okta", "rules": [{"target": "userName",
                                                          "source": {"expression": f"'{SECRET}' +"}}]})),
    (scimgate.PatchFailedError,
     lambda: scimgate.apply_patch(user(), patch({"op": "add", "path": "active", "value": SECRET}))),
    (scimgate.PatchFailedError,
     lambda: scimgate.apply_patch(user(), patch({"op": "replace", "path": "id",
                                                 "value": SECRET}))),
    (scimgate.InvalidCustomFieldError,
     lambda: scimgate.custom_fields_from_wrike({"data": [{"title": SECRET}]})),
    (scimgate.InvalidProfileError,
     lambda: scimgate.check(user(), profile={"extends": "wrike", "description": SECRET,
                                             "userTypes": {"values": []}})),
    (scimgate.InvalidEmailError, lambda: scimgate.check_domain(f'"{SECRET}"@x.com', ["x.com"])),
    (scimgate.InvalidUnicodeError, lambda: scimgate.check(f'{{"password": "{SECRET}{LONE}"}}')),
    (scimgate.InvalidUnicodeError, lambda: scimgate.check(user(password=f"{SECRET}{LONE}"))),
    (scimgate.InvalidArgumentError, lambda: scimgate.check(user(password=SECRET, x=object()))),
    (scimgate.InvalidArgumentError,
     lambda: untyped.filter_resources("title pr", [user(password=SECRET), {SECRET}])),
]


def test_every_exception_class_is_covered() -> None:
    classes = {cls for cls, _ in FAILURES}
    # InternalError is a trapped WebAssembly instance: the npm package's tests cover it.
    exported = {
        getattr(scimgate, name)
        for name in scimgate.__all__
        if isinstance(getattr(scimgate, name), type)
        and issubclass(getattr(scimgate, name), scimgate.ScimError)
        and getattr(scimgate, name) not in (scimgate.ScimError, scimgate.InternalError)
    }
    assert classes == exported


@pytest.mark.parametrize(
    "cls,call", FAILURES, ids=[f"{cls.__name__}-{i}" for i, (cls, _) in enumerate(FAILURES)]
)
def test_exception_shows_the_core_message_only(cls: type, call: Callable[[], Any]) -> None:
    exc = raised(call)
    assert type(exc) is cls and isinstance(exc, scimgate.ScimError), repr(exc)
    message = str(exc)
    assert message and exc.args == (message,)
    assert repr(exc) == f"{cls.__name__}({message!r})"
    assert SECRET not in message and SECRET not in repr(exc)
    # The RFC 7644 body carries the same message.
    body = scimgate.to_scim_error(exc)
    assert body is not None and body["detail"] == message
    # (Its fields as attributes and in to_json(): test_contract.py.)
    payload = exc.to_json()
    assert SECRET not in json.dumps(payload)
    # No attribute and no chained exception holds the input.
    assert SECRET not in repr(vars(exc))
    for chained in (exc.__context__, exc.__cause__):
        assert chained is None or SECRET not in repr(chained)
    # Pickles intact: class, message and every attribute.
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        restored = pickle.loads(pickle.dumps(exc, protocol=protocol))
        assert type(restored) is cls
        assert str(restored) == message and repr(restored) == repr(exc)
        assert isinstance(restored, scimgate.ScimError) and restored.to_json() == payload
        assert vars(restored) == vars(exc)


def test_scim_error_body_from_a_hand_made_error_with_a_lone_surrogate() -> None:
    """A caller's own ScimError whose message holds a lone surrogate cannot become a UTF-8
    body; to_scim_error says so instead of raising UnicodeEncodeError."""
    exc = scimgate.ScimError(f"bad {LONE}")
    assert_invalid_unicode(raised(lambda: scimgate.to_scim_error(exc)), "value")
