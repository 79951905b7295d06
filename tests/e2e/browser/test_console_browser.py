"""The staff console in a real browser against `make run`: the stand-in sign-in, every page axe clean at 1280 and
390 px, a listing approval that puts the company in /registry, a roster upload, an ARCO export, a re-drive, the
audit log naming the person; and the refusals (no session, a forged or ended cookie, a form without its token)."""
import json
import re

import pytest

from tests import factories as f
from tests.helpers import call_local

from .kit import DESKTOP, PHONE, check_page, mail_to

pytestmark = pytest.mark.xdist_group("browser")
ANA = "ana.garcia@example.org"


def both_widths(page, name: str):
    """axe-core at 1280 and at 390 px, a screenshot of each."""
    for label, size in (("1280", DESKTOP), ("390", PHONE)):
        page.set_viewport_size(size)
        check_page(page, f"console-{name}-{label}")


def sign_in(page, base: str, who: str = ANA, check: bool = True):
    """Open a console page without a session: the 401 page's link, then the stand-in's pick of an address."""
    response = page.goto(f"{base}/staff/listings")
    assert response.status == 401
    page.get_by_role("link", name="Iniciar sesión").click()
    assert "Ejecución local" in page.locator("main").inner_text()
    if check:
        both_widths(page, "signin")
    page.get_by_role("button", name=f"Entrar como {who}").click()
    page.wait_for_url("**/staff/listings")
    assert page.url.endswith("/staff/listings") and who in page.locator("header").inner_text()


def confirmed_pledge(server, n: int, name: str) -> dict:
    ceo = {"name": "Eva Ríos", "position": "Directora General", "email": f"ceo{n}@consola.mx"}
    body = f.pledge(company=f.company(rfc=f.rfc(n), name=name), public_listing=True, signatory=ceo)
    status, _ = call_local(server.base, "POST", "/pledges", body)
    assert status == 201
    link = re.search(r"/confirm\?\S*token=(\S+)", mail_to(server, ceo["email"]).get_body(("plain",)).get_content())
    assert link, "no confirmation link"
    status, out = call_local(server.base, "POST", "/confirm", {"token": link.group(1)})
    assert status == 200 and out["status"] == "confirmed"
    return body


@pytest.fixture
def staff_page(browser):
    """A staff member's browser, set to Mexican Spanish (the console answers in the browser's language)."""
    context = browser.new_context(viewport=DESKTOP, locale="es-MX", accept_downloads=True, bypass_csp=True)
    page = context.new_page()
    errors: list = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert errors == []


def test_staff_work_from_the_console(server, staff_page):
    page, base = staff_page, server.base
    name = "Ferretería Consola S.A."
    confirmed_pledge(server, 7301, name)
    status, listed = call_local(base, "GET", "/registry")
    assert name not in [c["name"] for c in listed["companies"]]  # confirmed, but no staff member approved it yet
    sign_in(page, base)
    # listings to approve: approve from the page, the registry shows it
    assert page.get_by_role("row", name=re.compile(name)).count() == 1
    both_widths(page, "listings")
    page.get_by_role("row", name=re.compile(name)).get_by_role("button", name="Aprobar y publicar").click()
    assert "ya aparece en el registro público" in page.get_by_role("status").inner_text()
    status, listed = call_local(base, "GET", "/registry")
    assert name in [c["name"] for c in listed["companies"]]
    # the companies: search, the record, an ARCO export with the session
    page.get_by_role("link", name="Empresas", exact=True).click()
    page.wait_for_url("**/staff/companies")
    page.get_by_label("Buscar por nombre o RFC").fill("ferreteria consola")
    page.get_by_role("button", name="Buscar").click()
    page.wait_for_url("**/staff/companies?q=*")
    both_widths(page, "companies")
    page.get_by_role("link", name=name).click()
    assert "ceo7301@consola.mx" in page.locator("main").inner_text()
    both_widths(page, "company")
    assert page.request.get(page.url + "/export").status == 403  # a link from elsewhere: no token, no export
    with page.expect_download() as download:
        page.get_by_role("link", name="Exportar todo (JSON)").click()
    exported = json.loads(open(download.value.path()).read())
    assert exported["profile"]["rfc"] == f.rfc(7301)
    assert download.value.suggested_filename.startswith(f"integra-arco-{f.rfc(7301)}-")
    with page.expect_download() as download:
        page.get_by_role("link", name="Exportar todo (Excel)").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    # an activity and its roster, uploaded as a file
    page.get_by_role("link", name="Actividades").click()
    page.wait_for_url("**/staff/activities")
    page.get_by_label("Identificador").fill("taller-consola")
    page.get_by_label("Título").fill("Taller de integridad para proveedores")
    page.get_by_label("Fecha").fill("2026-06-10")
    page.get_by_label("D8 · ").check()
    page.get_by_role("button", name="Registrar la actividad").click()
    assert "La actividad quedó registrada" in page.get_by_role("status").inner_text()
    both_widths(page, "activities")
    page.get_by_role("link", name="Taller de integridad para proveedores").click()
    page.get_by_label("Archivo").set_input_files(files=[{"name": "lista.csv", "mimeType": "text/csv",
                                                         "buffer": f"RFC\n{f.rfc(7301)}\nNO-ES-RFC\n".encode()}])
    page.get_by_role("button", name="Subir").click()
    assert "Registradas: 1 · Ya estaban: 0 · Filas con problemas: 1" in page.get_by_role("status").inner_text()
    assert page.get_by_role("row", name=re.compile(name)).count() == 1  # among the attendees
    both_widths(page, "activity-roster")
    # failed mail: a dead letter, re-driven from the page
    import boto3
    sqs = boto3.client("sqs", endpoint_url=server.aws_url, region_name="us-east-1", aws_access_key_id="local",
                       aws_secret_access_key="local")
    dlq = sqs.get_queue_url(QueueName="integra-mail-jobs-dlq")["QueueUrl"]
    sqs.send_message(QueueUrl=dlq, MessageBody=json.dumps({"kind": "pledged", "company_id": "x", "pledge_id": "y"}))
    page.get_by_role("link", name="Correos fallidos").click()
    page.wait_for_url("**/staff/mail")
    both_widths(page, "mail")
    page.get_by_role("button", name="Reenviar los correos en espera (1)").click()
    assert "Correos devueltos a la cola: 1." in page.get_by_role("status").inner_text()
    # the home page and the audit log: each action under the person's name
    page.get_by_role("link", name="Inicio").click()
    page.wait_for_url("**/staff/")
    both_widths(page, "home")
    page.get_by_role("link", name="Bitácora").click()
    page.get_by_label("Persona").fill("ana.garcia")
    page.get_by_role("button", name="Filtrar").click()
    log = page.locator("main table").inner_text()
    for action in ("Decidió una inscripción al registro", "Exportó los datos (ARCO)", "Registró una actividad",
                   "Subió una lista de asistencia", "Reenvió correos fallidos"):
        assert action in log, action
    assert ANA in log and "local-staff" not in log
    both_widths(page, "audit")


def test_the_console_refuses_without_a_session_a_forged_cookie_or_its_form_token(server, browser):
    context = browser.new_context(viewport=PHONE, locale="es-MX", bypass_csp=True)
    page = context.new_page()
    base = server.base
    assert page.goto(f"{base}/staff/companies").status == 401
    check_page(page, "console-401-390")
    context.add_cookies([{"name": "integra_staff", "value": "forged.1999999999.AAAA", "url": base}])
    assert page.goto(f"{base}/staff/companies").status == 403
    context.clear_cookies()
    sign_in(page, base, "luis.perez@example.org", check=False)
    cookie = next(c for c in context.cookies() if c["name"] == "integra_staff")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    # a form posted without the page's token (what another site could make a browser send)
    refused = page.request.post(f"{base}/staff/dashboard/sync", form={"csrf": "not-the-token"})
    assert refused.status == 403
    page.get_by_role("button", name="Cerrar sesión").click()
    assert page.goto(f"{base}/staff/companies").status == 401
    context.add_cookies([cookie])  # the cookie kept after signing out: the session ended on the server
    assert page.goto(f"{base}/staff/companies").status == 401
    context.close()
