"""The Wrike profile in the installed scimgate wheel: custom fields, approved domains, the
synced view, the provisioning plan, profile options and their errors."""

from __future__ import annotations

import json
import pickle
from typing import Any, Dict, List

import pytest

import scimgate

CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User"
CORE_GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
WRIKE = "urn:ietf:params:scim:schemas:extension:wrike:2.0:User"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
FIELD_ID = "IEAGWMBBJUAK4G7J"

USER: Dict[str, Any] = {
    "schemas": [CORE_USER, ENTERPRISE],
    "userName": "ada@acme.com",
    "name": {"givenName": "Ada", "familyName": "Lovelace"},
    "title": "Engineer",
    "active": True,
    "emails": [
        {"value": "ada@home.example", "type": "home"},
        {"value": "ada@acme.com", "type": "work"},
    ],
    "phoneNumbers": [
        {"value": "+1 555 0100", "type": "mobile"},
        {"value": "+1 555 0199", "type": "work"},
    ],
    ENTERPRISE: {"organization": "Acme", "department": "R&D"},
}

WRIKE_RESPONSE: Dict[str, Any] = {
    "kind": "customfields",
    "data": [
        {
            "id": FIELD_ID,
            "accountId": "IEAGWMBB",
            "title": "Completed Induction",
            "type": "Checkbox",
            "applicableEntityTypes": ["User"],
        },
        {
            "id": "IEAGWMBBJUAK4G7K",
            "title": "Level",
            "type": "DropDown",
            "settings": {"values": ["Junior", "Senior"]},
        },
        {
            "id": "IEAGWMBBJUAK4G7L",
            "title": "Project code",
            "type": "Text",
            "applicableEntityTypes": ["WorkItem"],
        },
    ],
}


# ---- custom fields --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title,attribute",
    [
        ("Completed Induction", f"{FIELD_ID}_Completed_Induction"),
        ("  Completed   Induction! ", f"{FIELD_ID}_Completed_Induction"),
        ("Año fiscal (2024)", f"{FIELD_ID}_Ano_fiscal_2024"),
        ("入社日", FIELD_ID),
        ("", FIELD_ID),
    ],
)
def test_custom_field_attribute(title: str, attribute: str) -> None:
    assert scimgate.custom_field_attribute(FIELD_ID, title) == attribute
    parsed = scimgate.parse_custom_field_attribute(attribute)
    assert parsed["id"] == FIELD_ID and "schema" not in parsed
    assert scimgate.custom_field_attribute(parsed["id"], parsed["title"]) == attribute


def test_parse_custom_field_attribute_with_urn() -> None:
    assert scimgate.parse_custom_field_attribute(f"{WRIKE}:{FIELD_ID}_Completed_Induction") == {
        "schema": WRIKE,
        "id": FIELD_ID,
        "title": "Completed_Induction",
    }


def test_custom_field_urn() -> None:
    assert (
        scimgate.custom_field_urn(FIELD_ID, "Completed Induction")
        == f"{WRIKE}:{FIELD_ID}_Completed_Induction"
    )
    acme = "urn:example:scim:schemas:extension:acme:2.0:User"
    assert (
        scimgate.custom_field_urn(FIELD_ID, "Completed Induction", acme)
        == f"{acme}:{FIELD_ID}_Completed_Induction"
    )
    with pytest.raises(scimgate.InvalidCustomFieldError) as info:
        scimgate.custom_field_urn("ieagwmbbjuak4g7j", "Title")
    assert info.value.code == "invalid_custom_field"


def test_custom_field_errors() -> None:
    for bad_id in ("IEAG", "ieagwmbbjuak4g7j", "IEAGWMBBJUAK4G7J0", ""):
        with pytest.raises(scimgate.InvalidCustomFieldError) as info:
            scimgate.custom_field_attribute(bad_id, "Title")
        exc = info.value
        assert (exc.code, exc.scim_type, exc.status) == ("invalid_custom_field", "invalidValue", 400)
        assert type(pickle.loads(pickle.dumps(exc))) is scimgate.InvalidCustomFieldError
    for bad_name in ("Completed_Induction", "ieag_x", f"{WRIKE}:x"):
        with pytest.raises(scimgate.InvalidCustomFieldError):
            scimgate.parse_custom_field_attribute(bad_name)


def test_custom_fields_from_wrike() -> None:
    catalog = scimgate.custom_fields_from_wrike(WRIKE_RESPONSE)
    assert catalog == [
        {"id": FIELD_ID, "title": "Completed Induction", "type": "Checkbox"},
        {"id": "IEAGWMBBJUAK4G7K", "title": "Level", "type": "DropDown",
         "options": ["Junior", "Senior"]},
    ]
    text = json.dumps(WRIKE_RESPONSE)
    assert scimgate.custom_fields_from_wrike(text) == catalog
    assert scimgate.custom_fields_from_wrike(text.encode()) == catalog
    assert scimgate.custom_fields_from_wrike(WRIKE_RESPONSE["data"]) == catalog
    # A catalog reads back as the same catalog.
    assert scimgate.custom_fields_from_wrike(list(catalog)) == catalog
    bad_responses: List[Any] = [{"data": "x"}, {"errors": []}, '"text"', {"data": [{"title": "x"}]}]
    for bad in bad_responses:
        with pytest.raises(scimgate.InvalidCustomFieldError):
            scimgate.custom_fields_from_wrike(bad)
    with pytest.raises(scimgate.InvalidJsonError):
        scimgate.custom_fields_from_wrike("{")


def test_extension_schema() -> None:
    schema = scimgate.extension_schema(WRIKE_RESPONSE)
    assert schema["id"] == WRIKE
    assert [a["name"] for a in schema["attributes"]] == [
        "userType",
        f"{FIELD_ID}_Completed_Induction",
        "IEAGWMBBJUAK4G7K_Level",
    ]
    assert scimgate.extension_schema(json.dumps(WRIKE_RESPONSE), profile="wrike") == schema
    assert [a["name"] for a in scimgate.extension_schema([])["attributes"]] == ["userType"]
    with pytest.raises(scimgate.InvalidCustomFieldError):
        scimgate.extension_schema({"nope": 1})
    with pytest.raises(scimgate.InvalidOptionError):
        scimgate.extension_schema([], profile="nosuch")


# ---- domains ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address,approved,allow,expected",
    [
        ("ada@acme.com", ["acme.com"], False, True),
        ("ada@ACME.com", ["@Acme.COM"], False, True),
        ("ada@sales.acme.com", ["acme.com"], False, False),
        ("ada@sales.acme.com", ["acme.com"], True, True),
        ("ada@acme.com.evil.com", ["acme.com"], True, False),
        ("ada@evil-acme.com", ["acme.com"], True, False),
        ("ada@bücher.example", ["xn--bcher-kva.example"], False, True),
        ("ada@xn--bcher-kva.example", ["bücher.example"], False, True),
        ("ada@аcme.com", ["acme.com"], False, False),  # Cyrillic "а"
        ("ada@acme.com", [], False, False),
    ],
)
def test_check_domain(address: str, approved: List[str], allow: bool, expected: bool) -> None:
    result = scimgate.check_domain(address, approved, allow_subdomains=allow)
    assert result["approved"] is expected
    assert result["domain"] == result["domain"].lower()
    assert ("matched" in result) is expected
    assert scimgate.check_domain(address, tuple(approved), allow_subdomains=allow) == result


@pytest.mark.parametrize(
    "address",
    ['"ada@acme.com"@evil.com', "ada@evil.com@acme.com", "ada(acme.com)@evil.com",
     "ada @acme.com", "ada@acme.com\n", "ada%40acme.com@evil.com", "ada", "@acme.com", ""],
)
def test_check_domain_refuses_crafted_addresses(address: str) -> None:
    try:
        result = scimgate.check_domain(address, ["acme.com"], allow_subdomains=True)
    except scimgate.InvalidEmailError as exc:
        assert (exc.code, exc.scim_type, exc.status) == ("invalid_email", "invalidValue", 400)
        assert type(pickle.loads(pickle.dumps(exc))) is scimgate.InvalidEmailError
    else:
        assert result["approved"] is False, result


def test_check_domain_errors_and_types() -> None:
    with pytest.raises(scimgate.InvalidOptionError):
        scimgate.check_domain("ada@acme.com", ["not a domain"])
    for approved in ("acme.com", b"acme.com", 42, None, [1], [b"acme.com"]):
        with pytest.raises(TypeError):
            scimgate.check_domain("ada@acme.com", approved)  # type: ignore[arg-type]
    for address in (b"ada@acme.com", 42, None):
        with pytest.raises(TypeError):
            scimgate.check_domain(address, ["acme.com"])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        scimgate.check_domain("ada@acme.com", ["acme.com"], True)  # type: ignore[call-arg]


def test_check_with_approved_domains() -> None:
    def codes(resource: Dict[str, Any], **options: Any) -> List[Any]:
        report = scimgate.check(resource, **options)
        return sorted((i["code"], i["path"]) for i in report["issues"])

    assert ("domain_not_approved", "userName") in codes(
        {**USER, "userName": "ada@evil.com"}, approved_domains=["acme.com"]
    )
    assert not any(c == "domain_not_approved" for c, _ in codes(USER, approved_domains=["acme.com"]))
    sub = {**USER, "userName": "ada@sales.acme.com"}
    assert ("domain_not_approved", "userName") in codes(sub, approved_domains=["acme.com"])
    assert not any(
        c == "domain_not_approved"
        for c, _ in codes(sub, approved_domains=["acme.com"], allow_subdomains=True)
    )
    nobody = {"schemas": [CORE_USER], "userName": "ada"}
    assert ("no_login_email", "") in codes(nobody, approved_domains=["acme.com"])


# ---- user types and custom fields in check ------------------------------------------------------


def test_user_types_and_custom_fields_in_check() -> None:
    resource = {
        **USER,
        "schemas": [CORE_USER, ENTERPRISE, WRIKE],
        WRIKE: {"userType": "wrike_external", "IEAGWMBBJUAK4G7Z_X": "1"},
    }
    report = scimgate.check(
        resource,
        profile="wrike",
        user_types={"aliases": {"wrike_external": "External"}},
        custom_fields=WRIKE_RESPONSE,
    )
    found = {(i["code"], i["path"]) for i in report["issues"]}
    assert ("user_type_alias", f"{WRIKE}:userType") in found
    assert ("unknown_custom_field", f"{WRIKE}:IEAGWMBBJUAK4G7Z_X") in found
    assert report["valid"] is False
    unknown = scimgate.check({**resource, WRIKE: {"userType": "Boss"}}, profile="wrike")
    assert [i["code"] for i in unknown["issues"] if i["severity"] == "error"] == [
        "unknown_user_type"
    ]
    assert scimgate.check(
        {**resource, WRIKE: {"userType": "Boss"}}, profile="wrike", user_types=["Boss", "Staff"]
    )["valid"]


def test_invalid_profile_error() -> None:
    with pytest.raises(scimgate.InvalidProfileError) as info:
        scimgate.check(USER, profile={"name": "mine"})
    exc = info.value
    assert (exc.code, exc.scim_type, exc.status) == ("invalid_profile", "invalidValue", 400)
    assert isinstance(exc.path, str) and exc.path
    restored = pickle.loads(pickle.dumps(exc))
    assert (type(restored), restored.path, str(restored)) == (type(exc), exc.path, str(exc))
    with pytest.raises(scimgate.InvalidProfileError):
        scimgate.Validator(profile={"name": "mine"})


# ---- view -----------------------------------------------------------------------------------------


def test_wrike_view() -> None:
    view = scimgate.wrike_view(USER)
    assert view["userName"] == "ada@acme.com"
    assert (view["givenName"], view["familyName"]) == ("Ada", "Lovelace")
    assert view["email"] == "ada@acme.com"  # no primary: the first of type work
    assert view["phone"] == "+1 555 0199"
    assert (view["organization"], view["department"], view["title"]) == ("Acme", "R&D",
                                                                          "Engineer")
    assert view["userType"] == "Regular" and view["userTypeDefaulted"] is True
    assert view["active"] is True
    assert view["loginEmail"] == "ada@acme.com"
    assert view["customFields"] == {} and view["omitted"] == []
    # One rule: the stored email is the login email (userName here, an address).
    primary = {**USER, "emails": [*USER["emails"], {"value": "p@acme.com", "primary": True}]}
    assert scimgate.wrike_view(primary)["email"] == "ada@acme.com"
    no_login_name = {**primary, "userName": "ada"}
    assert scimgate.wrike_view(no_login_name)["email"] == "p@acme.com"
    assert scimgate.wrike_view(json.dumps(USER)) == view == scimgate.wrike_view(
        json.dumps(USER).encode(), profile="wrike"
    )
    assert scimgate.Validator(profile="wrike").view(USER) == view
    bare = scimgate.wrike_view({"schemas": [CORE_USER], "userName": "bob"})
    assert bare["loginEmail"] is None and "email" in bare["omitted"]


def test_view_and_plan_on_a_validator_use_the_default_profile() -> None:
    validator = scimgate.Validator()
    assert validator.view(USER) == scimgate.wrike_view(USER)
    assert validator.plan("POST", USER) == scimgate.plan("POST", USER)


# ---- plan -------------------------------------------------------------------------------------------


def test_plan_user_lifecycle() -> None:
    created = scimgate.plan("POST", USER, approved_domains=["acme.com"])
    assert created["action"] == "create" and created["billable"] is True
    assert created["resourceType"] == "User" and created["summary"]
    assert {c["attribute"] for c in created["changes"]} >= {"userName", "email", "title"}
    assert "resource" in created

    rejected = scimgate.plan("post", {**USER, "userName": "ada@evil.com", "emails": []},
                             approved_domains=["acme.com"])
    assert rejected["action"] == "reject" and rejected["billable"] is False
    assert "domain_not_approved" in {i["code"] for i in rejected["issues"]}
    assert "resource" not in rejected

    current = {**USER, "id": "u1"}
    put = {k: v for k, v in USER.items() if k not in ("title", "phoneNumbers")}
    kept = scimgate.plan("PUT", put, current)
    # The body carries no Wrike user type either: Wrike keeps the one it has.
    assert kept["action"] == "noop" and set(kept["kept"]) == {"title", "phone", "userType"}
    updated = scimgate.plan("PUT", {**put, "title": "Boss"}, current)
    assert updated["action"] == "update" and updated["kept"] == ["phone", "userType"]
    assert updated["changes"] == [{"attribute": "title", "from": "Engineer", "to": "Boss"}]

    same = scimgate.plan("PUT", USER, current)
    assert same["action"] == "noop" and same["changes"] == []

    deactivated = scimgate.plan(
        "PATCH",
        {"schemas": [PATCH_OP], "Operations": [{"op": "replace", "value": {"active": False}}]},
        current,
        dialect="okta",
    )
    assert deactivated["action"] == "deactivate"
    reactivated = scimgate.plan("PUT", USER, {**current, "active": False})
    assert reactivated["action"] == "reactivate" and reactivated["billable"] is True

    deleted = scimgate.plan("DELETE", current=current)
    assert deleted["action"] == "deactivate"


def test_plan_groups() -> None:
    group = {"schemas": [CORE_GROUP], "id": "g1", "displayName": "Ops",
             "members": [{"value": "u1"}, {"value": "u2"}]}
    body = {"schemas": [PATCH_OP], "Operations": [
        {"op": "add", "path": "members", "value": [{"value": "u3"}]},
        {"op": "remove", "path": 'members[value eq "u1"]'},
    ]}
    plan = scimgate.plan("PATCH", body, group, resource_type="Group")
    assert plan["action"] == "update" and plan["resourceType"] == "Group"
    assert plan["members"] == {"added": ["u3"], "removed": ["u1"]}
    created = scimgate.plan("POST", {k: v for k, v in group.items() if k != "id"},
                            resource_type="Group")
    assert created["action"] == "create" and created["members"]["added"] == ["u1", "u2"]
    assert scimgate.plan("DELETE", None, group, resource_type="Group")["action"] == "delete"
    validator = scimgate.Validator(profile="wrike", resource_type="Group")
    assert validator.plan("PATCH", json.dumps(body), json.dumps(group).encode()) == plan


def test_plan_errors_and_types() -> None:
    with pytest.raises(scimgate.InvalidOptionError):
        scimgate.plan("FETCH", USER)
    with pytest.raises(scimgate.InvalidOptionError):
        scimgate.plan("PATCH", {"schemas": [PATCH_OP], "Operations": []})  # no current
    broken = scimgate.plan("PATCH", {"schemas": [PATCH_OP], "Operations": [{"op": "bogus"}]},
                           {**USER, "id": "u1"})
    assert broken["action"] == "reject"
    assert "patch_failed" in {i["code"] for i in broken["issues"]}
    with pytest.raises(scimgate.InvalidJsonError):
        scimgate.plan("POST", "{")
    for method in (b"POST", None, 1):
        with pytest.raises(TypeError):
            scimgate.plan(method, USER)  # type: ignore[arg-type]
    for body in (42, object()):
        with pytest.raises(TypeError):
            scimgate.plan("POST", body)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        scimgate.wrike_view(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        scimgate.custom_field_attribute(FIELD_ID, 42)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        scimgate.custom_field_attribute(b"IEAGWMBBJUAK4G7J", "x")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        scimgate.parse_custom_field_attribute(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        scimgate.custom_fields_from_wrike(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        scimgate.extension_schema(None)  # type: ignore[arg-type]
