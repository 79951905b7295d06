"""Peer benchmarks from published snapshots: the company's view (>= 5 others, with fallback) and the public view.

Means and medians are whole numbers. A company sees medians and its percentile only among 10 or more peers;
with fewer it sees the mean and where it stands (below, close to, above; close is within 5 points).
"""
from .aggregates import count, histogram, mean, median, minus, percentile_rank
from .suppression import PEER_MIN, PUBLISHED_MIN, rounded, shown, suppressed
from .versions import translate

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


UNKNOWN = object()  # the company's part in a cohort's figures cannot be told: that cohort is not used


def contribution_at(company_year: dict | None, key: str, as_of: str, sources: dict):
    """What the company had in cohort ``key`` when its published figures were taken (``as_of``): the assessment
    current then, in the snapshot's version's terms (``sources``: version -> mapping), or None.

    The company-year record keeps the contributions it replaced (``history``, with their times), so a
    replacement after the snapshot still takes out the one the figures hold."""
    if not company_year:
        return None
    entries = list(company_year.get("history") or []) + [{
        "from": company_year.get("applied_at", ""), "until": None, "cohorts": company_year["cohorts"],
        "version": company_year.get("questionnaire_version"), "contribution": company_year["contribution"]}]
    if company_year.get("history_truncated") and as_of < entries[0]["from"]:
        return UNKNOWN
    for entry in entries:
        if entry["from"] <= as_of and (entry["until"] is None or as_of < entry["until"]):
            if key not in entry["cohorts"] or entry["version"] not in sources:
                return None
            return translate(entry["contribution"], sources[entry["version"]])
    return None


def for_company(catalogue, cohorts, published: dict, own, year: int, overall, lang: str,
                k: int = PEER_MIN) -> dict:
    """The first published cohort in fallback order with at least k other companies; at each level this year's
    figures, else last year's (labelled with that year). Never the live counters.

    ``published``: (year, cohort key) -> snapshot entry; ``own(year, key, as_of)``: the company's contribution
    in those figures (None when it is not in them): a company is never its own peer.
    """
    for cohort in cohorts:
        for cycle in (year, year - 1):
            entry = published.get((cycle, cohort.key))
            mine = own(cycle, cohort.key, entry["as_of"]) if entry else None
            if not entry or mine is UNKNOWN:
                continue
            peers = minus(entry["c"], mine)
            n = count(peers)
            if not shown(n, k):
                continue
            detailed = shown(n, PUBLISHED_MIN)  # medians and percentiles only among 10 or more
            result = {"cohort": cohort.public(lang, None if cycle == year else cycle), "n": n,
                      **figures(catalogue, peers, k, with_median=detailed)}
            result["percentile"] = percentile_rank(histogram(peers, "o"), overall) \
                if detailed and overall is not None else None
            # from the whole-number mean shown, never the exact one: a probe must learn nothing more
            result["position"] = position(overall, result["overall"]["mean"])
            result.update(year=cycle, as_of=entry["as_of"])
            return result
    return suppressed(k)


def awaiting() -> dict:
    """A pending submission's comparison: none until it is confirmed. Anyone may send one, as often as they
    like, with any answers; each comparison would be a free probe of the peers' figures."""
    return {**suppressed(PEER_MIN), "reason": "pending_confirmation"}


def published(catalogue, cohort, entry: dict | None, lang: str, k: int = PUBLISHED_MIN, hidden: bool = False,
              hidden_dims=()) -> dict:
    """A published cohort (a snapshot entry), or why it is hidden."""
    aggregate = entry["c"] if entry else {}
    n = count(aggregate)
    if hidden or not shown(n, k):
        return suppressed(k)
    return {"cohort": cohort.public(lang), "n": n, **figures(catalogue, aggregate, k, hidden_dims=hidden_dims),
            "as_of": entry["as_of"] if entry else None}
