"""The KPI dashboard: grids from aggregates with n >= 10 and complementary suppression; the xlsx sink read back;
gspread's own client against a Sheets API stand-in (responses) with a real service-account token exchange."""
import json
import re
from datetime import UTC

import pytest
import responses
from openpyxl import load_workbook

from chalicelib import bootstrap, catalogue
from chalicelib.adapters.dashboard_sinks import RetryBudget, SheetsSink, XlsxSink, google_client
from chalicelib.domain.suppression import complementary
from chalicelib.services import dashboard
from tests import factories as f
from tests.google_stand_in import SHEET, SheetsStandIn, make_service_account

pytestmark = pytest.mark.xdist_group("dashboard")  # its fixture is built once (session scope), on one worker
MARKER = dashboard.layout()["marker"]


@pytest.mark.parametrize("ns,hidden", [
    ([12, 3, 10], [False, True, True]),     # one small cell: the smallest shown one goes too
    ([12, 3, 4], [True, True, True]),       # 3 + 4 hidden would still be 7 companies: 12 goes too
    ([30, 4, 4, 11, 12], [False, True, True, True, False]),  # hide the smallest shown until 10 are hidden
    ([12, 15], [False, False]),
    ([3], [True]),                          # nothing left to hide with it
    ([0, 12, 11], [False, False, False]),   # empty cells reveal nothing
])
def test_complementary_suppression(ns, hidden):
    assert complementary(ns, 10) == hidden


class SnapshotStore:
    """A published snapshot of what one run produced, served back: 25 submissions once per module, not per test."""

    def __init__(self, years, totals, awaiting):
        self.years, self.totals, self.awaiting, self.meta, self.audit = years, totals, awaiting, {}, []

    def append_audit(self, entry: dict) -> None:
        self.audit.append(entry)

    def audit_month(self, yyyy_mm: str) -> list:
        return [e for e in self.audit if e["at"].startswith(yyyy_mm)]

    def published(self):
        from chalicelib import catalogue
        version = catalogue.current().version
        out = {}
        for year, cohorts in self.years.items():
            for key, counters in cohorts.items():
                scores = {k: v for k, v in counters.items() if k != "pledges"}
                out[(year, version, key)] = {"c": scores, "chg": 25, "as_of": "2026-06-15T12:00:00.000000Z",
                                             "versions": [version]}
                if "pledges" in counters:
                    out[(year,
                         "-", key)] = {"c": {"pledges": counters["pledges"]}, "chg": 0, "as_of": "", "versions": []}
        return out

    def kpi_totals(self):
        return self.totals

    def count_awaiting_first_assessment(self, pledged_before):
        return sum(1 for signed in self.awaiting if signed < pledged_before)

    def profiles(self, company_ids):
        return {}

    def pledge_counts(self, now):
        """The two pledges of `awaiting`, each active for a year from signing."""
        until = [signed.replace("2026", "2027", 1) for signed in self.awaiting]
        return sum(u > now for u in until), sum(u <= now for u in until)

    def get_meta(self, name):
        return self.meta.get(name, {})

    def put_meta(self, name, data):
        self.meta[name] = data


@pytest.fixture(scope="session")
def snapshot():
    """The aggregates of 12 companies in Jalisco, 10 in Mexico City and 3 in Nuevo León (levels cycle 0..4) and one
    pledge, computed by the same domain code a submission runs (the API path itself is tested elsewhere)."""
    from chalicelib import catalogue
    from chalicelib.domain import aggregates, cohorts, scoring
    cat, totals = catalogue.current(), dict[str, dict]()
    for state, count in [("14", 12), ("09", 10), ("19", 3)]:
        for i in range(count):
            answers = {item: i % 5 for item in cat.items}
            scores = scoring.score(cat, answers, "pequena")
            contrib = aggregates.contribution(cat, scores, answers, {"B1": "often" if i % 2 else "never",
                                                                     "B6": ["cost"]})
            for c in cohorts.all_for({"state": state, "size": "pequena", "sector": "54"}):
                totals[c.key] = aggregates.combine(totals.get(c.key, {}), aggregates.for_cohort(contrib, c.detailed))
    totals["national"]["pledges"] = 1
    return ({2026: totals}, {"pledged_companies": 1},
            ["2026-01-10T00:00:00Z", "2026-06-01T00:00:00Z"])  # one pledge long overdue, one not yet


@pytest.fixture
def populated(snapshot, clock):
    store = SnapshotStore(*snapshot)
    bootstrap.override(store=store)
    return store


def cells(rows):
    return [v for row in rows for v in row]


def test_grids_suppress_small_cohorts_and_never_name_a_company(populated):
    w = bootstrap.wiring()
    tabs = dashboard.grids(w.store, w.clock(), 2026)
    assert list(tabs) == ["Léame", "Resumen", "Por estado", "Por tamaño", "Por sector", "Brechas", "Barreras",
                          "Barreras por perfil", "Calidad de datos", "Tendencias", "Actualizado"]
    kpi = tabs["Resumen"][1]
    assert kpi[:3] == [2026, 1, 25] and isinstance(kpi[3], int)  # published means are whole numbers
    assert kpi[-2] == 0.0  # no assessment with more than 20 % "No sé" was left out
    assert kpi[-1] == "Baja (n<30)"  # 25 companies: a figure to read with care
    header = tabs["Resumen"][0]
    capped = kpi[header.index("% con el nivel limitado por las preguntas clave (3.1, 6.1)")]
    assert capped == 48.0  # levels 0 and 1 on every item: 12 of 25 held by the gate
    assert kpi[header.index("% con 7 de 7")] == 32.0  # levels 3 and 4: 8 of 25 with all seven implemented
    totals = {r[0]: r[1] for r in tabs["Resumen"][3:] if len(r) == 2}
    assert totals["Empresas con compromiso firmado"] == 1  # the pledge came after its assessment:
    assert totals["Empresas que se autoevaluaron después de firmar"] == 0  # not a conversion
    assert totals["Conversión compromiso → autoevaluación (%)"] == MARKER  # fewer than 10 companies
    assert totals["Compromisos con primera autoevaluación vencida"] == 1
    assert (totals["Compromisos vigentes (hoy)"], totals["Compromisos vencidos sin renovar (hoy)"]) == (2, 0)
    states = {row[1]: row for row in tabs["Por estado"][1:]}
    assert states["Jalisco"][2] == 12 and all(isinstance(v, int) for v in states["Jalisco"][3:-5])
    # counts are exact; Nuevo León has 3 (< 10): Mexico City's (10) figures are hidden with it, or 25 - 12 - 10
    # would give Nuevo León's away
    for name, n in (("Nuevo León", 3), ("Ciudad de México", 10)):
        assert states[name][2] == n and all(v == MARKER for v in states[name][3:-5]), states[name]
    everything = cells(r for rows in tabs.values() for r in rows)
    assert not {f.VALID_RFC, "Comercializadora Ejemplo S.A. de C.V.", "ana@example.mx"} & set(map(str, everything))
    assert not any(re.fullmatch(r"[A-Z&Ñ]{3,4}\d{6}[A-Z0-9]{3}", str(v)) for v in everything)
    for row in tabs["Brechas"][1:]:  # Nuevo León and, to protect it, Mexico City show no figure
        if row[1] in ("Nuevo León", "Ciudad de México"):
            assert MARKER in row and not any(isinstance(v, (int, float)) for v in row[2:]), row
    for row in tabs["Barreras"][1:]:  # how many answered shows; nothing of what they answered
        if row[1] in ("Nuevo León", "Ciudad de México"):
            assert row[4] == row[6] == MARKER and isinstance(row[3], int), row
    gaps = [r for r in tabs["Brechas"][1:] if r[1] == "Nacional"]
    assert len(gaps) == len(catalogue.current().items) and gaps[0][6] >= gaps[-1][6]  # weakest first
    assert gaps[0][6] == 48.0  # levels 0 and 1 in 12 of 25
    barriers = [r for r in tabs["Barreras"][1:] if r[1] == "Nacional" and r[5] == "Con frecuencia"]
    # all 25 had the procedure; 12 of them were asked often
    assert barriers[0][3] == 25 and barriers[0][4] == 100.0 and barriers[0][6] == 48.0
    quality = [r for r in tabs["Calidad de datos"][1:] if r[1] == "1.1"]
    assert quality == [[2026, "1.1", catalogue.current().items["1.1"].text["es"], 25, 0.0, 0.0]]
    readme = {r[0]: r[1] for r in tabs["Léame"][1:]}
    assert "no son una muestra representativa" in readme["Quiénes son"] and "10 empresas" in readme["Supresión"]
    sync = dict(r for r in tabs["Actualizado"][1:])
    assert sync["Umbral de supresión (n mínimo)"] == 10
    assert sync["Cifras publicadas al (hora de la Ciudad de México)"] == "2026-06-15 06:00"
    assert sync["Versiones del cuestionario en los datos"] == f"2026: {catalogue.current().version}"


def test_barriers_are_shares_of_those_who_had_the_procedure():
    """The review's case: 20 answers, 12 never had the procedure, 4 never asked, 4 asked several times: 40 % had
    it, and among them the requests are 50 %, not 20 %."""
    from chalicelib import catalogue
    from chalicelib.domain import dashboard as grids
    answers = (["no_contact"] * 12 + ["never"] * 4 + ["several"] * 4) * 3  # 60 answers, 24 exposed
    national = {"n": 60, "o_n": 60, "b_B1_n": 60, **{f"b_B1_{v}": answers.count(v) for v in set(answers)}}
    rows = grids.build(catalogue.current(), dashboard.layout(), {2026: {"national": national}}, {},
                       "2026-06-15T12:00:00Z", {2026: [catalogue.current().version]})["barriers"]
    several = next(r for r in rows[1:] if r[5] == "Varias veces")
    assert several[3:] == [60, 40.0, "Varias veces", 50.0, "Baja (n<30)"]
    assert not any(r[5] == "No tuvimos ese trámite" for r in rows[1:])


def test_suppressed_cells_never_carry_a_number(populated):
    w = bootstrap.wiring()
    for title, rows in dashboard.grids(w.store, w.clock(), 2026).items():
        for row in rows[1:]:
            if MARKER in row and title in ("Por estado", "Por tamaño", "Por sector"):  # the count, then nothing
                # the count, the figures hidden, the flag, then the programme's counts (exact)
                assert isinstance(row[2], int) and all(v == MARKER for v in row[3:-5]), (title, row)
            if MARKER in row and title == "Tendencias":
                assert isinstance(row[2], int) and all(v == MARKER for v in row[3:]), (title, row)


def test_xlsx_sink_reads_back(populated, tmp_path):
    w = bootstrap.wiring()
    path = tmp_path / "dashboard.xlsx"
    result = dashboard.sync(w.store, XlsxSink(path), w.clock(), 2026)
    wb = load_workbook(path)
    assert wb.sheetnames[:2] == ["Léame", "Resumen"] and result["tabs"] == 11
    assert wb["Por estado"]["A1"].value == "Año" and wb["Por estado"].freeze_panes == "A2"
    row = next(r for r in wb["Por estado"].iter_rows(min_row=2, values_only=True) if r[1] == "Jalisco")
    assert row[2] == 12


# ---- Google Sheets through gspread's own client, against a stand-in that never leaves the machine ----

@pytest.fixture
def service_account():
    return make_service_account()


@pytest.fixture
def sheets(service_account):
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        yield SheetsStandIn(rsps), google_client(service_account)


def sheets_sink(client, **budget):
    return SheetsSink(client, SHEET, bootstrap.wiring().store, RetryBudget(sleep=lambda s: None, **budget))


def test_one_values_call_per_sync_formatting_only_first(populated, sheets):
    stand_in, client = sheets
    w = bootstrap.wiring()
    first = dashboard.sync(w.store, sheets_sink(client), w.clock(), 2026)
    assert len(stand_in.values_calls) == 1 and len(stand_in.format_calls) == 2  # add tabs, then format
    assert stand_in.token_calls == 1 and first["requests"] == 4  # metadata + 2 batchUpdate + 1 values
    formats = [r for r in stand_in.format_calls[1]["requests"]]
    assert {"updateSheetProperties", "repeatCell", "addConditionalFormatRule", "updateDimensionProperties",
            "addChart"} == {next(iter(r)) for r in formats}
    charts = [r["addChart"]["chart"]["spec"]["title"] for r in formats if "addChart" in r]
    assert charts == ["Empresas con compromiso y evaluadas, por año", "Puntaje medio por tamaño"]
    assert any(r.get("updateSheetProperties", {}).get("properties", {}).get("gridProperties") == {"frozenRowCount": 1}
               for r in formats)
    body = stand_in.values_calls[0]
    assert body["valueInputOption"] == "RAW"
    assert [d["range"] for d in body["data"]] == [f"'{t}'!A1" for t in dashboard.layout_titles()]
    second = dashboard.sync(w.store, sheets_sink(client), w.clock(), 2026)
    assert second["requests"] == 1 and len(stand_in.values_calls) == 2 and len(stand_in.format_calls) == 2
    sent = {d["range"]: d["values"] for d in stand_in.values_calls[-1]["data"]}
    state_rows = {r[1]: r for r in sent["'Por estado'!A1"][1:] if r[1]}
    assert state_rows["Nuevo León"][2] == 3 and all(v == MARKER for v in state_rows["Nuevo León"][3:-5])


def test_retry_on_429_then_success(populated, sheets):
    stand_in, client = sheets
    w = bootstrap.wiring()
    dashboard.sync(w.store, sheets_sink(client), w.clock(), 2026)
    stand_in.script = [429]
    assert dashboard.sync(w.store, sheets_sink(client), w.clock(), 2026)["requests"] == 1
    assert len(stand_in.values_calls) == 3  # first sync, the 429, the retry


def test_gives_up_on_repeated_5xx_within_budget(populated, sheets):
    from gspread.exceptions import APIError
    stand_in, client = sheets
    w = bootstrap.wiring()
    dashboard.sync(w.store, sheets_sink(client), w.clock(), 2026)
    stand_in.script = [503] * 10
    with pytest.raises(APIError):
        dashboard.sync(w.store, sheets_sink(client, attempts=3), w.clock(), 2026)
    assert len(stand_in.values_calls) == 1 + 3
    stand_in.script = [503] * 10
    with pytest.raises(APIError):  # a Lambda with 4 s left does not wait at all
        dashboard.sync(w.store, sheets_sink(client, remaining_ms=lambda: 4000), w.clock(), 2026)
    assert len(stand_in.values_calls) == 1 + 3 + 1


def test_shorter_grid_blanks_what_was_below(populated, sheets):
    stand_in, client = sheets
    w = bootstrap.wiring()
    sink = sheets_sink(client)
    dashboard.sync(w.store, sink, w.clock(), 2026)
    w.store.put_meta("dashboard", {"layout": dashboard.layout()["version"], "rows": {"Resumen": 40}})
    dashboard.sync(w.store, sink, w.clock(), 2026)
    resumen = next(d["values"] for d in stand_in.values_calls[-1]["data"] if d["range"] == "'Resumen'!A1")
    assert len(resumen) == 40 and set(resumen[-1]) == {""}


def test_programme_kpis_count_each_company_once(api, clock):
    from datetime import datetime, timedelta
    store = bootstrap.wiring().store
    a, b = f.company(rfc=f.rfc(1)), f.company(rfc=f.rfc(2))
    api.submit("/pledges", f.pledge(company=a))
    api.submit("/pledges", f.pledge(company=a))            # a yearly renewal is not a new company
    api.submit("/pledges", f.pledge(company=b))
    api.submit("/assessments", f.assessment(company=a))    # a converts
    api.submit("/assessments", f.assessment(company=a, level=2))  # a replacement in the same year: no change
    kpi = store.kpi_totals()
    assert (kpi["pledged_companies"], kpi["converted"], kpi.get("reassessed", 0)) == (2, 1, 0)
    later = (clock.now + timedelta(days=91)).isoformat().replace("+00:00", "Z")
    assert store.count_awaiting_first_assessment(later) == 1  # b, pledged 91 days ago, never assessed
    clock.now = datetime(2027, 3, 1, 18, 0, tzinfo=UTC)
    api.submit("/assessments", f.assessment(company=a))    # a's second year
    api.submit("/assessments", f.assessment(company=a, level=4))
    assert store.kpi_totals()["reassessed"] == 1
    tabs = dashboard.grids(store, clock.now, 2026)
    totals = {r[0]: r[1] for r in tabs["Resumen"] if len(r) == 2}
    assert totals["Compromisos con primera autoevaluación vencida"] == 1
    assert (totals["Compromisos vigentes (hoy)"], totals["Compromisos vencidos sin renovar (hoy)"]) == (2, 0)
    assert totals["Empresas reevaluadas (2 años o más)"] == 1


def test_staff_export_writes_the_same_grids(populated, tmp_path, capsys):
    from ops.sync_dashboard import main
    assert main(["--xlsx", str(tmp_path / "export.xlsx")]) == 0
    wb = load_workbook(tmp_path / "export.xlsx")
    assert wb.sheetnames == dashboard.layout_titles()
    assert json.loads(capsys.readouterr().out)["tabs"] == 11


def test_lambda_without_a_sheet_skips_instead_of_writing_files(populated, monkeypatch):
    from chalicelib import jobs as worker
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "integra-dev-dashboard_sync")
    assert worker.sync_dashboard() == {"skipped": "no Google Sheet configured"}


def test_impact_among_reassessed_companies_from_ten():
    from chalicelib import catalogue
    from chalicelib.domain import dashboard as grids
    cat = catalogue.current()
    header = dashboard.layout()["tabs"]["kpis"]["columns"]
    first = header.index("Empresas reevaluadas frente al año anterior")

    def impact(national):
        rows = grids.build(cat, dashboard.layout(), {2027: {"national": {"n": 40, "o_n": 40, "o_s": 2000,
                                                                         **national}}},
                           {}, "2027-06-15T12:00:00Z", {2027: [cat.version]})["kpis"]
        return rows[1][first:first + 4]
    assert impact({"re_n": 12, "re_s": 60, "re_up": 9, "re_a_n": 12, "re_a_s": 24}) == [12, 5.0, 75.0, 2.0]
    assert impact({"re_n": 9, "re_s": 45, "re_up": 9}) == [9, MARKER, MARKER, MARKER]  # counted, not described


def test_renewal_rate_over_the_previous_years_pledges_from_ten():
    from chalicelib import catalogue
    from chalicelib.domain import dashboard as grids
    cat = catalogue.current()
    header = dashboard.layout()["tabs"]["kpis"]["columns"]
    at = header.index("Renovaciones (firmaron también el año anterior)")

    def renewal(pledged_before: int, renewed: int) -> dict:
        years = {2026: {"national": {"pledges": pledged_before}}, 2027: {"national": {"pledges": 15,
                                                                                     "renewed": renewed}}}
        rows = grids.build(cat, dashboard.layout(), years, {}, "2027-12-15T12:00:00Z",
                           {2026: [cat.version], 2027: [cat.version]})["kpis"]
        return {row[0]: row[at:at + 2] for row in rows[1:3]}
    assert renewal(12, 9) == {2026: [0, MARKER], 2027: [9, 75.0]}  # no year before 2026 to renew
    assert renewal(8, 6)[2027] == [6, MARKER]  # 8 pledges the year before: counted, no rate


def test_bribe_requests_by_risk_profile_leave_no_small_group_to_subtraction():
    """40 importers and 15 non-importers answered B1; 5 more gave no profile answer. The 5 are a group too: the
    national figure minus the two shown would give them away, so the smaller shown group is hidden with them."""
    from chalicelib import catalogue
    from chalicelib.domain import dashboard as grids
    cat = catalogue.current()

    def national(no_profile: int) -> dict:
        c = {"n": 60, "o_n": 60, "o_s": 3000, "b_B1_n": 55 + no_profile, "b_B1_often": 20 + no_profile,
             "b_B1_never": 35}
        for value, answered, often in (("true", 40, 16), ("false", 15, 4)):
            head = f"bp_imports_exports_{value}_B1"
            c.update({f"{head}_n": answered, f"{head}_often": often, f"{head}_never": answered - often})
        return c

    def rows(no_profile):
        built = grids.build(cat, dashboard.layout(), {2026: {"national": national(no_profile)}}, {},
                            "2026-06-15T12:00:00Z", {2026: [cat.version]})["barriers_profile"]
        return {(r[2], r[6]): r for r in built[1:] if r[1].startswith("¿Importa") and r[3].startswith(
            "En los últimos 12 meses") and "permisos" in r[3]}
    shown = rows(0)
    assert shown[("Sí", "Con frecuencia")][4:8] == [40, 100.0, "Con frecuencia", 40.0]
    assert shown[("No", "Con frecuencia")][7] == 26.7  # 4 of 15
    hidden = rows(5)
    assert hidden[("Sí", "Con frecuencia")][7] == 40.0  # 40 stay shown
    assert hidden[("No", "Con frecuencia")][5] == hidden[("No", "Con frecuencia")][7] == MARKER  # hidden with the 5


def test_a_years_policy_report_for_staff(populated, staff):
    """GET /staff/reports/{year}.xlsx: the year's tables with English headings and a metadata sheet; staff only."""
    import io

    from tests.helpers import STAFF
    r = staff.client.http.get("/staff/reports/2026.xlsx", headers={**STAFF, "Accept": "*/*"})
    assert r.status_code == 200 and r.headers["Content-Disposition"].endswith('integra-2026.xlsx"')
    wb = load_workbook(io.BytesIO(r.body))
    assert wb.sheetnames[0] == "Metadatos · Metadata" and "Resumen · Summary" in wb.sheetnames
    meta = {row[0]: row[2] for row in wb["Metadatos · Metadata"].iter_rows(values_only=True)}
    assert meta["Periodo"] == "2026" and meta["Umbral de supresión (k)"] == "10"
    assert meta["Versiones del cuestionario"].startswith("2026: ")
    summary = [list(r) for r in wb["Resumen · Summary"].iter_rows(values_only=True)]
    assert summary[0][:3] == ["Año", "Compromisos firmados", "Empresas evaluadas"]
    assert summary[1][:3] == ["Year", "Pledges signed", "Companies assessed"]  # the English heading row
    assert summary[2][:3] == [2026, 1, 25]
    assert staff.client.http.get("/staff/reports/2026.xlsx", headers={"Accept": "*/*"}).status_code == 401
    bad = staff.client.http.get("/staff/reports/26.xlsx", headers={**STAFF, "Accept": "*/*"})
    assert bad.status_code == 422
    log = staff.client.http.get("/staff/audit", headers=STAFF)
    assert "reports/2026" in log.body.decode()


@pytest.mark.parametrize("vectors,residual,hidden", [
    ([[30, 12]], [3], [False, True]),             # a cohort never published: hidden with the smallest shown
    ([[30, 12]], [0], [False, False]),
    ([[40, 12, 3], [10, 12, 3]], None, [False, True, True]),  # one pattern for both counts of a cell
    ([[40, 12, 3], [9, 12, 3]], None, [True, False, True]),  # hidden: 43 answered and 12 exposed together
    ([[40, 12], [25, 0]], [0, 0], [False, False]),            # nobody exposed in a cell: nothing to hide
])
def test_joint_suppression(vectors, residual, hidden):
    from chalicelib.domain.suppression import joint
    assert joint(vectors, 10, residual) == hidden


def test_second_look_a_cohort_never_published_is_not_left_to_subtraction():
    """Second look (an attacker): Nuevo León's 3 companies are in the national figure but no state row; national
    minus the shown states must not give them away: Mexico City (12) is hidden with them."""
    from chalicelib import catalogue
    from chalicelib.domain import aggregates, cohorts, scoring
    from chalicelib.domain import dashboard as grids
    cat, totals = catalogue.current(), dict[str, dict]()
    for state, count, level, often in (("14", 30, 3, False), ("09", 12, 2, False), ("19", 3, 0, True)):
        for _ in range(count):
            answers = {item: level for item in cat.items}
            contrib = aggregates.contribution(cat, scoring.score(cat, answers, "mediana"), answers,
                                              {"B1": "often" if often else "never"})
            for c in cohorts.all_for({"state": state, "size": "mediana", "sector": "54"}):
                totals[c.key] = aggregates.combine(totals.get(c.key, {}), aggregates.for_cohort(contrib, c.detailed))
    del totals["st=19"]  # never published: under the republication threshold
    tabs = grids.build(cat, dashboard.layout(), {2026: totals}, {}, "2026-06-15T12:00:00Z", {2026: [cat.version]})
    states = {r[1]: r for r in tabs["state"][1:]}
    assert isinstance(states["Jalisco"][3], int) and states["Ciudad de México"][3] == MARKER
    barriers = {(r[1], r[5]): r for r in tabs["barriers"][1:]}
    assert barriers[("Ciudad de México", "Con frecuencia")][6] == MARKER
    assert all(r[1] != "Ciudad de México" or MARKER in r for r in tabs["gaps"][1:])


def test_second_look_barriers_hide_both_figures_of_a_cell_together():
    """Answered 40/12/3 and exposed 10/12/3 by state: one pattern for both, so Mexico City's shares among the
    exposed do not show while its exposed share is hidden (which let Nuevo León's be worked out)."""
    from chalicelib import catalogue
    from chalicelib.domain import dashboard as grids
    cat = catalogue.current()

    def cohort(answered, exposed, often):
        return {"n": answered, "o_n": answered, "o_s": 50 * answered, "b_B1_n": answered,
                "b_B1_no_contact": answered - exposed, "b_B1_often": often, "b_B1_never": exposed - often}
    parts = {"st=14": cohort(40, 10, 2), "st=09": cohort(12, 12, 1), "st=19": cohort(3, 3, 3)}
    national = {k: sum(p.get(k, 0) for p in parts.values()) for k in parts["st=14"]}
    rows = grids.build(cat, dashboard.layout(), {2026: {"national": national, **parts}}, {},
                       "2026-06-15T12:00:00Z", {2026: [cat.version]})["barriers"]
    b1 = [r for r in rows[1:] if r[2] == cat.barriers[0]["text"]["es"]]
    for state in ("Ciudad de México", "Nuevo León"):
        assert all(r[4] == r[6] == MARKER for r in b1 if r[1] == state), state
    # what stays shown leaves 15 hidden together, in both counts (12 + 3 answered, 12 + 3 exposed)
    assert all(isinstance(r[6], float) for r in b1 if r[1] == "Jalisco")


def test_an_item_few_answered_hides_its_own_row_not_the_national_gaps():
    """5.7 (tenders) is N/A for most companies: with 3 answers nationally its row is left out, the rest stays."""
    from chalicelib import catalogue
    from chalicelib.domain import dashboard as grids
    cat = catalogue.current()
    national = {"n": 40, "o_n": 40, "o_s": 2000, **{f"i_{i}_1": 40 for i in cat.items}}
    national.update({"i_5.7_1": 3, "i_5.7_na": 37})
    rows = grids.build(cat, dashboard.layout(), {2026: {"national": national}}, {}, "2026-06-15T12:00:00Z",
                       {2026: [cat.version]})["gaps"]
    shown = [r[2] for r in rows[1:] if r[1] == "Nacional"]
    assert "5.7" not in shown and len(shown) == len(cat.items) - 1
