"""Constant DynamoDB cost per request (counted with botocore events), no Scan, exact counts under retries."""
import json
from collections import Counter
from datetime import timedelta

import pytest
from botocore.exceptions import ConnectionClosedError

from chalicelib import bootstrap
from tests import factories as f
from tests.helpers import aggregate


@pytest.fixture
def calls(api):
    counter: Counter = Counter()
    client = bootstrap.wiring().store.client
    client.meta.events.register("before-call.dynamodb", lambda model, **_: counter.update([model.name]))
    return counter


def test_one_read_and_one_write_per_submission(api, calls):
    for n in range(3):  # pending: kept aside until confirmed
        calls.clear()
        assert api.post("/assessments", f.assessment(company=f.company(rfc=f.rfc(n)))).status_code == 201
        assert calls == Counter({"BatchGetItem": 1, "TransactWriteItems": 1})
    calls.clear()
    api.post("/pledges", f.pledge())
    assert calls == Counter({"BatchGetItem": 1, "TransactWriteItems": 1})
    api.submit("/assessments", f.assessment())
    ana = {"name": "Ana Pérez", "position": "Directora", "email": "ana@example.mx"}
    for path, body in (("/assessments", f.assessment), ("/pledges", lambda **k: f.pledge(signatory=ana, **k))):
        own = body(company_token=api.company_token(f.VALID_RFC))  # with the company's own link
        calls.clear()
        r = api.post(path, own)
        assert r.status_code == 201 and r.json["status"] == "confirmed"
        assert calls == Counter({"BatchGetItem": 1, "TransactWriteItems": 1})
    own = f.pledge(company_token=api.company_token(f.VALID_RFC))  # a new signatory: every earlier link revoked
    calls.clear()
    assert api.post("/pledges", own).json["status"] == "confirmed"
    assert calls == Counter({"BatchGetItem": 1, "TransactWriteItems": 1, "UpdateItem": 1})


def test_a_confirmation_reads_the_submission_and_the_company_then_writes_once(api, calls):
    body = f.assessment()
    api.post("/assessments", body)
    calls.clear()
    assert api.confirm(body["submission_id"], "ana@example.mx").status_code == 200  # a new company
    assert calls == Counter({"GetItem": 1, "BatchGetItem": 1, "TransactWriteItems": 1})
    again = f.assessment(level=1)
    api.post("/assessments", again)
    calls.clear()
    assert api.confirm(again["submission_id"], "ana@example.mx").status_code == 200  # a known one: its records too
    assert calls == Counter({"GetItem": 1, "BatchGetItem": 2, "TransactWriteItems": 1})


def test_one_query_per_benchmark_read(api, calls):
    api.submit("/assessments", f.assessment())
    calls.clear()
    api.get("/benchmarks")
    assert calls == Counter({"Query": 1})  # national: its published item
    calls.clear()
    api.get("/benchmarks?state=14")
    assert calls == Counter({"Query": 1})  # one dimension: its cells, for complementary suppression


def test_replacement_is_still_one_transaction(api, calls):
    api.submit("/assessments", f.assessment(company=f.company(state="14")))
    own = f.assessment(company=f.company(state="19"), company_token=api.company_token(f.VALID_RFC))
    calls.clear()
    api.post("/assessments", own)
    assert calls == Counter({"BatchGetItem": 1, "TransactWriteItems": 1})


@pytest.mark.parametrize("own_link", [False, True], ids=["pending", "company-link"])
def test_transaction_applied_but_response_lost_is_not_counted_twice(api, aws, calls, own_link):
    """The client's retry after a lost response replays; it never adds the company again."""
    if own_link:
        api.submit("/assessments", f.assessment(level=1))
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
    body = f.assessment(**({"company_token": api.company_token(f.VALID_RFC)} if own_link else {}))
    first = api.post("/assessments", body)
    assert first.status_code == 503 and first.json["error"]["code"] == "unavailable"
    retry = api.post("/assessments", body)
    assert retry.status_code == 200
    if not own_link:
        assert api.confirm(body["submission_id"]).status_code == 200
        assert api.confirm(body["submission_id"], "ana@example.mx").status_code == 200  # a second click: no-op
    assert aggregate(aws, 2026, "national")["o_n"] == 1


def test_concurrent_replacement_is_retried_not_double_counted(api, aws, clock):
    """Another submission of the same company lands between our read and our write: we re-read, subtract it."""
    today = clock.now
    clock.now = today.replace(year=2025)  # the company and its link; no assessment this year yet
    api.submit("/assessments", f.assessment(level=4))
    clock.now = today
    token = api.company_token(f.VALID_RFC)
    store = bootstrap.wiring().store
    real_context = store.assessment_context
    state = {"raced": False}

    def racing_context(*args, **kwargs):
        ctx = real_context(*args, **kwargs)
        if not state["raced"]:
            state["raced"] = True
            store.assessment_context = real_context
            other = f.assessment(level=1, company_token=token)
            from concurrent.futures import ThreadPoolExecutor
            with ThreadPoolExecutor(1) as pool:  # its own stack, as another Lambda would be
                assert pool.submit(api.post, "/assessments", other).result().status_code == 201
        return ctx

    store.assessment_context = racing_context
    body = api.post("/assessments", f.assessment(level=3, company_token=token)).json
    national = aggregate(aws, 2026, "national")
    assert national["o_n"] == 1 and national["o_s"] == 75 and body["replaces"]
    assert national["chg"] == 2  # the other's entry, then ours replacing it


# What each public request path costs, call for call: constant, except the registry, whose index and listed
# profiles grow with it (one Query per 1 MB page, one BatchGetItem per 100 companies). Queries read one company's
# own years or the registry's index. No path runs a Scan.
ROUTE_CALLS = {
    ("GET", "/questionnaire"): {}, ("GET", "/openapi.json"): {}, ("GET", "/health"): {}, ("GET", "/"): {},
    ("OPTIONS", "/pledges"): {}, ("OPTIONS", "/assessments"): {},
    ("POST", "/pledges"): {"BatchGetItem": 1, "TransactWriteItems": 1},
    ("POST", "/assessments"): {"BatchGetItem": 1, "TransactWriteItems": 1},
    ("GET", "/confirm"): {"GetItem": 2},  # the submission, the RFC (+ 1 read: a known company, is it blocked?)
    ("POST", "/confirm"): {"GetItem": 1, "BatchGetItem": 1, "TransactWriteItems": 1},  # + 1 read: a known company
    ("GET", "/benchmarks"): {"Query": 1},  # the published cells of one dimension (or the national one)
    ("GET", "/assessments/{assessment_id}/scorecard.xlsx"): {"GetItem": 3, "Query": 1},  # + profile, its years
    ("GET", "/forms/{form}"): {},
    ("POST", "/forms/{form}"): {"UpdateItem": 1, "BatchGetItem": 1, "TransactWriteItems": 1},  # + the stamp
    # a pending submission: itself only (once confirmed: its company, blocked?, and the assessment it became)
    ("GET", "/forms/done/{submission_id}"): {"GetItem": 1},
    # the submission, its RFC's company (confirmed after it was sent), that company (blocked?), the assessment
    ("GET", "/forms/done/{submission_id}/scorecard.xlsx"): {"GetItem": 4},
    ("GET", "/registry"): {"Query": 1, "BatchGetItem": 1},
    ("POST", "/company/link"): {},  # the worker decides, so the answer and its time say nothing
    ("GET", "/company"): {"GetItem": 1, "Query": 1},  # the profile, then its years
    ("PUT", "/company/contact"): {"GetItem": 1, "UpdateItem": 2},  # + the link version
    ("POST", "/company/contact"): {"GetItem": 1, "UpdateItem": 2},
}


def test_every_public_request_path_costs_what_the_readme_says(api, calls, clock, pipeline):
    """Each public route, exercised with a valid request; its DynamoDB calls counted against ROUTE_CALLS."""
    from urllib.parse import urlencode, urlsplit

    from app import app
    from tests.helpers import Doc, approve_listings, fields, get, link_from, parse
    seen = {}

    def measure(method, route, path, body=None, content_type="application/json", accept="application/json"):
        calls.clear()
        data = body if isinstance(body, str) or body is None else json.dumps(body)
        r = api.client.http.request(method, path, headers={"Content-Type": content_type, "Accept": accept},
                                    body=data or b"")
        assert r.status_code < 400, (route, r.status_code, r.body[:300])
        seen[(method, route)] = dict(calls)
        return r

    body, pledge = f.assessment(), f.pledge(public_listing=True, signatory={
        "name": "Ana Pérez", "position": "Directora General", "email": "ana@example.mx"})
    measure("POST", "/pledges", "/pledges", pledge)
    created = json.loads(measure("POST", "/assessments", "/assessments", body).body)
    assert pipeline.drain() == ["sent", "sent"]  # the two confirmation requests
    links = [urlsplit(link_from(parse(m.raw_data), "confirm")) for m in pipeline.sent()[-2:]]
    measure("GET", "/confirm", f"/confirm?{links[0].query}", accept="text/html")
    token = dict(p.split("=", 1) for p in links[0].query.split("&"))["token"]
    measure("POST", "/confirm", "/confirm", {"token": token})
    assert api.post("/confirm", {"token": dict(p.split("=", 1) for p in links[1].query.split("&"))["token"]}).json[
        "status"] == "confirmed"
    approve_listings()  # the pledge's company, listed by staff: /registry then has someone to read
    for route in ("/questionnaire", "/openapi.json", "/health", "/benchmarks?state=14", "/registry"):
        measure("GET", route.split("?")[0], route)
    measure("GET", "/", "/", accept="text/html")
    for route in ("/pledges", "/assessments"):
        measure("OPTIONS", route, route)
    for form in ("pledge", "assessment", "registry", "embed"):  # the registry page costs what /registry does
        measure("GET", "/forms/{form}", f"/forms/{form}?lang=es", accept="text/html")
        if form == "registry":
            assert seen[("GET", "/forms/{form}")] == ROUTE_CALLS[("GET", "/registry")]
        else:
            assert seen[("GET", "/forms/{form}")] == ROUTE_CALLS[("GET", "/forms/{form}")], form
    doc = Doc(get(api, "/forms/pledge?lang=es").text)
    clock.now += timedelta(seconds=30)
    hidden = {n: doc.value(n) for n in ("submission_id", "form_token")}
    pairs = fields(f.pledge(submission_id=hidden["submission_id"], company=f.company(rfc=f.rfc(7)))) + \
        [("form_token", hidden["form_token"])]
    done = measure("POST", "/forms/{form}", "/forms/pledge?lang=es", urlencode(pairs),
                   "application/x-www-form-urlencoded", "text/html").headers["Location"]
    measure("GET", "/forms/done/{submission_id}", "/forms/" + done, accept="text/html")
    from chalicelib.api import forms_http
    mine = forms_http._result_url(body["submission_id"], "es").replace("?", "/scorecard.xlsx?", 1)
    measure("GET", "/forms/done/{submission_id}/scorecard.xlsx", "/forms/" + mine, accept="*/*")
    # the pledge in writing, the scorecard, and the form pledge's confirmation request
    assert pipeline.drain() == ["sent", "sent", "sent"]
    scorecard = next(urlsplit(link_from(parse(m.raw_data), "scorecard")) for m in pipeline.sent()
                     if "scorecard.xlsx" in parse(m.raw_data).get_body(("plain",)).get_content())
    measure("GET", "/assessments/{assessment_id}/scorecard.xlsx", f"{scorecard.path}?{scorecard.query}",
            accept="*/*")
    assert created["assessment_id"] in scorecard.path
    measure("POST", "/company/link", "/company/link", {"rfc": body["company"]["rfc"], "email": "ana@example.mx"})
    assert pipeline.drain() == ["sent"]
    company = urlsplit(link_from(parse(pipeline.sent()[-1].raw_data)))
    measure("GET", "/company", f"/company?{company.query}")
    measure("PUT", "/company/contact", f"/company/contact?{company.query}",
            {"name": "Ana Pérez", "email": "ana@example.mx", "position": "CFO"})
    assert api.get(f"/company?{company.query}").status_code == 403  # the change revoked that link
    api.post("/company/link", {"rfc": body["company"]["rfc"], "email": "ana@example.mx"})
    assert pipeline.drain() == ["sent"]
    company = urlsplit(link_from(parse(pipeline.sent()[-1].raw_data)))
    measure("POST", "/company/contact", f"/company/contact?lang=es&{company.query}",
            urlencode({"contact.name": "Ana P.", "contact.email": "ana@example.mx"}),
            "application/x-www-form-urlencoded", "text/html")

    public = {(m, path) for path, entries in app.routes.items() if not path.startswith("/staff")
              for m in entries}
    assert set(seen) == public == set(ROUTE_CALLS)  # a new route must be measured here and priced in the README
    assert seen == ROUTE_CALLS
    assert not any("Scan" in c for c in seen.values())


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
    api.submit("/assessments", f.assessment(level=1, company=f.company(state="14"), barriers=barriers))
    api.submit("/assessments", f.assessment(level=3, company=f.company(state="19", sector="46"), barriers=barriers))
    actions = sent[-1]["TransactItems"]
    assert len(actions) <= 100
    longest = max(len(a["Update"]["UpdateExpression"]) for a in actions if "Update" in a)
    assert longest < 4096
    assert len(json.dumps(sent[-1])) < 4 * 1024 * 1024


@pytest.mark.parametrize("own_link", [False, True], ids=["pending", "company-link"])
def test_the_same_submission_sent_twice_at_once_is_counted_once(api, aws, own_link):
    """Two deliveries of one submission race: both read "not seen yet", both try to write. The transaction lets
    one in; the other gets the stored result back (never a 5xx, never a second count)."""
    import threading
    from concurrent.futures import ThreadPoolExecutor
    body = f.assessment(level=3)
    if own_link:
        api.submit("/assessments", f.assessment(level=1))
        body["company_token"] = api.company_token(f.VALID_RFC)
    store = bootstrap.wiring().store
    real = store.assessment_context, store.save_assessment, store.save_pending
    both_read, one_writer = threading.Barrier(2, timeout=30), threading.Lock()

    def context(*args, **kwargs):
        ctx = real[0](*args, **kwargs)
        both_read.wait()  # neither has written yet: both see no earlier submission
        return ctx

    def serial(write):  # moto is not thread-safe; DynamoDB serialises the two transactions the same way
        def locked(*args):
            with one_writer:
                return write(*args)
        return locked

    store.assessment_context, store.save_assessment, store.save_pending = context, serial(real[1]), serial(real[2])
    with ThreadPoolExecutor(max_workers=2) as pool:
        responses = list(pool.map(lambda _: api.post("/assessments", body), range(2)))
    store.assessment_context, store.save_assessment, store.save_pending = real
    assert sorted(r.status_code for r in responses) == [200, 201]
    assert responses[0].json == responses[1].json
    if not own_link:
        assert api.confirm(body["submission_id"]).status_code == 200
    assert aggregate(aws, 2026, "national")["o_n"] == 1


def test_a_replay_reads_once_and_writes_nothing(api, calls):
    body = f.assessment()
    assert api.submit("/assessments", body).status_code == 201
    calls.clear()
    assert api.post("/assessments", body).status_code == 200
    assert calls == Counter({"BatchGetItem": 1})


def test_a_dashboard_sync_reads_a_constant_number_of_times(api, calls, clock, tmp_path):
    """One paged Query of the published snapshot, one GetItem, one COUNT Query and one Query of the pledges'
    renewal dates for the totals, however many companies and years (under ~10,000 pledged companies a page); and
    its own state for /staff/health (one GetItem, one PutItem)."""
    import dataclasses

    from chalicelib import jobs as worker
    from chalicelib.adapters.dashboard_sinks import XlsxSink
    w = bootstrap.wiring()
    bootstrap.override(config=dataclasses.replace(w.config, dashboard_first_year=2026),
                       dashboard_sink=XlsxSink(tmp_path / "dashboard.xlsx"))
    counts = []
    for first, last in ((0, 2), (2, 12)):
        for n in range(first, last):
            assert api.submit("/assessments", f.assessment(company=f.company(rfc=f.rfc(n)))).status_code == 201
        calls.clear()
        worker.sync_dashboard()
        counts.append(dict(calls))
        worker.snapshot()
        calls.clear()
        worker.sync_dashboard()
        counts.append(dict(calls))
    assert counts[0] == counts[1] == counts[2] == {"Query": 3, "GetItem": 2, "PutItem": 1}  # + its own state
    clock.now = clock.now.replace(year=2027)
    api.submit("/assessments", f.assessment(company=f.company(rfc=f.rfc(20))))
    worker.snapshot()
    calls.clear()
    worker.sync_dashboard()
    assert calls == Counter({"Query": 3, "GetItem": 2, "PutItem": 1})  # one more year: the same reads
