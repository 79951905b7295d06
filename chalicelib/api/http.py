"""HTTP handlers: parse the request, call a service, shape the response. Errors become JSON 4xx, never 5xx."""
import json
import logging

from .. import bootstrap, catalogue
from ..domain import rfc as rfc_rules
from ..errors import ApiError
from ..i18n import DEFAULT, lang_of

log = logging.getLogger("integra")
JSON = "application/json; charset=utf-8"


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
                        "Access-Control-Allow-Headers": "Content-Type, Accept-Language", "Access-Control-Max-Age": "600"})
    return Response(body="", status_code=204, headers=headers)


def respond(request, handler):
    """Run a handler returning (status, body) or a Response; map every failure to the error shape."""
    response = _respond(request, handler)
    response.headers.update(cors_headers(request))
    return response


def _respond(request, handler):
    from chalice import Response
    lang = hint_lang(request)
    try:
        result = handler(request, lang)
        if isinstance(result, Response):  # a file download
            return result
        status, body = result
    except ApiError as exc:
        status, body = exc.status, exc.body()
    except Exception as exc:  # an outage or a bug: log it, answer without leaking internals
        log.exception("unhandled error")
        if type(exc).__module__.startswith("botocore"):  # AWS unreachable or throttling: safe to retry
            status, body = 503, ApiError(503, "unavailable", lang).body()
        else:
            status, body = 500, ApiError(500, "internal", lang).body()
    return Response(body=json.dumps(body, ensure_ascii=False), status_code=status, headers={"Content-Type": JSON})


def _body(request, lang: str) -> tuple:
    from . import validation
    data = validation.parse_json(request.raw_body, lang)
    return data, validation.request_lang(data, lang)


def questionnaire(request, lang):
    from ..services.questionnaire import describe
    return 200, describe(catalogue.current(), lang_of((request.query_params or {}).get("lang", lang)))


def pledge(request, lang):
    from . import validation
    data, lang = _body(request, lang)
    return submit_pledge(validation.pledge(data, lang))


def submit_pledge(payload) -> tuple:
    """A validated pledge into the use case (the JSON API and the hosted form both come here)."""
    from ..services import pledges
    w = bootstrap.wiring()
    return pledges.submit(w.store, payload, w.clock(), rfc_rules.check(payload.company.rfc).check_digit_ok,
                          w.config.first_assessment_days, w.config, w.queue, payload.company_token)


def assessment(request, lang):
    from . import validation
    data, lang = _body(request, lang)
    return submit_assessment(*validation.assessment(data, lang))


def submit_assessment(payload, cat) -> tuple:
    """A validated assessment into the use case (the JSON API and the hosted form both come here)."""
    from ..services import assessments
    w = bootstrap.wiring()
    return assessments.submit(w.store, payload, cat, w.clock(), rfc_rules.check(payload.company.rfc).check_digit_ok,
                              queue=w.queue, cfg=w.config, company_token=payload.company_token)


def scorecard(request, lang):
    """The scorecard workbook, only with the signed link from the e-mail: anything else is 403."""
    from chalice import Response

    from ..i18n import message
    from ..scorecard.workbook import XLSX_MIME
    from ..services import scorecards
    w = bootstrap.wiring()
    assessment_id = request.uri_params["assessment_id"]
    token = (request.query_params or {}).get("token")
    ctx = w.store.scorecard_context(assessment_id) if token else None
    if not scorecards.downloadable(w.config, ctx, assessment_id, token, w.clock()):
        raise ApiError(403, "forbidden", lang)
    record = ctx["assessment"]
    filename = message("mail_attachment", record["lang"], year=record["year"])
    return Response(body=scorecards.render(ctx), status_code=200,
                    headers={"Content-Type": XLSX_MIME, "Content-Disposition": f'attachment; filename="{filename}"',
                             "Cache-Control": "private, no-store"})


def benchmark(request, lang):
    from ..services import benchmarks
    w = bootstrap.wiring()
    return 200, benchmarks.read(w.store, request.query_params or {}, lang, w.clock())


def openapi(request, lang):
    from .openapi import document
    return 200, document()


def health(request, lang):
    return 200, {"status": "ok", "questionnaire_versions": list(catalogue.versions())}
