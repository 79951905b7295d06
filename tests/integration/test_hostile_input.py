"""Hostile input never breaks a company's record: one test per row of the review's table (security F4, F5,
F7, F11-F15). A refused request stores nothing; an accepted one loses nothing."""
import io
import json
import zipfile

import pytest

from chalicelib import bootstrap
from tests import factories as f
from tests.helpers import STAFF, call, registry


def table_size(aws):
    return aws.scan(TableName="integra-test", Select="COUNT")["Count"]


@pytest.mark.parametrize("name", ["Empresa\r\nBcc: x@evil.example", "Empresa\x00Uno", "Empresa\x01",
                                  "Empresa \u202egnp.exe", "Emp\u200bresa", "Empresa\u2028Dos"],
                         ids=["crlf", "nul", "soh", "bidi-override", "zero-width", "line-separator"])
def test_invisible_characters_in_a_name_get_a_clear_422_and_nothing_is_stored(api, aws, name):
    before = table_size(aws)
    for body in (f.assessment(company=f.company(name=name)), f.assessment(contact={"name": name, "email": "a@b.mx"}),
                 f.pledge(signatory={"name": "Luis", "position": name, "email": "l@b.mx"})):
        path = "/pledges" if "signatory" in body else "/assessments"
        r = api.post(path, body)
        assert r.status_code == 422, r.json
        assert r.json["error"]["fields"][0]["message"].startswith("Contiene caracteres invisibles")
    english = api.post("/assessments", f.assessment(lang="en", company=f.company(name=name)))
    assert english.json["error"]["fields"][0]["message"].startswith("It contains invisible")
    assert table_size(aws) == before


def test_accented_names_and_ordinary_punctuation_still_pass(api):
    body = f.assessment(company=f.company(name="Ñandú & Cía. «Peñasco», S.A.P.I. de C.V. — Sucursal Nº 2"))
    assert api.submit("/assessments", body).status_code == 201


@pytest.mark.parametrize("path", ["/assessments", "/pledges", "/company/link", "/confirm"])
def test_a_nesting_bomb_is_a_400(api, path):
    bomb = "[" * 30_000 + "]" * 30_000  # under 64 KB, deeper than any parser's stack
    r = api.post(path, raw='{"a": ' + bomb + "}")
    assert r.status_code in (400, 403) and r.status_code < 500


@pytest.mark.parametrize("query", ["/confirm?token=s~abcdefgh~%C3%A9~1799999999.%C3%A9",
                                   "/company?token=1799999999.%C3%A9", "/company?token=" + "x" * 5000 + "~1.a",
                                   "/forms/assessment?company=%C3%A9~1.%C3%A9", "/benchmarks?year=%C2%B2",
                                   "/benchmarks?year=" + "9" * 5000, "/benchmarks?version=%C2%B2",
                                   "/assessments/00000000-0000-4000-8000-000000000000/scorecard.xlsx?token=1799999999.%C3%A9",
                                   "/assessments/" + "x" * 3000 + "/scorecard.xlsx?token=1.a",
                                   "/forms/done/abcdefgh?token=1799999999.%C3%A9"])
def test_odd_tokens_and_numbers_in_urls_are_refused_not_500(api, query):
    r = api.client.http.get(query, headers={"Accept": "text/html"})
    assert 400 <= r.status_code < 500, (query, r.status_code)


def test_a_form_stamp_with_a_non_ascii_signature_is_a_fresh_form_not_500(api):
    from urllib.parse import urlencode
    r = api.client.http.post("/forms/pledge?lang=es", headers={"Content-Type": "application/x-www-form-urlencoded"},
                             body=urlencode({"form_token": "1799999999.é", "company.name": "Empresa"}))
    assert 400 <= r.status_code < 500


def test_a_form_answer_in_superscript_or_with_thousands_of_digits_is_a_field_error(api):
    from urllib.parse import urlencode
    for answer in ("²", "9" * 5000):
        form = {"answers.1.1": answer, "company.employees": "9" * 5000, "lang": "es"}
        r = api.client.http.post("/forms/assessment?lang=es", headers={
            "Content-Type": "application/x-www-form-urlencoded"}, body=urlencode(form))
        assert r.status_code in (400, 422), r.status_code


@pytest.mark.parametrize("sales", [1e-131, 0.5])
def test_sales_of_a_fraction_of_a_peso_are_refused_and_zero_is_fine(api, sales):
    r = api.post("/assessments", f.assessment(company=f.company(annual_sales_mxn=sales)))
    assert r.status_code == 422 and r.json["error"]["fields"][0]["path"] == "company.annual_sales_mxn"
    assert api.submit("/assessments", f.assessment(company=f.company(annual_sales_mxn=0, employees=3))
                      ).status_code == 201


def test_numbers_are_stored_in_plain_notation():
    from decimal import Decimal

    from chalicelib.adapters.dynamodb import _attr
    assert _attr(Decimal("0E-12")) == {"N": "0.000000000000"} and _attr(1e16) == {"N": "10000000000000000"}
    assert _attr(12_000_000.5) == {"N": "12000000.5"}


def test_a_listed_name_that_casefolds_long_still_fits_the_registry_key(api):
    body = f.pledge(company=f.company(name="ΐ" * 200), public_listing=True)
    assert api.submit("/pledges", body).status_code == 201
    assert "ΐ" * 200 in registry(api)


def test_a_counter_that_nets_to_zero_keeps_working_in_the_local_stand_in(api, aws):
    """Moving into another size, then back, used to leave '0E-12' that moto could not add to again."""
    from tests.helpers import aggregate
    token, sizes = None, []
    for employees, sales in ((25, 12e6), (300, 4e8), (25, 12e6), (300, 4e8)):
        extra: dict = {"company_token": token} if token else {}
        r = api.submit("/assessments", f.assessment(company=f.company(employees=employees, annual_sales_mxn=sales),
                                                    **extra))
        assert r.status_code == 201, r.json
        sizes.append(r.json["size"])
        token = api.company_token(f.VALID_RFC)
        bootstrap.wiring().clock.now += __import__("datetime").timedelta(days=1)  # type: ignore[attr-defined]
    small, other = sizes[0], sizes[1]
    assert small != other
    assert aggregate(aws, 2026, f"sz={small}")["o_n"] == 0 and aggregate(aws, 2026, f"sz={other}")["o_n"] == 1


def test_a_scorecard_that_cannot_be_built_fails_once_and_is_counted(api, pipeline, monkeypatch, capsys):
    from chalicelib.services import scorecards
    from tests.helpers import emf
    monkeypatch.setattr(scorecards, "render", lambda ctx: (_ for _ in ()).throw(ValueError("illegal character")))
    api.submit("/assessments", f.assessment())
    assert "failed: cannot be built" in pipeline.drain()
    assert [m["ScorecardsFailed"] for m in emf(capsys.readouterr().out) if "ScorecardsFailed" in m] == [[1.0]]
    assert bootstrap.wiring().store.pending_jobs("9999") == []  # not left for the sweeper to retry for ever


def test_mail_headers_and_cells_are_cleaned_at_the_edge():
    from chalicelib.scorecard import cells
    from chalicelib.services.notices import header_text
    assert header_text("Tarjeta de\r\nBcc: x@y.z Empresa\x00") == "Tarjeta de Bcc: x@y.z Empresa"
    assert cells.text("A\x00B\x0bC") == "ABC"


# ---- rosters ----

def _activity(api):
    r = call(api, "POST", "/staff/activities", {"activity_id": "foro-x", "title": "Foro", "type": "activity",
                                                "date": "2026-06-01"}, STAFF)
    assert r.status_code == 201


def test_a_one_column_csv_roster_works(staff):  # noqa: F811
    _activity(staff)
    r = call(staff, "POST", "/staff/activities/foro-x/attendance", f"RFC\n{f.rfc(1)}\n{f.rfc(2)}\n", STAFF, "text/csv")
    assert r.status_code == 200 and r.json["accepted"] == 2


def test_rosters_are_bounded_and_their_error_list_too(staff):  # noqa: F811
    _activity(staff)
    rows = "RFC\n" + "\n".join("MAL" for _ in range(5001))
    r = call(staff, "POST", "/staff/activities/foro-x/attendance", rows, STAFF, "text/csv")
    assert r.status_code == 422 and "5000" in r.json["error"]["message"]
    bad = "RFC\n" + "\n".join(f"MAL{n}" for n in range(250))
    r = call(staff, "POST", "/staff/activities/foro-x/attendance", bad, STAFF, "text/csv")
    assert r.status_code == 200 and len(r.json["rejected"]) == 100 and r.json["rejected_more"] == 150
    bomb = io.BytesIO()  # 21 MB of zeros compresses to a few KB
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"0" * (21 * 2**20))
    r = call(staff, "POST", "/staff/activities/foro-x/attendance", bomb.getvalue(), STAFF,
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert len(bomb.getvalue()) < 100_000 and r.status_code == 413 and "MB" in r.json["error"]["message"]


# ---- errors and headers ----

def test_an_aws_outage_on_a_page_is_a_503_page_not_chalices_raw_500(api, monkeypatch):
    from botocore.exceptions import EndpointConnectionError

    from chalicelib.api import forms_http

    def down(request):
        raise EndpointConnectionError(endpoint_url="https://dynamodb")
    for view in ("done", "submit", "form"):
        monkeypatch.setattr(forms_http, view, down)
    r = api.client.http.get("/forms/done/abcdefgh?token=x&lang=en", headers={"Accept": "text/html"})
    assert r.status_code == 503 and b"not available" in r.body and b"InternalServerError" not in r.body
    assert r.headers["Content-Type"].startswith("text/html")
    scripted = api.client.http.post("/forms/assessment", headers={"Accept": "application/json",
                                    "Content-Type": "application/x-www-form-urlencoded"}, body="a=b")
    assert scripted.status_code == 503 and json.loads(scripted.body)["error"]["code"] == "unavailable"


def test_aws_errors_map_by_what_a_retry_can_fix():
    from botocore.exceptions import ClientError, ReadTimeoutError

    from chalicelib.api.http import as_api_error

    def client_error(code, status):
        return ClientError({"Error": {"Code": code}, "ResponseMetadata": {"HTTPStatusCode": status}}, "PutItem")
    assert as_api_error(client_error("ProvisionedThroughputExceededException", 400), "es").status == 503
    assert as_api_error(client_error("InternalServerError", 500), "es").status == 503
    assert as_api_error(ReadTimeoutError(endpoint_url="x"), "es").status == 503
    assert as_api_error(client_error("ValidationException", 400), "en").status == 400
    assert as_api_error(client_error("AccessDeniedException", 400), "es").status == 500


@pytest.mark.parametrize("path,framable", [("/forms/assessment?lang=es", True), ("/forms/registry?lang=es", True),
                                           ("/forms/embed?lang=es", False), ("/?lang=es", False),
                                           ("/confirm?token=x", False)])
def test_every_page_carries_its_security_headers(api, path, framable):
    import base64
    import hashlib
    import re
    r = api.client.http.get(path, headers={"Accept": "text/html"})
    h = {k.lower(): v for k, v in r.headers.items()}
    csp = h["content-security-policy"]
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    for script in re.findall(r"<script>(.*?)</script>", r.body.decode(), re.S):  # each inline script, by hash
        assert base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() in csp
    ancestors = csp.split("frame-ancestors")[1]
    assert ("http://127.0.0.1:8000" in ancestors) == framable and ("'none'" in ancestors) != framable
    assert h["x-content-type-options"] == "nosniff" and h["referrer-policy"] == "no-referrer"
    assert h["cache-control"] == "no-store"


def test_private_json_is_never_cached_and_public_json_may_be(api):
    assert "no-store" not in api.get("/questionnaire").headers.get("Cache-Control", "")
    assert api.post("/assessments", f.assessment()).headers["Cache-Control"] == "no-store"
    assert api.get("/company?token=x").headers["Cache-Control"] == "no-store"


def test_the_json_body_is_read_once_as_given(api):
    r = api.post("/assessments", raw=json.dumps(f.assessment()) + " ")
    assert r.status_code == 201


# ---- second look ----

def test_a_workbook_declaring_sixteen_thousand_columns_is_read_narrow():
    """A 1.5 KB roster declaring A1:XFD5001 made openpyxl pad every row to 16,384 cells (730 MB)."""
    from openpyxl import Workbook

    from chalicelib.services import activities
    wb = Workbook()
    wb.active.append(["RFC"])
    wb.active.append([f.rfc(1)])
    wb.active.cell(row=2, column=16384, value="far")  # the last column there is
    buffer = io.BytesIO()
    wb.save(buffer)
    rows = activities.rows_from(buffer.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert rows[1][0] == f.rfc(1) and max(len(r) for r in rows) <= activities.MAX_COLUMNS


def test_a_long_csv_header_is_read_without_the_quadratic_sniffer(monkeypatch):
    import csv as csv_module

    from chalicelib.services import activities
    monkeypatch.setattr(csv_module, "Sniffer", None)  # 120 KB of one line took 40 s through it
    rows = activities.rows_from(("RFC;" + "a" * 120_000 + "\n" + f.rfc(1) + ";x\n").encode(), "text/csv")
    assert rows[1][0] == f.rfc(1)


def test_a_lone_surrogate_in_a_key_gets_a_json_422_that_can_be_sent(api):
    r = api.post("/assessments", raw='{"answers": {"\\ud800": 2}, "lang": "en"}')
    assert r.status_code == 422 and r.json["error"]["code"] == "validation_error"
    r.body.decode("utf-8")  # encodable: the surrogate is escaped, never sent raw


def test_two_forms_served_in_the_same_second_each_get_their_own_stamp(api):
    import re
    first, second = (api.client.http.get("/forms/pledge?lang=es").body.decode() for _ in range(2))
    stamp = re.compile(r'name="form_token" value="([^"]+)"')
    one, two = stamp.search(first), stamp.search(second)
    assert one and two and one.group(1) != two.group(1)


@pytest.mark.parametrize("name", ["\u3164\u3164", "\u2800\u2800", "Grupo Bimbo\u034f", "--"],
                         ids=["hangul-filler", "braille-blank", "grapheme-joiner", "no-letter"])
def test_names_that_print_as_nothing_are_refused(api, name):
    r = api.post("/pledges", f.pledge(company=f.company(name=name)))
    assert r.status_code == 422 and r.json["error"]["fields"][0]["path"] == "company.name"


def test_odd_values_are_refused_not_stored(staff):  # noqa: F811
    for date in ("20260210", "2026-W06-1", "0001-01-01"):
        r = call(staff, "POST", "/staff/activities", {"activity_id": "a-1", "title": "Foro", "type": "activity",
                                                      "date": date}, STAFF)
        assert r.status_code == 422, date
    body = f.pledge()
    body["commitments"] = body["commitments"] + body["commitments"][:1]
    assert staff.post("/pledges", body).status_code == 422
    assert staff.post("/assessments", f.assessment(barriers={"B6": []})).status_code == 422
    from chalicelib.forms import payload
    assert payload._number("1_0") == "1_0" and payload._number("٢٥") == "٢٥"
    for python_only in ("1_0", "٢٥", "1e6", "inf", "0x10", "12.5.3", "-5"):
        assert payload._amount(python_only) == python_only  # left for the schema to refuse
    assert payload._amount("12,000,000") == payload._amount("12 millones") == payload._amount("12 M") == 12_000_000


def test_every_answer_says_nosniff_even_chalices_own(api):
    r = api.client.http.get("/health", headers={"Content-Type": "text/plain"})
    assert r.status_code == 415 and r.headers["X-Content-Type-Options"] == "nosniff"
    assert json.loads(r.body)["error"]["code"] == "unsupported_media_type"


def test_an_expired_company_link_in_a_browser_is_a_page(api):
    r = api.client.http.get("/company?token=x&lang=es", headers={"Accept": "text/html"})
    assert r.status_code == 403 and r.headers["Content-Type"].startswith("text/html")


def test_the_arco_export_keeps_a_long_value_whole(api):
    from openpyxl import load_workbook

    from chalicelib.services import arco
    long = "x" * 70_000
    book = load_workbook(io.BytesIO(arco.xlsx({section: [] for section in arco.SECTIONS} |
                                              {"drafts": [{"values": long}]})))
    cells = [row for row in book["drafts"].iter_rows(min_row=2, values_only=True)]
    assert "".join(r[2] for r in cells) == long and cells[0][1] == "values (1/3)"


def test_a_dead_scorecard_link_opened_in_a_browser_is_a_page_with_a_way_on(api):
    r = api.client.http.get("/assessments/00000000-0000-4000-8000-000000000000/scorecard.xlsx?token=x&lang=es",
                            headers={"Accept": "text/html,application/xhtml+xml"})
    assert r.status_code == 403 and r.headers["Content-Type"].startswith("text/html")
    assert b'href="../../forms/link?lang=es"' in r.body and b"ya no funciona" in r.body
    page = api.client.http.get("/company?token=x&lang=es", headers={"Accept": "text/html"})
    assert page.status_code == 403 and b'href="forms/link?lang=es"' in page.body


def test_the_api_answers_only_what_came_through_cloudfront(api, monkeypatch):
    monkeypatch.setenv("ORIGIN_HEADER_VALUE", "s3cret-origin")
    assert api.get("/health").status_code == 403
    assert api.get("/health", headers={"X-Integra-Origin": "wrong"}).status_code == 403
    assert api.get("/health", headers={"X-Integra-Origin": "s3cret-origin"}).status_code == 200
