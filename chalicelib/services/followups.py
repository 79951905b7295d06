"""What a submission sets going for the annual cycle and the registry: reminders, the registry entry, the
pointer to each assessment. Written in the submission's own transaction (the store decides how)."""
from ..domain import cycle
from . import common
from .ports import Followups


def on_pledge(before: dict | None, response: dict, name: str, first_days: int) -> Followups:
    """Renewal reminder, registry entry (or its removal), first-assessment nudge. A company staff never approved
    for the registry waits for that approval before it is public."""
    f = Followups(reminders={"renewal": common.iso(cycle.due_renewal(response["renew_by"]))},
                  pledged_until=response["renew_by"])
    if response["public_listing"]:
        f.listed_as = name
        f.listing_review = not (before or {}).get("listing_approved_at")
    else:
        f.unlisted = True
    if not (before or {}).get("first_assessment_year") and not (before or {}).get("last_assessment_at"):
        f.reminders["first"] = common.iso(cycle.due_first(response["signed_at"], first_days))
    return f


def on_assessment(assessment_id: str, submission_id: str, year: int, created_at: str) -> Followups:
    """The pointer, next year's invitation; no more first-assessment nudge."""
    return Followups(reminders={"reassess": common.iso(cycle.due_reassess(created_at))}, dropped_reminders=("first",),
                     assessment={"assessment_id": assessment_id, "submission_id": submission_id, "year": year})
