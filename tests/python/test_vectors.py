"""Run every shared vector (tests/vectors/**/*.json, format in tests/README.md) against the wheel.

One test per case (id = the case name). ``check``, ``checkPatch``, ``normalize`` and
``loadSchemas`` cases run with their input in every form Python accepts: a ``dict``/``list`` when
the input is one (other JSON values go as text only: a Python ``str`` is read as JSON text), JSON
text as ``str`` and as ``bytes``; ``inputText`` cases go as ``str`` and ``bytes`` only; ``check``,
``checkPatch`` and ``normalize`` also run through a :class:`scimgate.Validator` built from the same
options.

The filter, path, PATCH and Wrike functions take their documented inputs as native values;
resources and PATCH bodies also go as JSON text (``str`` and ``bytes``), which Python accepts
for them too, and functions that exist on :class:`scimgate.Validator` (or as a
:class:`scimgate.Filter`) run that way as well, with the same options (``Validator.view`` and
``Validator.plan`` use the default profile when none is given, as the functions do). Options are
camelCase in the vectors and become snake_case keyword arguments; the core refuses unknown ones
(``invalid_option``) as it does in every runtime. Codes, paths, severities, ``scimType``,
``status`` and the errors' other fields (``offset``, ``index``, ``argument``, ...) are compared,
as attributes and in ``to_json()``; messages never are.

``checkMany`` / ``planMany`` cases run ``inputText`` as ``bytes``, a list of its lines, a binary
stream and a file path, and ``input.records`` as a list and a generator of dicts, through
``check_many`` / ``plan_many`` and the Validator methods, each read to the end.
"""

from __future__ import annotations

import json
import pickle
import re
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple

import pytest

import scimgate

VECTORS = Path(__file__).resolve().parents[2] / "tests" / "vectors"

ERROR_TYPES = {
    "invalid_json": scimgate.InvalidJsonError,
    "payload_too_large": scimgate.PayloadTooLargeError,
    "nesting_too_deep": scimgate.NestingTooDeepError,
    "unknown_resource_type": scimgate.UnknownResourceTypeError,
    "invalid_schema": scimgate.InvalidSchemaError,
    "invalid_option": scimgate.InvalidOptionError,
    "not_an_object": scimgate.NotAnObjectError,
    "invalid_filter": scimgate.InvalidFilterError,
    "invalid_path": scimgate.InvalidPathError,
    "invalid_expression": scimgate.InvalidExpressionError,
    "invalid_mapping": scimgate.InvalidMappingError,
    "patch_failed": scimgate.PatchFailedError,
    "invalid_custom_field": scimgate.InvalidCustomFieldError,
    "invalid_profile": scimgate.InvalidProfileError,
    "invalid_email": scimgate.InvalidEmailError,
    "invalid_unicode": scimgate.InvalidUnicodeError,
    "invalid_argument": scimgate.InvalidArgumentError,
    "internal_error": scimgate.InternalError,
}

Call = Callable[[], Any]
Check = Callable[[Any], None]
Run = Tuple[str, Call, Check]


def bind(function: Callable[..., Any], *args: Any) -> Call:
    """A call of ``function`` with ``args`` fixed now (not at loop end, as a closure would)."""
    return lambda: function(*args)


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
    unknown = sorted({case["function"] for _, case in CASES} - set(RUNNERS))
    assert not unknown, f"vector functions this runner does not know: {unknown}"


def snake(name: str) -> str:
    """camelCase option key -> snake_case keyword argument."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", lambda m: "_" + m.group(1).lower(), name)


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def value_forms(value: Any) -> List[Tuple[str, Any]]:
    """(label, value) for every form Python accepts for a JSON document: the dict/list itself
    (other JSON values only as text), JSON text as str and as bytes."""
    text = dumps(value)
    forms: List[Tuple[str, Any]] = []
    if isinstance(value, (dict, list)):
        forms.append(("native", value))
    forms.append(("str", text))
    forms.append(("bytes", text.encode("utf-8", "surrogatepass")))
    return forms


def native_form(value: Any) -> Any:
    """A JSON document as Python takes it natively: the dict/list itself, any other JSON value
    as its JSON text (a Python str is read as JSON text)."""
    return value if isinstance(value, (dict, list)) else dumps(value)


def input_forms(case: Dict[str, Any]) -> List[Tuple[str, Any]]:
    """(label, value) for every form of a check/normalize/loadSchemas case's input."""
    if "inputText" in case:
        text = case["inputText"]
        return [("str", text), ("bytes", text.encode("utf-8", "surrogatepass"))]
    return value_forms(case["input"])


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


# ---- expectations -----------------------------------------------------------------------------


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


def assert_changes(expected_changes: List[Dict[str, Any]], changes: List[Any]) -> None:
    for change in changes:
        assert {"code", "path", "severity", "message"} <= set(change), change
    actual = Counter((c["code"], c["path"]) for c in changes)
    expected = Counter((c["code"], c["path"]) for c in expected_changes)
    assert actual == expected, (
        f"changes differ\n  missing: {sorted((expected - actual).elements())}"
        f"\n  unexpected: {sorted((actual - expected).elements())}"
    )


def assert_normalize(expect: Dict[str, Any], result: Any) -> None:
    assert set(result) == {"resource", "changes"}, result
    assert same_json(result["resource"], expect["resource"]), (
        f"resource differs\n  actual:   {result['resource']}\n  expected: {expect['resource']}"
    )
    assert_changes(expect["changes"], result["changes"])


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
        assert exc.scim_type == expect["scimType"], f"scim_type {exc.scim_type}: {exc}"
    if "status" in expect:
        assert exc.status == int(expect["status"])
    if isinstance(exc, scimgate.InvalidJsonError):
        assert exc.line >= 1 and exc.column >= 0
    if isinstance(exc, (scimgate.InvalidFilterError, scimgate.InvalidPathError)):
        assert isinstance(exc.offset, int) and isinstance(exc.expected, str)
    if isinstance(exc, scimgate.PatchFailedError):
        assert exc.index is None or isinstance(exc.index, int)
    # Every other field given (offset, index, argument, ...): the snake_case attribute, and the
    # camelCase key of the error's JSON.
    payload = exc.to_json()
    assert payload["code"] == exc.code and payload["message"] == str(exc), payload
    for key, want in expect.items():
        if key in ("code", "scimType", "status"):
            continue
        if key == "issues":
            # A failed PATCH's problems: the multiset of their (code, path), as an attribute
            # and in to_json().
            assert isinstance(exc, scimgate.PatchFailedError), exc
            got = Counter((i["code"], i["path"]) for i in exc.issues)
            assert got == Counter((i["code"], i["path"]) for i in want), (
                f"issues {sorted(got.elements())}: {exc.issues}"
            )
            assert payload["issues"] == exc.issues, payload
            continue
        actual = getattr(exc, snake(key), "<missing>")
        assert actual == want, f"{snake(key)} is {actual!r}, expected {want!r}: {exc}"
        assert payload.get(key, "<missing>") == want, f"to_json()[{key!r}]: {payload}"
    assert str(exc)
    # Errors cross process boundaries (distributed workers) intact.
    restored = pickle.loads(pickle.dumps(exc))
    assert type(restored) is type(exc) and str(restored) == str(exc)
    assert vars(restored) == vars(exc) and restored.to_json() == payload


def assert_parse_filter(expect: Dict[str, Any], text: str, kwargs: Dict[str, Any], f: Any) -> None:
    assert isinstance(f, scimgate.Filter), f
    canonical = expect["canonical"]
    assert str(f) == canonical, f"canonical {str(f)!r}, expected {canonical!r}"
    assert f.text == text, f"text {f.text!r} is not the text given, {text!r}"
    again = scimgate.parse_filter(canonical, **kwargs)
    assert str(again) == canonical, f"canonical text re-parses to {str(again)!r}"
    assert again.text == canonical
    assert again == f and hash(again) == hash(f)
    restored = pickle.loads(pickle.dumps(f))
    assert type(restored) is scimgate.Filter and restored == f
    assert restored.text == f.text and restored.options == f.options


def assert_parse_path(expect: Dict[str, Any], result: Any) -> None:
    assert set(result) == {"urn", "name", "filter", "sub", "text"}, result
    for key, want in expect.items():
        assert result[key] == want, f"{key} is {result[key]!r}, expected {want!r}: {result}"


def assert_apply_patch(expect: Dict[str, Any], result: Any) -> None:
    assert set(result) == {"resource", "changes", "members", "report"}, list(result)
    assert same_json(result["resource"], expect["resource"]), (
        f"resource differs\n  actual:   {result['resource']}\n  expected: {expect['resource']}"
    )
    if "changes" in expect:
        assert_changes(expect["changes"], result["changes"])
    if "members" in expect:
        assert same_json(result["members"], expect["members"]), result["members"]
    if "valid" in expect:
        assert result["report"]["valid"] is expect["valid"], result["report"]


def assert_plan(expect: Dict[str, Any], result: Any) -> None:
    assert result["action"] == expect["action"], f"action {result['action']}: {result}"
    if "billable" in expect:
        assert result["billable"] is expect["billable"], result
    if "kept" in expect:
        assert result["kept"] == expect["kept"], result["kept"]
    if "changes" in expect:
        actual = {c["attribute"]: c for c in result["changes"]}
        expected = {c["attribute"] for c in expect["changes"]}
        assert set(actual) == expected, f"changed attributes {sorted(actual)}: {result['changes']}"
        for want in expect["changes"]:
            for key in ("from", "to"):
                if key in want:
                    got = actual[want["attribute"]][key]
                    assert same_json(got, want[key]), f"{want['attribute']}.{key} is {got!r}"
    if "members" in expect:
        assert same_json(result["members"], expect["members"]), result["members"]
    if "resource" in expect:
        assert same_json(result.get("resource"), expect["resource"]), result.get("resource")
    codes = {issue["code"] for issue in result["issues"]}
    for code in expect.get("issueCodes", []):
        assert code in codes, f"no issue {code} in {sorted(codes)}"


def assert_keys(expect: Dict[str, Any], result: Any) -> None:
    """Each key given must equal the result's; a key expected null may be absent."""
    for key, want in expect.items():
        if want is None and key not in result:
            continue
        assert key in result, f"no {key} in {result}"
        assert same_json(result[key], want), f"{key} is {result[key]!r}, expected {want!r}"


def assert_parsed_custom_field(expect: Dict[str, Any], result: Any) -> None:
    assert_keys(expect, result)
    if "schema" not in expect:
        assert result.get("schema") is None, result


# ---- how each function is reached from Python ---------------------------------------------------


def runs_check_normalize_load(case: Dict[str, Any], kwargs: Dict[str, Any]) -> List[Run]:
    function = case["function"]
    expect = case["expect"]
    calls: List[Tuple[str, Callable[[Any], Any]]]
    if function == "loadSchemas":
        calls = [("load_schemas", scimgate.load_schemas)]
        check: Check = lambda r: assert_load_schemas(expect, r)  # noqa: E731
    elif function == "check":
        calls = [
            ("check", lambda r: scimgate.check(r, **kwargs)),
            ("Validator.check", lambda r: scimgate.Validator(**kwargs).check(r)),
        ]
        check = lambda r: assert_check(expect, r)  # noqa: E731
    elif function == "checkPatch":
        calls = [
            ("check_patch", lambda p: scimgate.check_patch(p, **kwargs)),
            ("Validator.check_patch", lambda p: scimgate.Validator(**kwargs).check_patch(p)),
        ]
        check = lambda r: assert_check(expect, r)  # noqa: E731
    else:
        calls = [
            ("normalize", lambda r: scimgate.normalize(r, **kwargs)),
            ("Validator.normalize", lambda r: scimgate.Validator(**kwargs).normalize(r)),
        ]
        check = lambda r: assert_normalize(expect, r)  # noqa: E731
    runs: List[Run] = []
    for form, value in input_forms(case):
        for via, call in calls:
            runs.append((f"{via} with {form} input", bind(call, value), check))
    return runs


def runs_parse_filter(case: Dict[str, Any], kwargs: Dict[str, Any]) -> List[Run]:
    text = case["input"]["filter"]
    check: Check = lambda f: assert_parse_filter(case["expect"], text, kwargs, f)  # noqa: E731
    return [
        ("parse_filter", lambda: scimgate.parse_filter(text, **kwargs), check),
        ("Filter", lambda: scimgate.Filter(text, **kwargs), check),
        ("Validator.parse_filter", lambda: scimgate.Validator(**kwargs).parse_filter(text), check),
    ]


def runs_matches(case: Dict[str, Any], kwargs: Dict[str, Any]) -> List[Run]:
    text = case["input"]["filter"]
    want = case["expect"].get("matches")

    def check(result: Any) -> None:
        assert result is want, f"matches() is {result!r}, expected {want!r}"

    runs: List[Run] = []
    for form, resource in value_forms(case["input"]["resource"]):
        runs.append(
            (
                f"parse_filter().matches with {form} resource",
                bind(lambda r: scimgate.parse_filter(text, **kwargs).matches(r), resource),
                check,
            )
        )
        runs.append(
            (
                f"Validator.parse_filter().matches with {form} resource",
                bind(lambda r: scimgate.Validator(**kwargs).parse_filter(text).matches(r), resource),
                check,
            )
        )
    return runs


def runs_filter_resources(case: Dict[str, Any], kwargs: Dict[str, Any]) -> List[Run]:
    text = case["input"]["filter"]
    resources = case["input"]["resources"]
    indexes = case["expect"].get("indexes", [])

    def check_same_objects(result: Any) -> None:
        assert isinstance(result, list)
        picked = [resources[i] for i in indexes]
        assert len(result) == len(picked) and all(a is b for a, b in zip(result, picked)), (
            f"selected {[resources.index(r) for r in result]}, expected {indexes}"
        )

    def check_json(result: Any) -> None:
        assert isinstance(result, list)
        assert same_json(result, [resources[i] for i in indexes]), result

    runs: List[Run] = [
        (
            "filter_resources with filter text and a list",
            lambda: scimgate.filter_resources(text, resources, **kwargs),
            check_same_objects,
        ),
        (
            "filter_resources with a Filter and a list",
            lambda: scimgate.filter_resources(scimgate.parse_filter(text, **kwargs), resources),
            check_same_objects,
        ),
        (
            "filter_resources with a Validator's Filter and a tuple",
            lambda: scimgate.filter_resources(
                scimgate.Validator(**kwargs).parse_filter(text), tuple(resources)
            ),
            check_same_objects,
        ),
    ]
    for form, value in value_forms(resources)[1:]:
        runs.append(
            (
                f"filter_resources with {form} resources",
                bind(lambda v: scimgate.filter_resources(text, v, **kwargs), value),
                check_json,
            )
        )
    return runs


def runs_parse_path(case: Dict[str, Any], kwargs: Dict[str, Any]) -> List[Run]:
    text = case["input"]["path"]
    check: Check = lambda r: assert_parse_path(case["expect"], r)  # noqa: E731
    return [
        ("parse_path", lambda: scimgate.parse_path(text, **kwargs), check),
        ("Validator.parse_path", lambda: scimgate.Validator(**kwargs).parse_path(text), check),
    ]


def runs_apply_patch(case: Dict[str, Any], kwargs: Dict[str, Any]) -> List[Run]:
    resource = case["input"]["resource"]
    patch = case["input"]["patch"]
    check: Check = lambda r: assert_apply_patch(case["expect"], r)  # noqa: E731
    runs: List[Run] = []
    for (form, r), (_, p) in zip(value_forms(resource), value_forms(patch)):
        runs.append(
            (
                f"apply_patch with {form} resource and patch",
                bind(lambda r, p: scimgate.apply_patch(r, p, **kwargs), r, p),
                check,
            )
        )
        runs.append(
            (
                f"Validator.apply_patch with {form} resource and patch",
                bind(lambda r, p: scimgate.Validator(**kwargs).apply_patch(r, p), r, p),
                check,
            )
        )
    return runs


def runs_custom_fields(case: Dict[str, Any], kwargs: Dict[str, Any]) -> List[Run]:
    function = case["function"]
    value = case["input"]
    expect = case["expect"]
    if function == "customFieldAttribute":

        def check_attribute(result: Any) -> None:
            assert result == expect["attribute"], f"{result!r}, expected {expect['attribute']!r}"

        return [
            (
                "custom_field_attribute",
                lambda: scimgate.custom_field_attribute(value["id"], value["title"]),
                check_attribute,
            )
        ]
    if function == "parseCustomFieldAttribute":

        return [
            (
                "parse_custom_field_attribute",
                lambda: scimgate.parse_custom_field_attribute(value["name"]),
                lambda result: assert_parsed_custom_field(expect, result),
            )
        ]
    if function == "customFieldsFromWrike":

        def check_fields(result: Any) -> None:
            assert same_json(result, expect["fields"]), f"{result!r}"

        return [
            (
                "custom_fields_from_wrike",
                lambda: scimgate.custom_fields_from_wrike(native_form(value)),
                check_fields,
            )
        ]

    def check_schema(result: Any) -> None:
        names = [attribute["name"] for attribute in result["attributes"]]
        assert names == expect["attributes"], f"attributes {names}"

    return [
        (
            "extension_schema",
            lambda: scimgate.extension_schema(native_form(value), **kwargs),
            check_schema,
        )
    ]


def runs_check_domain(case: Dict[str, Any], kwargs: Dict[str, Any]) -> List[Run]:
    value = case["input"]
    options = dict(kwargs)
    if "allowSubdomains" in value:
        options["allow_subdomains"] = value["allowSubdomains"]
    check: Check = lambda r: assert_keys(case["expect"], r)  # noqa: E731
    return [
        (
            "check_domain",
            lambda: scimgate.check_domain(value["address"], value["approved"], **options),
            check,
        )
    ]


def runs_wrike_view(case: Dict[str, Any], kwargs: Dict[str, Any]) -> List[Run]:
    check: Check = lambda r: assert_keys(case["expect"], r)  # noqa: E731
    runs: List[Run] = []
    for form, resource in value_forms(case["input"]):
        runs.append(
            (
                f"wrike_view with {form} input",
                bind(lambda r: scimgate.wrike_view(r, **kwargs), resource),
                check,
            )
        )
        runs.append(
            (
                f"Validator.view with {form} input",
                bind(lambda r: scimgate.Validator(**kwargs).view(r), resource),
                check,
            )
        )
    return runs


def runs_plan(case: Dict[str, Any], kwargs: Dict[str, Any]) -> List[Run]:
    method = case["input"]["method"]
    check: Check = lambda r: assert_plan(case["expect"], r)  # noqa: E731
    docs = [case["input"].get("body"), case["input"].get("current")]
    runs: List[Run] = []
    for index, form in enumerate(("native", "str", "bytes")):
        body, current = (
            None if doc is None else dict(value_forms(doc)).get(form, native_form(doc))
            for doc in docs
        )
        runs.append(
            (
                f"plan with {form} documents",
                bind(lambda b, c: scimgate.plan(method, b, c, **kwargs), body, current),
                check,
            )
        )
        if index == 0:
            runs.append(
                (
                    "Validator.plan",
                    bind(
                        lambda b, c: scimgate.Validator(**kwargs).plan(method, b, c),
                        body,
                        current,
                    ),
                    check,
                )
            )
    return runs


def batch_of(results: Any) -> Dict[str, Any]:
    """A BatchResults read to the end: its records and its summary."""
    records = list(results)
    return {"records": records, "summary": results.summary}


def assert_batch(expect: Dict[str, Any], result: Dict[str, Any]) -> None:
    got = result["records"]
    assert len(got) == len(expect["records"]), f"number of records: {got}"
    for i, (g, want) in enumerate(zip(got, expect["records"])):
        at = f"record {i}: {g}"
        assert g["index"] == i, at
        assert g["line"] == want["line"], at
        assert g["valid"] is want["valid"], at
        if "error" in want:
            assert "result" not in g, at
            for key, value in want["error"].items():
                assert g["error"].get(key) == value, f"{at}: error {key}"
            continue
        assert "error" not in g, at
        if "action" in want:
            assert g["result"]["action"] == want["action"], at
        codes = sorted(x["code"] for x in g["result"].get("issues", []))
        assert codes == sorted(want.get("issueCodes", [])), f"{at}: issue codes"
    if "summary" in expect:
        assert result["summary"] == expect["summary"]


def runs_batch(case: Dict[str, Any], kwargs: Dict[str, Any]) -> List[Run]:
    """``inputText`` as bytes, as a list of its lines (str), as a binary stream and as a file path;
    ``input.records`` as a list of dicts and as a generator of them; each through the function and
    a Validator."""
    import io
    import tempfile

    plan = case["function"] == "planMany"
    extra: Dict[str, Any] = {"method": case["method"]} if plan and "method" in case else {}
    check: Check = lambda r: assert_batch(case["expect"], r)  # noqa: E731
    forms: List[Tuple[str, Callable[[], Any]]] = []
    if "inputText" in case:
        raw = case["inputText"].encode("utf-8")
        forms.append(("bytes", bind(lambda b: b, raw)))
        forms.append(("lines", bind(lambda t: t.splitlines(keepends=True), case["inputText"])))
        forms.append(("stream", bind(io.BytesIO, raw)))

        def path(data: bytes = raw) -> str:
            with tempfile.NamedTemporaryFile("wb", suffix=".jsonl", delete=False) as f:
                f.write(data)
            return f.name

        forms.append(("path", path))
    if "input" in case:
        records = case["input"]["records"]
        forms.append(("list", bind(lambda r: list(r), records)))
        forms.append(("generator", bind(lambda r: (x for x in r), records)))
    function = scimgate.plan_many if plan else scimgate.check_many

    def through_function(records: Any) -> Any:
        return function(records, **extra, **kwargs)

    def through_validator(records: Any) -> Any:
        v = scimgate.Validator(**kwargs)
        return v.plan_many(records, **extra) if plan else v.check_many(records)

    def run(make: Callable[[], Any], via: Callable[[Any], Any]) -> Dict[str, Any]:
        records = make()
        try:
            return batch_of(via(records))
        finally:
            if isinstance(records, str):
                Path(records).unlink()

    runs: List[Run] = []
    for form, make in forms:
        runs.append((f"{case['function']} with {form}", bind(run, make, through_function), check))
        runs.append(
            (f"Validator.{case['function']} with {form}", bind(run, make, through_validator), check)
        )
    return runs


def assert_parse_expression(expect: Dict[str, Any], language: Any, result: Any) -> None:
    assert result["canonical"] == expect["canonical"], result
    again = scimgate.parse_expression(result["canonical"], language=language)
    assert again["canonical"] == expect["canonical"], f"canonical text re-parses to {again}"
    if "ast" in expect:
        assert same_json(result["ast"], expect["ast"]), result["ast"]


def assert_evaluation(expect: Dict[str, Any], result: Any) -> None:
    assert same_json(result["value"], expect["value"]), f"value {result['value']!r}: {result}"
    assert result["flows"] is expect["flows"], result
    got = sorted(i["code"] for i in result["issues"])
    assert got == sorted(expect.get("issueCodes", [])), f"issue codes {got}: {result['issues']}"


def assert_mapped(expect: Dict[str, Any], result: Any) -> None:
    everything = {"issues": result["issues"], "report": result["report"]["issues"], "plan": result["plan"]["issues"]}
    for key in ("method", "path", "body"):
        if key in expect:
            assert same_json(result["request"][key], expect[key]), f"request.{key}: {result['request']}"
    for target, want in expect.get("values", {}).items():
        found = [v for v in result["values"] if v["target"] == target]
        assert found, f"no value for {target}"
        got = found[0]["value"] if found[0]["flows"] else None
        assert same_json(got, want), f"value of {target} is {got!r}"
    got = sorted(i["code"] for i in result["issues"])
    assert got == sorted(expect.get("issueCodes", [])), f"mapping issues {got}: {everything}"
    if "valid" in expect:
        assert result["report"]["valid"] is expect["valid"], everything
    if "action" in expect:
        assert result["plan"]["action"] == expect["action"], everything
    if "billable" in expect:
        assert result["plan"]["billable"] is expect["billable"], result["plan"]
    if "matching" in expect:
        assert result.get("matching") == expect["matching"], result.get("matching")
    plan_codes = {i["code"] for i in result["plan"]["issues"]}
    for code in expect.get("planIssueCodes", []):
        assert code in plan_codes, f"no plan issue {code}: {everything}"
    if "view" in expect:
        assert_keys(expect["view"], result.get("view") or {})


def runs_expressions(case: Dict[str, Any], kwargs: Dict[str, Any]) -> List[Run]:
    i = case["input"]
    language = i["language"]
    if case["function"] == "parseExpression":
        return [
            (
                "parse_expression",
                bind(lambda t: scimgate.parse_expression(t, language=language), i["text"]),
                lambda r: assert_parse_expression(case["expect"], language, r),
            )
        ]
    check: Check = lambda r: assert_evaluation(case["expect"], r)  # noqa: E731
    return [
        (
            f"evaluate_expression with {form} source",
            bind(
                lambda src: scimgate.evaluate_expression(
                    i["text"], src, language=language, now=i.get("now"), seed=i.get("seed")
                ),
                source,
            ),
            check,
        )
        for form, source in value_forms(i["source"])
    ]


def mapping_of(i: Dict[str, Any]) -> Any:
    """A mapUser case's mapping: ``mapping``, or the IdP's default mapping plus ``extraRules``."""
    if "mapping" in i:
        return i["mapping"]
    base: Dict[str, Any] = dict(scimgate.default_mapping(i["defaultMapping"]))
    base["rules"] = list(base["rules"]) + list(i.get("extraRules", []))
    return base


def runs_map_user(case: Dict[str, Any], kwargs: Dict[str, Any]) -> List[Run]:
    i = case["input"]
    check: Check = lambda r: assert_mapped(case["expect"], r)  # noqa: E731
    named = {"operation": i.get("operation"), "current": i.get("current"), "now": i.get("now"), "seed": i.get("seed")}
    return [
        (
            "map_user",
            bind(lambda m: scimgate.map_user(i["source"], m, **named, **kwargs), mapping_of(i)),
            check,
        ),
        (
            "Validator.map_user with JSON text",
            bind(
                lambda m: scimgate.Validator(**kwargs).map_user(json.dumps(i["source"]), json.dumps(m), **named),
                mapping_of(i),
            ),
            check,
        ),
    ]


RUNNERS: Dict[str, Callable[[Dict[str, Any], Dict[str, Any]], List[Run]]] = {
    "check": runs_check_normalize_load,
    "checkPatch": runs_check_normalize_load,
    "normalize": runs_check_normalize_load,
    "loadSchemas": runs_check_normalize_load,
    "parseFilter": runs_parse_filter,
    "matches": runs_matches,
    "filterResources": runs_filter_resources,
    "parsePath": runs_parse_path,
    "applyPatch": runs_apply_patch,
    "customFieldAttribute": runs_custom_fields,
    "parseCustomFieldAttribute": runs_custom_fields,
    "customFieldsFromWrike": runs_custom_fields,
    "extensionSchema": runs_custom_fields,
    "checkDomain": runs_check_domain,
    "wrikeView": runs_wrike_view,
    "plan": runs_plan,
    "parseExpression": runs_expressions,
    "evaluateExpression": runs_expressions,
    "mapUser": runs_map_user,
    "checkMany": runs_batch,
    "planMany": runs_batch,
}


@pytest.mark.parametrize("case", [c for _, c in CASES], ids=[c["name"] for _, c in CASES])
def test_vector(case: Dict[str, Any]) -> None:
    function = case["function"]
    assert function in RUNNERS, f"unknown function {function!r}"
    expect = case["expect"]
    kwargs = {snake(k): v for k, v in (case.get("options") or {}).items()}
    for via, call, check in RUNNERS[function](case, kwargs):
        where = f"[{via}]"
        if "error" in expect:
            with pytest.raises(scimgate.ScimError) as info:
                call()
            try:
                assert_error(expect["error"], info.value)
            except AssertionError as err:
                raise AssertionError(f"{where} {err}") from None
            continue
        try:
            result = call()
        except scimgate.ScimError as exc:
            raise AssertionError(f"{where} raised {type(exc).__name__}: {exc}") from None
        try:
            check(result)
        except AssertionError as err:
            raise AssertionError(f"{where} {err}") from None
