"""Calls every public function of scimgate with type assertions.

Checked by ``mypy --strict`` against the installed stubs (scripts/test-python.sh) and executed by
test_api.py, so the stubs and the runtime are held to the same usage.
"""

from __future__ import annotations

import json
import pickle
from typing import Any, Dict, List, Optional

from typing_extensions import assert_type

import scimgate
from scimgate import (
    AttrPathInfo,
    Change,
    CustomField,
    DialectPreset,
    DomainCheck,
    Filter,
    Issue,
    LoadedSchemas,
    Members,
    Normalized,
    Options,
    ParsedAttribute,
    ParsedCustomFieldAttribute,
    Patched,
    PathInfo,
    Plan,
    PlanAction,
    Report,
    SchemaDocument,
    ScimError,
    ScimErrorBody,
    UserTypesDoc,
    UserTypeSettings,
    Validator,
    View,
    WrikeView,
)

USER = {
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
    "userName": "bjensen@example.com",
    "name": {"givenName": "Barbara", "familyName": "Jensen"},
    "emails": [{"value": "bjensen@example.com", "type": "work", "primary": True}],
}


def main() -> None:
    """Exercise the whole public API once."""
    version: str = scimgate.__version__
    assert version

    report = scimgate.check(USER)
    assert_type(report, Report)
    valid: bool = report["valid"]
    issues: List[Issue] = report["issues"]
    for issue in issues:
        code: scimgate.Code = issue["code"]
        path: str = issue["path"]
        severity: scimgate.Severity = issue["severity"]
        scim_type: Optional[str] = issue.get("scimType")
        status: Optional[int] = issue.get("status")
        assert code and isinstance(path, str) and severity and (scim_type or status or True)
    assert valid, report

    options: Options = {"resource_type": "Group", "operation": "replace", "mode": "lenient",
                        "max_bytes": 1 << 16, "max_depth": 16}
    lenient = scimgate.check(
        '{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Ops"}',
        **options,
    )
    assert_type(lenient, Report)
    assert_type(scimgate.check(b'{"schemas": []}', operation="response"), Report)
    assert_type(scimgate.check(bytearray(b"{}"), schemas=[]), Report)
    assert_type(scimgate.check(memoryview(b"{}")), Report)

    normalized = scimgate.normalize(USER, mode="lenient")
    assert_type(normalized, Normalized)
    resource: Dict[str, Any] = normalized["resource"]
    changes: List[Issue] = normalized["changes"]
    assert resource and isinstance(changes, list)

    loaded = scimgate.load_schemas({"schemas": [], "Resources": [], "totalResults": 0})
    assert_type(loaded, LoadedSchemas)
    ids = [schema["id"] for schema in loaded["schemas"]]
    names = [rt["name"] for rt in loaded["resourceTypes"]]
    assert ids and names

    invalid = scimgate.check({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"]})
    body = scimgate.to_scim_error(invalid)
    assert_type(body, Optional[ScimErrorBody])
    assert body is not None and body["status"].isdigit()
    assert scimgate.to_scim_error(report) is None

    try:
        scimgate.check("{not json")
    except scimgate.InvalidJsonError as exc:
        line: int = exc.line
        column: int = exc.column
        assert line >= 1 and column >= 0
        error_body = scimgate.to_scim_error(exc)
        assert_type(error_body, Optional[ScimErrorBody])
        assert error_body is not None and error_body["detail"] == str(exc)
        payload: Dict[str, Any] = exc.to_json()
        assert payload["line"] == line
    try:
        scimgate.check(USER, resource_type="NoSuchType")
    except ScimError as exc:
        err_code: str = exc.code
        err_scim_type: Optional[str] = exc.scim_type
        err_status: int = exc.status
        assert err_code and err_status and (err_scim_type or True)
    try:
        scimgate.check(USER, max_depth=0)
    except scimgate.InvalidOptionError as exc:
        option: str = exc.option
        assert option == "maxDepth"
    try:
        scimgate.load_schemas(None)  # type: ignore[arg-type]
    except scimgate.InvalidArgumentError as exc:
        argument: str = exc.argument
        assert argument == "doc"
    try:
        scimgate.check(USER, max_bytes=10)
    except scimgate.PayloadTooLargeError as exc:
        size: int = exc.size
        limit: int = exc.limit
        assert size > limit == 10
    try:
        scimgate.normalize("[]")
    except scimgate.NotAnObjectError as exc:
        found: str = exc.found
        assert found == "array"

    validator = Validator(resource_type="User", mode="strict")
    assert_type(validator.check(USER), Report)
    assert_type(validator.normalize(USER), Normalized)
    in_force = validator.options
    assert_type(in_force, Dict[str, Any])
    assert in_force["max_depth"] == 32
    restored = pickle.loads(pickle.dumps(validator))
    assert isinstance(restored, Validator)
    assert restored.check(USER) == validator.check(USER)

    errors: tuple[type[ScimError], ...] = (
        scimgate.InvalidJsonError,
        scimgate.PayloadTooLargeError,
        scimgate.NestingTooDeepError,
        scimgate.UnknownResourceTypeError,
        scimgate.InvalidSchemaError,
        scimgate.InvalidOptionError,
        scimgate.NotAnObjectError,
        scimgate.InvalidFilterError,
        scimgate.InvalidPathError,
        scimgate.PatchFailedError,
        scimgate.InvalidCustomFieldError,
        scimgate.InvalidProfileError,
        scimgate.InvalidEmailError,
        scimgate.InvalidUnicodeError,
        scimgate.InvalidArgumentError,
        scimgate.InternalError,
    )
    assert all(issubclass(e, ValueError) for e in errors)

    filters()
    patches()
    wrike()
    batches()


def filters() -> None:
    """Filters, paths and filter_resources."""
    f = scimgate.parse_filter('userName EQ "bjensen@example.com"', mode="lenient")
    assert_type(f, Filter)
    text: str = f.text
    canonical: str = str(f)
    assert text != canonical and repr(f)
    assert_type(f.matches(USER), bool)
    assert f.matches(b"{}") is False
    assert_type(f.options, Dict[str, Any])
    same = Filter('userName  eq "bjensen@example.com"', mode="lenient", dialect="entra")
    assert same == f and hash(same) == hash(f)
    restored = pickle.loads(pickle.dumps(f))
    assert isinstance(restored, Filter) and restored == f

    selected = scimgate.filter_resources(f, [USER, {"userName": "x"}])
    assert_type(selected, List[Any])
    assert selected == [USER]
    assert scimgate.filter_resources("title pr", "[]", resource_type="User") == []
    assert scimgate.filter_resources("title pr", (USER, b"{}")) == []

    path = scimgate.parse_path('emails[type eq "work"].value')
    assert_type(path, PathInfo)
    name: str = path["name"]
    urn: Optional[str] = path["urn"]
    value_filter: Optional[str] = path["filter"]
    sub: Optional[str] = path["sub"]
    assert name == "emails" and urn is None and value_filter and sub == "value"
    legacy: AttrPathInfo = path
    assert legacy["text"]

    validator = Validator(dialect="entra")
    assert_type(validator.parse_filter('emails[type eq "work"].value eq "x"'), Filter)
    assert_type(validator.parse_path("name.givenName"), PathInfo)
    assert_type(validator.filter_resources("userName pr", [USER]), List[Any])

    try:
        scimgate.parse_filter("userName eq")
    except scimgate.InvalidFilterError as exc:
        offset: int = exc.offset
        expected: str = exc.expected
        assert offset >= 0 and expected
    try:
        scimgate.parse_path("name..x")
    except scimgate.InvalidPathError as exc:
        assert exc.offset >= 0 and isinstance(exc.expected, str)


def patches() -> None:
    """apply_patch and its result shapes."""
    body = {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "Replace", "path": "title", "value": "Boss"}],
    }
    dialect: DialectPreset = "entra"
    patched = scimgate.apply_patch(USER, body, dialect=dialect, max_operations=10)
    assert_type(patched, Patched)
    resource: Dict[str, Any] = patched["resource"]
    changes: List[Issue] = patched["changes"]
    members: Members = patched["members"]
    added: List[str] = members["added"]
    report: Report = patched["report"]
    assert resource["title"] == "Boss" and changes and added == [] and report["valid"]
    validator = Validator(dialect={"preset": "rfc", "capitalizedOps": True})
    assert_type(validator.apply_patch(USER, body), Patched)
    try:
        scimgate.apply_patch(USER, body)
    except scimgate.PatchFailedError as exc:
        index: Optional[int] = exc.index
        assert index == 0 and exc.scim_type == "invalidSyntax"
        problems: List[Issue] = exc.issues
        assert [(i["code"], i["path"]) for i in problems] == [("patch_invalid_syntax", "Operations[0].op")]
    checked = scimgate.check_patch(body, dialect=dialect)
    assert_type(checked, Report)
    assert checked["valid"] and checked["issues"][0]["code"] == "capitalized_op"
    assert_type(validator.check_patch(json.dumps(body)), Report)


def wrike() -> None:
    """The Wrike profile: custom fields, domains, view and plan."""
    attribute: str = scimgate.custom_field_attribute("IEAGWMBBJUAK4G7J", "Completed Induction")
    urn: str = scimgate.custom_field_urn("IEAGWMBBJUAK4G7J", "Completed Induction")
    custom_urn: str = scimgate.custom_field_urn(
        "IEAGWMBBJUAK4G7J", "Completed Induction", extension="urn:example:ext:2.0:User"
    )
    assert urn.endswith(attribute) and custom_urn.endswith(attribute)
    parsed = scimgate.parse_custom_field_attribute(attribute)
    assert_type(parsed, ParsedAttribute)
    field_id: str = parsed["id"]
    schema: Optional[str] = parsed.get("schema")
    assert field_id == "IEAGWMBBJUAK4G7J" and schema is None
    legacy_parsed: ParsedCustomFieldAttribute = parsed
    assert legacy_parsed["title"] == "Completed_Induction"
    response = {"data": [{"id": "IEAGWMBBJUAK4G7J", "title": "Completed Induction",
                          "type": "Checkbox"}]}
    catalog = scimgate.custom_fields_from_wrike(response)
    assert_type(catalog, List[CustomField])
    field: CustomField = catalog[0]
    kind: str = field["type"]
    field_options: Optional[List[str]] = field.get("options")
    assert kind == "Checkbox" and field_options is None
    extension = scimgate.extension_schema(response, profile="wrike")
    assert_type(extension, SchemaDocument)
    assert [a["name"] for a in extension["attributes"]][0] == "userType"

    check = scimgate.check_domain("ada@sales.example.com", ("example.com",), allow_subdomains=True)
    assert_type(check, DomainCheck)
    approved: bool = check["approved"]
    domain: str = check["domain"]
    matched: Optional[str] = check.get("matched")
    assert approved and domain and matched
    try:
        scimgate.check_domain('"x"@example.com', ["example.com"])
    except scimgate.InvalidEmailError as exc:
        assert exc.code == "invalid_email"
    try:
        scimgate.parse_filter('userName eq "\ud800"')
    except scimgate.InvalidUnicodeError as exc:
        argument: str = exc.argument
        assert argument == "filter"

    user_types: UserTypesDoc = {"values": ["Regular", "External"], "default": "Regular",
                                "aliases": {"wrike_external": "External"}}
    legacy_types: UserTypeSettings = {"values": ["Regular"]}
    view = scimgate.wrike_view(USER, profile="wrike", user_types=user_types,
                               custom_fields=catalog)
    assert_type(view, View)
    login: Optional[str] = view["loginEmail"]
    defaulted: bool = view["userTypeDefaulted"]
    omitted: List[str] = view["omitted"]
    user_name: Any = view.get("userName")
    assert login == "bjensen@example.com" and defaulted and "title" in omitted and user_name
    legacy_view: WrikeView = scimgate.wrike_view(USER, user_types=legacy_types)
    assert legacy_view["userType"] == "Regular"

    plan = scimgate.plan("POST", USER, approved_domains=["example.com"], allow_subdomains=False)
    assert_type(plan, Plan)
    action: PlanAction = plan["action"]
    billable: bool = plan["billable"]
    plan_changes: List[Change] = plan["changes"]
    kept: List[str] = plan["kept"]
    issues: List[Issue] = plan["issues"]
    stored: Optional[Dict[str, Any]] = plan.get("resource")
    assert action == "create" and billable and kept == [] and issues and stored
    for change in plan_changes:
        changed: str = change["attribute"]
        before: Any = change["from"]
        after: Any = change["to"]
        assert changed and (before is None or before) and after is not None

    validator = Validator(profile="wrike", approved_domains=["example.com"])
    assert_type(validator.view(USER), View)
    assert_type(validator.plan("DELETE", None, {**USER, "id": "1"}), Plan)
    try:
        Validator(profile={"name": "mine"})
    except scimgate.InvalidProfileError as exc:
        where: str = exc.path
        assert where


if __name__ == "__main__":
    main()


def batches() -> None:
    """check_many / plan_many: lazy results and the summary."""
    results = scimgate.check_many([USER, b"{x"], mode="lenient")
    assert_type(results, scimgate.BatchResults)
    records: List[scimgate.BatchRecord] = list(results)
    assert [r["valid"] for r in records] == [True, False]
    summary: scimgate.BatchSummary = results.summary
    assert summary["records"] == 2 and summary["unreadable"] == 1
    line: int = records[1]["line"]
    assert line == 2
    planned = Validator(approved_domains=["example.com"]).plan_many(json.dumps(USER).encode(), method="POST")
    assert_type(planned, scimgate.BatchResults)
    assert planned.summary["records"] == 1
