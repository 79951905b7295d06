"""HTTP handlers of the hosted forms: pages, the form post (with or without JavaScript), results, drafts.

The form posts its fields (named by API path) here. With JavaScript it asks for JSON and shows errors or
follows ``redirect``; without, it gets the form re-rendered with errors, or a 303 to the result page.
Either way the submission goes through the same validation and use cases as the JSON API.
"""
import json
import uuid

from .. import bootstrap, catalogue
from ..config import link_key
from ..domain import links
from ..errors import ApiError, invalid
from ..forms import pages, render
from ..forms import payload as form_payload
from ..i18n import lang_of, message
from . import html, http, validation
from .validation import MAX_BODY

KINDS = ("pledge", "assessment")
DONE = "done"


def _html(body: str, status: int = 200, embeddable: bool = False, **headers):
    """The forms, their result and the registry may be embedded by the forms' origins; other pages nowhere."""
    return html.response(body, status, embeddable, **headers)


def _json(status: int, body: dict, **headers):
    from chalice import Response
    return Response(body=http.dump(body), status_code=status,
                    headers={**headers, "Content-Type": http.JSON,
                             "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})


def _first(values: dict, name: str) -> str:
    """A form field's first value ("" when absent)."""
    return (values.get(name) or [""])[0]


def _lang(request, values: dict | None = None) -> str:
    chosen = ((values or {}).get("lang") or [None])[0] or (request.query_params or {}).get("lang")
    return lang_of(chosen) if chosen else http.hint_lang(request)


def _kind(request, lang: str) -> str:
    kind = request.uri_params["form"]
    if kind not in KINDS:
        raise ApiError(404, "form_unknown", lang)
    return kind


def _hidden(kind: str, lang: str, values: dict | None) -> dict:
    w = bootstrap.wiring()
    def first(name):
        return _first(values or {}, name)
    hidden = {"submission_id": first("submission_id") or uuid.uuid4().hex, "lang": lang,
              "form_token": first("form_token") or links.stamp(link_key(w.config),
                                                               f"form:{kind}", int(w.clock().timestamp()))}
    if first("company_token"):  # the company's own link came with the form: the submission counts at once
        hidden["company_token"] = first("company_token")
    if first("draft"):  # reopened from a draft: sending the form retires the draft's link
        hidden.update(draft=first("draft"), draft_token=first("draft_token"))
    if kind == "assessment":
        hidden["questionnaire_version"] = catalogue.current().version
    return hidden


def _form(kind: str, lang: str, values=None, errors=None, notice=None, status: int = 200, keep: dict | None = None,
          **headers):
    """The form page; ``keep``: the link's own parameters (the company's link, a draft's), which the other
    language's link keeps."""
    from ..services.questionnaire import describe
    cfg = bootstrap.wiring().config
    if keep is None and values:  # a form shown again: what its own link carried
        keep = {k: _first(values, f) for k, f in (("company", "company_token"), ("draft", "draft"),
                                                  ("token", "draft_token")) if _first(values, f)}
    page = render.form_page(kind, describe(catalogue.current(), lang), lang, _hidden(kind, lang, values), values,
                            errors, notice, cfg.privacy_notice_url, cfg.privacy_contact, cfg.link_ttl_days,
                            start=form_payload.section_of(values or {}), keep=keep)
    return _html(page, status, embeddable=True, **headers)


def index(request):
    return _html(pages.index(_lang(request)))


def form(request):
    """GET /forms/{form}: the empty form, or a saved draft reopened from its e-mailed link."""
    from ..services import drafts
    lang = _lang(request)
    if request.uri_params["form"] == "embed":
        return _html(pages.embed(lang, bootstrap.wiring().config.public_api_url))
    if request.uri_params["form"] == "link":
        return _html(pages.link_request(lang), embeddable=True)
    if request.uri_params["form"] == "registry":
        from .company_http import registry_page
        return _html(registry_page(request, lang), embeddable=True)
    try:
        kind = _kind(request, lang)
    except ApiError as exc:
        return _html(pages.message(lang, "brand", "result_missing"), exc.status)
    query = request.query_params or {}
    if "company" in query:  # "start this year's assessment" from the self-service page or a reminder
        from ..services import selfservice
        w = bootstrap.wiring()
        company = selfservice.claimed_company(query["company"])
        profile = w.store.profile(company) if company else None
        if profile is None or selfservice.expiry(w.config, query["company"], profile, w.clock()) is None:
            return _form(kind, lang, notice=render.text("draft_invalid", lang), status=403)
        return _form(kind, lang, {**selfservice.prefill(profile), "company_token": [query["company"]]},
                     keep={"company": query["company"]})
    if "pledge" in query and kind == "assessment":  # on from a pledge still waiting for its confirmation
        typed = _from_pledge(query)
        return _form(kind, lang, typed, keep={"pledge": query["pledge"], "token": query.get("token") or ""}) \
            if typed else _form(kind, lang, notice=render.text("draft_invalid", lang), status=403)
    if "draft" not in query:
        return _form(kind, lang)
    w = bootstrap.wiring()
    values = drafts.load(w.store, w.config, query.get("draft"), query.get("token"), w.clock())
    if values is None:
        return _form(kind, lang, notice=render.text("draft_invalid", lang), status=403)
    values.update(draft=[query["draft"]], draft_token=[query.get("token") or ""])
    return _form(kind, lang, values, notice=render.text("draft_loaded", lang),
                 keep={"draft": query["draft"], "token": query.get("token") or ""})


def _result_url(submission_id: str, lang: str) -> str:
    w = bootstrap.wiring()
    expires = int(w.clock().timestamp()) + w.config.link_ttl_days * 86400
    token = links.sign(link_key(w.config), DONE, submission_id, expires)
    return f"{DONE}/{submission_id}?lang={lang}&token={token}"


STAMP_MAX_AGE = 86400  # a form open for more than a day is reloaded (its answers stay in the browser)


def _guard(kind: str, values: dict, lang: str, save_to: str | None = None):
    """The honeypot, then the server-signed minimum fill time. A stamp serves one submission (its retries pass)
    and one address for "save and continue later"; a missing, forged, stale or spent stamp is refused, and a
    too-early one waits. No 429 hands out a stamp."""
    w = bootstrap.wiring()
    if any(v.strip() for v in values.get("website", [])):
        raise invalid(lang, [("website", "honeypot_filled", {})])
    key, now = link_key(w.config), int(w.clock().timestamp())
    stamp = (values.get("form_token") or [""])[0]
    started = links.stamped_at(key, f"form:{kind}", stamp)
    if started is None or now - started > STAMP_MAX_AGE:
        raise ApiError(400, "form_expired", lang)
    if now - started < w.config.form_min_seconds:
        return max(1, w.config.form_min_seconds - (now - started))
    sid, mac = (values.get("submission_id") or [""])[0], stamp.rpartition(".")[2]
    used = w.store.use_stamp(mac + "#save", f"{sid}|{save_to.casefold()}", now + STAMP_MAX_AGE) if save_to else \
        w.store.use_stamp(mac, sid, now + STAMP_MAX_AGE)
    if not used:
        raise ApiError(400, "form_expired", lang)
    return None


def submit(request):
    """POST /forms/{form}: send (or save for later) a form."""
    raw = request.raw_body or b""
    values = form_payload.parse(raw[:MAX_BODY + 1])
    lang = _lang(request, values)
    if request.uri_params["form"] == "link":
        return _link_request(values, lang)
    wants_json = "application/json" in (request.headers or {}).get("accept", "")
    try:
        kind = _kind(request, lang)
        if len(raw) > MAX_BODY:
            raise ApiError(413, "payload_too_large", lang, limit=MAX_BODY)
        if (values.get("action") or ["send"])[0] == "save":
            return _save(kind, values, lang, wants_json)
        data = form_payload.to_payload(kind, values, catalogue.current())
        # errors first, then timing: validated once, here
        checked = validation.pledge(data, lang) if kind == "pledge" else validation.assessment(data, lang)
        wait = _guard(kind, values, lang)
        if wait:
            return _too_fast(kind, lang, values, wants_json, wait)
        status, body = http.created(http.submit_pledge(checked) if kind == "pledge" else
                                    http.submit_assessment(*checked))
    except Exception as failure:  # the form again, with the answers kept and the reason said (an outage too)
        exc = http.as_api_error(failure, lang)
        if exc.status != 404:  # an unknown form is no submission
            http.refused(request.uri_params["form"], exc.status)
        if wants_json or exc.status in (404, 413):
            return _json(exc.status, exc.body(), **exc.headers)
        if exc.code == "form_expired":  # a fresh stamp with the re-rendered form
            values = {k: v for k, v in values.items() if k != "form_token"}
        fields: dict = {}
        for path, code, params in exc.fields:
            fields.setdefault(path, message(code, lang, **params))
        return _form(kind, lang, values, fields or {"": message(exc.code, lang, **exc.params)}, status=exc.status,
                     **exc.headers)
    _retire_draft(values)
    url = _result_url(data["submission_id"], lang)
    if kind == "pledge" and data.get("company_token") and body.get("status") == "confirmed":
        from urllib.parse import quote
        url += "&company=" + quote(str(data["company_token"]), safe="")  # carried on to its assessment, as it is
    if wants_json:
        return _json(status, {"redirect": url, "result": body})
    from chalice import Response
    return Response(body="", status_code=303, headers={"Location": url, "Cache-Control": "no-store",
                                                        "Referrer-Policy": "no-referrer"})


def _link_request(values: dict, lang: str):
    """The link request as a page (works without JavaScript): the same service as POST /company/link."""
    from ..api.company_http import ask_for_link
    from .schemas import LinkRequestIn
    typed_in = {k: (values.get(k) or [""])[:1] for k in ("rfc", "email")}
    try:
        payload = validation.model(LinkRequestIn, {k: v[0].strip() for k, v in typed_in.items()}, lang)
    except ApiError as exc:
        errors = {path: message(code, lang, **params) for path, code, params in exc.fields}
        return _html(pages.link_request(lang, typed_in, errors or {"rfc": exc.body()["error"]["message"]}),
                     exc.status, embeddable=True)
    ask_for_link(payload.rfc, payload.email, lang)
    return _html(pages.link_sent(lang), 202, embeddable=True)


def _too_fast(kind: str, lang: str, values: dict, wants_json: bool, wait: int):
    if wants_json:
        return _json(429, {**ApiError(429, "too_fast", lang).body(), "retry_after": wait})
    return _form(kind, lang, values, notice=message("too_fast", lang), status=200)


def _retire_draft(values: dict) -> None:
    """The draft this form was reopened from stops opening (a second send would replace the first). Never fails
    the submission over it: the draft expires by itself."""
    from ..services import drafts
    w = bootstrap.wiring()
    try:
        drafts.retire(w.store, w.config, _first(values, "draft") or None, _first(values, "draft_token") or None,
                      w.clock())
    except Exception:
        import logging
        logging.getLogger("integra").exception("draft not retired")


def _save(kind: str, values: dict, lang: str, wants_json: bool):
    from pydantic import TypeAdapter, ValidationError

    from ..services import drafts
    from .schemas import Email
    field = "contact.email" if kind == "assessment" else "signatory.email"
    email = ((values.get(field) or [""])[0]).strip()
    try:
        TypeAdapter(Email).validate_python(email)
    except ValidationError:
        raise invalid(lang, [(field, "draft_email_needed", {})]) from None
    wait = _guard(kind, values, lang, save_to=email)  # the same bot checks as a send: a draft mails a link
    if wait:
        return _too_fast(kind, lang, values, wants_json, wait)
    from ..domain import rfc as rfc_rules
    w = bootstrap.wiring()
    typed = rfc_rules.check((values.get("company.rfc") or [""])[0])
    draft = drafts.create(w.store, w.queue, kind, lang, email, form_payload.draft_values(values), w.clock(), w.config,
                          None if typed.error else typed.rfc)
    if w.queue is None:
        drafts.process({"draft_id": draft["draft_id"]}, w.store, w.mailer, w.config, w.clock())
    _retire_draft(values)  # saved again: the newest link is the one that opens it
    if wants_json:  # the page stays open: it carries the new draft, so that sending it retires that one
        return _json(201, {"saved": True, "draft": draft["draft_id"], "draft_token": drafts.token(w.config, draft),
                           "message": render.text("saved_body", lang, email=email, days=w.config.link_ttl_days) + (
                               " " + render.text("saved_company_link", lang) if _first(values, "company_token")
                               else "")})
    return _html(pages.saved(lang, email, w.config.link_ttl_days), 201, embeddable=True)


def _signed_result(request) -> tuple | None:
    """(the stored submission, its answer, the company's profile) for a signed result link, or None when the link
    is not valid or, once the submission counts for its company, that company is blocked."""
    w = bootstrap.wiring()
    sid = request.uri_params["submission_id"]
    token = (request.query_params or {}).get("token")
    stored = w.store.submission(sid) if links.verify(link_key(w.config), DONE, sid, token,
                                                     int(w.clock().timestamp())) else None
    if stored is None:
        return None
    response = json.loads(stored["response"])
    if not _confirmed(stored, response):  # the submitter's own answers only: nothing of any company is looked at
        return stored, response, {}       # (so nothing tells whether an RFC's company asked to be blocked)
    # a submission confirmed later has no company in its first answer: its RFC says which company it became
    company = response.get("company_id") or (w.store.company_for_rfc(stored["rfc"]) if stored.get("rfc") else None)
    profile = (w.store.profile(company) or {}) if company else {}
    if profile.get("blocked_at"):
        return None
    return stored, response, profile


def _after_pledge(request, stored: dict, response: dict, lang: str) -> str | None:
    """The self-assessment with the pledge's details in it: once the pledge counts, the company's own link it was
    sent with (passed on as it is, while it still works; never a new one: a result link lives longer than a
    company's link and survives a revocation); while it waits, the form prefilled from what the pledge typed, by
    the same signed link."""
    from urllib.parse import quote

    from ..services import selfservice
    w = bootstrap.wiring()
    query = request.query_params or {}
    company, own = response.get("company_id"), query.get("company")
    if company and own and _confirmed(stored, response) and selfservice.claimed_company(own) == company:
        profile = w.store.profile(company)
        if profile and selfservice.expiry(w.config, own, profile, w.clock()) is not None:
            return f"../assessment?lang={lang}&company={quote(own, safe='')}"
    if stored.get("payload") and not _confirmed(stored, response):
        return f"../assessment?lang={lang}&pledge={request.uri_params['submission_id']}" \
            f"&token={quote(query['token'], safe='')}"
    return None


def _from_pledge(query: dict) -> dict | None:
    """Form values from a pending pledge's own typed details (its result link proves who typed them): the company,
    and the signatory as the contact. Nothing is read from the company's records."""
    w = bootstrap.wiring()
    sid = query.get("pledge") or ""
    if not links.verify(link_key(w.config), DONE, sid, query.get("token"), int(w.clock().timestamp())):
        return None
    stored = w.store.submission(sid)
    if not stored or stored.get("kind") != "pledge" or not stored.get("payload"):
        return None
    typed = json.loads(stored["payload"])
    from ..services import selfservice  # the same fields the company's own form is prefilled with
    return selfservice.prefill({**(typed.get("company") or {}), "signatory": typed.get("signatory") or {}})


def _confirmed(stored: dict, response: dict) -> bool:
    """Counted for its company: confirmed when sent (the company's own link) or later, by mail."""
    return stored.get("status") == "confirmed" or response.get("status") == "confirmed"


def done(request):
    """GET /forms/done/{submission_id}?token=…: the result page, only with the signed link from the submit."""
    from ..services import identity
    from ..services.questionnaire import describe
    w = bootstrap.wiring()
    lang = _lang(request)
    found = _signed_result(request)
    if found is None:
        return _html(pages.message(lang, "result_title", "result_missing"), 403)
    stored, response, profile = found
    pending_to = None
    if stored.get("status") == "pending" and stored.get("payload"):  # where its confirmation link was sent
        typed = json.loads(stored["payload"]).get("signatory" if stored["kind"] == "pledge" else "contact") or {}
        pending_to = typed.get("email", "")
    if stored["kind"] == "pledge":
        return _html(pages.pledge_done(response, lang, pending_to, _after_pledge(request, stored, response, lang)),
                     embeddable=True)
    sent_to, download = None, None
    if _confirmed(stored, response):  # the result as confirmed: with the peer comparison it now has
        record = w.store.assessment(response["assessment_id"]) or {}
        response = json.loads(record["result"]) if record.get("result") else response
        typed = str((record.get("contact") or {}).get("email") or "").casefold()
        # where the scorecard went: the address typed here, or the company's verified one(s), partly hidden
        sent_to = [a if str(a).casefold() == typed else identity.masked(a) for a in record.get("scorecard_to") or []]
        download = f"{request.uri_params['submission_id']}/scorecard.xlsx?token={request.query_params['token']}" \
            f"&lang={lang}"
    cat = catalogue.load(response["questionnaire_version"])
    return _html(pages.result(describe(cat, lang), response, lang, pending_to, sent_to, download), embeddable=True)


def done_scorecard(request):
    """GET /forms/done/{submission_id}/scorecard.xlsx?token=…: the result page's own workbook, with what that page
    shows and nothing of the company's earlier years (those go to its verified address)."""
    from chalice import Response

    from ..scorecard.workbook import XLSX_MIME
    from ..services import scorecards
    w = bootstrap.wiring()
    lang = _lang(request)
    found = _signed_result(request)
    record = w.store.assessment(found[1]["assessment_id"]) if found and found[0]["kind"] == "assessment" and \
        _confirmed(*found[:2]) else None
    if not record or not record.get("result"):
        return _html(pages.message(lang, "result_title", "result_missing"), 403)
    filename = message("mail_attachment", record["lang"], year=record["year"])
    return Response(body=scorecards.render({"assessment": record}, with_history=False), status_code=200,
                    headers={"Content-Type": XLSX_MIME, "Content-Disposition": f'attachment; filename="{filename}"',
                             "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"})
