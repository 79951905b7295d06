"""Dashboard sync: Sheets API requests per sync at 10, 100 and 10,000 stored assessments (target: constant,
1 values call), and the sync's build time vs. a floor of the snapshot Query alone, in the same run.

Runs against moto (DynamoDB) and a Sheets API stand-in (responses) driven by gspread's own client.
"""
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.update({"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_DEFAULT_REGION": "us-east-1",
                   "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled", "INTEGRA_TABLE": "integra-bench",
                   "LINK_SIGNING_KEY": __import__("secrets").token_urlsafe(32)})
os.environ.pop("AWS_ENDPOINT_URL", None)

SIZES = (10, 100, 10_000)


def main():
    import boto3
    import responses
    from moto import mock_aws

    from bench.dynamodb_calls import seed
    from chalicelib import bootstrap
    from chalicelib.adapters.dashboard_sinks import RetryBudget, SheetsSink, google_client
    from chalicelib.adapters.dynamodb import ensure_table
    from chalicelib.services import dashboard, snapshots
    from local import moto_speedups
    from tests.google_stand_in import SHEET, SheetsStandIn, make_service_account
    moto_speedups.apply()
    info = make_service_account()
    print("dashboard sync: Sheets API requests per sync, and build time vs. the snapshot Query alone")
    for n in SIZES:
        with mock_aws(), responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
            raw = boto3.client("dynamodb", region_name="us-east-1")
            ensure_table(raw, "integra-bench")
            started = time.perf_counter()
            seed(raw, n, random.Random(n))
            seeded = time.perf_counter() - started
            bootstrap.reset()
            w = bootstrap.wiring()
            snapshots.take(w.store, w.clock(), 5)
            stand_in = SheetsStandIn(rsps)
            sink = SheetsSink(google_client(info), SHEET, w.store, RetryBudget(sleep=lambda s: None))
            first = dashboard.sync(w.store, sink, w.clock(), 2026)["requests"]
            steady = [dashboard.sync(w.store, sink, w.clock(), 2026)["requests"] for _ in range(3)]
            query, build = [], []
            for _ in range(7):
                t = time.perf_counter()
                w.store.published()
                query.append(time.perf_counter() - t)
                t = time.perf_counter()
                dashboard.grids(w.store, w.clock(), 2026)
                build.append(time.perf_counter() - t)
            q, b = statistics.median(query), statistics.median(build)
            values_calls = len(stand_in.values_calls)
            print(f"  {n:>6} assessments: first sync {first} requests (formatting once), then {steady} "
                  f"({values_calls} values calls in {1 + len(steady)} syncs); build {b * 1000:.0f} ms vs "
                  f"snapshot Query alone {q * 1000:.0f} ms = {b / q:.2f} x  (seeded in {seeded:.0f} s)")
            print(f"         payload of one values call: {len(json.dumps(stand_in.values_calls[-1])) / 1024:.0f} KB")


if __name__ == "__main__":
    main()
