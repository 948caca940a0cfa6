"""The contract in practice: every case of tests/contract/cases.json is called through the pip
package's public API, and what comes back is held to the generated contract (tests/contract.json):
a result must validate against the JSON Schema of the function's declared return type (shape, not
just signature), a failure must be the catalogue's class for its code with a payload that
validates against the catalogue's schema for that code, every field also an attribute of the
exception. The Node suite runs the same cases (tests/node/contract.test.mjs), so both runtimes
answer to one schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List

import jsonschema
import pytest
from referencing import Registry
from referencing.jsonschema import DRAFT202012

import scimgate

ROOT = Path(__file__).resolve().parents[2]
CONTRACT: Dict[str, Any] = json.loads((ROOT / "tests" / "contract.json").read_text("utf-8"))
CASES_DOC: Dict[str, Any] = json.loads((ROOT / "tests" / "contract" / "cases.json").read_text("utf-8"))
CASES: List[Dict[str, Any]] = CASES_DOC["cases"]
FUNCTIONS = {f["name"]: f for f in CONTRACT["functions"]}
ERRORS = {e["code"]: e for e in CONTRACT["errors"]}
REGISTRY: Registry[Any] = Registry().with_resource(
    "contract", DRAFT202012.create_resource({"$defs": CONTRACT["$defs"]})
)


def snake(name: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in name)


def schema_of(notation: str) -> Dict[str, Any]:
    """The JSON Schema of a type notation of the contract (``Report``, ``CustomField[]``,
    ``A | null``)."""
    members = notation.split(" | ")
    if len(members) > 1:
        return {"anyOf": [schema_of(m) for m in members]}
    if notation.endswith("[]"):
        return {"type": "array", "items": schema_of(notation[:-2])}
    if notation in ("string", "boolean", "null", "number", "integer"):
        return {"type": notation}
    assert notation in CONTRACT["$defs"], f"no type {notation} in the contract"
    return {"$ref": f"contract#/$defs/{notation}"}


def assert_valid(schema: Dict[str, Any], value: Any, what: str) -> None:
    validator = jsonschema.Draft202012Validator(schema, registry=REGISTRY)
    problems = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(value)]
    assert not problems, f"{what}: {problems[:5]}\n{json.dumps(value)[:2000]}"


def run(case: Dict[str, Any]) -> Any:
    fn = FUNCTIONS[case["function"]]
    py = getattr(scimgate, snake(case["function"]))
    assert len(case["args"]) == len(fn["params"]), f"{case['name']}: one argument per parameter"
    # Parameters given by name are keyword arguments in Python.
    positional = [a for p, a in zip(fn["params"], case["args"]) if not p["keyword"]]
    named = {snake(p["name"]): a for p, a in zip(fn["params"], case["args"]) if p["keyword"]}
    if fn["options"]:
        return py(*positional, **named, **case.get("options", {}))
    return py(*positional, **named)


def test_every_public_function_and_reachable_error_code_has_a_case() -> None:
    called = {c["function"] for c in CASES}
    assert {f["name"] for f in CONTRACT["functions"] if not f["internal"]} <= called
    raised = {c["error"] for c in CASES if "error" in c}
    assert set(ERRORS) - set(CASES_DOC["unreachable"]) <= raised


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_contract(case: Dict[str, Any]) -> None:
    fn = FUNCTIONS[case["function"]]
    if "error" not in case:
        value = run(case)
        returns = fn["returns"]
        if returns == "FilterInfo":
            assert isinstance(value, scimgate.Filter)
            value = {"text": value.text, "canonical": str(value)}
        elif returns == "Selection":
            assert isinstance(value, list)
            returns = "Resource[]"
        elif returns == "Batch":
            assert isinstance(value, scimgate.BatchResults)
            value = {"records": list(value), "summary": value.summary}
            assert len(value["records"]) == len(case["args"][0])
        assert_valid(schema_of(returns), value, f"{case['name']} returns {fn['returns']}")
        return
    spec = ERRORS[case["error"]]
    with pytest.raises(scimgate.ScimError) as caught:
        run(case)
    err = caught.value
    assert err.code == case["error"], str(err)
    assert type(err).__name__ == spec["class"]
    assert isinstance(err, getattr(scimgate, spec["class"]))
    assert isinstance(err, ValueError)
    payload = err.to_json()
    assert_valid(spec["payload"], payload, f"{case['name']} payload")
    assert payload["message"] == str(err)
    assert err.scim_type == payload["scimType"]
    assert err.status == payload["status"]
    for field in spec["fields"]:
        assert getattr(err, snake(field)) == payload[field], field
