"""Use case: render and e-mail one scorecard; re-enqueue jobs a lost queue message left behind.

Delivery guarantee (at least once, duplicates only in a crash window): the worker claims the job with a lease
*before* sending, so a retry of a job whose mail is out (status "sent") or being sent (lease running) sends
nothing. The status becomes "sent" right after the mail transport accepts the message. Only a crash between
that acceptance and the status write (milliseconds) leaves the job "sending"; when its lease runs out, the
sweeper sends it again. We chose this over at-most-once because a lost scorecard is worse than, in that rare
case, a second copy, and the stable Message-ID lets mail clients fold the copy into one.
"""
import json
import logging
from datetime import timedelta
from email import policy

from .. import catalogue
from ..config import link_key
from ..domain import links
from . import common, identity, scorecard_mail

log = logging.getLogger("integra")

LEASE = timedelta(minutes=5)
SWEEP_AFTER = timedelta(minutes=2)  # the fast path normally delivers a job within seconds


class PoisonJob(Exception):
    """A job that can never succeed (unknown assessment): let the queue retry it into the dead-letter queue."""


def scorecard_url(cfg, assessment_id: str, profile: dict | None, expires: int) -> str:
    """A download link bound to the company's link version (revoking the company's links revokes it too)."""
    token = links.sign(link_key(cfg), "scorecard", identity.versioned(assessment_id, profile), expires)
    return f"{cfg.public_api_url}/assessments/{assessment_id}/scorecard.xlsx?token={token}"


def scorecard_link(cfg, assessment_id: str, profile: dict | None, now) -> tuple:
    expires = now + timedelta(days=cfg.link_ttl_days)
    return scorecard_url(cfg, assessment_id, profile, int(expires.timestamp())), expires


def downloadable(cfg, ctx: dict | None, assessment_id: str, token: str | None, now) -> bool:
    """A genuine, current, unexpired link for this assessment of a company that is not blocked."""
    if ctx is None or (ctx.get("profile") or {}).get("blocked_at"):
        return False
    return links.verify(link_key(cfg), "scorecard", identity.versioned(assessment_id, ctx.get("profile")), token,
                        int(now.timestamp()))


def render(ctx: dict, with_history: bool = True) -> bytes:
    """The workbook of one assessment; with the company's earlier years unless ``with_history`` is False (the
    result page's download: what that page shows, and nothing of the company's past)."""
    from ..scorecard import workbook  # openpyxl only on the worker path
    from . import present
    record = ctx["assessment"]
    # progress up to the scorecard's own year: a 2026 scorecard sent again later does not show 2027
    years = [y for y in ctx.get("history") or [] if int(y["year"]) <= int(record.get("year") or 9999)]
    return workbook.build(catalogue.load(record["questionnaire_version"]),
                          {**ctx, "progress": present.progress_of(years) if with_history else None})


def process(job: dict, store, mailer, cfg, now) -> str:
    """Send one job's e-mail. Returns what happened; raises to make the queue retry."""
    assessment_id = job.get("assessment_id") if isinstance(job, dict) else None
    ctx = store.scorecard_context(assessment_id) if isinstance(assessment_id, str) else None
    if ctx is None or ctx["job"] is None or not isinstance(assessment_id, str):
        raise PoisonJob("no assessment or job for the message's id")  # the id is on the log line, if it is one
    if ctx["job"]["status"] == "sent":
        return "already sent"
    profile = ctx.get("profile") or {}
    record = ctx["assessment"]
    to = ctx["job"].get("to") or identity.recipients(profile, record["contact"]["email"])
    if profile.get("blocked_at") or not to:
        return "not sent: no verified address"
    if not store.claim_job(assessment_id, common.iso(now), common.iso(now + LEASE)):
        return "claimed by another worker"
    try:
        link, expires = scorecard_link(cfg, assessment_id, profile, now)
        msg = scorecard_mail.compose(record, json.loads(record["result"]), render(ctx), cfg, link,
                                     expires.date().isoformat(), [str(a) for a in to])
    except Exception as exc:  # building the workbook or the mail: the same data fail the same way every time
        log.exception("scorecard %s cannot be built", assessment_id)  # not retried to the DLQ: ScorecardsFailed
        store.fail_job(assessment_id, f"{type(exc).__name__}: {exc}", common.iso(now))
        return "failed: cannot be built"
    try:
        message_id = mailer.send(msg.as_bytes(policy=policy.SMTP), scorecard_mail.address(cfg.mail_from),
                                 [str(a) for a in to])
    except Exception as exc:
        store.release_job(assessment_id, f"{type(exc).__name__}: {exc}")
        raise
    store.mark_sent(assessment_id, message_id or "", common.iso(now))
    return "sent"


def sweep(store, queue, now) -> int:
    """Re-enqueue jobs still pending a while after their submission (a lost queue message, an expired lease)."""
    ids = store.pending_jobs(common.iso(now - SWEEP_AFTER))
    for assessment_id in ids:
        queue.send({"assessment_id": assessment_id})
    return len(ids)


def backoff_seconds(receive_count: int) -> int:
    """30 s, 60 s, 120 s … capped at 15 minutes, before the queue's redrive policy moves it to the DLQ."""
    return min(900, 30 * 2 ** max(0, receive_count - 1))
