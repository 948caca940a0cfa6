"""Type stubs for scimgate._native, the extension module behind scimgate (hand-written)."""

from typing import Any, final

__all__ = ["CoreError", "Validator", "__version__", "call"]

__version__: str

class CoreError(Exception):
    """A core failure; args[0] is the error as JSON text."""

def call(name: str, docs: Any, values: Any, options: Any, /) -> Any:
    """Run a contract function; the result as Python objects (as json.loads gives them)."""

@final
class Validator:
    """A compiled validator."""

    def __new__(cls, options: Any, /) -> "Validator": ...
    def options_json(self) -> str:
        """The options in force as JSON text."""

    def call(self, name: str, docs: Any, values: Any, /) -> Any:
        """Run a contract method; the result as Python objects (as json.loads gives them)."""
