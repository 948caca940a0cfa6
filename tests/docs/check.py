"""Checks the site that `make docs` builds (target/docs): each reference has its key items and
every link of index.html and of the rendered pages resolves to a file (and, for a link with a
fragment into a page, to an element with that id).

Usage: python tests/docs/check.py [DOCS_DIR]   (default target/docs). Exit 1 on any failure.
"""

from __future__ import annotations

import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable, List, Set, Tuple
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[2]


class Links(HTMLParser):
    """The hrefs and srcs of a page, and its element ids."""

    def __init__(self) -> None:
        super().__init__()
        self.links: List[str] = []
        self.ids: Set[str] = set()

    def handle_starttag(self, tag: str, attrs: List[Tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.add(value)
            if (tag == "a" and name == "href") or (tag in ("script", "img") and name == "src") or (
                tag == "link" and name == "href"
            ):
                self.links.append(value)


def parse(page: Path) -> Links:
    parser = Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def broken_links(page: Path, site: Path) -> List[str]:
    """Local links of `page` whose file (or fragment in a rendered page) does not exist."""
    broken = []
    for href in parse(page).links:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path:
            continue  # external, or a fragment of this page (checked by the page's own tools)
        target = (page.parent / unquote(parts.path)).resolve()
        if not target.is_file() or site.resolve() not in target.parents:
            broken.append(f"{href} (no file {target})")
            continue
        if parts.fragment and (site / "pages").resolve() in target.parents:
            if parts.fragment not in parse(target).ids:
                broken.append(f"{href} (no id {parts.fragment!r} in {target.name})")
    return broken


def checks(site: Path) -> List[Tuple[str, Callable[[], str | None]]]:
    """(name, check) pairs; a check returns None when it passes, else what is wrong."""

    def contains(rel: str, *needles: str) -> Callable[[], str | None]:
        def run() -> str | None:
            page = site / rel
            if not page.is_file():
                return f"missing {page}"
            text = page.read_text(encoding="utf-8")
            missing = [n for n in needles if n not in text]
            return f"{rel} lacks {missing}" if missing else None

        return run

    def links_of(pages: List[Path]) -> Callable[[], str | None]:
        def run() -> str | None:
            if not pages:
                return "no pages"
            bad = [f"{p.relative_to(site)}: {b}" for p in pages for b in broken_links(p, site)]
            return "; ".join(bad) if bad else None

        return run

    def every_doc_rendered() -> str | None:
        missing = [
            md.name
            for md in sorted((ROOT / "docs").glob("*.md"))
            if not (site / "pages" / "docs" / md.with_suffix(".html").name).is_file()
        ]
        return f"docs pages not rendered: {missing}" if missing else None

    def no_merge_markers() -> str | None:
        # A conflict left in a page renders as text nobody notices (one did in docs/issues.md).
        sources = [ROOT / "README.md", ROOT / "CHANGELOG.md", *sorted((ROOT / "docs").glob("*.md"))]
        marked = [
            f"{md.relative_to(ROOT)}:{n}"
            for md in sources
            for n, line in enumerate(md.read_text(encoding="utf-8").splitlines(), 1)
            if line.startswith(("<<<<<<< ", ">>>>>>> ")) or line == "<<<<<<<" or line == ">>>>>>>"
        ]
        return f"merge conflict markers at {marked}" if marked else None

    # (what, page under the site, texts it must contain)
    contents = [
        ("rustdoc has the crate, Validator and check", "rust/scimgate/index.html",
         ["struct.Validator.html", "fn.check.html"]),
        ("rustdoc has struct Validator", "rust/scimgate/validator/struct.Validator.html",
         ["method.check_patch"]),
        ("rustdoc has the batch API", "rust/scimgate/batch/index.html", ["fn.run_all.html"]),
        ("JS reference has checkMany", "js/functions/checkMany.html", ["checkMany"]),
        ("JS reference has Validator#checkMany", "js/classes/Validator.html", ["checkMany"]),
        ("JS reference has ScimError", "js/index.html", ["ScimError"]),
        ("JS reference has ready and init", "js/variables/ready.html", ["ready"]),
        ("JS reference has init", "js/functions/init.html", ["init"]),
        ("Python reference has check_many", "python/scimgate.html",
         ['id="check_many"', 'id="Validator.check_many"']),
        ("Python reference has InvalidJsonError", "python/scimgate.html", ['id="InvalidJsonError"']),
        ("Python reference has the command", "python/scimgate/cli.html", ["audit"]),
        ("Python reference has scale-out", "python/scimgate/scaleout.html", ['id="audit_record"']),
        ("index links the three references", "index.html",
         ["rust/scimgate/index.html", "js/index.html", "python/scimgate.html"]),
        ("index links the changelog and versioning", "index.html",
         ["pages/CHANGELOG.html", "pages/docs/versioning.html"]),
        ("README page links docs pages as HTML", "pages/README.html", ['href="docs/issues.html"']),
    ]
    rendered = sorted((site / "pages").rglob("*.html"))
    return [(what, contains(rel, *needles)) for what, rel, needles in contents] + [
        ("every docs/*.md is rendered", every_doc_rendered),
        ("no merge conflict markers in the docs", no_merge_markers),
        ("index.html links resolve", links_of([site / "index.html"])),
        ("pages' links and anchors resolve", links_of(rendered)),
    ]


def main(argv: List[str]) -> int:
    site = Path(argv[1]) if len(argv) > 1 else ROOT / "target" / "docs"
    passed = failed = 0
    for name, check in checks(site):
        problem = check()
        if problem is None:
            passed += 1
            print(f"ok   {name}")
        else:
            failed += 1
            print(f"FAIL {name}: {problem}")
    print(f"docs: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
