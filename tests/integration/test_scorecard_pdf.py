"""The scorecard on paper: rendered by LibreOffice to PDF, every sheet fits its pages, and no text is cut off or
drawn over other text (rows are as tall as their wrapped text). `make scorecard-pdf` requires LibreOffice; the
pages are kept as pictures under test-artifacts/ for a person to look at."""
import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from chalicelib import bootstrap, catalogue
from chalicelib.services import scorecards
from tests import factories as f
from tests import pdfcheck
from tests.helpers import legacy_assessment

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
REQUIRED = os.environ.get("INTEGRA_REQUIRE_LIBREOFFICE") == "1"
pytestmark = pytest.mark.xdist_group("pdf")  # both on one worker: the LibreOffice profile is built once


@pytest.fixture(scope="module")
def profile(tmp_path_factory):
    """One LibreOffice profile for the module: its first start builds it (seconds); the second reuses it."""
    return tmp_path_factory.mktemp("soffice-profile")


def _cases(api, clock) -> dict:
    """A micro company held back by the gate, with "No sé" and a reasoned N/A (Spanish, no peers); and a medium
    one with peers, assessed in 2025 on the first questionnaire and in 2026 on the current one (English)."""
    first = catalogue.load("2026.1")
    for n in range(5):
        api.submit("/assessments", f.assessment(level=2, company=f.company(rfc=f.rfc(n))))
    api.snapshot()
    micro = f.company(rfc=f.rfc(20), name="Abarrotes Doña Chela", employees=6, annual_sales_mxn=2_500_000)
    small = api.submit("/assessments", f.assessment(
        level=1, company=micro, answers_over={"3.1": 0, "6.1": "unknown", "9.2": "unknown", "5.2": 2, "1.3": "na",
                                              "4.5": "na"},
        na_reasons={"1.3": "La dueña dirige la empresa sola", "4.5": "No usamos gestores ni agentes"})).json
    medium = f.company(rfc=f.rfc(21), name="Manufacturas del Bajío S.A. de C.V.", employees=120,
                       annual_sales_mxn=180_000_000, sector="31-33")
    clock.now = datetime(2025, 6, 15, 17, 0, tzinfo=UTC)
    earlier = {"submission_id": f.sid(), "questionnaire_version": first.version, "lang": "en", "company": medium,
               "contact": {"name": "Ana Pérez", "email": "ana@example.mx"}, "consent": {"privacy_notice": True},
               "answers": {i: 1 for i in first.items}}
    legacy_assessment(api, earlier)  # as sent then, when it was the current questionnaire
    clock.now = datetime(2026, 6, 15, 17, 0, tzinfo=UTC)
    later = api.submit("/assessments", f.assessment(level=2, lang="en", company={**medium, "sector": "31-33"},
                                                   answers_over={"6.5": "unknown", "2.3": 0, "10.4": 0})).json
    return {"es-micro": small["assessment_id"], "en-medium": later["assessment_id"]}


@pytest.mark.skipif(not SOFFICE and not REQUIRED, reason="LibreOffice not installed: run `make scorecard-pdf`")
def test_every_sheet_prints_whole_with_nothing_cut_off_or_overlapping(api, clock, tmp_path, profile):
    assert SOFFICE and shutil.which("pdftotext"), "LibreOffice and poppler-utils are required here (tests/install.sh)"
    store = bootstrap.wiring().store
    books = {}
    for name, assessment_id in _cases(api, clock).items():
        books[name] = tmp_path / f"scorecard-{name}.xlsx"
        books[name].write_bytes(scorecards.render(store.scorecard_context(assessment_id)))
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), *map(str, books.values())], check=True, capture_output=True,
                   timeout=180)
    ARTIFACTS.mkdir(exist_ok=True)
    for name, xlsx in books.items():
        pdf = xlsx.with_suffix(".pdf")
        wb = load_workbook(xlsx)
        texts = [c.value for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
        found = pdfcheck.words(pdf)
        assert pdfcheck.missing(found, texts) == [], name  # nothing clipped away
        assert pdfcheck.overlapping(found) == [], name     # nothing drawn over something else
        # the scorecard itself on one page, the plan next; the dimensions and their charts on one page
        text = {page: " ".join(w[5] for w in found if w[0] == page) for page in range(1, 4)}
        assert ("Tarjeta de resultados" in text[1] or "Integrity scorecard" in text[1]) and "Plan" not in text[1][:200]
        assert "Plan para los próximos 90 días" in text[2] or "Plan for the next 90 days" in text[2]
        # every page says whose it is and which it is
        assert ("Página 1 de" in text[1] or "Page 1 of" in text[1]) and wb["Tarjeta" if "es" in name
                                                                           else "Scorecard"]["A2"].value in text[2]
        assert len(wb.sheetnames) + 1 <= pdfcheck.pages(pdf) <= 15, name
        for ws in wb:  # the plan is read across, everything fits the page's width
            assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
        for old in ARTIFACTS.glob(f"scorecard-{name}-*.png"):
            old.unlink()
        shutil.copy(pdf, ARTIFACTS / pdf.name)
        assert pdfcheck.screenshots(pdf, ARTIFACTS / f"scorecard-{name}")


@pytest.mark.skipif(not SOFFICE and not REQUIRED, reason="LibreOffice not installed: run `make scorecard-pdf`")
def test_the_policy_report_prints_with_nothing_cut_off_or_overlapping(api, tmp_path, profile):
    """GET /staff/reports/{year}.xlsx's workbook, rendered as the scorecard is: no word missing or overlapping."""
    assert SOFFICE and shutil.which("pdftotext"), "LibreOffice and poppler-utils are required here (tests/install.sh)"
    from chalicelib.adapters.dashboard_sinks import workbook
    from chalicelib.services import dashboard
    for n in range(12):
        api.submit("/assessments", f.assessment(level=n % 5, company=f.company(rfc=f.rfc(n)),
                                                barriers={"B1": "often" if n % 2 else "no_contact"}))
    api.snapshot()
    w = bootstrap.wiring()
    tabs, meta = dashboard.report(w.store, w.clock(), 2026)
    xlsx = tmp_path / "report.xlsx"
    xlsx.write_bytes(workbook(tabs, dashboard.layout(), meta))
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(xlsx)], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "report.pdf"
    wb = load_workbook(xlsx)
    texts = [c.value for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    found = pdfcheck.words(pdf)
    assert pdfcheck.missing(found, texts) == []
    assert pdfcheck.overlapping(found) == []
    shutil.copy(pdf, ARTIFACTS / "report-2026.pdf")
