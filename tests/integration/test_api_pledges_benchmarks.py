"""POST /pledges, GET /benchmarks, GET /questionnaire and GET /openapi.json."""
from datetime import UTC

from chalicelib import catalogue
from chalicelib.api.responses import BenchmarkOut, PledgeOut, QuestionnaireOut
from tests import factories as f
from tests.factories import bootstrap_override
from tests.helpers import aggregate


def test_pledge_created_and_replayed(api, aws):
    body = f.pledge(public_listing=True)
    r = api.submit("/pledges", body)
    assert r.status_code == 201
    PledgeOut.model_validate(r.json)
    assert r.json["size"] == "pequena" and r.json["signed_at"] == "2026-06-15T18:00:00Z"
    assert r.json["renew_by"] == "2027-06-15T18:00:00Z" and r.json["commitments"] == body["commitments"]
    again = api.submit("/pledges", body)
    assert again.status_code == 200 and again.json == r.pending
    pledged = aggregate(aws, 2026, "national", None), aggregate(aws, 2026, "st=14", None)
    assert pledged[0]["pledges"] == 1 and pledged[1]["pledges"] == 1


def test_pledge_renew_by_on_leap_day(api, clock):
    from datetime import datetime
    clock.now = datetime(2028, 2, 29, 18, 0, tzinfo=UTC)
    assert api.submit("/pledges", f.pledge()).json["renew_by"] == "2029-02-28T18:00:00Z"


def test_pledge_and_assessment_share_the_company_id(api):
    pledge = api.submit("/pledges", f.pledge()).json
    assessment = api.submit("/assessments", f.assessment()).json
    assert pledge["company_id"] == assessment["company_id"]
    other = api.submit("/pledges", f.pledge(company=f.company(rfc=f.rfc(7)))).json
    assert other["company_id"] != pledge["company_id"]


def test_published_benchmark_needs_ten_companies(api):
    for n in range(9):
        api.submit("/assessments", f.assessment(level=n % 5, company=f.company(rfc=f.rfc(n))))
    api.snapshot()
    assert api.get("/benchmarks?year=2026&state=14").json == {"suppressed": True, "n_min": 10}
    api.submit("/assessments", f.assessment(level=4, company=f.company(rfc=f.rfc(9))))
    # ten companies now, but the published figures (nine) stay until five contributions changed
    assert api.snapshot()["published"] == 0
    assert api.get("/benchmarks?year=2026&state=14").json == {"suppressed": True, "n_min": 10}
    with bootstrap_override(benchmark_min_change=1):
        api.snapshot()
    for query in ("year=2026&state=14", "", "sector=541110"):
        body = api.get(f"/benchmarks?{query}").json
        BenchmarkOut.model_validate(body)
        # levels 0,1,2,3,4,0,1,2,3 then 4: scores 0,25,50,75,100 twice -> mean 50, median 50
        assert body["n"] == 10 and body["overall"] == {"mean": 50, "median": 50}, query
        assert body["dimensions"]["D1"] == {"mean": 50, "median": 50}
        assert "percentile" not in body and "min" not in body and "max" not in body
    assert api.get("/benchmarks?state=19").json == {"suppressed": True, "n_min": 10}
    pair = api.get("/benchmarks?state=14&size=pequena&lang=en")  # combinations would let scores be worked out
    assert pair.status_code == 400 and pair.json["error"]["fields"][0]["message"].startswith("Ask for one dimension")
    assert api.get("/benchmarks?year=2025").json == {"suppressed": True, "n_min": 10}
    labelled = api.get("/benchmarks?size=pequena&lang=en").json["cohort"]
    assert labelled == {"state": None, "size": "pequena", "sector": None, "label": "Small companies · national"}


def test_questionnaire_in_both_languages(api):
    es, en = api.get("/questionnaire").json, api.get("/questionnaire?lang=en").json
    QuestionnaireOut.model_validate(es)
    assert es["version"] == en["version"] == catalogue.current().version
    assert [d["id"] for d in es["dimensions"]] == [d["id"] for d in en["dimensions"]]
    assert sum(d["weight"] for d in es["dimensions"]) == 100
    item_es, item_en = es["dimensions"][0]["items"][0], en["dimensions"][0]["items"][0]
    assert set(item_es) >= {"id", "weight", "core", "gate", "na_allowed", "art25", "text", "help"}
    assert item_es["text"] != item_en["text"] and item_es["id"] == item_en["id"]
    assert [s["value"] for s in es["scale"]] == [0, 1, 2, 3, 4, "na", "unknown"]
    assert len(es["states"]) == 32 and {"code": "14", "name": "Jalisco"} in es["states"]
    assert len(es["sectors"]) == 19 and any(s["code"] == "31-33" for s in en["sectors"])
    assert not any(s["code"] == "93" for s in es["sectors"])  # government bodies are refused
    assert [c["id"] for c in es["pledge_commitments"]] == [f"C{i}" for i in range(1, 9)]
    assert {q["id"] for q in es["profile"]} >= {"gov_revenue_share", "uses_intermediaries"}
    assert es["barriers"] and all("score" not in str(q) for q in es["barriers"])
    accept = api.get("/questionnaire", headers={"Accept-Language": "en-US,en;q=0.9"}).json
    assert accept["dimensions"][0]["title"] == en["dimensions"][0]["title"]


def test_openapi_document_is_valid_and_generated_from_models(api):
    from openapi_spec_validator import validate

    doc = api.get("/openapi.json").json
    validate(doc)
    assert doc["openapi"].startswith("3.1")
    assert set(doc["paths"]) >= {"/questionnaire", "/pledges", "/assessments", "/benchmarks", "/openapi.json"}
    schemas = doc["components"]["schemas"]
    assert set(schemas["AssessmentIn"]["required"]) >= {"submission_id", "questionnaire_version", "company",
                                                        "contact", "answers", "consent"}
    assert "gov_revenue_share" in schemas["Company"]["properties"]  # from the catalogue's profile
    assert schemas["AssessmentIn"]["additionalProperties"] is False


def test_barrier_answers_are_counted_but_never_scored(api, aws):
    plain = api.submit("/assessments", f.assessment(company=f.company(rfc=f.rfc(1)))).json
    barriers = {"B1": "often", "B6": ["cost", "red_tape"], "B7": ["training"]}
    with_barriers = api.submit("/assessments", f.assessment(company=f.company(rfc=f.rfc(2)), barriers=barriers)).json
    assert plain["score"] == with_barriers["score"]
    national = aggregate(aws, 2026, "national")
    assert national["b_B1_often"] == 1 and national["b_B6_red_tape"] == 1 and national["b_B6_n"] == 1
    assert "b_B1_often" not in aggregate(aws, 2026, "st=14|sz=pequena|sc=54")  # detail only in wide cohorts


def test_cors_allows_exactly_the_configured_form_origins(api):
    allowed, other = "http://127.0.0.1:8000", "https://evil.example"
    r = api.get("/questionnaire", headers={"Origin": allowed})
    assert r.headers["Access-Control-Allow-Origin"] == allowed and r.headers["Vary"] == "Origin"
    r = api.get("/questionnaire", headers={"Origin": other})
    assert "Access-Control-Allow-Origin" not in r.headers
    r = api.client.http.request("OPTIONS", "/assessments", headers={"Origin": allowed,
                                                                     "Access-Control-Request-Method": "POST"})
    assert r.status_code == 204 and r.headers["Access-Control-Allow-Origin"] == allowed
    assert "POST" in r.headers["Access-Control-Allow-Methods"]
    r = api.client.http.request("OPTIONS", "/assessments", headers={"Origin": other})
    assert "Access-Control-Allow-Origin" not in r.headers
    r = api.submit("/pledges", f.pledge(), headers={"Origin": allowed})
    assert r.status_code == 201 and r.headers["Access-Control-Allow-Origin"] == allowed
