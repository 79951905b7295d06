"""Exact cohort statistics from counters: medians, percentile ranks, and subtraction back to zero."""
from datetime import UTC
from decimal import Decimal
from fractions import Fraction

from chalicelib import catalogue
from chalicelib.domain import aggregates as agg
from chalicelib.domain import scoring
from chalicelib.domain.benchmarks import for_company, published
from chalicelib.domain.cohorts import Cohort, all_for, fallback_for

CAT = catalogue.current()


def hist(*values):
    h = [0] * 101
    for v in values:
        h[v] += 1
    return h


def test_median_odd_even_and_empty():
    assert agg.median(hist(10, 50, 90)) == 50
    assert agg.median(hist(10, 50, 60, 90)) == 55
    assert agg.median(hist(70, 70)) == 70
    assert agg.median(hist()) is None


def test_percentile_rank_counts_ties_as_half():
    h = hist(10, 20, 30, 40)
    assert agg.percentile_rank(h, 25) == 50
    assert agg.percentile_rank(h, 35) == 75
    assert agg.percentile_rank(h, 30) == 63   # (2 + 0.5) / 4 = 62.5 -> 63 (halves round up)
    assert agg.percentile_rank(h, 100) == 100 and agg.percentile_rank(h, 0) == 0


def test_bucket_rounds_half_up():
    assert agg.bucket(Fraction(129, 2)) == 65 and agg.bucket(Fraction(1289, 20)) == 64


def _contrib(level):
    answers = {i: level for i in CAT.items}
    return agg.contribution(CAT, scoring.score(CAT, answers, "micro"), answers, {"B1": "never", "B6": ["cost"]})


def test_contribution_then_negation_nets_to_nothing():
    total = agg.combine(_contrib(3), _contrib(1), agg.negate(_contrib(3)))
    assert total == agg.combine(_contrib(1))
    assert agg.combine(total, agg.negate(_contrib(1))) == {}


def test_sums_are_exact_decimals():
    answers: dict = {i: 1 for i in CAT.items}
    answers.update({"1.1": 2, "1.3": "na"})  # D1 = 100·9/28, a repeating decimal
    c = agg.contribution(CAT, scoring.score(CAT, answers, "micro"), answers, {})
    assert isinstance(c["D1_s"], Decimal) and c["D1_s"] == Decimal("32.142857142857")
    many = agg.combine(*[c] * 7)
    assert agg.combine(many, *[agg.negate(c)] * 7) == {}


def _aggregate(levels):
    return agg.combine(*[_contrib(level) for level in levels])


AS_OF = "2026-06-01T12:00:00.000000Z"


def _entry(counters, as_of=AS_OF):
    """A published snapshot entry, as the store returns it."""
    return {"c": counters, "chg": int(counters.get("n", 0)), "as_of": as_of, "versions": [CAT.version]}


def test_published_requires_ten():
    cohort = Cohort()
    assert published(CAT, cohort, _entry(_aggregate([2] * 9)), "es") == {"suppressed": True, "n_min": 10}
    shown = published(CAT, cohort, _entry(_aggregate([1] * 5 + [3] * 5)), "en")
    assert shown["n"] == 10 and shown["overall"] == {"mean": 50, "median": 50} and shown["as_of"] == AS_OF
    assert "min" not in str(shown) and "max" not in str(shown)


def test_company_view_falls_back_and_excludes_itself():
    profile = {"state": "14", "size": "micro", "sector": "54"}
    triple, region_triple, size_sector = (c.key for c in fallback_for(profile)[:3])
    snap = {(2026, triple): _entry(_aggregate([2] * 4)), (2026, region_triple): _entry(_aggregate([2] * 4 + [4])),
            (2026, size_sector): _entry(_aggregate([1] * 7))}
    nobody = lambda *_: None  # noqa: E731
    result = for_company(CAT, fallback_for(profile), snap, nobody, 2026, Fraction(75), "es")
    assert (result["cohort"]["state"], result["cohort"]["sector"], result["n"]) == (None, "54", 5)
    assert result["cohort"]["label"] == \
        "Microempresas · Servicios profesionales, científicos y técnicos · región Centro-Norte"
    # 5 peers: the mean (60) and where the company stands; no median or percentile below 10 peers
    assert result["overall"] == {"mean": 60, "median": None} and result["percentile"] is None
    assert result["position"] == "above"  # 75 against 60: more than 5 points above
    # the company's own earlier assessment of the year is in the regional cohort: without it only 4 peers remain
    mine = lambda year, key, as_of: _contrib(4) if key == region_triple else None  # noqa: E731
    result = for_company(CAT, fallback_for(profile), snap, mine, 2026, Fraction(75), "es")
    assert result["n"] == 7 and result["cohort"]["state"] is None and result["as_of"] == AS_OF
    assert result["cohort"]["label"] == "Microempresas · Servicios profesionales, científicos y técnicos"
    assert for_company(CAT, fallback_for(profile), {}, nobody, 2026, Fraction(75), "en") == \
        {"suppressed": True, "n_min": 5}


def test_last_years_cohort_at_the_same_level_before_a_wider_one_labelled_with_its_year():
    profile = {"state": "14", "size": "micro", "sector": "54"}
    triple, region_triple = (c.key for c in fallback_for(profile)[:2])
    snap = {(2026, triple): _entry(_aggregate([2] * 3)), (2025, triple): _entry(_aggregate([1] * 6)),
            (2026, region_triple): _entry(_aggregate([3] * 8))}
    result = for_company(CAT, fallback_for(profile), snap, lambda *_: None, 2026, Fraction(40), "es")
    assert (result["year"], result["n"], result["cohort"]["state"]) == (2025, 6, "14")
    assert result["cohort"]["label"].endswith("· ciclo 2025, el más reciente con suficientes empresas comparables")
    english = for_company(CAT, fallback_for(profile), snap, lambda *_: None, 2026, Fraction(40), "en")
    assert english["cohort"]["label"].endswith("· 2025 cycle, the latest with enough comparable companies")


def test_all_cohorts_cover_every_fallback():
    profile = {"state": "09", "size": "mediana", "sector": "31-33"}
    assert {c.key for c in fallback_for(profile)} <= {c.key for c in all_for(profile)}
    assert len({c.key for c in all_for(profile)}) == 11
    assert all(c.size == "mediana" for c in fallback_for(profile))  # never across sizes


class _Published:
    """The store's published-snapshot read, over a dict {key: counters} (one year, the current version)."""

    def __init__(self, by_key):
        self.by_key = by_key

    def published(self, year=None, version=None, prefix=""):
        return {(year, version, k): _entry(v) for k, v in self.by_key.items() if k.startswith(prefix)}


def _store_of(companies: list) -> _Published:
    """Aggregates of companies given as (state, level), all small professional-services firms."""
    by_key: dict = {}
    for state, level in companies:
        profile = {"state": state, "size": "pequena", "sector": "54"}
        for c in all_for(profile):
            if c.detailed:
                by_key[c.key] = agg.combine(by_key.get(c.key, {}), agg.for_cohort(_contrib(level), True))
    return _Published(by_key)


def test_national_minus_the_shown_states_never_isolates_fewer_than_ten():
    from datetime import datetime

    from chalicelib.api.queries import benchmark_query
    from chalicelib.services import benchmarks
    now = datetime(2026, 6, 1, tzinfo=UTC)
    store = _store_of([("14", 3)] * 12 + [("09", 2)] * 10 + [("19", 1)] * 3 + [("21", 4)] * 2)

    def read(store, params, lang, now):
        year, version, cohort = benchmark_query(params, lang, now)
        return benchmarks.read(store, year, version, cohort, lang)
    national = read(store, {}, "es", now)
    assert national["n"] == 27 and isinstance(national["overall"]["mean"], int)
    shown = {s: read(store, {"state": s}, "es", now) for s in ("14", "09", "19", "21")}
    assert shown["14"]["n"] == 12
    # 19 and 21 (5 companies) are under 10, and 09 goes with them: 15 hidden, never a group of 5
    assert all(shown[s] == {"suppressed": True, "n_min": 10} for s in ("09", "19", "21"))
    hidden = national["n"] - sum(b["n"] for b in shown.values() if "n" in b)
    assert hidden == 0 or hidden >= 10


def test_the_risk_profile_enters_the_wide_cohorts_and_crosses_the_bribe_requests():
    from chalicelib.domain import versions
    answers = {i: 2 for i in CAT.items}
    scores = scoring.score(CAT, answers, "pequena")
    profile = {"uses_intermediaries": True, "gov_revenue_share": "1-25", "needs_permits": None, "name": "Acme"}
    c = agg.contribution(CAT, scores, answers, {"B1": "often", "B6": ["paperwork"]}, profile)
    assert c["p_uses_intermediaries_true"] == 1 and c["p_gov_revenue_share_1-25"] == 1
    assert not any("needs_permits" in k or "Acme" in k for k in c)  # unanswered, and never a name
    assert c["bp_uses_intermediaries_true_B1_often"] == c["bp_gov_revenue_share_1-25_B1_n"] == 1
    assert not any(k.startswith("bp_") and "_B6_" in k for k in c)  # only the bribe-request questions are crossed
    assert not any(k.startswith(("p_", "bp_")) for k in agg.for_cohort(c, detailed=False))
    # the same questions in every version: kept across versions; the crossing only where barriers compare
    mapping = {"overall": False, "barriers": False, "items_from": {}, "dimensions_from": {}}
    kept = versions.translate(c, mapping)
    assert kept["p_uses_intermediaries_true"] == 1 and not any(k.startswith("bp_") for k in kept)
