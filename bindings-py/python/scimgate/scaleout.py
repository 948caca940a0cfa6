"""Audits of JSON-lines user exports on one process, on Dask or on PySpark, with the same counts.

An audit checks every record of a JSON-lines file (one SCIM User per line, blank lines skipped)
with a :class:`scimgate.Validator` and asks for its plan (``POST``: what the target does when the
IdP creates the user). :func:`audit_record` is the one place where a record becomes a result;
:class:`AuditCounts` tallies results (records, valid, plan action, and the severity and code of
every issue of the check report) and merges tallies, so any engine can count partitions on its
workers and add the partial counts up:

- :func:`audit_lines` counts an iterable of lines: one partition, or a whole file
  (:func:`audit_file` is the plain single-process loop every engine must agree with);
- :func:`dask_audit` runs :func:`audit_lines` on each partition of ``dask.bag.read_text``;
- :func:`spark_audit` runs it in ``mapPartitions`` with the validator broadcast once per executor.

A :class:`scimgate.Validator` pickles as its options and releases the GIL while the core works, so
it can be shipped to process workers or shared by threads. Dask and PySpark are not dependencies
of scimgate: they are imported when their function is called. See docs/scaleout.md.
"""

from __future__ import annotations

import importlib
from collections import Counter
from dataclasses import dataclass, field
from functools import partial, reduce
from typing import Any, Dict, Iterable, List, Optional, TypedDict, Union, cast

from . import HttpMethod, Issue, JsonInput, Plan, ScimError, Validator

__all__ = [
    "AUDIT_METHOD",
    "AuditCounts",
    "RecordResult",
    "audit_file",
    "audit_lines",
    "audit_record",
    "dask_audit",
    "spark_audit",
]

AUDIT_METHOD: HttpMethod = "POST"
"""The request each record is planned as: the IdP creating the user."""

ERROR_ACTION = "error"
"""The action counted for a record that cannot be checked (not JSON, too large, too deep)."""


class RecordResult(TypedDict):
    """What the audit makes of one record."""

    action: str
    """The plan's action (create, reject, ...), or ``error`` when the record cannot be checked."""
    valid: bool
    """Whether the check report has no error."""
    billable: bool
    """Whether the plan makes the user billable."""
    issues: List[Issue]
    """The check report's issues; for a record that cannot be checked, one issue made from the
    error (its code, severity ``error``, the resource's path)."""
    plan: Optional[Plan]
    """The plan, when the record could be checked."""


def audit_record(validator: Validator, record: JsonInput) -> RecordResult:
    """Check one record and plan it as a ``POST``. A failure that prevents the check (the record
    is not JSON, not within the limits) is a result with action ``error``, not an exception."""
    try:
        report = validator.check(record)
        plan = validator.plan(AUDIT_METHOD, record)
    except ScimError as error:
        issue = cast(
            Issue,
            {"code": error.code, "severity": "error", "path": "", "loc": [], "message": str(error)},
        )
        return {"action": ERROR_ACTION, "valid": False, "billable": False, "issues": [issue],
                "plan": None}
    return {
        "action": plan["action"],
        "valid": report["valid"],
        "billable": plan["billable"],
        "issues": report["issues"],
        "plan": plan,
    }


@dataclass
class AuditCounts:
    """Counts of audited records; ``a + b`` merges two counts. Picklable."""

    records: int = 0
    valid: int = 0
    action: "Counter[str]" = field(default_factory=Counter)
    severity: "Counter[str]" = field(default_factory=Counter)
    code: "Counter[str]" = field(default_factory=Counter)

    def add(self, result: RecordResult) -> None:
        """Count one record's result."""
        self.records += 1
        self.valid += int(result["valid"])
        self.action[result["action"]] += 1
        for issue in result["issues"]:
            self.severity[issue["severity"]] += 1
            self.code[issue["code"]] += 1

    def __add__(self, other: "AuditCounts") -> "AuditCounts":
        return AuditCounts(
            self.records + other.records,
            self.valid + other.valid,
            self.action + other.action,
            self.severity + other.severity,
            self.code + other.code,
        )

    def as_dict(self) -> Dict[str, Any]:
        """Plain JSON-ready counts, keys sorted."""
        return {
            "records": self.records,
            "valid": self.valid,
            "action": dict(sorted(self.action.items())),
            "severity": dict(sorted(self.severity.items())),
            "code": dict(sorted(self.code.items())),
        }


def _merge(parts: Iterable[AuditCounts]) -> AuditCounts:
    return reduce(lambda a, b: a + b, parts, AuditCounts())


def audit_lines(validator: Validator, lines: Iterable[Union[str, bytes]]) -> AuditCounts:
    """Audit each non-blank line (str or bytes, with or without its line break)."""
    counts = AuditCounts()
    for line in lines:
        if line.strip():
            counts.add(audit_record(validator, line))
    return counts


def audit_file(path: str, validator: Validator) -> AuditCounts:
    """The single-process audit of a JSON-lines file (lines end with ``\\n``)."""
    with open(path, "rb") as lines:
        return audit_lines(validator, lines)


def dask_audit(
    path: str,
    validator: Validator,
    *,
    blocksize: Union[int, str, None] = "16MiB",
    scheduler: Optional[str] = None,
) -> AuditCounts:
    """The audit of a JSON-lines file with Dask: ``dask.bag.read_text`` partitions the file in
    blocks of ``blocksize`` bytes (at line breaks), each partition is counted by
    :func:`audit_lines` and the counts are added. ``scheduler`` is passed to ``compute``
    (``threads``, ``processes``, ``sync``; None for Dask's default or a distributed client)."""
    bag: Any = importlib.import_module("dask.bag")
    lines = bag.read_text(path, blocksize=blocksize)
    total = lines.reduction(partial(audit_lines, validator), _merge)
    return cast(AuditCounts, total.compute(scheduler=scheduler))


def spark_audit(
    spark: Any, path: str, validator: Validator, *, partitions: Optional[int] = None
) -> AuditCounts:
    """The audit of a JSON-lines file with PySpark: ``SparkContext.textFile`` splits it into at
    least ``partitions`` partitions, the validator is broadcast (pickled once, as its options),
    each partition is counted by :func:`audit_lines` in ``mapPartitions`` and the counts are
    added with ``treeReduce``. ``spark`` is a ``SparkSession``; its Python workers must import
    scimgate (``PYSPARK_PYTHON`` or ``spark.pyspark.python``)."""
    context = spark.sparkContext
    shared = context.broadcast(validator)

    def count(lines: Iterable[str]) -> List[AuditCounts]:
        return [audit_lines(shared.value, lines)]

    try:
        rdd = context.textFile(path, partitions) if partitions else context.textFile(path)
        return cast(AuditCounts, rdd.mapPartitions(count).treeReduce(lambda a, b: a + b))
    finally:
        shared.unpersist()
