"""The scorecard pipeline: the workbook read back with openpyxl, the worker on SQS + SES v2 (moto), the link."""
import io
import json
import time
import zipfile
from datetime import UTC, timedelta

import boto3
import pytest
from openpyxl import load_workbook

from chalicelib import bootstrap, catalogue
from chalicelib import jobs as worker
from chalicelib.adapters.sqs import SqsQueue, redrive
from chalicelib.services import common, scorecards
from tests import factories as f
from tests.helpers import INJECTIONS, legacy_assessment, parse, workbook_of


def submit(api, **kw):
    r = api.submit("/assessments", f.assessment(**kw))
    assert r.status_code == 201, r.json
    return r.json


def test_one_email_per_assessment_with_the_workbook(api, pipeline):
    for n in range(5):
        submit(api, level=2, company=f.company(rfc=f.rfc(n)))
    api.snapshot()
    body = submit(api, level=3, answers_over={"3.1": 0, "2.2": "unknown", "1.3": "na"},
                  na_reasons={"1.3": "Un solo dueño dirige la empresa"})
    assert pipeline.drain().count("sent") == 6
    assert len(pipeline.sent()) == 6
    msg = parse(pipeline.sent()[-1].raw_data)
    assert msg["Subject"].startswith("Su tarjeta de resultados de integridad 2026")
    assert msg["To"] == "ana@example.mx" and msg["Reply-To"]
    assert msg.get_body(("plain",)).get_content().startswith("Hola, Ana Pérez:")
    assert "aviso de privacidad" in msg.get_body(("html",)).get_content()
    name, wb = workbook_of(msg)
    assert name == "tarjeta-integridad-2026.xlsx"
    assert wb.sheetnames == ["Tarjeta", "Plan de acción", "Dimensiones", "Progreso", "Respuestas"]
    front = wb["Tarjeta"]
    texts = [str(c.value) for row in front.iter_rows() for c in row if c.value is not None]
    assert front["C5"].value == pytest.approx(body["score"]["overall"]) and front["C5"].number_format == "0"
    assert front["E5"].value == body["score"]["band"] == "Básico"
    assert body["score"]["cap_reason"] in texts
    assert f"Elementos mínimos del art. 25 de la LGRA: {body['art25']['implemented']} de 7 implementados" in texts
    # the peers as on the result page: how many, their average, when; no percentile under 10 peers
    peers = next(t for t in texts if t.startswith("Comparada con"))
    assert "(5 empresas, cifras al 15 de junio de 2026): promedio 50 de 100. Su puntaje está" in peers
    assert "Percentil" not in peers
    assert any(t.startswith("2.2 Trato con el gobierno en los riesgos: Pregunte a") for t in texts)  # "No sé"
    dims = wb["Dimensiones"]
    rows = list(dims.iter_rows(min_row=2, max_row=11, values_only=True))
    for row in rows:
        api_dim, peer = body["score"]["dimensions"][row[0]], body["benchmark"]["dimensions"][row[0]]
        assert row[2] == pytest.approx(api_dim["score"]) and row[3] == api_dim["band"]
        assert (row[4], row[5]) == (peer["mean"], peer["median"])
    charts = {type(c).__name__: c for c in dims._charts}
    assert set(charts) == {"RadarChart", "BarChart"} and len(charts["RadarChart"].series) == 2
    assert len(dims.conditional_formatting) >= 1
    plan = wb["Plan de acción"]
    assert plan.page_setup.orientation == "landscape"
    plan_rows = [r for r in plan.iter_rows(min_row=5, values_only=True) if str(r[0] or "").endswith("ª")]
    assert [r[1].split()[0] for r in plan_rows] == [g["item_id"] for g in body["gaps"]]
    assert [r[4] for r in plan_rows] == [g["action"] for g in body["gaps"]]
    assert plan_rows[0][0] == "1ª" and plan_rows[0][1] == f"3.1 {catalogue.current().items['3.1'].title['es']}"
    options = {dv.type: dv.formula1 for dv in plan.data_validations.dataValidation}
    assert options["list"] == '"Pendiente,En proceso,Terminado"' and "date" in options
    assert "Plan para los próximos 90 días" in [c.value for c in plan["A"]]
    assert "primera autoevaluación" in wb["Progreso"]["A1"].value
    answers = {r[0]: (r[2], r[3]) for r in wb["Respuestas"].iter_rows(min_row=2, values_only=True) if r[2]}
    assert len(answers) == len(catalogue.current().items)
    assert answers["1.3"] == ("No aplica", "No aplica: Un solo dueño dirige la empresa")
    assert answers["2.2"][0] == "No sé"
    assert answers["3.3"] == ("3 · Implementado", catalogue.current().items["3.3"].anchors["3"]["es"])


def test_english_email_and_workbook(api, pipeline):
    submit(api, level=1, lang="en")
    pipeline.drain()
    msg = parse(pipeline.sent()[0].raw_data)
    assert msg["Subject"].startswith("Your 2026 integrity scorecard")
    name, wb = workbook_of(msg)
    assert name == "integrity-scorecard-2026.xlsx" and wb.sheetnames[0] == "Scorecard"
    assert any("not enough comparable companies" in str(c.value) for row in wb["Scorecard"].iter_rows() for c in row)
    dims = wb["Dimensions"]
    assert len(dims._charts[0].series) == 1  # no peer series when peers are suppressed
    assert dims._charts[0].title is not None and "peers" not in str(dims._charts[0].title.tx.rich.p[0].r[0].t)
    assert [c.value for c in dims[1] if c.value] == ["ID", "Dimension", "Score", "Band"]  # no empty peer columns
    assert wb["Action plan"]["A6"].value in ("2nd", None) and wb["Action plan"]["A5"].value == "1st"


def test_user_text_never_becomes_a_formula(api, pipeline):
    company = f.company(name=INJECTIONS[0])
    body = f.assessment(company=company)
    body["contact"]["name"] = INJECTIONS[1]
    assert api.submit("/assessments", body).status_code == 201
    pipeline.drain()
    part = next(parse(pipeline.sent()[0].raw_data).iter_attachments()).get_content()
    wb = load_workbook(io.BytesIO(part))
    cell = next(c for row in wb["Tarjeta"].iter_rows() for c in row if c.value == INJECTIONS[0])
    assert cell.data_type == "s"
    with zipfile.ZipFile(io.BytesIO(part)) as z:
        sheets = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
    assert not any("<f>" in s or "<f " in s for s in sheets)  # no formula cell anywhere in the workbook


@pytest.mark.parametrize("text", INJECTIONS)
def test_put_text_keeps_formula_like_strings_as_text(text):
    from openpyxl import Workbook

    from chalicelib.scorecard.workbook import put_text
    wb = Workbook()
    put_text(wb.active, 1, 1, text)
    out = io.BytesIO()
    wb.save(out)
    cell = load_workbook(out).active["A1"]
    assert (cell.value, cell.data_type) == (text, "s")


def test_retried_job_does_not_send_twice(api, pipeline):
    body = submit(api)
    assert pipeline.drain() == ["sent"]
    for _ in range(3):  # the same job delivered again (SQS is at-least-once), and the sweeper's copy
        pipeline.client.send_message(QueueUrl=pipeline.queue_url,
                                     MessageBody=json.dumps({"assessment_id": body["assessment_id"]}))
    assert pipeline.drain() == ["already sent"] * 3
    assert len(pipeline.sent()) == 1


def test_failed_send_is_retried_and_sent_once(api, pipeline):
    real = bootstrap.wiring().mailer
    calls = {"n": 0}

    class Flaky:
        def send(self, raw, sender, recipients):
            calls["n"] += 1
            if calls["n"] == 1:
                raise ConnectionError("SES unreachable")
            return real.send(raw, sender, recipients)

    bootstrap.override(mailer=Flaky())
    body = submit(api)
    assert pipeline.drain(failures_expected=True) == ["RunFailed", "sent"]  # the ConnectionError is logged
    assert len(pipeline.sent()) == 1
    job = bootstrap.wiring().store.scorecard_context(body["assessment_id"])["job"]
    assert job["status"] == "sent" and job["attempts"] == 2


def test_poison_message_ends_in_the_dead_letter_queue_and_can_be_redriven(api, pipeline):
    pipeline.client.send_message(QueueUrl=pipeline.queue_url, MessageBody=json.dumps({"assessment_id": "nope"}))
    pipeline.client.send_message(QueueUrl=pipeline.queue_url, MessageBody="not json")
    outcomes = pipeline.drain(failures_expected=True)
    assert outcomes.count("RunFailed") == 6  # each tried max_receives (3) times (PoisonJob, logged)
    dead = pipeline.client.get_queue_attributes(QueueUrl=pipeline.dlq_url,
                                                AttributeNames=["ApproximateNumberOfMessages"])
    assert dead["Attributes"]["ApproximateNumberOfMessages"] == "2"
    from ops.redrive_mail import main as redrive_command
    assert redrive_command(["--queue", "integra-mail-jobs", "--limit", "1"]) == 0  # the staff command
    assert redrive(pipeline.client, pipeline.dlq_url, pipeline.queue_url) == 1
    assert len(pipeline.client.receive_message(QueueUrl=pipeline.queue_url, MaxNumberOfMessages=10)["Messages"]) == 2


def test_a_failed_job_is_hidden_for_its_backoff_through_the_real_queue(api, pipeline):
    """The worker gets the real receipt handle, as from Lambda's trigger, and backs the message off."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.sqs.models import sqs_backends

    class Down:
        def send(self, raw, sender, recipients):
            raise ConnectionError("SES unreachable")

    bootstrap.override(mailer=Down())
    submit(api)
    queue = sqs_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].queues["integra-mail-jobs"]
    for m in list(queue._messages):  # the confirmation request, made moot by the test's own confirmation
        if '"confirm"' in m.body:
            queue._messages.remove(m)
    for receive, backoff in ((1, 30), (2, 60)):
        [m] = pipeline.client.receive_message(QueueUrl=pipeline.queue_url, VisibilityTimeout=0,
                                              AttributeNames=["ApproximateReceiveCount"])["Messages"]
        assert m["Attributes"]["ApproximateReceiveCount"] == str(receive)
        started = time.time()
        with pytest.raises(worker.RunFailed):
            worker.handle_message(m["Body"], receive, m["ReceiptHandle"])
        hidden_for = next(iter(queue._messages)).visible_at / 1000 - started
        assert backoff - 2 < hidden_for <= backoff + 1
        assert "Messages" not in pipeline.client.receive_message(QueueUrl=pipeline.queue_url)  # not redelivered now
        next(iter(queue._messages)).change_visibility(0)  # let "backoff seconds" pass


def test_a_job_being_sent_is_left_alone_until_its_lease_runs_out(api, pipeline, clock):
    body = submit(api)
    store = bootstrap.wiring().store
    # another worker claimed it a minute ago and is sending it (lease: 5 minutes)
    assert store.claim_job(body["assessment_id"], common.iso(clock.now - timedelta(minutes=1)),
                           common.iso(clock.now + timedelta(minutes=4)))
    assert pipeline.drain() == ["claimed by another worker"] and pipeline.sent() == []
    job = json.dumps({"assessment_id": body["assessment_id"]})
    clock.now += timedelta(minutes=4)  # the lease's last moment: still that worker's
    pipeline.client.send_message(QueueUrl=pipeline.queue_url, MessageBody=job)
    assert pipeline.drain() == ["claimed by another worker"] and pipeline.sent() == []
    clock.now += timedelta(seconds=1)  # the lease is over (that worker died): this one sends it
    pipeline.client.send_message(QueueUrl=pipeline.queue_url, MessageBody=job)
    assert pipeline.drain() == ["sent"] and len(pipeline.sent()) == 1


def test_backoff_grows_and_is_capped():
    assert [scorecards.backoff_seconds(n) for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert scorecards.backoff_seconds(20) == 900


def test_lost_queue_message_is_swept_up(api, pipeline, clock):
    class Down:
        def send(self, job):
            raise ConnectionError("SQS unreachable")

    bootstrap.override(queue=Down())
    body = submit(api)
    assert body["assessment_id"]  # the submission itself succeeded
    bootstrap.override(queue=SqsQueue(pipeline.client, pipeline.queue_url))
    assert worker.sweep() == 0  # too fresh: the fast path may still deliver it
    clock.now += timedelta(minutes=3)
    assert worker.sweep() == 1
    assert pipeline.drain() == ["sent"] and worker.sweep() == 0


def test_submission_response_does_not_wait_for_the_email(api, pipeline):
    submit(api)
    assert len(pipeline.sent()) == 0  # nothing is sent on the request path
    assert pipeline.drain() == ["sent"]


def test_signed_link_downloads_the_same_workbook(api, pipeline, clock):
    body = submit(api)
    other = submit(api, company=f.company(rfc=f.rfc(3)))
    pipeline.drain()
    link = next(m for m in (parse(s.raw_data) for s in pipeline.sent())
                if body["assessment_id"] in m.get_body(("plain",)).get_content())
    url = next(w for w in link.get_body(("plain",)).get_content().split() if w.startswith("http"))
    path = url.split("127.0.0.1:8000", 1)[1]
    r = api.client.http.get(path, headers={"Accept": "*/*"})
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    assert load_workbook(io.BytesIO(r.body)).sheetnames[0] == "Tarjeta"
    token = path.split("token=")[1]
    denied = [
        f"/assessments/{body['assessment_id']}/scorecard.xlsx",                       # no token
        f"/assessments/{body['assessment_id']}/scorecard.xlsx?token={f.tamper(token)}",  # tampered
        f"/assessments/{other['assessment_id']}/scorecard.xlsx?token={token}",        # another company
        f"/assessments/{body['assessment_id']}/scorecard.xlsx?token=garbage",
    ]
    for bad in denied:
        r = api.client.http.get(bad, headers={"Accept": "*/*"})
        assert r.status_code == 403 and json.loads(r.body)["error"]["code"] == "forbidden", bad
    clock.now += timedelta(days=30, seconds=-1)  # LINK_TTL_DAYS (30): valid to the last second, not one more
    assert api.client.http.get(path, headers={"Accept": "*/*"}).status_code == 200
    clock.now += timedelta(seconds=1)
    assert api.client.http.get(path, headers={"Accept": "*/*"}).status_code == 403


def test_progress_sheet_compares_years(api, pipeline, clock):
    from datetime import datetime
    submit(api, level=1)
    clock.now = datetime(2027, 6, 15, 18, 0, tzinfo=UTC)
    submit(api, level=3)
    pipeline.drain()
    _, wb = workbook_of(parse(pipeline.sent()[-1].raw_data))
    ws = wb["Progreso"]
    header = [c.value for c in ws[1]]
    assert header[2:5] == ["2026", "2027", "Cambio"]
    version = catalogue.current().version
    assert [c.value for c in ws[2]][1:4] == ["Cuestionario", version, version]
    overall = [c.value for c in ws[3]]
    assert overall[2:5] == [25, 75, 50]
    assert type(ws._charts[0]).__name__ == "LineChart"


def test_progress_across_questionnaire_versions_compares_only_what_maps(api, pipeline, clock):
    """A 2025 assessment on 2026.1 still reads back, and 2026's on the current version compares with it
    through the catalogue's mapping: mapped items and dimensions, never the overall score."""
    from datetime import datetime
    first, now = catalogue.load("2026.1"), catalogue.current()
    assert now.comparable_to is not None
    clock.now = datetime(2025, 6, 15, 18, 0, tzinfo=UTC)
    earlier = f.assessment(level=1, questionnaire_version=first.version, answers={i: 1 for i in first.items})
    assert api.post("/assessments", earlier).json["error"]["fields"][0]["path"] == "questionnaire_version"  # retired
    legacy_assessment(api, earlier)  # as sent in 2025, when it was the current one
    clock.now = datetime(2026, 6, 15, 18, 0, tzinfo=UTC)
    body = submit(api, level=2, answers_over={"1.1": 3})
    pipeline.drain()
    _, wb = workbook_of(parse(pipeline.sent()[-1].raw_data))
    rows = {r[1]: r for r in wb["Progreso"].iter_rows(values_only=True) if r[1]}
    assert rows["Cuestionario"][2:4] == (first.version, now.version)
    assert rows["General"][2:5] == (25, body["score"]["overall"], "No comparable")
    mapped = now.comparable_to["dimensions"]
    for dim in now.dimensions:
        change = rows[dim.title["es"]][4]
        assert (change == "No comparable") == (dim.id not in mapped), dim.id
    assert rows["Gobierno y liderazgo"][4] == pytest.approx(body["score"]["dimensions"]["D1"]["score"] - 25)
    texts = [c for r in wb["Progreso"].iter_rows(values_only=True) for c in r if isinstance(c, str)]
    assert any(t.startswith("1.1 ") for t in texts) and "3 · Implementado" in texts  # 1.1 went from 1 to 3
    new = next(t for t in texts if t.startswith("3.7 "))  # the anti-bribery policy: new, not compared
    assert all(f"{i} " in new for i in now.items if i not in now.comparable_to["items"])
    # and the company's page says the overall change is not comparable rather than inventing one
    from chalicelib.services import selfservice
    w = bootstrap.wiring()
    store = w.store
    view = selfservice.view(store, w.config, body["company_id"], store.profile(body["company_id"]), 2**33,
                            clock.now, "es")
    assert [(a["questionnaire_version"], a["change"]) for a in view["assessments"]] == [
        (first.version, None), (now.version, None)]


def test_link_key_comes_from_secrets_manager(aws):
    from chalicelib import config
    sm = boto3.client("secretsmanager", region_name="us-east-1")
    arn = sm.create_secret(Name="integra/link-key", SecretString="from-secrets-manager")["ARN"]
    cfg = config.load({"LINK_KEY_SECRET_ID": arn, "AWS_REGION": "us-east-1"})
    assert config.link_key(cfg) == b"from-secrets-manager"
    assert config.link_key(config.load({"LINK_SIGNING_KEY": "k"})) == b"k"


@pytest.mark.parametrize("where", [{"AWS_LAMBDA_FUNCTION_NAME": "integra-prod-mail_worker"}, {}],
                         ids=["lambda", "anywhere-else"])
def test_without_a_link_key_nothing_is_signed(where):
    """No built-in key: a process that is not Lambda (a misconfigured container, a script) refuses too."""
    from chalicelib import config
    config.link_key.cache_clear()  # the key is cached per configuration, as in a warm container
    with pytest.raises(RuntimeError):
        config.link_key(config.load(where))


def test_the_local_run_makes_its_own_link_key(tmp_path):
    from local.run import _local_secret
    key = _local_secret(tmp_path, "link-key")
    assert len(key) >= 40 and _local_secret(tmp_path, "link-key") == key  # made once, kept
    assert (tmp_path / "link-key").stat().st_mode & 0o077 == 0  # readable by its owner only
