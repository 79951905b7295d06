"""The hosted forms in a real browser: Debian's Chromium driven by Playwright against `make run`'s local stack.

Every page and state is checked with axe-core (npm, injected into the page); each is saved as a screenshot
under test-artifacts/screenshots/ for a reviewer to look at.
"""
import pytest

from chalicelib import catalogue
from tests import factories as f

from .kit import DESKTOP, PHONE, SHOTS, WORDS, check_page, confirm_by_mail, mail_to

# One xdist worker runs them all: they share one local run and one browser (conftest.py).
pytestmark = pytest.mark.xdist_group("browser")


def posts(page, path):
    """Record the form posts the page sends, with their status."""
    seen = []
    page.on("response", lambda r: seen.append((r.request.post_data, r.status))
            if r.request.method == "POST" and path in r.url else None)
    return seen


def fill_company(page, company, person_prefix, person):
    for field in ("name", "rfc", "employees", "annual_sales_mxn"):
        page.fill(f"[id='company.{field}']", str(company[field]))
    page.select_option("[id='company.state']", company["state"])
    page.select_option("[id='company.sector']", company["sector"])
    for field, value in person.items():
        page.fill(f"[id='{person_prefix}.{field}']", value)


def fill_profile(page, next_label: str, **answers):
    """The risk-profile step: every question answered (no by default, no government revenue), then on."""
    for question in catalogue.current().profile:
        value = answers.get(question["id"], "0" if question["type"] == "choice" else "false")
        page.check(f"input[name='company.{question['id']}'][value='{str(value).lower()}']")
    page.locator("section.pg:not([hidden])").get_by_role("button", name=next_label, exact=True).click()


def answer_current_page(page, level: int, one_by_one: bool = False):
    """Tick one level on every item of the visible page: with Playwright's check() (slow, the full user
    path) or with DOM clicks, which fire the same input and change events, in one round trip."""
    radios = f"section.pg:not([hidden]) fieldset.q input[value='{level}']"
    if one_by_one:
        for radio in page.locator(radios).all():
            radio.check()
    else:
        page.evaluate("(s) => document.querySelectorAll(s).forEach(r => r.click())", radios)


@pytest.mark.parametrize("lang,viewport", [("es", PHONE), ("en", DESKTOP)], ids=["es-390", "en-1280"])
def test_assessment_end_to_end(server, browser, lang, viewport):
    context = browser.new_context(viewport=viewport, bypass_csp=True)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    sent = posts(page, "/forms/assessment")
    w = WORDS[lang]
    page.goto(f"{server.base}/forms/assessment?lang={lang}")
    check_page(page, f"assessment-{lang}-{viewport['width']}-empty")
    # Continue with nothing filled: the error summary appears, takes focus and links to each field
    page.get_by_role("button", name=w["next"], exact=True).first.click()
    assert page.evaluate("document.activeElement.id") == "es"
    assert page.locator("#es a").count() >= 6
    check_page(page, f"assessment-{lang}-{viewport['width']}-errors")
    body = f.assessment(level=2, lang=lang, company=f.company(rfc=f.rfc(900 + len(lang) + viewport["width"])))
    fill_company(page, body["company"], "contact", {"name": "Ana Pérez", "email": "ana@example.mx"})
    if lang == "en":  # sales as a range rather than an amount: the amount is then not missing
        page.fill("[id='company.annual_sales_mxn']", "")
        page.select_option("[id='company.annual_sales_band']", "4-100")
    page.get_by_role("button", name=w["next"], exact=True).first.click()
    dims = len(catalogue.current().dimensions)
    check_page(page, f"assessment-{lang}-{viewport['width']}-profile")
    fill_profile(page, w["next"])
    for n in range(dims):
        assert page.locator(".prog").text_content().endswith(f"{n + 3} {'de' if lang == 'es' else 'of'} {dims + 4}")
        answer_current_page(page, 2, one_by_one=lang == "es" and n == 0)  # real clicks on one page
        page.locator("section.pg:not([hidden])").get_by_role("button", name=w["next"], exact=True).click()
    # the barriers are optional
    page.locator("section.pg:not([hidden])").get_by_role("button", name=w["next"], exact=True).click()
    page.check("[id='consent.privacy_notice']")
    page.get_by_role("button", name=w["send_assessment"]).click()
    page.wait_for_url("**/forms/done/**")
    assert page.get_by_role("heading", level=1).text_content() == w["result"]
    assert page.locator(".score .big").inner_text().split()[0] == "50"  # all answers at level 2
    assert ("Revise su correo" if lang == "es" else "Check your e-mail") in page.locator(".note").inner_text()
    assert w["mail"] in page.locator("main").inner_text()
    check_page(page, f"assessment-{lang}-{viewport['width']}-result")
    assert [status for _, status in sent if status < 400] == [201] and errors == []
    context.close()


@pytest.mark.parametrize("page", [{"width": 320, "height": 640}], indirect=True)
@pytest.mark.parametrize("form", ["pledge", "assessment"])
def test_usable_at_320_px_with_visible_focus_and_no_third_party_request(server, page, form):
    """What the README promises of every form: it fits a 320 px screen (no sideways scrolling), the focused field
    is outlined, and the page asks nothing of any other origin."""
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(f"{server.base}/forms/{form}?lang=es")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.focus("[id='company.name']")
    outline = page.evaluate("(() => { const s = getComputedStyle(document.activeElement);"
                            " return [s.outlineStyle, parseFloat(s.outlineWidth)]; })()")
    assert outline[0] != "none" and outline[1] >= 2
    page.get_by_role("button").first.click()  # errors shown: still no sideways scrolling
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert requested and all(u.startswith(server.base) or u.startswith("data:") for u in requested), requested


def test_pages_run_under_their_own_content_security_policy(server, browser):
    """The other tests bypass the pages' CSP (axe and string evaluation are the tests' own scripts). Here the
    policy holds: the form's script runs (it splits the assessment into sections), the embed page's live example
    resizes, and nothing is refused."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{server.base}/forms/assessment?lang=es")
    assert page.get_by_text("Sección 1 de").first.is_visible()  # only form.js writes this
    page.goto(f"{server.base}/forms/pledge?lang=en")
    page.get_by_role("button", name="Sign the pledge").click()  # the client checks run: the error summary shows
    page.locator("#es").wait_for(state="visible")
    for path in ("/forms/registry?lang=es", "/forms/embed?lang=es", "/?lang=es"):
        page.goto(server.base + path)
    context.close()
    assert refused == []


def tab_to(page, selector: str, limit: int = 120):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


@pytest.mark.parametrize("page", [DESKTOP], indirect=True)
def test_pledge_by_keyboard_only_es_1280(server, page):
    """No mouse: Tab to each field, type, Space to tick, Enter to send. A double Enter sends once."""
    sent = posts(page, "/forms/pledge")
    page.goto(f"{server.base}/forms/pledge?lang=es")
    check_page(page, "pledge-es-1280-empty")
    c = f.company(rfc=f.rfc(7001))
    for name, value in (("company.name", c["name"]), ("company.rfc", c["rfc"]),
                        ("company.employees", "25"), ("company.annual_sales_mxn", "12000000"),
                        ("signatory.name", "Luis Gómez"), ("signatory.email", "luis@example.mx"),
                        ("signatory.position", "Director General")):
        tab_to(page, f"[id='{name}']")
        page.keyboard.type(value)
    for name, typed in (("company.state", "Jalisco"), ("company.sector", "Servicios profesionales")):
        tab_to(page, f"[id='{name}']")
        page.keyboard.type(typed)  # a focused <select> picks the option whose text starts with what is typed
    for box in page.locator("input[name='commitments']").all():
        tab_to(page, f"[name='commitments'][value='{box.get_attribute('value')}']")
        page.keyboard.press("Space")
    tab_to(page, "[id='consent.privacy_notice']")
    page.keyboard.press("Space")
    tab_to(page, "button[value='send']")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # a double submit
    page.wait_for_url("**/forms/done/**")
    assert "Gracias" in page.get_by_role("heading", level=1).text_content()
    check_page(page, "pledge-es-1280-done")
    assert [s for _, s in sent if s < 400] == [201]  # one submission; a too-early try (429) is retried


def test_pledge_en_390_errors_then_fixed(server, page):
    page.goto(f"{server.base}/forms/pledge?lang=en")
    page.get_by_role("button", name="Sign the pledge").click()
    assert page.evaluate("document.activeElement.id") == "es"
    summary = page.locator("#es").inner_text()
    assert "This field is required." in summary and "All commitments must be accepted" in summary
    check_page(page, "pledge-en-390-errors")
    page.locator("#es a").first.click()
    assert page.evaluate("document.activeElement.id") == "company.name"
    fill_company(page, f.company(rfc=f.rfc(7002)), "signatory",
                 {"name": "Luis Gómez", "email": "luis@example.mx", "position": "CEO"})
    for box in page.locator("input[name='commitments']").all():
        box.check()
    page.check("[id='consent.privacy_notice']")
    page.get_by_role("button", name="Sign the pledge").click()
    page.wait_for_url("**/forms/done/**")
    assert "Thank you" in page.get_by_role("heading", level=1).text_content()
    check_page(page, "pledge-en-390-done")
    # while the CEO's confirmation is pending, the self-assessment can start with the pledge's details in it
    page.get_by_role("link", name="Take the self-assessment").click()
    page.wait_for_url("**/forms/assessment?**")
    assert page.input_value("[id='company.rfc']") == f.rfc(7002)
    assert page.input_value("[id='contact.email']") == "luis@example.mx"  # the signatory, as the contact
    page.get_by_role("button", name="Continue", exact=True).first.click()
    assert page.locator(".prog").inner_text().startswith("Section 2 of")  # the risk profile, next
    check_page(page, "assessment-en-390-from-pledge-profile")


def test_reload_restores_and_a_lost_response_is_retried_with_the_same_key(server, page):
    page.goto(f"{server.base}/forms/assessment?lang=es")
    body = f.assessment(level=3, company=f.company(rfc=f.rfc(7003)))
    fill_company(page, body["company"], "contact", {"name": "Ana Pérez", "email": "ana@example.mx"})
    page.get_by_role("button", name="Continuar", exact=True).first.click()
    fill_profile(page, "Continuar")
    answer_current_page(page, 3)
    page.reload()
    assert page.input_value("[id='company.rfc']") == body["company"]["rfc"]
    assert page.locator(".prog").text_content() == f"Sección 3 de {len(catalogue.current().dimensions) + 4}"
    assert page.locator("section.pg:not([hidden]) fieldset.q input[value='3']:checked").count() == 5
    key = page.input_value("[name='submission_id']")
    for _ in range(len(catalogue.current().dimensions)):
        answer_current_page(page, 3)
        page.locator("section.pg:not([hidden])").get_by_role("button", name="Continuar", exact=True).click()
    page.locator("section.pg:not([hidden])").get_by_role("button", name="Continuar", exact=True).click()
    assert "Respondió todas las preguntas." in page.locator("#review").inner_text()
    page.check("[id='consent.privacy_notice']")
    # the first send reaches the server, but the connection drops before the answer arrives
    tries, statuses = [], []

    def flaky(route):
        tries.append(route.request.post_data)
        response = route.fetch()
        statuses.append(response.status)
        if statuses.count(201) == 1 and response.status == 201:  # the first success never reaches the page
            route.abort("connectionreset")
        else:
            route.fulfill(response=response)
    page.route("**/forms/assessment?lang=es", lambda route: flaky(route) if route.request.method == "POST"
               else route.continue_())
    page.get_by_role("button", name="Enviar autoevaluación").click()
    page.wait_for_url("**/forms/done/**")
    assert all(f"submission_id={key}" in t for t in tries)
    # one assessment: the server created it once (201); the retry got the stored result back (200)
    assert [s for s in statuses if s != 429] == [201, 200]
    check_page(page, "assessment-es-390-after-retry")


def test_embedded_form_resizes_its_iframe(server, page):
    page.goto(f"{server.base}/forms/embed?lang=es")
    frame = page.locator("iframe#integra-pledge")
    page.wait_for_function("document.getElementById('integra-pledge').style.height !== ''")
    height = frame.evaluate("f => f.getBoundingClientRect().height")
    inner = page.frame_locator("iframe#integra-pledge").locator("html").evaluate("h => h.scrollHeight")
    assert abs(height - inner) <= 2 and height > 1500
    check_page(page, "embed-es-390")


@pytest.mark.parametrize("lang", ["en"])  # the Spanish confirm pages: test_company_page_from_its_link
def test_registry_lists_a_signatory_once_its_ceo_confirms_and_staff_approve(server, page, lang):
    from tests.helpers import call_local as call
    name = f"Ferretería Pública {lang.upper()} S.A."
    ceo = {"name": "Luis Gómez", "position": "CEO", "email": f"ceo.{lang}@ferreteria.mx"}
    body = f.pledge(company=f.company(rfc=f.rfc(7010 + len(lang) * (lang == "en")), name=name), public_listing=True,
                    signatory=ceo, lang=lang)
    status, pending = call(server.base, "POST", "/pledges", body)
    assert status == 201 and pending["status"] == "pending_confirmation"
    page.goto(f"{server.base}/forms/registry?lang=es")
    assert page.get_by_role("row", name=name).count() == 0  # nothing public before the CEO confirms
    confirm_by_mail(server, page, ceo["email"], lang, f"pledge-{lang}-390")
    page.goto(f"{server.base}/forms/registry?lang=es")
    assert page.get_by_role("row", name=name).count() == 0  # a first listing waits for a staff member
    staff = {"Authorization": "Bearer " + (server.state_dir / "staff-token").read_text().strip()}
    status, waiting = call(server.base, "GET", "/staff/listings", headers=staff)
    company = next(c["company_id"] for c in waiting["companies"] if c["name"] == name)
    assert call(server.base, "POST", f"/staff/listings/{company}", {"decision": "approve"}, staff)[0] == 200
    page.goto(f"{server.base}/forms/registry?lang=es")
    assert page.get_by_role("row", name=name).count() == 1
    check_page(page, f"registry-es-390-{lang}")


def test_index_and_save_for_later(server, page):
    page.goto(f"{server.base}/")
    links = page.locator("main a")
    assert {links.nth(i).get_attribute("href") for i in range(links.count())} >= {
        "forms/pledge?lang=es", "forms/pledge?lang=en", "forms/assessment?lang=es", "forms/assessment?lang=en"}
    check_page(page, "index-es-390")
    page.get_by_role("link", name="Self-assessment (English)").click()
    fill_company(page, f.company(rfc=f.rfc(7020)), "contact", {"name": "Ana Pérez", "email": "ana.draft@example.mx"})
    page.get_by_role("button", name="Continue", exact=True).first.click()
    fill_profile(page, "Continue")
    answer_current_page(page, 1)
    for _ in range(len(catalogue.current().dimensions) + 1):
        page.locator("section.pg:not([hidden])").get_by_role("button", name="Continue", exact=True).click()
    assert "Unanswered questions:" in page.locator("#review").inner_text()
    # by section, not one line per question: the nine sections left, each "…: n questions unanswered"
    assert page.locator("#review a").count() == len(catalogue.current().dimensions) - 1
    dim = catalogue.current().dimensions[1]
    assert f"“{dim.title['en']}”" in page.locator("#review").inner_text() and "questions unanswered" in \
        page.locator("#review").inner_text()
    page.get_by_role("button", name="Save and continue later").click()
    note = page.locator(".note")
    note.wait_for(state="visible")
    assert "ana.draft@example.mx" in note.inner_text()
    check_page(page, "assessment-en-390-saved")


def test_saved_from_a_middle_section_the_draft_reopens_there(server, browser, page):
    page.goto(f"{server.base}/forms/assessment?lang=es")
    assert page.locator(".lead").is_visible() and "25 minutos" in page.locator(".lead").inner_text()
    fill_company(page, f.company(rfc=f.rfc(7030), annual_sales_mxn="28,500,000"), "contact",
                 {"name": "Luz Pech", "email": "luz.pech@example"})  # sales typed as people type them
    page.get_by_role("button", name="Continuar", exact=True).first.click()
    assert page.locator("#es").is_visible()  # the server's rule, checked on the phone: no dot in the domain
    assert "Correo electrónico" in page.locator("#es").inner_text() and "Ventas" not in page.locator("#es").inner_text()
    page.fill("[id='contact.email']", "luz.pech@example.mx")
    page.get_by_role("button", name="Continuar", exact=True).first.click()
    fill_profile(page, "Continuar", uses_intermediaries=True)
    answer_current_page(page, 2)
    reason = page.locator("[id='na_reasons.1.5']")
    assert reason.is_hidden()  # "No aplica" not chosen: no line for a reason
    page.check("input[name='answers.1.5'][value='na']")
    assert reason.is_visible()
    reason.fill("Somos seis personas, sin jefes intermedios")
    page.locator("section.pg:not([hidden])").get_by_role("button", name="Continuar", exact=True).click()
    assert page.locator(".prog").inner_text() == f"Sección 4 de {len(catalogue.current().dimensions) + 4}"
    assert page.locator(".lead").is_hidden()  # the introduction only on the first section
    page.locator("section.pg:not([hidden])").get_by_role("button", name="Guardar y continuar después").click()
    note = page.locator(".note")
    note.wait_for(state="visible")
    assert "luz.pech@example.mx" in note.inner_text()
    import re
    found = re.search(r"http://\S+draft=\S+", mail_to(server, "luz.pech@example.mx").get_body(("plain",)).get_content())
    assert found, "no draft link in the mail"
    elsewhere = browser.new_context(viewport=PHONE, bypass_csp=True).new_page()  # another device: nothing stored
    elsewhere.goto(found.group(0))
    assert elsewhere.locator(".prog").inner_text().startswith("Sección 4 de")  # where it was saved
    assert elsewhere.is_checked("input[name='company.uses_intermediaries'][value='true']")  # the profile kept
    assert elsewhere.locator("section.pg:not([hidden]) fieldset.q").count() > 0
    check_page(elsewhere, "assessment-es-390-draft-reopened")
    first = elsewhere.locator("section.pg:not([hidden]) fieldset.q input[value='4']").first
    first.check()
    elsewhere.reload()  # phones reload tabs: what was changed after reopening the draft stays
    assert elsewhere.locator("section.pg:not([hidden]) fieldset.q input[value='4']").first.is_checked()
    elsewhere.context.close()


def test_without_javascript_the_form_is_one_page_and_submits(server, browser):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{server.base}/forms/assessment?lang=es")
    assert page.locator("section.pg:visible").count() == len(catalogue.current().dimensions) + 4  # one long page
    page.goto(f"{server.base}/forms/pledge?lang=es")
    page.get_by_role("button", name="Firmar el compromiso").click()  # empty: the server lists every problem
    assert page.locator("#es a").count() >= 8
    page.screenshot(path=str(SHOTS / "pledge-es-390-nojs-errors.jpg"), full_page=True, type="jpeg")  # axe needs JS
    assert page.locator("[id='company.name-e']").inner_text().endswith("Este dato es obligatorio.")
    fill_company(page, f.company(rfc=f.rfc(7030)), "signatory",
                 {"name": "Luis Gómez", "email": "luis@example.mx", "position": "CEO"})
    for box in page.locator("input[name='commitments']").all():
        box.check()
    page.check("[id='consent.privacy_notice']")
    page.wait_for_timeout(2100)  # a person takes at least the minimum fill time
    page.get_by_role("button", name="Firmar el compromiso").click()
    page.wait_for_url("**/forms/done/**")
    assert "Gracias" in page.get_by_role("heading", level=1).text_content()
    context.close()


def test_company_page_from_its_link(server, page):
    from tests.helpers import call_local as call
    rfc, email = f.rfc(7040), "direccion@empresa7040.mx"
    body = f.assessment(company=f.company(rfc=rfc), contact={"name": "Ana Pérez", "email": email})
    assert call(server.base, "POST", "/assessments", body)[0] == 201
    confirm_by_mail(server, page, email, "es", "assessment-es-390")
    page.goto(f"{server.base}/?lang=es")  # "already took part?": the index offers the link request page
    page.get_by_role("link", name="¿Su empresa ya participó? Reciba el enlace a su historial").click()
    page.fill("[id='rfc']", rfc)
    page.fill("[id='email']", "direccion@empresa7040")  # no dot in the domain: refused, the error beside the field
    page.get_by_role("button", name="Enviarme el enlace").click()
    assert page.locator("#es").is_visible() and "no es válido" in page.locator("#es").inner_text()
    check_page(page, "link-request-es-390-error")
    page.fill("[id='email']", email)
    page.get_by_role("button", name="Enviarme el enlace").click()
    assert "enviaremos un enlace" in page.locator("main").inner_text()
    check_page(page, "link-request-es-390-sent")
    import re
    import time
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # the link mail (the newest one to this address)
        text = mail_to(server, email).get_body(("plain",)).get_content()
        if "/company?" in text:
            break
        time.sleep(0.3)
    found = re.search(r"http://\S+/company\?\S+", text)
    assert found, "no company link in the mail"
    link = found.group(0)
    page.goto(link)
    assert page.get_by_role("heading", level=1).text_content() == f.company()["name"]
    check_page(page, "company-es-390")
    page.fill("[id='contact.email']", "nuevo@example.mx")
    page.get_by_role("button", name="Guardar datos de contacto").click()
    assert "dejaron de funcionar" in page.locator("main").inner_text()  # the change revoked the link, said so
    check_page(page, "company-es-390-contact-saved")
    assert page.goto(link).status == 403  # the old link no longer opens the page
