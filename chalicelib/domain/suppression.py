"""Small-cell suppression: one rule for every figure that leaves the system."""

PEER_MIN = 5        # a company sees a cohort figure only with at least 5 *other* companies in it
PUBLISHED_MIN = 10  # published or staff-shared cells (GET /benchmarks, dashboard, reports)


def shown(n: int, k: int) -> bool:
    return n >= k


def suppressed(k: int) -> dict:
    return {"suppressed": True, "n_min": k}


def complementary(ns: list, k: int) -> list:
    """Which cells of one partition (say, the states in a year) to hide, given their n and a published total.

    Every cell under k is hidden. If exactly one non-empty cell is hidden, the published total minus the shown
    cells would give it away, so the smallest shown cell is hidden too.
    """
    hidden = [0 < n < k for n in ns]
    if sum(hidden) == 1:
        shown_cells = [(n, i) for i, n in enumerate(ns) if n >= k]
        if shown_cells:
            hidden[min(shown_cells)[1]] = True
    return hidden
