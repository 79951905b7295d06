"""Cohort aggregates: what one assessment adds to a cohort, and exact statistics read back from the sums.

An aggregate is a flat mapping of counter name -> number. Adding an assessment adds its contribution;
replacing it subtracts the old one. Scores go in as fixed-point decimals so sums subtract back exactly;
histograms of integer-rounded scores give exact integer medians and percentile ranks.
"""
from decimal import Decimal
from fractions import Fraction
from math import floor

_PLACES = Decimal("1e-12")
UNSURE_MAX = Fraction(1, 5)  # an assessment with more "No sé" answers than this enters no benchmark


def fixed(value: Fraction) -> Decimal:
    """A score as a fixed-point decimal: the stored, summable form of 'full precision'."""
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(_PLACES)


def bucket(value) -> int:
    """Integer bucket of a 0–100 score, rounding halves up."""
    return floor(Fraction(value) + Fraction(1, 2))


def unsure(scores, answers: dict) -> bool:
    """More than 20 % of the answers are "No sé": scored for the company, too uncertain to compare with."""
    return bool(answers) and Fraction(len(scores.unknown_items), len(answers)) > UNSURE_MAX


# the risk profile's questions that bribe requests are crossed with, for the dashboard: who meets officials
CROSSED = ("uses_intermediaries", "needs_permits", "imports_exports", "gov_revenue_share")


def _profile(catalogue, profile: dict, barriers: dict) -> dict:
    """The risk-profile answers (``p_<question>_<answer>``) and the bribe-request answers by them
    (``bp_<question>_<answer>_<barrier>_<option>`` and ``…_n``), for the dashboard's cross-tabs."""
    c: dict = {}
    answered = {q["id"]: str(profile[q["id"]]).lower() for q in catalogue.profile if profile.get(q["id"]) is not None}
    for question, answer in answered.items():
        c[f"p_{question}_{answer}"] = 1
    requests = [q["id"] for q in catalogue.barriers if q.get("topic") == "bribe_requests" and q["id"] in barriers]
    for question in (q for q in CROSSED if q in answered):
        for barrier in requests:
            value = barriers[barrier]
            head = f"bp_{question}_{answered[question]}_{barrier}"
            c[f"{head}_n"] = 1
            for option in (value if isinstance(value, list) else [value]):
                c[f"{head}_{option}"] = 1
    return c


def contribution(catalogue, scores, answers: dict, barriers: dict, profile: dict | None = None) -> dict:
    """What one assessment adds to a cohort. ``profile``: the company's risk-profile answers (None: not asked)."""
    if unsure(scores, answers):
        return {"unsure": 1}  # counted (the dashboard shows the share), compared with nothing
    c: dict = {"n": 1}
    if scores.overall is not None:
        c.update({"o_n": 1, "o_s": fixed(scores.overall), f"o_h{bucket(scores.overall)}": 1,
                  f"band{scores.band}": 1})
    if scores.capped_by:
        c["capped"] = 1
    for dim in scores.dimensions:
        if not dim.insufficient:
            c.update({f"{dim.id}_n": 1, f"{dim.id}_s": fixed(dim.score), f"{dim.id}_h{bucket(dim.score)}": 1})
    for element, met in scores.art25.items():
        if met:
            c[f"art_{element}"] = 1
    if scores.art25_states:  # how many of the seven are implemented: the x of the x/7 a company sees
        c[f"art7_{sum(1 for state in scores.art25_states.values() if state == 'implemented')}"] = 1
    for item_id, answer in answers.items():
        c[f"i_{item_id}_{answer}"] = 1
    for question_id, value in barriers.items():
        c[f"b_{question_id}_n"] = 1
        for option in (value if isinstance(value, list) else [value]):
            c[f"b_{question_id}_{option}"] = 1
    c.update(_profile(catalogue, profile or {}, barriers))
    return c


def change(earlier: dict | None, scores, comparable: bool) -> dict:
    """What a re-assessment adds to the programme's impact figures, against the company's record of the year
    before (``comparable``: on the same questionnaire, or one whose overall score is declared comparable):
    ``re_n`` companies, ``re_s`` the sum of their overall change, ``re_up`` those that improved, and the change
    in implemented Art. 25 elements (``re_a_n``, ``re_a_s``) where both years recorded it."""
    if not earlier or not comparable or earlier.get("overall") is None or scores.overall is None:
        return {}
    delta = Fraction(scores.overall) - Fraction(str(earlier["overall"]))
    out = {"re_n": 1, "re_s": fixed(delta)}
    if delta > 0:
        out["re_up"] = 1
    before = [int(k[5:]) for k, v in (earlier.get("contribution") or {}).items() if k.startswith("art7_") and v]
    if before and scores.art25_states:
        now = sum(1 for state in scores.art25_states.values() if state == "implemented")
        out.update(re_a_n=1, re_a_s=now - before[0])
    return out


# Counters only the national and single-dimension cohorts keep (the dashboard's item, barrier and band tables);
# pairs, the triple and region × size keep score counters only, which is all a benchmark reads.
_DETAIL = ("i_", "b_", "art_", "art7_", "band", "capped", "unsure", "p_", "bp_", "re_")


def for_cohort(contrib: dict, detailed: bool) -> dict:
    return contrib if detailed else {k: v for k, v in contrib.items() if not k.startswith(_DETAIL)}


def changed(delta: dict) -> dict:
    """A delta that also counts one contribution entered, left or changed (``chg``): a snapshot republishes a
    cohort only after enough of them. Only a change of what the figures are made of counts: a replacement with
    the same answers, or an assessment left out for its "No sé" answers, moves nothing and so counts nothing
    (else anyone could trigger a republication by repeating themselves)."""
    if not any(k not in ("unsure", "chg") for k in delta):
        return delta
    return {**delta, "chg": delta.get("chg", 0) + 1}


def negate(contrib: dict) -> dict:
    return {k: -v for k, v in contrib.items()}


def combine(*deltas: dict) -> dict:
    """Sum several deltas for one aggregate, dropping counters that net to zero."""
    total: dict = {}
    for delta in deltas:
        for k, v in delta.items():
            total[k] = total.get(k, 0) + v
    return {k: v for k, v in total.items() if v != 0}


def minus(aggregate: dict, contrib: dict | None) -> dict:
    return combine(aggregate, negate(contrib)) if contrib else dict(aggregate)


def histogram(aggregate: dict, prefix: str) -> list:
    return [int(aggregate.get(f"{prefix}_h{b}", 0)) for b in range(101)]


def median(hist: list) -> float | None:
    n = sum(hist)
    if n == 0:
        return None
    wanted = [(n - 1) // 2, n // 2]   # the middle one or two positions
    values, seen = [], 0
    for value, count in enumerate(hist):
        while wanted and wanted[0] < seen + count:
            values.append(value)
            wanted.pop(0)
        seen += count
    return sum(values) / 2


def percentile_rank(hist: list, value) -> int | None:
    """Share of the histogram below the value, counting ties as half, 0–100."""
    n = sum(hist)
    if n == 0:
        return None
    b = bucket(value)
    below = sum(hist[:b])
    return bucket(100 * (below + Fraction(hist[b], 2)) / n)


def mean(aggregate: dict, prefix: str) -> float | None:
    n = int(aggregate.get(f"{prefix}_n", 0))
    return float(Decimal(aggregate.get(f"{prefix}_s", 0)) / n) if n else None


def count(aggregate: dict, prefix: str = "o") -> int:
    return int(aggregate.get(f"{prefix}_n", 0))
