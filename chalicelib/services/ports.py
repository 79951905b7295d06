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


class Store(Protocol):
    def assessment_context(self, submission_id: str, company_id: str, year: int, cohort_keys) -> AssessmentContext: ...

    def save_assessment(self, write: AssessmentWrite) -> None: ...

    def save_pledge(self, write: PledgeWrite) -> None: ...

    def submission(self, submission_id: str) -> dict | None: ...

    def pledge_context(self, submission_id: str, company_id: str) -> tuple: ...  # (submission, profile)

    def aggregate_items(self) -> tuple: ...  # (live, published), keyed (year, version, cohort key)

    def published(self, year: int | None = None, version: str | None = None, prefix: str = "") -> dict: ...

    def publish(self, entries: dict, run: dict) -> None: ...  # also ends the run's claim

    def claim_snapshot(self, now: str, lease_until: str) -> bool: ...

    def release_snapshot(self) -> None: ...

    # scorecard jobs
    def scorecard_context(self, assessment_id: str) -> dict | None: ...

    def claim_job(self, assessment_id: str, now: str, lease_until: str) -> bool: ...

    def mark_sent(self, assessment_id: str, message_id: str, now: str) -> None: ...

    def release_job(self, assessment_id: str, error: str) -> None: ...

    def fail_job(self, assessment_id: str, error: str, now: str) -> None: ...

    def pending_jobs(self, created_before: str, limit: int = 100) -> list: ...


class Queue(Protocol):
    """Carries scorecard jobs to the worker (SQS in AWS and in the local run)."""

    def send(self, job: dict) -> None: ...


class Mailer(Protocol):
    """Sends one raw MIME message; returns the transport's message id."""

    def send(self, raw: bytes, sender: str, recipients: list) -> str: ...
