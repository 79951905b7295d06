"""The staff console over HTTP on moto: sign-in (the local stand-in), sessions and their cookie, CSRF, and each
page's actions doing what the JSON routes do, as the person who signed in."""
import dataclasses
import io
import json
import re
from datetime import timedelta
from urllib.parse import urlencode, urlsplit

import pytest

from chalicelib import bootstrap
from tests import factories as f
from tests.helpers import STAFF, TOKEN, Doc, registry

ANA, LUIS = "ana.garcia@example.org", "luis.perez@example.org"
PAGES = ["/staff/", "/staff/companies", "/staff/listings", "/staff/activities", "/staff/mail", "/staff/audit"]


@pytest.fixture
def console(api):
    w = bootstrap.wiring()
    bootstrap.override(config=dataclasses.replace(w.config, staff_tokens=(("scripts", TOKEN),), staff_signin="local",
                                                  staff_allowed=(ANA, LUIS, "@red.example.org")))
    return Browser(api)


class Browser:
    """The chalice test client with a cookie jar, asking for pages as a browser does."""

    def __init__(self, api):
        self.api, self.jar = api, {}

    def _keep(self, response):
        raw = response.headers.get("Set-Cookie") or response.headers.get("set-cookie")
        for cookie in ([raw] if isinstance(raw, str) else raw or []):
            for one in cookie.split(", ") if "Max-Age=0" not in cookie else [cookie]:
                name, _, rest = one.partition("=")
                value = rest.split(";", 1)[0]
                if "Max-Age=0" in one:
                    self.jar.pop(name, None)
                else:
                    self.jar[name] = value
        response.text = response.body.decode() if isinstance(response.body, bytes) else (response.body or "")
        return response

    def headers(self, extra=None) -> dict:
        cookie = "; ".join(f"{k}={v}" for k, v in self.jar.items())
        return {"Accept": "text/html", **({"Cookie": cookie} if cookie else {}), **(extra or {})}

    def get(self, path, headers=None):
        return self._keep(self.api.client.http.get(path, headers=self.headers(headers)))

    def post(self, path, fields, headers=None, csrf=True):
        data = list(fields.items()) if isinstance(fields, dict) else list(fields)
        if csrf:
            data.append(("csrf", self.csrf()))
        return self._keep(self.api.client.http.post(path, body=urlencode(data), headers=self.headers({
            "Content-Type": "application/x-www-form-urlencoded", **(headers or {})})))

    def csrf(self) -> str:
        return Doc(self.get("/staff/").text).value("csrf")

    def sign_in(self, email=ANA):
        page = self.get("/staff/signin")
        assert page.status_code == 200
        nonce = Doc(page.text).value("signin")
        r = self.post("/staff/signin", {"signin": nonce, "email": email, "next": "/staff/companies"}, csrf=False)
        assert r.status_code == 303 and r.headers["Location"] == "/staff/companies", r.text
        return r


def pledged(api, n: int, public=True, name=None) -> str:
    body = f.pledge(company=f.company(rfc=f.rfc(n), name=name or f"Empresa {n:03d} S.A."), public_listing=public)
    assert api.submit("/pledges", body).status_code == 201
    return bootstrap.wiring().store.company_for_rfc(f.rfc(n))


def test_every_page_needs_a_session_and_a_forged_or_ended_one_is_refused(console, clock):
    for path in PAGES:
        r = console.get(path)
        assert r.status_code == 401 and 'href="/staff/signin?next=' in r.text, path
    assert console.get("/staff/companies").text.count("/staff/signin?next=/staff/companies") == 1
    console.sign_in()
    assert all(console.get(p).status_code == 200 for p in PAGES)
    good = console.jar["integra_staff"]
    session_id, expires, mac = good.split(".")
    for forged in (f"{session_id}.{expires}.{mac[:-2]}xx", f"x{session_id[1:]}.{expires}.{mac}",
                   f"{session_id}.{int(expires) + 3600}.{mac}", "nonsense"):
        console.jar["integra_staff"] = forged
        assert console.get("/staff/companies").status_code == 403, forged
    console.jar["integra_staff"] = good
    clock.now += timedelta(hours=8, seconds=1)  # eight hours, then it ends
    assert console.get("/staff/companies").status_code == 401
    # a script's token reads JSON, never a page
    assert console.api.client.http.get("/staff/", headers={**STAFF, "Accept": "text/html"}).status_code == 401


def test_the_session_cookie_and_signing_out(console):
    r = console.sign_in()
    cookie = next(c for c in ([r.headers["Set-Cookie"]] if isinstance(r.headers["Set-Cookie"], str)
                              else r.headers["Set-Cookie"]) if c.startswith("integra_staff="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Max-Age=28800" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # the local run is plain HTTP on loopback
    home = console.get("/staff/")
    assert ANA in home.text and 'action="/staff/signout"' in home.text
    token = console.jar["integra_staff"]
    assert console.post("/staff/signout", {}).status_code == 303
    console.jar["integra_staff"] = token  # the old cookie, kept by someone: the session ended on the server
    assert console.get("/staff/").status_code == 401
    audit = console.api.client.http.get("/staff/audit", headers=STAFF)
    assert sorted((e["who"], e["action"]) for e in json.loads(audit.body)["entries"]) == [
        (ANA, "staff.signin"), (ANA, "staff.signout")]


def test_sign_in_is_for_allowed_addresses_with_the_pages_own_nonce(console):
    page = console.get("/staff/signin")
    doc = Doc(page.text)
    offered = [a["value"] for a in doc.find("input", name="email")]
    assert offered == [ANA, LUIS]  # a domain is no one to pick
    nonce = doc.value("signin")
    assert console.post("/staff/signin", {"signin": "other", "email": ANA}, csrf=False).status_code == 403
    for who in ("eve@example.org", "@red.example.org", "x@red.example.org"):
        assert console.post("/staff/signin", {"signin": nonce, "email": who}, csrf=False).status_code == 403
    assert "integra_staff" not in console.jar
    # somewhere else than the console after signing in: never
    r = console.post("/staff/signin", {"signin": nonce, "email": LUIS, "next": "//evil.example/staff/"}, csrf=False)
    assert r.status_code == 303 and r.headers["Location"] == "/staff/"


def test_the_stand_in_sign_in_exists_only_on_loopback(console):
    w = bootstrap.wiring()
    bootstrap.override(config=dataclasses.replace(w.config, public_api_url="https://integra.example.org"))
    page = console.get("/staff/signin")
    assert ANA not in page.text and "GOOGLE_CLIENT_ID" in page.text
    cookie = page.headers["Set-Cookie"]
    assert cookie.startswith("__Host-integra_signin=") and "; Secure" in cookie
    nonce = console.jar["__Host-integra_signin"]
    assert console.post("/staff/signin", {"signin": nonce, "email": ANA}, csrf=False).status_code == 503


def test_a_change_without_its_csrf_token_is_refused(console):
    company = pledged(console.api, 1)
    console.sign_in()
    for fields in ({}, {"csrf": "wrong"}):
        r = console.post(f"/staff/companies/{company}/block", fields, csrf=False)
        assert r.status_code == 403 and "Vuelva a cargar la página" in r.text
    json_headers = {"Cookie": console.headers()["Cookie"], "Content-Type": "application/json"}
    r = console.api.client.http.post(f"/staff/companies/{company}/links/revoke", headers=json_headers, body="{}")
    assert r.status_code == 403
    r = console.api.client.http.post(f"/staff/companies/{company}/links/revoke", body="{}",
                                     headers={**json_headers, "X-CSRF-Token": console.csrf()})
    assert r.status_code == 200 and bootstrap.wiring().store.profile(company).get("link_version") == 1
    # a script's token is no cookie: nothing to forge, no CSRF token needed
    r = console.api.client.http.post(f"/staff/companies/{company}/links/revoke", body="{}",
                                     headers={**STAFF, "Content-Type": "application/json"})
    assert r.status_code == 200


def test_a_listing_approved_on_the_console_appears_in_the_registry_and_the_audit_names_the_person(console):
    first = pledged(console.api, 1, name="Tecnología Ávila S.A.")
    pledged(console.api, 2, public=False)
    assert registry(console.api, approve=False) == {}
    console.sign_in(LUIS)
    page = console.get("/staff/listings")
    assert "Tecnología Ávila S.A." in page.text and f.rfc(2) not in page.text
    r = console.post(f"/staff/listings/{first}", {"decision": "approve"})
    assert r.status_code == 303 and r.headers["Location"] == "/staff/listings?done=approved"
    assert "ya aparece en el registro público" in console.get(r.headers["Location"]).text
    assert set(registry(console.api, approve=False)) == {"Tecnología Ávila S.A."}
    again = console.post(f"/staff/listings/{first}", {"decision": "decline"})
    assert again.status_code == 409  # decided already: a second person's click changes nothing
    entries = json.loads(console.api.client.http.get("/staff/audit", headers=STAFF).body)["entries"]
    assert [(e["who"], e["target"], e["details"]) for e in entries if e["action"] == "listing.decide"] == [
        (LUIS, first, {"decision": "approved"})]
    log = console.get("/staff/audit?who=luis&action=listing.decide")
    assert log.status_code == 200 and first in log.text and "Tecnología Ávila S.A." in log.text
    rows = log.text.split("<tbody>")[1]
    assert ">Decidió una inscripción al registro<" in rows and "Inició sesión" not in rows
    assert console.get("/staff/audit?month=2026-13").status_code == 422


def test_companies_are_found_by_name_or_rfc_and_their_record_holds_their_history(console):
    first = pledged(console.api, 1, name="Tecnología Ávila S.A.")
    pledged(console.api, 2, name="Comercial Norte S.A.")
    console.sign_in()
    names = lambda r: re.findall(r'href="/staff/companies/[0-9a-f-]{36}">([^<]+)<', r.text)  # noqa: E731
    assert names(console.get("/staff/companies")) == ["Comercial Norte S.A.", "Tecnología Ávila S.A."]
    assert names(console.get("/staff/companies?q=tecnologia+avila")) == ["Tecnología Ávila S.A."]
    assert names(console.get(f"/staff/companies?q={f.rfc(2)[:6]}")) == ["Comercial Norte S.A."]
    assert "Ninguna empresa coincide" in console.get("/staff/companies?q=zzz").text
    record = console.get(f"/staff/companies/{first}")
    text = Doc(record.text).text
    assert record.status_code == 200 and f.rfc(1) in record.text and "luis@example.mx" in " ".join(text)
    assert "por aprobar" in record.text  # the registry: its first listing waits
    assert console.get(f"/staff/companies/{f.rfc(1)}").status_code == 200  # a script's RFC works too
    assert console.get("/staff/companies/00000000-0000-4000-8000-000000000000").status_code == 404
    cookie = {"Cookie": console.headers()["Cookie"]}
    assert console.api.client.http.get(f"/staff/companies/{first}/export", headers=cookie).status_code == 403
    export = console.api.client.http.get(f"/staff/companies/{first}/export?csrf={console.csrf()}", headers=cookie)
    assert export.status_code == 200 and json.loads(export.body)["profile"]["rfc"] == f.rfc(1)
    xlsx = console.api.client.http.get(f"/staff/companies/{first}/export?format=xlsx&csrf={console.csrf()}", headers={
        "Cookie": console.headers()["Cookie"], "Accept": "application/vnd.openxmlformats-officedocument"
                                                          ".spreadsheetml.sheet"})
    assert xlsx.status_code == 200 and xlsx.body[:2] == b"PK"
    rectified = console.post(f"/staff/companies/{first}/contact", {"contact.name": "Eva Ruiz", "contact.email": ""})
    assert rectified.status_code == 303 and rectified.headers["Location"].endswith("?done=rectified")
    assert bootstrap.wiring().store.profile(first)["contact"]["name"] == "Eva Ruiz"
    bad = console.post(f"/staff/companies/{first}/contact", {"contact.email": "no-es-correo"})
    assert bad.status_code == 422 and "Contacto: Correo electrónico" in bad.text
    unticked = console.post(f"/staff/companies/{first}/block", {})
    assert unticked.status_code == 422 and "Marque la casilla" in unticked.text
    assert f'href="/staff/companies/{first}"' in unticked.text  # back to the company's page
    blocked = console.post(f"/staff/companies/{first}/block", {"confirm": "yes"})
    assert blocked.status_code == 303 and bootstrap.wiring().store.profile(first)["blocked_at"]
    later = console.post(f"/staff/companies/{first}/delete", {"confirm": "yes"})
    assert later.status_code == 409  # the blocking period first
    actions = [e["action"] for e in json.loads(console.api.client.http.get("/staff/audit", headers=STAFF).body)[
        "entries"]]
    assert sorted(actions) == ["arco.block", "arco.export", "arco.export", "arco.rectify", "staff.signin"]


def test_an_activity_and_its_roster_uploaded_from_the_console(console):
    pledged(console.api, 1)
    console.sign_in()
    created = console.post("/staff/activities", [("activity_id", "taller-2026-06"), ("title", "Taller de integridad"),
                                                 ("type", "training"), ("date", "2026-06-10"), ("topics", "D8"),
                                                 ("topics", "D3")])
    assert created.status_code == 303, created.text
    assert "Taller de integridad" in console.get("/staff/activities").text
    assert bootstrap.wiring().store.activity("taller-2026-06")["topics"] == ["D8", "D3"]
    bad = console.post("/staff/activities", {"activity_id": "x", "title": "", "type": "training", "date": "junio"})
    assert bad.status_code == 422
    boundary = "----integra"
    csv_text = f"Nombre,RFC\nAna,{f.rfc(1)}\nBeto,XYZ\n"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{console.csrf()}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"roster\"; filename=\"lista.csv\"\r\n"
            f"Content-Type: text/csv\r\n\r\n{csv_text}\r\n--{boundary}--\r\n").encode()
    r = console._keep(console.api.client.http.post("/staff/activities/taller-2026-06/attendance", body=body,
                                                   headers=console.headers({"Content-Type": "multipart/form-data; "
                                                                            f"boundary={boundary}"})))
    assert r.status_code == 200, r.text
    assert "Registradas: 1 · Ya estaban: 0 · Filas con problemas: 1" in r.text and "XYZ" in r.text
    assert "Empresa 001 S.A." in r.text  # among the attendees
    assert registry(console.api)["Empresa 001 S.A."]["trainings_this_year"] == 1


def test_failed_scorecards_are_listed_and_retried(console, clock):
    body = f.assessment()
    r = console.api.submit("/assessments", body)
    store = bootstrap.wiring().store
    assessment_id = r.json["assessment_id"]
    store.fail_job(assessment_id, "the template is broken", clock().isoformat())
    console.sign_in()
    page = console.get("/staff/mail")
    assert "the template is broken" in page.text and f"/staff/scorecards/{assessment_id}/retry" in page.text
    assert console.post(f"/staff/scorecards/{assessment_id}/retry", {}).status_code == 303
    assert store.failed_jobs() == [] and store.scorecard_jobs([assessment_id])[0]["status"] == "pending"
    assert console.post(f"/staff/scorecards/{assessment_id}/retry", {}).status_code == 404  # not failed any more
    assert console.post("/staff/scorecards/redrive", {}).headers["Location"] == "/staff/mail?done=redriven&n=0"


def test_sync_and_publish_now_from_the_home_page(console, tmp_path):
    w = bootstrap.wiring()
    bootstrap.override(config=dataclasses.replace(w.config, dashboard_xlsx=str(tmp_path / "d.xlsx")))
    console.sign_in()
    r = console.post("/staff/dashboard/sync", {})
    assert r.status_code == 303 and r.headers["Location"] == "/staff/?done=synced" and (tmp_path / "d.xlsx").exists()
    assert "El tablero se actualizó" in console.get(r.headers["Location"]).text
    assert console.post("/staff/benchmarks/snapshot", {}).headers["Location"] == "/staff/?done=published"
    assert "nunca" not in console.get("/staff/").text  # when the benchmarks were last published
    report = console.api.client.http.get(f"/staff/reports/2026.xlsx?csrf={console.csrf()}", headers={
        "Cookie": console.headers()["Cookie"], "Accept": "application/vnd.openxmlformats-officedocument"
                                                          ".spreadsheetml.sheet"})
    assert report.status_code == 200 and report.body[:2] == b"PK"


def test_pages_are_safe_html(console):
    pledged(console.api, 1, name='<script>alert(1)</script> "S.A."')
    console.sign_in()
    company = console.get("/staff/companies")
    assert "<script>alert" not in company.text and "&lt;script&gt;" in company.text
    csp = company.headers["Content-Security-Policy"]
    assert "script-src 'none'" in csp and "frame-ancestors 'none'" in csp and company.headers["Cache-Control"] == \
        "no-store"
    assert urlsplit("/staff/").path == "/staff/" and io  # the console links within itself only


# ---- Google sign-in (OpenID Connect) against a loopback stand-in of Google's endpoints ----
@pytest.fixture
def google(console):
    from tests.oidc_stand_in import OidcStandIn
    stand_in = OidcStandIn()
    w = bootstrap.wiring()
    bootstrap.override(config=dataclasses.replace(w.config, staff_signin="google", **stand_in.settings()))
    yield stand_in
    stand_in.stop()


def to_google(console) -> dict:
    """Press "Sign in with Google": the redirect to Google's authorization endpoint, its query."""
    from urllib.parse import parse_qs
    page = console.get("/staff/signin?next=/staff/mail")
    assert "Iniciar sesión con Google" in page.text and ANA not in page.text
    r = console.post("/staff/signin", {"signin": Doc(page.text).value("signin"), "next": "/staff/mail"}, csrf=False)
    assert r.status_code == 303
    query = {k: v[0] for k, v in parse_qs(urlsplit(r.headers["Location"]).query).items()}
    assert query["response_type"] == "code" and query["scope"] == "openid email"
    assert query["redirect_uri"].endswith("/staff/signin/callback") and query["client_id"].endswith(".com")
    return query


def test_google_sign_in_verifies_the_id_token_and_who_it_names(console, google):
    query = to_google(console)
    google.claims = {"email": "Ana.Garcia@example.org", "nonce": query["nonce"]}
    back = console.get(f"/staff/signin/callback?code=good-code&state={query['state']}")
    assert back.status_code == 303 and back.headers["Location"] == "/staff/mail" and "integra_staff" in console.jar
    assert google.codes[-1]["redirect_uri"] == [query["redirect_uri"]]
    assert ANA in console.get("/staff/mail").text  # the person, as Google named them


@pytest.mark.parametrize("case", ["other_nonce", "not_verified", "not_allowed", "gmail_in_domain", "bad_code",
                                  "other_state", "other_audience"])
def test_google_sign_in_refuses_what_google_did_not_vouch_for(console, google, case):
    query = to_google(console)
    google.claims = {"email": ANA, "nonce": query["nonce"]}
    code, state = "good-code", query["state"]
    if case == "other_nonce":
        google.claims["nonce"] = "replayed"
    elif case == "not_verified":
        google.claims["email_verified"] = False
    elif case == "not_allowed":
        google.claims["email"] = "eve@example.org"
    elif case == "gmail_in_domain":  # the allowed domain, but no Workspace account of it
        google.claims["email"] = "eve@red.example.org"
    elif case == "bad_code":
        code = "stolen"
    elif case == "other_state":
        state = "someone-elses-state~/staff/"
    elif case == "other_audience":
        google.claims["aud"] = "another-app.apps.googleusercontent.com"
    r = console.get(f"/staff/signin/callback?code={code}&state={state}")
    assert "integra_staff" not in console.jar, case
    assert r.status_code in (303, 403), case
    if r.status_code == 303:
        assert r.headers["Location"] == "/staff/signin?failed=1"
        assert "No se pudo iniciar sesión con Google" in console.get(r.headers["Location"]).text


def test_a_workspace_account_of_an_allowed_domain_signs_in(console, google):
    query = to_google(console)
    google.claims = {"email": "eva@red.example.org", "hd": "red.example.org", "nonce": query["nonce"]}
    assert console.get(f"/staff/signin/callback?code=good-code&state={query['state']}").status_code == 303
    assert "eva@red.example.org" in console.get("/staff/").text


def test_the_registry_shows_the_name_staff_approved_until_they_approve_a_new_one(console):
    company = pledged(console.api, 1, name="Beta Corp S.A.")
    console.sign_in()
    swapped = f.pledge(company=f.company(rfc=f.rfc(1), name="Otro Nombre Nunca Revisado S.A."), public_listing=True)
    # the name shown to staff goes with the decision: a rename in between refuses it
    assert console.api.submit("/pledges", {**swapped, "submission_id": "test-" + "1" * 32}).status_code == 201
    r = console.post(f"/staff/listings/{company}", {"decision": "approve", "name": "Beta Corp S.A."})
    assert r.status_code == 409 and "cambió su nombre" in r.text
    assert console.post(f"/staff/listings/{company}", {"decision": "approve",
                                                       "name": "Otro Nombre Nunca Revisado S.A."}).status_code == 303
    renamed = f.pledge(company=f.company(rfc=f.rfc(1), name="Casino y Lavado S.A."), public_listing=True,
                       company_token=console.api.company_token(f.rfc(1)))
    assert console.api.submit("/pledges", renamed).status_code == 201
    assert set(registry(console.api, approve=False)) == {"Otro Nombre Nunca Revisado S.A."}  # not the new name
    page = console.get("/staff/listings")
    assert "Nombres por aprobar" in page.text and "Casino y Lavado S.A." in page.text
    assert console.post(f"/staff/listings/{company}", {"decision": "approve_name",
                                                       "name": "Casino y Lavado S.A."}).status_code == 303
    assert set(registry(console.api, approve=False)) == {"Casino y Lavado S.A."}
    unticked = console.post(f"/staff/listings/{company}", {"decision": "withdraw"})
    assert unticked.status_code == 422
    assert console.post(f"/staff/listings/{company}", {"decision": "withdraw", "confirm": "yes"}).status_code == 303
    assert registry(console.api, approve=False) == {}
    assert console.post(f"/staff/listings/{company}", {"decision": "withdraw", "confirm": "yes"}).status_code == 409


def test_odd_links_and_hosts_are_refused_without_an_error(console):
    console.sign_in()
    assert console.get("/staff/mail?done=redriven&n=%C2%B2").status_code == 200  # "²" is no count
    page = console.get("/staff/signin?next=/staff/%E2%98%83")
    assert 'name="next" value="/staff/"' in page.text  # not ASCII: the console's home instead
    rebound = console.api.client.http.get("/staff/companies", headers=console.headers({"Host": "evil.example:8000"}))
    assert rebound.status_code == 403  # a DNS-rebinding page cannot use the password-less stand-in


def test_an_activity_identifier_is_never_reused_and_real_world_rosters_are_read(console):
    pledged(console.api, 1)
    console.sign_in()
    fields = {"activity_id": "taller-1", "title": "Taller", "type": "training", "date": "2026-06-10"}
    assert console.post("/staff/activities", fields).status_code == 303
    again = console.post("/staff/activities", {**fields, "title": "Otra cosa", "date": "2025-01-01"})
    assert again.status_code == 409 and bootstrap.wiring().store.activity("taller-1")["title"] == "Taller"
    from chalicelib.services import activities
    excel_csv = f"Lista de asistencia, junio\n\nNombre;R.F.C.\nJosé Peña;{f.rfc(1)}\n".encode("cp1252")
    rows = activities.rows_from(excel_csv, "text/csv")
    from chalicelib.domain import roster
    assert roster.check(rows) == ([(4, f.rfc(1))], [])  # a title above the header, "R.F.C.", Windows-1252
    assert roster.check([[""], []]) == ([], [(1, "", "roster_empty")])
