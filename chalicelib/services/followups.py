"""The items that keep the annual cycle and the registry running, written in the submission's own transaction.

  CO#<id> / LISTING          the company opted in to the public registry (sparse index: gsi1pk "REGISTRY")
  CO#<id> / REMIND#<kind>    a reminder, pending until sent (sparse index: gsi1pk "REMIND", gsi1sk due date)
  CO#<id> / A#<assessment>   pointer to each assessment, so an export or deletion finds every record
"""
from ..domain import cycle
from . import common

REGISTRY, REMIND = "REGISTRY", "REMIND"


def reminder(company_id: str, kind: str, due) -> tuple:
    due_iso = common.iso(due)
    return (f"CO#{company_id}", f"REMIND#{kind}",
            {"company_id": company_id, "kind": kind, "due": due_iso, "status": "pending",
             "gsi1pk": REMIND, "gsi1sk": f"{due_iso}#{company_id}#{kind}"})


def _sort_name(name: str) -> str:
    """The name as the registry sorts it, bounded in bytes (an index key holds at most 1,024; casefolding can
    triple a letter's size)."""
    return name.casefold().encode()[:600].decode(errors="ignore")


def on_pledge(company_id: str, before: dict | None, response: dict, name: str, first_days: int) -> tuple:
    """(puts, deletes) for a pledge: registry entry (or its removal), renewal reminder, first-assessment nudge."""
    puts, deletes = [reminder(company_id, "renewal", cycle.due_renewal(response["renew_by"]))], []
    if response["public_listing"]:
        puts.append((f"CO#{company_id}", "LISTING", {"company_id": company_id, "gsi1pk": REGISTRY,
                                                     "gsi1sk": f"{_sort_name(name)}#{company_id}"}))
    else:
        deletes.append((f"CO#{company_id}", "LISTING"))
    if not (before or {}).get("first_assessment_year") and not (before or {}).get("last_assessment_at"):
        puts.append(reminder(company_id, "first", cycle.due_first(response["signed_at"], first_days)))
    return puts, deletes


def on_assessment(company_id: str, assessment_id: str, submission_id: str, year: int, created_at: str) -> tuple:
    """(puts, deletes) for an assessment: the pointer, next year's invitation; no more first-assessment nudge."""
    puts = [(f"CO#{company_id}", f"A#{assessment_id}", {"assessment_id": assessment_id,
                                                        "submission_id": submission_id, "year": year}),
            reminder(company_id, "reassess", cycle.due_reassess(created_at))]
    return puts, [(f"CO#{company_id}", "REMIND#first")]
