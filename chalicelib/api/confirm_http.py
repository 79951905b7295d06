"""GET /confirm: the page a mailed confirmation link opens (one button; GET changes nothing, since mail scanners
fetch links). POST /confirm: apply the pending submission, or verify the address, once."""
import json

from .. import bootstrap
from ..errors import ApiError
from ..forms import pages
from ..forms import payload as form_payload
from ..i18n import lang_of
from . import http
from .forms_http import _html, _json


def _lang(request, values=None) -> str:
    chosen = ((values or {}).get("lang") or [None])[0] or (request.query_params or {}).get("lang")
    return lang_of(chosen) if chosen else http.hint_lang(request)


def _pending(store, ident: str):
    stored = store.submission(ident)
    if not stored or stored.get("status") not in ("pending", "confirmed"):
        from ..services.confirmations import Refused
        raise Refused()
    return stored


def _blocked(store, rfc: str) -> bool:
    company = store.company_for_rfc(rfc)
    return bool(company and (store.profile(company) or {}).get("blocked_at"))


def page(request):
    from ..services import confirmations
    w = bootstrap.wiring()
    lang, token = _lang(request), (request.query_params or {}).get("token")
    try:
        kind, ident, email, _ = confirmations.read(w.config, token, w.clock())
        token = token or ""  # read() refuses a missing one
        if kind == "address":
            return _html(pages.confirm(lang, token, "address", None, False))
        stored = _pending(w.store, ident)
        if stored.get("status") == "pending" and _blocked(w.store, stored["rfc"]):
            raise confirmations.Refused()  # the button would only be refused: say so now
        company = json.loads(stored["payload"])["company"] if stored.get("payload") else None
        return _html(pages.confirm(lang, token, stored["kind"], company, stored.get("status") == "confirmed"))
    except confirmations.Refused:
        return _html(pages.message(lang, "confirm_title", "confirm_invalid"), 403)


def confirm(request):
    """POST /confirm with `token` (form field or JSON): 200 {"status": "confirmed", "kind", "id"} or a page."""
    from ..services import confirmations
    w = bootstrap.wiring()
    raw = request.raw_body or b""
    wants_json = "application/json" in (request.headers or {}).get("content-type", "") or \
        "application/json" in (request.headers or {}).get("accept", "")
    if "application/json" in (request.headers or {}).get("content-type", ""):
        try:
            data = json.loads(raw or b"{}")
        except (ValueError, RecursionError):  # malformed, or nested thousands deep
            data = {}
        token, lang = (data.get("token") if isinstance(data, dict) else None), http.hint_lang(request)
        token = token if isinstance(token, str) else None
    else:
        values = form_payload.parse(raw[:4096])
        token, lang = (values.get("token") or [None])[0], _lang(request, values)
    from .. import observability
    try:
        kind, ident, email, expires = confirmations.read(w.config, token, w.clock())
        observability.bind(submission_id=ident if kind != "address" else None)
        if kind == "address":
            confirmations.verify_address(w.store, ident, email)
            result = {"status": "confirmed", "kind": "address", "id": ident}
        else:
            result, rfc = _apply(w, ident, email, lang)
    except confirmations.Refused:
        observability.count("Confirmations", outcome="refused")
        if wants_json:
            return _json(403, ApiError(403, "forbidden", lang).body())
        return _html(pages.message(lang, "confirm_title", "confirm_invalid"), 403)
    except Exception as failure:  # a refusal a later click can overcome (one replacement a day): still pending
        exc = http.as_api_error(failure, lang)
        observability.count("Confirmations", outcome="refused" if exc.status < 500 else "failed")
        if wants_json:
            return _json(exc.status, exc.body(), **exc.headers)
        return _html(pages.message(lang, "confirm_title", None, exc.body()["error"]["message"]), exc.status,
                     **exc.headers)
    observability.count("Confirmations", kind=result["kind"], outcome=result["status"])
    if wants_json:
        return _json(200, result)
    company = w.store.company_for_rfc(rfc) if kind != "address" else None
    step, link = _next_step(w, result["kind"], company, email, expires, lang)
    return _html(pages.confirmed(lang, result["kind"], link, step))


def _next_step(w, kind: str, company: str | None, email: str, expires: int, lang: str) -> tuple:
    """(what comes next, its link) for a verified address of the company (on file now) that just confirmed: after
    a pledge its prefilled assessment (which then counts at once), unless it already assessed this cycle; else its
    page. The link expires with the confirmation link."""
    from ..domain import cycle
    from ..services import common, identity, selfservice
    profile = w.store.profile(company) if company else None
    if not company or not profile or profile.get("blocked_at") or not identity.is_verified(profile, email):
        return None, None
    token = selfservice.token(w.config, company, profile, expires)
    now = w.clock()
    if kind == "pledge" and cycle.assessment_standing(profile, now, common.mexico_year(now),
                                                      w.config.first_assessment_days) != "yes":
        return "assessment", f"forms/assessment?lang={lang}&company={token}"
    return "company", f"company?lang={lang}&token={token}"


def _apply(w, ident: str, email: str, lang: str) -> tuple:
    """(result, the submission's RFC) of confirming the pending submission `ident` from `email`."""
    from ..services import assessments, confirmations, pledges
    from ..services.errors import ReplacedToday, Superseded
    from . import validation
    stored = _pending(w.store, ident)
    result = {"status": "confirmed", "kind": stored["kind"], "id": None}
    id_field = "pledge_id" if stored["kind"] == "pledge" else "assessment_id"
    result["id"] = json.loads(stored["response"])[id_field]
    if stored.get("status") == "confirmed":
        return result, stored["rfc"]  # a second click
    data = json.loads(stored["payload"])
    try:
        if stored["kind"] == "pledge":
            payload = validation.pledge(data, data.get("lang", lang))
            pledges.confirm(w.store, payload, stored, email, w.clock(), w.config.first_assessment_days, w.queue)
        else:
            payload, cat = validation.assessment(data, data.get("lang", lang), new=False)
            assessments.confirm(w.store, payload, cat, stored, email, w.clock(), w.queue)
    except confirmations.AlreadyConfirmed:
        pass
    except ReplacedToday as refused:  # replaced once today already: the same link works tomorrow
        error = ApiError(429, "replaced_today_link", lang)
        error.headers["Retry-After"] = str(refused.params["retry_after"])
        raise error from None
    except Superseded:
        raise ApiError(409, "superseded", lang) from None
    except ApiError:
        raise confirmations.Refused() from None  # the payload no longer validates (a retired version)
    return result, stored["rfc"]


