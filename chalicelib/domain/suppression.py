"""Small-cell suppression: one rule for every figure that leaves the system."""

PEER_MIN = 5        # a company sees a cohort figure only with at least 5 *other* companies in it
PUBLISHED_MIN = 10  # published or staff-shared cells (GET /benchmarks, dashboard, reports)


def shown(n: int, k: int) -> bool:
    return n >= k


def suppressed(k: int) -> dict:
    return {"suppressed": True, "n_min": k}


def complementary(ns: list, k: int) -> list:
    """Which cells of one partition (say, the states in a year) to hide, given their n and a published total.

    Every cell under k is hidden. The hidden cells must then hold no company at all or at least k together:
    otherwise the total minus the shown cells would give a group of fewer than k away. So the smallest shown
    cells are hidden too, one by one, until they do.
    """
    hidden = [0 < n < k for n in ns]
    shown_cells = sorted((n, i) for i, n in enumerate(ns) if n >= k)
    while 0 < sum(n for n, h in zip(ns, hidden, strict=True) if h) < k and shown_cells:
        hidden[shown_cells.pop(0)[1]] = True
    return hidden


def joint(vectors: list, k: int, residual: list | None = None) -> list:
    """One hiding pattern for the cells of a partition, whatever count each figure is over (companies, answers
    to an item, those exposed to a procedure...): in every vector, the hidden cells hold no one or at least k.

    ``vectors``: one count per cell each. ``residual``: per vector, what the published total holds beyond the
    listed cells (a cohort never published, those who gave no profile answer): never shown, so it counts as
    hidden from the start, and the smallest shown cells are hidden with it until the rule holds."""
    cells = len(vectors[0]) if vectors else 0
    rest = list(residual) if residual else [0] * len(vectors)
    hidden = [any(0 < v[i] < k for v in vectors) for i in range(cells)]
    changed = True
    while changed:
        changed = False
        for v, extra in zip(vectors, rest, strict=True):
            held = extra + sum(v[i] for i in range(cells) if hidden[i])
            if 0 < held < k:
                shown = sorted((v[i], i) for i in range(cells) if not hidden[i] and v[i] > 0)
                if shown:
                    hidden[shown[0][1]] = True
                    changed = True
    return hidden


def rounded(value):
    """Published means and medians are whole numbers (0-100): less to take apart, nothing lost to a reader. The
    one rounding rule of every score shown (domain.scoring.shown)."""
    from .scoring import shown
    return shown(value)
