"""Scorecard figures: render time vs. a floor of openpyxl writing the same cell values with no styling or
charts (same run, target <= 4x), import time of the worker path, and the e-mail's size.
`--check` (make bench-check) measures the render ratio only and exits 1 if it misses the target three times."""
import io
import json
import os
import sys
import time
from email import policy
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.update({"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_DEFAULT_REGION": "us-east-1",
                   "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled", "INTEGRA_TABLE": "integra-bench",
                   "LINK_SIGNING_KEY": __import__("secrets").token_urlsafe(32)})
os.environ.pop("AWS_ENDPOINT_URL", None)

from bench.cold_start import sample  # noqa: E402
from bench.compare import enforce, interleaved, medians, report  # noqa: E402

N = 25
TARGET = 4  # full scorecard render time <= 4 x the floor
TIMED = "import time\nt = time.perf_counter()\n{}\nprint(time.perf_counter() - t)"
IMPORTS_FLOOR = "import chalice, pydantic, botocore.session"
WORKER = ("import app, botocore.session; from chalicelib import jobs; "
          "from chalicelib.scorecard import workbook; import openpyxl, openpyxl.chart")


def context():
    import boto3
    from chalice.test import Client
    from moto import mock_aws

    from app import app
    from chalicelib import bootstrap
    from chalicelib.adapters.dynamodb import ensure_table
    from local import moto_speedups
    from tests import factories as f
    moto_speedups.apply()
    with mock_aws():
        ensure_table(boto3.client("dynamodb", region_name="us-east-1"), "integra-bench")
        bootstrap.reset()
        from chalicelib.services import confirmations
        with Client(app) as client:
            for n in range(6):  # six companies, each confirming its own (pending) assessment
                body = f.assessment(level=n % 5, company=f.company(rfc=f.rfc(n)))
                client.http.post("/assessments", headers={"Content-Type": "application/json"}, body=json.dumps(body))
                token = confirmations.token(bootstrap.wiring().config, body["submission_id"], "ana@example.mx",
                                            int(time.time()) + 3600)
                r = client.http.post("/confirm", headers={"Content-Type": "application/json"},
                                     body=json.dumps({"token": token}))
            aid = json.loads(r.body)["id"]
        return bootstrap.wiring().store.scorecard_context(aid)


def floor_write(values: dict) -> bytes:
    from openpyxl import Workbook
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in values.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def timed(fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def main():
    from openpyxl import load_workbook

    from chalicelib import catalogue, config
    from chalicelib.scorecard import workbook
    from chalicelib.services import scorecard_mail, scorecards
    ctx = context()
    cat = catalogue.load(ctx["assessment"]["questionnaire_version"])
    built = workbook.build(cat, ctx)
    loaded = load_workbook(io.BytesIO(built))
    values = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in loaded.worksheets}

    def render_ratio() -> float:
        f, r = medians(*interleaved(N, lambda: timed(floor_write, values), lambda: timed(workbook.build, cat, ctx)))
        return report(f"scorecard render (median of {N}, warm)", "openpyxl, same values, no styling/charts", f,
                      "full scorecard (styles, 3 charts, validation)", r, target=TARGET)

    if "--check" in sys.argv:  # make bench-check: the render target, and nothing else
        return enforce(render_ratio, TARGET)
    render_ratio()
    cold_floor, cold_worker = medians(*interleaved(7, lambda: sample(TIMED.format(IMPORTS_FLOOR), ""),
                                                   lambda: sample(TIMED.format(WORKER), "")))
    report("worker cold start, imports (median of 7 fresh interpreters)", IMPORTS_FLOOR, cold_floor,
           "worker path (app, worker, openpyxl)", cold_worker)
    cfg = config.load()
    link, expires = scorecards.scorecard_link(cfg, ctx["assessment"]["assessment_id"], ctx["profile"], time_now())
    msg = scorecard_mail.compose(ctx["assessment"], json.loads(ctx["assessment"]["result"]), built, cfg, link,
                                 expires.date().isoformat(), [ctx["assessment"]["contact"]["email"]])
    print(f"e-mail: workbook {len(built) / 1024:.1f} KB, whole MIME message "
          f"{len(msg.as_bytes(policy=policy.SMTP)) / 1024:.1f} KB")


def time_now():
    from chalicelib.services.common import utc_now
    return utc_now()


if __name__ == "__main__":
    main()
