"""POST /company/link takes the same time whatever the RFC and e-mail: unknown RFC, known RFC with a wrong
e-mail, and a verified address. The request only queues the job (the worker decides), so no case can be told
from another by its answer or its time. Prints each case's median and the largest ratio between them.

In process on moto (DynamoDB and SQS), through chalice's test client; cases interleaved so noise hits all alike.
Usage: python bench/company_link.py [rounds]
"""
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.update({"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_DEFAULT_REGION": "us-east-1",
                   "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled", "INTEGRA_TABLE": "integra-bench",
                   "LINK_SIGNING_KEY": __import__("secrets").token_urlsafe(32)})
os.environ.pop("AWS_ENDPOINT_URL", None)

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 60


def main():
    import boto3
    from chalice.test import Client
    from moto import mock_aws

    from app import app
    from chalicelib import bootstrap
    from chalicelib.adapters.dynamodb import ensure_table
    from chalicelib.adapters.sqs import SqsQueue, ensure_queues
    from local import moto_speedups
    from tests import factories as f
    moto_speedups.apply()
    with mock_aws():
        ensure_table(boto3.client("dynamodb", region_name="us-east-1"), "integra-bench")
        sqs = boto3.client("sqs", region_name="us-east-1")
        bootstrap.reset()
        bootstrap.override(queue=SqsQueue(sqs, ensure_queues(sqs, "integra-bench-jobs")))
        store = bootstrap.wiring().store
        company = store.add_company(f.VALID_RFC, "bench-company")
        store.update_profile(company, {"company_id": company, "rfc": f.VALID_RFC, "verified": ["ana@example.mx"]})
        cases = {"unknown RFC": (f.rfc(9), "ana@example.mx"), "known RFC, wrong e-mail": (f.VALID_RFC, "x@example.mx"),
                 "known RFC, verified e-mail": (f.VALID_RFC, "ana@example.mx")}
        times: dict[str, list] = {label: [] for label in cases}
        with Client(app) as client:
            for _ in range(ROUNDS):
                for label, (rfc, email) in cases.items():
                    started = time.perf_counter()
                    r = client.http.post("/company/link", headers={"Content-Type": "application/json"},
                                         body=json.dumps({"rfc": rfc, "email": email}))
                    times[label].append(time.perf_counter() - started)
                    assert r.status_code == 202
    medians = {label: statistics.median(t) for label, t in times.items()}
    print(f"POST /company/link, median of {ROUNDS} (in process, moto)")
    for label, value in medians.items():
        print(f"  {label:<28} : {value * 1000:7.2f} ms")
    print(f"  {'largest / smallest':<28} : {max(medians.values()) / min(medians.values()):7.2f} x")


if __name__ == "__main__":
    main()
