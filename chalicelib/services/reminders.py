"""Use case: the daily reminders of the annual cycle, each sent once, in the company's language.

The daily schedule asks the store for the reminders due (an index, never a Scan) and queues one mail job each. The
worker claims a reminder before sending and takes it out of the index
once sent, so a second run or a retried message sends nothing.
"""
from datetime import datetime, time, timedelta

from ..i18n import message
from . import common, identity, notices, selfservice

LEASE = timedelta(minutes=5)


def end_of_day(now) -> str:
    """Midnight after today, Mexico City time, as the index's sort key bound: all of today's reminders go today."""
    local = now.astimezone(common.MEXICO_CITY).date() + timedelta(days=1)
    return common.iso(datetime.combine(local, time(0), common.MEXICO_CITY))


def run(store, queue, now) -> int:
    due = store.due_reminders(before=end_of_day(now))
    for company_id, kind in due:
        queue.send({"kind": "reminder", "company_id": company_id, "reminder": kind})
    return len(due)


def _recipients(profile: dict) -> list:
    """Verified addresses only: the contact's if verified, else the company's verified ones."""
    return identity.recipients(profile, (profile.get("contact") or {}).get("email"))


def _obsolete(kind: str, profile: dict) -> bool:
    return bool(profile.get("blocked_at")) or kind == "first" and profile.get("first_assessment_year") is not None


def process(job: dict, store, mailer, cfg, now) -> str:
    company, kind = str(job.get("company_id")), str(job.get("reminder"))
    item = store.reminder(company, kind)
    if item is None or item["status"] not in ("pending", "sending"):
        return "nothing to send"
    if item["due"] >= end_of_day(now):  # a renewal moved the date on after this job was queued
        return "not due yet"
    profile = store.profile(company) or {}
    to = _recipients(profile)
    if _obsolete(kind, profile) or not to:
        store.finish_reminder(company, kind, item["due"], "skipped", common.iso(now))
        return "skipped"
    if not store.claim_reminder(company, kind, item["due"], common.iso(now), common.iso(now + LEASE)):
        return "claimed by another worker"
    lang = profile.get("lang", "es")
    try:
        form = "pledge" if kind == "renewal" else "assessment"
        token = selfservice.new_token(cfg, company, profile, now)
        link = f"{cfg.public_api_url}/forms/{form}?lang={lang}&company={token}"
        dates = {"renew": (profile.get("renew_by") or "")[:10], "company": profile.get("name", "")}
        msg = notices.compose(cfg, ", ".join(to), lang, message(f"remind_{kind}_subject", lang, **dates),
                              [message(f"remind_{kind}_body", lang, **dates), link, message("remind_footer", lang)],
                              link, f"remind.{kind}.{company}.{item['due'][:10]}")
        notices.send(mailer, cfg, msg)
    except Exception:
        store.release_reminder(company, kind, item["due"])
        raise
    store.finish_reminder(company, kind, item["due"], "sent", common.iso(now))
    return "sent"
