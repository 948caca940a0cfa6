"""Filters, paths and filter_resources in the installed scimgate wheel: the Filter class (text,
equality, reuse, pickling, threads), error attributes, limits and wrong types."""

from __future__ import annotations

import copy
import json
import pickle
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict, List

import pytest

import scimgate
from scimgate import _native

CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User"
CORE_GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
ENTRA_FILTER = 'emails[type eq "work"].value eq "ada@contoso.com"'
# The package seen without its stubs, to call it with the wrong types on purpose.
untyped: Any = scimgate


def user(i: int, **extra: Any) -> Dict[str, Any]:
    return {
        "schemas": [CORE_USER, ENTERPRISE],
        "id": f"id-{i}",
        "userName": f"User{i}@Contoso.com",
        "active": i % 2 == 0,
        "emails": [{"value": f"user{i}@contoso.com", "type": "work", "primary": True}],
        ENTERPRISE: {"department": "Sales" if i % 3 == 0 else "Tours"},
        **extra,
    }


USERS: List[Dict[str, Any]] = [user(i) for i in range(30)]
ADA = user(99, userName="ada@contoso.com", emails=[{"value": "ada@contoso.com", "type": "work"}])


# ---- Filter ------------------------------------------------------------------------------------


def test_parse_filter_gives_a_canonical_filter() -> None:
    f = scimgate.parse_filter('userName EQ "ada@contoso.com"  AND  (active eq true OR title pr)')
    assert isinstance(f, scimgate.Filter)
    canonical = 'userName eq "ada@contoso.com" and (active eq true or title pr)'
    assert str(f) == f.text == canonical
    assert repr(f) == f"scimgate.Filter({canonical!r})"
    again = scimgate.parse_filter(canonical)
    assert again == f and hash(again) == hash(f) and str(again) == canonical
    assert f != canonical and f != scimgate.parse_filter("userName pr")
    assert len({f, again, scimgate.parse_filter("title pr")}) == 2


def test_filter_constructor_is_parse_filter() -> None:
    f = scimgate.Filter('userName eq "x"', resource_type="User", mode="lenient")
    assert f == scimgate.parse_filter('userName eq "x"', mode="lenient")
    assert f.options == {"resource_type": "User", "operation": "create", "mode": "lenient"}
    f.options["mode"] = "strict"  # a copy
    assert f.options["mode"] == "lenient"
    assert repr(f) == "scimgate.Filter('userName eq \"x\"', mode='lenient')"
    rebuilt = eval(repr(f), {"scimgate": scimgate})
    assert rebuilt == f and rebuilt.options == f.options


def test_filter_matches_every_input_form() -> None:
    f = scimgate.parse_filter('userName eq "ADA@contoso.com"')
    text = json.dumps(ADA)
    for form in (ADA, text, text.encode(), bytearray(text.encode()), memoryview(text.encode())):
        assert f.matches(form) is True
    assert f.matches(USERS[0]) is False
    # A JSON value that is not an object never matches.
    for value in ([ADA], "42", b"null", '"ada@contoso.com"'):
        assert f.matches(value) is False


def test_filter_is_reusable_and_thread_safe() -> None:
    f = scimgate.parse_filter(f'{ENTERPRISE}:department eq "sales" and active eq true')
    expected = [u for u in USERS if u[ENTERPRISE]["department"] == "Sales" and u["active"]]
    assert expected
    sequential = [f.matches(u) for u in USERS * 20]
    with ThreadPoolExecutor(max_workers=8) as pool:
        threaded = list(pool.map(f.matches, USERS * 20))
    assert threaded == sequential
    assert [u for u, hit in zip(USERS, sequential) if hit] == expected


def test_filter_options_decide_parsing_and_evaluation() -> None:
    with pytest.raises(scimgate.InvalidFilterError):
        scimgate.parse_filter(ENTRA_FILTER)
    lenient = scimgate.parse_filter(ENTRA_FILTER, mode="lenient")
    entra = scimgate.parse_filter(ENTRA_FILTER, dialect="entra")
    assert lenient == entra
    assert lenient.matches(ADA) and entra.matches(ADA) and not entra.matches(USERS[1])
    with pytest.raises(scimgate.InvalidFilterError):
        scimgate.parse_filter(ENTRA_FILTER, dialect={"preset": "entra", "valuePathCompare": False})
    # resource_type decides the schema: a group's displayName.
    group = {"schemas": [CORE_GROUP], "id": "g", "displayName": "Sales", "members": []}
    assert scimgate.parse_filter('displayName eq "sales"', resource_type="Group").matches(group)
    with pytest.raises(scimgate.InvalidOptionError):
        untyped.parse_filter("title pr", dialect="nosuch")
    with pytest.raises(scimgate.UnknownResourceTypeError):
        scimgate.Filter("title pr", resource_type="Printer")


@pytest.mark.parametrize("protocol", range(2, pickle.HIGHEST_PROTOCOL + 1))
def test_filter_pickles(protocol: int) -> None:
    for f in (
        scimgate.parse_filter('userName sw "user1" or not (active eq true)'),
        scimgate.parse_filter(ENTRA_FILTER, mode="lenient"),
        scimgate.parse_filter(ENTRA_FILTER, dialect={"preset": "entra"}, max_bytes=100_000),
        scimgate.Validator(resource_type="Group").parse_filter('displayName co "a"'),
    ):
        restored = pickle.loads(pickle.dumps(f, protocol=protocol))
        assert type(restored) is scimgate.Filter
        assert restored == f and restored.options == f.options and repr(restored) == repr(f)
        for resource in [ADA, *USERS]:
            assert restored.matches(resource) == f.matches(resource)
    f = scimgate.parse_filter("title pr")
    assert copy.copy(f) == f and copy.deepcopy(f) == f


def test_native_filter_pickles_on_its_own() -> None:
    native = _native.parse_filter("userName  eq  \"x\"", b'{"mode":"lenient"}')
    restored = pickle.loads(pickle.dumps(native))
    assert type(restored) is _native.Filter
    assert restored.text == native.text == str(native) == 'userName eq "x"'
    assert restored.options == b'{"mode":"lenient"}'
    assert restored.matches(b'{"userName": "X"}') is True


def test_validator_parse_filter_shares_the_options() -> None:
    validator = scimgate.Validator(mode="lenient", max_bytes=50_000)
    f = validator.parse_filter(ENTRA_FILTER)
    assert f.options == validator.options
    assert f == scimgate.parse_filter(ENTRA_FILTER, mode="lenient")
    assert f.matches(ADA)
    with pytest.raises(scimgate.PayloadTooLargeError):
        f.matches({**ADA, "title": "x" * 60_000})


def test_invalid_filter_error_attributes() -> None:
    # offset is a byte offset in the UTF-8 text ("Zoë" is 4 bytes).
    with pytest.raises(scimgate.InvalidFilterError) as info:
        scimgate.parse_filter('displayName eq "Zoë" zz')
    exc = info.value
    assert isinstance(exc, scimgate.ScimError) and isinstance(exc, ValueError)
    assert (exc.code, exc.scim_type, exc.status) == ("invalid_filter", "invalidFilter", 400)
    assert exc.offset == 22 and isinstance(exc.expected, str) and exc.expected
    restored = pickle.loads(pickle.dumps(exc))
    assert type(restored) is scimgate.InvalidFilterError
    assert (restored.offset, restored.expected, restored.code, str(restored)) == (
        exc.offset,
        exc.expected,
        exc.code,
        str(exc),
    )
    body = scimgate.to_scim_error(exc)
    assert body["scimType"] == "invalidFilter" and body["status"] == "400"


@pytest.mark.parametrize(
    "text",
    ["", "userName", "userName eq", "userName zz 1", '(userName pr', 'userName eq "x" and',
     "emails[type eq 1", "x" * 9000, "(" * 100 + "title pr" + ")" * 100,
     "not " * 100 + "title pr", 'title eq "\\u00"'],
    ids=["empty", "no-op", "no-value", "bad-op", "unclosed", "dangling-and", "unclosed-bracket",
         "too-long", "too-deep", "deep-not", "bad-escape"],
)
def test_invalid_filters(text: str) -> None:
    with pytest.raises(scimgate.InvalidFilterError) as info:
        scimgate.parse_filter(text)
    assert 0 <= info.value.offset <= len(text.encode())


def test_evaluation_error_is_an_invalid_filter_error() -> None:
    f = scimgate.parse_filter("active gt true")
    with pytest.raises(scimgate.InvalidFilterError) as info:
        f.matches(ADA)
    assert info.value.code == "invalid_filter"


def test_matches_input_errors() -> None:
    f = scimgate.parse_filter("title pr")
    with pytest.raises(scimgate.InvalidJsonError):
        f.matches("{not json")
    with pytest.raises(scimgate.PayloadTooLargeError):
        scimgate.parse_filter("title pr", max_bytes=10).matches(ADA)
    with pytest.raises(scimgate.NestingTooDeepError):
        scimgate.parse_filter("title pr", max_depth=3).matches({"title": {"a": {"b": {"c": 1}}}})
    deep: Dict[str, Any] = {}
    for _ in range(100_000):
        deep = {"x": deep}
    with pytest.raises(scimgate.NestingTooDeepError):
        f.matches(deep)


@pytest.mark.parametrize(
    "call",
    [
        lambda: untyped.parse_filter(b"title pr"),
        lambda: untyped.parse_filter(42),
        lambda: untyped.parse_filter(None),
        lambda: untyped.Filter(b"title pr"),
        lambda: untyped.Validator().parse_filter(b"title pr"),
        lambda: untyped.parse_filter("title pr").matches(42),
        lambda: untyped.parse_filter("title pr").matches(None),
        lambda: untyped.parse_filter("title pr").matches({"t": object()}),
        lambda: untyped.parse_filter("title pr", mode_="lenient"),
        lambda: untyped.parse_path(b"title"),
        lambda: untyped.parse_path(["title"]),
        lambda: untyped.Validator().parse_path(1),
        lambda: untyped.filter_resources(42, USERS),
        lambda: untyped.filter_resources(b"title pr", USERS),
        lambda: untyped.filter_resources("title pr", 42),
        lambda: untyped.filter_resources("title pr", ADA),
        lambda: untyped.filter_resources("title pr", {1, 2}),
        lambda: untyped.filter_resources("title pr", [object()]),
        lambda: untyped.filter_resources("title pr", [float("nan")]),
        lambda: untyped.filter_resources(scimgate.parse_filter("title pr"), USERS, mode="lenient"),
        lambda: untyped.filter_resources("title pr", "{}"),
        lambda: untyped.filter_resources("title pr", b'"just a string"'),
    ],
    ids=["bytes", "int", "None", "Filter-bytes", "Validator-bytes", "matches-int",
         "matches-None", "matches-object", "unknown-kwarg", "path-bytes", "path-list",
         "Validator-path-int", "filter-int", "filter-bytes", "resources-int", "resources-dict",
         "resources-set", "resource-object", "resource-nan", "Filter-and-options",
         "text-object", "text-string"],
)
def test_wrong_types_raise_type_error(call: Any) -> None:
    with pytest.raises(TypeError):
        call()


# ---- parse_path -------------------------------------------------------------------------------


def test_parse_path() -> None:
    urn = ENTERPRISE
    assert scimgate.parse_path(f"{urn}:manager.value") == {
        "urn": urn,
        "name": "manager",
        "filter": None,
        "sub": "value",
        "text": f"{urn}:manager.value",
    }
    path = scimgate.parse_path('emails[type  EQ "work"].value')
    assert path == {
        "urn": None,
        "name": "emails",
        "filter": 'type eq "work"',
        "sub": "value",
        "text": 'emails[type eq "work"].value',
    }
    assert scimgate.Validator().parse_path("name.givenName") == scimgate.parse_path(
        "name.givenName"
    )
    assert scimgate.parse_path("title", dialect="entra")["name"] == "title"


def test_invalid_path_error_attributes() -> None:
    with pytest.raises(scimgate.InvalidPathError) as info:
        scimgate.parse_path("name..givenName")
    exc = info.value
    assert (exc.code, exc.scim_type, exc.status) == ("invalid_path", "invalidPath", 400)
    assert exc.offset == 5 and exc.expected
    restored = pickle.loads(pickle.dumps(exc))
    assert (type(restored), restored.offset, restored.expected) == (
        scimgate.InvalidPathError,
        exc.offset,
        exc.expected,
    )
    for text in ("", " title", "title.", "emails[type eq", "a.b.c"):
        with pytest.raises(scimgate.InvalidPathError):
            scimgate.parse_path(text)


# ---- filter_resources ---------------------------------------------------------------------------


def test_filter_resources_returns_the_matching_objects() -> None:
    resources: List[Any] = [*USERS, ADA, 42, "text", None, [ADA]]
    selected = scimgate.filter_resources('userName eq "ada@contoso.com"', resources)
    assert len(selected) == 1 and selected[0] is ADA
    f = scimgate.parse_filter(f'{ENTERPRISE}:department eq "Sales"')
    users = [*USERS, ADA]
    for given in (resources, tuple(resources)):
        selected = scimgate.filter_resources(f, given)
        assert selected == [u for u in users if u[ENTERPRISE]["department"] == "Sales"]
        assert all(any(s is u for u in users) for s in selected)


def test_filter_resources_from_json_text() -> None:
    text = json.dumps([*USERS, ADA, 42])
    for form in (text, text.encode(), bytearray(text.encode()), memoryview(text.encode())):
        selected = scimgate.filter_resources('userName eq "ADA@CONTOSO.COM"', form)
        assert selected == [ADA]
    with pytest.raises(scimgate.InvalidJsonError):
        scimgate.filter_resources("title pr", "[{")
    # As text the whole list counts against max_bytes; as a list each resource does.
    big = [user(i, title="t" * 1000) for i in range(2000)]
    assert len(json.dumps(big)) > 1 << 20
    assert len(scimgate.filter_resources("title pr", big)) == 2000
    with pytest.raises(scimgate.PayloadTooLargeError):
        scimgate.filter_resources("title pr", json.dumps(big))
    assert len(scimgate.filter_resources("title pr", json.dumps(big), max_bytes=4 << 20)) == 2000


def test_filter_resources_empty_answers() -> None:
    """Entra's probe with a random GUID expects an empty list."""
    probe = 'userName eq "8e6d8a5e-5b0e-4f7e-9b3a-3c7f2d6a1b90"'
    assert scimgate.filter_resources(probe, USERS) == []
    assert scimgate.filter_resources(probe, []) == []
    assert scimgate.filter_resources(probe, "[]") == []


def test_filter_resources_options() -> None:
    groups = [
        {"schemas": [CORE_GROUP], "id": "1", "displayName": "Sales"},
        {"schemas": [CORE_GROUP], "id": "2", "displayName": "Tours"},
    ]
    selected = scimgate.filter_resources('displayName eq "SALES"', groups, resource_type="Group")
    assert selected == [groups[0]]
    assert scimgate.filter_resources(ENTRA_FILTER, [*USERS, ADA], mode="lenient") == [ADA]
    with pytest.raises(scimgate.InvalidFilterError):
        scimgate.filter_resources(ENTRA_FILTER, USERS)
    with pytest.raises(scimgate.NestingTooDeepError):
        scimgate.filter_resources("title pr", [{"a": [[[[1]]]]}], max_depth=3)
    with pytest.raises(scimgate.PayloadTooLargeError):
        scimgate.filter_resources("title pr", [ADA], max_bytes=10)


def test_matching_releases_the_gil() -> None:
    """Deterministic (see test_api.py): the main thread runs during the native call only if
    the call released the GIL."""
    big = json.dumps(
        {
            "schemas": [CORE_USER],
            "userName": "big@example.com",
            "emails": [{"value": f"user{i}@example.com", "type": "work"} for i in range(40_000)],
        }
    ).encode()
    f = scimgate.parse_filter('emails[value ew "@nowhere.com"]', max_bytes=len(big) + 1)
    started = threading.Event()
    state = {"done": False}

    def work() -> None:
        started.set()
        f.matches(big)
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
    assert ran_during_call, "the main thread could not run while the core was matching"
