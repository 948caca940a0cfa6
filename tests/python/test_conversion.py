"""How Python objects become the core's JSON and how results come back, in the native module
(bindings-py/src/tojson.rs and fromjson.rs): a dict or list reaches the core as json.dumps would
write it, and a result is what json.loads gives for the core's JSON text."""

from __future__ import annotations

import enum
import json
from typing import Any, Dict, List

import pytest

import scimgate

CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User"


class Level(enum.IntEnum):
    SENIOR = 7


class Tagged(Dict[str, Any]):
    pass


class Text(str):
    pass


VALUES: List[Any] = [
    "plain", "", 'q"\\/ \n\r\t\b\f\x01\x1f\x7f', "Zoë ✓ 𝄞 \u2028", Text("sub"),
    0, -1, 2**63 - 1, -(2**63), Level.SENIOR, True, False, [None],
    1.5, -0.0, 1e300, 1e-7, 123456789.125, 0.1 + 0.2, float(2**60),
    [], {}, [1, [2, [3, {"a": ()}]]], (1, "two", None), Tagged(a=1),
    {1: "int key", 2.5: "float key", None: "None key", False: "bool key", "s": "str key"},
]


def echoed(value: Any) -> Any:
    """The value as the core received it: an unknown attribute comes back from normalize."""
    resource: Dict[str, Any] = {"schemas": [CORE_USER], "userName": "a@acme.com", "x": value}
    return scimgate.normalize(resource)["resource"]["x"]


@pytest.mark.parametrize("value", VALUES, ids=[repr(v)[:40] for v in VALUES])
def test_a_value_reaches_the_core_as_json_dumps_writes_it(value: Any) -> None:
    expected = json.loads(json.dumps(value))
    got = echoed(value)
    assert got == expected
    assert json.dumps(got) == json.dumps(expected)  # same types: 1.0 is not 1, -0.0 keeps its sign
    # The same value given as JSON text comes back the same way.
    text = json.dumps({"schemas": [CORE_USER], "userName": "a@acme.com", "x": value})
    assert json.dumps(scimgate.normalize(text)["resource"]["x"]) == json.dumps(expected)


def test_results_are_fresh_python_objects_like_json_loads() -> None:
    report = scimgate.check({"schemas": [CORE_USER]})
    assert type(report) is dict and type(report["issues"]) is list
    assert report == json.loads(json.dumps(report))
    assert [type(v) for v in report["issues"][0]["loc"]] == [str]
    again = scimgate.check({"schemas": [CORE_USER]})
    assert again == report and again is not report and again["issues"] is not report["issues"]


def test_validator_check_builds_the_same_report_from_every_input_form() -> None:
    # Validator.check builds the report's objects straight from the core's Report (bytes are
    # read in place); scimgate.check goes through the report's JSON text. Same objects, same key
    # order, for a report with errors carrying scimType, status and an indexed loc.
    user: Dict[str, Any] = {
        "schemas": [CORE_USER], "userName": "", "active": "yes",
        "emails": [{"value": "a@acme.com"}, {"value": "not an email", "primary": "no"}],
        "id": 7, "urn:bogus:Thing": {"x": 1},
    }
    text = json.dumps(user)
    expected = scimgate.check(user, profile="wrike", approved_domains=["acme.com"])
    assert not expected["valid"] and len(expected["issues"]) >= 3
    assert any("scimType" in i and "status" in i for i in expected["issues"])
    assert any(isinstance(s, int) for i in expected["issues"] for s in i["loc"])
    v = scimgate.Validator(profile="wrike", approved_domains=["acme.com"])
    for given in (user, text, text.encode(), bytearray(text.encode()), memoryview(text.encode())):
        got = v.check(given)
        assert json.dumps(got) == json.dumps(expected), type(given)
        assert got == json.loads(json.dumps(got))
    assert v.check(text.encode()) is not v.check(text.encode())


def outcome(run: Any, given: Any) -> Any:
    try:
        return json.dumps(run(given))
    except scimgate.ScimError as error:
        return (type(error).__name__, error.to_json())


@pytest.mark.parametrize("given", [b"{", b"[]", b"", b'{"schemas": 1}', "{", b"\xff", b"{}"])
def test_validator_check_answers_as_the_contract_call_does(given: Any) -> None:
    # A report or an error: the same from the method's bytes path as from the function.
    expected = outcome(scimgate.check, given)
    assert outcome(scimgate.Validator().check, given) == expected
    if isinstance(given, bytes):
        assert outcome(scimgate.Validator().check, bytearray(given)) == expected
