"""Cold start, as Lambda pays it: a fresh interpreter imports `app.py` and answers one valid `POST /assessments`
event through `app.app(event, context)`, against an instant stand-in for DynamoDB (botocore's Stubber: no
network, no moto), and for SQS, where the confirmation request is queued. The floor, in the same run: the least a
Chalice + pydantic + botocore handler does for the same event (import them, parse the body, validate a small
model, create the DynamoDB client and make one call). Interleaved, median of 9 fresh interpreters each.
Target: <= 1.25x the floor.

`--check` (make bench-check) exits 1 if the ratio misses the target three times in a row.
`python bench/cold_start.py --where` also prints where the submit path's time goes (python -X importtime, top
modules by cumulative import time).
"""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.compare import enforce, interleaved, medians, report  # noqa: E402

N = 9
TARGET = 1.25
ENV = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x",
       "AWS_DEFAULT_REGION": "us-east-1", "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled", "INTEGRA_TABLE": "integra-cold",
       "LINK_SIGNING_KEY": "bench-only",
       "MAIL_QUEUE_URL": "https://sqs.us-east-1.amazonaws.com/123456789012/integra-mail-jobs"}
EVENT = """
event = {"resource": "/assessments", "path": "/assessments", "httpMethod": "POST",
         "headers": {"Content-Type": "application/json"}, "multiValueHeaders": {}, "queryStringParameters": None,
         "multiValueQueryStringParameters": None, "pathParameters": None, "stageVariables": None,
         "requestContext": {"resourcePath": "/assessments", "httpMethod": "POST", "path": "/api/assessments",
                            "stage": "api", "apiId": "cold", "requestId": "r-1", "identity": {"sourceIp": "127.0.0.1"}},
         "body": sys.stdin.read(), "isBase64Encoded": False}
"""
SUBMIT = """
import sys, time
t = time.perf_counter()
import app
from botocore.stub import Stubber
from chalicelib import bootstrap
stub = Stubber(bootstrap.wiring().store.client)
stub.add_response("batch_get_item", {"Responses": {"integra-cold": []}})
stub.add_response("transact_write_items", {})
stub.activate()
queue = Stubber(bootstrap.wiring().queue.client)  # the confirmation request is queued
queue.add_response("send_message", {"MessageId": "m-1", "MD5OfMessageBody": "x"})
queue.activate()
""" + EVENT + """
out = app.app(event, None)
assert out["statusCode"] == 201, out
print(time.perf_counter() - t)
"""
FLOOR = """
import sys, time
t = time.perf_counter()
import json, chalice, pydantic, botocore.session
from botocore.stub import Stubber
class Small(pydantic.BaseModel):
    submission_id: str
    lang: str
    answers: dict
""" + EVENT + """
body = Small.model_validate(json.loads(event["body"]), strict=False)
client = botocore.session.get_session().create_client("dynamodb", region_name="us-east-1")
stub = Stubber(client)
stub.add_response("put_item", {})
stub.activate()
client.put_item(TableName="integra-cold", Item={"pk": {"S": body.submission_id}})
print(time.perf_counter() - t)
"""


def _body() -> str:
    from tests import factories as f
    return json.dumps(f.assessment())


def sample(code: str, body: str) -> float:
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=ENV, input=body, capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(out.stderr[-2000:])
    return float(out.stdout.split()[-1])


def where(body: str) -> None:
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", SUBMIT], cwd=ROOT, env=ENV, input=body,
                         capture_output=True, text=True)
    rows = []
    for line in out.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            _, cumulative, name = (part.strip() for part in line[len("import time:"):].split("|"))
            if cumulative.isdigit():
                rows.append((int(cumulative), name))
    top = [(us, name) for us, name in sorted(rows, reverse=True) if not name.startswith(" " * 4)][:15]
    print("where the imports go (cumulative ms, top level):")
    for us, name in top:
        print(f"  {us / 1000:7.1f}  {name}")


def measure(body: str) -> float:
    f, s = medians(*interleaved(N, lambda: sample(FLOOR, body), lambda: sample(SUBMIT, body)))
    return report(f"cold start (median of {N} fresh interpreters, import + one POST /assessments event)",
                  "floor: chalice + pydantic + botocore, small model, one DynamoDB call", f,
                  "Integra: app.app(event) answering 201", s, target=TARGET)


def main():
    body = _body()
    if "--where" in sys.argv:
        where(body)
    if "--check" in sys.argv:  # make bench-check: re-measured up to 3 times before it fails
        enforce(lambda: measure(body), TARGET)
    else:
        measure(body)


if __name__ == "__main__":
    main()
