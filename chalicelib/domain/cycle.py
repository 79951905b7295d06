"""The annual cycle of a signatory: when each reminder is due and where a company stands. Pure.

A pledge lasts a year (`renew_by`). The first self-assessment is due within `first_days` of the pledge; after
that, one assessment a year. Reminders: the first-assessment nudge at `first_days`, the renewal reminder 30 days
before `renew_by`, and the re-assessment invitation 11 months after the last assessment.
"""
from datetime import datetime, timedelta

RENEWAL_NOTICE = timedelta(days=30)
REASSESS_AFTER_MONTHS = 11
KINDS = ("first", "renewal", "reassess")


def add_months(moment: datetime, months: int) -> datetime:
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    for day in (moment.day, 30, 29, 28):  # the 31st of a shorter month falls back to its last day
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise ValueError(moment)


def parse(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def due_first(signed_at: str, first_days: int) -> datetime:
    return parse(signed_at) + timedelta(days=first_days)


def due_renewal(renew_by: str) -> datetime:
    return parse(renew_by) - RENEWAL_NOTICE


def due_reassess(assessed_at: str) -> datetime:
    return add_months(parse(assessed_at), REASSESS_AFTER_MONTHS)


def assessment_standing(profile: dict, now: datetime, year: int, first_days: int) -> str:
    """"yes" (assessed this cycle), "due" or "overdue"."""
    if profile.get("last_assessment_year") is not None and int(profile["last_assessment_year"]) >= year:
        return "yes"
    last = profile.get("last_assessment_at")
    if last:
        return "overdue" if now > add_months(parse(last), 12) else "due"
    signed = profile.get("signed_at")
    return "overdue" if signed and now > due_first(signed, first_days) else "due"


def pledge_standing(profile: dict, now: datetime) -> str:
    """"active" until `renew_by`, then "lapsed" until the company renews."""
    renew_by = profile.get("renew_by")
    return "lapsed" if renew_by and now > parse(renew_by) else "active"
