"""The Wrike-profile functions of the installed scimgate wheel where the shared vectors (wrike/)
do not reach: custom_field_urn (no vector function yet), check_domain's arguments and options in
Python, and the attribute definitions of extension_schema (the vectors compare names only)."""

from __future__ import annotations

from typing import Any, Dict

import pytest

import scimgate

# The package seen without its stubs (camelCase options are not in the stubs).
untyped: Any = scimgate
WRIKE = "urn:ietf:params:scim:schemas:extension:wrike:2.0:User"
FIELD_ID = "IEAGWMBBJUAK4G7J"

WRIKE_RESPONSE: Dict[str, Any] = {
    "kind": "customfields",
    "data": [
        {"id": FIELD_ID, "title": "Completed Induction", "type": "Checkbox",
         "applicableEntityTypes": ["User"]},
        {"id": "IEAGWMBBJUAK4G7K", "title": "Level", "type": "DropDown",
         "settings": {"values": ["Junior", "Senior"]}},
        {"id": "IEAGWMBBJUAK4G7L", "title": "Project code", "type": "Text",
         "applicableEntityTypes": ["WorkItem"]},
    ],
}


def test_custom_field_urn() -> None:
    """Candidate vector function `customFieldUrn` ({id, title, extension?} -> {attribute})."""
    assert (
        scimgate.custom_field_urn(FIELD_ID, "  Completed   Induction! ")
        == f"{WRIKE}:{FIELD_ID}_Completed_Induction"
    )
    acme = "urn:example:scim:schemas:extension:acme:2.0:User"
    assert (
        scimgate.custom_field_urn(FIELD_ID, "Completed Induction", acme)
        == scimgate.custom_field_urn(FIELD_ID, "Completed Induction", extension=acme)
        == f"{acme}:{FIELD_ID}_Completed_Induction"
    )
    assert scimgate.custom_field_urn(FIELD_ID, "Title", None) == f"{WRIKE}:{FIELD_ID}_Title"
    for bad_id in ("ieagwmbbjuak4g7j", "IEAG", ""):
        with pytest.raises(scimgate.InvalidCustomFieldError) as info:
            scimgate.custom_field_urn(bad_id, "Title")
        assert (info.value.code, info.value.status) == ("invalid_custom_field", 400)


def test_extension_schema_attribute_definitions() -> None:
    """Candidate: let extensionSchema vectors compare each attribute's type and canonicalValues."""
    schema = scimgate.extension_schema(WRIKE_RESPONSE)
    assert schema["id"] == WRIKE
    by_name = {a["name"]: a for a in schema["attributes"]}
    assert list(by_name) == ["userType", f"{FIELD_ID}_Completed_Induction",
                             "IEAGWMBBJUAK4G7K_Level"]
    assert by_name[f"{FIELD_ID}_Completed_Induction"]["type"] == "boolean"
    assert by_name["IEAGWMBBJUAK4G7K_Level"]["type"] == "string"
    assert by_name["IEAGWMBBJUAK4G7K_Level"]["canonicalValues"] == ["Junior", "Senior"]
    # The catalog as custom_fields_from_wrike gives it describes the same schema.
    catalog = scimgate.custom_fields_from_wrike(WRIKE_RESPONSE)
    assert scimgate.extension_schema(catalog, profile="wrike") == schema


def test_check_domain_arguments_and_options() -> None:
    expected = {"approved": True, "domain": "sales.acme.com", "matched": "acme.com"}
    # approved: any sequence of str; allow_subdomains: an option, in either spelling.
    for approved in (["acme.com"], ("acme.com",), ["@ACME.com"]):
        assert scimgate.check_domain("ada@sales.acme.com", approved, allow_subdomains=True) \
            == expected
        assert untyped.check_domain("ada@sales.acme.com", approved, allowSubdomains=True) \
            == expected
        assert scimgate.check_domain("ada@sales.acme.com", approved)["approved"] is False
    with pytest.raises(scimgate.InvalidOptionError) as info:
        scimgate.check_domain("ada@acme.com", ["acme.com"], allow_subdomains="yes")  # type: ignore[arg-type]
    assert info.value.option == "allowSubdomains"
    with pytest.raises(scimgate.InvalidOptionError) as bad_entry:
        scimgate.check_domain("ada@acme.com", ["not a domain"])
    assert bad_entry.value.option == "approvedDomains"  # as the npm package names it
