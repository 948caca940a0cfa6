"""Run every shared vector (tests/vectors/**/*.json, format in tests/README.md) against the wheel.

One test per case (id = the case name). Each case runs with its input in every form Python
accepts: a ``dict``/``list`` when the input is one (other JSON values such as ``42`` or ``"x"``
are not resources Python accepts natively, so they go as text only), JSON text as ``str`` and as
``bytes``; ``inputText`` cases go as ``str`` and ``bytes`` only. ``check`` and ``normalize`` cases
also run through a :class:`scimgate.Validator` built from the same options. Options are camelCase
in the vectors and become snake_case keyword arguments. Codes, paths, severities, ``scimType``
and ``status`` are compared; messages never are.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple

import pytest

import scimgate

VECTORS = Path(__file__).resolve().parents[2] / "tests" / "vectors"

# The keyword arguments check/normalize/Validator take; other option keys are a TypeError in
# Python (an unknown keyword argument), which is how Python says "invalid option" before the core
# is even asked.
KNOWN_OPTIONS = {"resource_type", "operation", "mode", "schemas", "max_bytes", "max_depth"}

ERROR_TYPES = {
    "invalid_json": scimgate.InvalidJsonError,
    "payload_too_large": scimgate.PayloadTooLargeError,
    "nesting_too_deep": scimgate.NestingTooDeepError,
    "unknown_resource_type": scimgate.UnknownResourceTypeError,
    "invalid_schema": scimgate.InvalidSchemaError,
    "invalid_option": scimgate.InvalidOptionError,
    "not_an_object": scimgate.NotAnObjectError,
}


def _load_cases() -> List[Tuple[str, Dict[str, Any]]]:
    cases: List[Tuple[str, Dict[str, Any]]] = []
    for path in sorted(VECTORS.rglob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        for case in doc["cases"]:
            cases.append((str(path.relative_to(VECTORS)), case))
    return cases


CASES = _load_cases()


def test_vectors_present() -> None:
    """The shared vectors exist and their names are unique (one test id per case)."""
    assert CASES, f"no vector cases found under {VECTORS}"
    names = Counter(case["name"] for _, case in CASES)
    duplicates = sorted(name for name, count in names.items() if count > 1)
    assert not duplicates, f"duplicate case names: {duplicates}"


def snake(name: str) -> str:
    """camelCase option key -> snake_case keyword argument."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", lambda m: "_" + m.group(1).lower(), name)


def input_forms(case: Dict[str, Any]) -> List[Tuple[str, Any]]:
    """(label, value) for every form of the case's input that Python accepts."""
    if "inputText" in case:
        text = case["inputText"]
        return [("str", text), ("bytes", text.encode("utf-8", "surrogatepass"))]
    value = case["input"]
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    forms: List[Tuple[str, Any]] = []
    if isinstance(value, (dict, list)):
        forms.append(("native", value))
    forms.append(("str", text))
    forms.append(("bytes", text.encode("utf-8", "surrogatepass")))
    return forms


def same_json(a: Any, b: Any) -> bool:
    """Deep JSON equality: object key order ignored; bool is not a number; 1 == 1.0 (as in JS)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_json(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_json(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def assert_check(expect: Dict[str, Any], report: Any) -> None:
    assert set(report) == {"valid", "issues"}, report
    for issue in report["issues"]:
        assert isinstance(issue["message"], str) and issue["message"], issue
    actual = Counter((i["code"], i["path"], i["severity"]) for i in report["issues"])
    expected = Counter((i["code"], i["path"], i["severity"]) for i in expect["issues"])
    assert actual == expected, (
        f"issues differ\n  missing: {sorted((expected - actual).elements())}"
        f"\n  unexpected: {sorted((actual - expected).elements())}\n  report: {report}"
    )
    assert report["valid"] is expect["valid"], report
    for want in expect["issues"]:
        fields = {k: want[k] for k in ("scimType", "status") if k in want}
        if not fields:
            continue
        key = (want["code"], want["path"], want["severity"])
        matching = [i for i in report["issues"] if (i["code"], i["path"], i["severity"]) == key]
        assert any(all(i.get(k) == v for k, v in fields.items()) for i in matching), (
            f"no issue {key} with {fields}: {matching}"
        )


def assert_normalize(expect: Dict[str, Any], result: Any) -> None:
    assert set(result) == {"resource", "changes"}, result
    assert same_json(result["resource"], expect["resource"]), (
        f"resource differs\n  actual:   {result['resource']}\n  expected: {expect['resource']}"
    )
    actual = Counter((c["code"], c["path"]) for c in result["changes"])
    expected = Counter((c["code"], c["path"]) for c in expect["changes"])
    assert actual == expected, (
        f"changes differ\n  missing: {sorted((expected - actual).elements())}"
        f"\n  unexpected: {sorted((actual - expected).elements())}"
    )


def assert_load_schemas(expect: Dict[str, Any], result: Any) -> None:
    assert set(result) == {"schemas", "resourceTypes"}, list(result)
    ids = {s.get("id") for s in result["schemas"]}
    for schema_id in expect.get("schemaIds", []):
        assert schema_id in ids, f"{schema_id} not in {sorted(map(str, ids))}"
    names = {rt.get("name") for rt in result["resourceTypes"]} | {
        rt.get("id") for rt in result["resourceTypes"]
    }
    for name in expect.get("resourceTypes", []):
        assert name in names, f"{name} not in {sorted(map(str, names))}"


def assert_error(expect: Dict[str, Any], exc: BaseException) -> None:
    assert isinstance(exc, scimgate.ScimError) and isinstance(exc, ValueError)
    assert exc.code == expect["code"], f"{type(exc).__name__}({exc}) code {exc.code}"
    assert type(exc) is ERROR_TYPES.get(exc.code, scimgate.ScimError)
    if "scimType" in expect:
        assert exc.scim_type == expect["scimType"]
    if "status" in expect:
        assert exc.status == int(expect["status"])
    if isinstance(exc, scimgate.InvalidJsonError):
        assert exc.line >= 1 and exc.column >= 0
        for key in ("line", "column"):
            if key in expect:
                assert getattr(exc, key) == expect[key]
    assert str(exc)


def callers(case: Dict[str, Any]) -> List[Tuple[str, Callable[[Any], Any]]]:
    """(label, call) for every way the case's function is reached from Python."""
    function = case["function"]
    kwargs = {snake(k): v for k, v in (case.get("options") or {}).items()}
    if function == "loadSchemas":
        assert not kwargs, "load_schemas takes no options"
        return [("load_schemas", scimgate.load_schemas)]
    if function == "check":
        return [
            ("check", lambda r: scimgate.check(r, **kwargs)),
            ("Validator.check", lambda r: scimgate.Validator(**kwargs).check(r)),
        ]
    if function == "normalize":
        return [
            ("normalize", lambda r: scimgate.normalize(r, **kwargs)),
            ("Validator.normalize", lambda r: scimgate.Validator(**kwargs).normalize(r)),
        ]
    raise AssertionError(f"unknown function {function!r}")


@pytest.mark.parametrize("case", [c for _, c in CASES], ids=[c["name"] for _, c in CASES])
def test_vector(case: Dict[str, Any]) -> None:
    expect = case["expect"]
    unknown = {snake(k) for k in (case.get("options") or {})} - KNOWN_OPTIONS
    for form, value in input_forms(case):
        for via, call in callers(case):
            where = f"[{via} with {form} input]"
            if unknown:
                # Python itself refuses an unknown keyword argument.
                assert expect.get("error", {}).get("code") == "invalid_option", (
                    f"{where} options {sorted(unknown)} are not keyword arguments of {via}"
                )
                with pytest.raises(TypeError):
                    call(value)
                continue
            if "error" in expect:
                with pytest.raises(scimgate.ScimError) as info:
                    call(value)
                try:
                    assert_error(expect["error"], info.value)
                except AssertionError as err:
                    raise AssertionError(f"{where} {err}") from None
                continue
            try:
                result = call(value)
            except scimgate.ScimError as exc:
                raise AssertionError(f"{where} raised {type(exc).__name__}: {exc}") from None
            try:
                if case["function"] == "check":
                    assert_check(expect, result)
                elif case["function"] == "normalize":
                    assert_normalize(expect, result)
                else:
                    assert_load_schemas(expect, result)
            except AssertionError as err:
                raise AssertionError(f"{where} {err}") from None
