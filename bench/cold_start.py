"""Cold start: import time of the submit path vs. the floor `import chalice, boto3, pydantic`, same run.

Each sample is a fresh interpreter (what a Lambda cold start pays); medians of N samples; prints the ratio.
Target: submit path <= 1.25 x floor.
"""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.compare import interleaved, medians, report  # noqa: E402

N = 9

FLOOR = "import chalice, boto3, pydantic"
# What a POST /assessments invocation imports: app.py plus the handler's lazy imports.
SUBMIT = ("import app, botocore.session; from chalicelib.api import validation, schemas; "
          "from chalicelib.services import assessments; from chalicelib.adapters import dynamodb")
HEAVY = ("openpyxl", "gspread", "google.auth", "moto", "boto3")


def sample(code: str, forbidden=()) -> float:
    probe = (f"import time, sys; t = time.perf_counter(); {code}; d = time.perf_counter() - t; "
             f"print(d, *[m for m in {tuple(forbidden)!r} if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    seconds, *heavy = out.stdout.split()
    if heavy:
        raise SystemExit(f"heavy modules on the submit path: {heavy}")
    return float(seconds)


def main():
    f, s = medians(*interleaved(N, lambda: sample(FLOOR), lambda: sample(SUBMIT, HEAVY)))
    report(f"cold start (median of {N} fresh interpreters)", FLOOR, f, "submit path (app + handler imports)", s,
           target=1.25)


if __name__ == "__main__":
    main()
