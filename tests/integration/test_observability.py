"""What staff see when something happens in AWS: the EMF lines a submission, a failed job and a sync produce,
JSON log lines that follow one submission from the API through the queue to the mail, and never an RFC, a name
or an address in them."""
import json
import logging

import pytest

from chalicelib import bootstrap, observability
from chalicelib import jobs as worker
from tests import factories as f
from tests.helpers import STAFF, call, emf


def logs(output: str) -> list:
    return [json.loads(line) for line in output.splitlines() if line.startswith('{"level"')]


def metric(lines: list, name: str) -> list:
    """(dimensions, value) of each EMF line for one metric."""
    out = []
    for m in lines:
        if name in m:
            dims = {k: m[k] for group in m["_aws"]["CloudWatchMetrics"][0]["Dimensions"] for k in group}
            out.append((dims, m[name][0]))
    return out


def test_a_submission_is_counted_and_followed_from_the_api_through_the_queue(api, pipeline, capsys):
    body = f.assessment()
    r = api.post("/assessments", body)
    assert r.status_code == 201
    out = capsys.readouterr().out
    assert metric(emf(out), "Submissions") == [({"service": "integra", "kind": "assessment", "outcome": "pending"},
                                                1.0)]
    assert api.post("/assessments", {**body, "contact": {}}).status_code == 422
    refused = metric(emf(capsys.readouterr().out), "Submissions")
    assert refused == [({"service": "integra", "kind": "assessment", "outcome": "refused"}, 1.0)]
    # the worker sends the confirmation request: its log line names the same submission
    assert pipeline.drain() == ["sent"]
    out = capsys.readouterr().out
    sent = [line for line in logs(out) if line["message"] == "job done: sent"]
    assert sent and sent[0]["submission_id"] == body["submission_id"] and sent[0]["job_kind"] == "confirm"
    assert metric(emf(out), "MailsSent") == [({"service": "integra", "kind": "confirm"}, 1.0)]
    assert api.confirm(body["submission_id"]).status_code == 200
    out = capsys.readouterr().out
    confirmed = [line for line in logs(out) if line.get("route") == "/confirm"]
    assert metric(emf(out), "Confirmations") == [({"service": "integra", "kind": "assessment",
                                                   "outcome": "confirmed"}, 1.0)]
    assert all(line["submission_id"] == body["submission_id"] for line in confirmed)
    assert pipeline.drain() == ["sent"]  # the scorecard
    assert metric(emf(capsys.readouterr().out), "ScorecardsSent") == [({"service": "integra"}, 1.0)]


def test_a_failed_job_a_sync_and_a_snapshot_are_counted(api, pipeline, capsys, monkeypatch, tmp_path):
    import dataclasses

    from chalicelib.adapters.dashboard_sinks import XlsxSink
    from chalicelib.services import confirmations
    w = bootstrap.wiring()
    api.post("/pledges", f.pledge())
    monkeypatch.setattr(confirmations, "send_request", lambda *a: (_ for _ in ()).throw(OSError("SMTP down")))
    assert pipeline.drain(max_rounds=1, failures_expected=True) == ["RunFailed"]  # the real one is logged
    out = capsys.readouterr().out
    assert metric(emf(out), "MailFailures") == [({"service": "integra"}, 1.0)]  # what the alarm watches
    failed = [line for line in logs(out) if line["level"] == "ERROR"]
    assert failed[0]["job_kind"] == "confirm" and failed[0]["exception_name"] == "OSError"
    bootstrap.override(dashboard_sink=XlsxSink(tmp_path / "d.xlsx"),
                       config=dataclasses.replace(w.config, dashboard_first_year=2026))
    worker.snapshot()
    worker.sync_dashboard()
    out = emf(capsys.readouterr().out)
    assert metric(out, "SnapshotRuns") == [({"service": "integra", "outcome": "ok"}, 1.0)]
    assert metric(out, "DashboardSyncs") == [({"service": "integra", "outcome": "ok"}, 1.0)]
    assert metric(out, "SheetsRequests") == [({"service": "integra"}, 1.0)]
    monkeypatch.setattr(XlsxSink, "write", lambda *a: (_ for _ in ()).throw(RuntimeError("disk full")))
    for _ in range(2):
        with pytest.raises(worker.RunFailed):
            worker.sync_dashboard()
    assert [v for _, v in metric(emf(capsys.readouterr().out), "DashboardSyncs")] == [1.0, 1.0]
    health = call(api, "GET", "/staff/health", headers=STAFF)
    assert health.status_code == 403  # staff only: a token nobody holds
    w = bootstrap.wiring()
    bootstrap.override(config=dataclasses.replace(w.config, staff_tokens=(("ops", "t" * 32),)))
    health = call(api, "GET", "/staff/health", headers={"Authorization": "Bearer " + "t" * 32}).json
    assert health["dashboard_sync"]["failing"] == 2 and health["dashboard_sync"]["ok"] is False
    assert health["last_snapshot"] and health["queue"]["dead_letters"] == 0
    assert health["oldest_pending_scorecard"] is None


def test_no_rfc_name_or_address_reaches_a_log_line(api, pipeline, capsys, caplog, monkeypatch):
    caplog.set_level(logging.DEBUG, logger="integra")  # ours at every level (not the AWS SDK's request dumps)
    company = f.company(rfc=f.rfc(77), name="Ferretería Sigilo S.A.")
    contact = {"name": "Rosa Íñiguez Secreta", "email": "rosa.secreta@sigilo.mx", "position": "Directora"}
    body = f.assessment(company=company, contact=contact)
    api.submit("/assessments", body)
    api.post("/company/link", {"rfc": company["rfc"], "email": contact["email"]})
    pipeline.drain()
    from chalicelib.services import scorecards
    monkeypatch.setattr(scorecards, "render", lambda ctx: (_ for _ in ()).throw(
        ValueError(f"cannot write {contact['email']} of {company['rfc']}")))
    api.submit("/assessments", {**f.assessment(company=company, contact=contact),
                                "company_token": api.company_token(company["rfc"])})
    pipeline.drain(failures_expected=True)
    logging.getLogger("integra").warning("a careless line about %s, RFC %s", contact["email"], company["rfc"])
    try:  # a malformed message whose "ids" are a name: not written out either
        worker.handle_message(json.dumps({"kind": contact["name"], "assessment_id": company["name"]}), 1, None)
    except Exception:
        pass
    captured = capsys.readouterr()
    written = captured.out + captured.err + caplog.text
    assert "job done" in written and "cannot be built" in written  # there were log lines to look at
    for secret in (company["rfc"], company["name"], contact["name"], contact["email"], "sigilo.mx"):
        assert secret not in written, secret
    assert observability.pseudonym(contact["email"]) in written  # the same address can still be matched


def test_the_local_run_summarises_a_minute_of_metrics_in_one_line(monkeypatch):
    monkeypatch.setenv("METRICS_OUTPUT", "summary")
    monkeypatch.setenv("METRICS_SUMMARY_SECONDS", "3600")  # the line is asked for here, not by the thread
    observability.summary_line("api")
    observability.count("Submissions", kind="pledge", outcome="pending")
    observability.count("Submissions", kind="pledge", outcome="pending")
    observability.count("SheetsRequests", value=3)
    line = observability.summary_line("api")
    assert line == "metrics (api, last minute): SheetsRequests: 3, Submissions kind=pledge outcome=pending: 2"
    assert observability.summary_line("api") is None  # said once
