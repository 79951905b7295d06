"""OpenAPI 3.1 document generated from the same pydantic models that validate requests."""
from functools import lru_cache
from typing import Any

from pydantic.json_schema import models_json_schema

from . import responses as r
from . import schemas as s

_REF = "#/components/schemas/{model}"


def _json(model_name: str) -> dict:
    return {"application/json": {"schema": {"$ref": _REF.format(model=model_name)}}}


def _responses(ok_status: str, ok_model: str, errors=("422",), replay=False) -> dict:
    out = {ok_status: {"description": "OK", "content": _json(ok_model)}}
    if replay:
        out["200"] = {"description": "Replay of an earlier submission_id: the stored result, nothing changed",
                      "content": _json(ok_model)}
    for code in errors:
        out[code] = {"description": "Error, message in the request's language", "content": _json("ErrorOut")}
    return out


# Not an enum the handlers enforce: any other value (or none) falls back to the Accept-Language, then Spanish.
_LANG = {"name": "lang", "in": "query", "schema": {"type": "string"},
         "description": "es | en; any other value: the Accept-Language, else es"}
_HTML = {"text/html": {"schema": {"type": "string"}}}
_ERROR = {"description": "Error, message in the request's language", "content": _json("ErrorOut")}
# What any route may answer besides its own: a Content-Type the route does not take (415, chalice checks it even
# on a GET), throttled (429), broken (500), AWS unavailable (503); with a body, also malformed (400), too large
# (413) or invalid (422).
_ALWAYS = ("415", "429", "500", "503")
_WITH_BODY = ("400", "413", "422")


def _html_page(summary: str, statuses=("200",), path: str | None = None, query=(), body=False) -> dict:
    """An HTML route; one that takes a form post answers scripts (Accept: application/json) in JSON too."""
    content = {**_HTML, "application/json": {"schema": {"type": "object"}}} if body else _HTML
    op = {"summary": summary,
          "parameters": ([{"name": path, "in": "path", "required": True, "schema": {"type": "string"}}]
                                             if path else []) + [_query(q, q) for q in query] + [_LANG],
          "responses": {s: {"description": "HTML page", "content": content} for s in statuses}}
    if body:
        op["requestBody"] = {"required": True, "content": {"application/x-www-form-urlencoded": {
            "schema": {"type": "object", "additionalProperties": {"type": "string"}}}}}
    return op


def _preflight() -> dict:
    return {"summary": "CORS preflight (only FORM_ORIGINS are allowed)", "responses": {"204": {"description": "OK"}}}


def _complete(paths: dict) -> dict:
    """Every operation lists every status it can answer (see _ALWAYS and _WITH_BODY)."""
    for ops in paths.values():
        for op in ops.values():
            extra = _ALWAYS + (_WITH_BODY if "requestBody" in op else ())
            for status in extra:
                op["responses"].setdefault(status, _ERROR)
    return paths


def _query(name: str, description: str, kind: str = "string") -> dict:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": {"type": kind}}


def _json_error() -> dict:
    return {"content": _json("ErrorOut")}


def _staff(summary: str, body: str | None = None, ok: str = "200", path: str | None = None) -> dict:
    op = {"summary": summary, "security": [{"staffKey": []}, {"staffToken": []}, {"staffSession": []}],
          "parameters": [{"name": path, "in": "path", "required": True, "schema": {"type": "string"}}] if path else [],
          "responses": {ok: {"description": "OK"}, "401": {"description": "No staff credentials", **_json_error()},
                        "403": {"description": "Wrong staff credentials", **_json_error()},
                        "404": {"description": "No such activity or company", **_json_error()},
                        "409": {"description": "Conflicts with the current state (say, already blocked)",
                                **_json_error()},
                        "400": _ERROR, "413": _ERROR, "422": _ERROR}}
    if body:
        op["requestBody"] = {"required": True, "content": _json(body)}
    return op


def _console(summary: str, path: str | None = None, form: bool = False) -> dict:
    """A console page (GET, HTML) or form (POST, urlencoded or multipart; 303 back to its page)."""
    responses: dict = {"401": {"description": "Not signed in, or the session ended: a page with a sign-in link",
                               "content": _HTML},
                       "403": {"description": "A forged session cookie, or a form without its CSRF token",
                               "content": _HTML},
                       "404": {"description": "No such company, activity or job", "content": _HTML}}
    op: dict = {"summary": summary, "security": [{"staffSession": []}], "responses": responses,
                "parameters": [{"name": path, "in": "path", "required": True, "schema": {"type": "string"}}]
                if path else []}
    if form:
        op["requestBody"] = {"required": True, "content": {
            "application/x-www-form-urlencoded": {"schema": {"type": "object"}},
            "multipart/form-data": {"schema": {"type": "object"}}}}
        op["responses"].update({"303": {"description": "Done: back to the page, which says so"},
                                "409": {"description": "Conflicts with the current state", "content": _HTML},
                                "422": {"description": "A field is not valid: a page that says which",
                                        "content": _HTML}})
    else:
        op["responses"]["200"] = {"description": "The page", "content": _HTML}
    return op


def _staff_paths() -> dict:
    signin_post = _console("Sign in: the local stand-in's pick of an allowed address, or the way to Google (303)",
                           form=True)
    signin_post["security"] = []
    return {
        "/staff": {"get": _console("The staff console's home: what waits, sync now, the yearly reports")},
        "/staff/signin": {"get": {**_console("The sign-in page"), "security": []}, "post": signin_post},
        "/staff/signin/callback": {"get": {**_console(
            "Google's answer (OpenID Connect code): the session cookie, then 303 to the console"), "security": []}},
        "/staff/signout": {"post": _console("Sign out (the session ends on the server too)", form=True)},
        "/staff/companies": {"get": _console("Participating companies, by name or RFC (?q=)")},
        "/staff/companies/{rfc}/delete": {"post": _console(
            "ARCO cancellation, step 2, from the console", path="rfc", form=True)},
        "/staff/listings": {"get": _staff("First listings in the public registry waiting for approval (a page for "
                                          "a browser, JSON for a script)")},
        "/staff/listings/{company_id}": {"post": _staff(
            "Approve or decline a first listing: JSON or form {decision: approve | decline}", path="company_id")},
        "/staff/activities/{activity_id}": {"get": _console("An activity, its attendees and the roster upload",
                                                            path="activity_id")},
        "/staff/mail": {"get": _console("Failed mail: dead letters to re-drive, scorecards to retry")},
        "/staff/scorecards/{assessment_id}/retry": {"post": _staff(
            "Build and send a failed scorecard again", path="assessment_id")},
        "/staff/activities": {"post": _staff("Record an activity or training", "ActivityIn", "201"),
                              "get": _console("Activities and trainings, and a form to record one")},
        "/staff/activities/{activity_id}/attendance": {"post": _staff(
            "Who attended: JSON {rfcs: [...]}, or a CSV / XLSX roster with an RFC column; bad rows reported by row",
            path="activity_id")},
        "/staff/scorecards/redrive": {"post": _staff("Move dead-lettered mail jobs (scorecards, confirmations, "
                                                     "reminders, links) back to the queue")},
        "/staff/dashboard/sync": {"post": _staff("Rebuild the KPI dashboard now")},
        "/staff/benchmarks/snapshot": {"post": _staff(
            "Publish a benchmark snapshot now (the schedule does every BENCHMARK_SNAPSHOT_HOURS): each cohort's "
            "figures are replaced only after BENCHMARK_MIN_CHANGE contributions entered, left or changed")},
        "/staff/companies/{rfc}/export": {"get": _staff(
            "ARCO: everything held about a company (?format=json|xlsx)", path="rfc")},
        "/staff/companies/{rfc}/contact": {"put": _staff("ARCO: rectify contact data", "RectifyIn", path="rfc"),
                                           "post": _console("ARCO: rectify, from the console", path="rfc",
                                                            form=True)},
        "/staff/companies/{rfc}/block": {"post": _staff(
            "ARCO cancellation, step 1: block and subtract from aggregates", path="rfc")},
        "/staff/companies/{rfc}": {"delete": _staff(
            "ARCO cancellation, step 2: delete after the blocking period", path="rfc"),
            "get": _console("A company's record: history, mails sent, ARCO actions (`{rfc}`: its id or RFC)",
                            path="rfc")},
        "/staff/companies/{rfc}/links/revoke": {"post": _staff(
            "Revoke every link of the company signed until now (company page, scorecards, prefilled forms)",
            path="rfc")},
        "/staff/audit": {"get": _staff("The audit log of staff actions (?month=YYYY-MM)")},
        "/staff/health": {"get": _staff("The mail queue's depth and dead letters, the oldest scorecard still "
                                        "waiting, when the benchmarks were last published and how the dashboard's "
                                        "last syncs went")},
        "/staff/reports/{report}": {"get": _staff(
            "A year's policy tables as a workbook: `{report}` is `<year>.xlsx` (say, 2026.xlsx); Spanish and English "
            "headings, a metadata sheet (period, versions, k, source), from the published snapshot", path="report")},
    }


@lru_cache(maxsize=1)
def document() -> dict:
    models: list[Any] = [(s.PledgeIn, "validation"), (s.AssessmentIn, "validation"), (r.PledgeOut, "serialization"),
              (r.AssessmentOut, "serialization"), (r.BenchmarkOut, "serialization"), (r.Suppressed, "serialization"),
              (r.QuestionnaireOut, "serialization"), (r.ErrorOut, "serialization"),
              (r.RegistryOut, "serialization"), (r.MessageOut, "serialization"), (s.LinkRequestIn, "validation"),
              (s.Contact, "validation"), (s.ActivityIn, "validation"), (s.RectifyIn, "validation"),
              (r.ConfirmIn, "validation"), (r.ConfirmedOut, "serialization")]
    _, defs = models_json_schema(models, ref_template=_REF)
    submit_errors = ("400", "409", "413", "422")
    return {
        "openapi": "3.1.0",
        "info": {"title": "Integra API", "version": "1.0.0",
                 "description": "CEO anti-corruption pledge and integrity self-assessment (UN Global Compact "
                                "Network Mexico). Errors: {error: {code, message, fields[{path, message}]}} in "
                                "the request's language."},
        "paths": _complete({
            "/": {"get": _html_page("The forms' index (HTML)")},
            "/forms/{form}": {
                "get": _html_page("A hosted form (pledge | assessment | registry | embed), empty, reopened from a "
                                  "draft link, or prefilled from a company link", ("200", "403", "404"), path="form",
                                  query=("draft", "token", "company")),
                "post": _html_page("Send the form (urlencoded fields named by their API path): 303 to the result, or "
                                   "the form again with its errors; with Accept: application/json, JSON",
                                   ("200", "201", "303", "400", "404", "409", "413", "422", "429"), path="form",
                                   body=True)},
            "/forms/done/{submission_id}": {"get": _html_page("The result page, with the signed link from the form",
                                                              ("200", "403"), path="submission_id", query=("token",))},
            "/forms/done/{submission_id}/scorecard.xlsx": {"get": {
                "summary": "The result page's own workbook (\"Descargar Excel\"), with the same signed link: this "
                           "assessment only, none of the company's earlier years",
                "parameters": [{"name": "submission_id", "in": "path", "required": True,
                                "schema": {"type": "string"}}, _query("token", "The result page's token"), _LANG],
                "responses": {"200": {"description": "The workbook", "content": {
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                        "schema": {"type": "string", "format": "binary"}}}},
                    "403": {"description": "Not a valid link, or not a confirmed assessment (an HTML page)",
                            "content": {"text/html": {"schema": {"type": "string"}}}}}}},
            "/assessments/{assessment_id}/scorecard.xlsx": {"get": {
                "summary": "The scorecard workbook, with the signed link from its e-mail",
                "parameters": [{"name": "assessment_id", "in": "path", "required": True, "schema": {"type": "string"}},
                               _query("token", "The mailed link's token"), _LANG],
                "responses": {"200": {"description": "The workbook", "content": {
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                        "schema": {"type": "string", "format": "binary"}}}}, "403": _ERROR,
                    "400": {"description": "No Accept header that takes the workbook (browsers send */*)",
                            "content": _json("ErrorOut")}}}},
            "/questionnaire": {"get": {"summary": "The current questionnaire in one language",
                                       "parameters": [_LANG], "responses": _responses("200", "QuestionnaireOut", ())}},
            "/pledges": {"options": _preflight(),
                         "post": {"summary": "Sign the CEO pledge (idempotent on submission_id)",
                                  "requestBody": {"required": True, "content": _json("PledgeIn")},
                                  "responses": _responses("201", "PledgeOut", submit_errors, replay=True)}},
            "/assessments": {"options": _preflight(), "post": {
                "summary": "Submit a self-assessment; returns scores, gaps and peer benchmark",
                                      "requestBody": {"required": True, "content": _json("AssessmentIn")},
                                      "responses": _responses("201", "AssessmentOut", submit_errors, replay=True)}},
            "/benchmarks": {"get": {
                "summary": "Published benchmark from the latest snapshot, national or one dimension (n >= 10, "
                           "complementary suppression), otherwise {suppressed: true, n_min}; two or more "
                           "dimensions: 400",
                "parameters": [_query("year", "Calendar year (Mexico City time); default the current one", "integer"),
                               _query("version", "Questionnaire version; default the current one (with what it "
                                                 "declares comparable in earlier versions)"),
                               _query("state",
                                      "INEGI state code"), _query("size", "micro | pequena | mediana | grande"),
                               _query("sector", "SCIAN sector or activity code"), _LANG],
                "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {
                    "oneOf": [{"$ref": _REF.format(model="BenchmarkOut")},
                              {"$ref": _REF.format(model="Suppressed")}]}}}},
                    "400": {"description": "Bad query", "content": _json("ErrorOut")}}}},
            "/openapi.json": {"get": {"summary": "This document",
                                      "responses": {"200": {"description": "OpenAPI 3.1 document"}}}},
            "/health": {"get": {"summary": "Liveness", "responses": {"200": {"description": "OK"}}}},
            "/registry": {"get": {"summary": "Public registry of signatories who opted in, with their standing",
                                  "parameters": [_LANG], "responses": _responses("200", "RegistryOut", ())}},
            "/company/link": {"post": {
                "summary": "Ask for a self-service link by RFC and a verified e-mail (same answer and work "
                           "whether or not known)",
                "requestBody": {"required": True, "content": _json("LinkRequestIn")},
                "responses": _responses("202", "MessageOut")}},
            "/company": {"get": {"summary": "The company's history, progress, scorecards and next steps (JSON; HTML "
                                            "with Accept: text/html)",
                                 "parameters": [_query("token", "The signed link's token"), _LANG],
                                 "responses": {"200": {"description": "OK", "content": {
                                     "application/json": {"schema": {"type": "object"}}, **_HTML}}, "403": _ERROR}}},
            "/company/contact": {
                "put": {"summary": "Update the company's contact details (signed link)",
                        "parameters": [_query("token", "The signed link's token"), _LANG],
                        "requestBody": {"required": True, "content": _json("Contact")},
                        "responses": {"200": {"description": "OK", "content": {"application/json": {
                            "schema": {"type": "object"}}}}, "403": _ERROR}},
                "post": _html_page("The company page's contact form (urlencoded): the page again, or its errors",
                                   ("200", "403", "422"), query=("token",), body=True)},
            "/confirm": {
                "get": {"summary": "The page a mailed confirmation link opens: one button; this GET changes nothing",
                        "parameters": [_query("token", "The mailed link's token"), _LANG],
                        "responses": {"200": {"description": "HTML page", "content": _HTML},
                                      "403": {"description": "Invalid or expired", "content": _HTML}}},
                "post": {"summary": "Confirm a pending pledge or assessment (or a new address): applied once; a "
                                    "second POST is a no-op 200",
                         "requestBody": {"required": True,
                                         "content": {**_json("ConfirmIn"), "application/x-www-form-urlencoded": {
                             "schema": {"$ref": _REF.format(model="ConfirmIn")}}}},
                         "responses": {"200": {"description": "Confirmed (JSON, or the page for a form post)",
                                               "content": {**_json("ConfirmedOut"), **_HTML}},
                                       "403": {"description": "Tampered, expired or foreign token",
                                               "content": {**_json("ErrorOut"), **_HTML}},
                                       "409": {"description": "A newer assessment was saved since: not applied",
                                               "content": {**_json("ErrorOut"), **_HTML}},
                                       "429": {"description": "Replaced once today already: the link works tomorrow",
                                               "content": {**_json("ErrorOut"), **_HTML}}}}},
            **_staff_paths(),
        }),
        "components": {"schemas": defs["$defs"], "securitySchemes": {
            "staffKey": {"type": "apiKey", "in": "header", "name": "x-api-key",
                         "description": "A staff script's token (STAFF_TOKENS, or the stack's secret)"},
            "staffToken": {"type": "http", "scheme": "bearer", "description": "The same token, as a bearer"},
            "staffSession": {"type": "apiKey", "in": "cookie", "name": "integra_staff",
                             "description": "A person's console session (`__Host-integra_staff` over HTTPS); "
                                            "a change also needs its CSRF token (form field csrf or X-CSRF-Token)"}}},
    }
