"""Passwords never leave, seen from Python: every entry point × dialect × mode with a marker
password. No issue (of check_patch too), change, exception message, str/repr, attribute (a failed
PATCH's issues) or error body carries it; with the Wrike profile (whose target stores no
passwords) no result carries it at all."""

from __future__ import annotations

import json
from typing import Any, Callable, Optional

import pytest

import scimgate

MARKER = "MARKER-pa55-w0rd"
PARTS = ("MARKER", "pa55", "w0rd")
USER_URN = "urn:ietf:params:scim:schemas:core:2.0:User"
PATCH_URN = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
USER: dict[str, Any] = {"schemas": [USER_URN], "userName": "ada@acme.com", "password": MARKER,
        "emails": [{"value": "ada@acme.com", "primary": True}]}
BODIES: list[dict[str, Any]] = [
    USER,
    {"schemas": [USER_URN], "userName": "ada@acme.com", "password": [MARKER]},
    {"schemas": [USER_URN], "userName": "ada@acme.com", "PASSWORD": MARKER, "password": MARKER},
    {"schemas": [USER_URN], "userName": "ada@acme.com", f"{USER_URN}:password": MARKER},
]
PATCHES: list[dict[str, Any]] = [
    {"schemas": [PATCH_URN], "Operations": [op]}
    for op in [
        {"op": "replace", "path": "password", "value": MARKER},
        {"op": "Replace", "path": "password", "value": {"x": MARKER}},
        {"op": "add", "value": {"password": MARKER}},
        {"op": "replace", "path": f'password[value eq "{MARKER}"]', "value": "x"},
        {"op": "remove", "path": "password", "value": MARKER},
        # Several problems in one operation: check_patch and a failed apply list them all.
        {"op": "Add", "value": {"password": [MARKER], "name": {"bogus": MARKER}, "x": MARKER}},
        {"op": "remove", "path": "name.givenName", "value": MARKER},
    ]
]


def clean(what: str, value: Any) -> None:
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    for part in PARTS:
        assert part not in text, f"{what} leaks the password: {text}"


def clean_error(what: str, e: scimgate.ScimError) -> None:
    clean(f"{what} str", str(e))
    clean(f"{what} repr", repr(e))
    clean(f"{what} args", [str(a) for a in e.args])
    clean(f"{what} attributes", {k: str(v) for k, v in vars(e).items()})
    clean(f"{what} to_json", e.to_json())
    clean(f"{what} body", scimgate.to_scim_error(e))


def run(what: str, f: Callable[[], Any]) -> Optional[Any]:
    try:
        return f()
    except scimgate.ScimError as e:
        clean_error(what, e)
        return None


@pytest.mark.parametrize("dialect", ["rfc", "entra", "entra-aadOptscim062020", "okta", "onelogin"])
@pytest.mark.parametrize("mode", ["strict", "lenient"])
def test_no_message_or_error_carries_a_password(dialect: str, mode: str) -> None:
    for operation in ("create", "replace", "response"):
        for profile in (None, "wrike"):
            options: dict[str, Any] = {"dialect": dialect, "mode": mode, "operation": operation}
            if profile:
                options.update(profile=profile, approved_domains=["acme.com"])
            ctx = json.dumps(options)
            validator = scimgate.Validator(**options)
            for body in BODIES:
                for report in (scimgate.check(body, **options), validator.check(json.dumps(body).encode())):
                    for issue in report["issues"]:
                        clean(f"check {ctx} {issue['code']}", [issue["message"], issue["path"]])
                    error_body = scimgate.to_scim_error(report)
                    if error_body:
                        clean(f"check {ctx} body", error_body)
                out = run(f"normalize {ctx}", lambda: scimgate.normalize(body, **options))
                if out:
                    for change in out["changes"]:
                        clean(f"normalize {ctx} {change['code']}", [change["message"], change["path"]])
                    if profile:
                        clean(f"normalized {ctx}", out["resource"])
                if profile:
                    clean(f"view {ctx}", run("view", lambda: scimgate.wrike_view(body, **options)) or {})
                    for method in ("POST", "PUT"):
                        clean(f"plan {method} {ctx}",
                              run("plan", lambda: scimgate.plan(method, body=body, current=USER, **options)) or {})
            for patch in PATCHES:
                patched = run(f"apply_patch {ctx}", lambda: scimgate.apply_patch(USER, patch, **options))
                if patched:
                    for c in patched["changes"] + patched["report"]["issues"]:
                        clean(f"patch {ctx} {c['code']}", [c["message"], c["path"]])
                    if profile:
                        clean(f"patched {ctx}", patched["resource"])
                for report in (scimgate.check_patch(patch, **options),
                               validator.check_patch(json.dumps(patch).encode())):
                    for issue in report["issues"]:
                        clean(f"check_patch {ctx} {issue['code']}",
                              [issue["message"], issue["path"], issue["loc"]])
                    error_body = scimgate.to_scim_error(report)
                    if error_body:
                        clean(f"check_patch {ctx} body", error_body)
                if profile:
                    clean(f"plan PATCH {ctx}",
                          run("plan", lambda: scimgate.plan("PATCH", body=patch, current=USER, **options)) or {})


@pytest.mark.parametrize("text", [f'password eq "{MARKER}"', f'password eq "{MARKER}', f"password eq {MARKER}",
                                  f'userName eq "x" or password sw "{MARKER}"'])
def test_filters_are_no_oracle_and_never_echo(text: str) -> None:
    run(f"parse_filter {text}", lambda: scimgate.parse_filter(text))
    run(f"parse_path {text}", lambda: scimgate.parse_path(text))
    with pytest.raises(scimgate.ScimError) as refused:
        scimgate.filter_resources(text, [USER])
    clean_error(f"filter_resources {text}", refused.value)
