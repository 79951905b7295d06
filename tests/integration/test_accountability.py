"""Accountability through the HTTP API on moto: registry, rosters, reminders, self-service links, staff access,
ARCO (export, rectify, block -> delete) and the audit log."""
import csv
import dataclasses
import io
import json
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from openpyxl import Workbook, load_workbook

from chalicelib import bootstrap
from chalicelib import jobs as worker
from chalicelib.services import common
from tests import factories as f
from tests.helpers import STAFF, TOKEN, Doc, call, click_confirm, drain_sent, link_from, registry


def pledge(api, n, public=True, **over):
    body = f.pledge(company=f.company(rfc=f.rfc(n), name=f"Empresa {n:03d} S.A."), public_listing=public, **over)
    r = api.submit("/pledges", body)
    assert r.status_code == 201, r.json
    return body


def assess(api, n, level=3, **over):
    body = f.assessment(level=level, company=f.company(rfc=f.rfc(n), name=f"Empresa {n:03d} S.A."), **over)
    r = api.submit("/assessments", body)
    assert r.status_code == 201, r.json
    return r.json


STAFF_ROUTES = [("POST", "/staff/activities"), ("POST", "/staff/activities/x/attendance"),
                ("POST", "/staff/scorecards/redrive"), ("POST", "/staff/dashboard/sync"),
                ("GET", "/staff/companies/MAB9307148T4/export"), ("PUT", "/staff/companies/MAB9307148T4/contact"),
                ("POST", "/staff/companies/MAB9307148T4/block"), ("DELETE", "/staff/companies/MAB9307148T4"),
                ("POST", "/staff/benchmarks/snapshot"), ("GET", "/staff/audit")]


def test_staff_endpoints_refuse_without_or_with_wrong_credentials(staff):
    for method, path in STAFF_ROUTES:
        assert call(staff, method, path, {}).status_code == 401, path
        assert call(staff, method, path, {}, {"Authorization": "Bearer wrong"}).status_code == 403, path
        assert call(staff, method, path, {}, {"x-api-key": "wrong"}).status_code == 403, path
    assert call(staff, "GET", "/staff/audit", headers=STAFF).status_code == 200
    assert call(staff, "GET", "/staff/audit", headers={"Accept-Language": "en"}).json["error"]["message"].startswith(
        "Staff credentials are missing")


def test_without_configured_staff_credentials_everything_is_refused(api):
    for method, path in STAFF_ROUTES:
        assert call(api, method, path, {}, STAFF).status_code == 403, path  # a token nobody holds
        assert call(api, method, path, {}).status_code == 401, path


def test_registry_shows_opted_in_companies_and_their_standing(api, clock):
    pledge(api, 1, public=True)
    pledge(api, 2, public=False)
    pledge(api, 3, public=True)
    assess(api, 3)
    assert registry(api, approve=False) == {}  # a first listing waits for a staff member's approval
    listed = registry(api)
    assert set(listed) == {"Empresa 001 S.A.", "Empresa 003 S.A."}
    assert listed["Empresa 001 S.A."]["assessment"] == "due" and listed["Empresa 003 S.A."]["assessment"] == "yes"
    assert all(c["pledge"] == "active" and c["trainings_this_year"] == 0 for c in listed.values())
    text = str(api.get("/registry").json)
    assert "overall" not in text and "@" not in text and f.rfc(1) not in text  # no scores, no personal data
    clock.now += timedelta(days=91)
    assert registry(api)["Empresa 001 S.A."]["assessment"] == "overdue"
    clock.now += timedelta(days=300)  # past renew_by, not renewed
    assert registry(api)["Empresa 003 S.A."]["pledge"] == "lapsed"
    pledge(api, 3, public=False)  # renewed, but no longer wants to be listed
    assert set(registry(api)) == {"Empresa 001 S.A."}
    page = api.client.http.get("/forms/registry?lang=en")
    assert page.status_code == 200 and b"Empresa 001 S.A." in page.body and b"Overdue" in page.body


def test_roster_import_keeps_good_rows_and_reports_bad_ones(staff, clock):
    pledge(staff, 11, public=True)
    r = call(staff, "POST", "/staff/activities", {"activity_id": "taller-2026-06", "title": "Taller de integridad",
                                                  "type": "training", "date": "2026-06-10", "topics": ["D8"]}, STAFF)
    assert r.status_code == 201
    assert call(staff, "POST", "/staff/activities", {"activity_id": "x", "title": "Mal", "type": "training",
                                                     "date": "2026-13-01", "topics": ["D99"]}, STAFF).status_code == 422
    out = io.StringIO()
    w = csv.writer(out)
    w.writerows([["Nombre", "RFC"], ["Empresa 11", f.rfc(11)], ["Mala", "XYZ123"], ["Repetida", f.rfc(11).lower()],
                 ["Otra", f.rfc(12)], ["", ""]])
    r = call(staff, "POST", "/staff/activities/taller-2026-06/attendance", out.getvalue(), STAFF, "text/csv")
    assert r.status_code == 200, r.body
    assert r.json["accepted"] == 2 and [(x["row"], x["code"]) for x in r.json["rejected"]] == \
        [(3, "rfc_invalid"), (4, "roster_duplicate")]
    assert r.json["rejected"][0]["message"].startswith("El RFC no es válido")
    # the same people again, as a workbook: nothing counts twice
    wb = Workbook()
    wb.active.append(["rfc"])
    for n in (11, 12):
        wb.active.append([f.rfc(n)])
    buffer = io.BytesIO()
    wb.save(buffer)
    r = call(staff, "POST", "/staff/activities/taller-2026-06/attendance", buffer.getvalue(), STAFF,
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert r.json["accepted"] == 0 and r.json["already_recorded"] == 2
    assert call(staff, "POST", "/staff/activities/nope/attendance", "rfc\n", STAFF, "text/csv").status_code == 404
    assert registry(staff)["Empresa 011 S.A."]["trainings_this_year"] == 1
    kpi = bootstrap.wiring().store.kpi_totals()
    assert kpi["attendances"] == 2 and kpi["companies_trained"] == 2
    from chalicelib.services import dashboard
    grids = dashboard.grids(bootstrap.wiring().store, clock.now, 2026, 90)
    rows = {row[0]: row[1] for row in grids["Resumen"] if len(row) == 2}
    assert rows["Asistencias a capacitaciones y actividades"] == 2 and rows["Empresas capacitadas"] == 2


def test_reminders_fire_once_on_the_right_day(api, clock, pipeline):
    start = clock.now
    pledge(api, 21, lang="en", signatory={"name": "Luis Gómez", "position": "CEO", "email": "luis@example.mx"})
    pledge(api, 22)
    assess(api, 22)  # assessed at once: no first-assessment reminder for this one
    drain_sent(pipeline)  # its scorecard
    clock.now = start + timedelta(days=89)
    assert worker.daily()["reminders"] == 0
    clock.now = start + timedelta(days=90)
    assert worker.daily()["reminders"] == 1
    [mail] = drain_sent(pipeline)
    assert mail["To"] == "luis@example.mx" and mail["Subject"].startswith("Your integrity self-assessment is due")
    assert "/forms/assessment?lang=en&company=" in mail.get_body(("plain",)).get_content()
    assert worker.daily()["reminders"] == 0 and drain_sent(pipeline) == []  # once
    clock.now = common.from_iso("2027-05-15T12:00:00Z")  # 11 months after company 22's assessment
    assert worker.daily()["reminders"] == 1
    [mail] = drain_sent(pipeline)
    assert mail["Subject"].startswith("Es momento de su autoevaluación anual")
    clock.now = start + timedelta(days=335)  # renew_by - 30 days, for both pledges
    assert worker.daily()["reminders"] == 2
    subjects = sorted(str(m["Subject"]) for m in drain_sent(pipeline))
    assert subjects[0].startswith("Renew your integrity pledge") and subjects[1].startswith("Renueve su compromiso")
    assert worker.daily()["reminders"] == 0


def test_self_service_link_by_rfc_and_email(api, clock, pipeline):
    pledge(api, 31)  # confirmed by the signatory, luis@: the company's first verified address
    first = assess(api, 31, level=2)  # its contact, ana@, is new: asked to confirm herself
    mails = drain_sent(pipeline)
    [check] = [m for m in mails if m["To"] == "ana@example.mx"]
    assert all(m["To"] == "luis@example.mx" for m in mails if m is not check)  # the scorecard: verified only
    assert click_confirm(api, check) == {"status": "confirmed", "kind": "address", "id": first["company_id"]}
    clock.now += timedelta(days=366)
    assess(api, 31, level=3)
    drain_sent(pipeline)
    answers = [api.post("/company/link", {"rfc": rfc, "email": email}) for rfc, email in
               ((f.rfc(31), "ANA@example.mx"), (f.rfc(31), "other@example.mx"), (f.rfc(32), "ana@example.mx"))]
    assert [r.status_code for r in answers] == [202] * 3 and len({str(r.json) for r in answers}) == 1
    [mail] = drain_sent(pipeline)  # only the matching request sends anything
    assert mail["To"] == "ANA@example.mx"
    link = urlsplit(link_from(mail))
    path = f"{link.path}?{link.query}"
    view = api.get(path).json
    assert [a["year"] for a in view["assessments"]] == [2026, 2027]
    assert view["assessments"][0]["assessment_id"] == first["assessment_id"]
    assert view["assessments"][1]["change"] == pytest.approx(25.0)
    assert "token=" in view["assessments"][0]["scorecard_url"] and "company=" in view["links"]["start_assessment"]
    html = api.client.http.get(path, headers={"Accept": "text/html"})
    assert html.status_code == 200 and b"Empresa 031 S.A." in html.body and b"+25" in html.body
    token = dict(p.split("=", 1) for p in link.query.split("&"))["token"]
    expires = int(token.split("~")[1].split(".")[0])
    # nothing reached by the link outlives it: the prefill link and the scorecard links expire with it
    assert view["links_expire_at"] == common.iso(common.from_timestamp(expires))
    start = urlsplit(view["links"]["start_assessment"])
    assert f"company={token}" in start.query
    assert all(f"token={expires}." in a["scorecard_url"] for a in view["assessments"])
    form = api.client.http.get(f"{start.path}?{start.query}")
    assert form.status_code == 200 and f.rfc(31).encode() in form.body  # prefilled from the profile
    assert f'name="company_token" value="{token}"'.encode() in form.body  # the form acts for the company
    company, _, signed = token.partition("~")
    assert company == first["company_id"]
    other = api.submit("/pledges", f.pledge(company=f.company(rfc=f.rfc(32)))).json["company_id"]
    assert api.get(f"/company?token={other}~{signed}").status_code == 403  # not reusable for another company
    assert api.get(f"/company?token={f.tamper(token)}").status_code == 403
    assert api.get("/company").status_code == 403
    later = clock.now
    clock.now = common.from_timestamp(expires - 1)  # the self-service link lasts 7 days, to the second
    assert api.get(path).status_code == 200
    clock.now = common.from_timestamp(expires)
    assert api.get(path).status_code == 403
    clock.now = later
    drain_sent(pipeline)
    r = api.client.http.put(f"/company/contact?token={token}", headers={"Content-Type": "application/json"},
                            body='{"name": "Ana Pérez", "email": "ana.nueva@example.mx", "position": "CFO"}')
    assert r.status_code == 200 and json.loads(r.body)["links_revoked"] is True
    assert api.get(path).status_code == 403  # a contact change revokes every earlier link, this one too
    mails = {str(m["To"]): m for m in drain_sent(pipeline)}
    assert set(mails) == {"ana.nueva@example.mx", "luis@example.mx", "ana@example.mx"}  # verify; notice to before
    assert "ana.nueva@example.mx" in mails["luis@example.mx"].get_body(("plain",)).get_content()
    assert click_confirm(api, mails["ana.nueva@example.mx"])["kind"] == "address"
    assert api.post("/company/link", {"rfc": f.rfc(31), "email": "ana.nueva@example.mx"}).status_code == 202
    [mail] = drain_sent(pipeline)
    fresh = urlsplit(link_from(mail))
    from urllib.parse import urlencode
    mistake = api.client.http.post(f"/company/contact?lang=es&{fresh.query}",
                                   headers={"Content-Type": "application/x-www-form-urlencoded"},
                                   body=urlencode({"contact.name": "Ana P.", "contact.email": "ana@example"}))
    page = Doc(mistake.body.decode())  # the page again: the form as typed, the error beside its field
    assert mistake.status_code == 422 and page.value("contact.name") == "Ana P."
    assert page.value("contact.email") == "ana@example" and "no es válido" in page.text_of("err")
    assert page.find("a", href="#contact.email") and "Correo electrónico" in " ".join(page.text)
    assert bootstrap.wiring().store.profile(company)["contact"]["name"] != "Ana P."  # nothing changed
    form = api.client.http.post(f"/company/contact?lang=es&{fresh.query}",
                                headers={"Content-Type": "application/x-www-form-urlencoded"},
                                body=urlencode({"contact.name": "Ana P.", "contact.email": "ana.nueva@example.mx"}))
    assert form.status_code == 200 and "dejaron de funcionar" in form.body.decode()
    assert bootstrap.wiring().store.profile(company)["contact"]["name"] == "Ana P."
    bad = api.client.http.post(f"/company/contact?lang=es&{fresh.query}",
                               headers={"Content-Type": "application/x-www-form-urlencoded"},
                               body=urlencode({"contact.name": "A", "contact.<b>x": "1"}))
    assert bad.status_code == 403 and b"<b>x" not in bad.body  # that link too is revoked now


def counters(store, years):
    """Every live counter of those years (non-zero, the change counts aside) and the all-time KPIs."""
    out: dict = {y: {} for y in years}
    for (year, version, key), agg in store.aggregate_items()[0].items():
        kept = {c: v for c, v in agg.items() if v != 0 and c != "chg"}
        if year in out and kept:
            out[year][(version, key)] = kept
    out["kpi"] = {c: v for c, v in store.kpi_totals().items() if v != 0}
    return out


def test_block_subtracts_exactly_then_delete_after_the_period(staff, clock):
    store = bootstrap.wiring().store
    pledge(staff, 41)
    assess(staff, 41, level=2)
    before = counters(store, [2026, 2027])
    pledge(staff, 42, public=True)
    assess(staff, 42, level=4)
    clock.now += timedelta(days=366)
    pledge(staff, 42, public=True)
    assess(staff, 42, level=1)
    call(staff, "POST", "/staff/activities", {"activity_id": "foro-1", "title": "Foro", "type": "activity",
                                              "date": "2027-06-01"}, STAFF)
    call(staff, "POST", "/staff/activities/foro-1/attendance", {"rfcs": [f.rfc(42)]}, STAFF)
    assert counters(store, [2026, 2027]) != before
    rfc = f.rfc(42)
    exported = call(staff, "GET", f"/staff/companies/{rfc}/export", headers=STAFF).json
    assert len(exported["assessments"]) == 2 and len(exported["pledges"]) == 2 and exported["attendance"]
    assert len(exported["submissions"]) == 4 and len(exported["scorecard_jobs"]) == 2  # with where mail went
    assert all(job["to"] for job in exported["scorecard_jobs"])
    assert exported["profile"]["contact"]["email"] == "ana@example.mx"
    book = load_workbook(io.BytesIO(call(staff, "GET", f"/staff/companies/{rfc}/export?format=xlsx",
                                         headers={**STAFF, "Accept": "*/*"}).body))
    assert book.sheetnames == ["profile", "pledges", "assessments", "submissions", "scorecard_jobs", "attendance",
                               "reminders", "pending", "drafts"]
    r = call(staff, "PUT", f"/staff/companies/{rfc}/contact", {"contact": {"email": "rectificado@example.mx"}}, STAFF)
    assert r.status_code == 200 and store.profile(store.company_for_rfc(rfc))["contact"]["email"] == \
        "rectificado@example.mx"

    r = call(staff, "POST", f"/staff/companies/{rfc}/block", headers=STAFF)
    assert r.status_code == 200, r.json
    assert counters(store, [2026, 2027]) == before  # back exactly
    assert "Empresa 042 S.A." not in registry(staff)
    # a blocked company's submission answers as any stranger's would (nothing says it asked for cancellation),
    # and is never applied, not even by a confirmation from its verified address
    blocked_try = f.assessment(company=f.company(rfc=rfc))
    r = staff.post("/assessments", blocked_try)
    assert r.status_code == 201 and r.json["status"] == "pending_confirmation" and r.json["company_id"] is None
    assert staff.confirm(blocked_try["submission_id"], "ana@example.mx").status_code == 403
    assert counters(store, [2026, 2027]) == before
    assert call(staff, "POST", f"/staff/companies/{rfc}/block", headers=STAFF).status_code == 409
    assert worker.daily()["deleted"] == 0
    assert call(staff, "DELETE", f"/staff/companies/{rfc}", headers=STAFF).status_code == 409  # still blocked
    clock.now += timedelta(days=31)
    r = call(staff, "DELETE", f"/staff/companies/{rfc}", headers=STAFF)
    assert r.status_code == 200 and r.json["deleted_records"] > 8
    assert call(staff, "GET", f"/staff/companies/{rfc}/export", headers=STAFF).status_code == 404
    for record in exported["assessments"]:  # the records themselves, not just the company's index of them
        assert store.assessment(record["assessment_id"]) is None
        assert store.submission(record["submission_id"]) is None
        assert store.scorecard_context(record["assessment_id"]) is None
    assert counters(store, [2026, 2027]) == before
    audit = call(staff, "GET", f"/staff/audit?month={clock.now:%Y-%m}", headers=STAFF).json["entries"]
    assert [e["action"] for e in audit] == ["arco.delete"] and audit[0]["who"] == "ana.staff"
    earlier = call(staff, "GET", "/staff/audit?month=2027-06", headers=STAFF).json["entries"]
    assert {e["action"] for e in earlier} >= {"activity.save", "arco.export", "arco.rectify", "arco.block"}


def test_a_replay_after_the_company_is_blocked_returns_the_stored_result(staff):
    body = f.assessment(company=f.company(rfc=f.rfc(43)))
    first = staff.submit("/assessments", body)
    assert first.status_code == 201
    assert call(staff, "POST", f"/staff/companies/{f.rfc(43)}/block", headers=STAFF).status_code == 200
    again = staff.post("/assessments", body)  # a retry of what was sent before the block: nothing new is written
    assert again.status_code == 200 and again.json == first.pending


def test_arco_export_keeps_formula_like_text_as_text(staff):
    import zipfile

    from tests.helpers import INJECTIONS
    body = f.assessment(company=f.company(rfc=f.rfc(44), name=INJECTIONS[0]))
    body["contact"]["name"] = INJECTIONS[1]
    assert staff.submit("/assessments", body).status_code == 201
    raw = call(staff,
               "GET", f"/staff/companies/{f.rfc(44)}/export?format=xlsx", headers={**STAFF, "Accept": "*/*"}).body
    book = load_workbook(io.BytesIO(raw))
    cells = [c for ws in book for row in ws.iter_rows(min_row=2) for c in row[2:]]
    assert any(c.value == INJECTIONS[0] for c in cells) and any(INJECTIONS[1] in str(c.value) for c in cells)
    assert all(c.data_type == "s" for c in cells if c.value is not None)
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        assert not any("<f>" in z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))


def test_public_endpoints_are_rate_limited_per_client_in_the_local_run(api):
    from chalicelib.api import ratelimit
    w = bootstrap.wiring()
    bootstrap.override(config=dataclasses.replace(w.config, rate_limit_per_minute=3,
                                                  staff_tokens=(("ana.staff", TOKEN),)))
    ratelimit._limiter = None
    statuses = [api.client.http.get("/registry").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = api.client.http.get("/questionnaire", headers={"Accept-Language": "en"})
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
    assert b"Too many requests" in limited.body
    assert call(api, "GET", "/staff/audit", headers=STAFF).status_code == 200  # staff: not limited
    ratelimit._limiter = None


def test_limiter_refills_with_time():
    from chalicelib.api.ratelimit import Limiter
    now = [0.0]
    limiter = Limiter(60, clock=lambda: now[0])  # one a second, bursts of 60
    assert all(limiter.wait("a") == 0 for _ in range(60))
    assert limiter.wait("a") == pytest.approx(1.0) and limiter.wait("b") == 0
    now[0] += 1.0
    assert limiter.wait("a") == 0


def test_an_rfc_with_only_a_pending_submission_is_named_in_its_export_and_the_audit_log(staff):
    rfc = f.rfc(88)
    assert staff.post("/pledges", f.pledge(company=f.company(rfc=rfc))).status_code == 201  # never confirmed
    r = call(staff, "GET", f"/staff/companies/{rfc}/export?format=xlsx", headers={**STAFF, "Accept": "*/*"})
    assert r.status_code == 200 and f"integra-arco-{rfc}-2026-06-15.xlsx" in r.headers["Content-Disposition"]
    entries = call(staff, "GET", "/staff/audit", headers=STAFF).json["entries"]
    assert (entries[-1]["action"], entries[-1]["target"]) == ("arco.export", rfc)
