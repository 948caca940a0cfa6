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
    """A module with the names that ``_native.pyi`` declares, and a placeholder class for any
    other name the package may import from it; none of them works."""
    native = types.ModuleType(
        "scimgate._native", "Stand-in for the extension module (docs build only)."
    )

    def placeholder(name: str, doc: str, base: type = object) -> type:
        return type(name, (base,), {"__doc__": doc, "__module__": "scimgate._native"})

    def call(*_args: object) -> None:
        raise RuntimeError("scimgate._native stand-in: the docs build does not run the core")

    def other(name: str) -> object:
        if name.startswith("__"):
            raise AttributeError(name)
        return placeholder(name, "Stand-in (docs build only).")

    setattr(native, "CoreError", placeholder("CoreError", "A core failure.", Exception))
    setattr(native, "Validator", placeholder("Validator", "A compiled validator."))
    setattr(native, "BatchRun", placeholder("BatchRun", "A batch run."))
    setattr(native, "call", call)
    setattr(native, "__version__", version)
    setattr(native, "__getattr__", other)  # PEP 562: names added to the extension later
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
