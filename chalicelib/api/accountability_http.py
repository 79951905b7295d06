"""HTTP handlers for accountability: the public registry, company self-service, and the staff endpoints.

Staff endpoints need staff credentials: in AWS an API Gateway API key (the route requires it and the handler
records the key's id as "who"); in the local run a token from STAFF_TOKENS. Missing: 401; wrong: 403.
Every staff action is written to the audit log.
"""
import hmac
import json
import urllib.parse

from .. import bootstrap, catalogue
from ..errors import ApiError, invalid
from ..i18n import message
from . import http



# ---- credentials ----
def _bearer(request) -> str | None:
    headers = request.headers or {}
    auth = headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return headers.get("x-api-key")


def staff(request, lang: str) -> str:
    """Who the staff caller is, or 401 (no credentials) / 403 (wrong ones)."""
    cfg = bootstrap.wiring().config
    token = _bearer(request)
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


def _scalars(result: dict) -> dict:
    """What of a job's result goes into the audit log: its counts and words."""
    return {k: v for k, v in result.items() if isinstance(v, (int, str))}


def _rfc(rfc_text: str, lang: str) -> str:
    from ..domain import rfc as rfc_rules
    checked = rfc_rules.check(urllib.parse.unquote(rfc_text))
    if checked.error:
        raise invalid(lang, [("rfc", checked.error, {})])
    return checked.rfc


def _company(rfc_text: str, lang: str) -> str:
    """The company an RFC in a staff route names (404 when no submission for it was ever confirmed)."""
    company = bootstrap.wiring().store.company_for_rfc(_rfc(rfc_text, lang))
    if company is None:
        raise ApiError(404, "company_unknown", lang)
    return company


def _json_body(request, lang: str, schema):
    from . import validation
    data, lang = http._body(request, lang)
    return validation.model(schema, data, lang), lang


# ---- public ----
def registry(request, lang):
    from ..services import registry as service
    w = bootstrap.wiring()
    return 200, service.listing(w.store, w.clock(), w.config.first_assessment_days, lang)


def registry_page(request, lang: str):
    from ..forms import pages
    from ..services import registry as service
    w = bootstrap.wiring()
    return pages.registry(service.listing(w.store, w.clock(), w.config.first_assessment_days, lang), lang)


def company_link(request, lang):
    """Ask for a self-service link. The answer is the same whether or not the RFC and e-mail are on file."""
    from ..services import selfservice
    from .schemas import LinkRequestIn
    payload, lang = _json_body(request, lang, LinkRequestIn)
    w = bootstrap.wiring()
    job = {"kind": "access", "rfc": payload.rfc, "email": payload.email, "lang": lang}
    if w.queue is None:  # a bare wiring (no queue): decide inline, as the worker would
        selfservice.send_link(job, w.store, w.mailer, w.config, w.clock())
    else:
        selfservice.request_link(w.queue, payload.rfc, payload.email, lang)
    return 202, {"message": message("link_requested", lang)}


def _company_from_token(request, lang: str) -> tuple:
    """(company_id, profile, link expiry) for a genuine, current company link; 403 otherwise."""
    from ..services import selfservice
    w = bootstrap.wiring()
    value = (request.query_params or {}).get("token") or _bearer(request)
    company = selfservice.claimed_company(value)
    profile = w.store.profile(company) if company else None
    expires = selfservice.expiry(w.config, value, profile, w.clock())
    if expires is None:
        raise ApiError(403, "forbidden", lang)
    return company, profile, expires


def company(request, lang):
    """The company's own page (HTML for a browser, JSON for a client), only with its signed link."""
    from ..services import selfservice
    from . import html
    w = bootstrap.wiring()
    browser = "text/html" in (request.headers or {}).get("accept", "")
    try:
        view = selfservice.view(w.store, w.config, *_company_from_token(request, lang), w.clock(), lang)
    except ApiError as exc:
        if not browser:
            raise
        from ..forms import pages  # an expired or revoked link opened in a browser: a page that says so
        return html.response(pages.message(lang, "brand", None, exc.body()["error"]["message"]), exc.status)
    if browser:
        from ..forms import pages
        query = request.query_params or {}
        view["saved"] = query.get("saved") == "1"
        token = query.get("token") or _bearer(request) or ""
        return html.response(pages.company(view, lang, token))
    return 200, view


def company_contact(request, lang):
    from ..services import selfservice
    from .schemas import Contact
    company_id, profile, _ = _company_from_token(request, lang)
    payload, lang = _json_body(request, lang, Contact)
    w = bootstrap.wiring()
    updated = selfservice.update_contact(w.store, w.queue, company_id, profile, payload.model_dump(), lang)
    return 200, {"contact": updated, "links_revoked": True}


def company_contact_form(request):
    """The contact form on the company's page (works without JavaScript): update, then back to the page."""
    from ..forms import payload as form_payload
    from ..services import selfservice
    from . import validation
    from .schemas import Contact
    values = form_payload.parse(request.raw_body)
    lang = http.lang_of(((values.get("lang") or [None])[0]) or (request.query_params or {}).get("lang", "es"))
    token = (request.query_params or {}).get("token", "")
    page = f"../company?lang={lang}&token={urllib.parse.quote(token)}"
    try:
        company_id, profile, _ = _company_from_token(request, lang)
        data = {k.split(".", 1)[1]: v[0].strip() for k, v in values.items() if k.startswith("contact.") and v[0].strip()}
        payload = validation.model(Contact, data, lang)
        w = bootstrap.wiring()
        selfservice.update_contact(w.store, w.queue, company_id, profile, payload.model_dump(), lang)
    except ApiError as exc:
        body = exc.body()["error"]
        from html import escape

        from ..forms.render import document
        items = "".join(f"<li>{escape(f['path'])}: {escape(f['message'])}</li>" for f in body["fields"])
        from . import html
        return html.response(document(lang, body["message"], f'<h1>{escape(body["message"])}</h1><ul>{items}</ul>'
                                                             f'<p><a href="{escape(page)}">←</a></p>', script=False),
                             exc.status)
    from ..forms import pages
    from . import html
    # the change revoked every earlier link, this one too: say so, and how to get a new one
    return html.response(pages.message(lang, "contact_saved_title", "contact_saved_revoked"))


# ---- staff ----
def save_activity(request, lang):
    from ..services import activities
    from .schemas import ActivityIn
    who = staff(request, lang)
    payload, lang = _json_body(request, lang, ActivityIn)
    dims = [d.id for d in catalogue.current().dimensions]
    bad = [(f"topics.{i}", "topic_unknown", {"expected": ", ".join(dims)}) for i, t in enumerate(payload.topics)
           if t not in dims]
    if bad:
        raise invalid(lang, bad)
    w = bootstrap.wiring()
    record = activities.save(w.store, payload.model_dump(), w.clock())
    _audit(who, "activity.save", payload.activity_id, {"title": payload.title})
    return 201, record


def attendance(request, lang):
    """Who attended: JSON {"rfcs": [...]}, or a CSV / XLSX roster with an RFC column."""
    from ..services import activities
    who = staff(request, lang)
    w = bootstrap.wiring()
    activity_id = request.uri_params["activity_id"]
    import re  # the id's own shape (ActivityIn) before it becomes a storage key
    activity = w.store.get("ACT", activity_id) if re.fullmatch(r"[A-Za-z0-9_.-]{2,64}", activity_id) else None
    if activity is None:
        raise ApiError(404, "activity_unknown", lang)
    content_type = (request.headers or {}).get("content-type", "")
    raw = request.raw_body or b""
    try:
        if len(raw) > activities.MAX_BYTES:
            raise activities.TooLarge()
        if content_type.startswith("application/json"):
            data = json.loads(raw or b"{}")
            rfcs = data.get("rfcs") if isinstance(data, dict) else None
            if not isinstance(rfcs, list):
                raise invalid(lang, [("rfcs", "list_type", {})])
            rows = activities.capped([["rfc"]] + [[r] for r in rfcs])
        else:
            rows = activities.rows_from(raw, content_type)
    except ApiError:
        raise
    except activities.TooLarge:
        raise ApiError(413, "roster_too_large", lang, mb=activities.MAX_BYTES // 2**20,
                       unzipped=activities.MAX_UNZIPPED // 2**20) from None
    except activities.TooManyRows:
        raise ApiError(422, "roster_too_many_rows", lang, rows=activities.MAX_ROWS) from None
    except Exception:  # not CSV, not a workbook, not UTF-8: say so rather than fail
        raise ApiError(400, "roster_unreadable", lang) from None
    result = activities.attend(w.store, activity, rows, w.clock())
    for row in result["rejected"]:
        row["message"] = message(row["code"], lang)
    _audit(who, "activity.attendance", activity_id,
           {"accepted": result["accepted"], "rejected": len(result["rejected"])})
    return 200, result


def redrive(request, lang):
    import os

    from ..adapters.sqs import redrive as move
    who = staff(request, lang)
    queue = bootstrap.wiring().queue
    if queue is None:
        return 200, {"moved": 0}
    moved = move(queue.client, os.environ.get("SCORECARD_DLQ_URL") or queue.url + "-dlq", queue.url)
    _audit(who, "scorecards.redrive", "dead-letter queue", {"moved": moved})
    return 200, {"moved": moved}


def dashboard_sync(request, lang):
    from .. import jobs
    who = staff(request, lang)
    result = jobs.sync_dashboard()
    _audit(who, "dashboard.sync", "dashboard", _scalars(result))
    return 200, result


def benchmark_snapshot(request, lang):
    from .. import jobs
    who = staff(request, lang)
    result = jobs.snapshot()
    if "skipped" in result:
        raise ApiError(409, "snapshot_running", lang)
    _audit(who, "benchmarks.snapshot", "benchmarks", _scalars(result))
    return 200, result


def export(request, lang):
    """ARCO access: everything held about one company and its contacts, as JSON or XLSX."""
    from chalice import Response

    from ..scorecard.workbook import XLSX_MIME
    from ..services import arco
    who = staff(request, lang)
    rfc = _rfc(request.uri_params["rfc"], lang)
    w = bootstrap.wiring()
    company_id = w.store.company_for_rfc(rfc)
    records = arco.records(w.store, company_id, rfc)
    if records["profile"] is None and not records["assessments"] and not records["pending"] and not records["drafts"]:
        raise ApiError(404, "company_unknown", lang)
    fmt = (request.query_params or {}).get("format", "json")
    _audit(who, "arco.export", company_id, {"format": fmt})
    if fmt == "xlsx":
        return Response(body=arco.xlsx(records), status_code=200, headers={
            "Content-Type": XLSX_MIME, "Content-Disposition": f'attachment; filename="integra-{company_id}.xlsx"',
            "Cache-Control": "no-store"})
    from ..services.common import plain
    return 200, plain(records)


def rectify(request, lang):
    from ..services import arco
    from .schemas import RectifyIn
    who = staff(request, lang)
    company_id = _company(request.uri_params["rfc"], lang)
    payload, lang = _json_body(request, lang, RectifyIn)
    w = bootstrap.wiring()
    changes = arco.rectify(w.store, w.queue, company_id, payload.contact.model_dump(exclude_none=True),
                           payload.signatory.model_dump(exclude_none=True) if payload.signatory else None, lang)
    if changes is None:
        raise ApiError(404, "company_unknown", lang)
    _audit(who, "arco.rectify", company_id, {"fields": sorted(changes)})
    return 200, changes


def block(request, lang):
    from ..services import arco
    who = staff(request, lang)
    company_id = _company(request.uri_params["rfc"], lang)
    w = bootstrap.wiring()
    profile = w.store.get(f"CO#{company_id}", "PROFILE")
    if profile is None:
        raise ApiError(404, "company_unknown", lang)
    if profile.get("blocked_at"):
        raise ApiError(409, "already_blocked", lang)
    result = arco.block(w.store, company_id, w.clock())
    _audit(who, "arco.block", company_id, result)
    return 200, {"company_id": company_id, "blocked": True, **result,
                 "delete_after_days": w.config.arco_block_days}


def delete(request, lang):
    from ..services import arco
    who = staff(request, lang)
    rfc = _rfc(request.uri_params["rfc"], lang)
    company_id = _company(rfc, lang)
    w = bootstrap.wiring()
    if not arco.deletable(w.store.profile(company_id), w.clock(), w.config.arco_block_days):
        raise ApiError(409, "not_deletable", lang, days=w.config.arco_block_days)
    removed = arco.delete(w.store, company_id, rfc)
    _audit(who, "arco.delete", company_id, {"records": removed})
    return 200, {"company_id": company_id, "deleted_records": removed}


def revoke_links(request, lang):
    """Every link signed for the company until now stops working (a leaked link, a contact who left)."""
    who = staff(request, lang)
    company_id = _company(request.uri_params["rfc"], lang)
    bootstrap.wiring().store.bump_link_version(company_id)
    _audit(who, "links.revoke", company_id)
    return 200, {"company_id": company_id, "links_revoked": True}


def audit_log(request, lang):
    from ..services import audit
    staff(request, lang)
    w = bootstrap.wiring()
    month = (request.query_params or {}).get("month") or w.clock().strftime("%Y-%m")
    return 200, {"month": month, "entries": audit.month(w.store, month)}
