"""Hand-written glue between the generated API (``_api.py``) and the native module: results come
as Python objects (the native module parses the core's JSON without the GIL), the core's failures (``_native.CoreError``, carrying the error's JSON)
become the generated exceptions, and :class:`Filter` keeps a parsed filter with its validator.
Arguments are converted to JSON text by the native module."""

from __future__ import annotations

import json
import os
from typing import Any, Callable, Dict, Iterable, Iterator, List, Mapping, Optional, Tuple, Union

from . import _native
from ._errors import ScimError, from_payload

JsonInput = Union[Dict[str, Any], List[Any], str, bytes, bytearray, memoryview]
"""A document: a dict or list (serialized to JSON), or JSON text."""

RecordsInput = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, Iterable[Any]]
"""Records for check_many / plan_many: JSON lines or a JSON array as ``bytes`` (or
``bytearray``, ``memoryview``), a file path (``str`` or ``os.PathLike``) holding them, or an
iterable (a list, a generator, a file opened in binary or text mode, ``sys.stdin``) of lines or
chunks of that text (``str`` or ``bytes``; a ``dict`` or ``list`` item is one record)."""

_CHUNK = 256


class BatchResults:
    """The results of ``check_many`` / ``plan_many``: a lazy iterator of one dict per record
    (``{"index", "line", "valid", "result"}``, or ``{"index", "line", "valid": False, "error"}``
    for a record that cannot be read), read and run a chunk at a time in constant memory, without
    the GIL. ``summary`` is the batch's counts; reading it before the iteration has ended runs
    the remaining records (without keeping them). Iterate once; a file is closed at the end."""

    __slots__ = ("_run", "_pending", "_done")

    def __init__(self, run: Any) -> None:
        self._run = run
        self._pending: List[Any] = []
        self._done = False

    def __iter__(self) -> "BatchResults":
        return self

    def __next__(self) -> Any:
        while not self._pending:
            if self._done:
                raise StopIteration
            chunk = _guard(lambda: self._run.take(_CHUNK))
            if chunk is None:
                self.close()
                raise StopIteration
            self._pending = json.loads(chunk)
            self._pending.reverse()
        return self._pending.pop()

    @property
    def summary(self) -> Any:
        """Counts: records, valid, invalid, unreadable, bySeverity, byCode, byAction (plan_many),
        errors (unreadable records by error code)."""
        while not self._done:
            self._pending = []
            if _guard(lambda: self._run.take(_CHUNK)) is None:
                self._done = True
        return json.loads(self._run.summary_json())

    def close(self) -> None:
        """Stop reading (the summary then counts the records read so far)."""
        self._done = True
        self._pending = []

    def __repr__(self) -> str:
        return f"<scimgate.BatchResults {'done' if self._done else 'running'}>"


def check_many(native: _native.Validator, records: RecordsInput) -> BatchResults:
    """Check each record (see :class:`BatchResults`)."""
    return BatchResults(_guard(lambda: _native.BatchRun(native, records, None)))


def plan_many(native: _native.Validator, records: RecordsInput, method: Optional[str] = None) -> BatchResults:
    """Plan each record: a body for ``method`` (POST by default) or a ``{method, body, current}``
    request object (see :class:`BatchResults`)."""
    m = "POST" if method is None else method
    return BatchResults(_guard(lambda: _native.BatchRun(native, records, m)))


def _guard(thunk: Callable[[], Any]) -> Any:
    """What a native call returns, or the generated exception for its failure (raised outside
    the ``except`` block, so no native traceback is chained)."""
    try:
        return thunk()
    except _native.CoreError as error:
        failure = from_payload(json.loads(error.args[0]))
    raise failure


def _run(thunk: Callable[[], Any]) -> Any:
    """The result of a native call (Python objects, parsed from the core's JSON natively)."""
    return _guard(thunk)


def call(name: str, docs: Tuple[Any, ...], values: Dict[str, Any], options: Any) -> Any:
    """Run the contract function ``name``."""
    # _guard inlined (no closure, no extra frames: this runs on every call).
    try:
        return _native.call(name, docs, values, options)
    except _native.CoreError as error:
        failure = from_payload(json.loads(error.args[0]))
    raise failure


def vcall(native: _native.Validator, name: str, docs: Tuple[Any, ...], values: Dict[str, Any]) -> Any:
    """Run the contract method ``name`` of a native validator."""
    # _guard inlined (no closure, no extra frames: this runs on every call).
    try:
        return native.call(name, docs, values)
    except _native.CoreError as error:
        failure = from_payload(json.loads(error.args[0]))
    raise failure


def validator(options: Union[Mapping[str, Any], str]) -> _native.Validator:
    """A native validator compiled from keyword options (or their JSON text)."""
    return _guard(lambda: _native.Validator(options))  # type: ignore[no-any-return]


def rebuild(cls: Any, options: str) -> Any:
    """An instance of the generated Validator class compiled from options JSON text (what
    unpickling calls)."""
    instance = cls.__new__(cls)
    instance._native = validator(options)
    return instance


def _snake(name: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in name)


def options_of(native: _native.Validator) -> Dict[str, Any]:
    """The options in force, with snake_case keys."""
    return {_snake(k): v for k, v in json.loads(native.options_json()).items()}


def payload(value: Any) -> Any:
    """What to_scim_error sends: a ScimError as its JSON, anything else as given."""
    return value.to_json() if isinstance(value, ScimError) else value


def filter_resources(
    filter: Any,
    resources: Any,
    options: Optional[Mapping[str, Any]],
    native: Optional[_native.Validator] = None,
) -> List[Any]:
    """The resources a filter selects: the given objects themselves for a list or tuple, the
    parsed resources for JSON text. A :class:`Filter` evaluates with its own options unless
    options are given."""
    if isinstance(filter, Filter):
        if native is None and not options:
            native = filter._native
        filter = filter.text
    if native is None:
        native = validator(options or {})
    chosen = native
    selection = _run(lambda: chosen.call("filterResources", (resources,), {"filter": filter}))
    if "resources" in selection:
        return selection["resources"]  # type: ignore[no-any-return]
    return [resources[i] for i in selection["indexes"]]


class Filter:
    """A parsed RFC 7644 filter with the options it was parsed with. ``str()`` is its canonical
    text, which parses back to the same filter; filters with equal canonical text are equal.
    Picklable."""

    __slots__ = ("_native", "_info")

    def __init__(self, text: str, **options: Any) -> None:
        self._init(validator(options), text)

    @classmethod
    def _from(cls, native: _native.Validator, text: str) -> "Filter":
        f = cls.__new__(cls)
        f._init(native, text)
        return f

    def _init(self, native: _native.Validator, text: str) -> None:
        self._native = native
        self._info: Dict[str, str] = vcall(native, "parseFilter", (), {"filter": text})

    @property
    def text(self) -> str:
        """The text it was parsed from."""
        return self._info["text"]

    @property
    def options(self) -> Dict[str, Any]:
        """The options it evaluates with (snake_case keys)."""
        return options_of(self._native)

    def matches(self, resource: JsonInput) -> bool:
        """Whether the filter selects the resource."""
        return vcall(self._native, "matches", (resource,), {"filter": self.text})  # type: ignore[no-any-return]

    def __str__(self) -> str:
        return self._info["canonical"]

    def __repr__(self) -> str:
        return f"scimgate.Filter({self.text!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Filter) and str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))

    def __reduce__(self) -> Tuple[Any, ...]:
        return (_filter, (self.text, self._native.options_json()))


def _filter(text: str, options: str) -> Filter:
    return Filter._from(validator(options), text)
