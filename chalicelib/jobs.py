"""Entry points off the request path: the mail-job worker (one SQS message) and the schedules (sweeper,
dashboard sync, benchmark snapshot, daily cycle). app.py routes the events here; the local run calls them too."""
import json
import logging
import re

from . import bootstrap, observability
from .services import scorecards

log = logging.getLogger("integra")


class RunFailed(Exception):
    """What an entry point re-raises once the real failure is logged (scrubbed): the queue and Lambda's retries
    see a failure, and the runtime's own log line carries no text from the original exception."""


IDS = ("submission_id", "assessment_id", "company_id", "draft_id", "pledge_id", "reminder")  # never rfc, email, to


_ID = re.compile(r"[A-Za-z0-9_.:-]{1,80}")  # what our ids look like: anything else is not written out


def job_ref(job) -> dict:
    """What a log line may say about a job: its kind and ids (addresses and RFCs stay out; a value that is not
    shaped like an id, as a malformed message might carry, is said to be one)."""
    if not isinstance(job, dict):
        return {"job_kind": "unreadable"}

    def said(value) -> str:
        return str(value) if _ID.fullmatch(str(value)) else "not-an-id"
    return {"job_kind": said(job.get("kind") or "scorecard"),
            **{k: said(job[k]) for k in IDS if isinstance(job.get(k), (str, int))}}


def handle_message(body: str, receive_count: int, receipt_handle: str | None) -> str:
    """Process one queued job (a scorecard, a draft's link, a reminder, a self-service link, a confirmation
    request, an address check or a change notice). On failure: back off, then raise so the queue keeps it."""
    w = bootstrap.wiring()
    try:
        job = json.loads(body)
    except ValueError:
        job = None
    ref = job_ref(job)
    observability.unbind("job_kind", "receive_count", *IDS)  # the last job's ids (the local run: one process)
    observability.bind(**ref, receive_count=receive_count)
    try:
        kind = job.get("kind") if isinstance(job, dict) else None
        if kind == "draft":
            from .services import drafts
            outcome = drafts.process(job, w.store, w.mailer, w.config, w.clock())
        elif kind == "reminder":
            from .services import reminders
            outcome = reminders.process(job, w.store, w.mailer, w.config, w.clock())
        elif kind == "access":
            from .services import selfservice
            outcome = selfservice.send_link(job, w.store, w.mailer, w.config, w.clock())
        elif kind == "pledged":
            from .services import pledges
            outcome = pledges.welcome(job, w.store, w.mailer, w.config, w.clock())
        elif kind in ("confirm", "verify", "notice"):
            from .services import confirmations
            send = {"confirm": confirmations.send_request, "verify": confirmations.send_verify,
                    "notice": confirmations.send_notice}[kind]
            outcome = send(job, w.store, w.mailer, w.config, w.clock())
        else:
            outcome = scorecards.process(job, w.store, w.mailer, w.config, w.clock())
    except Exception:
        log.exception("job failed (receive %s)", receive_count)
        observability.count("MailFailures")  # one series, the alarm's; the kind is on the log line
        if receipt_handle and w.queue:
            try:
                w.queue.delay(receipt_handle, scorecards.backoff_seconds(receive_count))
            except Exception:
                log.exception("could not set the retry backoff")
        raise RunFailed(f"job failed: {ref['job_kind']}") from None
    log.info("job done: %s", outcome)
    _count(ref["job_kind"], outcome)
    return outcome


def _count(kind: str, outcome: str) -> None:
    """A job's metric, from its outcome: sent, capped (a mail cap was spent), or a scorecard that cannot be
    built (it will not be retried: staff retry it from the console once the cause is fixed)."""
    if outcome == "sent":
        observability.count("MailsSent", kind=kind)
        if kind == "scorecard":
            observability.count("ScorecardsSent")
    elif outcome == "capped":
        observability.count("MailCapsHit", kind=kind)
    elif outcome.startswith("failed"):
        observability.count("ScorecardsFailed")


def scheduled(run):
    """A schedule's entry: its failure logged here (scrubbed, with its traceback), then RunFailed for Lambda."""
    try:
        return run()
    except RunFailed:
        raise
    except Exception:
        log.exception("%s failed", getattr(run, "__name__", "schedule"))
        raise RunFailed(f"{getattr(run, '__name__', 'schedule')} failed") from None


def sweep() -> int:
    w = bootstrap.wiring()
    if w.queue is None:
        return 0
    return scorecards.sweep(w.store, w.queue, w.clock())


def sync_dashboard(remaining_ms=None) -> dict:
    """The scheduled (and staff-run) dashboard sync. A failure is logged and counted; the next run rewrites all."""
    import os

    from .adapters.dashboard_sinks import RetryBudget, SheetsSink
    from .services import dashboard
    w = bootstrap.wiring()
    sink = w.dashboard_sink
    if not isinstance(sink, SheetsSink) and os.environ.get("AWS_LAMBDA_FUNCTION_NAME"):
        log.warning("dashboard sync skipped: set DASHBOARD_SHEET_ID and put the key in GOOGLE_SA_SECRET_ID")
        return {"skipped": "no Google Sheet configured"}
    if isinstance(sink, SheetsSink):
        sink.budget = RetryBudget(remaining_ms)
    try:
        result = dashboard.sync(w.store, sink, w.clock(), w.config.dashboard_first_year, w.config.first_assessment_days)
    except Exception:
        log.exception("dashboard sync failed")
        observability.count("DashboardSyncs", outcome="failed")
        _sync_state(w, ok=False)
        raise RunFailed("dashboard sync failed") from None
    log.info("dashboard synced: %s", result)
    observability.count("DashboardSyncs", outcome="ok")
    observability.count("SheetsRequests", value=result["requests"])
    _sync_state(w, ok=True, requests=result["requests"])
    return result


def _sync_state(w, ok: bool, requests: int = 0) -> None:
    """When the dashboard last synced, and how many runs in a row failed (GET /staff/health)."""
    from .services import common
    try:
        before = w.store.get_meta("sync")
        now = common.iso(w.clock())
        w.store.put_meta("sync", {**before, "last_run": now, "ok": ok, "requests": requests,
                                  **({"last_ok": now, "failing": 0} if ok else
                                     {"failing": int(before.get("failing", 0)) + 1})})
    except Exception:  # the state is for staff; a sync's own outcome must not depend on it
        log.exception("could not record the dashboard sync")


def snapshot() -> dict:
    """The scheduled (and staff-run) benchmark snapshot: what every published figure is read from."""
    from .services import snapshots
    from .services.errors import SnapshotRunning
    w = bootstrap.wiring()
    try:
        result = snapshots.take(w.store, w.clock(), w.config.benchmark_min_change)
    except SnapshotRunning:
        log.info("benchmark snapshot: another run is in progress")
        observability.count("SnapshotRuns", outcome="skipped")
        return {"skipped": "another snapshot is being taken"}
    log.info("benchmark snapshot: %s", result)
    observability.count("SnapshotRuns", outcome="ok")
    observability.count("CohortsPublished", value=int(result.get("published", 0)))
    return result


def daily() -> dict:
    """The daily schedule: queue the reminders due today; delete companies whose blocking period is over."""
    from .services import arco, reminders
    w = bootstrap.wiring()
    now = w.clock()
    result = {"reminders": reminders.run(w.store, w.queue, now) if w.queue else 0,
              "deleted": arco.purge(w.store, now, w.config.arco_block_days)}
    log.info("daily: %s", result)
    observability.count("RemindersQueued", value=result["reminders"])
    observability.count("CompaniesPurged", value=result["deleted"])
    return result
