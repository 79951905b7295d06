"""`make run`: the whole service on one machine with embedded stand-ins. No AWS account, no network.

Starts the local AWS stand-in (moto, durable under .local/), creates the table, then serves the API with
`chalice local` on 127.0.0.1:$PORT (default 8000). Ctrl-C stops everything it started.
"""
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
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


def _die_with_parent():
    """Linux: the API process gets SIGTERM if the runner dies, even by SIGKILL, so no server is left behind."""
    try:
        import ctypes
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def main() -> int:
    import boto3

    from chalicelib.adapters.dynamodb import ensure_table
    from local.aws import LocalAws

    state_dir = Path(os.environ.get("INTEGRA_LOCAL_DIR", ROOT / ".local"))
    port = int(os.environ.get("PORT", "8000"))
    aws = LocalAws(state_dir, int(os.environ.get("AWS_PORT", "0"))).start()
    env = {**os.environ, **LOCAL_ENV, "AWS_ENDPOINT_URL": aws.url}
    os.environ.update(env)
    ensure_table(boto3.client("dynamodb"), env["INTEGRA_TABLE"])

    chalice = Path(sys.executable).with_name("chalice")
    api = subprocess.Popen([str(chalice), "local", "--host", "127.0.0.1", "--port", str(port), "--stage", "local",
                            "--no-autoreload"], cwd=ROOT, env=env, preexec_fn=_die_with_parent)

    def stop(*_):
        raise KeyboardInterrupt

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):  # also when started with SIGINT ignored (`&`)
        signal.signal(sig, stop)
    try:
        _wait_http(f"http://127.0.0.1:{port}/health", api)
        print(f"Integra is running: API http://127.0.0.1:{port}  (local AWS {aws.url}, data in {state_dir}, "
              f"{aws.replayed} journal entries restored). Ctrl-C stops it.", flush=True)
        api.wait()
        return api.returncode or 0
    except KeyboardInterrupt:
        return 0
    finally:
        if api.poll() is None:
            api.terminate()
            try:
                api.wait(timeout=5)
            except subprocess.TimeoutExpired:
                api.kill()
        aws.stop()


if __name__ == "__main__":
    sys.exit(main())
