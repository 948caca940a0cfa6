"""apply_patch in the installed scimgate wheel: results, every input form, atomic failures with
PatchFailedError, dialects, limits, wrong types, threads and GIL release."""

from __future__ import annotations

import copy
import json
import pickle
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Dict, List

import pytest

import scimgate

CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User"
CORE_GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"

USER: Dict[str, Any] = {
    "schemas": [CORE_USER, ENTERPRISE],
    "id": "2819c223",
    "userName": "bjensen@example.com",
    "name": {"givenName": "Barbara", "familyName": "Jensen"},
    "active": True,
    "emails": [
        {"value": "bjensen@example.com", "type": "work", "primary": True},
        {"value": "babs@example.org", "type": "home"},
    ],
    ENTERPRISE: {"department": "Tours"},
}
GROUP: Dict[str, Any] = {
    "schemas": [CORE_GROUP],
    "id": "e9e30dba",
    "displayName": "Tour Guides",
    "members": [{"value": "u1"}, {"value": "u2"}],
}


def patch(*operations: Dict[str, Any]) -> Dict[str, Any]:
    return {"schemas": [PATCH_OP], "Operations": list(operations)}


def test_apply_patch_result() -> None:
    before = copy.deepcopy(USER)
    result = scimgate.apply_patch(
        USER,
        patch(
            {"op": "replace", "path": "name.givenName", "value": "Babs"},
            {"op": "add", "path": "title", "value": "Tour Guide"},
            {"op": "remove", "path": 'emails[type eq "home"]'},
            {"op": "replace", "path": f"{ENTERPRISE}:department", "value": "Sales"},
        ),
    )
    assert set(result) == {"resource", "changes", "members", "report"}
    resource = result["resource"]
    assert resource["name"] == {"givenName": "Babs", "familyName": "Jensen"}
    assert resource["title"] == "Tour Guide"
    assert resource["emails"] == [USER["emails"][0]]
    assert resource[ENTERPRISE] == {"department": "Sales"}
    assert result["members"] == {"added": [], "removed": []}
    assert result["report"]["valid"] is True
    for change in result["changes"]:
        assert {"code", "severity", "path", "message"} <= set(change)
    assert {c["path"] for c in result["changes"]} >= {"name.givenName", "title"}
    assert USER == before  # the input is never modified


def test_every_input_form_gives_the_same_result() -> None:
    p = patch({"op": "replace", "path": "active", "value": False})
    expected = scimgate.apply_patch(USER, p)
    assert expected["resource"]["active"] is False
    forms: List[Callable[[Any], Any]] = [
        lambda v: v,
        lambda v: json.dumps(v),
        lambda v: json.dumps(v).encode(),
        lambda v: bytearray(json.dumps(v).encode()),
        lambda v: memoryview(json.dumps(v).encode()),
    ]
    validator = scimgate.Validator()
    for resource_form in forms:
        for patch_form in forms:
            r, q = resource_form(USER), patch_form(p)
            assert scimgate.apply_patch(r, q) == expected
            assert validator.apply_patch(resource_form(USER), patch_form(p)) == expected


def test_group_membership_deltas() -> None:
    result = scimgate.apply_patch(
        GROUP,
        patch(
            {"op": "add", "path": "members", "value": [{"value": "u3"}, {"value": "u2"}]},
            {"op": "remove", "path": 'members[value eq "u1"]'},
        ),
        resource_type="Group",
    )
    assert result["members"] == {"added": ["u3"], "removed": ["u1"]}
    assert result["resource"]["members"] == [{"value": "u2"}, {"value": "u3"}]
    okta = scimgate.apply_patch(
        GROUP, patch({"op": "replace", "path": "members", "value": []}), resource_type="Group",
        dialect="okta",
    )
    assert okta["members"] == {"added": [], "removed": ["u1", "u2"]}


@pytest.mark.parametrize(
    "operations,index,scim_type",
    [
        ([{"op": "remove"}], 0, "noTarget"),
        ([{"op": "remove", "path": 'emails[type eq "other"]'}], 0, "noTarget"),
        ([{"op": "replace", "path": "id", "value": "x"}], 0, "mutability"),
        ([{"op": "replace", "path": "active", "value": "yes"}], 0, "invalidValue"),
        ([{"op": "add", "path": "name..givenName", "value": "x"}], 0, "invalidPath"),
        (
            [{"op": "replace", "path": "title", "value": "ok"}, {"op": "bogus", "path": "title"}],
            1,
            "invalidSyntax",
        ),
        ([{"op": "Replace", "path": "title", "value": "x"}], 0, "invalidSyntax"),
    ],
    ids=["no-path", "no-match", "read-only", "bad-value", "bad-path", "bad-op", "capitalized"],
)
def test_patch_failures(operations: List[Dict[str, Any]], index: int, scim_type: str) -> None:
    with pytest.raises(scimgate.PatchFailedError) as info:
        scimgate.apply_patch(USER, patch(*operations))
    exc = info.value
    assert isinstance(exc, scimgate.ScimError) and isinstance(exc, ValueError)
    assert (exc.code, exc.status, exc.index, exc.scim_type) == ("patch_failed", 400, index,
                                                                 scim_type)
    restored = pickle.loads(pickle.dumps(exc))
    assert type(restored) is scimgate.PatchFailedError
    assert (restored.index, restored.scim_type, str(restored)) == (index, scim_type, str(exc))
    body = scimgate.to_scim_error(exc)
    assert body["scimType"] == scim_type and body["status"] == "400"


def test_request_level_failures_have_no_index() -> None:
    bodies: List[Dict[str, Any]] = [
        {"Operations": []},
        {"schemas": [PATCH_OP]},
        {"schemas": [PATCH_OP], "Operations": {}},
    ]
    for body in bodies:
        with pytest.raises(scimgate.PatchFailedError) as info:
            scimgate.apply_patch(USER, body)
        assert info.value.index is None
        assert info.value.scim_type == "invalidSyntax"
    with pytest.raises(scimgate.PatchFailedError):
        scimgate.apply_patch(USER, [patch()])


def test_dialects() -> None:
    entra = patch(
        {"op": "Replace", "path": "active", "value": "False"},
        {"op": "Add", "value": {"name.givenName": "Babs", f"{ENTERPRISE}:department": "Sales"}},
    )
    result = scimgate.apply_patch(USER, entra, dialect="entra")
    assert result["resource"]["active"] is False
    assert result["resource"]["name"]["givenName"] == "Babs"
    assert result["resource"][ENTERPRISE]["department"] == "Sales"
    codes = {c["code"] for c in result["changes"] if c["severity"] == "warning"}
    assert "capitalized_op" in codes
    # One switch off in an otherwise Entra dialect.
    with pytest.raises(scimgate.PatchFailedError):
        scimgate.apply_patch(USER, entra, dialect={"preset": "entra", "capitalizedOps": False})
    # Microsoft's validator sends an empty Operations array.
    with pytest.raises(scimgate.PatchFailedError):
        scimgate.apply_patch(USER, patch())
    assert scimgate.apply_patch(USER, patch(), dialect="entra")["resource"] == USER


def test_max_operations() -> None:
    operations = [{"op": "replace", "path": "title", "value": str(i)} for i in range(20)]
    assert scimgate.apply_patch(USER, patch(*operations))["resource"]["title"] == "19"
    with pytest.raises(scimgate.PatchFailedError) as info:
        scimgate.apply_patch(USER, patch(*operations), max_operations=10)
    assert info.value.scim_type == "invalidSyntax"
    with pytest.raises(scimgate.PatchFailedError):
        scimgate.Validator(max_operations=19).apply_patch(USER, patch(*operations))
    with pytest.raises(scimgate.InvalidOptionError):
        scimgate.apply_patch(USER, patch(), max_operations=0)


def test_input_errors() -> None:
    with pytest.raises(scimgate.InvalidJsonError):
        scimgate.apply_patch("{", patch())
    with pytest.raises(scimgate.InvalidJsonError):
        scimgate.apply_patch(USER, b'{"Operations": [')
    with pytest.raises(scimgate.PayloadTooLargeError):
        scimgate.apply_patch(USER, patch(), max_bytes=50)
    deep: Dict[str, Any] = {}
    for _ in range(100_000):
        deep = {"x": deep}
    with pytest.raises(scimgate.NestingTooDeepError):
        scimgate.apply_patch(USER, patch({"op": "add", "path": "title", "value": deep}))
    with pytest.raises(scimgate.NestingTooDeepError):
        scimgate.Validator().apply_patch(deep, patch())


@pytest.mark.parametrize(
    "resource,body",
    [
        (42, patch()),
        (USER, 42),
        (None, patch()),
        (USER, None),
        (USER, {"Operations": [{"op": "add", "path": "title", "value": object()}]}),
        (USER, {"Operations": [{"op": "add", "path": "title", "value": float("nan")}]}),
        ((USER,), patch()),
    ],
    ids=["int-resource", "int-patch", "None-resource", "None-patch", "object-value", "nan",
         "tuple"],
)
def test_wrong_types_raise_type_error(resource: Any, body: Any) -> None:
    with pytest.raises(TypeError):
        scimgate.apply_patch(resource, body)
    with pytest.raises(TypeError):
        scimgate.Validator().apply_patch(resource, body)


def test_threads_give_the_same_results() -> None:
    users = []
    for i in range(300):
        u = copy.deepcopy(USER)
        u["userName"] = f"user{i}@example.com"
        users.append(json.dumps(u).encode())
    body = json.dumps(
        patch(
            {"op": "replace", "path": "title", "value": "x"},
            {"op": "remove", "path": 'emails[type eq "home"]'},
        )
    ).encode()
    validator = scimgate.Validator()
    sequential = [validator.apply_patch(u, body) for u in users]
    with ThreadPoolExecutor(max_workers=8) as pool:
        threaded = list(pool.map(lambda u: validator.apply_patch(u, body), users))
    assert threaded == sequential


@pytest.mark.parametrize("via", ["function", "Validator"])
def test_apply_patch_releases_the_gil(via: str) -> None:
    """Deterministic: with a huge switch interval a thread only yields the GIL when it blocks or
    releases it. The main thread, woken by `started`, can run before the worker's call returns
    only if the native call released the GIL."""
    group = dict(GROUP, members=[{"value": f"u{i}"} for i in range(50_000)])
    resource = json.dumps(group).encode()
    body = json.dumps(
        patch(
            {"op": "add", "path": "members", "value": [{"value": f"n{i}"} for i in range(50)]},
            {"op": "remove", "path": 'members[value eq "u49999"]'},
        )
    ).encode()
    limit = len(resource) + 1
    validator = scimgate.Validator(resource_type="Group", max_bytes=limit)
    started = threading.Event()
    state: Dict[str, Any] = {"done": False}

    def work() -> None:
        started.set()
        if via == "function":
            state["result"] = scimgate.apply_patch(
                resource, body, resource_type="Group", max_bytes=limit
            )
        else:
            state["result"] = validator.apply_patch(resource, body)
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
    assert state["result"]["members"]["removed"] == ["u49999"]
    assert len(state["result"]["members"]["added"]) == 50
    assert ran_during_call, "the main thread could not run while the core was patching"
