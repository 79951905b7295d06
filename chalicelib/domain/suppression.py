"""Small-cell suppression: one rule for every figure that leaves the system."""

PEER_MIN = 5        # a company sees a cohort figure only with at least 5 *other* companies in it
PUBLISHED_MIN = 10  # published or staff-shared cells (GET /benchmarks, dashboard, reports)


def shown(n: int, k: int) -> bool:
    return n >= k


def suppressed(k: int) -> dict:
    return {"suppressed": True, "n_min": k}
