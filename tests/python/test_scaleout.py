"""scimgate.scaleout: the same audit of one JSON-lines file of users (Wrike profile, approved
domains) counted by a plain single-process loop, by Dask (local threads and processes) and by
PySpark (local[2], mapPartitions with a broadcast Validator) gives identical counts.

Dask and PySpark (and Java for Spark) are installed by scripts/setup-scaleout.sh, which
scripts/test-python.sh runs; a machine without them skips those tests (they say why)."""

from __future__ import annotations

import json
import os
import pickle
import random
import shutil
import sys
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest

import scimgate
from scimgate import scaleout

CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
WRIKE = "urn:ietf:params:scim:schemas:extension:wrike:2.0:User"
APPROVED = ["acme.com", "acme.co.uk"]
OPTIONS: Dict[str, Any] = {"profile": "wrike", "approved_domains": APPROVED}
RECORDS = 3000


def user(rng: random.Random, n: int) -> Dict[str, Any]:
    """A directory user with a mix of the findings a real export has."""
    domain = rng.choice(APPROVED + ["gmail.com", "acme.com.evil.io", "sub.acme.com"])
    name = f"user{n}@{domain}"
    u: Dict[str, Any] = {
        "schemas": [CORE_USER],
        "externalId": f"ext-{n}",
        "userName": name,
        "name": {"givenName": f"Given{n}", "familyName": "Family"},
        "active": rng.random() > 0.2,
        "emails": [{"value": name, "type": "work", "primary": True}],
    }
    roll = rng.random()
    if roll < 0.08:
        del u["userName"]
    elif roll < 0.14:
        u["emails"][0]["value"] = f"user{n}-at-{domain}"
    elif roll < 0.20:
        u["active"] = rng.choice(["True", "false"])
    elif roll < 0.26:
        u["schemas"].append(WRIKE)
        u[WRIKE] = {"userType": rng.choice(["Collaborator", "regular", "Guest", "Boss"])}
    elif roll < 0.30:
        u["password"] = "not-sent-anywhere"
    elif roll < 0.34:
        u["Title"] = "Engineer"
        u["title"] = "Engineer"
    elif roll < 0.38:
        u["schemas"].append(ENTERPRISE)
        u[ENTERPRISE] = {"department": "R&D", "manager": "mgr-1"}
    elif roll < 0.41:
        u["emails"].append({"value": f"alt{n}@{domain}", "primary": True})
    return u


def corpus_lines(count: int, seed: int = 11) -> Iterator[str]:
    rng = random.Random(seed)
    for n in range(count):
        if n % 500 == 7:
            yield ""  # blank lines are skipped
        elif n % 700 == 3:
            yield '{"schemas": ['  # not JSON
        elif n % 900 == 5:
            yield "42"  # JSON, not an object
        else:
            yield json.dumps(user(rng, n), ensure_ascii=n % 2 == 0)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scaleout") / "users.jsonl"
    path.write_text("\n".join(corpus_lines(RECORDS)) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def validator() -> scimgate.Validator:
    return scimgate.Validator(**OPTIONS)


@pytest.fixture(scope="module")
def reference(corpus: Path, validator: scimgate.Validator) -> Dict[str, Any]:
    """The counts of the plain loop, checked against an independent tally of the per-record
    results (so the counts are the records', not an artefact of AuditCounts)."""
    counts = scaleout.audit_file(str(corpus), validator).as_dict()
    records = [line for line in corpus.read_bytes().split(b"\n") if line.strip()]
    results = [scaleout.audit_record(validator, line) for line in records]
    actions: Dict[str, int] = {}
    codes: Dict[str, int] = {}
    for r in results:
        actions[r["action"]] = actions.get(r["action"], 0) + 1
        for i in r["issues"]:
            codes[i["code"]] = codes.get(i["code"], 0) + 1
    assert counts["records"] == len(records) == RECORDS - len(range(7, RECORDS, 500))
    assert counts["valid"] == sum(r["valid"] for r in results)
    assert counts["action"] == dict(sorted(actions.items()))
    assert counts["code"] == dict(sorted(codes.items()))
    assert sum(counts["severity"].values()) == sum(codes.values())
    return counts


def test_the_reference_counts_are_varied(reference: Dict[str, Any]) -> None:
    """The corpus exercises what the engines must agree on: several actions, info and error findings,
    record-level failures, the Wrike profile's and the approved domains' findings."""
    assert {"create", "reject", "error"} <= set(reference["action"]), reference["action"]
    assert {"info", "error"} <= set(reference["severity"]), reference["severity"]
    assert reference["code"]["invalid_json"] == len(range(3, RECORDS, 700))
    assert reference["code"]["not_an_object"] >= len(range(5, RECORDS, 900))
    assert reference["code"]["domain_not_approved"] > 100
    assert 0 < reference["valid"] < reference["records"]


def test_audit_record_plans_a_valid_user_as_a_create(validator: scimgate.Validator) -> None:
    good = {"schemas": [CORE_USER], "userName": "ada@acme.com",
            "emails": [{"value": "ada@acme.com", "primary": True}]}
    result = scaleout.audit_record(validator, good)
    assert (result["action"], result["valid"]) == ("create", True)
    assert result["plan"] is not None and result["plan"]["action"] == "create"
    outside = scaleout.audit_record(validator, dict(good, userName="ada@gmail.com"))
    assert "domain_not_approved" in {i["code"] for i in outside["issues"]}
    broken = scaleout.audit_record(validator, b"{")
    assert (broken["action"], broken["plan"]) == ("error", None)
    assert [i["code"] for i in broken["issues"]] == ["invalid_json"]


def test_counts_merge_and_pickle(corpus: Path, validator: scimgate.Validator,
                                 reference: Dict[str, Any]) -> None:
    lines = corpus.read_text(encoding="utf-8").splitlines()
    parts = [scaleout.audit_lines(validator, lines[i:i + 700]) for i in range(0, len(lines), 700)]
    merged = sum(parts, scaleout.AuditCounts())
    assert merged.as_dict() == reference
    assert pickle.loads(pickle.dumps(merged)).as_dict() == reference
    # The validator a worker gets is the same validator.
    clone = pickle.loads(pickle.dumps(validator))
    assert scaleout.audit_lines(clone, lines).as_dict() == reference


@pytest.mark.parametrize("scheduler", ["threads", "processes"])
def test_dask_bag_counts_equal_the_single_process_loop(
    corpus: Path, validator: scimgate.Validator, reference: Dict[str, Any], scheduler: str
) -> None:
    bag: Any = pytest.importorskip("dask.bag",
                                   reason="dask[bag] is installed by scripts/setup-scaleout.sh")
    assert bag.read_text(str(corpus), blocksize=65536).npartitions > 4
    # Blocks of 64 KiB: several partitions, most of them split in the middle of a line.
    counts = scaleout.dask_audit(str(corpus), validator, blocksize=65536, scheduler=scheduler)
    assert counts.as_dict() == reference


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    sql: Any = pytest.importorskip("pyspark.sql",
                                   reason="pyspark is installed by scripts/setup-scaleout.sh")
    if shutil.which("java") is None and "JAVA_HOME" not in os.environ:
        pytest.skip("no Java for Spark (scripts/setup-scaleout.sh installs default-jre-headless)")
    # Workers run this interpreter, which has scimgate installed.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (
        sql.SparkSession.builder.master("local[2]")
        .appName("scimgate-scaleout-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    try:
        yield session
    finally:
        session.stop()


def test_spark_map_partitions_counts_equal_the_single_process_loop(
    spark: Any, corpus: Path, validator: scimgate.Validator, reference: Dict[str, Any]
) -> None:
    counts = scaleout.spark_audit(spark, str(corpus), validator, partitions=5)
    assert counts.as_dict() == reference
    assert spark.sparkContext.textFile(str(corpus), 5).getNumPartitions() >= 5


def test_spark_counts_records_of_a_dataframe_too(
    spark: Any, corpus: Path, validator: scimgate.Validator, reference: Dict[str, Any]
) -> None:
    """The record->counts function on a DataFrame's partitions (spark.read.text), as a job that
    starts from a table rather than a file would use it."""
    shared = spark.sparkContext.broadcast(validator)
    frame = spark.read.text(str(corpus)).repartition(3)

    def count(rows: Iterator[Any]) -> List[scaleout.AuditCounts]:
        return [scaleout.audit_lines(shared.value, (row.value for row in rows))]

    counts = frame.rdd.mapPartitions(count).treeReduce(lambda a, b: a + b)
    shared.unpersist()
    assert counts.as_dict() == reference
