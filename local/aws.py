"""The embedded AWS stand-in for the local run: moto's server on loopback, one request at a time, durable.

moto keeps state in memory only. Every successful mutating request is appended to a journal under the state
folder; at start-up the journal is replayed in-process, then compacted (DynamoDB tables rewritten as batches
of their current items), so data survives a restart. Serving one request at a time keeps concurrent
counter updates exact (moto is not safe for concurrent read-modify-write).
"""
import base64
import io
import json
import logging
import threading
from pathlib import Path

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import make_server
from werkzeug.test import Client as WsgiClient

from . import moto_speedups

_READ_ONLY = ("Get", "BatchGet", "Query", "Scan", "Describe", "List")
_KEEP_HEADERS = ("Host", "Content-Type", "X-Amz-Target", "Authorization", "X-Amz-Date", "X-Amz-Content-Sha256")
_DYNAMO = "DynamoDB_20120810."
_REGION = "us-east-1"
_AUTH = (f"AWS4-HMAC-SHA256 Credential=local/20260101/{_REGION}/dynamodb/aws4_request, "
         "SignedHeaders=host;x-amz-date;x-amz-target, Signature=local")


def _mutates(environ) -> bool:
    """A DynamoDB call that changes state."""
    target = environ.get("HTTP_X_AMZ_TARGET", "")
    return target.startswith(_DYNAMO) and not target[len(_DYNAMO):].startswith(_READ_ONLY)


class Journal:
    """WSGI middleware appending each successful mutating request to a JSON-lines file."""

    def __init__(self, app, path: Path):
        self.app, self.path, self.lock = app, path, threading.Lock()

    def __call__(self, environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(body)
        status = {}

        def recording_start(code, headers, exc_info=None):
            status["code"] = int(code.split()[0])
            return start_response(code, headers, exc_info)

        result = self.app(environ, recording_start)
        if status.get("code", 500) < 300 and _mutates(environ):
            self.append(environ, body)
        return result

    def append(self, environ, body: bytes):
        headers = {h: environ.get("HTTP_" + h.upper().replace("-", "_")) for h in _KEEP_HEADERS}
        headers["Content-Type"] = environ.get("CONTENT_TYPE")
        entry = {"method": environ["REQUEST_METHOD"], "path": environ.get("PATH_INFO", "/"),
                 "query": environ.get("QUERY_STRING", ""),
                 "headers": {k: v for k, v in headers.items() if v}, "body": base64.b64encode(body).decode()}
        with self.lock, self.path.open("a", encoding="utf-8") as f:
            f.write(json.dumps(entry) + "\n")


def _send(client, entry: dict):
    return client.open(entry["path"], method=entry["method"], query_string=entry.get("query", ""),
                       headers=entry["headers"], data=base64.b64decode(entry["body"]))


def _dynamo_entry(action: str, payload: dict) -> dict:
    return {"method": "POST", "path": "/", "query": "", "body": base64.b64encode(json.dumps(payload).encode()).decode(),
            "headers": {"Host": f"dynamodb.{_REGION}.amazonaws.com", "Content-Type": "application/x-amz-json-1.0",
                        "X-Amz-Target": _DYNAMO + action, "Authorization": _AUTH, "X-Amz-Date": "20260101T000000Z"}}


def _dynamo(client, action: str, payload: dict) -> dict:
    response = _send(client, _dynamo_entry(action, payload))
    return json.loads(response.get_data() or b"{}")


def _snapshot(client) -> list:
    """The DynamoDB state as CreateTable + BatchWriteItem entries."""
    entries = []
    for name in _dynamo(client, "ListTables", {}).get("TableNames", []):
        table = _dynamo(client, "DescribeTable", {"TableName": name})["Table"]
        create = {"TableName": name, "AttributeDefinitions": table["AttributeDefinitions"],
                  "KeySchema": table["KeySchema"], "BillingMode": "PAY_PER_REQUEST"}
        if table.get("GlobalSecondaryIndexes"):
            create["GlobalSecondaryIndexes"] = [{k: g[k] for k in ("IndexName", "KeySchema", "Projection")}
                                                for g in table["GlobalSecondaryIndexes"]]
        entries.append(_dynamo_entry("CreateTable", create))
        items, start = [], None
        while True:
            page = _dynamo(client, "Scan", {"TableName": name, **({"ExclusiveStartKey": start} if start else {})})
            items += page.get("Items", [])
            start = page.get("LastEvaluatedKey")
            if not start:
                break
        for i in range(0, len(items), 25):
            batch = [{"PutRequest": {"Item": item}} for item in items[i:i + 25]]
            entries.append(_dynamo_entry("BatchWriteItem", {"RequestItems": {name: batch}}))
    return entries


def restore(app, path: Path) -> int:
    """Replay the journal into a fresh backend, then rewrite it compactly. Returns the entries replayed."""
    if not path.exists():
        return 0
    client = WsgiClient(app)
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for entry in lines:
        _send(client, entry)
    tmp = path.with_suffix(".tmp")
    tmp.write_text("".join(json.dumps(e) + "\n" for e in _snapshot(client)), encoding="utf-8")
    tmp.replace(path)
    return len(lines)


class LocalAws:
    """moto on 127.0.0.1, serial, journaled under ``state_dir``."""

    def __init__(self, state_dir: Path, port: int = 0):
        state_dir.mkdir(parents=True, exist_ok=True)
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        moto_speedups.apply()  # one line per AWS call drowns the API log
        self.journal_path = state_dir / "aws-journal.jsonl"
        backend = DomainDispatcherApplication(create_backend_app)
        self.replayed = restore(backend, self.journal_path)
        self.server = make_server("127.0.0.1", port, Journal(backend, self.journal_path), threaded=False,
                                  request_handler=MotoRequestHandler)
        self.thread = threading.Thread(target=self.server.serve_forever, name="local-aws", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
