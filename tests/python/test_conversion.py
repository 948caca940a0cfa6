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
