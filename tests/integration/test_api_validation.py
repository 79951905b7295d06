"""Bad input: 4xx with {error: {code, message, fields[{path, message}]}} in the request's language, no writes."""
import json

import pytest

from tests import factories as f


def table_count(aws):
    return aws.scan(TableName="integra-test", Select="COUNT")["Count"]


def assert_error(r, status, path=None, lang="es"):
    assert r.status_code == status, r.json
    err = r.json["error"]
    assert set(err) == {"code", "message", "fields"} and err["message"]
    if path is not None:
        paths = [x["path"] for x in err["fields"]]
        assert path in paths, paths
        message = next(x["message"] for x in err["fields"] if x["path"] == path)
        assert message
        return message
    return err["message"]


def mutate(body, path, value):
    """Set (or delete, with value=...) a dotted path in a nested dict; item ids keep their dots."""
    parts = path.split(".")
    if parts[0] == "answers":
        target, key = body["answers"], ".".join(parts[1:])
    else:
        target = body
        for part in parts[:-1]:
            target = target[part]
        key = parts[-1]
    if value is ...:
        del target[key]
    else:
        target[key] = value
    return body


CASES = [  # (path, bad value, expected error path)
    ("submission_id", "short", "submission_id"),
    ("submission_id", ..., "submission_id"),
    ("questionnaire_version", "1999.9", "questionnaire_version"),
    ("lang", "fr", "lang"),
    ("company", ..., "company"),
    ("company.name", "", "company.name"),
    ("company.name", 123, "company.name"),
    ("company.rfc", "NOTANRFC", "company.rfc"),
    ("company.rfc", "MAB9313148T4", "company.rfc"),
    ("company.rfc", "XAXX010101000", "company.rfc"),
    ("company.state", "33", "company.state"),
    ("company.state", 14, "company.state"),
    ("company.sector", "99", "company.sector"),
    ("company.sector", "93", "company.sector"),     # government bodies: not a company
    ("company.sector", "931110", "company.sector"),  # nor any of its activities
    ("company.employees", -1, "company.employees"),
    ("company.employees", "25", "company.employees"),
    ("company.employees", 2.5, "company.employees"),
    ("company.employees", 10**9, "company.employees"),
    ("company.annual_sales_mxn", -5, "company.annual_sales_mxn"),
    ("company.annual_sales_mxn", 1e20, "company.annual_sales_mxn"),
    ("company.annual_sales_mxn", ..., "company.annual_sales_mxn"),
    ("company.uses_intermediaries", "sí", "company.uses_intermediaries"),
    ("company.gov_revenue_share", "most", "company.gov_revenue_share"),
    ("company.unexpected", 1, "company.unexpected"),
    ("contact.email", "not-an-email", "contact.email"),
    ("contact.email", ..., "contact.email"),
    ("answers.1.1", 5, "answers.1.1"),
    ("answers.1.1", -1, "answers.1.1"),
    ("answers.1.1", 2.5, "answers.1.1"),
    ("answers.1.1", "3", "answers.1.1"),
    ("answers.1.1", True, "answers.1.1"),
    ("answers.1.1", None, "answers.1.1"),
    ("answers.1.1", "na", "answers.1.1"),      # N/A not allowed on 1.1
    ("answers.1.1", ..., "answers.1.1"),       # missing item
    ("answers.99.9", 3, "answers.99.9"),       # unknown item
    ("consent.privacy_notice", False, "consent.privacy_notice"),
    ("consent", ..., "consent"),
    ("barriers", {"B1": "always"}, "barriers.B1"),
    ("barriers", {"B6": "cost"}, "barriers.B6"),
    ("barriers", {"B6": ["cost", "nope"]}, "barriers.B6"),
    ("barriers", {"B99": "never"}, "barriers.B99"),
]


@pytest.mark.parametrize("path,value,expected", CASES,  # ASCII ids: safe to name on a command line
                         ids=[f"{c[0]}={c[1]!r}".encode("ascii", "replace").decode() for c in CASES])
def test_assessment_field_errors(api, aws, path, value, expected):
    body = mutate(f.assessment(), path, value)
    r = api.submit("/assessments", body)
    assert_error(r, 422, expected)
    assert table_count(aws) == 0


def test_na_stands_where_the_profile_says_so_or_with_a_reason(api, aws):
    # 4.5 (payments to intermediaries): free for a company that said it uses none; else it needs a reason
    free = f.assessment(answers_over={"4.5": "na"}, company=f.company(uses_intermediaries=False))
    assert api.submit("/assessments", free).status_code == 201
    user = f.assessment(answers_over={"4.5": "na"}, company=f.company(rfc=f.rfc(1), uses_intermediaries=True))
    assert "por qué" in assert_error(api.submit("/assessments", user), 422, "answers.4.5")
    user["na_reasons"] = {"4.5": "Pagamos a nuestro agente aduanal una tarifa fija publicada"}
    assert api.submit("/assessments", user).status_code == 201
    # 1.5 (managers who lead by example): free for a micro company only
    micro = f.company(rfc=f.rfc(2), employees=4, annual_sales_mxn=2_000_000)
    assert api.submit("/assessments", f.assessment(answers_over={"1.5": "na"}, company=micro)).status_code == 201
    # 10.4 and 8.5 never: every company can seek verification or hire an ex-official
    for item in ("10.4", "8.5"):
        body = f.assessment(answers_over={item: "na"}, company=f.company(rfc=f.rfc(3)))
        body["na_reasons"] = {item: "No lo necesitamos"}
        assert "any company" in assert_error(api.submit("/assessments", {**body, "lang": "en"}), 422,
                                             f"answers.{item}")


def test_every_error_is_listed_at_once(api):
    body = f.assessment(answers_over={"1.1": 9, "2.2": "x"})
    body["company"]["state"] = "99"
    del body["answers"]["3.3"]
    paths = {x["path"] for x in api.submit("/assessments", body).json["error"]["fields"]}
    assert {"answers.1.1", "answers.2.2", "answers.3.3", "company.state"} <= paths


@pytest.mark.parametrize("lang,word", [("es", "obligatorio"), ("en", "required")])
def test_messages_in_request_language(api, lang, word):
    body = f.assessment(lang=lang)
    del body["company"]["name"]
    message = assert_error(api.submit("/assessments", body), 422, "company.name")
    assert word in message


def test_domain_messages_in_english(api):
    body = f.assessment(lang="en", answers_over={"1.1": "na"})
    message = assert_error(api.submit("/assessments", body), 422, "answers.1.1")
    assert "not an answer to this question" in message
    body = f.assessment(lang="en")
    body["company"]["rfc"] = "XAXX010101000"
    assert "generic" in assert_error(api.submit("/assessments", body), 422, "company.rfc")


def test_malformed_json(api, aws):
    r = api.post("/assessments", raw="{not json")
    assert r.status_code == 400 and r.json["error"]["code"] == "malformed_json"
    assert "JSON" in r.json["error"]["message"]
    r = api.post("/assessments?lang=en", raw="{not json")
    assert r.json["error"]["message"] == "The request body is not valid JSON."
    assert table_count(aws) == 0


@pytest.mark.parametrize("raw", ["[]", "42", "null", '"text"'])
def test_non_object_body(api, raw):
    assert api.post("/assessments", raw=raw).status_code == 400


def test_oversize_body(api, aws):
    body = f.assessment()
    body["company"]["name"] = "x" * 70_000
    r = api.post("/assessments", raw=json.dumps(body))
    assert r.status_code == 413 and r.json["error"]["code"] == "payload_too_large"
    assert table_count(aws) == 0


def test_wrong_top_level_type(api):
    body = f.assessment()
    body["answers"] = [1, 2, 3]
    assert_error(api.submit("/assessments", body), 422, "answers")


PLEDGE_CASES = [
    ("commitments", ["C1", "C2"], "commitments"),
    ("commitments", ["C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9"], "commitments.8"),
    ("consent.privacy_notice", False, "consent.privacy_notice"),
    ("signatory.email", "x@", "signatory.email"),
    ("signatory.position", "", "signatory.position"),
    ("signatory", ..., "signatory"),
    ("public_listing", "yes", "public_listing"),
    ("company.rfc", "XEXX010101000", "company.rfc"),
    ("company.rfc", "GODE561231", "company.rfc"),
]


@pytest.mark.parametrize("path,value,expected", PLEDGE_CASES, ids=[f"{c[0]}={c[1]!r}" for c in PLEDGE_CASES])
def test_pledge_field_errors(api, aws, path, value, expected):
    r = api.submit("/pledges", mutate(f.pledge(), path, value))
    assert_error(r, 422, expected)
    assert table_count(aws) == 0


@pytest.mark.parametrize("query,path", [("year=abc", "year"), ("year=1800", "year"), ("state=99", "state"),
                                         ("size=huge", "size"), ("sector=77", "sector")])
def test_benchmark_query_errors(api, query, path):
    assert_error(api.get(f"/benchmarks?{query}"), 400, path)


def test_a_message_code_without_text_fails_in_tests_and_falls_back_in_service(monkeypatch):
    from chalicelib.i18n import message
    with pytest.raises(KeyError):
        message("rfc_invalidd", "es")  # a typo of ours
    assert message("recursion_loop", "en") == "The value is not valid."  # pydantic's own, untranslated: generic
    monkeypatch.delenv("INTEGRA_STRICT_MESSAGES")
    assert message("rfc_invalidd", "en") == "The value is not valid."  # in service: never an error page


def test_sales_as_an_amount_or_a_range_and_at_least_one_person(api):
    ranged = f.company(rfc=f.rfc(11), employees=25, annual_sales_band="100-250")
    del ranged["annual_sales_mxn"]
    body = api.submit("/assessments", f.assessment(company=ranged)).json
    assert body["size"] == "mediana" and not body.get("warnings")  # the range's own stratum; nothing to doubt
    neither = f.company(rfc=f.rfc(12))
    del neither["annual_sales_mxn"]
    assert "elija un rango" in assert_error(api.submit("/assessments", f.assessment(company=neither)), 422,
                                            "company.annual_sales_mxn")
    assert_error(api.submit("/pledges", f.pledge(company=neither)), 422, "company.annual_sales_mxn")
    assert_error(api.submit("/assessments", f.assessment(company=f.company(rfc=f.rfc(13), employees=0))), 422,
                 "company.employees")
    bad = f.company(rfc=f.rfc(14), annual_sales_band="huge")
    assert_error(api.submit("/assessments", f.assessment(company=bad)), 422, "company.annual_sales_band")


def test_a_retired_questionnaire_takes_no_new_answers(api, aws):
    """Second look (an attacker): 2026.1 let 8.5 and 10.4 be "No aplica" with no reason; sending it now would
    slip past the current rules. It stays readable (stored assessments, confirmations of earlier ones) only."""
    from chalicelib import catalogue
    first = catalogue.load("2026.1")
    body = f.assessment(questionnaire_version=first.version, answers={i: "na" if i in ("8.5", "10.4") else 2
                                                                       for i in first.items})
    message = assert_error(api.submit("/assessments", body), 422, "questionnaire_version")
    assert catalogue.current().version in message
    assert table_count(aws) == 0


def test_a_form_field_sent_as_its_group_alone_is_not_a_server_error(api, clock):
    for pairs in ("company=x&company.name=Foo", "na_reasons=x&na_reasons.4.5=hi", "answers=x&answers.1.1=3",
                  "consent=x&consent.privacy_notice=true"):
        for form in ("assessment", "pledge"):
            r = api.client.http.post(f"/forms/{form}?lang=es", body=pairs, headers={
                "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"})
            assert 400 <= r.status_code < 500, (form, pairs, r.status_code)
