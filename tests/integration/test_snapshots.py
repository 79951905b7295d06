"""Peer figures that cannot be taken apart, through the HTTP API on moto: figures move only after five confirmed
changes, one replacement a day, pending submissions get none, last year's cohort, combinations refused. The same
rules on plain data are in tests/unit/test_snapshot_rules.py."""
from datetime import UTC, timedelta

import pytest

from chalicelib import catalogue
from tests import factories as f
from tests.helpers import STAFF, call

CAT = catalogue.current()


def bench(api, query=""):
    r = api.get(f"/benchmarks?{query}")
    assert r.status_code == 200, r.json
    return r.json


def test_published_figures_move_only_after_five_confirmed_changes(staff, clock):
    for n in range(10):
        staff.submit("/assessments", f.assessment(level=2, company=f.company(rfc=f.rfc(n))))
    assert bench(staff) == {"suppressed": True, "n_min": 10}  # nothing is published until a snapshot runs
    r = call(staff, "POST", "/staff/benchmarks/snapshot", headers=STAFF)
    assert r.status_code == 200 and r.json["published"] > 0
    published = bench(staff)
    assert published["n"] == 10 and published["as_of"] == r.json["taken_at"]
    for n in range(10, 14):
        clock.now += timedelta(minutes=1)
        staff.submit("/assessments", f.assessment(level=4, company=f.company(rfc=f.rfc(n))))
        staff.snapshot()
        assert bench(staff) == published, n  # 10 -> 11 would give the newcomer's score: not published
    staff.submit("/assessments", f.assessment(level=4, company=f.company(rfc=f.rfc(14))))
    staff.snapshot()
    assert bench(staff)["n"] == 15
    # an ARCO block is one change: the figures keep the blocked company until four more changes
    now = bench(staff)
    assert call(staff, "POST", f"/staff/companies/{f.rfc(14)}/block", headers=STAFF).status_code == 200
    staff.snapshot()
    assert bench(staff) == now
    audit = call(staff, "GET", "/staff/audit", headers=STAFF).json
    assert any(e["action"] == "benchmarks.snapshot" for e in audit["entries"])
    # while the schedule's run holds the claim, a staff request waits its turn
    from chalicelib import bootstrap
    assert bootstrap.wiring().store.claim_snapshot("2026-06-15T00:00:00.000000Z", "2999-01-01T00:00:00.000000Z")
    busy = call(staff, "POST", "/staff/benchmarks/snapshot", headers=STAFF)
    assert busy.status_code == 409 and busy.json["error"]["code"] == "snapshot_running"


def test_a_second_replacement_on_the_same_day_gets_429_then_works_the_next_day(api, clock):
    api.submit("/assessments", f.assessment(level=1))
    token = api.company_token(f.VALID_RFC)
    assert api.post("/assessments", f.assessment(level=2, company_token=token)).status_code == 201  # a correction
    again = api.post("/assessments", f.assessment(level=3, company_token=token))
    assert again.status_code == 429 and again.json["error"]["code"] == "replaced_today"
    assert "una vez al día" in again.json["error"]["message"]
    english = api.post("/assessments", f.assessment(level=3, lang="en", company_token=token))
    assert english.status_code == 429 and "once a day" in english.json["error"]["message"]
    # confirmed by mail instead: refused today, still pending, and the same link works tomorrow
    pending = f.assessment(level=3)
    assert api.post("/assessments", pending).json["status"] == "pending_confirmation"
    refused = api.confirm(pending["submission_id"], "ana@example.mx")
    assert refused.status_code == 429 and refused.json["error"]["code"] == "replaced_today_link"
    assert int(refused.headers["Retry-After"]) == int(again.headers["Retry-After"])  # when the link works again
    clock.now += timedelta(days=1)
    assert api.confirm(pending["submission_id"], "ana@example.mx").status_code == 200


def test_a_pending_submission_gets_no_figures_and_a_confirmed_one_not_itself(api, clock):
    """Anyone can send a submission under any RFC, as often as they like: it gets no peer figures (each would be
    a free probe, and "minus that company" would give that company's score away). Confirmed, the company sees
    its peers without itself."""
    for n in range(6):
        api.submit("/assessments", f.assessment(level=n % 5, company=f.company(rfc=f.rfc(n))))
    api.snapshot()
    clock.now += timedelta(days=1)
    stranger = api.post("/assessments", f.assessment(level=2, company=f.company(rfc=f.rfc(0)),
                                                      contact={"name": "Eva Ruiz", "email": "eva@example.net"}))
    assert stranger.status_code == 201, stranger.json
    # no figures at all until confirmed: an unconfirmed submission, free and repeatable, is no probe
    assert stranger.json["status"] == "pending_confirmation" and stranger.json["benchmark"]["suppressed"]
    own = api.post("/assessments", f.assessment(level=2, company=f.company(rfc=f.rfc(0)),
                                                 company_token=api.company_token(f.rfc(0))))
    assert own.status_code == 201, own.json
    assert own.json["status"] == "confirmed" and own.json["benchmark"]["n"] == 5  # itself taken out


def test_last_years_cohort_in_january(api, clock):
    from datetime import datetime
    clock.now = datetime(2026, 11, 2, 18, 0, tzinfo=UTC)
    for n in range(6):
        api.submit("/assessments", f.assessment(level=2, company=f.company(rfc=f.rfc(n))))
    api.snapshot()
    clock.now = datetime(2027, 1, 10, 18, 0, tzinfo=UTC)
    body = api.submit("/assessments", f.assessment(level=3, company=f.company(rfc=f.rfc(40)))).json
    assert body["benchmark"]["year"] == 2026 and body["benchmark"]["n"] == 6
    assert "ciclo 2026, el más reciente" in body["benchmark"]["cohort"]["label"]
    # a company of last year's cohort is not its own peer there either
    again = api.submit("/assessments", f.assessment(level=3, company=f.company(rfc=f.rfc(0)))).json
    assert again["benchmark"]["year"] == 2026 and again["benchmark"]["n"] == 5  # the five others of 2026


def test_an_uncertain_assessment_enters_no_benchmark(api, aws):
    from tests.helpers import aggregate
    unsure = {i: "unknown" for i in list(CAT.items)[:len(CAT.items) // 5 + 1]}  # more than a fifth
    body = api.submit("/assessments", f.assessment(level=3, answers_over=unsure)).json
    assert body["score"]["overall"] is not None and body["status"] == "confirmed"
    national = aggregate(aws, 2026, "national")
    assert national.get("o_n", 0) == 0 and national["unsure"] == 1


@pytest.mark.parametrize("query", ["state=14&size=pequena", "size=micro&sector=54", "state=14&sector=54",
                                   "state=14&size=micro&sector=54"])
def test_combinations_are_refused(api, query):
    r = api.get(f"/benchmarks?{query}&lang=en")
    assert r.status_code == 400 and "one dimension" in r.json["error"]["fields"][0]["message"]


def test_the_result_page_shows_the_published_peer_figures_and_when(api):
    """The page a person lands on after the form: the peer average, where they stand, and the date."""
    from chalicelib.api.forms_http import _result_url
    for n in range(6):
        api.submit("/assessments", f.assessment(level=2, company=f.company(rfc=f.rfc(n))))
    api.snapshot()
    mine = f.assessment(level=3, company=f.company(rfc=f.rfc(50)))
    pending = api.post("/assessments", mine)
    assert pending.json["benchmark"] == {"suppressed": True, "n_min": 5, "reason": "pending_confirmation"}
    url = "/forms/" + _result_url(mine["submission_id"], "es")
    waiting = api.client.http.get(url, headers={"Accept": "text/html"}).body.decode()
    assert "La comparación con empresas pares aparece cuando se confirme" in waiting
    assert api.confirm(mine["submission_id"]).status_code == 200
    page = api.client.http.get(url, headers={"Accept": "text/html"})
    text = page.body.decode()
    assert page.status_code == 200, text[:300]
    assert "Pares: Pequeñas empresas" in text and "6 empresas" in text and "Promedio de pares: 50 de 100." in text
    assert "por encima del promedio" in text and "Cifras de pares publicadas el 15 de junio de 2026" in text


def test_a_replacement_refused_says_when_and_older_answers_never_come_back(api, clock):
    api.submit("/assessments", f.assessment(level=1))
    token = api.company_token(f.VALID_RFC)
    older = f.assessment(level=4)
    assert api.post("/assessments", older).json["status"] == "pending_confirmation"  # not confirmed yet
    clock.now += timedelta(minutes=5)
    assert api.post("/assessments", f.assessment(level=2, company_token=token)).status_code == 201
    refused = api.post("/assessments", f.assessment(level=3, company_token=token))
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) == 12 * 3600 - 300  # to CDMX midnight
    # the older answers, confirmed after newer ones were saved, are not applied (tomorrow neither)
    clock.now += timedelta(days=1)
    late = api.confirm(older["submission_id"], "ana@example.mx")
    assert late.status_code == 409 and late.json["error"]["code"] == "superseded"
