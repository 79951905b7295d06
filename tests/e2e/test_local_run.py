"""The README's `make run` path over real HTTP: local AWS stand-in + chalice local, durable, Ctrl-C clean."""
import io
import json
import os
import re
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests import factories as f
from tests.helpers import Runner
from tests.helpers import call_local as call


def wait_for_mail(folder: Path, count: int, seconds: float = 60) -> list:
    from email import message_from_bytes, policy
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        files = sorted(folder.glob("*.eml"))
        if len(files) >= count:
            return [message_from_bytes(p.read_bytes(), policy=policy.default) for p in files]
        time.sleep(0.5)
    raise AssertionError(f"{len(list(folder.glob('*.eml')))} of {count} e-mails arrived in {seconds:.0f} s")


@pytest.fixture
def state_dir(tmp_path):
    return tmp_path / "local-state"


def confirm_all(runner, mails) -> int:
    """Open each mailed confirmation link and press its button, as each company would."""
    done = 0
    for msg in mails:
        link = re.search(r"http://\S+/confirm\?\S+", msg.get_body(("plain",)).get_content())
        if link:
            token = link.group(0).split("token=")[1]
            status, body = call(runner.base, "POST", "/confirm", {"token": token})
            assert status == 200 and body["status"] == "confirmed", body
            done += 1
    return done


def test_local_run_serves_persists_and_stops(state_dir):
    # every change republishes here, so that the figures are exact whenever the runner's own snapshot ran
    runner = Runner(state_dir, BENCHMARK_MIN_CHANGE="1")
    try:
        status, _ = call(runner.base, "POST", "/pledges", f.pledge())
        assert status == 201
        for method in ("TRACE", "DELETE", "BREW"):  # refused as API Gateway would: 405, JSON, and what is allowed
            request = urllib.request.Request(runner.base + "/pledges", method=method)
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(request, timeout=30)
            assert refused.value.code == 405 and refused.value.headers["Allow"] == "OPTIONS, POST", method
            assert json.loads(refused.value.read())["error"]["code"] == "method_not_allowed"
        first = f.assessment(level=2)
        first["contact"]["email"] = "luis@example.mx"  # the signatory's: the company's verified address
        status, created = call(runner.base, "POST", "/assessments", first)
        assert status == 201 and created["score"]["overall"] == 50.0 and created["status"] == "pending_confirmation"
        # ten companies at once: the serial stand-in must not lose a single counter update
        bodies = [f.assessment(level=4, company=f.company(rfc=f.rfc(n)),
                               contact={"name": "Ana Pérez", "email": f"ana{n}@example.mx"}) for n in range(10)]
        with ThreadPoolExecutor(max_workers=8) as pool:
            statuses = [s for s, _ in pool.map(lambda b: call(runner.base, "POST", "/assessments", b), bodies)]
        assert statuses == [201] * 10
        status, bench = call(runner.base, "GET", "/benchmarks?state=14")
        assert status == 200 and bench == {"suppressed": True, "n_min": 10}  # nothing counts before confirmation
        # every company confirms from its mail (for a new RFC, the address typed in the submission)
        assert confirm_all(runner, wait_for_mail(state_dir / "mail", 12)) == 12
        staff = {"Authorization": "Bearer " + (state_dir / "staff-token").read_text().strip()}
        status, run = call(runner.base, "POST", "/staff/benchmarks/snapshot", headers=staff)
        assert status == 200 and run["taken_at"]  # (the runner also publishes one every few seconds)
        status, bench = call(runner.base, "GET", "/benchmarks?state=14")
        assert status == 200 and bench["n"] == 11
        assert bench["overall"]["mean"] == round((50 + 10 * 100) / 11)  # published means are whole numbers
        assert bench["as_of"].startswith("20")
        # every company "receives" its scorecard: an .eml per assessment under .local/mail, with the workbook
        # 12 confirmation requests, the pledge in writing, then the 11 scorecards
        mails = [m for m in wait_for_mail(state_dir / "mail", 24) if m.get_content_type() == "multipart/mixed"]
        assert len(mails) == 11
        msg = next(m for m in mails if created["assessment_id"] in m.get_body(("plain",)).get_content())
        assert msg["To"] == "luis@example.mx"
        workbook = load_workbook(io.BytesIO(next(msg.iter_attachments()).get_content()))
        assert workbook["Tarjeta"]["C5"].value == 50.0  # the overall score, large on the front sheet
        link = next(w for w in msg.get_body(("plain",)).get_content().split() if w.startswith("http"))
        # browsers send Accept: */*; API Gateway and chalice need it to return a binary body
        with urllib.request.urlopen(urllib.request.Request(link, headers={"Accept": "*/*"}), timeout=30) as r:
            assert load_workbook(io.BytesIO(r.read())).sheetnames == workbook.sheetnames
        # the runner plays the scheduler: the dashboard file catches up by itself
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                summary = load_workbook(state_dir / "dashboard.xlsx")["Resumen"]
                if summary["C2"].value == 11:
                    break
            except (OSError, KeyError, ValueError):
                pass
            time.sleep(1)
        assert summary["C2"].value == 11 and summary["B2"].value == 1  # assessed, pledges
        assert runner.interrupt() == 0
    finally:
        runner.kill()
    with pytest.raises(ProcessLookupError):  # nothing it started is left running (the API server included)
        os.killpg(runner.proc.pid, 0)

    again = Runner(state_dir)  # data survive a restart of the command
    try:
        status, replay = call(again.base, "POST", "/assessments", first)
        assert status == 200 and replay == created  # the same answer as then
        status, bench = call(again.base, "GET", "/benchmarks?state=14")
        assert bench["n"] == 11
    finally:
        again.interrupt()
        again.kill()
