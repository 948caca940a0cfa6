"""Type stubs for scimgate._native, the extension module behind scimgate (hand-written)."""

from typing import Any, Optional, final

__all__ = ["BatchRun", "CoreError", "Validator", "__version__", "call"]

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

@final
class BatchRun:
    """A batch read and run a chunk of records at a time."""

    def __new__(cls, validator: Validator, source: Any, method: Optional[str], /) -> "BatchRun": ...
    def take(self, n: int, /) -> Optional[str]:
        """The JSON array of the next results (at most n), None after the last."""

    def summary_json(self) -> str:
        """The counts so far as JSON text."""
