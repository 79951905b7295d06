"""Cold start: import time of the submit path vs. the floor `import chalice, boto3, pydantic`, same run.

Each sample is a fresh interpreter (what a Lambda cold start pays); medians of N samples; prints the ratio.
Target: submit path <= 1.25 x floor.
"""
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
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
    floor, submit = [], []
    for _ in range(N):  # interleave so machine noise hits both alike
        floor.append(sample(FLOOR))
        submit.append(sample(SUBMIT, HEAVY))
    f, s = statistics.median(floor), statistics.median(submit)
    print(f"cold start (median of {N} fresh interpreters)")
    print(f"  floor  import chalice, boto3, pydantic : {f * 1000:7.1f} ms")
    print(f"  submit path (app + handler imports)    : {s * 1000:7.1f} ms")
    print(f"  ratio submit / floor                   : {s / f:7.2f} x   (target <= 1.25 x)")


if __name__ == "__main__":
    main()
