"""HTTP handlers: parse the request, call a service, shape the response. Errors become JSON 4xx, never 5xx."""
import functools
import json
import logging

from .. import bootstrap, catalogue
from ..domain import rfc as rfc_rules
from ..errors import ApiError
from ..i18n import DEFAULT, lang_of

log = logging.getLogger("integra")
JSON = "application/json; charset=utf-8"


def dump(body) -> str:
    """JSON text for a response. Readable UTF-8, unless the body repeats a lone surrogate someone sent
    ("\\ud800" in a key): that cannot be encoded, so then every non-ASCII character is escaped instead."""
    text = json.dumps(body, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(body)
    return text


def hint_lang(request) -> str:
    """The language before the body is read: ?lang=, then Accept-Language, then Spanish."""
    query = request.query_params or {}
    if query.get("lang") in ("es", "en"):
        return query["lang"]
    accept = (request.headers or {}).get("accept-language", "")
    return "en" if accept.lower().startswith("en") else DEFAULT


def cors_headers(request) -> dict:
    """CORS for exactly the configured form origins: echo an allowed Origin, nothing for any other."""
    origin = (request.headers or {}).get("origin", "")
    if origin and origin.rstrip("/") in bootstrap.wiring().config.form_origins:
        return {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}
    return {}


def preflight(request):
    from chalice import Response
    headers = cors_headers(request)
    if headers:
        headers.update({"Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                        "Access-Control-Allow-Headers": "Content-Type, Accept-Language",
                        "Access-Control-Max-Age": "600"})
    return Response(body="", status_code=204, headers=headers)


# Public, the same for everyone: a cache may keep them. Everything else may carry personal data.
_PUBLIC = {"/questionnaire", "/openapi.json", "/benchmarks", "/registry", "/health"}


def respond(request, handler):
    """Run a handler returning (status, body) or a Response; map every failure to the error shape."""
    response = _respond(request, handler)
    if request.method == "POST" and response.status_code >= 400:
        refused({"/pledges": "pledge", "/assessments": "assessment"}.get(
            (request.context or {}).get("resourcePath", ""), ""), response.status_code)
    response.headers.update(cors_headers(request))
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    path = (request.context or {}).get("resourcePath", "")
    if not (request.method == "GET" and path in _PUBLIC and response.status_code < 400):
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def _respond(request, handler):
    from chalice import Response
    lang = hint_lang(request)
    try:
        result = handler(request, lang)
        if isinstance(result, Response):  # a file download
            return result
        status, body = result
    except Exception as exc:
        return error_response(as_api_error(exc, lang))
    return Response(body=dump(body), status_code=status, headers={"Content-Type": JSON})


_THROTTLED = {"ThrottlingException", "ProvisionedThroughputExceededException", "RequestLimitExceeded",
              "TransactionInProgressException", "InternalServerError", "ServiceUnavailable", "Throttling",
              "TooManyRequestsException"}


def error_response(error: ApiError, **headers):
    """An error as JSON, the one shape every route answers in: never cached, never sniffed."""
    from chalice import Response
    return Response(body=dump(error.body()), status_code=error.status,
                    headers={**headers, "Content-Type": JSON, "X-Content-Type-Options": "nosniff",
                             "Cache-Control": "no-store", **error.headers})


@functools.lru_cache(maxsize=1)
def _service_errors() -> dict:
    """What each refusal of a use case is called over HTTP: (status, message code)."""
    from ..services import errors as e
    return {e.Busy: (409, "busy"), e.SubmissionConflict: (409, "submission_conflict"),
            e.Superseded: (409, "superseded"), e.ReplacedToday: (429, "replaced_today"),
            e.Refused: (403, "forbidden"), e.SnapshotRunning: (409, "snapshot_running"),
            e.UnknownCompany: (404, "company_unknown"), e.AlreadyBlocked: (409, "already_blocked"),
            e.NotDeletable: (409, "not_deletable"), e.NotUnderReview: (409, "listing_not_in_review"),
            e.NothingChanged: (422, "nothing_changed"), e.ListingNameChanged: (409, "listing_name_changed"),
            e.ActivityExists: (409, "activity_exists"),
            e.RosterTooLarge: (413, "roster_too_large"), e.RosterTooManyRows: (422, "roster_too_many_rows")}


def as_api_error(exc: Exception, lang: str) -> ApiError:
    """The one mapping of a failure to what the client is told, for every route, JSON or HTML: our own 4xx as
    they are; a use case's refusal by the table above, in the submission's language; AWS throttling, 5xx and
    lost connections -> 503 (a retry may work); AWS refusing the request itself (a validation error no retry
    fixes) -> 400; anything else -> 500. Internals never leak."""
    if isinstance(exc, ApiError):
        return exc
    from ..services.errors import ServiceError
    if isinstance(exc, ServiceError):
        known = next((_service_errors()[k] for k in type(exc).__mro__ if k in _service_errors()), None)
        if known:
            status, code = known
            error = ApiError(status, code, exc.lang or lang, **exc.params)
            if "retry_after" in exc.params:
                error.headers["Retry-After"] = str(exc.params["retry_after"])
            return error
    log.exception("unhandled error")
    if type(exc).__module__.startswith("botocore"):
        from botocore.exceptions import ClientError
        if isinstance(exc, ClientError):
            error = exc.response.get("Error", {})
            status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 500)
            if error.get("Code") in _THROTTLED or status >= 500:
                return ApiError(503, "unavailable", lang)
            if error.get("Code") == "ValidationException":
                return ApiError(400, "request_unprocessable", lang)
            return ApiError(500, "internal", lang)
        return ApiError(503, "unavailable", lang)  # connection and timeout errors
    return ApiError(500, "internal", lang)


# Chalice answers some requests itself, before any route runs, in its own shape: said here in ours.
_CHALICE_CODES = {"UnsupportedMediaType": "unsupported_media_type", "MethodNotAllowedError": "method_not_allowed",
                  "BadRequest": "accept_required"}


def chalice_errors(event, get_response):
    """HTTP middleware: chalice's own 405, 415 and 400 (a binary answer without a matching Accept) get the
    service's error body, in the request's language, as JSON."""
    response = get_response(event)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")  # every answer, whoever made it
    if response.status_code >= 400:
        response.headers.setdefault("Cache-Control", "no-store")
    body = response.body
    if response.status_code < 400 or not isinstance(body, dict) or body.get("Code") not in _CHALICE_CODES:
        return response
    error = ApiError(response.status_code, _CHALICE_CODES[body["Code"]], hint_lang(event))
    return error_response(error, **{k: v for k, v in (response.headers or {}).items() if k.lower() != "content-type"})


def observe(event, get_response):
    """Middleware for every event (HTTP, SQS, schedules): the invocation's log keys (request id, route) and, in
    AWS, its X-Ray subsegment, annotated with the route so traces can be searched by it."""
    from .. import observability
    lambda_context = getattr(event, "lambda_context", None) or getattr(event, "context", None)
    request_id = getattr(lambda_context, "aws_request_id", None)
    if hasattr(event, "method"):  # an HTTP request: its context is API Gateway's
        route = (event.context or {}).get("resourcePath")
        observability.start(request_id or (event.context or {}).get("requestId"), route=route, method=event.method)
    else:
        route = type(event).__name__
        observability.start(request_id, event=route)
    tracer = observability.tracer()
    if tracer is None:
        return get_response(event)
    with tracer.provider.in_subsegment(f"## {route}") as segment:
        segment.put_annotation("route", str(route))
        return get_response(event)


def origin_guard(event, get_response):
    """HTTP middleware: in AWS the API answers only what came through CloudFront (which adds a secret header, and
    where the per-client rate limit and TLS policy are); the local run sets no secret and is not guarded."""
    import hmac
    import os
    expected = os.environ.get("ORIGIN_HEADER_VALUE")
    given = (event.headers or {}).get("x-integra-origin", "")
    if expected and not hmac.compare_digest(given.encode(), expected.encode()):
        return error_response(ApiError(403, "direct_access", hint_lang(event)))
    return get_response(event)


def page(request, view):
    """An HTML route under the same error mapping: a person gets a page in their language, a script (Accept:
    application/json) the JSON error."""
    try:
        return view(request)
    except Exception as exc:
        lang = hint_lang(request)
        error = as_api_error(exc, lang)
        if "application/json" in (request.headers or {}).get("accept", ""):
            return error_response(error)
        from ..forms import pages
        from ..i18n import message
        from . import html
        said = message("unavailable_page", lang) if error.code == "unavailable" else error.body()["error"]["message"]
        return html.response(pages.message(lang, "brand", None, said), error.status)


def bearer(request) -> str | None:
    """The credential a caller sent: Authorization: Bearer … or x-api-key."""
    headers = request.headers or {}
    auth = headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return headers.get("x-api-key")


def json_body(request, lang: str, schema):
    """A JSON body validated against `schema`: (model, the request's language)."""
    from . import validation
    data, lang = _body(request, lang)
    return validation.model(schema, data, lang), lang


def _body(request, lang: str) -> tuple:
    from . import validation
    data = validation.parse_json(request.raw_body, lang)
    return data, validation.request_lang(data, lang)


def questionnaire(request, lang):
    from ..services.questionnaire import describe
    return 200, describe(catalogue.current(), lang_of((request.query_params or {}).get("lang", lang)))


def created(outcome) -> tuple:
    """A submission's answer: 201 when this request made it, 200 when it repeats an earlier one."""
    return (200 if outcome.replayed else 201), outcome.body


def counted(kind: str, outcome):
    """The submission's metric (by kind and outcome) and its ids on the invocation's log lines."""
    from .. import observability
    said = "replayed" if outcome.replayed else \
        "pending" if outcome.body.get("status") == "pending_confirmation" else "applied"
    observability.bind(assessment_id=outcome.body.get("assessment_id"), pledge_id=outcome.body.get("pledge_id"))
    observability.count("Submissions", kind=kind, outcome=said)
    return outcome


def refused(kind: str, status: int) -> None:
    """A submission turned away: 4xx (the sender's to fix) or 5xx (ours)."""
    if kind in ("pledge", "assessment"):
        from .. import observability
        observability.count("Submissions", kind=kind, outcome="refused" if status < 500 else "failed")


def pledge(request, lang):
    from . import validation
    data, lang = _body(request, lang)
    return created(submit_pledge(validation.pledge(data, lang)))


def submit_pledge(payload):
    """A validated pledge into the use case (the JSON API and the hosted form both come here)."""
    from .. import observability
    from ..services import pledges
    w = bootstrap.wiring()
    observability.bind(submission_id=payload.submission_id)
    return counted("pledge", pledges.submit(w.store, payload, w.clock(),
                                            rfc_rules.check(payload.company.rfc).check_digit_ok,
                                            w.config.first_assessment_days, w.config, w.queue, payload.company_token))


def assessment(request, lang):
    from . import validation
    data, lang = _body(request, lang)
    return created(submit_assessment(*validation.assessment(data, lang)))


def submit_assessment(payload, cat):
    """A validated assessment into the use case (the JSON API and the hosted form both come here)."""
    from .. import observability
    from ..services import assessments
    w = bootstrap.wiring()
    observability.bind(submission_id=payload.submission_id)
    return counted("assessment", assessments.submit(
        w.store, payload, cat, w.clock(), rfc_rules.check(payload.company.rfc).check_digit_ok, queue=w.queue,
        cfg=w.config, company_token=payload.company_token))


def scorecard(request, lang):
    """The scorecard workbook, only with the signed link from the e-mail: anything else is 403."""
    from chalice import Response

    from ..i18n import message
    from ..scorecard.workbook import XLSX_MIME
    from ..services import scorecards
    w = bootstrap.wiring()
    assessment_id = request.uri_params["assessment_id"]
    token = (request.query_params or {}).get("token")
    from ..services.identity import is_company_id as is_uuid  # assessment ids are UUIDs too: bounded keys
    ctx = w.store.scorecard_context(assessment_id) if token and is_uuid(assessment_id) else None
    if ctx is None or not scorecards.downloadable(w.config, ctx, assessment_id, token, w.clock()):
        if "text/html" in (request.headers or {}).get("accept", ""):  # opened in a browser: a page, with a way on
            from ..forms import pages
            from . import html
            return html.response(pages.dead_link(lang, message("forbidden", lang), "../../forms/"), 403)
        raise ApiError(403, "forbidden", lang)
    record = ctx["assessment"]
    filename = message("mail_attachment", record["lang"], year=record["year"])
    return Response(body=scorecards.render(ctx), status_code=200,
                    headers={"Content-Type": XLSX_MIME, "Content-Disposition": f'attachment; filename="{filename}"',
                             "Cache-Control": "private, no-store"})


def benchmark(request, lang):
    from ..services import benchmarks
    from .queries import benchmark_query
    w = bootstrap.wiring()
    year, version, cohort = benchmark_query(request.query_params or {}, lang, w.clock())
    return 200, benchmarks.read(w.store, year, version, cohort, lang)


def openapi(request, lang):
    from .openapi import document
    return 200, document()


def health(request, lang):
    return 200, {"status": "ok", "questionnaire_versions": list(catalogue.versions())}
