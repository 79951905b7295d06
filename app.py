"""Integra API: routes only. Handlers live in chalicelib.api.http; the wiring in chalicelib.bootstrap."""
from chalice import Chalice

from chalicelib.api import http

app = Chalice(app_name="integra")
# text/plain too: embedded forms post JSON as a CORS "simple request", without a preflight
JSON_OR_TEXT = ["application/json", "text/plain"]


@app.route("/questionnaire", methods=["GET"])
def questionnaire():
    return http.respond(app.current_request, http.questionnaire)


@app.route("/pledges", methods=["POST"], content_types=JSON_OR_TEXT)
def pledges():
    return http.respond(app.current_request, http.pledge)


@app.route("/assessments", methods=["POST"], content_types=JSON_OR_TEXT)
def assessments():
    return http.respond(app.current_request, http.assessment)


@app.route("/benchmarks", methods=["GET"])
def benchmarks():
    return http.respond(app.current_request, http.benchmark)


@app.route("/openapi.json", methods=["GET"])
def openapi():
    return http.respond(app.current_request, http.openapi)


@app.route("/health", methods=["GET"])
def health():
    return http.respond(app.current_request, http.health)
