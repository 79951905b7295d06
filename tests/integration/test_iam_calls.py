"""Each function's role allows the calls its code makes: every AWS call of each function's work, recorded under
moto, is checked against that function's policy in infra/build_template.py (action and resource: the table or
its index, the queue or its dead letters, which secret)."""
from datetime import timedelta

import botocore.client
import pytest

from infra.build_template import FUNCTIONS, POLICIES
from tests import factories as f
from tests.helpers import STAFF, call

_PREFIX = {"sesv2": "ses"}  # IAM names SES v2 actions "ses:..."
_TRANSACT = {"Put": "PutItem", "Update": "UpdateItem", "Delete": "DeleteItem", "ConditionCheck": "ConditionCheckItem"}


@pytest.fixture
def recorded(monkeypatch):
    calls = []
    real = botocore.client.BaseClient._make_api_call

    def record(self, operation, params):
        service = self.meta.service_model.service_name
        if operation == "TransactWriteItems":  # IAM checks each item's own action, not the transaction
            for item in params["TransactItems"]:
                (kind, op), = item.items()
                calls.append((f"dynamodb:{_TRANSACT[kind]}", _resource(service, op)))
        else:
            calls.append((f"{_PREFIX.get(service, service)}:{operation}", _resource(service, params)))
        return real(self, operation, params)
    monkeypatch.setattr(botocore.client.BaseClient, "_make_api_call", record)
    return calls


def _resource(service: str, params: dict) -> str:
    if service == "dynamodb":
        return "index" if params.get("IndexName") else "table"
    if service == "sqs":
        return "dlq" if str(params.get("QueueUrl", "")).endswith("-dlq") else "queue"
    if service == "secretsmanager":
        return "google" if "google" in str(params.get("SecretId", "")).lower() else "link"
    return "*"


# Granted but not called in these runs, each for a reason a test on moto cannot show: "exactly the calls its code
# makes" is this list plus what the runs record.
UNUSED_HERE = {
    "MailWorker": {("secretsmanager:GetSecretValue", "link"),   # in AWS the key comes from Secrets Manager
                        ("ses:SendRawEmail", "*"),                    # SES v2 SendEmail with raw content needs it
                        ("sqs:ChangeMessageVisibility", "queue"),     # the backoff after a failed send
                        ("sqs:GetQueueAttributes", "queue")},         # Lambda's SQS trigger itself
    "DashboardSync": {("secretsmanager:GetSecretValue", "google")},   # the Google key, with a Sheet
    "APIHandler": {("secretsmanager:GetSecretValue", "google"), ("secretsmanager:GetSecretValue", "link"),
                   ("secretsmanager:GetSecretValue", "staff-tokens"),  # the scripts' tokens, in AWS
                   ("secretsmanager:GetSecretValue", "google-client"),  # the console's Google sign-in, in AWS
                   ("sqs:DeleteMessage", "dlq")},                     # re-drive, when dead letters exist
}


def _allowed(function: str) -> set:
    """(action, resource) pairs the function's role grants."""
    names = {"Fn::GetAtt:Table": "table", "Fn::Sub:${Table.Arn}/index/gsi1": "index",
             "Fn::GetAtt:MailQueue": "queue", "Fn::GetAtt:MailDeadLetterQueue": "dlq",
             "Ref:LinkKeySecret": "link", "Ref:GoogleServiceAccountSecret": "google",
             "Ref:StaffTokensSecret": "staff-tokens", "Ref:GoogleClientSecret": "google-client",
             "Fn::GetAtt:FunctionFailures": "failures"}
    out = set()
    for actions, resources in POLICIES[FUNCTIONS[function]]:
        for resource in resources:
            (kind, value), = resource.items()
            key = f"{kind}:{value[0] if isinstance(value, list) else value}"
            for action in actions:
                out.add((action, names.get(key, "*")))
    return out


def _denied(function: str, calls: list) -> set:
    allowed = _allowed(function)
    return {(a, r) for a, r in calls if (a, r) not in allowed and (a, "*") not in allowed
            and a.split(":")[0] in ("dynamodb", "sqs", "secretsmanager", "ses")}


def test_the_workers_and_schedules_are_allowed_what_they_call(staff, pipeline, recorded, clock, tmp_path):  # noqa: F811
    import dataclasses

    from chalicelib import bootstrap
    from chalicelib import jobs as worker
    from chalicelib.adapters.dashboard_sinks import XlsxSink
    w = bootstrap.wiring()
    bootstrap.override(dashboard_sink=XlsxSink(tmp_path / "d.xlsx"),
                       config=dataclasses.replace(w.config, first_assessment_days=1))
    # work for each: pledges and assessments (mails), a draft, a blocked company past its period
    for n in range(3):
        staff.submit("/pledges", f.pledge(company=f.company(rfc=f.rfc(n)), public_listing=True))
        staff.submit("/assessments", f.assessment(company=f.company(rfc=f.rfc(n))))
    assert call(staff, "POST", f"/staff/companies/{f.rfc(2)}/block", headers=STAFF).status_code == 200
    recorded.clear()
    pipeline.drain()
    seen = {"MailWorker": list(recorded)}
    clock.now += timedelta(days=400)
    for function, run in (("ScorecardSweeper", worker.sweep), ("DailyCycle", worker.daily),
                          ("DashboardSync", worker.sync_dashboard), ("BenchmarkSnapshot", worker.snapshot)):
        recorded.clear()
        run()
        seen[function] = list(recorded)
    recorded.clear()
    pipeline.drain(failures_expected=True)  # the reminders the daily run queued (and a purged company's job)
    seen["MailWorker"] += recorded
    assert any(a == "dynamodb:BatchGetItem" for a, _ in seen["DailyCycle"])  # the purge reads the records
    assert any(r == "index" for _, r in seen["DashboardSync"])  # the overdue count reads the index
    denied = {function: _denied(function, calls) for function, calls in seen.items()}
    unused = {function: _allowed(function) - set(calls) for function, calls in seen.items()}
    assert unused == {function: UNUSED_HERE.get(function, set()) for function in seen}
    assert all(seen.values()) and denied == {function: set() for function in seen}


def test_the_api_is_allowed_what_its_routes_call(staff, pipeline, recorded):  # noqa: F811
    """Every route's calls, public and staff (the staff dashboard sync included)."""
    rfc = f.rfc(5)
    staff.submit("/pledges", f.pledge(company=f.company(rfc=rfc), public_listing=True))
    staff.submit("/assessments", f.assessment(company=f.company(rfc=rfc)))
    for method, path, body in (("GET", "/registry", None), ("GET", "/benchmarks?state=14", None),
                               ("POST", "/company/link", {"rfc": rfc, "email": "ana@example.mx"}),
                               ("POST", "/staff/activities", {"activity_id": "t-1", "title": "Taller",
                                                              "type": "training", "date": "2026-06-01"}),
                               ("POST", "/staff/activities/t-1/attendance", {"rfcs": [rfc]}),
                               ("POST", "/staff/benchmarks/snapshot", None), ("POST", "/staff/dashboard/sync", None),
                               ("POST", "/staff/scorecards/redrive", None),
                               ("GET", f"/staff/companies/{rfc}/export", None),
                               ("POST", f"/staff/companies/{rfc}/links/revoke", None),
                               ("POST", f"/staff/companies/{rfc}/block", None), ("GET", "/staff/audit", None),
                               ("GET", "/staff/health", None)):
        r = call(staff, method, path, body, STAFF)
        assert r.status_code < 400, (path, r.status_code, r.body[:200])
    # the console's pages, as a signed-in person: the home page and failed mail count the dead letters
    import dataclasses

    from chalicelib import bootstrap
    from chalicelib.api import staff_auth
    from chalicelib.services import staff_access
    w = bootstrap.wiring()
    bootstrap.override(config=dataclasses.replace(w.config, staff_allowed=("ana@example.org",)))
    session_id, session = staff_access.open_session(w.store, "ana@example.org", w.clock(), 8)
    cookie = staff_auth.session_cookie(w.config, session_id, int(session["expires_at"])).split(";")[0]
    for path in ("/staff/", "/staff/mail", "/staff/companies", "/staff/listings", "/staff/activities"):
        r = staff.client.http.get(path, headers={"Cookie": cookie, "Accept": "text/html"})
        assert r.status_code == 200, path
    assert _denied("APIHandler", recorded) == set()
    assert _allowed("APIHandler") - set(recorded) == UNUSED_HERE["APIHandler"]


def test_roles_that_sync_the_dashboard_may_read_its_key():
    """In AWS the sync reads the Google service-account key: the schedule and the staff route both run it."""
    for function in ("DashboardSync", "APIHandler"):
        assert ("secretsmanager:GetSecretValue", "google") in _allowed(function), function
