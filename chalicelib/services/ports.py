"""The small interfaces services speak to. Adapters (DynamoDB, local stand-ins) implement them."""
from dataclasses import dataclass, field
from typing import Protocol


class DuplicateSubmission(Exception):
    """The submission_id is already stored: the caller replays the stored result."""


class WriteConflict(Exception):
    """Something the write depends on changed between read and write (or a concurrent transaction held an
    item): nothing was written; re-read and try again."""


@dataclass
class AssessmentContext:
    submission: dict | None          # stored submission with this id, if any
    company_year: dict | None        # the company's current assessment of the year, with its contribution
    profile: dict | None = None      # the company profile as it was before this submission
    published: dict = field(default_factory=dict)  # (year, cohort key) -> published snapshot entry
    company_id: str | None = None    # the company the RFC belongs to, if any submission for it was confirmed
    company_years: dict = field(default_factory=dict)  # year -> the company's record (this year and last)


@dataclass
class Confirmation:
    """What a confirmed submission writes besides its records: the pending one it settles, a new company."""
    submission_id: str | None = None         # the pending submission this applies (None: applied at once)
    rfc: str | None = None
    at: str | None = None                    # when it was confirmed
    new_company: str | None = None           # the RFC's company_id, when the RFC gets its company now


@dataclass
class Followups:
    """What keeps the annual cycle and the registry running, written in the submission's own transaction."""
    reminders: dict = field(default_factory=dict)  # kind -> due time (ISO): pending until sent
    dropped_reminders: tuple = ()                  # kinds no longer due
    listed_as: str | None = None                   # the name the public registry lists the company under
    unlisted: bool = False                         # the company left the registry (or never joined)
    listing_review: bool = False                   # a first listing: public only once staff approve it
    pledged_until: str | None = None               # the pledge's renew_by: active until then, lapsed after
    assessment: dict | None = None                 # {assessment_id, submission_id, year}: found by exports


@dataclass
class AssessmentWrite:
    year: int
    submission: dict | None                  # None when a pending submission is being confirmed
    assessment: dict
    company_year: dict
    previous_assessment_id: str | None
    profile: dict
    deltas: dict                     # (questionnaire version, cohort key) -> {counter: delta}
    job: dict = field(default_factory=dict)  # the scorecard e-mail job, written in the same transaction
    first_assessment: bool = False           # the company stops waiting for its first assessment
    kpi: dict = field(default_factory=dict)  # all-time KPI counters
    followups: Followups = field(default_factory=Followups)
    confirmation: Confirmation = field(default_factory=Confirmation)

    @property
    def company_id(self) -> str:
        return self.company_year["company_id"]


@dataclass
class PledgeWrite:
    year: int
    submission: dict | None
    pledge: dict
    profile: dict
    deltas: dict
    kpi: dict = field(default_factory=dict)
    awaiting_since: str | None = None        # from now the company waits for its first assessment
    followups: Followups = field(default_factory=Followups)
    confirmation: Confirmation = field(default_factory=Confirmation)

    @property
    def company_id(self) -> str:
        return self.pledge["company_id"]


class Submissions(Protocol):
    """Pledges and assessments as they arrive: idempotency records, pending confirmations, one write each."""

    def assessment_context(self, submission_id: str, rfc: str, year: int, cohort_keys, company_id: str | None = None,
                           with_company: bool = False, version: str | None = None) -> AssessmentContext: ...

    def pledge_context(self, submission_id: str, rfc: str, company_id: str | None = None,
                       with_company: bool = False) -> tuple: ...  # (submission, the RFC's company_id, its profile)

    def save_assessment(self, write: AssessmentWrite) -> None: ...  # DuplicateSubmission, WriteConflict

    def save_pledge(self, write: PledgeWrite) -> None: ...

    def submission(self, submission_id: str) -> dict | None: ...

    def assessment(self, assessment_id: str) -> dict | None: ...

    def save_pending(self, submission: dict, rfc: str, expires: int) -> None: ...  # DuplicateSubmission

    def claim_confirmation_mail(self, submission_id: str, to: list, now: str) -> bool: ...

    def release_confirmation_mail(self, submission_id: str) -> None: ...

    def use_stamp(self, mac: str, submission_id: str, expires: int) -> bool: ...

    def take_mail_allowance(self, day: str, limits: dict, expires: int) -> bool: ...

    def save_draft(self, draft: dict) -> None: ...

    def draft(self, draft_id: str) -> dict | None: ...

    def claim_draft_mail(self, draft_id: str, now: str) -> bool: ...

    def release_draft_mail(self, draft_id: str) -> None: ...

    def delete_draft(self, draft_id: str) -> None: ...  # the draft and what points to it


class Benchmarks(Protocol):
    """Live cohort counters, the published snapshot every figure is read from, and the programme's KPIs."""

    def aggregate_items(self) -> tuple: ...  # (live, published), keyed (year, version, cohort key)

    def published(self, year: int | None = None, version: str | None = None, prefix: str = "") -> dict: ...

    def publish(self, entries: dict, run: dict) -> None: ...  # also ends the run's claim

    def claim_snapshot(self, now: str, lease_until: str) -> bool: ...

    def release_snapshot(self) -> None: ...

    def snapshot_run(self) -> dict: ...

    def kpi_totals(self) -> dict: ...

    def count_awaiting_first_assessment(self, pledged_before: str) -> int: ...


class Jobs(Protocol):
    """Scorecard mail jobs: claimed before sending, so a retry never sends twice."""

    def scorecard_context(self, assessment_id: str) -> dict | None: ...

    def claim_job(self, assessment_id: str, now: str, lease_until: str) -> bool: ...

    def mark_sent(self, assessment_id: str, message_id: str, now: str) -> None: ...

    def release_job(self, assessment_id: str, error: str) -> None: ...

    def fail_job(self, assessment_id: str, error: str, now: str) -> None: ...

    def pending_jobs(self, created_before: str, limit: int = 100) -> list: ...

    def failed_jobs(self) -> list: ...  # assessment ids, oldest failure first

    def retry_job(self, assessment_id: str, now: str) -> bool: ...  # False: it had not failed


class Companies(Protocol):
    """Companies and what is filed under them: identity, verified addresses, records, the registry, reminders,
    activities and attendance, and the data-subject rights (block, delete)."""

    def company_for_rfc(self, rfc: str) -> str | None: ...

    def companies_for_rfcs(self, rfcs: list) -> dict: ...  # {rfc: company_id}

    def add_company(self, rfc: str, company_id: str) -> str: ...  # the RFC's company, whoever mapped it first

    def rfc_held(self, rfc: str) -> tuple: ...  # (its pending submissions, its saved drafts)

    def profile(self, company_id: str) -> dict | None: ...

    def profiles(self, company_ids: list) -> dict: ...  # {company_id: profile}

    def update_profile(self, company_id: str, fields: dict) -> None: ...

    def bump_link_version(self, company_id: str) -> None: ...

    def add_verified(self, company_id: str, email: str) -> bool: ...

    def company_records(self, company_id: str) -> dict: ...
    # {profile, years, pledges, attendance, reminders, listed, listing ("review"/"listed"/None), assessment_ids}

    def directory(self) -> list: ...  # [(rfc, company_id)] of every company, by RFC

    def pledge_counts(self, now: str) -> tuple: ...  # (active, lapsed): companies whose pledge runs past now, or not

    def listings_to_review(self) -> list: ...  # company ids whose first listing waits for approval

    def decide_listing(self, company_id: str, approve: bool, fields: dict) -> bool: ...  # False: not under review

    def unlist(self, company_id: str, fields: dict) -> bool: ...  # out of the registry; False: it was not in it

    def activities(self) -> list: ...  # newest first

    def attendees(self, activity_id: str) -> list: ...

    def assessments(self, assessment_ids: list) -> list: ...

    def submissions(self, submission_ids: list) -> list: ...  # the records of those that exist, in that order

    def scorecard_jobs(self, assessment_ids: list) -> list: ...  # the scorecard mail jobs of those assessments

    def company_years(self, company_id: str) -> list: ...  # oldest first

    def registry_profiles(self) -> list: ...

    def due_reminders(self, before: str) -> list: ...  # [(company_id, kind)]

    def reminder(self, company_id: str, kind: str) -> dict | None: ...

    def claim_reminder(self, company_id: str, kind: str, due: str, now: str, lease_until: str) -> bool: ...

    def finish_reminder(self, company_id: str, kind: str, due: str, status: str, now: str) -> None: ...

    def release_reminder(self, company_id: str, kind: str, due: str) -> None: ...

    def save_activity(self, activity: dict) -> bool: ...  # False: the identifier is taken

    def activity(self, activity_id: str) -> dict | None: ...

    def record_attendance(self, activity_id: str, company_id: str, record: dict, profile_add: dict, kpi: dict,
                          profile_set: dict, deltas: dict | None = None) -> bool: ...
    # False: already recorded. deltas: (year, cohort key) -> counters of the year's pledge cohorts

    def block_company(self, company_id: str, blocked_at: str, year_deltas: dict, kpi: dict, listed: bool = True,
                      reminders: tuple = ()) -> None: ...  # also takes the registry entry and those reminders out

    def blocked_before(self, before: str) -> list: ...  # company ids

    def delete_company(self, company_id: str, rfc: str | None = None) -> int: ...


class Audit(Protocol):
    def append_audit(self, entry: dict) -> None: ...

    def audit_month(self, yyyy_mm: str) -> list: ...  # oldest first


class StaffSessions(Protocol):
    """The staff console's sessions, under a hash of the id the cookie carries."""

    def put_session(self, key: str, session: dict, expires: int) -> None: ...

    def session(self, key: str) -> dict | None: ...

    def delete_session(self, key: str) -> None: ...


class DashboardState(Protocol):
    """What the dashboard sync remembers between runs (the sheet's layout version, rows written)."""

    def get_meta(self, name: str) -> dict: ...

    def put_meta(self, name: str, data: dict) -> None: ...


class Store(Submissions, Benchmarks, Jobs, Companies, Audit, StaffSessions, DashboardState, Protocol):
    """Everything the service keeps. One table in AWS; services ask for the part they use."""


class DashboardSink(Protocol):
    """Where the dashboard's tabs go: the Google Sheet in AWS, an XLSX file locally."""

    def write(self, tabs: dict, layout: dict) -> int: ...  # how many requests it took


class Queue(Protocol):
    """Carries mail jobs (scorecards, confirmations, reminders, access links) to the worker: SQS in AWS and in
    the local run."""

    def send(self, job: dict) -> None: ...

    def delay(self, receipt_handle: str, seconds: int) -> None: ...  # back off a failed message

    def redrive(self, limit: int = 1000) -> int: ...  # dead letters back to the queue

    def dead_letters(self) -> int: ...  # how many wait in the dead-letter queue (approximate)

    def depth(self) -> dict: ...  # {waiting, in_flight, delayed, dead_letters}


class Mailer(Protocol):
    """Sends one raw MIME message; returns the transport's message id."""

    def send(self, raw: bytes, sender: str, recipients: list) -> str: ...
