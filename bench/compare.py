"""What every ratio bench does: measure a floor and the thing itself, interleaved so machine noise hits both
alike, then print both medians and their ratio."""
import statistics


def interleaved(n: int, *measures) -> list:
    """Run each measure n times, taking turns; returns each one's results in a list."""
    results: list = [[] for _ in measures]
    for _ in range(n):
        for out, measure in zip(results, measures, strict=True):
            out.append(measure())
    return results


def report(title: str, floor_label: str, floor: float, label: str, value: float, target: float | None = None,
           unit: str = "ms", scale: float = 1000) -> float:
    """Both medians (seconds, shown in `unit`) and the ratio, with labels aligned. Returns the ratio."""
    width = max(len(floor_label) + 7, len(label) + 2, 7)
    print(title)
    print(f"  {'floor  ' + floor_label:<{width}} : {floor * scale:7.1f} {unit}")
    print(f"  {label:<{width}} : {value * scale:7.1f} {unit}")
    goal = f"   (target <= {target:g} x)" if target is not None else ""
    print(f"  {'ratio':<{width}} : {value / floor:7.2f} x{goal}")
    return value / floor


def enforce(measure, target: float, tries: int = 3) -> None:
    """`--check`: exit 1 when the ratio `measure()` returns misses `target` on every one of `tries` runs (a miss
    on a busy machine is measured again; a real regression misses every time)."""
    import sys
    for attempt in range(1, tries + 1):
        ratio = measure()
        if ratio <= target:
            print(f"  check: {ratio:.2f} x <= {target:g} x (run {attempt})")
            return
        print(f"  check: {ratio:.2f} x > {target:g} x on run {attempt} of {tries}")
    sys.exit(1)


def medians(*runs) -> list:
    return [statistics.median(r) for r in runs]
