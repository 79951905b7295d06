"""The mutation score of the last `make mutate`, per package: the share of checked mutants killed (a timeout
counts as killed: the mutant hung a test).

Reads mutmut's per-file results under mutants/ (exit code per mutant: 1 killed, 0 survived). Mutants no test
reaches count as survived: a line no test runs is a line no test guards.
Usage: python bench/mutation_score.py [--survivors]
"""
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATUS = {1: "killed", 3: "killed", 37: "killed", 0: "survived", 5: "no tests", 33: "no tests", None: "not run",
          34: "skipped", 36: "timeout", 24: "timeout", -24: "timeout", 152: "timeout", 255: "timeout"}


def results() -> tuple:
    """{package: Counter(status)} and the surviving mutants' names."""
    by_package: defaultdict = defaultdict(Counter)
    survivors: list = []
    for meta in sorted((ROOT / "mutants" / "chalicelib").rglob("*.py.meta")):
        for name, code in json.loads(meta.read_text())["exit_code_by_key"].items():
            status = STATUS.get(code, "suspicious")
            by_package[".".join(name.split(".")[:2])][status] += 1
            if status in ("survived", "no tests"):
                survivors.append(name)
    return by_package, survivors


def main() -> int:
    by_package, survivors = results()
    if not by_package:
        print("no results under mutants/: run `make mutate` first")
        return 1
    total: Counter = Counter()
    print("mutation score (killed / checked; 'no tests' counts as survived)")
    for package, counts in sorted(by_package.items()):
        total.update(counts)
        print(f"  {package:<22} {line(counts)}")
    print(f"  {'all':<22} {line(total)}")
    if "--survivors" in sys.argv:
        print("\n".join(survivors))
    return 0


def line(counts: Counter) -> str:
    checked = counts["killed"] + counts["survived"] + counts["no tests"] + counts["timeout"]
    score = 100 * (counts["killed"] + counts["timeout"]) / checked if checked else 0
    rest = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()) if k != "killed")
    return f"{score:5.1f} %  ({counts['killed']} killed of {checked}; {rest})"


if __name__ == "__main__":
    sys.exit(main())
