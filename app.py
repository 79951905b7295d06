"""Integra API: routes only. Handlers live in chalicelib.api.http; the wiring in chalicelib.bootstrap."""
import os

from chalice import Chalice, Rate

from chalicelib.api import company_http as company_routes
from chalicelib.api import http, ratelimit
from chalicelib.api import staff_http as staff_routes
from chalicelib.scorecard.workbook import XLSX_MIME  # no openpyxl at import: it loads on the worker path only

MAIL_QUEUE = "integra-mail-jobs"

app = Chalice(app_name="integra", configure_logs=False)  # logs: chalicelib/observability.py, JSON, scrubbed
app.api.binary_types.extend([XLSX_MIME, "multipart/form-data"])  # rosters, as bytes
app.register_middleware(http.observe, "all")  # log keys per invocation, X-Ray in AWS (chalicelib/observability.py)
app.register_middleware(ratelimit.middleware, "http")  # off unless RATE_LIMIT_PER_MINUTE is set (the local run)
app.register_middleware(http.chalice_errors, "http")  # chalice's own 405/415 in the service's error shape
app.register_middleware(http.origin_guard, "http")  # in AWS: only through CloudFront
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


@app.route("/pledges", methods=["OPTIONS"])
def pledges_preflight():
    return http.preflight(app.current_request)


@app.route("/assessments", methods=["OPTIONS"])
def assessments_preflight():
    return http.preflight(app.current_request)


@app.route("/benchmarks", methods=["GET"])
def benchmarks():
    return http.respond(app.current_request, http.benchmark)


@app.route("/openapi.json", methods=["GET"])
def openapi():
    return http.respond(app.current_request, http.openapi)


@app.route("/health", methods=["GET"])
def health():
    return http.respond(app.current_request, http.health)


@app.route("/assessments/{assessment_id}/scorecard.xlsx", methods=["GET"])
def scorecard(assessment_id):
    return http.respond(app.current_request, http.scorecard)


# The hosted forms (HTML). Forms post their fields urlencoded: a plain <form> without JavaScript works too.
@app.route("/", methods=["GET"])
def index():
    from chalicelib.api import forms_http
    return http.page(app.current_request, forms_http.index)


@app.route("/forms/{form}", methods=["GET"])
def form_page(form):
    from chalicelib.api import forms_http
    return http.page(app.current_request, forms_http.form)


@app.route("/forms/{form}", methods=["POST"], content_types=["application/x-www-form-urlencoded"])
def form_submit(form):
    from chalicelib.api import forms_http
    return http.page(app.current_request, forms_http.submit)


@app.route("/forms/done/{submission_id}/scorecard.xlsx", methods=["GET"])
def form_done_scorecard(submission_id):
    from chalicelib.api import forms_http
    return http.page(app.current_request, forms_http.done_scorecard)


@app.route("/forms/done/{submission_id}", methods=["GET"])
def form_done(submission_id):
    from chalicelib.api import forms_http
    return http.page(app.current_request, forms_http.done)


# Confirmation of a pending submission, or of a new address, by the link mailed for it
@app.route("/confirm", methods=["GET"])
def confirm_page():
    from chalicelib.api import confirm_http
    return http.page(app.current_request, confirm_http.page)


@app.route("/confirm", methods=["POST"], content_types=["application/x-www-form-urlencoded", "application/json"])
def confirm():
    from chalicelib.api import confirm_http
    return http.page(app.current_request, confirm_http.confirm)


# Accountability: the public registry and company self-service (signed links, no accounts)
@app.route("/registry", methods=["GET"])
def registry():
    return http.respond(app.current_request, company_routes.registry)


@app.route("/company/link", methods=["POST"], content_types=JSON_OR_TEXT)
def company_link():
    return http.respond(app.current_request, company_routes.company_link)


@app.route("/company", methods=["GET"])
def company():
    return http.respond(app.current_request, company_routes.company)


@app.route("/company/contact", methods=["PUT"], content_types=JSON_OR_TEXT)
def company_contact():
    return http.respond(app.current_request, company_routes.company_contact)


@app.route("/company/contact", methods=["POST"], content_types=["application/x-www-form-urlencoded"])
def company_contact_form():
    return http.page(app.current_request, company_routes.company_contact_form)


# Staff: the console (HTML, a person's session) and the JSON routes (the same session, or a script's token). Every
# handler checks who is calling and audits what they do; the forms post to the same addresses as the JSON.
FORMS = ["application/x-www-form-urlencoded", "multipart/form-data"]
STAFF_BODY = ["application/json", *FORMS]


def _staff(view, handler):
    """A console page (a browser asking for HTML) or the JSON route (a script)."""
    request = app.current_request
    assert request is not None
    if "text/html" in dict(request.headers or {}).get("accept", ""):
        return view(request)
    return http.respond(request, handler)


def _staff_post(form, handler):
    """A console form or the JSON route, by what the body is."""
    request = app.current_request
    assert request is not None
    if dict(request.headers or {}).get("content-type", "").lower().startswith(tuple(FORMS)):
        return form(request)
    return http.respond(request, handler)


def _console():
    from chalicelib.api import console_http
    return console_http


@app.route("/staff", methods=["GET"])  # also /staff/ (the trailing slash is ignored)
def staff_home():
    return _console().home(app.current_request)


@app.route("/staff/signin", methods=["GET"])
def staff_signin_page():
    return _console().signin_page(app.current_request)


@app.route("/staff/signin", methods=["POST"], content_types=FORMS)
def staff_signin():
    return _console().signin(app.current_request)


@app.route("/staff/signin/callback", methods=["GET"])
def staff_signin_callback():
    return _console().callback(app.current_request)


@app.route("/staff/signout", methods=["POST"], content_types=FORMS)
def staff_signout():
    return _console().signout(app.current_request)


@app.route("/staff/companies", methods=["GET"])
def staff_companies():
    return _console().companies(app.current_request)


@app.route("/staff/companies/{rfc}", methods=["GET"])
def staff_company(rfc):
    return _console().company(app.current_request)


@app.route("/staff/listings", methods=["GET"])
def staff_listings():
    return _staff(_console().listings, staff_routes.listings_waiting)


@app.route("/staff/listings/{company_id}", methods=["POST"], content_types=STAFF_BODY)
def staff_listing_decision(company_id):
    return _console().decide(app.current_request)


@app.route("/staff/activities", methods=["GET"])
def staff_activities_page():
    return _console().activities(app.current_request)


@app.route("/staff/activities", methods=["POST"], content_types=STAFF_BODY)
def staff_activities():
    return _staff_post(_console().create_activity, staff_routes.save_activity)


@app.route("/staff/activities/{activity_id}", methods=["GET"])
def staff_activity(activity_id):
    return _console().activity(app.current_request)


@app.route("/staff/activities/{activity_id}/attendance", methods=["POST"],
           content_types=["application/json", "text/csv", "text/plain", XLSX_MIME, "application/octet-stream",
                          "multipart/form-data"])
def staff_attendance(activity_id):
    return _staff_post(_console().attendance, staff_routes.attendance)


@app.route("/staff/mail", methods=["GET"])
def staff_mail():
    return _console().mail(app.current_request)


@app.route("/staff/scorecards/redrive", methods=["POST"], content_types=STAFF_BODY)
def staff_redrive():
    return _staff_post(_console().redrive, staff_routes.redrive)


@app.route("/staff/scorecards/{assessment_id}/retry", methods=["POST"], content_types=STAFF_BODY)
def staff_retry(assessment_id):
    return _staff_post(_console().retry, staff_routes.retry)


@app.route("/staff/dashboard/sync", methods=["POST"], content_types=STAFF_BODY)
def staff_dashboard_sync():
    return _staff_post(_console().sync, staff_routes.dashboard_sync)


@app.route("/staff/benchmarks/snapshot", methods=["POST"], content_types=STAFF_BODY)
def staff_benchmark_snapshot():
    return _staff_post(_console().snapshot, staff_routes.benchmark_snapshot)


@app.route("/staff/companies/{rfc}/export", methods=["GET"])
def staff_export(rfc):
    return http.respond(app.current_request, staff_routes.export)


@app.route("/staff/companies/{rfc}/contact", methods=["PUT"])
def staff_rectify(rfc):
    return http.respond(app.current_request, staff_routes.rectify)


@app.route("/staff/companies/{rfc}/contact", methods=["POST"], content_types=FORMS)
def staff_rectify_form(rfc):
    return _console().rectify(app.current_request)


@app.route("/staff/companies/{rfc}/block", methods=["POST"], content_types=STAFF_BODY)
def staff_block(rfc):
    return _staff_post(_console().block, staff_routes.block)


@app.route("/staff/companies/{rfc}", methods=["DELETE"])
def staff_delete(rfc):
    return http.respond(app.current_request, staff_routes.delete)


@app.route("/staff/companies/{rfc}/delete", methods=["POST"], content_types=FORMS)
def staff_delete_form(rfc):
    return _console().delete(app.current_request)


@app.route("/staff/companies/{rfc}/links/revoke", methods=["POST"], content_types=STAFF_BODY)
def staff_revoke_links(rfc):
    return _staff_post(_console().revoke, staff_routes.revoke_links)


@app.route("/staff/reports/{report}", methods=["GET"])  # {year}.xlsx: API Gateway wants whole segments
def staff_report(report):
    return http.respond(app.current_request, staff_routes.report)


@app.route("/staff/health", methods=["GET"])
def staff_health():
    return http.respond(app.current_request, staff_routes.health)


@app.route("/staff/audit", methods=["GET"])
def staff_audit():
    return _staff(_console().audit, staff_routes.audit_log)


@app.on_sqs_message(queue=MAIL_QUEUE, batch_size=1)
def mail_worker(event):
    from chalicelib import jobs
    for record in event:
        receives = int(record.to_dict().get("attributes", {}).get("ApproximateReceiveCount", "1"))
        jobs.handle_message(record.body, receives, record.receipt_handle)


@app.schedule(Rate(5, unit=Rate.MINUTES))
def scorecard_sweeper(event):
    from chalicelib import jobs
    jobs.scheduled(jobs.sweep)


@app.schedule(Rate(int(os.environ.get("DASHBOARD_SYNC_MINUTES", "15")), unit=Rate.MINUTES))
def dashboard_sync(event):
    from chalicelib import jobs
    context = getattr(event, "context", None)
    jobs.scheduled(lambda: jobs.sync_dashboard(getattr(context, "get_remaining_time_in_millis", None)))


@app.schedule(Rate(int(os.environ.get("BENCHMARK_SNAPSHOT_HOURS", "24")), unit=Rate.HOURS))
def benchmark_snapshot(event):
    """Publish the benchmark snapshot every figure is read from (the local run does this every 30 s)."""
    from chalicelib import jobs
    jobs.scheduled(jobs.snapshot)


@app.schedule(Rate(1, unit=Rate.DAYS))
def daily_cycle(event):
    """Reminders due today (each sent once) and deletion of companies past their blocking period."""
    from chalicelib import jobs
    jobs.scheduled(jobs.daily)
