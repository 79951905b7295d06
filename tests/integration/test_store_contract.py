"""The store's promises, kept the same way by the in-memory fake (tests/fakes.py, what the unit tier runs on) and
by DynamoDB (moto): every case runs against both. Writes are whole or nothing, refusals are the port's
exceptions, claims are taken once, and reads say facts, never keys."""
import pytest

from chalicelib.adapters.dynamodb import DynamoStore
from chalicelib.services.ports import (
    AssessmentWrite,
    Confirmation,
    DuplicateSubmission,
    Followups,
    PledgeWrite,
    WriteConflict,
)
from tests.fakes import FakeStore

RFC, OTHER_RFC = "MAB9307148T4", "LAA901212AM3"
T0, T1, T2 = "2026-06-15T18:00:00Z", "2026-06-15T18:05:00Z", "2026-06-15T18:10:00Z"
LATER = "2026-12-31T00:00:00Z"


@pytest.fixture(params=["fake", "dynamodb"])
def store(request):
    if request.param == "fake":
        return FakeStore()
    return DynamoStore(request.getfixturevalue("aws"), "integra-test")


def submission(sid: str, kind: str = "pledge") -> dict:
    return {"submission_id": sid, "kind": kind, "body_hash": "h", "response": "{}", "created_at": T0}


def pledge_write(company="co-1", sid="sub-pledge-1", rfc=RFC, listed="Acme", new=True, review=False,
                 **over) -> PledgeWrite:
    return PledgeWrite(
        year=2026, submission=submission(sid), pledge={"pledge_id": f"p-{sid}", "company_id": company, "signed_at": T0,
                                                       "submission_id": sid},
        profile={"company_id": company, "name": listed or "Acme", "rfc": rfc, "verified": ["luis@acme.mx"]},
        deltas={("-", "national"): {"pledges": 1}}, kpi={"pledged_companies": 1}, awaiting_since=T0,
        followups=Followups(reminders={"renewal": "2027-05-16T18:00:00Z", "first": "2026-09-13T18:00:00Z"},
                            listed_as=listed, unlisted=listed is None, listing_review=review),
        confirmation=Confirmation(rfc=rfc, new_company=company if new else None), **over)


def assessment_write(company="co-1", aid="a-1", sid="sub-a-1", previous=None, first=True, **over) -> AssessmentWrite:
    over.setdefault("submission", submission(sid, "assessment"))
    return AssessmentWrite(
        year=2026,
        assessment={"assessment_id": aid, "company_id": company, "submission_id": sid, "year": 2026},
        company_year={"company_id": company, "year": 2026, "assessment_id": aid, "overall": 50},
        previous_assessment_id=previous, profile={"last_assessment_id": aid, "first_assessment_year": 2026},
        deltas={("2026.1", "national"): {"n": 1, "o_n": 1, "o_s": 50}},
        job={"assessment_id": aid, "status": "pending", "attempts": 0, "created_at": T1, "lang": "es",
             "to": ["x@y.mx"]},
        first_assessment=first, kpi={"converted": 1} if first else {},
        followups=Followups(reminders={"reassess": "2027-05-15T18:00:00Z"}, dropped_reminders=("first",),
                            assessment={"assessment_id": aid, "submission_id": sid, "year": 2026}), **over)


def test_a_pledge_is_written_whole_and_read_as_facts(store):
    store.save_pledge(pledge_write())
    assert store.submission("sub-pledge-1")["kind"] == "pledge"
    assert store.company_for_rfc(RFC) == "co-1" and store.companies_for_rfcs([RFC, OTHER_RFC]) == {RFC: "co-1"}
    profile = store.profile("co-1")
    assert profile["name"] == "Acme" and profile["awaiting_first_assessment"] is True
    assert not any(k.startswith("gsi") or k in ("pk", "sk") for k in profile)  # facts, never keys
    held = store.company_records("co-1")
    assert len(held["pledges"]) == 1 and held["listed"] and held["assessment_ids"] == []
    assert {r["kind"] for r in held["reminders"]} == {"renewal", "first"}
    assert [p["company_id"] for p in store.registry_profiles()] == ["co-1"]
    assert store.due_reminders(before="2026-10-01T00:00:00Z") == [("co-1", "first")]
    assert store.count_awaiting_first_assessment(LATER) == 1 and store.count_awaiting_first_assessment(T0) == 0
    assert store.kpi_totals() == {"pledged_companies": 1}
    live, _ = store.aggregate_items()
    assert live[(2026, "-", "national")]["pledges"] == 1


def test_the_same_submission_twice_changes_nothing(store):
    store.save_pledge(pledge_write())
    with pytest.raises(DuplicateSubmission):
        store.save_pledge(pledge_write(new=False))
    assert store.kpi_totals() == {"pledged_companies": 1}


def test_an_rfc_taken_meanwhile_refuses_the_whole_write(store):
    store.save_pledge(pledge_write())
    with pytest.raises(WriteConflict):
        store.save_pledge(pledge_write(company="co-2", sid="sub-pledge-2"))
    assert store.submission("sub-pledge-2") is None and store.profile("co-2") is None
    assert store.company_for_rfc(RFC) == "co-1"


def test_an_unlisted_pledge_leaves_the_registry(store):
    store.save_pledge(pledge_write())
    store.save_pledge(pledge_write(sid="sub-pledge-2", listed=None, new=False))
    assert store.registry_profiles() == [] and not store.company_records("co-1")["listed"]


def test_an_assessment_with_its_job_pointer_and_follow_ups(store):
    store.save_pledge(pledge_write())
    store.save_assessment(assessment_write())
    assert store.assessment("a-1")["company_id"] == "co-1"
    assert [y["assessment_id"] for y in store.company_years("co-1")] == ["a-1"]
    assert store.company_records("co-1")["assessment_ids"] == ["a-1"]
    assert [a["assessment_id"] for a in store.assessments(["a-1", "missing"])] == ["a-1"]
    ctx = store.scorecard_context("a-1")
    assert ctx["job"]["status"] == "pending" and ctx["profile"]["last_assessment_id"] == "a-1"
    assert [s["submission_id"] for s in store.submissions(["sub-a-1", "missing", "sub-pledge-1"])] == \
        ["sub-a-1", "sub-pledge-1"]
    assert [j["to"] for j in store.scorecard_jobs(["a-1", "missing"])] == [["x@y.mx"]]
    assert store.pending_jobs(LATER) == ["a-1"] and store.pending_jobs(T0) == []
    assert "awaiting_first_assessment" not in store.profile("co-1")
    assert store.count_awaiting_first_assessment(LATER) == 0
    assert {r["kind"] for r in store.company_records("co-1")["reminders"]} == {"renewal", "reassess"}
    assert store.scorecard_context("missing") is None


def test_a_replacement_must_name_the_assessment_it_replaces(store):
    store.save_assessment(assessment_write())
    with pytest.raises(WriteConflict):  # another replacement got there first
        store.save_assessment(assessment_write(aid="a-2", sid="sub-a-2", previous="a-0", first=False))
    with pytest.raises(WriteConflict):  # a first assessment, when one was saved meanwhile
        store.save_assessment(assessment_write(aid="a-2", sid="sub-a-2", previous=None, first=False))
    assert store.assessment("a-2") is None and store.submission("sub-a-2") is None
    store.save_assessment(assessment_write(aid="a-2", sid="sub-a-2", previous="a-1", first=False))
    assert [y["assessment_id"] for y in store.company_years("co-1")] == ["a-2"]


def test_a_pending_submission_is_held_under_its_rfc_until_confirmed_once(store):
    pending = {**submission("sub-p-1", "assessment"), "status": "pending", "rfc": RFC, "payload": "{}"}
    store.save_pending(pending, RFC, 2_000_000_000)
    with pytest.raises(DuplicateSubmission):
        store.save_pending(pending, RFC, 2_000_000_000)
    assert [s["submission_id"] for s in store.rfc_held(RFC)[0]] == ["sub-p-1"]
    assert store.claim_confirmation_mail("sub-p-1", ["a@b.mx"], T0)
    assert not store.claim_confirmation_mail("sub-p-1", ["a@b.mx"], T0)
    store.release_confirmation_mail("sub-p-1")
    assert store.claim_confirmation_mail("sub-p-1", ["a@b.mx"], T0)
    settle = Confirmation(submission_id="sub-p-1", rfc=RFC, at=T1, new_company="co-1")
    store.save_assessment(assessment_write(sid="sub-p-1", submission=None, confirmation=settle))
    confirmed = store.submission("sub-p-1")
    assert confirmed["status"] == "confirmed" and "payload" not in confirmed
    assert store.rfc_held(RFC)[0] == [] and store.company_for_rfc(RFC) == "co-1"
    with pytest.raises(DuplicateSubmission):  # the second click
        store.save_assessment(assessment_write(aid="a-2", sid="sub-p-1", submission=None, previous="a-1",
                                               confirmation=Confirmation("sub-p-1", RFC, T2)))


def test_a_scorecard_job_is_claimed_once_until_its_lease_runs_out(store):
    store.save_assessment(assessment_write())
    assert store.claim_job("a-1", T1, T2)
    assert not store.claim_job("a-1", T1, T2)
    assert store.claim_job("a-1", LATER, "2027-01-01T00:00:00Z")  # the first claim's lease ran out
    store.release_job("a-1", "smtp down")
    assert store.scorecard_context("a-1")["job"]["last_error"] == "smtp down"
    assert store.claim_job("a-1", T1, T2)
    store.mark_sent("a-1", "m-1", T2)
    assert not store.claim_job("a-1", LATER, LATER) and store.pending_jobs(LATER) == []
    store.save_assessment(assessment_write(aid="a-2", sid="sub-a-2", previous="a-1", first=False))
    store.fail_job("a-2", "no such template", T2)
    assert store.scorecard_context("a-2")["job"]["status"] == "failed" and store.pending_jobs(LATER) == []


def test_a_reminder_is_claimed_for_its_own_due_date_and_leaves_the_index_once_done(store):
    store.save_pledge(pledge_write())
    due = store.reminder("co-1", "first")["due"]
    assert not store.claim_reminder("co-1", "first", "2020-01-01T00:00:00Z", T0, T1)  # moved on meanwhile
    assert store.claim_reminder("co-1", "first", due, T0, T1)
    assert not store.claim_reminder("co-1", "first", due, T0, T1)
    store.release_reminder("co-1", "first", due)
    assert store.claim_reminder("co-1", "first", due, T0, T1)
    store.finish_reminder("co-1", "first", due, "sent", T1)
    assert store.reminder("co-1", "first")["status"] == "sent"
    assert ("co-1", "first") not in store.due_reminders(before=LATER)


def test_mail_allowances_stamps_and_drafts(store):
    limits = {"a@b.mx": 2, "co-1": 3}
    assert store.take_mail_allowance("2026-06-15", limits, 2_000_000_000)
    assert store.take_mail_allowance("2026-06-15", limits, 2_000_000_000)
    assert not store.take_mail_allowance("2026-06-15", limits, 2_000_000_000)  # all or none
    assert store.take_mail_allowance("2026-06-15", {"co-1": 3}, 2_000_000_000)  # the company's third
    assert store.take_mail_allowance("2026-06-16", limits, 2_000_000_000)
    assert store.use_stamp("mac-1", "sub-1", 2_000_000_000) and store.use_stamp("mac-1", "sub-1", 2_000_000_000)
    assert not store.use_stamp("mac-1", "sub-2", 2_000_000_000)
    store.save_draft({"draft_id": "d-1", "rfc": RFC, "values": "{}", "ttl": 2_000_000_000, "email": "a@b.mx"})
    assert store.draft("d-1")["values"] == "{}" and store.rfc_held(RFC)[1][0]["draft_id"] == "d-1"
    assert store.claim_draft_mail("d-1", T0) and not store.claim_draft_mail("d-1", T0)
    store.release_draft_mail("d-1")
    assert store.claim_draft_mail("d-1", T0) and not store.claim_draft_mail("missing", T0)
    store.delete_draft("d-1")
    assert store.draft("d-1") is None and store.rfc_held(RFC)[1] == []


def test_one_snapshot_at_a_time_and_what_it_publishes(store):
    store.save_assessment(assessment_write())
    assert store.claim_snapshot(T0, T2) and not store.claim_snapshot(T1, T2)
    live, published = store.aggregate_items()
    assert live[(2026, "2026.1", "national")]["o_s"] == 50 and published == {}
    entry = {"c": {"n": 1}, "chg": 1, "as_of": T1, "versions": ["2026.1"]}
    store.publish({(2026, "2026.1", "national"): entry, (2026, "2026.1", "st=14"): entry}, {"taken_at": T1})
    assert store.published(2026, "2026.1", "st=") == {(2026, "2026.1", "st=14"): entry}
    assert set(store.published()) == {(2026, "2026.1", "national"), (2026, "2026.1", "st=14")}
    assert store.snapshot_run()["taken_at"] == T1
    assert store.claim_snapshot(T1, T2)  # publishing ended the claim
    store.release_snapshot()
    assert store.claim_snapshot(T1, T2)
    ctx = store.assessment_context("sub-x", RFC, 2026, ["national"], version="2026.1")
    assert ctx.published == {(2026, "national"): entry} and ctx.submission is None


def test_the_context_of_a_submission_holds_a_company_only_for_its_own_rfc(store):
    store.save_pledge(pledge_write())
    store.save_assessment(assessment_write())
    ctx = store.assessment_context("sub-a-1", RFC, 2026, [], company_id="co-1", version="2026.1")
    assert ctx.submission["kind"] == "assessment" and ctx.company_id == "co-1"
    assert ctx.profile["name"] == "Acme" and ctx.company_year["assessment_id"] == "a-1"
    stranger = store.assessment_context("sub-new", OTHER_RFC, 2026, [], company_id="co-1", version="2026.1")
    assert stranger.profile is None and stranger.company_year is None and stranger.company_years == {}
    confirming = store.assessment_context("sub-new", RFC, 2026, [], with_company=True, version="2026.1")
    assert confirming.profile["name"] == "Acme"
    assert store.pledge_context("sub-pledge-1", RFC, "co-1")[1:] == ("co-1", store.profile("co-1"))
    assert store.pledge_context("sub-new", OTHER_RFC, "co-1")[2] is None


def test_profiles_change_in_place(store):
    store.save_pledge(pledge_write())
    store.update_profile("co-1", {"contact": {"email": "eva@acme.mx"}})
    store.bump_link_version("co-1")
    assert store.add_verified("co-1", "eva@acme.mx") and not store.add_verified("co-1", "eva@acme.mx")
    profile = store.profiles(["co-1", "missing"])["co-1"]
    assert profile["contact"] == {"email": "eva@acme.mx"} and profile["link_version"] == 1
    assert profile["verified"] == ["luis@acme.mx", "eva@acme.mx"] and profile["name"] == "Acme"


def test_attendance_counts_once(store):
    store.save_pledge(pledge_write())
    store.save_activity({"activity_id": "act-1", "title": "Taller", "type": "training", "date": "2026-06-10"})
    record = {"activity_id": "act-1", "company_id": "co-1", "year": 2026}
    assert store.record_attendance("act-1", "co-1", record, {"trainings_2026": 1}, {"attendances": 1},
                                   {"trained": True})
    assert not store.record_attendance("act-1", "co-1", record, {"trainings_2026": 1}, {"attendances": 1}, {})
    assert store.activity("act-1")["title"] == "Taller"
    assert store.profile("co-1")["trainings_2026"] == 1 and store.profile("co-1")["trained"] is True
    assert store.kpi_totals()["attendances"] == 1
    assert store.company_records("co-1")["attendance"][0]["activity_id"] == "act-1"


def test_block_then_delete_leaves_nothing(store):
    store.save_pledge(pledge_write())
    store.save_assessment(assessment_write())
    store.save_activity({"activity_id": "act-1", "title": "Taller"})
    store.record_attendance("act-1", "co-1", {"activity_id": "act-1", "company_id": "co-1"}, {"trainings_2026": 1},
                            {"attendances": 1}, {})
    store.save_draft({"draft_id": "d-1", "rfc": RFC, "values": "{}", "ttl": 2_000_000_000})
    store.block_company("co-1", T2, {2026: {("2026.1", "national"): {"n": -1, "o_n": -1, "o_s": -50}}},
                        {"pledged_companies": -1}, True, ("first", "reassess", "renewal"))
    with pytest.raises(WriteConflict):
        store.block_company("co-1", T2, {}, {})
    assert store.profile("co-1")["blocked_at"] == T2 and store.profile("co-1")["link_version"] == 1
    assert store.registry_profiles() == [] and store.company_records("co-1")["reminders"] == []
    assert store.due_reminders(before=LATER) == [] and store.count_awaiting_first_assessment(LATER) == 0
    assert store.aggregate_items()[0][(2026, "2026.1", "national")]["n"] == 0
    assert store.blocked_before(LATER) == ["co-1"] and store.blocked_before(T1) == []
    assert store.delete_company("co-1") > 0
    assert store.profile("co-1") is None and store.assessment("a-1") is None
    assert store.submission("sub-a-1") is None and store.submission("sub-pledge-1") is None
    assert store.company_for_rfc(RFC) is None and store.rfc_held(RFC) == ([], [])
    assert store.scorecard_context("a-1") is None and store.company_years("co-1") == []
    assert store.blocked_before(LATER) == []


def test_audit_entries_by_month_and_the_dashboards_own_state(store):
    store.append_audit({"who": "ana", "action": "arco.export", "target": "co-1", "at": T0, "details": {}})
    store.append_audit({"who": "ana", "action": "arco.export", "target": "co-1", "at": T0, "details": {"n": 2}})
    store.append_audit({"who": "eva", "action": "arco.block", "target": "co-1", "at": "2026-07-01T00:00:00Z",
                        "details": {}})
    assert [e["who"] for e in store.audit_month("2026-06")] == ["ana", "ana"]  # the same millisecond: both kept
    assert [e["action"] for e in store.audit_month("2026-07")] == ["arco.block"]
    assert store.get_meta("dashboard") == {}
    store.put_meta("dashboard", {"layout": 3, "rows": {"Resumen": 40}})
    assert store.get_meta("dashboard") == {"layout": 3, "rows": {"Resumen": 40}}


# ---- the staff console's reads and decisions ----
def test_a_first_listing_waits_in_review_until_decided_once(store):
    store.save_pledge(pledge_write(listed="Beta", review=True))
    store.save_pledge(pledge_write(company="co-2", sid="sub-pledge-2", rfc=OTHER_RFC, listed="Alfa", review=True))
    assert store.registry_profiles() == [] and store.listings_to_review() == ["co-2", "co-1"]  # by name
    assert store.company_records("co-1")["listing"] == "review" and store.company_records("co-1")["listed"]
    assert store.decide_listing("co-1", True, {"listing_approved_by": "ana@red.mx"})
    assert not store.decide_listing("co-1", False, {"x": 1})  # decided already: nothing changes
    assert store.decide_listing("co-2", False, {"public_listing": False})
    assert [p["company_id"] for p in store.registry_profiles()] == ["co-1"] and store.listings_to_review() == []
    assert store.company_records("co-1")["listing"] == "listed" and store.company_records("co-2")["listing"] is None
    assert store.profile("co-1")["listing_approved_by"] == "ana@red.mx" and "x" not in store.profile("co-1")
    assert store.profile("co-2")["public_listing"] is False


def test_the_directory_lists_every_company_by_rfc(store):
    store.save_pledge(pledge_write())
    assert store.add_company(OTHER_RFC, "co-2") == "co-2"  # known from a roster alone
    assert store.directory() == [(OTHER_RFC, "co-2"), (RFC, "co-1")]


def test_sessions_activities_and_failed_jobs(store):
    store.put_session("h1", {"email": "ana@red.mx", "csrf": "c", "expires_at": 2}, 2)
    assert store.session("h1") == {"email": "ana@red.mx", "csrf": "c", "expires_at": 2}
    store.delete_session("h1")
    assert store.session("h1") is None
    store.save_activity({"activity_id": "a-1", "title": "Uno", "date": "2026-03-01"})
    store.save_activity({"activity_id": "a-2", "title": "Dos", "date": "2026-05-01"})
    assert [a["activity_id"] for a in store.activities()] == ["a-2", "a-1"]
    store.save_pledge(pledge_write())
    assert store.record_attendance("a-1", "co-1", {"activity_id": "a-1", "company_id": "co-1", "rfc": RFC},
                                   {"trainings_2026": 1}, {"attendances": 1}, {"trained": True})
    assert [a["company_id"] for a in store.attendees("a-1")] == ["co-1"] and store.attendees("a-2") == []
    store.save_assessment(assessment_write())
    store.fail_job("a-1", "broken", T2)
    assert store.failed_jobs() == ["a-1"] and store.pending_jobs(LATER) == []
    assert store.retry_job("a-1", T2) and not store.retry_job("a-1", T2)
    assert store.failed_jobs() == [] and store.pending_jobs(LATER) == ["a-1"]
