"""The benchmark snapshot job at 10, 1,000 and 10,000 stored assessments: its DynamoDB calls (target: one
UpdateItem for its claim, one paged Query of the aggregates partition, batched writes of the cohorts it
publishes, one PutItem for the run's record; never a Scan of assessments) and its time against a floor measured in the
same run: the same Query and the same
batch writes done bare, without decoding, combining or deciding anything.

Stored assessments are seeded as bench/dynamodb_calls.py does (records and the live cohort counters they add up
to). A second run right after the first publishes nothing (no cohort changed by 5) and writes no batch.
Usage: python bench/snapshot.py [SIZE ...]
"""
import os
import random
import statistics
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.update({"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_DEFAULT_REGION": "us-east-1",
                   "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled", "INTEGRA_TABLE": "integra-bench",
                   "LINK_SIGNING_KEY": __import__("secrets").token_urlsafe(32)})
os.environ.pop("AWS_ENDPOINT_URL", None)

SIZES = tuple(int(n) for n in sys.argv[1:]) or (10, 1_000, 10_000)
TABLE = "integra-bench"


def bare(client, items: list) -> float:
    """The floor: the Query's pages and the batch writes of the same items, raw."""
    started, start = time.perf_counter(), None
    while True:
        page = client.query(TableName=TABLE, KeyConditionExpression="pk = :pk",
                            ExpressionAttributeValues={":pk": {"S": "AGG"}},
                            **({"ExclusiveStartKey": start} if start else {}))
        start = page.get("LastEvaluatedKey")
        if not start:
            break
    for i in range(0, len(items), 25):
        client.batch_write_item(RequestItems={TABLE: [{"PutRequest": {"Item": item}} for item in items[i:i + 25]]})
    return time.perf_counter() - started


def measure(n: int) -> str:
    import boto3
    from moto import mock_aws

    from bench.dynamodb_calls import seed
    from chalicelib import bootstrap
    from chalicelib.adapters.dynamodb import ensure_table
    from chalicelib.domain import mexico
    from chalicelib.services import snapshots
    with mock_aws():
        raw = boto3.client("dynamodb", region_name="us-east-1")
        ensure_table(raw, TABLE)
        seed(raw, n, random.Random(n), tuple(mexico.STATES), tuple(mexico.SECTORS))  # every state and sector
        bootstrap.reset()
        store = bootstrap.wiring().store
        calls: Counter = Counter()
        store.client.meta.events.register("before-call.dynamodb", lambda model, **_: calls.update([model.name]))
        now = datetime(2026, 6, 15, tzinfo=UTC)
        run = snapshots.take(store, now, 5)
        first = dict(calls)
        calls.clear()
        t = time.perf_counter()
        snapshots.take(store, now + timedelta(minutes=1), 5)
        unchanged, again = time.perf_counter() - t, dict(calls)
        # every cohort republished (a minimum change of 0) against the floor doing the same I/O bare
        snapshots.take(store, now + timedelta(minutes=2), 0)
        entries = [item for page in raw.get_paginator("query").paginate(
            TableName=TABLE, KeyConditionExpression="pk = :pk AND begins_with(sk, :p)",
            ExpressionAttributeValues={":pk": {"S": "AGG"}, ":p": {"S": "P#"}}) for item in page["Items"]]
        job, floor = [], []
        for i in range(3):  # alternate, so that a slow moment of the machine hits both
            t = time.perf_counter()
            snapshots.take(store, now + timedelta(hours=i + 1), 0)
            job.append(time.perf_counter() - t)
            floor.append(bare(raw, entries))
    full, fl = statistics.median(job), statistics.median(floor)
    return (f"  {n:>6} assessments: first run publishes {run['published']} cohorts (5 or more contributions), "
            f"calls {first}\n"
            f"         unchanged run: {again}, {unchanged * 1000:.0f} ms\n"
            f"         all {len(entries)} cohorts republished: {full * 1000:.0f} ms vs floor (the same Query and "
            f"batch writes, bare) {fl * 1000:.0f} ms = {full / fl:.2f} x")


def main():
    from local import moto_speedups
    moto_speedups.apply()
    print("benchmark snapshot job: DynamoDB calls and time, by stored assessments (moto in-process)")
    for n in SIZES:
        started = time.perf_counter()
        print(measure(n))
        print(f"         (seeded and measured in {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
