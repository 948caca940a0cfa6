"""Python API reference of the wheel with pdoc: the package's sources (docstrings) and its stubs
(``*.pyi``: types), without building the extension module.

Usage: python tools/docs/pydoc.py OUTPUT_DIR VERSION

``scimgate/__init__.py`` imports the native module ``scimgate._native`` (built by maturin). The
reference must not need that build, so a stand-in module with the names of ``_native.pyi`` is put
in ``sys.modules`` first; nothing in it is called while pdoc reads the package (pdoc imports the
modules and reads their docstrings and the stubs beside them).
"""

from __future__ import annotations

import sys
import types
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE_DIR = ROOT / "bindings-py" / "python"


def stand_in_native(version: str) -> types.ModuleType:
    """A module with the names that ``_native.pyi`` declares; none of them works."""
    native = types.ModuleType("scimgate._native", "Stand-in for the extension module (docs build only).")

    class CoreError(Exception):
        """A core failure; args[0] is the error as JSON text."""

    class Validator:
        """A compiled validator."""

    class BatchRun:
        """A batch read and run a chunk of records at a time."""

    def call(*_args: object) -> None:
        raise RuntimeError("scimgate._native stand-in: the docs build does not run the core")

    for item in (CoreError, Validator, BatchRun):
        item.__module__ = "scimgate._native"
    native.CoreError = CoreError  # type: ignore[attr-defined]
    native.Validator = Validator  # type: ignore[attr-defined]
    native.BatchRun = BatchRun  # type: ignore[attr-defined]
    native.call = call  # type: ignore[attr-defined]
    native.__version__ = version  # type: ignore[attr-defined]
    return native


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: pydoc.py OUTPUT_DIR VERSION", file=sys.stderr)
        return 2
    out, version = Path(argv[1]), argv[2]
    sys.path.insert(0, str(PACKAGE_DIR))
    sys.modules["scimgate._native"] = stand_in_native(version)

    # pdoc cannot tell which stub line declares a TypedDict key; it says so once per key.
    warnings.filterwarnings("ignore", message=r"Cannot determine where .* is taken from")
    import pdoc
    import pdoc.render

    pdoc.render.configure(
        docformat="restructuredtext",
        footer_text=f"scimgate {version}",
        search=True,
        show_source=False,
    )
    # The public package, the command and the scale-out helpers; private modules (_api, _glue,
    # ...) are reached through the package's re-exports.
    pdoc.pdoc("scimgate", "scimgate.cli", "scimgate.scaleout", output_directory=out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
