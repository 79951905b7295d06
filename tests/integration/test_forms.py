"""The hosted forms over HTTP (no browser): pages from the catalogue, the plain-HTML post, guards, drafts, results.

The browser behaviour (pages, autosave, retries, axe) is in tests/e2e/browser/.
"""
import gzip
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import pytest

from chalicelib import catalogue
from chalicelib.services.questionnaire import describe
from tests import factories as f
from tests.helpers import SENDER, Doc, fields, get

BUDGET = 20 * 1024  # gzip bytes of a form page: HTML, CSS and JS together (issue 15: room for content)
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def post_form(api, kind, pairs, accept="text/html", lang="es"):
    r = api.client.http.post(f"/forms/{kind}?lang={lang}", headers={**FORM, "Accept": accept}, body=urlencode(pairs))
    r.text = r.body.decode() if isinstance(r.body, bytes) else (r.body or "")
    return r


def served(api, kind, clock, lang="es"):
    """Open the form, then let the minimum fill time pass. Returns the page's hidden fields."""
    doc = Doc(get(api, f"/forms/{kind}?lang={lang}").text)
    clock.now += timedelta(seconds=30)
    return {name: doc.value(name) for name in ("submission_id", "form_token", "lang")}


@pytest.mark.parametrize("kind", ["pledge", "assessment"])
@pytest.mark.parametrize("lang", ["es", "en"])
def test_form_page_is_built_from_the_catalogue_within_budget(api, kind, lang):
    r = get(api, f"/forms/{kind}?lang={lang}")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/html")
    assert len(gzip.compress(r.body if isinstance(r.body, bytes) else r.text.encode())) <= BUDGET
    doc, q = Doc(r.text), describe(catalogue.current(), lang)
    text = " ".join(doc.text)
    assert doc.find("html", lang=lang) and doc.find("main", id="main") and doc.find("h1") is not None
    assert doc.find("input", name="website")  # the honeypot
    if kind == "assessment":
        for item in (i for d in q["dimensions"] for i in d["items"]):
            radios = doc.find("input", name=f"answers.{item['id']}", type="radio")
            assert len(radios) == 6 + item["na_allowed"], item["id"]
            assert item["text"] in text and item["help"] in text
            # what each level means for a core question, beside its level
            assert all(anchor in text for anchor in (item["anchors"] or {}).values()), item["id"]
            assert bool(doc.find("input", name=f"na_reasons.{item['id']}")) == item["na_allowed"]
        assert all(len(doc.find("input", name=f"company.{p['id']}")) >= 2 for p in q["profile"])  # the profile step
        # the company, its risk profile, one section per dimension, the barriers, and the send page
        assert len(doc.find("section", **{"class": "pg"})) == len(q["dimensions"]) + 4
        assert all(s["description"] in text for s in q["scale"] if s["value"] != "na")
    else:
        assert [a["value"] for a in doc.find("input", name="commitments")] == [c["id"] for c in q["pledge_commitments"]]
        listing = doc.find("input", name="public_listing")[0]
        assert "checked" not in listing  # voluntary purpose: unticked
    for name, token in (("company.name", "organization"), ("company.state", "address-level1")):
        assert any(a.get("autocomplete") == token for t, a in doc.elements if a.get("name") == name)
    assert any(a.get("href", "").startswith("https://") for t, a in doc.elements if t == "a")  # full privacy notice


def test_the_form_script_stays_within_its_budget_gzip():
    from chalicelib.forms.render import script_min
    # the README's "~3 KB gzip": 3.25 KB since saving from any section and the by-section summary came in
    assert len(gzip.compress(script_min().encode())) <= 3.25 * 1024


def test_index_links_both_forms_in_both_languages(api):
    doc = Doc(get(api, "/").text)
    hrefs = {a["href"] for a in doc.find("a") if "href" in a}
    assert {"forms/pledge?lang=es", "forms/pledge?lang=en", "forms/assessment?lang=es",
            "forms/assessment?lang=en"} <= hrefs


def test_plain_html_post_submits_and_redirects_to_the_result(api, clock, pipeline):
    hidden = served(api, "assessment", clock)
    body = f.assessment(level=2, submission_id=hidden["submission_id"])
    pairs = fields(body) + [("form_token", hidden["form_token"]), ("website", ""), ("action", "send")]
    r = post_form(api, "assessment", pairs)
    assert r.status_code == 303
    location = r.headers["Location"]
    assert location.startswith(f"done/{hidden['submission_id']}?")
    page = get(api, urljoin("/forms/assessment", location))
    assert page.status_code == 200
    doc = Doc(page.text)
    assert doc.text_of("big") == "50"  # the overall score of an all-level-2 answer set
    text = " ".join(doc.text)
    assert "Excel" in text  # the scorecard is on its way
    assert f"art. 25 de la LGRA implementados: {text.count('✓')} de 7" in text  # the count agrees with the list below
    # the same post again (a double click without JavaScript): the same result, counted once
    again = post_form(api, "assessment", pairs)
    assert again.status_code == 303 and again.headers["Location"].split("?")[0] == location.split("?")[0]
    assert pipeline.drain() == ["sent"]


def test_json_mode_reports_api_errors_by_field_in_the_form_language(api, clock):
    hidden = served(api, "assessment", clock, "en")
    body = f.assessment(submission_id=hidden["submission_id"], lang="en")
    body["company"]["rfc"] = "NOT-AN-RFC"
    del body["answers"]["6.1"]
    pairs = fields(body) + [("form_token", hidden["form_token"])]
    r = post_form(api, "assessment", pairs, accept="application/json", lang="en")
    assert r.status_code == 422
    import json
    errors = {e["path"]: e["message"] for e in json.loads(r.text)["error"]["fields"]}
    assert set(errors) == {"company.rfc", "answers.6.1"}
    assert errors["answers.6.1"] == "This question has not been answered."


def test_plain_html_errors_rerender_with_summary_and_values(api, clock):
    hidden = served(api, "pledge", clock)
    body = f.pledge(submission_id=hidden["submission_id"])
    body["commitments"] = body["commitments"][:-1]
    body["signatory"]["email"] = "not-an-email"
    r = post_form(api, "pledge", fields(body) + [("form_token", hidden["form_token"])])
    assert r.status_code == 422
    doc = Doc(r.text)
    summary_links = [a["href"] for t, a in doc.elements if t == "a" and a.get("href", "").startswith("#")]
    assert "#signatory.email" in summary_links and "#commitments-C1" in summary_links
    assert doc.value("company.name") == body["company"]["name"]  # what was typed is kept
    assert doc.value("submission_id") == hidden["submission_id"]  # the same key for the corrected send
    assert doc.find("input", id="signatory.email")[0]["aria-describedby"] == "signatory.email-e"
    assert "El correo electrónico no es válido." in " ".join(doc.text)


def test_honeypot_and_minimum_fill_time(api, clock):
    import json
    doc = Doc(get(api, "/forms/pledge?lang=es").text)
    body = f.pledge(submission_id=doc.value("submission_id"))
    token = doc.value("form_token")
    r = post_form(api, "pledge", fields(body) + [("form_token", token)], accept="application/json")
    assert r.status_code == 429  # sent the instant the page was served
    held = json.loads(r.text)
    assert held["error"]["code"] == "too_fast" and held["retry_after"] >= 1 and "form_token" not in held
    nonce, moment, mac = token.split(".")
    forged = f"{nonce}.{int(moment) - 3600}.{mac}"  # "I opened it an hour ago"
    clock.now += timedelta(seconds=30)
    r = post_form(api, "pledge", fields(body) + [("form_token", forged)], accept="application/json")
    assert r.status_code == 400 and json.loads(r.text)["error"]["code"] == "form_expired"
    assert "form_token" not in json.loads(r.text)  # no answer hands out a stamp
    no_stamp = post_form(api, "pledge", fields(body), accept="application/json")
    assert no_stamp.status_code == 400 and "form_token" not in json.loads(no_stamp.text)
    bot = post_form(api, "pledge", fields(body) + [("form_token", token), ("website", "http://spam")],
                    accept="application/json")
    assert bot.status_code == 422 and json.loads(bot.text)["error"]["fields"][0]["path"] == "website"
    ok = post_form(api, "pledge", fields(body) + [("form_token", token)], accept="application/json")
    assert ok.status_code == 201 and json.loads(ok.text)["redirect"].startswith("done/")
    again = post_form(api, "pledge", fields(body) + [("form_token", token)], accept="application/json")
    assert again.status_code == 200  # the same submission again (a retry): its stored result
    other = f.pledge(company=f.company(rfc=f.rfc(5)))  # one stamp, a second submission: refused
    r = post_form(api, "pledge", fields(other) + [("form_token", token)], accept="application/json")
    assert r.status_code == 400 and json.loads(r.text)["error"]["code"] == "form_expired"
    page = post_form(api, "pledge", fields(other) + [("form_token", token)])  # without JavaScript: a fresh form
    assert page.status_code == 400 and Doc(page.text).value("form_token") != token
    stale = served(api, "pledge", clock)
    clock.now += timedelta(days=1, seconds=1)  # a form open for more than a day: reload it
    late = f.pledge(submission_id=stale["submission_id"], company=f.company(rfc=f.rfc(6)))
    r = post_form(api, "pledge", fields(late) + [("form_token", stale["form_token"])], accept="application/json")
    assert r.status_code == 400 and json.loads(r.text)["error"]["code"] == "form_expired"


def test_save_and_continue_later_emails_a_link_that_reopens_the_draft(api, clock, pipeline):
    hidden = served(api, "assessment", clock)
    partial = [("submission_id", hidden["submission_id"]), ("lang", "es"), ("company.name", "Ferretería Luz"),
               ("contact.email", "luz@example.mx"), ("answers.1.1", "3"), ("action", "save"),
               ("form_token", hidden["form_token"])]
    bot = partial + [("website", "http://spam")]
    assert post_form(api, "assessment", bot).status_code == 422 and pipeline.drain() == []  # nothing mailed
    no_email = [p for p in partial if p[0] != "contact.email"]
    assert post_form(api, "assessment", no_email).status_code == 422  # nowhere to send the link
    r = post_form(api, "assessment", partial)
    assert r.status_code == 201 and "luz@example.mx" in r.text
    elsewhere = [(k, "otra@example.mx" if k == "contact.email" else v) for k, v in partial]
    assert post_form(api, "assessment", elsewhere).status_code == 400  # one stamp saves to one address
    assert pipeline.drain() == ["sent"] and pipeline.drain() == []
    from tests.helpers import parse
    msg = parse(pipeline.sent()[-1].raw_data)
    assert msg["To"] == "luz@example.mx" and msg["From"].endswith(SENDER + ">")
    found = re.search(r"https?://\S+draft=\S+", msg.get_body(("plain",)).get_content())
    assert found, "no draft link in the mail"
    link = found.group(0)
    path = urlsplit(link).path + "?" + urlsplit(link).query
    doc = Doc(get(api, path).text)
    assert doc.value("company.name") == "Ferretería Luz" and doc.value("submission_id") == hidden["submission_id"]
    assert "checked" in doc.find("input", name="answers.1.1", value="3")[0]
    query = parse_qs(urlsplit(link).query)
    tampered = path.replace(query["draft"][0], f.tamper(query["draft"][0]))
    assert get(api, tampered).status_code == 403
    clock.now += timedelta(days=30, seconds=-1)  # LINK_TTL_DAYS: valid to the last second, not one more
    assert get(api, path).status_code == 200
    clock.now += timedelta(seconds=1)
    assert get(api, path).status_code == 403


def test_result_link_is_signed_for_one_submission(api, clock):
    first = f.assessment()
    assert api.submit("/assessments", first).status_code == 201
    hidden = served(api, "pledge", clock)
    r = post_form(api, "pledge", fields(f.pledge(submission_id=hidden["submission_id"])) +
                  [("form_token", hidden["form_token"])], accept="application/json")
    import json
    url = json.loads(r.text)["redirect"]
    assert get(api, "/forms/" + url).status_code == 200
    token = parse_qs(urlsplit(url).query)["token"][0]
    assert get(api, f"/forms/done/{first['submission_id']}?token={token}").status_code == 403
    assert get(api, f"/forms/done/{hidden['submission_id']}").status_code == 403


def test_the_companys_own_form_link_counts_at_once_and_a_strangers_form_waits(api, clock):
    import json
    assert api.submit("/assessments", f.assessment()).status_code == 201  # a confirmed company
    token = api.company_token(f.VALID_RFC)
    doc = Doc(get(api, f"/forms/assessment?lang=es&company={token}").text)
    assert doc.value("company_token") == token and doc.value("company.rfc") == f.VALID_RFC
    clock.now += timedelta(seconds=30)
    hidden = {n: doc.value(n) for n in ("submission_id", "form_token")}
    body = f.assessment(level=4, submission_id=hidden["submission_id"])
    pairs = fields(body) + [("form_token", hidden["form_token"]), ("company_token", token)]
    r = post_form(api, "assessment", pairs, accept="application/json")
    assert r.status_code == 201 and json.loads(r.text)["result"]["status"] == "confirmed"
    page = Doc(get(api, urljoin("/forms/assessment", json.loads(r.text)["redirect"])).text)
    assert "Excel" in " ".join(page.text) and "Revise su correo" not in " ".join(page.text)
    stranger = served(api, "assessment", clock)
    body = f.assessment(level=0, submission_id=stranger["submission_id"])
    r = post_form(api, "assessment", fields(body) + [("form_token", stranger["form_token"])], accept="application/json")
    assert r.status_code == 201 and json.loads(r.text)["result"]["status"] == "pending_confirmation"
    done = Doc(get(api, urljoin("/forms/assessment", json.loads(r.text)["redirect"])).text)
    assert "Revise su correo" in " ".join(done.text)  # the pending result page says what confirming does
    assert "ana@example.mx" in " ".join(done.text)  # and where the link went
    forged = f.tamper(token)
    assert get(api, f"/forms/assessment?lang=es&company={forged}").status_code == 403


def test_a_draft_reopens_at_the_section_it_was_saved_from_and_its_link_retires_once_sent(api, clock, pipeline):
    from tests.helpers import parse
    hidden = served(api, "assessment", clock)
    body = f.assessment(submission_id=hidden["submission_id"], contact={"name": "Luz", "email": "luz@example.mx"})
    r = post_form(api, "assessment", fields(body) + [("form_token", hidden["form_token"]), ("action", "save"),
                                                     ("section", "4")])
    assert r.status_code == 201 and pipeline.drain() == ["sent"]
    found = re.search(r"https?://\S+draft=\S+", parse(pipeline.sent()[-1].raw_data).get_body(("plain",)).get_content())
    assert found, "no draft link in the mail"
    path = urlsplit(found.group(0)).path + "?" + urlsplit(found.group(0)).query
    doc = Doc(get(api, path).text)
    assert doc.find("form", **{"data-start": "4"})  # where it was saved
    reopened = {n: doc.value(n) for n in ("submission_id", "draft", "draft_token")}
    stamp = Doc(get(api, path).text).value("form_token")
    clock.now += timedelta(seconds=30)
    sent = post_form(api, "assessment", fields(body) + [("form_token", stamp)] + list(reopened.items()),
                     accept="application/json")
    assert sent.status_code == 201
    again = get(api, path)  # the draft's link no longer reopens answers already sent
    assert again.status_code == 403 and "Luz" not in again.text


def test_a_draft_saved_from_the_open_page_is_retired_when_that_page_is_sent(api, clock, pipeline):
    hidden = served(api, "assessment", clock)
    body = f.assessment(submission_id=hidden["submission_id"], contact={"name": "Luz", "email": "luz@example.mx"})
    saved = post_form(api, "assessment", fields(body) + [("form_token", hidden["form_token"]), ("action", "save")],
                      accept="application/json")
    import json
    draft = json.loads(saved.text)
    assert saved.status_code == 201 and draft["draft"] and draft["draft_token"]  # the page carries its draft
    assert pipeline.drain() == ["sent"]
    carried = [("form_token", hidden["form_token"]), ("draft", draft["draft"]), ("draft_token", draft["draft_token"])]
    sent = post_form(api, "assessment", fields(body) + carried, accept="application/json")
    assert sent.status_code == 201
    link = f"/forms/assessment?lang=es&draft={draft['draft']}&token={draft['draft_token']}"
    assert get(api, link).status_code == 403  # sent: its draft no longer reopens
    huge = post_form(api, "pledge", [("section", "9" * 5000), ("company.name", "x")])
    assert huge.status_code < 500  # an absurd section number is ignored, never a failure


def test_a_blocked_companys_result_page_is_refused_even_for_a_submission_confirmed_later(staff, clock, pipeline):
    import json

    from tests.helpers import STAFF, call
    hidden = served(staff, "assessment", clock)
    body = f.assessment(submission_id=hidden["submission_id"])
    r = post_form(staff, "assessment", fields(body) + [("form_token", hidden["form_token"])], accept="application/json")
    url = "/forms/" + json.loads(r.text)["redirect"]
    assert r.status_code == 201 and get(staff, url).status_code == 200  # pending: its own result
    assert staff.confirm(body["submission_id"]).status_code == 200
    assert call(staff, "POST", f"/staff/companies/{f.VALID_RFC}/block", headers=STAFF).status_code == 200
    assert get(staff, url).status_code == 403


def test_the_result_page_explains_plans_checks_and_offers_its_own_workbook(staff, clock, pipeline):
    import io
    import json

    from openpyxl import load_workbook

    from tests.helpers import STAFF, call
    assert staff.submit("/assessments", f.assessment(level=1)).status_code == 201  # last year's, at the company
    clock.now += timedelta(days=400)
    token = staff.company_token(f.VALID_RFC)
    hidden = served(staff, "assessment", clock)
    body = f.assessment(level=1, submission_id=hidden["submission_id"], answers_over={"9.2": "unknown"})
    body["contact"] = {"name": "Luis Gómez", "email": "luis@example.mx"}  # a colleague, not the verified address
    r = post_form(staff, "assessment", fields(body) + [("form_token", hidden["form_token"]), ("company_token", token)],
                  accept="application/json")
    assert json.loads(r.text)["result"]["status"] == "confirmed"
    url = "/forms/" + json.loads(r.text)["redirect"]
    page = Doc(get(staff, url).text)
    said = " ".join(page.text)
    # the band in words and how far the next is; the first five steps; whom to ask for "No sé"
    assert "Para llegar a «" in said and "Plan para los próximos 90 días" in said
    assert len(page.find("ol")) == 1 and said.count("puntos a su puntaje general") <= 5
    assert "Estos cinco pasos suman, juntos, unos +" in said
    assert catalogue.current().items["9.2"].action_unknown["es"] in said
    # where the scorecard went: the company's verified address, partly hidden from a colleague's page
    assert "a•••@example.mx" in said and "ana@example.mx" not in said
    assert page.find("button", id="print")
    [download] = [a["href"] for a in page.find("a") if "scorecard.xlsx" in a.get("href", "")]
    browser = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    r = staff.client.http.get(urljoin(url, download), headers=browser)
    assert r.status_code == 200 and r.headers["Content-Disposition"].endswith('.xlsx"')
    wb = load_workbook(io.BytesIO(r.body))
    progress = " ".join(str(c.value) for row in wb["Progreso"].iter_rows() for c in row if c.value)
    assert "página de la empresa" in progress and "2026" not in progress  # none of the company's earlier years
    bad = urljoin(url, download).replace("token=", "token=x")
    assert get(staff, bad).status_code == 403
    assert call(staff, "POST", f"/staff/companies/{f.VALID_RFC}/block", headers=STAFF).status_code == 200
    # a blocked company: nothing more
    assert staff.client.http.get(urljoin(url, download), headers=browser).status_code == 403


def test_the_other_language_keeps_the_companys_link_and_the_draft(api, clock, pipeline):
    assert api.submit("/assessments", f.assessment()).status_code == 201
    token = api.company_token(f.VALID_RFC)
    doc = Doc(get(api, f"/forms/assessment?lang=es&company={token}").text)
    [switch] = [a["href"] for a in doc.find("a") if a.get("hreflang") == "en"]
    assert parse_qs(urlsplit(switch).query) == {"lang": ["en"], "company": [token]}
    english = Doc(get(api, urljoin("/forms/assessment", switch)).text)
    assert english.value("company_token") == token and english.value("company.rfc") == f.VALID_RFC


def test_a_pending_pledge_hands_its_details_on_to_the_assessment(api, clock):
    import json
    hidden = served(api, "pledge", clock)
    pledge = f.pledge(submission_id=hidden["submission_id"],
                      company=f.company(rfc=f.rfc(808), annual_sales_mxn=28_500_000))
    r = post_form(api, "pledge", fields(pledge) + [("form_token", hidden["form_token"])], accept="application/json")
    assert json.loads(r.text)["result"]["status"] == "pending_confirmation"
    url = "/forms/" + json.loads(r.text)["redirect"]
    page = Doc(get(api, url).text)
    [onward] = [a["href"] for a in page.find("a") if "assessment?" in a.get("href", "")]
    assert "pledge=" in onward
    form = Doc(get(api, urljoin(url, onward)).text)
    assert form.value("company.rfc") == pledge["company"]["rfc"] and form.value("company.name") == pledge["company"][
        "name"]
    assert form.value("company.annual_sales_mxn") == "28500000"
    assert form.value("contact.email") == pledge["signatory"]["email"]  # the signatory becomes the contact
    # nothing that makes it count without a confirmation
    assert not any(a.get("name") == "company_token" for _, a in form.elements)
    forged = urljoin(url, onward).replace("token=", "token=x")
    assert get(api, forged).status_code == 403
