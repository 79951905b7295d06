"""HTML by type: what a person typed is escaped exactly once on every page and in every mail, and our own markup
is never escaped."""
import pytest

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
