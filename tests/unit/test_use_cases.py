"""Every use case on the fakes of its ports (tests/fakes.py), wired at the one bootstrap: pledges and assessments
(pending, confirmed, replayed, refused), the mail jobs, reminders, the registry, rosters, ARCO, the audit log,
snapshots, benchmarks, drafts, the company's own page and the dashboard. No AWS, no HTTP: milliseconds each.

The same promises of the store are checked on DynamoDB (moto) by tests/integration/test_store_contract.py, and
the HTTP side by the rest of tests/integration.
"""
import json
from datetime import timedelta

import pytest

from chalicelib import bootstrap, catalogue, jobs
from chalicelib.api import validation
from chalicelib.domain.cohorts import Cohort
from chalicelib.services import (
    activities,
    arco,
    assessments,
    audit,
    benchmarks,
    confirmations,
    dashboard,
    drafts,
    listings,
    pledges,
    registry,
    reminders,
    selfservice,
    snapshots,
    staff_access,
)
from chalicelib.services.errors import (
    AlreadyBlocked,
    AlreadyConfirmed,
    Busy,
    NotDeletable,
    NothingChanged,
    NotUnderReview,
    Refused,
    ReplacedToday,
    SnapshotRunning,
    SubmissionConflict,
    Superseded,
    UnknownCompany,
)
from chalicelib.services.ports import WriteConflict
from tests import factories as f
from tests.fakes import FakeMailer, FakeQueue, FakeSink, FakeStore
from tests.helpers import Clock


@pytest.fixture
def w():
    """The service wired on fakes: what AWS (or the local run) would be, in memory."""
    bootstrap.reset()
    bootstrap.override(store=FakeStore(), queue=FakeQueue(), mailer=FakeMailer(), clock=Clock(),
                       dashboard_sink=FakeSink())
    yield bootstrap.wiring()
    bootstrap.reset()


def work(w) -> list:
    """Deliver every queued mail job to the worker, as the queue would, until none is left."""
    outcomes = []
    while w.queue.sent:
        for job in w.queue.take():
            outcomes.append(jobs.handle_message(json.dumps(job), 1, None))
    return outcomes


def pledge(w, body=None, token=None):
    payload = validation.pledge(body or f.pledge(), "es")
    return pledges.submit(w.store, payload, w.clock(), True, w.config.first_assessment_days, w.config, w.queue,
                          token)


def assess(w, body=None, token=None):
    payload, cat = validation.assessment(body or f.assessment(), "es")
    return assessments.submit(w.store, payload, cat, w.clock(), True, queue=w.queue, cfg=w.config,
                              company_token=token)


def confirm(w, submission_id: str, email: str | None = None, stored: dict | None = None) -> str:
    """What a click on the mailed link does: apply the pending submission, as confirmed by `email`."""
    stored = stored or w.store.submission(submission_id)
    data = json.loads(stored["payload"])
    if stored["kind"] == "pledge":
        payload = validation.pledge(data, "es")
        return pledges.confirm(w.store, payload, stored, email or data["signatory"]["email"], w.clock(),
                               w.config.first_assessment_days, w.queue)
    payload, cat = validation.assessment(data, "es")
    return assessments.confirm(w.store, payload, cat, stored, email or data["contact"]["email"], w.clock(), w.queue)


def company_of(w, rfc=f.VALID_RFC) -> str:
    return w.store.company_for_rfc(rfc)


def signed_up(w, public=False, rfc=f.VALID_RFC, email="luis@example.mx") -> str:
    """A company that pledged and confirmed: its id."""
    body = f.pledge(company=f.company(rfc=rfc), public_listing=public,
                    signatory={"name": "Luis Gómez", "position": "Director General", "email": email})
    pledge(w, body)
    assert work(w)[-1] == "sent"  # the confirmation request (after whatever else was waiting)
    confirm(w, body["submission_id"])
    assert work(w) == ["sent"]  # the pledge in writing
    return company_of(w, rfc)


def link(w, company: str) -> str:
    """The company's own link as of now (every change of contact revokes the earlier ones)."""
    return selfservice.new_token(w.config, company, w.store.profile(company), w.clock())


# ---- pledges ----

def test_the_signed_pledge_is_mailed_with_its_commitments_renewal_listing_and_next_step(w):
    company = signed_up(w, public=True)
    mail = w.mailer.messages()[-1]
    text = mail.get_body(("plain",)).get_content()
    assert mail["To"] == "luis@example.mx" and "quedó registrado" in mail["Subject"]
    assert all(f"{n}. " in text for n in range(1, len(catalogue.current().pledge_commitments) + 1))
    assert "15 de junio de 2027" in text and "en cuanto el equipo de la Red revise su primera inscripción" in text
    link = next(word for word in text.split() if "/forms/assessment?" in word)
    token = link.split("company=")[1]
    assert selfservice.expiry(w.config, token, w.store.profile(company), w.clock())  # its own link: prefilled
    arco.block(w.store, company, w.clock())
    w.queue.send({"kind": "pledged", "company_id": company, "pledge_id": "x"})
    assert work(w) == ["nothing to send"]


def test_a_pledge_waits_for_its_confirmation_then_counts_once(w):
    body = f.pledge(public_listing=True)
    out = pledge(w, body)
    assert out.body["status"] == "pending_confirmation" and not out.replayed
    assert company_of(w) is None and w.store.kpi_totals() == {}  # nothing shared moved yet
    assert work(w) == ["sent"] and "luis@example.mx" in w.mailer.outbox[0]["to"]
    again = pledge(w, body)
    assert again.replayed and again.body == out.body
    with pytest.raises(SubmissionConflict):
        pledge(w, {**body, "public_listing": False})
    pending = w.store.submission(body["submission_id"])
    confirm(w, body["submission_id"])
    company = company_of(w)
    assert w.store.kpi_totals() == {"pledged_companies": 1}
    assert w.store.profile(company)["verified"] == ["luis@example.mx"]
    assert w.store.registry_profiles() == [] and w.store.listings_to_review() == [company]  # staff approve it first
    with pytest.raises(AlreadyConfirmed):  # a second click that read the record before the first one wrote
        confirm(w, body["submission_id"], stored=pending)
    assert w.store.kpi_totals() == {"pledged_companies": 1}


def test_a_pledge_from_someone_else_than_the_verified_address_is_refused(w):
    signed_up(w)
    body = f.pledge(signatory={"name": "Mallory", "position": "Directora", "email": "mallory@evil.test"})
    pledge(w, body)
    with pytest.raises(Refused):
        confirm(w, body["submission_id"], "mallory@evil.test")


def test_with_the_company_link_a_pledge_counts_at_once(w):
    company = signed_up(w)
    token = link(w, company)
    out = pledge(w, f.pledge(public_listing=True), token=token)
    assert out.body["status"] == "confirmed" and company_of(w) == company
    assert w.store.kpi_totals() == {"pledged_companies": 1}  # the same company, counted once


def test_writes_that_keep_conflicting_end_in_busy(w):
    class Contended(FakeStore):
        def save_pledge(self, write):
            raise WriteConflict()
    company = signed_up(w)
    token = link(w, company)
    contended = Contended()
    contended.__dict__.update(w.store.__dict__)
    bootstrap.override(store=contended)
    with pytest.raises(Busy):
        pledge(w, token=token)


# ---- assessments ----

def test_an_assessment_is_scored_kept_aside_then_saved_with_its_scorecard_job(w):
    body = f.assessment(level=3)
    out = assess(w, body)
    assert out.body["status"] == "pending_confirmation" and out.body["score"]["overall"] == 75.0
    assert out.body["benchmark"]["suppressed"]  # a pending submission gets no peer figures
    assert w.store.assessment(out.body["assessment_id"]) is None
    assert work(w) == ["sent"]  # the confirmation request
    assessment_id = confirm(w, body["submission_id"])
    assert w.store.assessment(assessment_id)["company_id"] == company_of(w)
    assert w.store.scorecard_context(assessment_id)["job"]["status"] == "pending"
    assert work(w) == ["sent"]  # the scorecard
    assert w.store.scorecard_context(assessment_id)["job"]["status"] == "sent"
    attachment = next(w.mailer.messages()[-1].iter_attachments())
    assert attachment.get_filename().endswith(".xlsx")


def test_a_second_replacement_the_same_day_is_refused_until_midnight(w):
    company = signed_up(w)
    assert assess(w, f.assessment(level=1), link(w, company)).body["status"] == "confirmed"
    assert assess(w, f.assessment(level=2), link(w, company)).body["status"] == "confirmed"  # the first replacement
    with pytest.raises(ReplacedToday) as refused:
        assess(w, f.assessment(level=3), link(w, company))
    assert 0 < refused.value.params["retry_after"] <= 24 * 3600
    w.clock.now += timedelta(seconds=refused.value.params["retry_after"])
    assert assess(w, f.assessment(level=3), link(w, company)).body["score"]["overall"] == 75.0


def test_older_pending_answers_never_replace_newer_ones(w):
    company = signed_up(w)
    older = f.assessment(level=1)
    assess(w, older)  # pending, from before
    w.clock.now += timedelta(minutes=5)
    token = link(w, company)
    assess(w, f.assessment(level=4), token)
    with pytest.raises(Superseded):
        confirm(w, older["submission_id"])


def test_a_blocked_company_cannot_confirm_anything(w):
    company = signed_up(w)
    body = f.assessment()
    assess(w, body)
    arco.block(w.store, company, w.clock())
    with pytest.raises(Refused):
        confirm(w, body["submission_id"], "luis@example.mx")


def test_a_tampered_or_expired_confirmation_link_is_refused(w):
    good = confirmations.token(w.config, "sub-12345678", "a@b.mx", int((w.clock() + timedelta(days=1)).timestamp()))
    assert confirmations.read(w.config, good, w.clock())[:3] == ("submission", "sub-12345678", "a@b.mx")
    with pytest.raises(Refused):
        confirmations.read(w.config, f.tamper(good), w.clock())
    with pytest.raises(Refused):
        confirmations.read(w.config, good, w.clock() + timedelta(days=2))


# ---- the scorecard job ----

def test_a_scorecard_goes_once_and_a_failed_send_is_retried(w):
    company = signed_up(w)
    token = link(w, company)
    out = assess(w, f.assessment(), token)
    w.mailer.down = True
    with pytest.raises(jobs.RunFailed):
        work(w)
    job = w.store.scorecard_context(out.body["assessment_id"])["job"]
    assert job["status"] == "pending" and "unavailable" in job["last_error"]
    w.mailer.down = False
    w.queue.send({"assessment_id": out.body["assessment_id"]})
    w.queue.send({"assessment_id": out.body["assessment_id"]})  # a duplicate delivery
    assert work(w) == ["sent", "already sent"]
    assert len(w.mailer.outbox) == 3  # the pledge's confirmation request, the pledge in writing, one scorecard


# ---- reminders and the registry ----

def test_reminders_are_due_sent_once_and_stop_when_done(w):
    company = signed_up(w, public=True)
    w.clock.now += timedelta(days=w.config.first_assessment_days + 1)
    assert reminders.run(w.store, w.queue, w.clock()) == 1  # the first assessment is due
    assert work(w) == ["sent"]
    assert reminders.run(w.store, w.queue, w.clock()) == 0
    token = link(w, company)
    assess(w, f.assessment(), token)
    assert {r["kind"] for r in w.store.company_records(company)["reminders"]} == {"renewal", "reassess"}


def test_the_registry_lists_consenting_companies_and_their_standing(w):
    company = signed_up(w, public=True)
    signed_up(w, public=False, rfc=f.rfc(2))
    assert registry.listing(w.store, w.clock(), w.config.first_assessment_days, "es")["count"] == 0
    listings.decide(w.store, company, True, "ana@example.org", w.clock())
    listed = registry.listing(w.store, w.clock(), w.config.first_assessment_days, "es")
    assert listed["count"] == 1 and listed["companies"][0]["assessment"] == "due"
    assert "verified" not in json.dumps(listed) and "@" not in json.dumps(listed)


def test_a_first_listing_waits_for_staff_approval_and_renewals_do_not(w):
    first, second = signed_up(w, public=True), signed_up(w, public=True, rfc=f.rfc(2), email="eva@example.mx")
    assert sorted(w.store.listings_to_review()) == sorted([first, second]) and w.store.registry_profiles() == []
    assert sorted(p["company_id"] for p in listings.to_review(w.store)) == sorted([first, second])
    assert listings.decide(w.store, first, True, "ana@example.org", w.clock()) == {"company_id": first, "listed": True}
    listings.decide(w.store, second, False, "luis@example.org", w.clock())
    assert [p["company_id"] for p in w.store.registry_profiles()] == [first] and w.store.listings_to_review() == []
    assert w.store.profile(first)["listing_approved_by"] == "ana@example.org"
    assert w.store.profile(second)["public_listing"] is False
    with pytest.raises(NotUnderReview):  # decided already (a second click, another person)
        listings.decide(w.store, first, False, "luis@example.org", w.clock())
    with pytest.raises(UnknownCompany):
        listings.decide(w.store, "00000000-0000-4000-8000-000000000000", True, "ana@example.org", w.clock())
    w.clock.now += timedelta(days=300)  # the approved company renews: listed at once, its mail says so
    body = f.pledge(company=f.company(rfc=f.VALID_RFC), public_listing=True,
                    signatory={"name": "Luis Gómez", "position": "Director General", "email": "luis@example.mx"})
    pledge(w, body, link(w, first))
    assert work(w) == ["sent"] and w.store.listings_to_review() == []
    assert "aparece en el registro público" in w.mailer.messages()[-1].get_body(("plain",)).get_content()
    assert [p["company_id"] for p in w.store.registry_profiles()] == [first]


def test_staff_sessions_end_on_expiry_sign_out_or_removal_from_the_list(w):
    allow = ("ana@example.org", "@red.example.org")
    assert staff_access.allowed("Ana@Example.org", allow) and staff_access.allowed("eva@red.example.org", allow)
    assert not staff_access.allowed("eva@red.example.org", allow, hosted_domain=None, google=True)  # a Gmail alias
    assert staff_access.allowed("eva@red.example.org", allow, hosted_domain="red.example.org", google=True)
    assert not staff_access.allowed("eve@example.org", allow) and not staff_access.allowed("", allow)
    session_id, session = staff_access.open_session(w.store, "ana@example.org", w.clock(), 8)
    assert session_id not in json.dumps(w.store.sessions)  # filed under a hash: the table holds no cookie
    assert (staff_access.current(w.store, session_id, w.clock(), allow) or {})["csrf"] == session["csrf"]
    assert staff_access.current(w.store, session_id, w.clock(), ("luis@example.org",)) is None  # taken off the list
    assert staff_access.current(w.store, session_id, w.clock() + timedelta(hours=8), allow) is None
    staff_access.close(w.store, session_id)
    assert staff_access.current(w.store, session_id, w.clock(), allow) is None


# ---- activities ----

def test_a_roster_counts_each_company_once_and_reports_bad_rows(w):
    signed_up(w)
    activity = activities.save(w.store, {"activity_id": "taller-1", "title": "Taller", "type": "training",
                                         "date": "2026-06-10", "topics": ["D8"]}, w.clock())
    rows = [["rfc"], [f.VALID_RFC], ["XYZ"], [f.VALID_RFC.lower()], [f.rfc(5)]]
    result = activities.attend(w.store, activity, rows, w.clock())
    assert result["accepted"] == 2 and [(r["row"], r["code"]) for r in result["rejected"]] == \
        [(3, "rfc_invalid"), (4, "roster_duplicate")]
    again = activities.attend(w.store, activity, rows, w.clock())  # the same roster uploaded again
    assert (again["accepted"], again["already_recorded"]) == (0, 2)
    assert w.store.kpi_totals()["companies_trained"] == 2
    assert w.store.profile(company_of(w))["trainings_2026"] == 1


# ---- ARCO ----

def test_arco_exports_blocks_then_deletes_after_the_period(w):
    company = signed_up(w, public=True)
    token = link(w, company)
    assess(w, f.assessment(), token)
    held = arco.records(w.store, company, f.VALID_RFC)
    assert len(held["pledges"]) == 1 and len(held["assessments"]) == 1 and held["profile"]["rfc"] == f.VALID_RFC
    assert arco.xlsx(held)[:2] == b"PK"
    before = {k: v for k, v in w.store.live.items() if v}
    blocked = arco.block(w.store, company, w.clock())
    assert blocked["unlisted"] and blocked["years"] == [2026]
    assert w.store.registry_profiles() == [] and w.store.company_records(company)["reminders"] == []
    assert w.store.kpi_totals()["pledged_companies"] == 0
    assert all(agg.get("n", 0) == 0 for key, agg in w.store.live.items() if key in before and key[1] != "-")
    with pytest.raises(AlreadyBlocked):
        arco.block(w.store, company, w.clock())
    with pytest.raises(NotDeletable):
        arco.delete(w.store, company, f.VALID_RFC, w.clock(), w.config.arco_block_days)
    w.clock.now += timedelta(days=w.config.arco_block_days, seconds=1)
    assert arco.purge(w.store, w.clock(), w.config.arco_block_days) == 1
    with pytest.raises(UnknownCompany):
        arco.records(w.store, company_of(w), f.VALID_RFC)


def test_rectification_verifies_what_staff_type_keeps_what_is_on_file_and_revokes_every_link(w):
    company = signed_up(w)  # luis@example.mx: the signatory, and the contact
    token = link(w, company)
    changes = arco.rectify(w.store, w.queue, company, {"email": "nueva@empresa.mx"}, None, "es")
    assert changes["contact"]["email"] == "nueva@empresa.mx"
    profile = w.store.profile(company)
    assert profile["verified"] == ["luis@example.mx", "nueva@empresa.mx"]  # the signatory still is luis
    assert selfservice.expiry(w.config, token, profile, w.clock()) is None
    arco.rectify(w.store, w.queue, company, {}, {"email": "eva@empresa.mx"}, "es")  # the signatory replaced
    assert w.store.profile(company)["verified"] == ["eva@empresa.mx", "nueva@empresa.mx"]
    version = w.store.profile(company).get("link_version")
    with pytest.raises(NothingChanged):  # an empty save: no write, no revocation, nobody told
        arco.rectify(w.store, w.queue, company, {"email": "nueva@empresa.mx"}, None, "es")
    assert w.store.profile(company).get("link_version") == version
    with pytest.raises(UnknownCompany):
        arco.rectify(w.store, w.queue, "no-such-company", {"email": "x@y.mx"}, None, "es")


# ---- staff's audit log ----

def test_the_audit_log_keeps_each_action_in_its_mexico_city_month(w):
    from chalicelib.services import console
    audit.record(w.store, "ana.staff", "arco.export", "c-1", w.clock(), {"format": "json"})
    w.clock.now += timedelta(days=31)
    audit.record(w.store, "ana.staff", "arco.block", "c-1", w.clock())
    w.clock.now = w.clock.now.replace(month=8, day=1, hour=3)  # 21:00 on 31 July in Mexico City, August in UTC
    audit.record(w.store, "luis.staff", "links.revoke", "c-1", w.clock())
    june = console.audit_entries(w.store, "2026-06")
    assert [(e["who"], e["action"], e["details"]) for e in june] == [("ana.staff", "arco.export", {"format": "json"})]
    assert [e["action"] for e in console.audit_entries(w.store, "2026-07")] == ["links.revoke", "arco.block"]
    assert console.audit_entries(w.store, "2026-08") == []
    assert [e["who"] for e in console.audit_entries(w.store, "2026-07", who="LUIS")] == ["luis.staff"]


# ---- snapshots, benchmarks and the dashboard ----

def ten_companies(w, level=2):
    for n in range(10):
        company = signed_up(w, rfc=f.rfc(n + 10), email=f"luis{n}@example.mx")
        contact = {"name": "Luis Gómez", "email": f"luis{n}@example.mx"}
        assess(w, f.assessment(level=level, company=f.company(rfc=f.rfc(n + 10)), contact=contact), link(w, company))


def test_benchmarks_come_from_the_published_snapshot_only(w):
    cat = catalogue.current()
    ten_companies(w)
    assert benchmarks.read(w.store, 2026, cat.version, Cohort(), "es") == {"suppressed": True, "n_min": 10}
    run = snapshots.take(w.store, w.clock(), w.config.benchmark_min_change)
    assert run["published"] > 0
    national = benchmarks.read(w.store, 2026, cat.version, Cohort(), "es")
    assert national["n"] == 10 and national["overall"]["mean"] == 50
    w.store.run["lease_until"] = "9999"
    with pytest.raises(SnapshotRunning):
        snapshots.take(w.store, w.clock(), w.config.benchmark_min_change)


def test_the_dashboard_is_written_in_one_go_from_the_snapshot(w):
    ten_companies(w)
    snapshots.take(w.store, w.clock(), w.config.benchmark_min_change)
    result = dashboard.sync(w.store, w.dashboard_sink, w.clock(), 2026)
    assert w.dashboard_sink.writes == 1 and result["tabs"] == len(w.dashboard_sink.tabs)
    text = json.dumps(w.dashboard_sink.tabs, ensure_ascii=False, default=str)
    assert f.VALID_RFC not in text and "@" not in text  # never a company's identity


# ---- drafts and the company's own page ----

def test_a_draft_link_is_mailed_once_and_opens_only_that_draft(w):
    draft = drafts.create(w.store, w.queue, "assessment", "es", "ana@example.mx", {"company.name": ["Acme"]},
                          w.clock(), w.config, f.VALID_RFC)
    assert work(w) == ["sent"]
    w.queue.send({"kind": "draft", "draft_id": draft["draft_id"]})
    assert work(w) == ["already sent"]
    url = drafts.link(w.config, draft)
    token = url.rsplit("token=", 1)[1]
    assert drafts.load(w.store, w.config, draft["draft_id"], token, w.clock()) == {"company.name": ["Acme"]}
    assert drafts.load(w.store, w.config, draft["draft_id"], f.tamper(token), w.clock()) is None
    assert w.store.rfc_held(f.VALID_RFC)[1][0]["draft_id"] == draft["draft_id"]  # ARCO reaches it
    assert not drafts.retire(w.store, w.config, draft["draft_id"], f.tamper(token), w.clock())  # only its own link
    assert drafts.retire(w.store, w.config, draft["draft_id"], token, w.clock())  # the form was sent
    assert drafts.load(w.store, w.config, draft["draft_id"], token, w.clock()) is None
    assert w.store.rfc_held(f.VALID_RFC)[1] == []


def test_the_company_page_and_link_requests_go_only_to_verified_addresses(w):
    company = signed_up(w)
    selfservice.request_link(w.queue, f.VALID_RFC, "mallory@evil.test", "es")
    selfservice.request_link(w.queue, f.VALID_RFC, "LUIS@example.mx", "es")
    assert work(w) == ["not on file", "sent"]
    profile = w.store.profile(company)
    token = selfservice.new_token(w.config, company, profile, w.clock())
    expires = selfservice.expiry(w.config, token, profile, w.clock())
    assert expires is not None
    view = selfservice.view(w.store, w.config, company, profile, expires, w.clock(), "es")
    assert view["company"]["name"] == profile["name"] and view["pledge"]["status"] == "active"
    selfservice.update_contact(w.store, w.queue, company, profile, {"name": "Eva", "email": "eva@empresa.mx"}, "es")
    assert selfservice.expiry(w.config, token, w.store.profile(company), w.clock()) is None  # links revoked
    assert "eva@empresa.mx" not in w.store.profile(company)["verified"]  # until the address confirms itself
    assert "verify" in [j["kind"] for j in w.queue.sent]


def test_the_mail_caps_hold_for_requests_anyone_can_make(w):
    signed_up(w)
    for _ in range(8):
        selfservice.request_link(w.queue, f.VALID_RFC, "luis@example.mx", "es")
    outcomes = work(w)
    assert outcomes.count("sent") == 5 and outcomes.count("capped") == 3


def test_a_company_between_addresses_is_never_handed_to_a_stranger(w):
    """Its only verified address replaced, the new one not yet confirmed: nobody acts for it but that new address
    (security review, second look of the architecture change)."""
    owner = f.assessment(contact={"name": "Ana Pérez", "email": "ana@example.mx"})
    assess(w, owner)
    confirm(w, owner["submission_id"])
    company = company_of(w)
    profile = w.store.profile(company)
    selfservice.update_contact(w.store, w.queue, company, profile, {"name": "Ana", "email": "ana.nueva@example.mx"},
                               "es")
    assert w.store.profile(company)["verified"] == []  # until the new address clicks its link
    stranger = f.pledge(company=f.company(name="Tomada S.A."), public_listing=True,
                        signatory={"name": "Eve", "position": "Directora", "email": "eve@evil.test"})
    pledge(w, stranger)
    with pytest.raises(Refused):
        confirm(w, stranger["submission_id"], "eve@evil.test")
    assert w.store.profile(company)["name"] != "Tomada S.A." and w.store.registry_profiles() == []
    confirmations.verify_address(w.store, company, "ana.nueva@example.mx")  # the new address confirms itself
    mine = f.pledge(signatory={"name": "Ana", "position": "Directora", "email": "ana.nueva@example.mx"})
    pledge(w, mine)
    assert confirm(w, mine["submission_id"], "ana.nueva@example.mx")
    with pytest.raises(Refused):
        confirm(w, stranger["submission_id"], "eve@evil.test")


def test_a_company_staff_met_at_a_training_is_confirmed_by_its_first_submitter(w):
    activity = activities.save(w.store, {"activity_id": "t-1", "title": "Taller", "type": "training",
                                         "date": "2026-06-10", "topics": ["D8"]}, w.clock())
    activities.attend(w.store, activity, [["rfc"], [f.VALID_RFC]], w.clock())
    body = f.pledge()
    pledge(w, body)
    confirm(w, body["submission_id"])
    assert w.store.profile(company_of(w))["verified"] == ["luis@example.mx"]


def test_a_stranger_cannot_spend_a_companys_draft_mails(w):
    for n in range(10):  # ten saves under the company's RFC, to ten other addresses
        drafts.create(w.store, w.queue, "assessment", "es", f"att{n}@evil.test", {}, w.clock(), w.config, f.VALID_RFC)
    assert work(w).count("sent") == 10
    drafts.create(w.store, w.queue, "assessment", "es", "honest@empresa.mx", {}, w.clock(), w.config, f.VALID_RFC)
    assert work(w) == ["sent"]  # the company's own save still gets its link
    for _ in range(6):
        drafts.create(w.store, w.queue, "assessment", "es", "att0@evil.test", {}, w.clock(), w.config, f.VALID_RFC)
    assert work(w).count("capped") == 2  # one mailbox: 5 a day


def test_a_company_that_has_not_signed_is_offered_its_own_link_to_sign(w):
    from chalicelib.forms import pages
    body = f.assessment(contact={"name": "Ana", "email": "ana@example.mx"})
    assess(w, body)
    confirm(w, body["submission_id"])  # assessed, never pledged
    company = company_of(w)
    profile = w.store.profile(company)
    token = link(w, company)
    view = selfservice.view(w.store, w.config, company, profile, selfservice.expiry(w.config, token, profile,
                                                                                    w.clock()) or 0, w.clock(), "es")
    assert view["pledge"]["status"] == "none" and "/forms/pledge?lang=es&company=" in view["links"]["sign_pledge"]
    html = str(pages.company(view, "es", token))
    assert "Firmar (o renovar) el compromiso" in html and 'forms/pledge?lang=es&amp;company=' in html


def test_companies_listed_before_approvals_existed_stay_listed_after_the_upgrade(w):
    company = signed_up(w, public=True)
    w.store.company[company]["listing"] = "listed"  # as the registry held it before reviews existed
    assert listings.approve_listed(w.store, "migration", w.clock()) == 1
    assert listings.approve_listed(w.store, "migration", w.clock()) == 0  # once
    w.clock.now += timedelta(days=300)
    pledge(w, f.pledge(company=f.company(rfc=f.VALID_RFC), public_listing=True,
                       signatory={"name": "Luis Gómez", "position": "Director General", "email": "luis@example.mx"}),
           link(w, company))
    assert w.store.listings_to_review() == [] and [p["company_id"] for p in w.store.registry_profiles()] == [company]


def test_a_confirmation_link_names_its_address_sealed_and_earlier_links_still_work(w):
    import base64
    expires = int((w.clock() + timedelta(days=1)).timestamp())
    sealed = confirmations.token(w.config, "sub-12345678", "Ana.Perez@Example.mx", expires)
    assert "ana.perez" not in base64.urlsafe_b64decode(sealed.split("~")[2] + "==").decode("latin-1")
    assert confirmations.read(w.config, sealed, w.clock())[2] == "ana.perez@example.mx"
    legacy = sealed.split("~")  # as links were mailed before: the address in plain base64, the same signature
    legacy[2] = base64.urlsafe_b64encode(b"ana.perez@example.mx").decode().rstrip("=")
    assert confirmations.read(w.config, "~".join(legacy), w.clock())[2] == "ana.perez@example.mx"
    other = confirmations.token(w.config, "sub-12345678", "eve@example.mx", expires).split("~")[2]
    with pytest.raises(Refused):  # another address's seal under this link's signature
        confirmations.read(w.config, "~".join([*sealed.split("~")[:2], other, sealed.split("~")[3]]), w.clock())
    for broken in ("s~sub-12345678~x~²2.abc", "s~sub-12345678~~", "a~short~x~1.y"):
        with pytest.raises(Refused):
            confirmations.read(w.config, broken, w.clock())
