"""HTML by type: what a person typed is escaped exactly once on every page and in every mail, and our own markup
is never escaped."""
import pytest
from markupsafe import Markup

from chalicelib import catalogue
from chalicelib.forms import pages, render
from chalicelib.services import notices
from chalicelib.services.questionnaire import describe

HOSTILE = '<script>alert(1)</script> & "Co" \'x\''
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;Co&#34; &#39;x&#39;"


def once(html: str) -> None:
    assert HOSTILE not in html and "<script>alert" not in html
    assert ESCAPED in html
    assert "&amp;lt;" not in html and "&amp;amp;" not in html  # never twice


def registry_row(name):
    return {"name": name, "state_name": "Jalisco", "sector_name": HOSTILE, "size": "micro",
            "pledged_at": "2026-06-15T18:00:00Z", "pledge": "active", "assessment": "due",
            "trainings_this_year": 1, "activities_this_year": 0}


@pytest.mark.parametrize("page", [
    lambda: pages.registry({"cycle": 2026, "count": 1, "companies": [registry_row(HOSTILE)]}, "es"),
    lambda: pages.message("es", "brand", None, HOSTILE),
    lambda: pages.company({"company": {"name": HOSTILE}, "pledge": {"status": "active"}, "assessment_this_cycle": "due",
                           "assessments": [], "links": {"start_assessment": "forms/assessment"}}, "es", "t",
                          {"contact.name": [HOSTILE]}, {"contact.email": HOSTILE}),
    lambda: pages.confirm("es", "tok", "pledge", {"name": HOSTILE, "rfc": "MAB9307148T4"}, False),
    lambda: pages.saved("es", HOSTILE, 30),
    lambda: render.form_page("pledge", describe(catalogue.current(), "es"), "es", {"submission_id": "s-1"},
                             {"company.name": [HOSTILE]}, {"company.name": HOSTILE}),
])
def test_typed_text_is_escaped_once_on_every_page(page):
    once(str(page()))


def test_our_own_markup_stays_markup():
    html = str(render.form_page("assessment", describe(catalogue.current(), "en"), "en", {"submission_id": "s-1"}))
    assert html.startswith("<!doctype html>") and "<fieldset" in html and "<b>" in html
    assert "&lt;fieldset" not in html and "&lt;b&gt;" not in html
    assert html.count("<script>") == 1  # the form's own script; the messages are a JSON data block


def test_a_mail_says_its_language_and_escapes_every_paragraph_of_its_html_part():
    from chalicelib import config
    msg = notices.compose(config.load(), "a@b.mx", "en", "Hi", ["One", "https://x.test/l"], "https://x.test/l", "m-1")
    assert msg["Content-Language"] == "en"
    html = msg.get_body(("html",))
    assert html is not None and html.get_content().count("<p>") == 2


def test_the_html_part_of_a_mail_escapes_every_paragraph():
    html = notices.html_body("es", [HOSTILE, "https://x.test/a?b=1&c=2"], "https://x.test/a?b=1&c=2", HOSTILE)
    once(html)
    assert '<a href="https://x.test/a?b=1&amp;c=2">' in html


def test_the_link_request_page_asks_for_the_rfc_and_a_confirmed_address():
    html = str(pages.link_request("es", {"rfc": [HOSTILE], "email": ["ana@empresa"]}, {"email": "No es válido"}))
    once(html)
    assert 'action="link?lang=es"' in html and 'name="rfc"' in html and 'name="email"' in html
    assert 'href="#email"' in html and "No es válido" in html  # the error summary links the field
    assert "forms/link?lang=es" in str(pages.index("es"))


def test_amounts_and_addresses_are_read_as_the_browser_checks_them():
    import re

    from chalicelib.domain import typed
    for text, pesos in (("28,500,000", 28_500_000), ("28 500 000", 28_500_000), ("28.5 millones", 28_500_000),
                        ("28.5 M", 28_500_000), ("1.5 million", 1_500_000), ("900000", 900_000),
                        ("4,2 millones", 4_200_000), ("$4,200,000", 4_200_000), ("500 mil", 500_000),
                        ("12 millones de pesos", 12_000_000), ("28.5 Millones", 28_500_000)):
        assert typed.amount(text) == pesos and re.fullmatch(typed.AMOUNT, text), text
    for text in ("1e6", "-5", "veinte", "12.5.3", "٣", "0,250 millones", "4, 2 millones", "12,5 pesos", "1,2,3 M",
                 "28,5", "1" * 5000):
        assert typed.amount(text) is None and not re.fullmatch(typed.AMOUNT, text), text
    for address, ok in (("ana@empresa.mx", True), ("ana@empresa", False), ("a'b+c@x-y.com.mx", True),
                        ("x@@y.mx", False)):
        assert typed.is_email(address) is ok and bool(re.fullmatch(typed.EMAIL, address)) is ok, address


def test_unanswered_questions_are_summed_up_by_section():
    q = describe(catalogue.current(), "es")
    missing = {f"answers.{i['id']}": "Falta la respuesta." for d in q["dimensions"][:2] for i in d["items"]}
    first = q["dimensions"][0]["items"][0]["id"]
    html = str(render.form_page("assessment", q, "es", {"submission_id": "s-1"},
                                {"company.name": ["x"]}, {"company.rfc": "El RFC no es válido.", **missing}))
    summary = html[html.index('id="es"'):html.index("</div>", html.index('id="es"'))]
    assert summary.count("<li>") == 3  # the RFC, then one line per section
    assert f"«{q['dimensions'][0]['title']}»: {len(q['dimensions'][0]['items'])} preguntas sin responder" \
        in str(Markup(summary).striptags())
    assert f'href="#answers.{first}-' in summary  # to the section's first unanswered question
    assert html.count('class="err"') == 1 + len(missing)  # while each question still says it beside itself


def test_the_result_page_says_what_each_action_adds():
    from chalicelib.domain import scoring
    from chalicelib.services import present
    cat = catalogue.current()
    answers: dict = {i: 1 for i in cat.items}
    answers["9.2"] = "unknown"
    scores = scoring.score(cat, answers, "micro")
    response: dict = {"score": present.score(cat, scores, "es"), "art25": present.art25(cat, scores, "es"),
                      "gaps": present.gaps(cat, scores, "es", "micro"), "benchmark": {"suppressed": True, "n_min": 5},
                      "unknown_items": list(scores.unknown_items)}
    html = str(pages.result(describe(cat, "es"), response, "es"))
    first = response["gaps"][0]
    assert f"+{scoring.tenths(first['points'])} puntos a su puntaje general" in html
    assert "documentadas: 3.1 «" in html  # the gate message names the questions
    assert "Por verificar" in html and f"9.2 {cat.items['9.2'].text['es']}" in html  # the "No sé" answers
    assert "implementados: 0 de 7" in html and "no cumple" in html


def test_the_link_request_answer_has_a_way_on_and_the_result_says_the_size():
    assert 'href="../?lang=es"' in str(pages.link_sent("es"))
    cat = catalogue.current()
    from chalicelib.domain import scoring
    from chalicelib.services import present
    scores = scoring.score(cat, {i: 2 for i in cat.items}, "pequena")
    response = {"score": present.score(cat, scores, "en"), "art25": present.art25(cat, scores, "en"),
                "gaps": present.gaps(cat, scores, "en", "pequena"), "benchmark": {"suppressed": True, "n_min": 5},
                "size": "pequena"}
    assert "Size it is compared at: Small" in str(pages.result(describe(cat, "en"), response, "en"))
    capped = scoring.score(cat, {**{i: 2 for i in cat.items}, "3.1": 0}, "pequena")
    assert "3.1 “" in present.score(cat, capped, "en")["cap_reason"]  # English quotes in English
