"""Company HTTP handlers: the public registry and the company's self-service (its page, its contact, a link by
RFC and a verified e-mail). A company acts only with its signed link; nothing here needs staff credentials.
"""

from .. import bootstrap
from ..errors import ApiError
from ..i18n import message
from . import http


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
    from .schemas import LinkRequestIn
    payload, lang = http.json_body(request, lang, LinkRequestIn)
    ask_for_link(payload.rfc, payload.email, lang)
    return 202, {"message": message("link_requested", lang)}


def ask_for_link(rfc: str, email: str, lang: str) -> None:
    """Queue the request (the worker decides whether anything is sent), or with no queue decide inline."""
    from ..services import selfservice
    w = bootstrap.wiring()
    if w.queue is None:
        selfservice.send_link({"kind": "access", "rfc": rfc, "email": email, "lang": lang}, w.store, w.mailer,
                              w.config, w.clock())
    else:
        selfservice.request_link(w.queue, rfc, email, lang)


def _company_from_token(request, lang: str) -> tuple[str, dict, int]:
    """(company_id, profile, link expiry) for a genuine, current company link; 403 otherwise."""
    from ..services import selfservice
    w = bootstrap.wiring()
    value = (request.query_params or {}).get("token") or http.bearer(request)
    company = selfservice.claimed_company(value)
    profile = w.store.profile(company) if company else None
    expires = selfservice.expiry(w.config, value, profile, w.clock())
    if expires is None or company is None or profile is None:
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
        return html.response(pages.dead_link(lang, exc.body()["error"]["message"]), exc.status)
    if browser:
        from ..forms import pages
        query = request.query_params or {}
        view["saved"] = query.get("saved") == "1"
        token = query.get("token") or http.bearer(request) or ""
        return html.response(pages.company(view, lang, token))
    return 200, view


def company_contact(request, lang):
    from ..services import selfservice
    from .schemas import Contact
    company_id, profile, _ = _company_from_token(request, lang)
    payload, lang = http.json_body(request, lang, Contact)
    w = bootstrap.wiring()
    updated = selfservice.update_contact(w.store, w.queue, company_id, profile, payload.model_dump(), lang)
    return 200, {"contact": updated, "links_revoked": True}


def company_contact_form(request):
    """The contact form on the company's page (works without JavaScript): update, then say what that revoked. A
    mistake brings the page back with the form as typed and the error beside its field."""
    from ..forms import pages
    from ..forms import payload as form_payload
    from ..services import selfservice
    from . import html, validation
    from .schemas import Contact
    values = form_payload.parse(request.raw_body)
    lang = http.lang_of(((values.get("lang") or [None])[0]) or (request.query_params or {}).get("lang", "es"))
    try:
        company_id, profile, expires = _company_from_token(request, lang)
    except ApiError as exc:  # an expired or revoked link: a page that says so
        return html.response(pages.message(lang, "brand", None, exc.body()["error"]["message"]), exc.status)
    typed = {k: v[:1] for k, v in values.items() if k.startswith("contact.")}
    w = bootstrap.wiring()
    try:
        payload = validation.model(Contact, {k.split(".", 1)[1]: v[0].strip() for k, v in typed.items()
                                             if v[0].strip()}, lang)
    except ApiError as exc:
        errors = {f"contact.{path}": message(code, lang, **params) for path, code, params in exc.fields}
        view = selfservice.view(w.store, w.config, company_id, profile, expires, w.clock(), lang)
        token = (request.query_params or {}).get("token", "")
        return html.response(pages.company(view, lang, token, typed, errors or {"contact.email": exc.body()[
            "error"]["message"]}), exc.status)
    selfservice.update_contact(w.store, w.queue, company_id, profile, payload.model_dump(), lang)
    # the change revoked every earlier link, this one too: say so, and how to get a new one
    return html.response(pages.message(lang, "contact_saved_title", "contact_saved_revoked"))
