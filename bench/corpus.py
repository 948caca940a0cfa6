#!/usr/bin/env python3
"""Deterministic corpora for `make bench` (no randomness, no clock: the same bytes on every run).

Writes, under the output directory (default target/bench):

- users.jsonl    10,000 Entra ID -> Wrike create bodies (POST /Users), one JSON document a line:
                 core User + enterprise extension + Wrike extension (user type), primary work
                 email and phone, title, name, address, manager; every one valid for the Wrike
                 profile with the approved domain contoso.com.
- patches.jsonl  10,000 lines {"user": <the stored user, with id and meta>, "patch": <a PatchOp>}:
                 five operations each, in Entra's spelling (capitalized ops, value-filter path,
                 extension-qualified paths), that every peer in the bench can apply.
- corpus.json    counts, byte sizes and the options scimgate uses for these corpora.

Usage: python3 bench/corpus.py [--out DIR] [--users N]
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

CORE = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
WRIKE = "urn:ietf:params:scim:schemas:extension:wrike:2.0:User"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
DOMAIN = "contoso.com"
BASE = "https://www.wrike.com/app/scim/v2"

DEPARTMENTS = ["Engineering", "Sales", "Finance", "Support", "Marketing"]
TITLES = ["Engineer", "Account Executive", "Analyst", "Support Specialist", "Designer"]
CITIES = [("Redmond", "98052"), ("Seattle", "98101"), ("Bellevue", "98004"), ("Kirkland", "98033")]
USER_TYPES = ["Regular", "External", "Collaborator", "Contributor", "Viewer"]

# What scimgate is given for these corpora (the Wrike profile, its approved domain, Entra's
# dialect: the PatchOps use capitalized ops). The bench scripts read it from corpus.json.
OPTIONS = {"profile": "wrike", "dialect": "entra", "approvedDomains": [DOMAIN]}


def external_id(i: int) -> str:
    return f"{(i * 2_654_435_761) % 0xFFFF_FFFF:08x}-5f1e-4c2a-9d3b-{i:012x}"


def user_id(i: int) -> str:
    return f"{i:08x}-0000-4000-8000-{i * 7919:012x}"


def user(i: int) -> dict:
    """The create body Entra sends for directory user i under Wrike's default mapping."""
    city, postal = CITIES[i % len(CITIES)]
    return {
        "schemas": [CORE, ENTERPRISE, WRIKE],
        "externalId": external_id(i),
        "userName": f"user{i}@{DOMAIN}",
        "active": True,
        "displayName": f"Given{i} Family{i}",
        "title": TITLES[i % len(TITLES)],
        "name": {
            "givenName": f"Given{i}",
            "familyName": f"Family{i}",
            "formatted": f"Given{i} Family{i}",
        },
        "emails": [{"primary": True, "type": "work", "value": f"user{i}@{DOMAIN}"}],
        "phoneNumbers": [{"primary": True, "type": "work", "value": f"+1 425 555 {i % 10_000:04}"}],
        "addresses": [
            {
                "type": "work",
                "primary": True,
                "locality": city,
                "postalCode": postal,
                "country": "US",
            }
        ],
        ENTERPRISE: {
            "department": DEPARTMENTS[i % len(DEPARTMENTS)],
            "employeeNumber": str(100_000 + i),
            # With its $ref: scim2-models requires one (RFC 7643 §4.3 marks it required).
            "manager": {"value": user_id(i // 10), "$ref": f"{BASE}/Users/{user_id(i // 10)}"},
        },
        WRIKE: {"userType": USER_TYPES[i % 3]},
    }


def stored(i: int) -> dict:
    """User i as the service holds it: the create body with its id and meta."""
    body = user(i)
    body["id"] = user_id(i)
    body["meta"] = {
        "resourceType": "User",
        "created": "2024-01-02T03:04:05Z",
        "lastModified": "2024-01-02T03:04:05Z",
        "location": f"{BASE}/Users/{body['id']}",
    }
    return body


def patch(i: int) -> dict:
    """Five operations of an Entra attribute update of user i (capitalized ops, as Entra sends)."""
    last = (
        {"op": "Replace", "path": "active", "value": False}
        if i % 10 == 0
        else {"op": "Replace", "path": f"{WRIKE}:userType", "value": USER_TYPES[(i + 1) % 3]}
    )
    return {
        "schemas": [PATCH_OP],
        "Operations": [
            {"op": "Replace", "path": "title", "value": TITLES[(i + 1) % len(TITLES)]},
            {"op": "Replace", "path": "name.givenName", "value": f"Renamed{i}"},
            {
                "op": "Replace",
                "path": 'emails[type eq "work"].value',
                "value": f"renamed{i}@{DOMAIN}",
            },
            {
                "op": "Replace",
                "path": f"{ENTERPRISE}:department",
                "value": DEPARTMENTS[(i + 2) % len(DEPARTMENTS)],
            },
            last,
        ],
    }


def line(doc: dict) -> str:
    return json.dumps(doc, separators=(",", ":"), ensure_ascii=False)


def write(path: Path, lines: list[str]) -> int:
    text = "".join(x + "\n" for x in lines)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return len(text.encode())


def main() -> None:
    root = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=root / "target" / "bench")
    parser.add_argument("--users", type=int, default=10_000)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    n = args.users
    users_bytes = write(args.out / "users.jsonl", [line(user(i)) for i in range(n)])
    patches_bytes = write(
        args.out / "patches.jsonl",
        [line({"user": stored(i), "patch": patch(i)}) for i in range(n)],
    )
    meta = {
        "users": n,
        "patches": n,
        "operationsPerPatch": 5,
        "usersBytes": users_bytes,
        "patchesBytes": patches_bytes,
        "options": OPTIONS,
    }
    (args.out / "corpus.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(
        f"corpus: {n} users ({users_bytes / 2**20:.1f} MiB), {n} PatchOps with stored users "
        f"({patches_bytes / 2**20:.1f} MiB) in {args.out}"
    )


if __name__ == "__main__":
    main()
