"""Helpers the tests share: one place, imported by tests of every tier, never from a test module."""
import io
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from email import message_from_bytes, policy
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parent.parent


NOW = datetime(2026, 6, 15, 18, 0, tzinfo=UTC)


class Clock:
    """A clock the test moves: bootstrap.override(clock=Clock()), then set .now."""

    def __init__(self, now=NOW):
        self.now = now

    def __call__(self):
        return self.now


TOKEN = "s3cret-staff-token"
SENDER = "integra@example.org"  # the verified sender on moto


STAFF = {"Authorization": f"Bearer {TOKEN}"}


# Text that openpyxl would store as a formula (a leading "="). "+", "-" and "@" start formulas only when typed or
# imported from CSV; in an .xlsx a cell is a formula only if written as one, so those are not cases here.
INJECTIONS = ["=HYPERLINK(\"http://evil\",\"x\")", "=1+1", "=cmd|' /C calc'!A0", "==SUM(A1)"]


def call(api, method, path, body=None, headers=None, content_type="application/json"):
    import json
    data = body if isinstance(body, (bytes, str)) or body is None else json.dumps(body)
    r = api.client.http.request(method, path, headers={"Content-Type": content_type, **(headers or {})},
                                body=data or b"")
    r.json = json.loads(r.body) if r.body and r.headers.get("Content-Type", "").startswith("application/json") else None
    return r

def emf(output: str) -> list:
    """The CloudWatch embedded-metric-format lines in some captured output, parsed."""
    found = []
    for line in output.splitlines():
        if line.startswith('{"_aws"'):
            found.append(json.loads(line))
    return found


def approve_listings() -> list:
    """What a staff member does on the console's "Registro por aprobar": approve every first listing waiting."""
    from chalicelib import bootstrap
    from chalicelib.services import listings
    w = bootstrap.wiring()
    waiting = w.store.listings_to_review()
    for company_id in waiting:
        listings.decide(w.store, company_id, True, "ana.garcia@example.org", w.clock())
    return waiting


def registry(api, approve: bool = True):
    """The public registry by name, once staff approved the listings waiting (approve=False: as it stands)."""
    from chalicelib.api.responses import RegistryOut
    if approve:
        approve_listings()
    r = api.get("/registry")
    assert r.status_code == 200
    RegistryOut.model_validate(r.json)  # the documented shape
    return {c["name"]: c for c in r.json["companies"]}

def drain_sent(pipeline):
    before = len(pipeline.sent())
    pipeline.drain()
    return [parse(m.raw_data) for m in pipeline.sent()[before:]]

def link_from(mail, path: str = "") -> str:
    found = re.search(rf"https?://\S+{path}\S*token=\S+", mail.get_body(("plain",)).get_content())
    assert found, f"no {path or 'token'} link in the mail"
    return found.group(0)

def click_confirm(api, mail) -> dict:
    """What the person does with a mailed confirmation link: open it (nothing changes), press the button."""
    link = urlsplit(link_from(mail, "/confirm"))
    assert api.client.http.get(f"{link.path}?{link.query}").status_code == 200
    token = dict(p.split("=", 1) for p in link.query.split("&"))["token"]
    return api.post("/confirm", {"token": token}).json

def parse(raw):
    """A sent message as moto stored it (str) or as bytes."""
    return message_from_bytes(raw.encode() if isinstance(raw, str) else raw, policy=policy.default)

def workbook_of(msg):
    part = next(msg.iter_attachments())
    return part.get_filename(), load_workbook(io.BytesIO(part.get_content()))

def aggregate(aws, year, key, version="current"):
    """A cohort's live counters (what the snapshot publishes from), read from the table."""
    from chalicelib import catalogue
    from chalicelib.adapters.dynamodb import _agg_key, _decode
    version = catalogue.current().version if version == "current" else version  # None: the pledges' counters
    return _decode(aws.get_item(TableName="integra-test", Key=_agg_key(year, version, key)).get("Item")) or {}

class Doc(HTMLParser):
    """Just enough of the DOM: elements with their attributes, and the text."""

    def __init__(self, html):
        super().__init__()
        self.elements, self.text, self.classes, self._open = [], [], [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._open.append((tag, dict(attrs).get("class", "")))

    def handle_endtag(self, tag):
        while self._open and self._open.pop()[0] != tag:
            pass

    def handle_data(self, data):
        if not self._open or self._open[-1][0] not in ("style", "script"):  # what a reader sees, not the CSS
            self.text.append(data)
            self.classes.append(self._open[-1][1] if self._open else "")

    def text_of(self, css_class: str) -> str:
        """The text directly inside the elements of one class."""
        return " ".join(t.strip() for t, c in zip(self.text, self.classes, strict=True) if c == css_class and t.strip())

    def find(self, tag, **attrs):
        return [a for t, a in self.elements if t == tag and all(a.get(k) == v for k, v in attrs.items())]

    def value(self, name):
        return next(a.get("value") for t, a in self.elements if t == "input" and a.get("name") == name)

def fields(body: dict, prefix="") -> list:
    """An API body as the form's fields (named by API path)."""
    out = []
    for key, value in body.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out += fields(value, name + ".")
        elif isinstance(value, list):
            out += [(name, v) for v in value]
        elif isinstance(value, bool):
            if value:
                out.append((name, "true"))
        else:
            out.append((name, str(value)))
    return out

def get(api, path):
    r = api.client.http.get(path)
    r.text = r.body.decode() if isinstance(r.body, bytes) else r.body
    return r

def call_local(base, method, path, body=None, headers=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=60) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())

class Runner:
    def __init__(self, state_dir, sync_seconds: str = "2", **settings):
        self.state_dir = Path(state_dir)
        # the run's own defaults only: a signing key, table or AWS setting in the caller's shell must not leak in
        env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")}
        # port 0: the run picks a free port (retrying if another process takes it first) and names it
        env.update(PORT="0", INTEGRA_LOCAL_DIR=str(state_dir), INTEGRA_SYNC_SECONDS=sync_seconds, **settings)
        self.proc = subprocess.Popen([sys.executable, "-m", "local.run"], cwd=ROOT, env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                     start_new_session=True)
        deadline = time.monotonic() + 90
        out = self.proc.stdout
        assert out is not None
        while time.monotonic() < deadline:
            line = out.readline()
            found = re.search(r"API (http://127\.0\.0\.1:\d+)", line)
            if "Integra is running" in line and found:
                self.base = found.group(1)
                self.aws_url = re.findall(r"local AWS (http://127\.0\.0\.1:\d+)", line)[0]
                self.port = int(self.base.rsplit(":", 1)[1])
                # keep reading: a full pipe would block the server once it logs enough requests
                threading.Thread(target=lambda: [None for _ in out], daemon=True).start()
                return
            if self.proc.poll() is not None:
                break
        self.kill()
        raise AssertionError("local run did not start: " + (out.read() or ""))

    def interrupt(self) -> int:
        os.killpg(self.proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        return self.proc.wait(timeout=30)

    def kill(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


def legacy_assessment(api, body):
    """An assessment on an earlier questionnaire, as sent before that version was retired (new submissions take
    the current one only): stored through the use case, as the API then did, and confirmed by its company."""
    from chalicelib import bootstrap, catalogue
    from chalicelib.api.schemas import AssessmentIn
    from chalicelib.services import assessments
    w = bootstrap.wiring()
    outcome = assessments.submit(w.store, AssessmentIn.model_validate(body),
                                 catalogue.load(body["questionnaire_version"]), w.clock(), queue=w.queue, cfg=w.config)
    if outcome.body["status"] == "pending_confirmation":
        assert api.confirm(body["submission_id"]).status_code == 200
