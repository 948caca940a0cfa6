"""The Filter class and filter_resources of the installed scimgate wheel: the text as given and the
canonical text, equality, options, reuse across threads, pickling, and what filter_resources
returns for a list and for JSON text.

Parsing, canonical forms, evaluation and filter errors are the shared vectors' (filter/, path/).
"""

from __future__ import annotations

import copy
import json
import pickle
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict, List

import pytest

import scimgate

CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User"
CORE_GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
ENTRA_FILTER = 'emails[type eq "work"].value eq "ada@contoso.com"'


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


def test_a_filter_keeps_the_text_given_and_compares_by_canonical_text() -> None:
    given = 'userName EQ "ada@contoso.com"  AND  (active eq true OR title pr)'
    canonical = 'userName eq "ada@contoso.com" and (active eq true or title pr)'
    f = scimgate.parse_filter(given)
    assert isinstance(f, scimgate.Filter)
    assert f.text == given and str(f) == canonical
    assert repr(f) == f"scimgate.Filter({given!r})"
    again = scimgate.Filter(canonical)
    assert again.text == str(again) == canonical
    assert again == f and hash(again) == hash(f)
    assert f != canonical and f != scimgate.parse_filter("userName pr")
    assert len({f, again, scimgate.parse_filter("title pr")}) == 2


def test_a_filter_has_the_resolved_options_it_evaluates_with() -> None:
    f = scimgate.Filter('userName eq "x"', resource_type="User", mode="lenient")
    assert f == scimgate.parse_filter('userName eq "x"', mode="lenient")
    assert f.options == scimgate.Validator(mode="lenient").options
    f.options["mode"] = "strict"  # a copy
    assert f.options["mode"] == "lenient"
    assert scimgate.parse_filter("title pr").options == scimgate.Validator().options
    # Parsed by a Validator: the Validator's options, and its limits apply to matches.
    validator = scimgate.Validator(mode="lenient", max_bytes=50_000)
    from_validator = validator.parse_filter(ENTRA_FILTER)
    assert from_validator.options == validator.options
    assert from_validator.matches(ADA)
    with pytest.raises(scimgate.PayloadTooLargeError):
        from_validator.matches({**ADA, "title": "x" * 60_000})


def test_filters_equal_by_text_may_evaluate_differently() -> None:
    """Equality is the canonical text; the options stay each filter's own."""
    group = {"schemas": [CORE_GROUP], "id": "g", "displayName": "Sales", "members": []}
    as_group = scimgate.parse_filter('displayName eq "sales"', resource_type="Group")
    as_user = scimgate.parse_filter('displayName eq "sales"')
    assert as_group == as_user
    assert as_group.options != as_user.options
    assert as_group.matches(group) is True
    assert scimgate.filter_resources(as_group, [group]) == [group]


@pytest.mark.parametrize("protocol", range(2, pickle.HIGHEST_PROTOCOL + 1))
def test_filter_pickles(protocol: int) -> None:
    for f in (
        scimgate.parse_filter('userName SW "user1" or not (active eq true)'),
        scimgate.parse_filter(ENTRA_FILTER, mode="lenient"),
        scimgate.parse_filter(ENTRA_FILTER, dialect={"preset": "entra"}, max_bytes=100_000),
        scimgate.Validator(resource_type="Group").parse_filter('displayName co "a"'),
    ):
        restored = pickle.loads(pickle.dumps(f, protocol=protocol))
        assert type(restored) is scimgate.Filter
        assert restored == f and restored.text == f.text and str(restored) == str(f)
        assert restored.options == f.options and repr(restored) == repr(f)
        for resource in [ADA, *USERS]:
            assert restored.matches(resource) == f.matches(resource)
    f = scimgate.parse_filter("title pr", mode="lenient")
    for clone in (copy.copy(f), copy.deepcopy(f)):
        assert clone == f and clone.text == f.text and clone.options == f.options


def test_matches_takes_every_document_form() -> None:
    f = scimgate.parse_filter('userName eq "ADA@contoso.com"')
    text = json.dumps(ADA)
    for form in (ADA, text, text.encode(), bytearray(text.encode()), memoryview(text.encode())):
        assert f.matches(form) is True
    assert f.matches(USERS[0]) is False
    # A JSON value that is not an object never matches, native or text.
    values: List[Any] = [[ADA], (ADA,), 42, "42", b"null", '"ada@contoso.com"']
    for value in values:
        assert f.matches(value) is False


def test_a_filter_is_reusable_and_thread_safe() -> None:
    f = scimgate.parse_filter(f'{ENTERPRISE}:department eq "sales" and active eq true')
    expected = [u for u in USERS if u[ENTERPRISE]["department"] == "Sales" and u["active"]]
    assert expected and len(expected) < len(USERS)
    sequential = [f.matches(u) for u in USERS * 20]
    with ThreadPoolExecutor(max_workers=8) as pool:
        threaded = list(pool.map(f.matches, USERS * 20))
        pickled = list(pool.map(lambda u: pickle.loads(pickle.dumps(f)).matches(u), USERS))
    assert threaded == sequential and pickled == sequential[: len(USERS)]
    assert [u for u, hit in zip(USERS, sequential) if hit] == expected


# ---- filter_resources ---------------------------------------------------------------------------


def test_a_list_gives_back_the_very_objects_that_match() -> None:
    resources: List[Any] = [*USERS, ADA, 42, None, [ADA], (ADA,)]
    selected = scimgate.filter_resources('userName eq "ada@contoso.com"', resources)
    assert len(selected) == 1 and selected[0] is ADA
    f = scimgate.parse_filter(f'{ENTERPRISE}:department eq "Sales"')
    sales = [u for u in [*USERS, ADA] if u[ENTERPRISE]["department"] == "Sales"]
    for given in (resources, tuple(resources)):
        for picked in (scimgate.filter_resources(f, given),
                       scimgate.Validator().filter_resources(f, given)):
            assert len(picked) == len(sales) and all(a is b for a, b in zip(picked, sales))
    # The input is never modified.
    before = copy.deepcopy(resources)
    scimgate.filter_resources("title pr", resources)
    assert resources == before


def test_json_text_gives_parsed_resources() -> None:
    text = json.dumps([*USERS, ADA, 42])
    for form in (text, text.encode(), bytearray(text.encode()), memoryview(text.encode())):
        selected = scimgate.filter_resources('userName eq "ADA@CONTOSO.COM"', form)
        assert selected == [ADA] and selected[0] is not ADA


def test_max_bytes_applies_to_each_resource_of_a_list_and_to_the_whole_text() -> None:
    big = [user(i, title="t" * 1000) for i in range(2000)]
    text = json.dumps(big)
    assert len(text) > 1 << 20
    assert len(scimgate.filter_resources("title pr", big)) == 2000
    with pytest.raises(scimgate.PayloadTooLargeError):
        scimgate.filter_resources("title pr", text)
    assert len(scimgate.filter_resources("title pr", text, max_bytes=4 << 20)) == 2000
    with pytest.raises(scimgate.PayloadTooLargeError):
        scimgate.filter_resources("title pr", [ADA, user(1, title="t" * 2000)], max_bytes=1500)


def test_a_filter_given_with_options_evaluates_with_those_options() -> None:
    """filter_resources(Filter, ..., **options): options given replace the filter's own."""
    lenient = scimgate.parse_filter(ENTRA_FILTER, mode="lenient")
    assert scimgate.filter_resources(lenient, [*USERS, ADA]) == [ADA]
    assert scimgate.filter_resources(lenient, [*USERS, ADA], dialect="entra") == [ADA]
    with pytest.raises(scimgate.InvalidFilterError):
        scimgate.filter_resources(lenient, [ADA], mode="strict")
    # Validator.filter_resources: the Validator's options, whatever the filter was parsed with.
    validator = scimgate.Validator(resource_type="Group")
    group = {"schemas": [CORE_GROUP], "displayName": "Sales"}
    with pytest.raises(scimgate.InvalidFilterError):
        validator.filter_resources(lenient, [ADA, group])
