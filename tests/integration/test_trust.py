"""Nobody acts as a company that is not theirs: the attacks of the security review, each failing, through the
HTTP API on moto (SQS and SES too)."""
import json
from datetime import timedelta
from urllib.parse import urlsplit

from chalicelib import bootstrap
from tests import factories as f
from tests.helpers import STAFF, aggregate, call, click_confirm, drain_sent, link_from, registry

VICTIM = f.rfc(501)
MALLORY = {"name": "Mallory Visit http://evil.test", "position": "Director", "email": "attacker@evil.test"}


def victim_signs_and_assesses(api, pipeline) -> dict:
    """The real company: its CEO pledges (listed), confirms from the mail; then assesses and confirms."""
    pledge = f.pledge(company=f.company(rfc=VICTIM, name="Víctima Real S.A."), public_listing=True,
                      signatory={"name": "Carla Real", "position": "CEO", "email": "carla@victima.mx"})
    assert api.post("/pledges", pledge).status_code == 201
    [ask] = drain_sent(pipeline)
    assert ask["To"] == "carla@victima.mx" and click_confirm(api, ask)["kind"] == "pledge"
    [welcome] = drain_sent(pipeline)  # the pledge in writing, with the link to the assessment
    assert welcome["To"] == "carla@victima.mx" and "compromiso" in welcome["Subject"]
    body = f.assessment(level=3, company=f.company(rfc=VICTIM, name="Víctima Real S.A."))
    body["contact"] = {"name": "Carla Real", "email": "carla@victima.mx"}
    mine = api.post("/assessments", body).json
    [ask] = drain_sent(pipeline)
    assert ask["To"] == "carla@victima.mx" and click_confirm(api, ask)["id"] == mine["assessment_id"]
    [scorecard] = drain_sent(pipeline)
    assert scorecard["To"] == "carla@victima.mx"
    return mine


def state(api, aws) -> dict:
    store = bootstrap.wiring().store
    company = store.company_for_rfc(VICTIM)
    profile = store.profile(company)
    return {"profile": {k: profile.get(k) for k in ("name", "contact", "signatory", "public_listing", "verified")},
            "year": store.company_years(company)[-1]["assessment_id"], "registry": sorted(registry(api)),
            "national": aggregate(aws, 2026, "national"), "pledges": aggregate(aws, 2026, "st=14")}


def test_a_stranger_who_knows_the_rfc_changes_nothing_and_learns_nothing(api, aws, pipeline):
    victim_signs_and_assesses(api, pipeline)
    before = state(api, aws)
    takeover = f.pledge(company=f.company(rfc=VICTIM, name="EMPRESA CORRUPTA"), signatory=MALLORY,
                        public_listing=True)
    r = api.post("/pledges", takeover)
    assert r.status_code == 201 and r.json["status"] == "pending_confirmation" and r.json["company_id"] is None
    replace = f.assessment(level=0, company=f.company(rfc=VICTIM))
    replace["contact"] = MALLORY
    r = api.post("/assessments", replace)
    assert r.status_code == 201 and r.json["status"] == "pending_confirmation"
    assert r.json["replaces"] is None and r.json["company_id"] is None  # nothing about the company's record
    assert api.post("/company/link", {"rfc": VICTIM, "email": MALLORY["email"]}).status_code == 202
    assert state(api, aws) == before  # name, contact, signatory, listing, registry, the year, the aggregates
    mails = drain_sent(pipeline)
    assert {str(m["To"]) for m in mails} == {"carla@victima.mx"}  # the verified address decides; Mallory gets nothing
    text = mails[0].get_body(("plain",)).get_content()
    assert "EMPRESA CORRUPTA" in text and MALLORY["email"] in text  # told exactly what would change
    # Mallory cannot confirm: a link made out to his address is refused for a company he is not verified for
    assert api.confirm(takeover["submission_id"], MALLORY["email"]).status_code == 403
    assert state(api, aws) == before
    # the CEO ignores the mails: after 14 days the submissions are gone (DynamoDB TTL on the pending records)
    stored = bootstrap.wiring().store.submission(replace["submission_id"])
    assert stored["status"] == "pending" and int(stored["ttl"]) == int((bootstrap.wiring().clock() +
                                                                         timedelta(days=14)).timestamp())


def test_the_verified_address_can_accept_a_colleagues_submission(api, aws, pipeline):
    mine = victim_signs_and_assesses(api, pipeline)
    colleague = f.assessment(level=4, company=f.company(rfc=VICTIM, name="Víctima Real S.A."))
    colleague["contact"] = {"name": "Beto Real", "email": "beto@victima.mx"}
    api.post("/assessments", colleague)
    [ask] = drain_sent(pipeline)
    assert ask["To"] == "carla@victima.mx"
    assert click_confirm(api, ask)["status"] == "confirmed"
    store = bootstrap.wiring().store
    company = store.company_for_rfc(VICTIM)
    assert store.company_years(company)[-1]["assessment_id"] != mine["assessment_id"]  # replaced now
    mails = {str(m["To"]): m for m in drain_sent(pipeline)}
    # the scorecard goes to the verified address; beto@ must confirm himself; carla@ is told the contact changed
    assert set(mails) == {"carla@victima.mx", "beto@victima.mx"}
    assert "/confirm?lang=es&token=a~" in mails["beto@victima.mx"].get_body(("plain",)).get_content()
    assert aggregate(aws, 2026, "national")["o_n"] == 1


def test_a_mail_to_an_unverified_address_carries_no_text_the_submitter_typed(api, pipeline):
    lure = f.pledge(company=f.company(rfc=f.rfc(502), name="ACME S.A."), signatory={
        "name": "AVISO: pague en http://evil.test/pago", "position": "Pague ya http://evil.test",
        "email": "x@victima.mx"})
    api.post("/pledges", lure)
    [mail] = drain_sent(pipeline)
    text = mail.get_body(("plain",)).get_content() + mail.get_body(("html",)).get_content()
    assert "evil.test" not in text and "AVISO" not in text
    assert "ACME S.A." in text and f.rfc(502) in text  # the company's name and RFC only
    assert "ACME" not in str(mail["Subject"]) and "evil" not in str(mail["Subject"])


def test_company_ids_are_random_and_say_nothing_of_the_rfc(api, pipeline):
    first = api.submit("/pledges", f.pledge(company=f.company(rfc=f.rfc(503)))).json["company_id"]
    from chalicelib.adapters.dynamodb import ensure_table
    client = bootstrap.wiring().store.client
    client.delete_table(TableName="integra-test")  # a fresh store
    ensure_table(client, "integra-test")
    second = api.submit("/pledges", f.pledge(company=f.company(rfc=f.rfc(503)))).json["company_id"]
    assert first and second and first != second
    import uuid
    assert uuid.UUID(first).version == 4 and f.rfc(503) not in json.dumps(registry(api))


def test_staff_can_revoke_every_link_of_a_company(staff, pipeline):
    victim_signs_and_assesses(staff, pipeline)
    assert staff.post("/company/link", {"rfc": VICTIM, "email": "carla@victima.mx"}).status_code == 202
    [mail] = drain_sent(pipeline)
    link = urlsplit(link_from(mail))
    page = staff.get(f"{link.path}?{link.query}")
    assert page.status_code == 200
    scorecard = urlsplit(page.json["assessments"][0]["scorecard_url"])
    assert staff.client.http.get(f"{scorecard.path}?{scorecard.query}", headers={"Accept": "*/*"}).status_code == 200
    r = call(staff, "POST", f"/staff/companies/{VICTIM}/links/revoke", headers=STAFF)
    assert r.status_code == 200 and r.json["links_revoked"] is True
    assert staff.get(f"{link.path}?{link.query}").status_code == 403
    assert staff.client.http.get(f"{scorecard.path}?{scorecard.query}", headers={"Accept": "*/*"}).status_code == 403
    audit = call(staff, "GET", "/staff/audit", headers=STAFF).json["entries"]
    assert "links.revoke" in {e["action"] for e in audit}


def test_a_blocked_companys_links_and_result_pages_answer_403(staff, pipeline, clock):
    mine = victim_signs_and_assesses(staff, pipeline)
    store = bootstrap.wiring().store
    company = store.company_for_rfc(VICTIM)
    from chalicelib.services import scorecards
    url = urlsplit(scorecards.scorecard_link(bootstrap.wiring().config, mine["assessment_id"], store.profile(company),
                                             clock.now)[0])
    assert staff.client.http.get(f"{url.path}?{url.query}", headers={"Accept": "*/*"}).status_code == 200
    assert call(staff, "POST", f"/staff/companies/{VICTIM}/block", headers=STAFF).status_code == 200
    assert staff.client.http.get(f"{url.path}?{url.query}", headers={"Accept": "*/*"}).status_code == 403
    assert staff.post("/company/link", {"rfc": VICTIM, "email": "carla@victima.mx"}).status_code == 202
    assert drain_sent(pipeline) == []  # no link for a blocked company


def test_mail_caps_hold_for_what_anyone_can_trigger(api, pipeline):
    victim_signs_and_assesses(api, pipeline)
    for _ in range(12):
        assert api.post("/company/link", {"rfc": VICTIM, "email": "carla@victima.mx"}).status_code == 202
    assert len(drain_sent(pipeline)) == 5  # at most 5 link mails a day to one address
    for _ in range(8):  # a flood of confirmation requests for the company (its verified address gets them) ...
        api.post("/pledges", f.pledge(company=f.company(rfc=VICTIM), signatory=MALLORY))
    assert len(drain_sent(pipeline)) == 3  # ... capped too (5 a day; 2 came with the company's own sign-up)
    for n in range(6):  # plus-addressed variants are one mailbox
        api.post("/pledges", f.pledge(company=f.company(rfc=f.rfc(600 + n)),
                                      signatory={**MALLORY, "email": f"target+{n}@victima.mx"}))
    assert len(drain_sent(pipeline)) == 5
    from chalicelib.services import drafts
    # drafts under one company's RFC, to twelve addresses: each goes to the address that saved it, capped per
    # mailbox only (a company cap would let a stranger silence the company's own saves)
    for n in range(12):
        w = bootstrap.wiring()
        drafts.create(w.store, w.queue, "pledge", "es", f"p{n}@victima.mx", {}, w.clock(), w.config, f.rfc(504))
    assert len(drain_sent(pipeline)) == 12
    for _ in range(7):
        drafts.create(w.store, w.queue, "pledge", "es", "p0@victima.mx", {}, w.clock(), w.config, f.rfc(504))
    assert len(drain_sent(pipeline)) == 4  # that mailbox: 5 a day


def test_drafts_are_exported_and_deleted_with_their_company(staff, pipeline, clock):
    victim_signs_and_assesses(staff, pipeline)
    from chalicelib.services import drafts
    w = bootstrap.wiring()
    draft = drafts.create(w.store, w.queue, "assessment", "es", "carla@victima.mx", {"company.name": ["V"]},
                          w.clock(), w.config, VICTIM)
    exported = call(staff, "GET", f"/staff/companies/{VICTIM}/export", headers=STAFF).json
    assert [d["draft_id"] for d in exported["drafts"]] == [draft["draft_id"]]
    assert call(staff, "POST", f"/staff/companies/{VICTIM}/block", headers=STAFF).status_code == 200
    clock.now += timedelta(days=31)
    assert call(staff, "DELETE", f"/staff/companies/{VICTIM}", headers=STAFF).status_code == 200
    assert w.store.draft(draft["draft_id"]) is None and w.store.company_for_rfc(VICTIM) is None


def test_a_scorecards_progress_holds_only_the_companys_confirmed_history(api, pipeline, clock):
    from tests.helpers import workbook_of
    victim_signs_and_assesses(api, pipeline)  # 2026, all at level 3
    clock.now = clock.now.replace(year=2027)
    stranger = f.assessment(level=0, company=f.company(rfc=VICTIM))
    stranger["contact"] = MALLORY
    api.post("/assessments", stranger)
    drain_sent(pipeline)  # the confirmation request, to carla@, ignored
    body = f.assessment(level=4, company=f.company(rfc=VICTIM, name="Víctima Real S.A."),
                        company_token=api.company_token(VICTIM))
    body["contact"] = {"name": "Carla Real", "email": "carla@victima.mx"}
    assert api.post("/assessments", body).json["status"] == "confirmed"  # her own link: it counts at once
    [mail] = [m for m in drain_sent(pipeline) if m.get_body(("plain",)).get_content().count("scorecard.xlsx")]
    assert mail["To"] == "carla@victima.mx"
    _, wb = workbook_of(mail)
    rows = [r for r in wb["Progreso"].iter_rows(min_row=2, values_only=True) if r[1] == "General"]
    assert rows and rows[0][2:5] == (75, 100, 25)  # 2026 -> 2027: hers only, never the stranger's 0


def test_after_confirming_a_pledge_the_next_step_is_the_companys_own_form(api, pipeline):
    import re
    from urllib.parse import urlencode
    pledge = f.pledge(company=f.company(rfc=f.rfc(505)))
    api.post("/pledges", pledge)
    [ask] = drain_sent(pipeline)
    link = urlsplit(link_from(ask, "/confirm"))
    token = dict(p.split("=", 1) for p in link.query.split("&"))["token"]
    page = api.client.http.post("/confirm?lang=es", headers={"Content-Type": "application/x-www-form-urlencoded"},
                                body=urlencode({"token": token, "lang": "es"})).body.decode()
    assert "Confirmado" in page and "90 días" in page
    found = re.search(r'href="forms/assessment\?lang=es&amp;company=([^"]+)"', page)
    assert found, "no prefilled assessment link on the page"
    company_token = found.group(1)
    assert company_token.split("~")[1].split(".")[0] == token.rsplit("~", 1)[1].split(".")[0]  # same expiry
    body = f.assessment(company=f.company(rfc=f.rfc(505)), company_token=company_token)
    body["contact"]["email"] = pledge["signatory"]["email"]
    assert api.post("/assessments", body).json["status"] == "confirmed"  # no second confirmation mail


def test_an_address_replaced_on_file_is_no_longer_verified(api, pipeline):
    """A leaked link lets a thief put in his address and verify it; once the owner puts hers back (which revokes
    every link), the thief's address counts for nothing: no link, no page, no mail."""
    victim_signs_and_assesses(api, pipeline)
    assert api.post("/company/link", {"rfc": VICTIM, "email": "carla@victima.mx"}).status_code == 202
    leaked = urlsplit(link_from(drain_sent(pipeline)[0]))
    thief = {"name": "Mallory", "email": "thief@evil.test", "position": "CFO"}
    r = api.client.http.put(f"/company/contact?{leaked.query}", headers={"Content-Type": "application/json"},
                            body=json.dumps(thief))
    assert r.status_code == 200
    mails = {str(m["To"]): m for m in drain_sent(pipeline)}
    assert click_confirm(api, mails["thief@evil.test"])["kind"] == "address"  # the thief verifies his address
    assert api.post("/company/link", {"rfc": VICTIM, "email": "carla@victima.mx"}).status_code == 202
    own = urlsplit(link_from([m for m in drain_sent(pipeline) if m["To"] == "carla@victima.mx"][0]))
    carla = {"name": "Carla Real", "email": "carla@victima.mx", "position": "CEO"}
    assert api.client.http.put(f"/company/contact?{own.query}", headers={"Content-Type": "application/json"},
                               body=json.dumps(carla)).status_code == 200
    drain_sent(pipeline)
    assert api.post("/company/link", {"rfc": VICTIM, "email": "thief@evil.test"}).status_code == 202
    assert drain_sent(pipeline) == []  # no longer on file: no longer verified
    profile = bootstrap.wiring().store.profile(bootstrap.wiring().store.company_for_rfc(VICTIM))
    assert profile["verified"] == ["carla@victima.mx"]


def test_address_checks_are_capped_too(api, pipeline):
    """Submissions with the company's own link, alternating the contact, cannot make it mail a stranger
    without end: each change revokes the link, and the checks count against the day's caps."""
    victim_signs_and_assesses(api, pipeline)
    token = api.company_token(VICTIM)
    body = f.assessment(company=f.company(rfc=VICTIM), company_token=token)
    body["contact"] = {"name": "Xavier", "email": "stranger@example.net"}
    r = api.post("/assessments", body)
    assert r.json.get("status") == "confirmed", r.json
    again = f.assessment(company=f.company(rfc=VICTIM), company_token=token)
    again["contact"] = {"name": "Xavier", "email": "carla@victima.mx"}
    assert api.post("/assessments", again).json["status"] == "pending_confirmation"  # that link was revoked
    checks = [m for m in drain_sent(pipeline) if m["To"] == "stranger@example.net"]
    assert len(checks) == 1


def test_confirm_refuses_odd_tokens_with_4xx(api):
    body: object
    for body in ({"token": 5}, {"token": ["x"]}, {"token": {"a": 1}}, {"token": True}, {"token": None}, {}, [],
                 {"token": "s~x~y~1.z"}, {"token": "a~" + "9" * 50}):
        r = api.client.http.post("/confirm", headers={"Content-Type": "application/json"}, body=json.dumps(body))
        assert r.status_code == 403, body
    r = api.client.http.post("/confirm", headers={"Content-Type": "application/json"}, body=b"\xff{")
    assert r.status_code == 403
    assert api.client.http.get("/confirm?token=%C3%A9~x").status_code == 403


def test_a_company_between_addresses_cannot_be_taken_over(api, pipeline):
    """Its only verified address replaced on its own page, the new one not yet confirmed: a stranger's pledge
    under its RFC is mailed to the stranger's address, but that address cannot confirm it."""
    rfc = f.rfc(77)
    owner = f.assessment(company=f.company(rfc=rfc), contact={"name": "Ana", "email": "owner@example.mx"})
    assert api.submit("/assessments", owner).status_code == 201
    r = api.client.http.put(f"/company/contact?token={api.company_token(rfc)}",
                            headers={"Content-Type": "application/json"},
                            body=json.dumps({"name": "Ana", "email": "owner.new@example.mx"}))
    assert r.status_code == 200
    stranger = f.pledge(company=f.company(rfc=rfc, name="Tomada S.A."), public_listing=True,
                        signatory={"name": "Eve", "position": "Directora", "email": "eve@evil.test"})
    assert api.post("/pledges", stranger).status_code == 201
    assert api.confirm(stranger["submission_id"], "eve@evil.test").status_code == 403
    assert registry(api) == {}
    assert api.post("/company/link", {"rfc": rfc, "email": "eve@evil.test"}).status_code == 202
    assert all("eve@evil.test" not in m["To"] or "/company?" not in m.get_body(("plain",)).get_content()
               for m in drain_sent(pipeline))  # no company link for the stranger


def test_a_blocked_companys_pending_confirmation_link_opens_a_refusal(staff, pipeline):
    victim_signs_and_assesses(staff, pipeline)
    pending = f.assessment(company=f.company(rfc=VICTIM), contact={"name": "Carla", "email": "carla@victima.mx"})
    assert staff.post("/assessments", pending).json["status"] == "pending_confirmation"
    [mail] = [m for m in drain_sent(pipeline) if "/confirm" in m.get_body(("plain",)).get_content()]
    link = urlsplit(link_from(mail, "/confirm"))
    assert staff.client.http.get(f"{link.path}?{link.query}").status_code == 200  # before: the button
    assert call(staff, "POST", f"/staff/companies/{VICTIM}/block", headers=STAFF).status_code == 200
    page = staff.client.http.get(f"{link.path}?{link.query}")
    assert page.status_code == 403 and b"Confirmar</button>" not in page.body


def test_a_pledge_confirmed_after_this_years_assessment_points_to_the_companys_page(api, pipeline):
    from urllib.parse import urlencode
    assert api.submit("/assessments", f.assessment(company=f.company(rfc=f.rfc(506)))).status_code == 201
    drain_sent(pipeline)
    api.post("/pledges", f.pledge(company=f.company(rfc=f.rfc(506)), signatory={
        "name": "Ana Pérez", "position": "Directora General", "email": "ana@example.mx"}))
    [ask] = [m for m in drain_sent(pipeline) if "/confirm" in m.get_body(("plain",)).get_content()]
    token = dict(p.split("=", 1) for p in urlsplit(link_from(ask, "/confirm")).query.split("&"))["token"]
    page = api.client.http.post("/confirm?lang=es", headers={"Content-Type": "application/x-www-form-urlencoded"},
                                body=urlencode({"token": token, "lang": "es"})).body.decode()
    assert "ya hizo la autoevaluación de este año" in page and 'href="company?lang=es&amp;token=' in page
    assert "forms/assessment" not in page


def test_a_pledges_result_link_never_mints_a_company_link(staff, pipeline, clock):
    api = staff
    """Second look (an attacker): a pledge sent with the company's link must not make its result page a source of
    fresh company links that outlive a revocation."""
    import json
    from urllib.parse import parse_qs, urlencode, urljoin

    from tests.helpers import Doc, fields, get
    rfc = f.rfc(509)
    assert api.submit("/assessments", f.assessment(company=f.company(rfc=rfc))).status_code == 201
    own = api.company_token(rfc)
    doc = Doc(get(api, f"/forms/pledge?lang=es&company={own}").text)
    ana = {"name": "Ana Pérez", "position": "Directora General", "email": "ana@example.mx"}  # on file already
    pairs = fields(f.pledge(submission_id=doc.value("submission_id"), company=f.company(rfc=rfc), signatory=ana)) + \
        [("form_token", doc.value("form_token")), ("company_token", own)]
    clock.now += timedelta(seconds=30)
    r = api.client.http.post("/forms/pledge?lang=es", body=urlencode(pairs), headers={
        "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"})
    answer = json.loads(r.body)
    assert answer["result"]["status"] == "confirmed" and "&company=" in answer["redirect"], answer
    url = urljoin("/forms/pledge", answer["redirect"])
    links = [a["href"] for a in Doc(get(api, url).text).find("a") if "assessment?" in a.get("href", "")]
    assert [parse_qs(urlsplit(h).query).get("company") for h in links] == [[own]]  # the same link, not a new one
    assert call(api, "POST", f"/staff/companies/{rfc}/links/revoke", headers=STAFF).status_code == 200
    links = [a["href"] for a in Doc(get(api, url).text).find("a") if "assessment?" in a.get("href", "")]
    assert links and not any("company=" in h for h in links)  # revoked: only the plain form
    forged = url.split("&company=")[0] + "&company=" + f.tamper(own)
    assert not any("company=" in a.get("href", "") for a in Doc(get(api, forged).text).find("a"))


def test_a_pending_result_page_says_nothing_of_a_blocked_company(staff, pipeline):
    api = staff
    """Second look (an attacker): a stranger's pending submission under a blocked company's RFC gets its result
    page like any other, so the page does not tell who asked to be blocked."""
    import json
    from urllib.parse import urljoin

    from tests.helpers import get
    rfc = f.rfc(510)
    assert api.submit("/assessments", f.assessment(company=f.company(rfc=rfc))).status_code == 201
    assert call(api, "POST", f"/staff/companies/{rfc}/block", headers=STAFF).status_code == 200
    from chalicelib.api import forms_http
    pending = f.assessment(company=f.company(rfc=rfc))
    pending["contact"] = MALLORY
    assert api.post("/assessments", pending).json["status"] == "pending_confirmation"
    fresh = f.assessment(company=f.company(rfc=f.rfc(511)))
    assert api.post("/assessments", fresh).json["status"] == "pending_confirmation"
    pages = [get(api, urljoin("/forms/x", forms_http._result_url(b["submission_id"], "es"))) for b in (pending, fresh)]
    assert [p.status_code for p in pages] == [200, 200]
    assert json.dumps(pages[0].text).count("Revise su correo") == 1


def test_a_pledges_conversion_counts_by_cohort_and_leaves_with_the_company(staff, clock):
    """A pledged company's first assessment adds one conversion (and how many days it took) to its pledge cohorts
    of the year; blocking the company takes it back out."""
    api, rfc = staff, f.rfc(512)
    assert api.submit("/pledges", f.pledge(company=f.company(rfc=rfc))).status_code == 201
    clock.now += timedelta(days=40)
    assert api.submit("/assessments", f.assessment(company=f.company(rfc=rfc))).status_code == 201
    live = bootstrap.wiring().store.aggregate_items()[0]
    for key in ("national", "st=14", "sz=pequena", "sc=54"):
        assert live[(2026, "-", key)]["converted"] == 1 and live[(2026, "-", key)]["d2a_60"] == 1, key
    assert call(api, "POST", f"/staff/companies/{rfc}/block", headers=STAFF).status_code == 200
    live = bootstrap.wiring().store.aggregate_items()[0]
    assert all(live[(2026, "-", key)].get("converted", 0) == 0 for key in ("national", "st=14"))


def test_the_years_training_figures_by_state_and_size_leave_with_the_company(staff):
    api, rfc = staff, f.rfc(513)
    assert api.submit("/assessments", f.assessment(company=f.company(rfc=rfc))).status_code == 201
    for n in (1, 2):  # two trainings in one year: two attendances, one company trained
        assert call(api, "POST", "/staff/activities", {"activity_id": f"t-{n}", "title": "Taller de integridad",
                                                     "type": "training", "date": "2026-05-0" + str(n)},
                    STAFF).status_code in (200, 201)
        roster = f"rfc\n{rfc}\n".encode()
        r = api.client.http.post(f"/staff/activities/t-{n}/attendance", body=roster,
                                 headers={**STAFF, "Content-Type": "text/csv"})
        assert r.status_code == 200, r.body
    live = bootstrap.wiring().store.aggregate_items()[0]
    for key in ("national", "st=14", "sz=pequena"):
        assert (live[(2026, "-", key)]["attendances"], live[(2026, "-", key)]["trained"]) == (2, 1), key
    assert call(api, "POST", f"/staff/companies/{rfc}/block", headers=STAFF).status_code == 200
    live = bootstrap.wiring().store.aggregate_items()[0]
    assert live[(2026, "-", "st=14")].get("attendances", 0) == live[(2026, "-", "st=14")].get("trained", 0) == 0
