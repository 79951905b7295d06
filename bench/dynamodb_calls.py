"""DynamoDB calls per request at 10, 1,000 and 10,000 stored assessments: a submission (pending), its
confirmation (a new company), a replacement with the company's own link, a pledge, and a benchmark read.

Counted with botocore events on the service's own client, against moto in-process. Stored assessments are
seeded directly (their records and the cohort aggregates they add up to, computed by the same domain code),
because submitting 10,000 one by one through moto would take far longer. Target: constant, 1 write call per
submission or confirmation, 1 read per submission (2 per confirmation), 1 read call per benchmark. The 10,000 row takes
about 2 minutes on moto.
Usage: python bench/dynamodb_calls.py [--check] [SIZE ...]; --check (make bench-check) exits 1 on any other count.
"""
import json
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.update({"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_DEFAULT_REGION": "us-east-1",
                   "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled", "INTEGRA_TABLE": "integra-bench",
                   "LINK_SIGNING_KEY": __import__("secrets").token_urlsafe(32)})
os.environ.pop("AWS_ENDPOINT_URL", None)

import boto3  # noqa: E402
from moto import mock_aws  # noqa: E402

from chalicelib import bootstrap, catalogue  # noqa: E402
from chalicelib.adapters.dynamodb import _agg_key, _attr, ensure_table  # noqa: E402
from chalicelib.domain import aggregates, cohorts, scoring  # noqa: E402
from chalicelib.domain import size as sizing
from chalicelib.services import confirmations, selfservice, snapshots  # noqa: E402
from chalicelib.services.identity import new_company_id  # noqa: E402
from local import moto_speedups  # noqa: E402
from tests import factories as f  # noqa: E402

CHECK = "--check" in sys.argv
SIZES = tuple(int(n) for n in sys.argv[1:] if n != "--check") or (10, 1_000, 10_000)
# The targets --check enforces: per request, the same calls at every size, and these.
TARGET = {"submission": {"BatchGetItem": 1, "TransactWriteItems": 1},
          "confirmation": {"GetItem": 1, "BatchGetItem": 1, "TransactWriteItems": 1},
          "replacement": {"BatchGetItem": 1, "TransactWriteItems": 1},
          "pledge": {"BatchGetItem": 1, "TransactWriteItems": 1}, "benchmark read": {"Query": 1}}
YEAR = 2026
STATES = ("09", "14", "19", "15", "21")
SECTORS = ("54", "46", "31-33")


def seed(client, n: int, rng: random.Random, states=STATES, sectors=SECTORS) -> None:
    cat, totals, items = catalogue.current(), dict[tuple, dict](), list[dict]()
    for i in range(n):
        answers = {item: rng.choice([0, 1, 2, 3, 4]) for item in cat.items}
        profile = {"state": rng.choice(states), "sector": rng.choice(sectors)}
        profile["size"] = sizing.classify(profile["sector"], rng.randint(1, 300), rng.randint(0, 300_000_000))
        scores = scoring.score(cat, answers, profile["size"])
        contrib = aggregates.contribution(cat, scores, answers, {})
        mine = cohorts.all_for(profile)
        for c in mine:
            totals[c.key] = aggregates.combine(totals.get(c.key, {}),
                                               aggregates.changed(aggregates.for_cohort(contrib, c.detailed)))
        cid = new_company_id()
        items.append({"pk": f"CO#{cid}", "sk": f"YEAR#{YEAR}", "company_id": cid, "year": YEAR,
                      "assessment_id": f"seed-{i}", "cohorts": [c.key for c in mine], "contribution": contrib,
                      "questionnaire_version": cat.version, "applied_at": "2026-01-01T00:00:00.000000Z"})
        items.append({"pk": f"ASMT#seed-{i}", "sk": "ASMT", "company_id": cid, "answers": answers})
    for key, counters in totals.items():  # the live counters, under the adapter's own keys
        address = _agg_key(YEAR, cat.version, key)
        items.append({"pk": address["pk"]["S"], "sk": address["sk"]["S"], **counters})
    for start in range(0, len(items), 25):
        batch = [{"PutRequest": {"Item": {k: _attr(v) for k, v in item.items()}}} for item in items[start:start + 25]]
        client.batch_write_item(RequestItems={"integra-bench": batch})


def measure(n: int) -> dict:
    from chalice.test import Client

    from app import app
    with mock_aws():
        raw = boto3.client("dynamodb", region_name="us-east-1")
        ensure_table(raw, "integra-bench")
        seed(raw, n, random.Random(n))
        bootstrap.reset()
        snapshots.take(bootstrap.wiring().store, bootstrap.wiring().clock(), 5)  # what every figure is read from
        store_client = bootstrap.wiring().store.client
        counter: Counter = Counter()
        store_client.meta.events.register("before-call.dynamodb", lambda model, **_: counter.update([model.name]))
        results = {}
        with Client(app) as client:
            def post(label, path, body):
                counter.clear()
                r = client.http.post(path, headers={"Content-Type": "application/json"}, body=json.dumps(body))
                assert r.status_code in (200, 201), r.body
                results[label] = dict(counter)
                return json.loads(r.body)

            first = f.assessment(company=f.company(rfc=f.rfc(1)))
            post("submission", "/assessments", first)  # a stranger's, or a new company's: pending
            token = confirmations.token(bootstrap.wiring().config, first["submission_id"], "ana@example.mx",
                                        int(time.time()) + 3600)
            post("confirmation", "/confirm", {"token": token})
            store = bootstrap.wiring().store
            company = store.company_for_rfc(f.rfc(1))
            own = selfservice.new_token(bootstrap.wiring().config, company, store.profile(company),
                                        bootstrap.wiring().clock())
            post("replacement", "/assessments", f.assessment(level=1, company=f.company(rfc=f.rfc(1), state="19"),
                                                             company_token=own))  # the company's own link
            post("pledge", "/pledges", f.pledge())
            counter.clear()
            r = client.http.get("/benchmarks?state=14")
            assert r.status_code == 200
            results["benchmark read"] = dict(counter)
        return results


def main():
    moto_speedups.apply()
    print("DynamoDB calls per request (botocore events), by stored assessments")
    missed = []
    for n in SIZES:
        started = time.perf_counter()
        results = measure(n)
        for label, calls in results.items():
            reads = sum(v for k, v in calls.items() if k in ("GetItem", "BatchGetItem", "Query", "Scan"))
            writes = sum(v for k, v in calls.items() if k in ("TransactWriteItems", "PutItem", "UpdateItem"))
            print(f"  {n:>6} stored  {label:<15} reads {reads}  writes {writes}   {calls}")
            if calls != TARGET[label]:
                missed.append(f"{label} at {n}: {calls}, target {TARGET[label]}")
        print(f"  ({n} seeded and measured in {time.perf_counter() - started:.0f} s)")
    if CHECK:
        print("  check: " + ("; ".join(missed) if missed else "every count on target, at every size"))
        sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
