"""`make run`: the whole service on one machine with embedded stand-ins. No AWS account, no network.

Starts the local AWS stand-in (moto, durable under .local/), creates the table and the scorecard queues,
starts an SMTP server that saves every e-mail under .local/mail/, serves the API with `chalice local` on
127.0.0.1:$PORT (default 8000), and plays the parts chalice local does not: it drains the scorecard queue into
the worker and runs the sweeper. Ctrl-C stops everything it started.
"""
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCAL_STAFF = "ana.garcia@example.org,luis.perez@example.org"
LOCAL_ENV = {
    "AWS_ACCESS_KEY_ID": "local", "AWS_SECRET_ACCESS_KEY": "local", "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1", "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled", "INTEGRA_TABLE": "integra-local",
}


def _wait_http(url: str, proc, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"chalice local exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the API did not answer at {url} within {seconds:.0f} s")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_api(env: dict, port: int, tries: int = 5):
    """`chalice local` on `port`, or, for port 0, on a free port: chalice binds the port itself, so another process
    can take it between the pick and the bind; then pick again."""
    for attempt in range(tries):
        chosen = port or _free_port()
        env["PUBLIC_API_URL"] = os.environ["PUBLIC_API_URL"] = f"http://127.0.0.1:{chosen}"
        api = subprocess.Popen([sys.executable,
                                "-m", "local.api", "local", "--host", "127.0.0.1", "--port", str(chosen),
                                "--stage", "local", "--no-autoreload"], cwd=ROOT, env=env, preexec_fn=_die_with_parent)
        try:
            _wait_http(f"http://127.0.0.1:{chosen}/health", api)
            return api, chosen
        except SystemExit:
            if api.poll() is None:
                api.kill()
            if port or attempt == tries - 1:
                raise
    raise AssertionError("unreachable")


def _die_with_parent():
    """Linux: the API process gets SIGTERM if the runner dies, even by SIGKILL, so no server is left behind."""
    try:
        import ctypes
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def drain(stop: threading.Event, every: float = 30.0) -> None:
    """What Lambda's SQS trigger and the schedules do in AWS: feed queued jobs to the worker; now and then sweep
    lost jobs, publish the benchmark snapshot and rebuild the dashboard from it (so both are current within a
    minute of a submission, under the snapshot's minimum-change rule)."""
    import boto3

    from app import MAIL_QUEUE
    from chalicelib import jobs as worker
    from chalicelib import observability
    sqs = boto3.client("sqs")
    url = os.environ["MAIL_QUEUE_URL"]
    assert url.endswith("/" + MAIL_QUEUE)
    next_sweep = 0.0
    while not stop.is_set():
        try:
            if time.monotonic() >= next_sweep:
                next_sweep = time.monotonic() + every
                # each on its own, as each is its own function in AWS: a failing sync stops neither the others
                # nor the mail (its failure is logged and counted)
                for run in (worker.sweep, worker.daily, worker.snapshot, worker.sync_dashboard):
                    observability.start(None, event=run.__name__)
                    try:
                        run()  # daily is idempotent: each reminder is claimed before it is sent
                    except Exception as exc:
                        print(f"{run.__name__}: {type(exc).__name__}", flush=True)
            # a short poll, then a nap: the stand-in serves one request at a time, and a long poll would hold
            # every other call (the API's own) for its whole second
            page = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=1, WaitTimeSeconds=0,
                                       AttributeNames=["ApproximateReceiveCount"])
            if not page.get("Messages"):
                stop.wait(0.2)
            for m in page.get("Messages", []):
                observability.start(m.get("MessageId"), event="SQSEvent")
                try:
                    worker.handle_message(m["Body"], int(m["Attributes"]["ApproximateReceiveCount"]),
                                          m["ReceiptHandle"])
                except Exception:
                    continue  # logged by the worker; the queue retries it with backoff, then dead-letters it
                sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
        except Exception as exc:  # the stand-in is stopping, or a hiccup: keep the runner alive
            if not stop.is_set():
                print(f"queue drain: {exc}", flush=True)
                time.sleep(1)


def _local_secret(state_dir: Path, name: str) -> str:
    """A random secret of this local run, made once and kept under .local/ (so links survive a restart)."""
    import secrets
    path = state_dir / name
    if not path.exists():
        state_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(32) + "\n")
        path.chmod(0o600)
    return path.read_text().strip()


def _staff_token(state_dir: Path) -> str:
    """The local staff credential (send it as Authorization: Bearer <token>)."""
    return _local_secret(state_dir, "staff-token")


def main() -> int:
    import boto3

    from app import MAIL_QUEUE
    from chalicelib.adapters.dynamodb import ensure_table
    from chalicelib.adapters.sqs import ensure_queues
    from local.aws import LocalAws
    from local.mailbox import Mailbox

    state_dir = Path(os.environ.get("INTEGRA_LOCAL_DIR", ROOT / ".local"))
    port = int(os.environ.get("PORT", "8000"))  # 0: any free port (the tests' choice), named in the start line
    aws = LocalAws(state_dir, int(os.environ.get("AWS_PORT", "0"))).start()
    mailbox = Mailbox(state_dir / "mail").start()
    staff_token = _staff_token(state_dir)
    env = {**os.environ, **LOCAL_ENV, "AWS_ENDPOINT_URL": aws.url, "MAIL_TRANSPORT": "smtp",
           "STAFF_TOKENS": os.environ.get("STAFF_TOKENS") or f"local-staff:{staff_token}",
           # the console's stand-in sign-in: pick one of these addresses (Google's sign-in in AWS)
           "STAFF_SIGNIN": "local", "STAFF_ALLOWED": os.environ.get("STAFF_ALLOWED") or LOCAL_STAFF,
           # this run's own link key: the code never signs with a built-in one
           "LINK_SIGNING_KEY": os.environ.get("LINK_SIGNING_KEY") or _local_secret(state_dir, "link-key"),
           "RATE_LIMIT_PER_MINUTE": os.environ.get("RATE_LIMIT_PER_MINUTE", "1200"),
           # the metrics as one summary line a minute (each process its own), no X-Ray daemon to trace to
           "METRICS_OUTPUT": os.environ.get("METRICS_OUTPUT", "summary"), "POWERTOOLS_TRACE_DISABLED": "true",
           "DASHBOARD_XLSX": str(state_dir / "dashboard.xlsx"),
           "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(mailbox.port)}
    os.environ.update(env)
    os.environ["INTEGRA_ROLE"] = "worker"  # this process plays the queue trigger and the schedules; the API is "api"
    ensure_table(boto3.client("dynamodb"), env["INTEGRA_TABLE"])
    env["MAIL_QUEUE_URL"] = os.environ["MAIL_QUEUE_URL"] = ensure_queues(boto3.client("sqs"), MAIL_QUEUE)
    stop_drain = threading.Event()
    every = float(os.environ.get("INTEGRA_SYNC_SECONDS", "30"))
    drainer = threading.Thread(target=drain, args=(stop_drain, every), name="mail-queue", daemon=True)

    def stop(*_):
        raise KeyboardInterrupt

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):  # also when started with SIGINT ignored (`&`)
        signal.signal(sig, stop)
    api = None
    try:
        api, port = _start_api(env, port)
        drainer.start()
        print(f"Integra is running: API http://127.0.0.1:{port}  (local AWS {aws.url}, data in {state_dir}, "
              f"{aws.replayed} journal entries restored; e-mails go to {mailbox.folder}, the dashboard to "
              f"{env['DASHBOARD_XLSX']}; "
              f"staff console http://127.0.0.1:{port}/staff/, scripts' staff token in {state_dir / 'staff-token'}). "
              "Ctrl-C stops it.",
              flush=True)
        api.wait()
        return api.returncode or 0
    except KeyboardInterrupt:
        return 0
    finally:
        if api is not None and api.poll() is None:
            api.terminate()
            try:
                api.wait(timeout=5)
            except subprocess.TimeoutExpired:
                api.kill()
        stop_drain.set()
        if drainer.is_alive():
            drainer.join(timeout=5)
        mailbox.stop()
        aws.stop()


if __name__ == "__main__":
    sys.exit(main())
