"""The staff console (HTML): sign-in, pages, and the forms that call the staff actions.

Every page needs a session (401 with a sign-in link without one, 403 for a forged cookie); every form carries the
session's CSRF token. A form's action runs the same code as its JSON route (staff_http) and redirects back with
what was done (303), or answers a page that says why not, with the error's own status.
"""
import functools
import hmac
import re
import secrets
import urllib.parse

from .. import bootstrap, catalogue, config
from ..console import pages
from ..console.pages import View
from ..errors import ApiError
from ..i18n import message, pick
from ..services import console, staff_access
from . import html, http, staff_auth, staff_http

FLASH = ("synced", "published", "rectified", "revoked", "blocked", "deleted", "approved", "declined", "unlisted",
         "created", "redriven", "retrying", "signedout")


def _redirect(location: str, *cookies: str):
    from chalice import Response
    headers: dict = {"Location": location, "Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
    if cookies:
        headers["Set-Cookie"] = list(cookies) if len(cookies) > 1 else cookies[0]
    return Response(body="", status_code=303, headers=headers)


def _flash(request, v: View) -> str | None:
    query = request.query_params or {}
    done = query.get("done")
    if done not in FLASH:
        return None
    n = query.get("n", "")
    return v.t(f"done_{done}", n=int(n) if re.fullmatch(r"[0-9]{1,6}", n) else 0)


_LABELS = {"activity_id": "f_activity_id", "title": "f_title", "type": "f_type", "date": "f_date",
           "topics": "f_topics", "month": "f_month", "decision": "col_decision", "confirm": "f_confirm"}


def _label(v: View, path: str) -> str:
    """A field as the page names it ("Contacto: Correo electrónico"), not its API path."""
    head, _, rest = path.partition(".")
    if head in ("contact", "signatory") and rest in ("name", "email", "position"):
        return f"{v.t(head)}: {v.t('f_' + rest)}"
    key = _LABELS.get(head)
    return v.t(key) if key else path


def _here(request) -> str:
    """This page's path as the browser sees it (API Gateway's own path would carry its stage)."""
    path = (request.context or {}).get("resourcePath") or "/staff/"
    for name, value in (request.uri_params or {}).items():
        path = path.replace("{" + name + "}", urllib.parse.quote(str(value), safe=""))
    return staff_auth.safe_next(path)


def _refusal(request, lang: str, error: ApiError, staff=None):
    """A refused page or form, as a page in the reader's language, with the error's status."""
    v = View(lang, staff.who if staff else None, (staff.session or {}).get("csrf") if staff else None)
    body = error.body()["error"]
    fields = [f"{_label(v, d['path'])}: {d['message']}" for d in body.get("fields", [])]
    signin = (_here(request) if request.method == "GET" else "/staff/") if error.status == 401 else None
    back = staff_auth.form(request).get("back") if request.method == "POST" else None
    back = back if isinstance(back, str) and back else _page_of(request)
    return html.response(pages.problem(v, v.t("error_title") if error.status != 401 else v.t("signin_title"),
                                       body["message"], staff_auth.safe_next(back), fields, signin), error.status)


_BACK = {"/staff/dashboard/sync": "/staff/", "/staff/benchmarks/snapshot": "/staff/", "/staff/signout": "/staff/",
         "/staff/scorecards/redrive": "/staff/mail", "/staff/activities": "/staff/activities"}


def _page_of(request) -> str:
    """The page a refused form came from (or the page itself, for a GET)."""
    path = _here(request)
    if request.method == "GET":
        return "/staff/"
    if path in _BACK:
        return _BACK[path]
    if path.startswith("/staff/scorecards/"):
        return "/staff/mail"
    if path.endswith("/links/revoke"):
        return path.removesuffix("/links/revoke")
    return path.rsplit("/", 1)[0]


def page(handler):
    """A console page: the signed-in person (or a refusal page) and a View for them."""
    @functools.wraps(handler)
    def run(request):
        lang = http.hint_lang(request)
        staff = None
        try:
            staff = staff_auth.identify(request, lang)
            if staff.session is None:  # a script's token reads JSON, not pages
                raise ApiError(401, "signin_needed", lang)
            v = View(lang, staff.who, staff.session["csrf"])
            return html.response(handler(request, v, staff))
        except Exception as exc:
            error = http.as_api_error(exc, lang)
            if error.status == 401 and error.code == "unauthorized":  # a person without a session: say so simply
                error = ApiError(401, "signin_needed", lang)
            return _refusal(request, lang, error, staff if staff and staff.session else None)
    return run


def action(name: str, done: str):
    """A console form: who (with the CSRF token), the action as theirs in the audit log, then back with `done`."""
    def wrap(handler):
        @functools.wraps(handler)
        def run(request):
            lang = http.hint_lang(request)
            staff = None
            try:
                staff = staff_auth.identify(request, lang)
                staff_auth.check_csrf(request, staff, lang)
                fields = staff_auth.form(request)
                result = handler(request, lang, fields, staff, staff_http.auditor(staff.who, name))
                said = done
                if isinstance(result, tuple):  # (where to go back, what was done)
                    result, said = result
                if not isinstance(result, str):
                    return result  # a page of its own (a roster's row report)
                target, _, moved = result.partition("#")  # where to go back to, and a count to say
                back = fields.get("back")
                if isinstance(back, str) and back:
                    target = staff_auth.safe_next(back)
                return _redirect(f"{target}?done={said}" + (f"&n={moved}" if moved else ""))
            except Exception as exc:
                return _refusal(request, lang, http.as_api_error(exc, lang), staff)
        return run
    return wrap


# ---- sign-in ----
def signin_page(request):
    lang = http.hint_lang(request)
    cfg = bootstrap.wiring().config
    nonce = secrets.token_urlsafe(24)
    v = View(lang)
    local = staff_auth.local_signin(cfg) and staff_auth.loopback_host(request)
    addresses = [a for a in cfg.staff_allowed if not a.startswith("@")]
    problem_text = message("signin_failed", lang) if (request.query_params or {}).get("failed") else None
    body = pages.signin(v, local, addresses, nonce, staff_auth.safe_next((request.query_params or {}).get("next")),
                        bool(cfg.google_client_id), problem_text, _flash(request, v))
    from chalice import Response
    headers = html.headers(body)
    headers["Set-Cookie"] = staff_auth.set_cookie(cfg, staff_auth.SIGNIN, nonce, 600)
    return Response(body=body, status_code=200, headers=headers)


def _nonce_ok(request, given) -> bool:
    expected = staff_auth.cookies(request).get(staff_auth.cookie_name(bootstrap.wiring().config, staff_auth.SIGNIN))
    return bool(expected and isinstance(given, str) and hmac.compare_digest(given.encode(), expected.encode()))


def _oidc_nonce(cfg, state: str) -> str:
    from ..domain import links
    return links.sign(config.link_key(cfg), "oidc-nonce", state, 0)


def signin(request):
    """POST /staff/signin: the local stand-in's pick of an address, or the way to Google."""
    lang = http.hint_lang(request)
    w = bootstrap.wiring()
    cfg = w.config
    fields = staff_auth.form(request)
    if not _nonce_ok(request, fields.get("signin")):
        return _refusal(request, lang, ApiError(403, "csrf_refused", lang))
    nonce = str(fields["signin"])
    next_path = staff_auth.safe_next(fields.get("next") if isinstance(fields.get("next"), str) else None)
    if staff_auth.local_signin(cfg):
        if not staff_auth.loopback_host(request):
            return _refusal(request, lang, ApiError(403, "staff_forbidden", lang))
        email = str(fields.get("email") or "").casefold()
        if email.startswith("@") or email not in cfg.staff_allowed:
            return _refusal(request, lang, ApiError(403, "staff_not_allowed", lang))
        return _signed_in(email, next_path)
    if not cfg.google_client_id:
        return _refusal(request, lang, ApiError(503, "unavailable", lang))
    from ..adapters import google_signin
    state = f"{nonce}~{urllib.parse.quote(next_path, safe='/')}"
    return _redirect(google_signin.authorization_url(cfg, f"{cfg.public_api_url}/staff/signin/callback", state,
                                                     _oidc_nonce(cfg, nonce)))


def callback(request):
    """GET /staff/signin/callback?code&state: Google's answer. The state must be this browser's sign-in nonce."""
    lang = http.hint_lang(request)
    w = bootstrap.wiring()
    cfg = w.config
    query = request.query_params or {}
    nonce, _, next_quoted = (query.get("state") or "").partition("~")
    if not _nonce_ok(request, nonce) or not query.get("code") or staff_auth.local_signin(cfg):
        return _refusal(request, lang, ApiError(403, "csrf_refused", lang))
    from ..adapters import google_signin
    try:
        claims = google_signin.verified_claims(cfg, config.google_client_secret(cfg) or "", query["code"],
                                               f"{cfg.public_api_url}/staff/signin/callback", _oidc_nonce(cfg, nonce))
    except google_signin.SigninFailed as exc:
        http.log.warning("staff sign-in failed: %s", exc)
        return _redirect("/staff/signin?failed=1")
    email = str(claims["email"]).casefold()
    if not staff_access.allowed(email, cfg.staff_allowed, claims.get("hd"), google=True):
        return _refusal(request, lang, ApiError(403, "staff_not_allowed", lang))
    return _signed_in(email, staff_auth.safe_next(urllib.parse.unquote(next_quoted)))


def _signed_in(email: str, next_path: str):
    w = bootstrap.wiring()
    cfg = w.config
    session_id, session = staff_access.open_session(w.store, email, w.clock(), cfg.staff_session_hours)
    staff_http.auditor(email, "staff.signin")(email)
    return _redirect(next_path, staff_auth.session_cookie(cfg, session_id, int(session["expires_at"])),
                     staff_auth.set_cookie(cfg, staff_auth.SIGNIN, "", 0))


def signout(request):
    lang = http.hint_lang(request)
    cfg = bootstrap.wiring().config
    try:
        staff = staff_auth.identify(request, lang)
        staff_auth.check_csrf(request, staff, lang)
    except ApiError as error:
        return _refusal(request, lang, error)
    if staff.session_id:
        staff_access.close(bootstrap.wiring().store, staff.session_id)
        staff_http.auditor(staff.who, "staff.signout")(staff.who)
    return _redirect("/staff/signin?done=signedout", staff_auth.set_cookie(cfg, "integra_staff", "", 0))


# ---- pages ----
@page
def home(request, v: View, staff):
    w = bootstrap.wiring()
    failed = console.failed_mail(w.store, w.queue)
    sync = w.store.get_meta("sync")
    counts = {"companies": len(w.store.directory()), "listings": len(w.store.listings_to_review()),
              "dead_letters": failed["dead_letters"], "failed": len(failed["failed_scorecards"]),
              "snapshot_at": w.store.snapshot_run().get("taken_at"), "synced_at": sync.get("last_ok"),
              "failing": int(sync.get("failing", 0))}
    from ..services.common import mexico_year
    this_year = mexico_year(w.clock())
    years = list(range(this_year, max(w.config.dashboard_first_year, this_year - 4) - 1, -1))
    return pages.home(v, counts, years, _flash(request, v))


@page
def companies(request, v: View, staff):
    w = bootstrap.wiring()
    query = ((request.query_params or {}).get("q") or "")[:80]
    rows, total = console.companies(w.store, query, w.clock(), w.config.first_assessment_days)
    return pages.companies(v, query, rows, total)


@page
def company(request, v: View, staff):
    w = bootstrap.wiring()
    company_id = staff_http.company_of(request.uri_params["rfc"], v.lang)
    record = console.record(w.store, company_id, w.clock(), w.config.first_assessment_days)
    audit = console.audit_entries(w.store, console.mexico_month(w.clock()), target=company_id)
    return pages.company(v, record, audit, w.config.arco_block_days, _flash(request, v))


@page
def listings(request, v: View, staff):
    from ..services import listings as use_case
    store = bootstrap.wiring().store
    return pages.listings(v, use_case.to_review(store), use_case.renamed(store), _flash(request, v))


def _dimensions(lang: str) -> list:
    return [(d.id, f"{d.id} · {pick(d.title, lang)}") for d in catalogue.current().dimensions]


@page
def activities(request, v: View, staff):
    return pages.activities(v, bootstrap.wiring().store.activities(), _dimensions(v.lang), _flash(request, v))


def _activity_page(v: View, activity: dict, report: dict | None = None, problem_text: str | None = None):
    store = bootstrap.wiring().store
    attendees = store.attendees(activity["activity_id"])
    names = {c: p.get("name") for c, p in store.profiles([a["company_id"] for a in attendees]).items()}
    return pages.activity(v, activity, attendees, names, report, problem_text)


@page
def activity(request, v: View, staff):
    return _activity_page(v, staff_http.known_activity(request.uri_params["activity_id"], v.lang))


@page
def mail(request, v: View, staff):
    w = bootstrap.wiring()
    return pages.mail(v, console.failed_mail(w.store, w.queue), _flash(request, v))


@page
def audit(request, v: View, staff):
    w = bootstrap.wiring()
    query = request.query_params or {}
    month = query.get("month") or console.mexico_month(w.clock())
    if not staff_http._MONTH.fullmatch(month):
        from ..errors import invalid
        raise invalid(v.lang, [("month", "month_invalid", {})])
    filters = {k: (query.get(k) or "")[:80] for k in ("who", "action", "target")}
    entries = console.audit_entries(w.store, month, **filters)
    return pages.audit(v, month, filters, entries)


# ---- forms ----
def _nested(fields: dict, groups: tuple) -> dict:
    """"contact.email" fields -> {"contact": {"email": …}}, blanks left out (nothing to change)."""
    data: dict = {}
    for name, value in fields.items():
        head, _, rest = name.partition(".")
        if head in groups and rest and isinstance(value, str) and value.strip():
            data.setdefault(head, {})[rest] = value.strip()
    return data


@action("arco.rectify", "rectified")
def rectify(request, lang, fields, staff, audit):
    from . import validation
    from .schemas import RectifyIn
    company_id = staff_http.company_of(request.uri_params["rfc"], lang)
    data = {"contact": {}, **_nested(fields, ("contact", "signatory")), "lang": lang}
    staff_http.rectify_company(company_id, validation.model(RectifyIn, data, lang), lang, audit)
    return f"/staff/companies/{company_id}"


@action("links.revoke", "revoked")
def revoke(request, lang, fields, staff, audit):
    company_id = staff_http.company_of(request.uri_params["rfc"], lang)
    staff_http.revoke_company_links(company_id, audit)
    return f"/staff/companies/{company_id}"


def _confirmed(fields: dict, lang: str) -> None:
    """What cannot be undone needs its box ticked (the page's `required` aside: a script could skip it)."""
    if fields.get("confirm") != "yes":
        from ..errors import invalid
        raise invalid(lang, [("confirm", "confirm_missing", {})])


@action("arco.block", "blocked")
def block(request, lang, fields, staff, audit):
    _confirmed(fields, lang)
    company_id = staff_http.company_of(request.uri_params["rfc"], lang)
    staff_http.block_company(company_id, audit)
    return f"/staff/companies/{company_id}"


@action("arco.delete", "deleted")
def delete(request, lang, fields, staff, audit):
    _confirmed(fields, lang)
    company_id, rfc = staff_http.company_and_rfc(request.uri_params["rfc"], lang)
    if company_id is None:
        raise ApiError(404, "company_unknown", lang)
    staff_http.delete_company(company_id, rfc, audit)
    return "/staff/companies"


def decide(request):
    """POST /staff/listings/{company_id}: a console form, or JSON from a script."""
    if (request.headers or {}).get("content-type", "").lower().startswith(staff_auth.FORM_TYPES):
        return _decide(request)
    return http.respond(request, staff_http.listing_decision)


@action("listing.decide", "decided")
def _decide(request, lang, fields, staff, audit):
    decision, name = fields.get("decision"), fields.get("name")
    staff_http.check_decision(decision, name, lang)
    company_id = staff_http.company_of(request.uri_params["company_id"], lang)
    if decision == "withdraw":
        _confirmed(fields, lang)
    staff_http.decide_listing(company_id, str(decision), staff.who, name)
    return "/staff/listings", {"approve": "approved", "decline": "declined", "approve_name": "approved",
                               "withdraw": "unlisted"}[str(decision)]


@action("activity.save", "created")
def create_activity(request, lang, fields, staff, audit):
    data = {k: fields.get(k, "") for k in ("activity_id", "title", "type", "date")}
    data["topics"] = (fields.get("_all") or {}).get("topics", [])
    data["lang"] = lang
    payload = staff_http.check_activity(data, lang)
    staff_http.create_activity(payload, audit)
    return "/staff/activities"


@action("activity.attendance", "")
def attendance(request, lang, fields, staff, audit):
    """A roster uploaded from the activity's page: the page again, with the row report."""
    activity = staff_http.known_activity(request.uri_params["activity_id"], lang)
    v = View(lang, staff.who, staff.session["csrf"] if staff.session else None)
    upload = fields.get("roster")
    if not (isinstance(upload, tuple) and (upload[0] or upload[1])):
        return html.response(_activity_page(v, activity, None, v.t("roster_missing")), 422)
    filename, raw = upload
    from ..scorecard.workbook import XLSX_MIME
    kind = XLSX_MIME if filename.lower().endswith(".xlsx") or raw[:2] == b"PK" else "text/csv"
    report = staff_http.record_attendance(activity, staff_http.roster_rows(raw, kind, lang), lang, audit)
    return html.response(_activity_page(v, activity, report))


@action("scorecards.redrive", "redriven")
def redrive(request, lang, fields, staff, audit):
    return f"/staff/mail#{staff_http.redrive_mail(audit)['moved']}"


@action("scorecards.retry", "retrying")
def retry(request, lang, fields, staff, audit):
    staff_http.retry_scorecard(request.uri_params["assessment_id"], lang, audit)
    return "/staff/mail"


@action("dashboard.sync", "synced")
def sync(request, lang, fields, staff, audit):
    staff_http.sync_now(audit, lang)
    return "/staff/"


@action("benchmarks.snapshot", "published")
def snapshot(request, lang, fields, staff, audit):
    staff_http.snapshot_now(audit)
    return "/staff/"
