"""Staff HTTP handlers (JSON): activities and rosters, ARCO requests, listing approvals, re-drives, the dashboard
and snapshot now, the audit log. The console (console_http) calls the same actions from its forms.

Staff are a person's console session or a script's token (staff_auth): missing, 401; wrong, 403. `staff_action`
is every route's prologue: it says who is calling, checks a session's CSRF token on a change, and hands the
handler an `audit(target, details)` that writes the action to the audit log as theirs.
"""
import functools
import json
import re
import urllib.parse

from .. import bootstrap, catalogue
from ..errors import ApiError, invalid
from ..i18n import message
from ..services.errors import ServiceError, SnapshotRunning
from . import http


def staff(request, lang: str, guarded_read: bool = False) -> str:
    """Who the staff caller is, or 401 / 403. A session's change, or a read that is itself an audited act (an ARCO
    export, a report), must carry its CSRF token: a link on another site cannot make a browser do either."""
    from . import staff_auth
    caller = staff_auth.identify(request, lang)
    if request.method not in ("GET", "HEAD") or guarded_read:
        staff_auth.check_csrf(request, caller, lang)
    return caller.who


def auditor(who: str, action: str):
    return lambda target, details=None: _audit(who, action, target, details)


def _audit(who: str, action: str, target: str, details: dict | None = None) -> None:
    from ..services import audit
    w = bootstrap.wiring()
    audit.record(w.store, who, action, target, w.clock(), details)


def staff_action(action: str, guarded_read: bool = False):
    """The staff prologue: who is calling (401/403), then the handler, given `audit(target, details=None)`."""
    def wrap(handler):
        @functools.wraps(handler)
        def run(request, lang):
            return handler(request, lang, auditor(staff(request, lang, guarded_read), action))
        return run
    return wrap


def _scalars(result: dict) -> dict:
    """What of a job's result goes into the audit log: its counts and words."""
    return {k: v for k, v in result.items() if isinstance(v, (int, str))}


def _rfc(rfc_text: str, lang: str) -> str:
    from ..domain import rfc as rfc_rules
    checked = rfc_rules.check(urllib.parse.unquote(rfc_text))
    if checked.error or not checked.rfc:
        raise invalid(lang, [("rfc", checked.error or "rfc_invalid", {})])
    return checked.rfc


def company_of(segment: str, lang: str) -> str:
    """The company a staff route names, by its id (the console's links) or its RFC (scripts): 404 when unknown."""
    from ..services.identity import is_company_id
    w = bootstrap.wiring()
    if is_company_id(segment):
        company = segment if w.store.profile(segment) is not None else None
    else:
        company = w.store.company_for_rfc(_rfc(segment, lang))
    if company is None:
        raise ApiError(404, "company_unknown", lang)
    return company


def company_and_rfc(segment: str, lang: str) -> tuple:
    """(company id or None, RFC) for a route's segment: an RFC with only unconfirmed submissions or drafts has no
    company yet; a company id must be known."""
    from ..services.identity import is_company_id
    w = bootstrap.wiring()
    if is_company_id(segment):
        profile = w.store.profile(segment)
        if profile is None:
            raise ApiError(404, "company_unknown", lang)
        return segment, profile.get("rfc") or ""
    rfc = _rfc(segment, lang)
    return w.store.company_for_rfc(rfc), rfc


# ---- the actions, shared by the JSON routes below and the console's forms ----
def check_activity(data: dict, lang: str):
    """A new activity's fields, validated (422 in the request's language)."""
    from . import validation
    from .schemas import ActivityIn
    payload = validation.model(ActivityIn, data, lang)
    dims = [d.id for d in catalogue.current().dimensions]
    bad = [(f"topics.{i}", "topic_unknown", {"expected": ", ".join(dims)}) for i, t in enumerate(payload.topics)
           if t not in dims]
    if bad:
        raise invalid(lang, bad)
    return payload


def create_activity(payload, audit) -> dict:
    from ..services import activities
    w = bootstrap.wiring()
    record = activities.save(w.store, payload.model_dump(), w.clock())
    audit(payload.activity_id, {"title": payload.title})
    return record


def known_activity(activity_id: str, lang: str) -> dict:
    w = bootstrap.wiring()
    # the id's own shape (ActivityIn) before it becomes a storage key
    activity = w.store.activity(activity_id) if re.fullmatch(r"[A-Za-z0-9_.-]{2,64}", activity_id) else None
    if activity is None:
        raise ApiError(404, "activity_unknown", lang)
    return activity


def roster_rows(raw: bytes, content_type: str, lang: str) -> list:
    """A roster's rows: JSON {"rfcs": [...]}, CSV or XLSX; 400/413/422 when it cannot be read."""
    from ..services import activities
    try:
        if len(raw) > activities.MAX_BYTES:
            raise activities.too_large()
        if content_type.startswith("application/json"):
            data = json.loads(raw or b"{}")
            rfcs = data.get("rfcs") if isinstance(data, dict) else None
            if not isinstance(rfcs, list):
                raise invalid(lang, [("rfcs", "list_type", {})])
            return activities.capped([["rfc"]] + [[r] for r in rfcs])
        return activities.rows_from(raw, content_type)
    except (ApiError, ServiceError):
        raise
    except Exception:  # not CSV, not a workbook, not UTF-8: say so rather than fail
        raise ApiError(400, "roster_unreadable", lang) from None


def record_attendance(activity: dict, rows: list, lang: str, audit) -> dict:
    from ..services import activities
    w = bootstrap.wiring()
    result = activities.attend(w.store, activity, rows, w.clock())
    for row in result["rejected"]:
        row["message"] = message(row["code"], lang)
    audit(activity["activity_id"], {"accepted": result["accepted"], "rejected": len(result["rejected"])})
    return result


def redrive_mail(audit) -> dict:
    queue = bootstrap.wiring().queue
    moved = queue.redrive() if queue else 0
    audit("dead-letter queue", {"moved": moved})
    return {"moved": moved}


def retry_scorecard(assessment_id: str, lang: str, audit) -> dict:
    from ..services.identity import is_company_id as is_uuid
    w = bootstrap.wiring()
    if not (is_uuid(assessment_id) and w.store.retry_job(assessment_id, w.clock().isoformat(timespec="seconds"))):
        raise ApiError(404, "job_not_failed", lang)
    audit(assessment_id)
    return {"assessment_id": assessment_id, "retrying": True}


def sync_now(audit, lang: str = "es") -> dict:
    from .. import jobs
    try:
        result = jobs.sync_dashboard()
    except jobs.RunFailed:  # logged and counted by the sync: the Sheet (or its key) refused, not this request
        raise ApiError(502, "dashboard_sync_failed", lang) from None
    audit("dashboard", _scalars(result))
    return result


def snapshot_now(audit) -> dict:
    from .. import jobs
    result = jobs.snapshot()
    if "skipped" in result:
        raise SnapshotRunning()
    audit("benchmarks", _scalars(result))
    return result


def rectify_company(company_id: str, payload, lang: str, audit) -> dict:
    from ..services import arco
    w = bootstrap.wiring()
    changes = arco.rectify(w.store, w.queue, company_id, payload.contact.model_dump(exclude_none=True),
                           payload.signatory.model_dump(exclude_none=True) if payload.signatory else None, lang)
    audit(company_id, {"fields": sorted(changes)})
    return changes


def block_company(company_id: str, audit) -> dict:
    from ..services import arco
    w = bootstrap.wiring()
    result = arco.block(w.store, company_id, w.clock())
    audit(company_id, result)
    return {"company_id": company_id, "blocked": True, **result, "delete_after_days": w.config.arco_block_days}


def delete_company(company_id: str, rfc: str, audit) -> dict:
    from ..services import arco
    w = bootstrap.wiring()
    removed = arco.delete(w.store, company_id, rfc, w.clock(), w.config.arco_block_days)
    audit(company_id, {"records": removed})
    return {"company_id": company_id, "deleted_records": removed}


def revoke_company_links(company_id: str, audit) -> dict:
    """Every link signed for the company until now stops working (a leaked link, a contact who left)."""
    bootstrap.wiring().store.bump_link_version(company_id)
    audit(company_id)
    return {"company_id": company_id, "links_revoked": True}


DECISIONS = ("approve", "decline", "approve_name", "withdraw")


def decide_listing(company_id: str, decision: str, who: str, expected_name: str | None = None) -> dict:
    """A staff decision on what the registry shows: a first listing approved or declined, a new name approved, a
    listed company taken off. `expected_name`: the name the deciding page showed (refused if it changed since)."""
    from ..services import listings
    w = bootstrap.wiring()
    now = w.clock()
    if decision in ("approve", "decline"):
        result = listings.decide(w.store, company_id, decision == "approve", who, now, expected_name)
        auditor(who, "listing.decide")(company_id, {"decision": "approved" if decision == "approve" else "declined"})
    elif decision == "approve_name":
        result = listings.approve_name(w.store, company_id, who, now, expected_name)
        auditor(who, "listing.name")(company_id)
    else:
        result = listings.withdraw(w.store, company_id, who, now)
        auditor(who, "listing.withdraw")(company_id)
    return result


# ---- JSON routes ----
@staff_action("activity.save")
def save_activity(request, lang, audit):
    data, lang = http._body(request, lang)
    return 201, create_activity(check_activity(data, lang), audit)


@staff_action("activity.attendance")
def attendance(request, lang, audit):
    """Who attended: JSON {"rfcs": [...]}, or a CSV / XLSX roster with an RFC column."""
    activity = known_activity(request.uri_params["activity_id"], lang)
    rows = roster_rows(request.raw_body or b"", (request.headers or {}).get("content-type", ""), lang)
    return 200, record_attendance(activity, rows, lang, audit)


@staff_action("scorecards.redrive")
def redrive(request, lang, audit):
    return 200, redrive_mail(audit)


@staff_action("scorecards.retry")
def retry(request, lang, audit):
    return 200, retry_scorecard(request.uri_params["assessment_id"], lang, audit)


@staff_action("dashboard.sync")
def dashboard_sync(request, lang, audit):
    return 200, sync_now(audit, lang)


@staff_action("benchmarks.snapshot")
def benchmark_snapshot(request, lang, audit):
    return 200, snapshot_now(audit)


def export_response(company_id: str | None, rfc: str, fmt: str, audit, download: bool = False):
    """ARCO access: everything held about one company and its contacts, as JSON (a dict, or a file to download)
    or an XLSX download, named by the RFC and the day."""
    from chalice import Response

    from ..scorecard.workbook import XLSX_MIME
    from ..services import arco
    from ..services.common import mexico_day, plain
    w = bootstrap.wiring()
    records = arco.records(w.store, company_id, rfc)
    whom = company_id or rfc  # an RFC with only unconfirmed submissions or drafts has no company yet
    audit(whom, {"format": fmt})
    name = f"integra-arco-{rfc or whom}-{mexico_day(w.clock())}"
    if fmt == "xlsx":
        return Response(body=arco.xlsx(records), status_code=200, headers={
            "Content-Type": XLSX_MIME, "Content-Disposition": f'attachment; filename="{name}.xlsx"',
            "Cache-Control": "no-store"})
    if download:
        return Response(body=http.dump(plain(records)), status_code=200, headers={
            "Content-Type": http.JSON, "Content-Disposition": f'attachment; filename="{name}.json"',
            "Cache-Control": "no-store"})
    return plain(records)


@staff_action("arco.export", guarded_read=True)
def export(request, lang, audit):
    company_id, rfc = company_and_rfc(request.uri_params["rfc"], lang)
    query = request.query_params or {}
    result = export_response(company_id, rfc, query.get("format", "json"), audit, query.get("download") == "1")
    return result if not isinstance(result, dict) else (200, result)


@staff_action("arco.rectify")
def rectify(request, lang, audit):
    from .schemas import RectifyIn
    company_id = company_of(request.uri_params["rfc"], lang)
    payload, lang = http.json_body(request, lang, RectifyIn)
    return 200, rectify_company(company_id, payload, lang, audit)


@staff_action("arco.block")
def block(request, lang, audit):
    return 200, block_company(company_of(request.uri_params["rfc"], lang), audit)


@staff_action("arco.delete")
def delete(request, lang, audit):
    company_id, rfc = company_and_rfc(request.uri_params["rfc"], lang)
    if company_id is None:
        raise ApiError(404, "company_unknown", lang)
    return 200, delete_company(company_id, rfc, audit)


@staff_action("links.revoke")
def revoke_links(request, lang, audit):
    return 200, revoke_company_links(company_of(request.uri_params["rfc"], lang), audit)


def listings_waiting(request, lang):
    from ..services import listings
    staff(request, lang)
    store = bootstrap.wiring().store
    return 200, {"companies": listings.to_review(store), "renamed": listings.renamed(store)}


def check_decision(decision, name, lang: str) -> None:
    if decision not in DECISIONS:
        raise invalid(lang, [("decision", "literal_error", {"expected": ", ".join(DECISIONS)})])
    if name is not None and not isinstance(name, str):
        raise invalid(lang, [("name", "string_type", {})])


def listing_decision(request, lang):
    """POST /staff/listings/{company_id} {"decision": "approve" | "decline" | "approve_name" | "withdraw",
    "name": the name the decision is about (optional; refused with 409 when the company's changed since)}."""
    who = staff(request, lang)
    data, lang = http._body(request, lang)
    check_decision(data.get("decision"), data.get("name"), lang)
    company_id = company_of(request.uri_params["company_id"], lang)
    return 200, decide_listing(company_id, data["decision"], who, data.get("name"))


def health(request, lang):
    """GET /staff/health: the queue, the oldest waiting scorecard, the last snapshot and dashboard sync."""
    from ..services import console
    staff(request, lang)
    w = bootstrap.wiring()
    return 200, console.health(w.store, w.queue, w.clock())


_MONTH = re.compile(r"20[0-9]{2}-(0[1-9]|1[0-2])")


def audit_log(request, lang):
    from ..services import console
    staff(request, lang)
    w = bootstrap.wiring()
    month = (request.query_params or {}).get("month") or console.mexico_month(w.clock())
    if not _MONTH.fullmatch(month):
        raise invalid(lang, [("month", "month_invalid", {})])
    return 200, {"month": month, "entries": list(reversed(console.audit_entries(w.store, month)))}


@staff_action("report", guarded_read=True)
def report(request, lang, audit):
    """GET /staff/reports/{year}.xlsx: that year's policy tables (ES/EN), from the published snapshot."""
    from chalice import Response

    from ..adapters.dashboard_sinks import workbook
    from ..scorecard.workbook import XLSX_MIME
    from ..services import dashboard
    w = bootstrap.wiring()
    found = re.fullmatch(r"(20[0-9]{2})\.xlsx", request.uri_params["report"])
    if not found:
        raise invalid(lang, [("year", "year_invalid", {})])
    year = int(found.group(1))
    tabs, meta = dashboard.report(w.store, w.clock(), year, w.config.first_assessment_days)
    audit(f"reports/{year}")
    return Response(body=workbook(tabs, dashboard.layout(), meta), status_code=200, headers={
        "Content-Type": XLSX_MIME, "Content-Disposition": f'attachment; filename="integra-{year}.xlsx"',
        "Cache-Control": "private, no-store"})
