#!/usr/bin/env python3
"""Seed the fuzz corpora from the shared test vectors.

Writes fuzz/corpus/<target>/seed-<case>[-<n>] for every target: the resources of check and
normalize cases, the filters, the paths (parsePath and every PATCH path), the [resource, patch]
pairs, the plan requests, the checkDomain inputs, the expressions (parseExpression,
evaluateExpression, and every expression of a mapping) and the mapUser inputs, each behind the selector byte(s) that encode
the case's options (the layout is in fuzz/README.md and fuzz/src/*.rs). A few hand-written inputs
(Unicode look-alikes for domains, passwords in filters) are added too. Existing files are
overwritten, inputs the fuzzer found are left alone.

Usage: python3 scripts/fuzz-seeds.py [repo-root]
"""

import glob
import json
import os
import sys

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), ".."))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")
TARGETS = ["check_json", "normalize", "filter", "path", "patch", "plan", "domain", "expr", "mapping"]
LANGUAGES = ["entra", "okta", "onelogin"]
DIALECTS = ["rfc", "entra", "entra-aadOptscim062020", "okta", "onelogin"]


def compact(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def dialect_name(options):
    d = options.get("dialect")
    if isinstance(d, dict):
        d = d.get("preset")
    return d if d in DIALECTS else None


def resource_selector(options):
    """Two bytes for check_json / normalize (fuzz/src/resource.rs)."""
    b0 = b1 = 0
    if options.get("mode") == "lenient":
        b0 |= 1
    b0 |= {"replace": 1, "response": 2}.get(options.get("operation"), 0) << 1
    if options.get("resourceType") == "Group":
        b0 |= 8
    d = dialect_name(options)
    if d:
        b0 |= (DIALECTS.index(d) + 1) << 4
    profile = options.get("profile") is not None or options.get("userTypes") is not None \
        or options.get("customFields") is not None
    if profile:
        b0 |= 0x80
    if options.get("approvedDomains"):
        b1 |= 1
    if options.get("allowSubdomains"):
        b1 |= 2
    ut = options.get("userTypes")
    if ut == ["Member", "Guest"]:
        b1 |= 1 << 2
    elif isinstance(ut, dict):
        b1 |= 2 << 2
    elif ut is not None:
        b1 |= 3 << 2
    if options.get("customFields") is not None:
        b1 |= 0x10
    ids = json.dumps(options.get("schemas", []))
    if "extension:test:2.0" in ids:
        b1 |= 0x20
    if "extension:acme:2.0" in ids:
        b1 |= 0x40
    if isinstance(options.get("maxDepth"), int) and 0 < options["maxDepth"] < 10:
        b1 |= 0x80
    return bytes([b0, b1])


def filter_selector(options):
    """One byte for filter / path (fuzz/src/filter.rs)."""
    d = options.get("dialect")
    lenient = options.get("mode") == "lenient" or dialect_name(options) == "entra" \
        or (isinstance(d, dict) and d.get("valuePathCompare"))
    if options.get("resourceType") == "Group":
        index = 3
    elif "extension:test:2.0" in json.dumps(options.get("schemas", [])):
        index = 4
    elif options.get("mode") == "lenient":
        index = 1
    elif dialect_name(options) == "entra":
        index = 2
    else:
        index = 0
    return bytes([(1 if lenient else 0) | index << 1])


def patch_selector(options):
    """One byte for patch (fuzz/src/patch.rs)."""
    b0 = 1 if options.get("resourceType") == "Group" else 0
    d = dialect_name(options)
    b0 |= {"entra": 1, "entra-aadOptscim062020": 1, "okta": 2, "onelogin": 3}.get(d, 0) << 1
    if options.get("mode") == "lenient":
        b0 |= 8
    if options.get("profile") is not None:
        b0 |= 0x10
    if isinstance(options.get("maxOperations"), int) and options["maxOperations"] <= 4:
        b0 |= 0x20
    return bytes([b0])


def expr_selectors(language):
    """Selector bytes for expr (fuzz/src/expr.rs): parse only, and each fixed source."""
    i = LANGUAGES.index(language) if language in LANGUAGES else 0
    return [bytes([i | which << 2]) for which in range(4)]


def mapping_selector(idp, options, operation):
    """One byte for mapping (fuzz/src/mapping.rs)."""
    b0 = LANGUAGES.index(idp) if idp in LANGUAGES else 0
    if operation == "update":
        b0 |= 4
    if options.get("approvedDomains"):
        b0 |= 8
    if options.get("customFields") is not None:
        b0 |= 0x10
    if options.get("dialect") is not None:
        b0 |= 0x20
    return bytes([b0])


def mapping_expressions(mapping):
    rules = mapping.get("rules") if isinstance(mapping, dict) else mapping
    for r in rules if isinstance(rules, list) else []:
        src = r.get("source") if isinstance(r, dict) else None
        if isinstance(src, dict) and isinstance(src.get("expression"), str):
            yield src["expression"]


def plan_selector(method, options):
    """One byte for plan (fuzz/src/plan.rs)."""
    methods = ["POST", "PUT", "PATCH", "DELETE"]
    b0 = methods.index(method.upper()) if isinstance(method, str) and method.upper() in methods else 0
    if options.get("resourceType") == "Group":
        b0 |= 4
    b0 |= {"entra": 1, "entra-aadOptscim062020": 1, "okta": 2, "onelogin": 3}.get(dialect_name(options), 0) << 3
    if options.get("mode") == "lenient":
        b0 |= 0x20
    if options.get("allowSubdomains"):
        b0 |= 0x40
    if options.get("customFields") is not None:
        b0 |= 0x80
    return bytes([b0])


class Corpus:
    def __init__(self):
        self.seeds = {t: {} for t in TARGETS}

    def add(self, target, name, data):
        if isinstance(data, str):
            data = data.encode()
        files = self.seeds[target]
        if data in files.values():
            return
        key, n = f"seed-{name}", 1
        while key in files:
            n += 1
            key = f"seed-{name}-{n}"
        files[key] = data

    def write(self):
        for target, files in self.seeds.items():
            d = os.path.join(CORPUS, target)
            os.makedirs(d, exist_ok=True)
            for name, data in files.items():
                with open(os.path.join(d, name), "wb") as f:
                    f.write(data)


def patch_paths(patch):
    ops = patch.get("Operations") if isinstance(patch, dict) else None
    for op in ops if isinstance(ops, list) else []:
        if isinstance(op, dict) and isinstance(op.get("path"), str):
            yield op["path"]


def main():
    c = Corpus()
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "vectors", "**", "*.json"), recursive=True)):
        with open(path, encoding="utf-8") as f:
            cases = json.load(f)["cases"]
        for case in cases:
            name, fn = case["name"], case["function"]
            options = case.get("options") or {}
            inp = case.get("input")
            if fn in ("check", "normalize", "wrikeView"):
                text = case["inputText"] if "inputText" in case else compact(inp)
                sel = resource_selector(options if fn != "wrikeView" else {**options, "profile": "wrike"})
                c.add("check_json", name, sel + text.encode())
                c.add("normalize", name, sel + text.encode())
            elif fn in ("parseFilter", "matches", "filterResources"):
                c.add("filter", name, filter_selector(options) + inp["filter"].encode())
            elif fn == "parsePath":
                c.add("path", name, filter_selector(options) + inp["path"].encode())
            elif fn == "applyPatch":
                c.add("patch", name, patch_selector(options) + compact([inp["resource"], inp["patch"]]).encode())
                sel = resource_selector({**options, "operation": "response"})
                c.add("check_json", name, sel + compact(inp["resource"]).encode())
                for i, p in enumerate(patch_paths(inp["patch"])):
                    c.add("path", f"{name}-{i}", filter_selector(options) + p.encode())
            elif fn == "plan":
                body, current = inp.get("body"), inp.get("current")
                c.add("plan", name, plan_selector(inp.get("method"), options) + compact([body, current]).encode())
            elif fn in ("parseExpression", "evaluateExpression") and isinstance(inp.get("text"), str):
                sels = expr_selectors(inp.get("language"))
                for sel in sels if fn == "evaluateExpression" else sels[:1] + sels[2:3]:
                    c.add("expr", name, sel + inp["text"].encode())
            elif fn == "mapUser":
                idp = inp.get("defaultMapping")
                mapping = inp.get("mapping")
                if isinstance(mapping, dict):
                    idp = mapping.get("idp")
                elif idp is not None:
                    mapping = inp.get("extraRules") or None
                sel = mapping_selector(idp, options, inp.get("operation"))
                c.add("mapping", name, sel + compact([inp.get("source"), mapping, inp.get("current")]).encode())
                for i, text in enumerate(mapping_expressions(mapping)):
                    lang = LANGUAGES.index(idp) if idp in LANGUAGES else 0
                    c.add("expr", f"{name}-{i}", bytes([lang | 1 << 2]) + text.encode())
            elif fn == "checkDomain":
                approved = inp.get("approved")
                if isinstance(inp.get("address"), str) and isinstance(approved, list) \
                        and all(isinstance(a, str) for a in approved):
                    sel = bytes([1 if inp.get("allowSubdomains") else 0])
                    c.add("domain", name, sel + "\n".join([inp["address"], *approved]).encode())

    # Hand-written inputs the vectors do not have.
    for i, (addr, approved, sub) in enumerate([
        ("ada@stra\u00dfe.de", ["strasse.de", "xn--strae-oqa.de"], False),
        ("ada@a\u017fme.com", ["asme.com"], False),           # long s folds to ASCII s
        ("ada@\u212aacme.com", ["kacme.com"], False),         # Kelvin sign folds to ASCII k
        ("ada@\u0130nfo.com", ["info.com", "xn--nfo-zuc.com"], False),
        ("ada@ac\u00adme.com", ["acme.com"], False),          # soft hyphen: mapped away by UTS-46
        ("ada@acme\uff0ecom", ["acme.com"], False),           # full-width dot
        ("ada@sales.acme\u3002com", ["acme.com"], True),      # ideographic full stop
        ("ada@b\u00fccher.de", ["xn--bcher-kva.de"], False),
        ("ada@xn--bcher-kva.de", ["B\u00fccher.de"], False),
        ("ada@\u0430cme.com", ["acme.com"], False),           # Cyrillic a
        ("ada@ACME.COM", ["@Acme.com."], True),
        ("ada@acme.com\uff20evil.io", ["acme.com", "evil.io"], False),
    ]):
        c.add("domain", f"hand-{i}", bytes([1 if sub else 0]) + "\n".join([addr, *approved]).encode())
    for i, f in enumerate([
        'password eq "correct-horse-battery"',
        'password sw "Tr0ub"',
        'password pr and userName pr',
        'not (password co "horse")',
    ]):
        c.add("filter", f"hand-password-{i}", bytes([0]) + f.encode())
    c.write()
    total = sum(len(v) for v in c.seeds.values())
    print(f"fuzz seeds: {total} inputs in {os.path.relpath(CORPUS, ROOT)}/ ("
          + ", ".join(f"{t} {len(c.seeds[t])}" for t in TARGETS) + ")")


if __name__ == "__main__":
    main()
