"""The integration tier: DynamoDB, SQS and SES on moto (one moto per session, a fresh table per test), the API
through chalice.test.Client."""
import dataclasses

import boto3
import pytest
from moto import mock_aws

from chalicelib import bootstrap
from chalicelib.adapters.dynamodb import ensure_table
from local import moto_speedups
from tests.helpers import SENDER, TOKEN, Clock

moto_speedups.apply()


@pytest.fixture(scope="session")
def _moto():
    """One moto for the session (starting it costs ~0.5 s); each test gets a fresh table."""
    with mock_aws():
        yield boto3.client("dynamodb", region_name="us-east-1")


@pytest.fixture
def aws(_moto):
    try:
        _moto.delete_table(TableName="integra-test")
    except _moto.exceptions.ResourceNotFoundException:
        pass
    ensure_table(_moto, "integra-test")
    bootstrap.reset()
    yield _moto
    bootstrap.reset()


@pytest.fixture
def clock(aws):
    c = Clock()
    bootstrap.override(clock=c)
    return c


@pytest.fixture
def api(aws, clock):
    from chalice.test import Client

    from app import app
    with Client(app) as client:
        yield Http(client)


class Http:
    """chalice.test.Client with JSON in and out."""

    def __init__(self, client):
        self.client = client

    def post(self, path, body=None, raw=None, headers=None):
        import json
        data = raw if raw is not None else json.dumps(body)
        return self._wrap(self.client.http.post(
            path, headers={"Content-Type": "application/json", **(headers or {})}, body=data))

    def get(self, path, headers=None):
        return self._wrap(self.client.http.get(path, headers=headers or {}))

    def confirm(self, submission_id, email=None):
        """What a click on the mailed confirmation link does: POST /confirm from the address it went to (the
        company's first verified address; for a new RFC, the one typed in the submission)."""
        import json
        from datetime import timedelta

        from chalicelib.services import confirmations
        w = bootstrap.wiring()
        if email is None:
            stored = w.store.submission(submission_id)
            company = w.store.company_for_rfc(stored["rfc"])
            verified = (w.store.profile(company) or {}).get("verified") if company else None
            data = json.loads(stored["payload"])
            email = verified[0] if verified else data["signatory" if stored["kind"] == "pledge" else "contact"]["email"]
        token = confirmations.token(w.config, submission_id, email, int((w.clock() + timedelta(days=14)).timestamp()))
        return self.post("/confirm", {"token": token})

    @staticmethod
    def snapshot():
        """Publish the benchmark snapshot now, as the schedule does (staff: POST /staff/benchmarks/snapshot)."""
        from chalicelib import jobs as worker
        return worker.snapshot()

    def company_token(self, rfc):
        """The company's own link token (what its page and reminders carry), for a confirmed company."""
        from chalicelib.services import selfservice
        w = bootstrap.wiring()
        company = w.store.company_for_rfc(rfc)
        return selfservice.new_token(w.config, company, w.store.profile(company), w.clock())

    def submit(self, path, body, headers=None):
        """POST a submission and confirm it, as its company would. The response's JSON becomes what the company
        then has on record (the confirmed result); the POST's own answer stays in `r.pending`."""
        import json
        r = self.post(path, body, headers=headers)
        if r.status_code == 201 and r.json.get("status") == "pending_confirmation":
            r.pending, r.confirmed = r.json, self.confirm(body["submission_id"])
            assert r.confirmed.status_code == 200, r.confirmed.json
            store = bootstrap.wiring().store
            if r.confirmed.json["kind"] == "assessment":
                r.json = json.loads(store.assessment(r.confirmed.json["id"])["result"])
            else:
                r.json = {**r.json, "status": "confirmed", "company_id": store.company_for_rfc(body["company"]["rfc"])}
        return r

    @staticmethod
    def _wrap(response):
        import json
        response.json = json.loads(response.body) if response.body else None
        return response


@pytest.fixture
def pipeline(aws):
    """SQS queue + DLQ and SES v2 on moto, wired into the service."""
    from chalicelib import jobs as worker
    from chalicelib.adapters.mail import SesMailer
    from chalicelib.adapters.sqs import SqsQueue, ensure_queues
    sqs, ses, sesv2 = (boto3.client(s, region_name="us-east-1") for s in ("sqs", "ses", "sesv2"))
    for url in sqs.list_queues().get("QueueUrls", []):
        sqs.delete_queue(QueueUrl=url)
    ses.verify_email_identity(EmailAddress=SENDER)  # moto, like SES, refuses unverified senders
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends
    outbox = ses_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sent_messages
    outbox.clear()  # one moto serves the whole session
    url = ensure_queues(sqs, "integra-mail-jobs", max_receives=3)
    bootstrap.override(queue=SqsQueue(sqs, url), mailer=SesMailer(sesv2))

    class P:
        queue_url, dlq_url, client = url, url + "-dlq", sqs

        @staticmethod
        def sent():
            return outbox

        @staticmethod
        def drain(max_rounds=10, failures_expected=False):
            """What Lambda's SQS trigger does: deliver each message; delete it when the handler succeeds.

            A handler's exception is re-raised unless the test expects failures; then its name is an outcome."""
            outcomes = []
            for _ in range(max_rounds):
                page = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=0,
                                           AttributeNames=["ApproximateReceiveCount"])
                if not page.get("Messages"):
                    break
                for m in page["Messages"]:
                    try:
                        receives = int(m["Attributes"]["ApproximateReceiveCount"])
                        outcome = worker.handle_message(m["Body"], receives, None)
                        if outcome != "nothing to confirm":  # api.submit confirmed it already, as its company would
                            outcomes.append(outcome)
                        sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
                    except Exception as exc:
                        if not failures_expected:
                            raise
                        outcomes.append(type(exc).__name__)
            return outcomes
    return P


@pytest.fixture
def staff(api):
    """The API with one staff member's key configured (tests.helpers.STAFF is its header)."""
    w = bootstrap.wiring()
    bootstrap.override(config=dataclasses.replace(w.config, staff_tokens=(("ana.staff", TOKEN),)))
    return api
