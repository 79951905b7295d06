"""POST /assessments through chalice.test.Client against DynamoDB on moto."""
from datetime import UTC, datetime

import pytest

from chalicelib import catalogue
from chalicelib.api.responses import AssessmentOut
from chalicelib.domain import scoring
from tests import factories as f
from tests.helpers import aggregate


def scan_count(aws):
    return aws.scan(TableName="integra-test", Select="COUNT")["Count"]


def test_created_with_pinned_shape(api):
    r = api.submit("/assessments", f.assessment(level=3))
    assert r.status_code == 201
    body = r.json
    AssessmentOut.model_validate(body)
    assert body["size"] == "pequena" and body["year"] == 2026
    assert body["questionnaire_version"] == catalogue.current().version
    assert body["score"]["overall"] == 75.0 and body["score"]["band"] == "Establecido"
    assert body["score"]["dimensions"]["D1"] == {"score": 75.0, "band": "Establecido"}
    assert body["art25"]["met"] == 7 and body["art25"]["of"] == 7
    assert body["gaps"] == []  # a small company at "implemented" everywhere has reached its targets
    assert body["benchmark"] == {"suppressed": True, "n_min": 5}
    large = f.company(rfc=f.rfc(1), employees=300, annual_sales_mxn=400_000_000)
    gaps = api.submit("/assessments", f.assessment(level=3, company=large)).json["gaps"]
    points = [g["points"] for g in gaps]  # no gate or Art. 25 item below 2: by what the next level adds
    assert points == sorted(points, reverse=True) and gaps[0]["action"] and points[0] > 0


def test_english_labels_and_actions(api):
    body = api.submit("/assessments", f.assessment(level=1, lang="en")).json
    assert body["score"]["band"] == "Basic"
    cat = catalogue.current()
    first = cat.items[body["gaps"][0]["item_id"]]
    assert body["gaps"][0]["action"] == scoring.next_step(cat, first, 1, "pequena")["en"]
    assert body["gaps"][0]["title"] == first.title["en"]
    assert body["art25"]["note"].startswith("Indicative")


def test_gate_and_unknown_in_response(api):
    answers = {"3.1": 0, "6.1": "unknown"}
    body = api.submit("/assessments", f.assessment(level=4, answers_over=answers, lang="en")).json
    # the cap holds the number too: a score that reads 39 beside "Basic", never 95 beside it
    assert body["score"]["band"] == "Basic" and body["score"]["overall"] == 39
    assert body["score"]["capped_by"] == ["3.1", "6.1"] and "'Basic'" in body["score"]["cap_reason"]
    assert "3.1 “" in body["score"]["cap_reason"] and "documented" in body["score"]["cap_reason"]
    assert {g["item_id"] for g in body["gaps"][:2]} == {"3.1", "6.1"}  # the gate items first
    assert body["unknown_items"] == ["6.1"]
    gap = next(g for g in body["gaps"] if g["item_id"] == "6.1")
    assert gap["answer"] == "unknown" and gap["target"] == 3 and gap["priority"] == 3 * 2 * 12  # small: target 3
    # "No sé" is not "create it": whom to ask, in the gap and in the list to check
    assert gap["action"] == catalogue.current().items["6.1"].action_unknown["en"]
    assert body["to_check"] == [{"item_id": "6.1", "title": "Reporting channel", "action": gap["action"]}]
    # implemented, on answers that say what it rests on is not even documented: pointed out, kept
    slips = {tuple(w["items"]) for w in body["warnings"] if w["code"] == "answers_inconsistent"}
    assert {("3.6", "3.1"), ("6.4", "6.1")} <= slips


def test_scores_are_returned_unrounded(api):
    """The API gives full precision (display rounds): an answer set whose scores are not whole numbers."""
    from chalicelib import catalogue
    from chalicelib.domain import scoring
    cat = catalogue.current()
    answers = {item: (n % 5) for n, item in enumerate(cat.items)}
    answers.update({"3.1": 3, "6.1": 3})  # no gate cap: the score as computed
    body = f.assessment(answers_over=answers)
    r = api.submit("/assessments", body)
    assert r.status_code == 201
    expected = scoring.score(cat, body["answers"], r.json["size"])
    assert expected.overall is not None
    assert r.json["score"]["overall"] == pytest.approx(float(expected.overall), abs=1e-9)
    assert r.json["score"]["overall"] != round(r.json["score"]["overall"], 1)  # not a whole or one-decimal number
    dims = {d.id: float(d.score) for d in expected.dimensions if not d.insufficient}
    assert {k: v["score"] for k, v in r.json["score"]["dimensions"].items() if "score" in v} == pytest.approx(dims)


def test_replay_returns_stored_result_and_changes_nothing(api, aws):
    body = f.assessment()
    first = api.submit("/assessments", body)
    items = scan_count(aws)
    before = aggregate(aws, 2026, "national")
    again = api.submit("/assessments", body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json == first.pending  # what the submitter was answered, again
    assert scan_count(aws) == items and aggregate(aws, 2026, "national") == before


def test_same_submission_id_with_other_content_is_a_conflict(api, aws):
    body = f.assessment()
    api.submit("/assessments", body)
    items = scan_count(aws)
    body["answers"]["1.1"] = 0
    r = api.submit("/assessments", body)
    assert r.status_code == 409 and r.json["error"]["code"] == "submission_conflict"
    assert scan_count(aws) == items


def test_resubmission_in_same_year_replaces_the_earlier_one(api, aws):
    first = api.submit("/assessments", f.assessment(level=1)).json
    second = api.submit("/assessments", f.assessment(level=3)).json
    assert second["replaces"] == first["assessment_id"]
    national = aggregate(aws, 2026, "national")
    assert national["o_n"] == 1 and national["o_s"] == 75 and national["o_h75"] == 1 and national["o_h25"] == 0
    assert national["i_1.1_3"] == 1 and national["i_1.1_1"] == 0


def test_replacement_moves_the_company_between_cohorts(api, aws):
    api.submit("/assessments", f.assessment(company=f.company(state="14")))
    api.submit("/assessments", f.assessment(company=f.company(state="19")))
    assert aggregate(aws, 2026, "st=14")["o_n"] == 0
    assert aggregate(aws, 2026, "st=19")["o_n"] == 1
    assert aggregate(aws, 2026, "national")["o_n"] == 1


def test_a_new_year_is_a_new_assessment(api, aws, clock):
    api.submit("/assessments", f.assessment(level=1))
    clock.now = datetime(2027, 1, 1, 6, 30, tzinfo=UTC)  # 00:30 on 1 January in Mexico City
    body = api.submit("/assessments", f.assessment(level=2)).json
    assert body["year"] == 2027 and body["replaces"] is None
    assert aggregate(aws, 2026, "national")["o_n"] == 1 and aggregate(aws, 2027, "national")["o_n"] == 1


def test_year_is_mexico_city_calendar_year(api, clock):
    clock.now = datetime(2027, 1, 1, 5, 30, tzinfo=UTC)  # still 31 December 23:30 in Mexico City
    assert api.submit("/assessments", f.assessment()).json["year"] == 2026


def test_peer_benchmark_appears_at_five_other_companies(api):
    for n in range(5):
        r = api.submit("/assessments", f.assessment(level=2, company=f.company(rfc=f.rfc(n))))
        assert r.json["benchmark"] == {"suppressed": True, "n_min": 5}, n
    api.snapshot()
    body = api.submit("/assessments", f.assessment(level=4, company=f.company(rfc=f.rfc(99)))).json
    bench = body["benchmark"]
    assert bench["n"] == 5 and bench["cohort"]["state"] == "14" and bench["cohort"]["sector"] == "54"
    assert bench["cohort"]["size"] == "pequena"
    assert bench["overall"] == {"mean": 50, "median": None} and bench["percentile"] is None  # fewer than 10
    assert bench["position"] == "above" and bench["dimensions"]["D4"] == {"mean": 50, "median": None}
    assert "min" not in bench and "max" not in bench


def test_company_is_never_its_own_peer_after_replacing(api):
    for n in range(5):
        api.submit("/assessments", f.assessment(level=2, company=f.company(rfc=f.rfc(n))))
    api.snapshot()
    # company 0 submits again: only 4 others in every cohort -> suppressed
    body = api.submit("/assessments", f.assessment(level=3, company=f.company(rfc=f.rfc(0)))).json
    assert body["benchmark"] == {"suppressed": True, "n_min": 5}


def test_fallback_cohort_is_named_and_never_crosses_sizes(api):
    # five small firms in related services (finance, 52) elsewhere (that no other size is used: test_aggregates)
    for n in range(5):
        api.submit("/assessments", f.assessment(level=2, company=f.company(rfc=f.rfc(n), sector="52", state="19")))
    api.snapshot()
    body = api.submit("/assessments", f.assessment(level=2, lang="en", company=f.company(rfc=f.rfc(50)))).json
    cohort = body["benchmark"]["cohort"]
    assert (cohort["state"], cohort["size"], cohort["sector"]) == (None, "pequena", None)  # the sector group
    assert cohort["label"] == "Small companies · professional and financial services"
    micro = f.assessment(level=2, company=f.company(rfc=f.rfc(51), employees=3, annual_sales_mxn=1_000_000))
    assert api.submit("/assessments", micro).json["benchmark"] == {"suppressed": True, "n_min": 5}  # no micro peers


def test_six_digit_scian_code_is_stored_as_its_sector(api, aws):
    body = api.submit("/assessments", f.assessment(company=f.company(sector="332110", employees=300,
                                                                       annual_sales_mxn=400_000_000))).json
    assert body["size"] == "grande"
    assert aggregate(aws, 2026, "sc=31-33")["o_n"] == 1


def test_check_digit_warning_is_kept_not_rejected(api):
    r = api.submit("/assessments", f.assessment(company=f.company(rfc="MAB9307148T5")))
    assert r.status_code == 201 and r.json["warnings"][0]["code"] == "rfc_check_digit"


@pytest.mark.parametrize("lang,label", [("es", "Avanzado"), ("en", "Advanced")])
def test_band_label_in_request_language(api, lang, label):
    assert api.submit("/assessments", f.assessment(level=4, lang=lang)).json["score"]["band"] == label


def test_sales_too_low_for_the_staff_are_kept_with_a_warning(api):
    body = f.assessment(company=f.company(employees=25, annual_sales_mxn=12))  # "12" meaning 12 millones
    r = api.submit("/assessments", body)
    assert r.status_code == 201 and r.json["size"] == "pequena"  # 25 workers: never micro
    assert [w["code"] for w in r.json["warnings"]] == ["sales_implausible"]
    assert "12,000,000" in r.json["warnings"][0]["message"]


def test_a_reassessment_adds_the_programmes_impact_once(api, aws, clock):
    """Change among re-assessed companies: counted in the later year's wide cohorts, once per company even when
    that year's assessment is replaced; never across questionnaires whose overall scores do not compare."""
    api.submit("/assessments", f.assessment(level=1))
    clock.now = datetime(2027, 3, 1, 18, 0, tzinfo=UTC)
    api.submit("/assessments", f.assessment(level=3))
    later = aggregate(aws, 2027, "national")
    assert (later["re_n"], later["re_s"], later["re_up"]) == (1, 50, 1)
    assert (later["re_a_n"], later["re_a_s"]) == (1, 7)  # none implemented, then all seven
    assert "re_n" not in aggregate(aws, 2027, "st=14|sz=pequena|sc=54")  # the wide cohorts only
    clock.now = datetime(2027, 3, 2, 18, 0, tzinfo=UTC)  # replaced the next day: still one company
    api.submit("/assessments", f.assessment(level=2))
    again = aggregate(aws, 2027, "national")
    assert (again["re_n"], again["re_s"], again.get("re_up", 0), again["re_a_s"]) == (1, 25, 1, 0)
