"""In-memory fakes of every port in chalicelib/services/ports.py, for the use-case tests (tests/unit).

FakeStore keeps the same promises as the DynamoDB store, as tests/integration/test_store_contract.py checks on
both: each write all or nothing, the same refusals (DuplicateSubmission, WriteConflict, a claim that returns
False), copies in and out (what a caller changes afterwards is not stored). It holds plain dictionaries by kind of
record, not keys: nothing here knows how the table is laid out.
"""
import copy
import itertools
from collections import defaultdict

from chalicelib.services.ports import AssessmentContext, DuplicateSubmission, WriteConflict


def _add(counters: dict, delta: dict) -> None:
    for name, amount in delta.items():
        counters[name] = counters.get(name, 0) + amount


class FakeStore:
    def __init__(self):
        self.submission_records: dict = {}  # submission_id -> record
        self.assessment_records: dict = {}  # assessment_id -> record
        self.rfcs: dict = {}               # rfc -> company_id
        self.rfc_pending: dict = defaultdict(set)  # rfc -> pending submission ids
        self.rfc_drafts: dict = defaultdict(set)   # rfc -> draft ids
        self.company: dict = defaultdict(dict)     # company_id -> {"profile", "years", "pledges", ...}
        # (a defaultdict for writes; reads go through _view, so asking never creates a company)
        self.live: dict = defaultdict(dict)        # (year, version, cohort) -> counters
        self.published_entries: dict = {}
        self.run: dict = {}
        self.kpi: dict = {}
        self.jobs: dict = {}
        self.drafts: dict = {}
        self.stamps: dict = {}
        self.caps: dict = {}
        self.activities_by_id: dict = {}
        self.attendance: dict = {}         # (activity_id, company_id) -> record
        self.audit: list = []
        self.meta: dict = {}
        self.sessions: dict = {}
        self._order = itertools.count()

    # ---- helpers ----
    def _co(self, company_id: str) -> dict:
        """The company's records, created on a write."""
        c = self.company[company_id]
        for part, empty in (("years", {}), ("pledges", []), ("pointers", {}), ("reminders", {}),
                            ("attendance", {})):
            c.setdefault(part, copy.deepcopy(empty))
        return c

    def _view(self, company_id: str) -> dict:
        """The company's records for a read (nothing is created)."""
        return self._co(company_id) if company_id in self.company else \
            {"years": {}, "pledges": [], "pointers": {}, "reminders": {}, "attendance": {}}

    def _profile(self, company_id: str) -> dict | None:
        return self.company[company_id].get("profile") if company_id in self.company else None

    @staticmethod
    def _out(value):
        return copy.deepcopy(value)

    # ---- submissions ----
    def assessment_context(self, submission_id, rfc, year, cohort_keys, company_id=None, with_company=False,
                           version=None) -> AssessmentContext:
        ctx = AssessmentContext(submission=self._out(self.submission_records.get(submission_id)), company_year=None)
        ctx.company_id = self.rfcs.get(rfc)
        for y in (year, year - 1):
            for key in dict.fromkeys(cohort_keys):
                entry = self.published_entries.get((y, version or "-", key))
                if entry:
                    ctx.published[(y, key)] = self._out(entry)
        whose = company_id if company_id and ctx.company_id == company_id else \
            ctx.company_id if with_company else None
        if whose and whose in self.company:
            c = self._view(whose)
            ctx.profile = self._out(c.get("profile"))
            ctx.company_years = {y: self._out(c["years"][y]) for y in (year, year - 1) if y in c["years"]}
            ctx.company_year = ctx.company_years.get(year)
        return ctx

    def pledge_context(self, submission_id, rfc, company_id=None, with_company=False) -> tuple:
        mapped = self.rfcs.get(rfc)
        profile = None
        if (company_id and mapped == company_id) or (with_company and mapped):
            profile = self._out(self._profile(mapped))
        return self._out(self.submission_records.get(submission_id)), mapped, profile

    def _check_settle(self, w) -> None:
        if w.submission is not None:
            if w.submission["submission_id"] in self.submission_records:
                raise DuplicateSubmission()
        elif (self.submission_records.get(w.confirmation.submission_id) or {}).get("status") != "pending":
            raise DuplicateSubmission()

    def _settle(self, w) -> None:
        c = w.confirmation
        if w.submission is not None:
            self.submission_records[w.submission["submission_id"]] = copy.deepcopy(w.submission)
        else:
            record = self.submission_records[c.submission_id]
            record.update(status="confirmed", confirmed_at=c.at)
            record.pop("payload", None)
            record.pop("ttl", None)
            self.rfc_pending[c.rfc].discard(c.submission_id)
        if c.new_company:
            self.rfcs[c.rfc] = c.new_company

    def _check_new_company(self, w) -> None:
        if w.confirmation.new_company and w.confirmation.rfc in self.rfcs:
            raise WriteConflict()

    def _followups(self, company_id: str, f) -> None:
        c = self._co(company_id)
        for kind, due in f.reminders.items():
            c["reminders"][kind] = {"company_id": company_id, "kind": kind, "due": due, "status": "pending",
                                    "indexed": True}
        for kind in f.dropped_reminders:
            c["reminders"].pop(kind, None)
        if f.unlisted:
            c.pop("listed_as", None)
            c.pop("listing", None)
        if f.listed_as is not None:
            c["listed_as"] = f.listed_as
            c["listing"] = "review" if f.listing_review else "listed"
        if f.assessment:
            c["pointers"][f.assessment["assessment_id"]] = copy.deepcopy(f.assessment)
        if f.pledged_until:
            c["renew_by"] = f.pledged_until

    def _counters(self, year: int, deltas: dict, kpi: dict) -> None:
        for (version, key), delta in deltas.items():
            _add(self.live[(year, version or "-", key)], delta)
        _add(self.kpi, kpi)

    def save_assessment(self, w) -> None:
        self._check_settle(w)
        c = self._co(w.company_id)
        if (c["years"].get(w.year) or {}).get("assessment_id") != w.previous_assessment_id:
            raise WriteConflict()  # replaced meanwhile, or first saved meanwhile
        if w.assessment["assessment_id"] in self.assessment_records or w.assessment["assessment_id"] in self.jobs:
            raise DuplicateSubmission()
        self._check_new_company(w)
        self._settle(w)
        c["years"][w.year] = copy.deepcopy(w.company_year)
        self.assessment_records[w.assessment["assessment_id"]] = copy.deepcopy(w.assessment)
        c.setdefault("profile", {}).update(copy.deepcopy(w.profile))
        if w.first_assessment:
            c.pop("awaiting_since", None)
        self.jobs[w.assessment["assessment_id"]] = {**copy.deepcopy(w.job), "indexed": True}
        self._counters(w.year, w.deltas, w.kpi)
        self._followups(w.company_id, w.followups)

    def save_pledge(self, w) -> None:
        self._check_settle(w)
        c = self._co(w.company_id)
        self._check_new_company(w)
        self._settle(w)
        c["pledges"].append(copy.deepcopy(w.pledge))
        c.setdefault("profile", {}).update(copy.deepcopy(w.profile))
        if w.awaiting_since:
            c["awaiting_since"] = w.awaiting_since
        self._counters(w.year, w.deltas, w.kpi)
        self._followups(w.company_id, w.followups)

    def submission(self, submission_id):
        return self._out(self.submission_records.get(submission_id))

    def assessment(self, assessment_id):
        return self._out(self.assessment_records.get(assessment_id))

    def save_pending(self, submission: dict, rfc: str, expires: int) -> None:
        if submission["submission_id"] in self.submission_records:
            raise DuplicateSubmission()
        self.submission_records[submission["submission_id"]] = {**copy.deepcopy(submission), "ttl": expires}
        self.rfc_pending[rfc].add(submission["submission_id"])

    def claim_confirmation_mail(self, submission_id: str, to: list, now: str) -> bool:
        record = self.submission_records.get(submission_id)
        if not record or record.get("status") != "pending" or "mailed_at" in record:
            return False
        record.update(mailed_at=now, confirm_to=list(to))
        return True

    def release_confirmation_mail(self, submission_id: str) -> None:
        record = self.submission_records.get(submission_id) or {}
        record.pop("mailed_at", None)
        record.pop("confirm_to", None)

    def use_stamp(self, mac: str, submission_id: str, expires: int) -> bool:
        if self.stamps.get(mac, submission_id) != submission_id:
            return False
        self.stamps[mac] = submission_id
        return True

    def take_mail_allowance(self, day: str, limits: dict, expires: int) -> bool:
        if any(self.caps.get((day, who), 0) >= most for who, most in limits.items()):
            return False
        for who in limits:
            self.caps[(day, who)] = self.caps.get((day, who), 0) + 1
        return True

    def save_draft(self, draft: dict) -> None:
        self.drafts[draft["draft_id"]] = copy.deepcopy(draft)
        if draft.get("rfc"):
            self.rfc_drafts[draft["rfc"]].add(draft["draft_id"])

    def draft(self, draft_id: str):
        return self._out(self.drafts.get(draft_id))

    def claim_draft_mail(self, draft_id: str, now: str) -> bool:
        draft = self.drafts.get(draft_id)
        if draft is None or "mailed_at" in draft:
            return False
        draft["mailed_at"] = now
        return True

    def release_draft_mail(self, draft_id: str) -> None:
        (self.drafts.get(draft_id) or {}).pop("mailed_at", None)

    def delete_draft(self, draft_id: str) -> None:
        draft = self.drafts.pop(draft_id, None)
        if draft and draft.get("rfc"):
            self.rfc_drafts[draft["rfc"]].discard(draft_id)

    # ---- benchmarks ----
    def aggregate_items(self) -> tuple:
        return self._out(dict(self.live)), self._out(self.published_entries)

    def published(self, year=None, version=None, prefix: str = "") -> dict:
        return {a: self._out(e) for a, e in self.published_entries.items()
                if year is None or (a[0] == year and a[1] == (version or "-") and a[2].startswith(prefix))}

    def publish(self, entries: dict, run: dict) -> None:
        self.published_entries.update(copy.deepcopy(entries))
        self.run = copy.deepcopy(run)

    def claim_snapshot(self, now: str, lease_until: str) -> bool:
        if self.run.get("lease_until") and self.run["lease_until"] >= now:
            return False
        self.run["lease_until"] = lease_until
        return True

    def release_snapshot(self) -> None:
        self.run.pop("lease_until", None)

    def snapshot_run(self) -> dict:
        return self._out(self.run)

    def kpi_totals(self) -> dict:
        return self._out(self.kpi)

    def count_awaiting_first_assessment(self, pledged_before: str) -> int:
        return sum(1 for c in self.company.values() if c.get("awaiting_since") and c["awaiting_since"] < pledged_before)

    # ---- scorecard jobs ----
    def scorecard_context(self, assessment_id: str):
        record = self.assessment_records.get(assessment_id)
        if record is None:
            return None
        job = self.jobs.get(assessment_id)
        return {"assessment": self._out(record), "job": self._out({k: v for k, v in job.items() if k != "indexed"})
                if job else None, "history": self.company_years(record["company_id"]),
                "profile": self.profile(record["company_id"])}

    def claim_job(self, assessment_id: str, now: str, lease_until: str) -> bool:
        job = self.jobs.get(assessment_id)
        if job is None or not (job["status"] == "pending" or
                               (job["status"] == "sending" and job.get("lease_until", "") < now)):
            return False
        job.update(status="sending", lease_until=lease_until, attempts=job.get("attempts", 0) + 1)
        return True

    def mark_sent(self, assessment_id: str, message_id: str, now: str) -> None:
        job = self.jobs[assessment_id]
        job.update(status="sent", sent_at=now, message_id=message_id, indexed=False)
        job.pop("lease_until", None)

    def release_job(self, assessment_id: str, error: str) -> None:
        job = self.jobs[assessment_id]
        if job["status"] != "sending":
            raise WriteConflict()
        job.update(status="pending", last_error=error[:500])
        job.pop("lease_until", None)

    def fail_job(self, assessment_id: str, error: str, now: str) -> None:
        job = self.jobs.setdefault(assessment_id, {})
        job.update(status="failed", failed_at=now, last_error=error[:500], indexed=False)
        job.pop("lease_until", None)

    def failed_jobs(self) -> list:
        return [a for _, a in sorted((j.get("failed_at", ""), a) for a, j in self.jobs.items()
                                     if j.get("status") == "failed")]

    def retry_job(self, assessment_id: str, now: str) -> bool:
        job = self.jobs.get(assessment_id)
        if not job or job.get("status") != "failed":
            return False
        job.update(status="pending", indexed=True)
        job.pop("failed_at", None)
        return True

    def pending_jobs(self, created_before: str, limit: int = 100) -> list:
        waiting = sorted((j["created_at"], a) for a, j in self.jobs.items()
                         if j.get("indexed") and j["created_at"] < created_before)
        return [a for _, a in waiting[:limit]]

    # ---- companies ----
    def company_for_rfc(self, rfc: str):
        return self.rfcs.get(rfc)

    def companies_for_rfcs(self, rfcs: list) -> dict:
        return {r: self.rfcs[r] for r in rfcs if r in self.rfcs}

    def add_company(self, rfc: str, company_id: str) -> str:
        return self.rfcs.setdefault(rfc, company_id)

    def rfc_held(self, rfc: str) -> tuple:
        pending = [self._out(self.submission_records[s]) for s in sorted(self.rfc_pending.get(rfc, ()))
                   if (self.submission_records.get(s) or {}).get("status") == "pending"]
        drafts = [self._out(self.drafts[d]) for d in sorted(self.rfc_drafts.get(rfc, ())) if d in self.drafts]
        return pending, drafts

    def profile(self, company_id: str):
        profile = self._profile(company_id)
        if profile is None:
            return None
        out = self._out(profile)
        if self._view(company_id).get("awaiting_since"):
            out["awaiting_first_assessment"] = True
        return out

    def profiles(self, company_ids: list) -> dict:
        return {c: self.profile(c) for c in dict.fromkeys(company_ids) if self._profile(c) is not None}

    def update_profile(self, company_id: str, fields: dict) -> None:
        self._co(company_id).setdefault("profile", {}).update(copy.deepcopy(fields))

    def bump_link_version(self, company_id: str) -> None:
        profile = self._profile(company_id)
        if profile is None:
            raise WriteConflict()
        profile["link_version"] = profile.get("link_version", 0) + 1

    def add_verified(self, company_id: str, email: str) -> bool:
        profile = self._profile(company_id)
        if profile is None or email in (profile.get("verified") or []):
            return False
        profile["verified"] = [*(profile.get("verified") or []), email]
        return True

    def company_records(self, company_id: str) -> dict:
        c = self._view(company_id)
        years = [c["years"][y] for y in sorted(c["years"])]
        ids = list(c["pointers"]) + [y["assessment_id"] for y in years if y["assessment_id"] not in c["pointers"]]
        return self._out({"profile": self.profile(company_id), "years": years, "pledges": c["pledges"],
                          "attendance": list(c["attendance"].values()),
                          "reminders": [{k: v for k, v in r.items() if k != "indexed"}
                                        for r in c["reminders"].values()],
                          "listed": "listed_as" in c, "listing": c.get("listing"), "assessment_ids": ids})

    def assessments(self, assessment_ids: list) -> list:
        return [self._out(self.assessment_records[i]) for i in assessment_ids if i in self.assessment_records]

    def submissions(self, submission_ids: list) -> list:
        return [self._out(self.submission_records[i]) for i in submission_ids if i in self.submission_records]

    def scorecard_jobs(self, assessment_ids: list) -> list:
        return [self._out({k: v for k, v in self.jobs[i].items() if k != "indexed"})
                for i in assessment_ids if i in self.jobs]

    def company_years(self, company_id: str) -> list:
        years = self._view(company_id)["years"]
        return [self._out(years[y]) for y in sorted(years)]

    def registry_profiles(self) -> list:
        listed = sorted((c["listed_as"].casefold(), cid) for cid, c in self.company.items()
                        if "listed_as" in c and c.get("listing") != "review")
        return [p for _, cid in listed if (p := self.profile(cid)) is not None]

    def pledge_counts(self, now: str) -> tuple:
        until = [c["renew_by"] for c in self.company.values() if c.get("renew_by")]
        return sum(u > now for u in until), sum(u <= now for u in until)

    def directory(self) -> list:
        return sorted(self.rfcs.items())

    def listings_to_review(self) -> list:
        waiting = sorted((c["listed_as"].casefold(), cid) for cid, c in self.company.items()
                         if c.get("listing") == "review")
        return [cid for _, cid in waiting]

    def decide_listing(self, company_id: str, approve: bool, fields: dict) -> bool:
        c = self.company.get(company_id)
        if not c or c.get("listing") != "review":
            return False
        if approve:
            c["listing"] = "listed"
        else:
            c.pop("listing")
            c.pop("listed_as")
        c.setdefault("profile", {}).update(copy.deepcopy(fields))
        return True

    def unlist(self, company_id: str, fields: dict) -> bool:
        c = self.company.get(company_id)
        if not c or c.get("listing") != "listed":
            return False
        c.pop("listing")
        c.pop("listed_as")
        c.setdefault("profile", {}).update(copy.deepcopy(fields))
        return True

    def activities(self) -> list:
        return [self._out(a) for a in sorted(self.activities_by_id.values(),
                                             key=lambda a: (a.get("date", ""), a["activity_id"]), reverse=True)]

    def attendees(self, activity_id: str) -> list:
        return [self._out(r) for (a, _), r in self.attendance.items() if a == activity_id]

    def put_session(self, key: str, session: dict, expires: int) -> None:
        self.sessions[key] = copy.deepcopy(session)

    def session(self, key: str):
        return self._out(self.sessions.get(key))

    def delete_session(self, key: str) -> None:
        self.sessions.pop(key, None)

    def due_reminders(self, before: str) -> list:
        due = sorted((r["due"], cid, kind) for cid, c in self.company.items()
                     for kind, r in c.get("reminders", {}).items() if r.get("indexed") and r["due"] < before)
        return [(cid, kind) for _, cid, kind in due]

    def reminder(self, company_id: str, kind: str):
        r = self._view(company_id)["reminders"].get(kind)
        return self._out({k: v for k, v in r.items() if k != "indexed"}) if r else None

    def _reminder_at(self, company_id: str, kind: str, due: str) -> dict | None:
        r = self._view(company_id)["reminders"].get(kind)
        return r if r and r["due"] == due else None

    def claim_reminder(self, company_id, kind, due, now, lease_until) -> bool:
        r = self._reminder_at(company_id, kind, due)
        if r is None or not (r["status"] == "pending" or (r["status"] == "sending" and r.get("lease_until", "") < now)):
            return False
        r.update(status="sending", lease_until=lease_until)
        return True

    def finish_reminder(self, company_id, kind, due, status, now) -> None:
        r = self._reminder_at(company_id, kind, due)
        if r:
            r.update(status=status, done_at=now, indexed=False)
            r.pop("lease_until", None)

    def release_reminder(self, company_id, kind, due) -> None:
        r = self._reminder_at(company_id, kind, due)
        if r:
            r["status"] = "pending"
            r.pop("lease_until", None)

    def save_activity(self, activity: dict) -> bool:
        if activity["activity_id"] in self.activities_by_id:
            return False
        self.activities_by_id[activity["activity_id"]] = copy.deepcopy(activity)
        return True

    def activity(self, activity_id: str):
        return self._out(self.activities_by_id.get(activity_id))

    def record_attendance(self, activity_id, company_id, record, profile_add, kpi, profile_set, deltas=None) -> bool:
        if (activity_id, company_id) in self.attendance:
            return False
        for (year, key), counters in (deltas or {}).items():
            self._counters(year, {(None, key): counters}, {})
        self.attendance[(activity_id, company_id)] = copy.deepcopy(record)
        c = self._co(company_id)
        c["attendance"][activity_id] = copy.deepcopy(record)
        profile = c.setdefault("profile", {})
        _add(profile, profile_add)
        profile.update(copy.deepcopy(profile_set))
        _add(self.kpi, kpi)
        return True

    def block_company(self, company_id, blocked_at, year_deltas, kpi, listed=True, reminders=()) -> None:
        profile = self._profile(company_id)
        if profile is None or profile.get("blocked_at"):
            raise WriteConflict()
        c = self._co(company_id)
        profile.update(blocked_at=blocked_at, link_version=profile.get("link_version", 0) + 1)
        c.pop("awaiting_since", None)
        for year, deltas in year_deltas.items():
            self._counters(year, deltas, {})
        _add(self.kpi, kpi)
        if listed:
            c.pop("listed_as", None)
            c.pop("listing", None)
        c.pop("renew_by", None)
        for kind in reminders:
            c["reminders"].pop(kind, None)

    def blocked_before(self, before: str) -> list:
        return [cid for cid, c in self.company.items()
                if (c.get("profile") or {}).get("blocked_at") and c["profile"]["blocked_at"] < before]

    def delete_company(self, company_id: str, rfc: str | None = None) -> int:
        c = self.company.pop(company_id, None) or {}
        rfc = rfc or (c.get("profile") or {}).get("rfc")
        gone = 1 if c else 0
        ids = list(c.get("pointers", {})) + [y["assessment_id"] for y in c.get("years", {}).values()]
        for aid in dict.fromkeys(ids):
            record = self.assessment_records.pop(aid, None)
            gone += (record is not None) + (self.jobs.pop(aid, None) is not None)
            if record and record.get("submission_id"):
                gone += self.submission_records.pop(record["submission_id"], None) is not None
        for pledge in c.get("pledges", []):
            gone += self.submission_records.pop(pledge.get("submission_id"), None) is not None
        for activity_id in c.get("attendance", {}):
            gone += self.attendance.pop((activity_id, company_id), None) is not None
        if rfc:
            for sid in self.rfc_pending.pop(rfc, set()):
                gone += self.submission_records.pop(sid, None) is not None
            for did in self.rfc_drafts.pop(rfc, set()):
                gone += self.drafts.pop(did, None) is not None
            gone += self.rfcs.pop(rfc, None) is not None
        return gone

    # ---- audit and dashboard state ----
    def append_audit(self, entry: dict) -> None:
        self.audit.append((entry["at"], next(self._order), copy.deepcopy(entry)))

    def audit_month(self, yyyy_mm: str) -> list:
        return [self._out(e) for at, _, e in sorted(self.audit, key=lambda x: x[:2]) if at.startswith(yyyy_mm)]

    def get_meta(self, name: str) -> dict:
        return self._out(self.meta.get(name, {}))

    def put_meta(self, name: str, data: dict) -> None:
        self.meta[name] = copy.deepcopy(data)


class FakeQueue:
    """Keeps the jobs sent; `take()` hands them over as the worker would receive them."""

    def __init__(self):
        self.sent: list = []
        self.dead: list = []
        self.delays: list = []

    def send(self, job: dict) -> None:
        self.sent.append(copy.deepcopy(job))

    def delay(self, receipt_handle: str, seconds: int) -> None:
        self.delays.append((receipt_handle, seconds))

    def redrive(self, limit: int = 1000) -> int:
        moved, self.dead = self.dead[:limit], self.dead[limit:]
        self.sent += moved
        return len(moved)

    def dead_letters(self) -> int:
        return len(self.dead)

    def depth(self) -> dict:
        return {"waiting": len(self.sent), "in_flight": 0, "delayed": len(self.delays), "dead_letters": len(self.dead)}

    def take(self) -> list:
        jobs, self.sent = self.sent, []
        return jobs


class FakeMailer:
    """Accepts every message (or refuses, with `down`), keeping what it was given."""

    def __init__(self):
        self.outbox: list = []
        self.down = False

    def send(self, raw: bytes, sender: str, recipients: list) -> str:
        if self.down:
            raise ConnectionError("mail transport unavailable")
        self.outbox.append({"raw": raw, "from": sender, "to": list(recipients)})
        return f"fake-{len(self.outbox)}"

    def messages(self) -> list:
        from email import message_from_bytes, policy
        return [message_from_bytes(m["raw"], policy=policy.default) for m in self.outbox]


class FakeSink:
    """The dashboard's tabs as last written."""

    def __init__(self):
        self.tabs: dict = {}
        self.writes = 0

    def write(self, tabs: dict, layout: dict) -> int:
        self.tabs, self.writes = copy.deepcopy(tabs), self.writes + 1
        return 1
