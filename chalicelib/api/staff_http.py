"""Staff HTTP handlers: activities and rosters, ARCO requests, re-drives, the dashboard and snapshot now, the
audit log.

Staff need credentials: in AWS an API Gateway API key (the route requires it; the key's id is "who"); in the local
run a token from STAFF_TOKENS. Missing: 401; wrong: 403. `staff_action` is every route's prologue: it says who is
calling and hands the handler an `audit(target, details)` that writes the action to the audit log as theirs.
"""
import functools
import hmac
import json
import urllib.parse

from .. import bootstrap, catalogue
from ..errors import ApiError, invalid
from ..i18n import message
from ..services.errors import ServiceError, SnapshotRunning
from . import http


def staff(request, lang: str) -> str:
    """Who the staff caller is, or 401 (no credentials) / 403 (wrong ones)."""
    cfg = bootstrap.wiring().config
    token = http.bearer(request)
    if cfg.staff_tokens:
        if not token:
            raise ApiError(401, "unauthorized", lang)
        for name, expected in cfg.staff_tokens:
            if hmac.compare_digest(token.encode(), expected.encode()):
                return name
        raise ApiError(403, "staff_forbidden", lang)
    key_id = ((request.context or {}).get("identity") or {}).get("apiKeyId")
    if key_id:  # API Gateway checked the key before the function ran
        return f"api-key:{key_id}"
    raise ApiError(401, "unauthorized", lang)


def _audit(who: str, action: str, target: str, details: dict | None = None) -> None:
    from ..services import audit
    w = bootstrap.wiring()
    audit.record(w.store, who, action, target, w.clock(), details)


def staff_action(action: str):
    """The staff prologue: who is calling (401/403), then the handler, given `audit(target, details=None)`."""
    def wrap(handler):
        @functools.wraps(handler)
        def run(request, lang):
            who = staff(request, lang)
            return handler(request, lang, lambda target, details=None: _audit(who, action, target, details))
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


def _company(rfc_text: str, lang: str) -> str:
    """The company an RFC in a staff route names (404 when no submission for it was ever confirmed)."""
    company = bootstrap.wiring().store.company_for_rfc(_rfc(rfc_text, lang))
    if company is None:
        raise ApiError(404, "company_unknown", lang)
    return company


@staff_action("activity.save")
def save_activity(request, lang, audit):
    from ..services import activities
    from .schemas import ActivityIn
    payload, lang = http.json_body(request, lang, ActivityIn)
    dims = [d.id for d in catalogue.current().dimensions]
    bad = [(f"topics.{i}", "topic_unknown", {"expected": ", ".join(dims)}) for i, t in enumerate(payload.topics)
           if t not in dims]
    if bad:
        raise invalid(lang, bad)
    w = bootstrap.wiring()
    record = activities.save(w.store, payload.model_dump(), w.clock())
    audit(payload.activity_id, {"title": payload.title})
    return 201, record


@staff_action("activity.attendance")
def attendance(request, lang, audit):
    """Who attended: JSON {"rfcs": [...]}, or a CSV / XLSX roster with an RFC column."""
    from ..services import activities
    w = bootstrap.wiring()
    activity_id = request.uri_params["activity_id"]
    import re  # the id's own shape (ActivityIn) before it becomes a storage key
    activity = w.store.activity(activity_id) if re.fullmatch(r"[A-Za-z0-9_.-]{2,64}", activity_id) else None
    if activity is None:
        raise ApiError(404, "activity_unknown", lang)
    content_type = (request.headers or {}).get("content-type", "")
    raw = request.raw_body or b""
    try:
        if len(raw) > activities.MAX_BYTES:
            raise activities.too_large()
        if content_type.startswith("application/json"):
            data = json.loads(raw or b"{}")
            rfcs = data.get("rfcs") if isinstance(data, dict) else None
            if not isinstance(rfcs, list):
                raise invalid(lang, [("rfcs", "list_type", {})])
            rows = activities.capped([["rfc"]] + [[r] for r in rfcs])
        else:
            rows = activities.rows_from(raw, content_type)
    except (ApiError, ServiceError):
        raise
    except Exception:  # not CSV, not a workbook, not UTF-8: say so rather than fail
        raise ApiError(400, "roster_unreadable", lang) from None
    result = activities.attend(w.store, activity, rows, w.clock())
    for row in result["rejected"]:
        row["message"] = message(row["code"], lang)
    audit(activity_id,
           {"accepted": result["accepted"], "rejected": len(result["rejected"])})
    return 200, result


@staff_action("scorecards.redrive")
def redrive(request, lang, audit):
    queue = bootstrap.wiring().queue
    moved = queue.redrive() if queue else 0
    audit("dead-letter queue", {"moved": moved})
    return 200, {"moved": moved}


@staff_action("dashboard.sync")
def dashboard_sync(request, lang, audit):
    from .. import jobs
    result = jobs.sync_dashboard()
    audit("dashboard", _scalars(result))
    return 200, result


@staff_action("benchmarks.snapshot")
def benchmark_snapshot(request, lang, audit):
    from .. import jobs
    result = jobs.snapshot()
    if "skipped" in result:
        raise SnapshotRunning()
    audit("benchmarks", _scalars(result))
    return 200, result


@staff_action("arco.export")
def export(request, lang, audit):
    """ARCO access: everything held about one company and its contacts, as JSON or XLSX."""
    from chalice import Response

    from ..scorecard.workbook import XLSX_MIME
    from ..services import arco
    rfc = _rfc(request.uri_params["rfc"], lang)
    w = bootstrap.wiring()
    company_id = w.store.company_for_rfc(rfc)
    records = arco.records(w.store, company_id, rfc)
    fmt = (request.query_params or {}).get("format", "json")
    whom = company_id or rfc  # an RFC with only unconfirmed submissions or drafts has no company yet
    audit(whom, {"format": fmt})
    if fmt == "xlsx":
        return Response(body=arco.xlsx(records), status_code=200, headers={
            "Content-Type": XLSX_MIME, "Content-Disposition": f'attachment; filename="integra-{whom}.xlsx"',
            "Cache-Control": "no-store"})
    from ..services.common import plain
    return 200, plain(records)


@staff_action("arco.rectify")
def rectify(request, lang, audit):
    from ..services import arco
    from .schemas import RectifyIn
    company_id = _company(request.uri_params["rfc"], lang)
    payload, lang = http.json_body(request, lang, RectifyIn)
    w = bootstrap.wiring()
    changes = arco.rectify(w.store, w.queue, company_id, payload.contact.model_dump(exclude_none=True),
                           payload.signatory.model_dump(exclude_none=True) if payload.signatory else None, lang)
    audit(company_id, {"fields": sorted(changes)})
    return 200, changes


@staff_action("arco.block")
def block(request, lang, audit):
    from ..services import arco
    company_id = _company(request.uri_params["rfc"], lang)
    w = bootstrap.wiring()
    result = arco.block(w.store, company_id, w.clock())
    audit(company_id, result)
    return 200, {"company_id": company_id, "blocked": True, **result,
                 "delete_after_days": w.config.arco_block_days}


@staff_action("arco.delete")
def delete(request, lang, audit):
    from ..services import arco
    rfc = _rfc(request.uri_params["rfc"], lang)
    company_id = _company(rfc, lang)
    w = bootstrap.wiring()
    removed = arco.delete(w.store, company_id, rfc, w.clock(), w.config.arco_block_days)
    audit(company_id, {"records": removed})
    return 200, {"company_id": company_id, "deleted_records": removed}


@staff_action("links.revoke")
def revoke_links(request, lang, audit):
    """Every link signed for the company until now stops working (a leaked link, a contact who left)."""
    company_id = _company(request.uri_params["rfc"], lang)
    bootstrap.wiring().store.bump_link_version(company_id)
    audit(company_id)
    return 200, {"company_id": company_id, "links_revoked": True}


def audit_log(request, lang):
    from ..services import audit
    staff(request, lang)
    w = bootstrap.wiring()
    month = (request.query_params or {}).get("month") or w.clock().strftime("%Y-%m")
    return 200, {"month": month, "entries": audit.month(w.store, month)}


@staff_action("report")
def report(request, lang, audit):
    """GET /staff/reports/{year}.xlsx: that year's policy tables (ES/EN), from the published snapshot."""
    import re

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
