"""The scorecard renders in LibreOffice: converted to PDF, it has pages. `make scorecard-pdf` requires it."""
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from chalicelib import bootstrap
from chalicelib.services import scorecards
from tests import factories as f

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
REQUIRED = os.environ.get("INTEGRA_REQUIRE_LIBREOFFICE") == "1"


@pytest.mark.skipif(not SOFFICE and not REQUIRED, reason="LibreOffice not installed: run `make scorecard-pdf`")
def test_scorecard_converts_to_pdf_with_pages(api, tmp_path):
    assert SOFFICE, "LibreOffice is required here (apt-get install libreoffice-calc)"
    for n in range(5):
        api.submit("/assessments", f.assessment(level=2, company=f.company(rfc=f.rfc(n))))
    body = api.submit("/assessments", f.assessment(level=3, answers_over={"3.1": 0})).json
    xlsx = tmp_path / "scorecard.xlsx"
    xlsx.write_bytes(scorecards.render(bootstrap.wiring().store.scorecard_context(body["assessment_id"])))
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(xlsx)],
                   check=True, capture_output=True, timeout=180)
    pdf = (tmp_path / "scorecard.pdf").read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    assert pdf.startswith(b"%PDF") and pages > 0
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "scorecard-sample.pdf").write_bytes(pdf)  # for a reviewer to look at
