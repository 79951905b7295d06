"""Peer benchmarks from cohort aggregates: the company's view (>= 5 others, with fallback) and the published view.

Means and medians are whole numbers. A company sees medians and its percentile only among 10 or more peers;
with fewer it sees the mean and where it stands (below, close to, above; close is within 5 points).
"""
from .aggregates import count, histogram, mean, median, minus, percentile_rank
from .suppression import PEER_MIN, PUBLISHED_MIN, rounded, shown, suppressed

CLOSE = 5  # points either side of the peer mean that count as "close to it"


def figures(catalogue, aggregate: dict, k: int, with_median: bool = True, hidden_dims=()) -> dict:
    """Mean (and median) overall and per dimension; a dimension with fewer than k scores, or hidden by
    complementary suppression, is suppressed."""
    def pair(prefix):
        out = {"mean": rounded(mean(aggregate, prefix))}
        out["median"] = rounded(median(histogram(aggregate, prefix))) if with_median else None
        return out

    dims = {dim.id: pair(dim.id) if shown(count(aggregate, dim.id), k) and dim.id not in hidden_dims
            else suppressed(k) for dim in catalogue.dimensions}
    return {"overall": pair("o"), "dimensions": dims}


def position(overall, peer_mean) -> str | None:
    if overall is None or peer_mean is None:
        return None
    difference = float(overall) - peer_mean
    return "close" if abs(difference) <= CLOSE else ("above" if difference > 0 else "below")


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
            detailed = shown(n, PUBLISHED_MIN)  # medians and percentiles only among 10 or more
            result = {"cohort": cohort.public(lang), "n": n, **figures(catalogue, peers, k, with_median=detailed)}
            result["percentile"] = percentile_rank(histogram(peers, "o"), overall) \
                if detailed and overall is not None else None
            result["position"] = position(overall, mean(peers, "o"))
            return result
    return suppressed(k)


def published(catalogue, cohort, aggregate: dict, lang: str, k: int = PUBLISHED_MIN, hidden: bool = False,
              hidden_dims=()) -> dict:
    n = count(aggregate)
    if hidden or not shown(n, k):
        return suppressed(k)
    return {"cohort": cohort.public(lang), "n": n, **figures(catalogue, aggregate, k, hidden_dims=hidden_dims)}
