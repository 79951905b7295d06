"""What a use case refuses, said as facts. The API decides the status and the words (one table in api/http.py);
services know no HTTP. ``lang`` is the submission's own language, when it has one."""


class ServiceError(Exception):
    def __init__(self, lang: str | None = None, **params):
        super().__init__(type(self).__name__)
        self.lang, self.params = lang, params


class Busy(ServiceError):
    """Other writes to the same records won every attempt: nothing was written; try again shortly."""


class SubmissionConflict(ServiceError):
    """The submission_id was already used for other content: nothing changes."""


class Superseded(ServiceError):
    """A newer assessment of the company was saved after this pending one was sent."""


class ReplacedToday(ServiceError):
    """The company's assessment of the year was already replaced today (Mexico City time); params: retry_after."""


class Refused(ServiceError):
    """The link is not (or no longer) good for this: tampered, expired, another company's, or a blocked one."""


class AlreadyConfirmed(ServiceError):
    """A second click: nothing more to do."""


class UnknownCompany(ServiceError):
    """Nothing is held about this company."""


class AlreadyBlocked(ServiceError):
    """The company is blocked already (ARCO cancellation, step one, was done)."""


class NotDeletable(ServiceError):
    """Not blocked, or its blocking period is not over; params: days."""


class SnapshotRunning(ServiceError):
    """Another benchmark snapshot is being taken."""


class RosterTooLarge(ServiceError):
    """A roster over the size limits; params: mb, unzipped."""


class RosterTooManyRows(ServiceError):
    """A roster over the row limit; params: rows."""


class NotUnderReview(ServiceError):
    """The listing was decided already, or the company withdrew it."""


class NothingChanged(ServiceError):
    """A correction that changes nothing: nothing is written, no link revoked, nobody told."""


class ActivityExists(ServiceError):
    """An activity with that identifier was recorded already (open it; its attendance counts under it)."""


class ListingNameChanged(ServiceError):
    """The company's name changed since the page staff decided on was shown."""
