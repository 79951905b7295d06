"""What a Lambda cold start of the submit path loads: a fresh interpreter imports app.py and answers one valid
POST /assessments event, as API Gateway sends it, against a stubbed DynamoDB client (no network, no moto).
The heavy libraries belong to other paths (openpyxl: the worker; gspread, google-auth: the dashboard sync)."""
import json
import subprocess
import sys
from pathlib import Path

from tests import factories as f

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("openpyxl", "gspread", "google.auth", "google.oauth2", "moto", "boto3", "chalice.test", "chalice.local")

PROBE = """
import json, sys
import app
from botocore.stub import Stubber
from chalicelib import bootstrap
stub = Stubber(bootstrap.wiring().store.client)
stub.add_response("batch_get_item", {"Responses": {"integra-cold": []}})
stub.add_response("transact_write_items", {})
stub.activate()
event = {"resource": "/assessments", "path": "/assessments", "httpMethod": "POST",
         "headers": {"Content-Type": "application/json"}, "multiValueHeaders": {}, "queryStringParameters": None,
         "multiValueQueryStringParameters": None, "pathParameters": None, "stageVariables": None,
         "requestContext": {"resourcePath": "/assessments", "httpMethod": "POST", "path": "/api/assessments",
                            "stage": "api", "apiId": "local", "requestId": "r-1",
                            "identity": {"sourceIp": "127.0.0.1"}},
         "body": sys.stdin.read(), "isBase64Encoded": False}
out = app.app(event, None)
stub.assert_no_pending_responses()
print(json.dumps({"status": out["statusCode"], "loaded": [m for m in HEAVY if m in sys.modules]}))
"""


def test_the_submit_path_loads_no_heavy_library():
    env = {"PATH": "", "AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x", "AWS_DEFAULT_REGION": "us-east-1",
           "INTEGRA_TABLE": "integra-cold", "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled"}
    probe = f"HEAVY = {HEAVY!r}\n" + PROBE
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, input=json.dumps(f.assessment()),
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result == {"status": 201, "loaded": []}
