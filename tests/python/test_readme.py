"""The Python example in README.md runs against the installed wheel."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def python_blocks(markdown: str) -> list[str]:
    """Bodies of the ```python fenced code blocks, in order."""
    return re.findall(r"^```python[ \t]*\n(.*?)^```[ \t]*$", markdown, flags=re.M | re.S)


def test_readme_python_example_runs() -> None:
    assert README.is_file(), f"{README} is missing"
    blocks = python_blocks(README.read_text(encoding="utf-8"))
    assert blocks, "README.md has no ```python example"
    for index, code in enumerate(blocks):
        namespace = {"__name__": "__readme__"}
        exec(compile(code, f"README.md (python block {index + 1})", "exec"), namespace)
