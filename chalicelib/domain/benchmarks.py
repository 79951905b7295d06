"""Peer benchmarks from cohort aggregates: the company's view (>= 5 others, with fallback) and the published view."""
from .aggregates import count, histogram, mean, median, minus, percentile_rank
from .suppression import PEER_MIN, PUBLISHED_MIN, shown, suppressed


def figures(catalogue, aggregate: dict, k: int) -> dict:
    """Mean and median overall and per dimension; a dimension with fewer than k scores is suppressed."""
    dims = {}
    for dim in catalogue.dimensions:
        if shown(count(aggregate, dim.id), k):
            dims[dim.id] = {"mean": mean(aggregate, dim.id), "median": median(histogram(aggregate, dim.id))}
        else:
            dims[dim.id] = suppressed(k)
    return {"overall": {"mean": mean(aggregate, "o"), "median": median(histogram(aggregate, "o"))},
            "dimensions": dims}


def for_company(catalogue, cohorts, aggregates: dict, previous: dict, overall, lang: str, k: int = PEER_MIN) -> dict:
    """The first cohort in fallback order with at least k other companies.

    ``aggregates`` are read before this submission is written, so they never hold it; ``previous`` maps the
    cohort keys that still hold this company's earlier assessment of the year to that contribution, which is
    taken out too: a company is never its own peer.
    """
    for cohort in cohorts:
        peers = minus(aggregates.get(cohort.key, {}), previous.get(cohort.key))
        n = count(peers)
        if shown(n, k):
            result = {"cohort": cohort.public(lang), "n": n, **figures(catalogue, peers, k)}
            result["percentile"] = None if overall is None else percentile_rank(histogram(peers, "o"), overall)
            return result
    return suppressed(k)


def published(catalogue, cohort, aggregate: dict, lang: str, k: int = PUBLISHED_MIN) -> dict:
    n = count(aggregate)
    if not shown(n, k):
        return suppressed(k)
    return {"cohort": cohort.public(lang), "n": n, **figures(catalogue, aggregate, k)}
