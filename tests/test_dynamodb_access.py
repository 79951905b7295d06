"""Constant DynamoDB cost per request (counted with botocore events), no Scan, exact counts under retries."""
import json
from collections import Counter

import pytest
from botocore.exceptions import ConnectionClosedError

from chalicelib import bootstrap
from tests import factories as f
from tests.test_api_assessments import aggregate


@pytest.fixture
def calls(api):
    counter = Counter()
    client = bootstrap.wiring().store.client
    client.meta.events.register("before-call.dynamodb", lambda model, **_: counter.update([model.name]))
    return counter


def test_one_read_and_one_write_per_submission(api, calls):
    for n in range(3):
        calls.clear()
        assert api.post("/assessments", f.assessment(company=f.company(rfc=f.rfc(n)))).status_code == 201
        assert calls == Counter({"BatchGetItem": 1, "TransactWriteItems": 1})
    calls.clear()
    api.post("/pledges", f.pledge())
    assert calls == Counter({"BatchGetItem": 1, "TransactWriteItems": 1})


def test_one_get_per_benchmark_read(api, calls):
    api.post("/assessments", f.assessment())
    calls.clear()
    api.get("/benchmarks?state=14&size=pequena")
    assert calls == Counter({"GetItem": 1})


def test_replacement_is_still_one_transaction(api, calls):
    api.post("/assessments", f.assessment(company=f.company(state="14")))
    calls.clear()
    api.post("/assessments", f.assessment(company=f.company(state="19")))
    assert calls == Counter({"BatchGetItem": 1, "TransactWriteItems": 1})


def test_transaction_applied_but_response_lost_is_not_counted_twice(api, aws, calls):
    """The client's retry after a lost response replays; it never adds the company again."""
    store = bootstrap.wiring().store
    real = store.client.transact_write_items
    state = {"failed": False}

    def lose_response(**kwargs):
        result = real(**kwargs)
        if not state["failed"]:
            state["failed"] = True
            raise ConnectionClosedError(endpoint_url="http://dynamodb")
        return result

    store.client.transact_write_items = lose_response
    body = f.assessment()
    first = api.post("/assessments", body)
    assert first.status_code == 503 and first.json["error"]["code"] == "unavailable"
    retry = api.post("/assessments", body)
    assert retry.status_code == 200
    assert aggregate(aws, 2026, "national")["o_n"] == 1


def test_concurrent_replacement_is_retried_not_double_counted(api, aws):
    """Another submission of the same company lands between our read and our write: we re-read, subtract it."""
    store = bootstrap.wiring().store
    real_context = store.assessment_context
    state = {"raced": False}

    def racing_context(*args, **kwargs):
        ctx = real_context(*args, **kwargs)
        if not state["raced"]:
            state["raced"] = True
            store.assessment_context = real_context
            other = f.assessment(level=1)
            assert api.post("/assessments", other).status_code == 201
        return ctx

    store.assessment_context = racing_context
    body = api.post("/assessments", f.assessment(level=3)).json
    national = aggregate(aws, 2026, "national")
    assert national["o_n"] == 1 and national["o_s"] == 75 and body["replaces"]


def test_no_request_path_scans(api, calls):
    api.post("/pledges", f.pledge())
    api.post("/assessments", f.assessment())
    api.post("/assessments", f.assessment())
    api.get("/benchmarks")
    api.get("/questionnaire")
    assert not {"Scan", "Query"} & set(calls)


def test_update_expressions_fit_dynamodb_limits(api, aws):
    """DynamoDB caps an expression at 4 KB; moto does not enforce it, so check what we send."""
    store = bootstrap.wiring().store
    sent = []
    real = store.client.transact_write_items

    def spy(**kwargs):
        sent.append(kwargs)
        return real(**kwargs)

    store.client.transact_write_items = spy
    barriers = {"B1": "often", "B6": ["cost", "red_tape", "other"], "B7": ["training", "templates"]}
    api.post("/assessments", f.assessment(level=1, company=f.company(state="14"), barriers=barriers))
    api.post("/assessments", f.assessment(level=3, company=f.company(state="19", sector="46"), barriers=barriers))
    actions = sent[-1]["TransactItems"]
    assert len(actions) <= 100
    longest = max(len(a["Update"]["UpdateExpression"]) for a in actions if "Update" in a)
    assert longest < 4096
    assert len(json.dumps(sent[-1])) < 4 * 1024 * 1024
