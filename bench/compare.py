"""What every ratio bench does: measure a floor and the thing itself, interleaved so machine noise hits both
alike, then print both medians and their ratio."""
import statistics


def interleaved(n: int, *measures) -> list:
    """Run each measure n times, taking turns; returns each one's results in a list."""
    results = [[] for _ in measures]
    for _ in range(n):
        for out, measure in zip(results, measures):
            out.append(measure())
    return results


def report(title: str, floor_label: str, floor: float, label: str, value: float, target: float | None = None,
           unit: str = "ms", scale: float = 1000) -> None:
    """Both medians (seconds, shown in `unit`) and the ratio, with labels aligned."""
    width = max(len(floor_label) + 7, len(label) + 2, 7)
    print(title)
    print(f"  {'floor  ' + floor_label:<{width}} : {floor * scale:7.1f} {unit}")
    print(f"  {label:<{width}} : {value * scale:7.1f} {unit}")
    goal = f"   (target <= {target:g} x)" if target is not None else ""
    print(f"  {'ratio':<{width}} : {value / floor:7.2f} x{goal}")


def medians(*runs) -> list:
    return [statistics.median(r) for r in runs]
