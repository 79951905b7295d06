"""Peer figures that cannot be taken apart, on plain data: the domain and the snapshot use case on the fake
store. Published snapshots, minimum change, rounding, a company's own view without itself, versions kept apart,
uncertain assessments left out. The attacks of the security review (F3) are reproduced and shown to fail; the
same rules through the HTTP API are in tests/integration/test_snapshots.py.
"""
from datetime import UTC
from fractions import Fraction

import pytest

from chalicelib import catalogue
from chalicelib.domain import aggregates as agg
from chalicelib.domain import benchmarks, scoring, snapshot, versions
from chalicelib.domain.cohorts import all_for, fallback_for
from chalicelib.services import snapshots
from chalicelib.services.errors import SnapshotRunning
from tests.fakes import FakeStore

CAT = catalogue.current()
V = CAT.version
PROFILE = {"state": "14", "size": "pequena", "sector": "54"}


def contribution(level=2, **over):
    answers = {i: level for i in CAT.items}
    answers.update(over)
    return agg.contribution(CAT, scoring.score(CAT, answers, "pequena"), answers, {})


class Aggregates(FakeStore):
    """The fake store, with what a confirmed assessment (or its withdrawal) does to the live counters."""

    def __init__(self):
        super().__init__()
        self.reads = 0

    def add(self, contrib, profile=PROFILE, year=2026, version=V, sign=1):
        """What a confirmed assessment (sign 1) or its withdrawal (-1, an ARCO block) does to the counters."""
        for cohort in all_for(profile):
            delta = agg.for_cohort(contrib, cohort.detailed)
            delta = agg.changed(delta if sign > 0 else agg.negate(delta))
            key = (year, version, cohort.key)
            self.live[key] = agg.combine(self.live.get(key, {}), delta)

    def aggregate_items(self):
        self.reads += 1
        return super().aggregate_items()

    @property
    def entries(self) -> dict:
        return self.published_entries

    @property
    def lease(self):
        return self.run.get("lease_until")

    @lease.setter
    def lease(self, until):
        if until is None:
            self.run.pop("lease_until", None)
        else:
            self.run["lease_until"] = until

    def national(self, year=2026, version=V):
        return self.entries.get((year, version, "national"))


def take(store, minutes=0, min_change=5):
    from datetime import datetime
    return snapshots.take(store, datetime(2026, 6, 15, 12, minutes, tzinfo=UTC), min_change)


# ---- on plain data ----

def test_figures_do_not_move_after_one_to_four_changes_and_move_after_the_fifth():
    store = Aggregates()
    for _ in range(12):
        store.add(contribution(2))
    take(store)
    first = store.national()
    assert agg.count(first["c"]) == 12
    for n in range(1, 5):  # one, two, three, four newcomers: the published figures stay as they were
        store.add(contribution(4))
        take(store, minutes=n)
        assert store.national() == first, n
    store.add(contribution(4))
    take(store, minutes=5)
    assert agg.count(store.national()["c"]) == 17 and store.national()["as_of"] > first["as_of"]


def test_an_arco_block_is_a_change_like_any_other():
    store = Aggregates()
    for level in [2] * 10 + [4]:
        store.add(contribution(level))
    take(store)
    published = store.national()
    store.add(contribution(4), sign=-1)  # n 11 -> 10: before and after would give the blocked company away
    take(store, minutes=1)
    assert store.national() == published
    for _ in range(4):
        store.add(contribution(3))
    take(store, minutes=2)
    assert agg.count(store.national()["c"]) == 14


def test_the_snapshot_reads_once_and_writes_only_what_changed():
    store = Aggregates()
    for _ in range(6):
        store.add(contribution(2))
    run = take(store)
    assert store.reads == 1 and run["published"] == len(all_for(PROFILE))
    assert take(store, minutes=1)["published"] == 0 and store.reads == 2


def test_one_snapshot_at_a_time_and_a_failed_one_frees_the_next():
    store = Aggregates()
    store.lease = "2026-06-15T12:05:00.000000Z"  # another run holds it until then
    with pytest.raises(SnapshotRunning):
        take(store)
    assert store.reads == 0
    store.lease = None
    store.aggregate_items = lambda: 1 / 0  # type: ignore[method-assign]  # the read fails half-way
    with pytest.raises(ZeroDivisionError):
        take(store)
    assert store.lease is None  # the next run need not wait for the lease to run out


def test_position_follows_the_mean_shown_never_the_exact_one():
    """A probe sending chosen scores learns from "below / close / above" only what the whole-number mean says."""
    store = Aggregates()
    for level in (1, 2, 2, 2, 3):  # exact mean 50.0 for these; shift one by a little to move it off the integer
        store.add(contribution(level))
    store.add(contribution(2, **{"1.3": 3}), sign=1)
    take(store)
    published = {(y, k): e for (y, v, k), e in store.entries.items()}
    view = lambda x: benchmarks.for_company(CAT, fallback_for(PROFILE), published, lambda *_: None, 2026,  # noqa
                                            x, "es")
    shown = view(Fraction(0))["overall"]["mean"]
    assert shown == 50  # the exact mean is 50.0625
    assert view(Fraction(5500, 100))["position"] == "close"    # 55 - 50 = 5: close, whatever the decimals
    assert view(Fraction(55001, 1000))["position"] == "above"  # just past 5 points above the shown 50


def test_repeating_oneself_republishes_nothing():
    """The same answers again, or an assessment left out for its "No sé" answers, changes no figure and so
    counts as no change: nobody can force a republication without changing what the figures are made of."""
    from chalicelib.services.assessments import _deltas
    mine = all_for(PROFILE)
    same = {"cohorts": [c.key for c in mine], "contribution": contribution(2), "questionnaire_version": V}
    assert _deltas(V, mine, contribution(2), same) == {}
    unsure = {i: ("unknown" if n <= len(CAT.items) // 5 else 3) for n, i in enumerate(CAT.items)}
    left_out = agg.contribution(CAT, scoring.score(CAT, unsure, "pequena"), unsure, {})
    assert all("chg" not in d for d in _deltas(V, mine, left_out, None).values())
    assert all(d["chg"] == 1 for d in _deltas(V, mine, contribution(3), same).values())


def test_five_fakes_and_one_real_company_never_give_the_real_score_away():
    """Five fakes answering 0 everywhere, one real company: every figure each fake is shown is the same for two
    real companies whose scores differ, so the real score never follows from them (rounded means, no median
    or percentile under 10 peers; n × mean is off by up to 2.5 points)."""
    fake = contribution(0)

    def views(real):
        store = Aggregates()
        for _ in range(5):
            store.add(fake)
        store.add(real)
        take(store)
        published = {(y, k): e for (y, v, k), e in store.entries.items()}
        return [benchmarks.for_company(CAT, fallback_for(PROFILE), published,
                                       lambda y, k, as_of: fake, 2026, Fraction(0), "es") for _ in range(5)]

    a, b = {"1.3": 3}, {"1.1": 3}  # one answer better than "2 everywhere": a small item, or a core one
    real_a, real_b = contribution(2, **a), contribution(2, **b)
    score_a, score_b = (scoring.score(CAT, {**{i: 2 for i in CAT.items}, **over}, "pequena").overall for over in (a, b))
    assert (score_a, score_b) == (Fraction(403, 8), Fraction(203, 4))  # 50.375 and 50.75
    seen_a, seen_b = views(real_a), views(real_b)
    assert seen_a == seen_b  # what the fakes see cannot tell the two apart
    shown = seen_a[0]
    assert shown["n"] == 5 and shown["overall"]["median"] is None and shown["percentile"] is None
    assert all(isinstance(v["mean"], int) for v in [shown["overall"], *shown["dimensions"].values()] if "mean" in v)


def test_a_company_is_not_its_own_peer_even_after_replacing_since_the_snapshot():
    """The figures hold the company's earlier assessment; its replacement since must take out that one."""
    year = {"cohorts": [c.key for c in all_for(PROFILE)], "questionnaire_version": V,
            "contribution": contribution(4), "applied_at": "2026-06-15T13:00:00.000000Z",
            "history": [{"from": "2026-06-01T00:00:00.000000Z", "until": "2026-06-15T13:00:00.000000Z",
                         "cohorts": [c.key for c in all_for(PROFILE)], "version": V,
                         "contribution": agg.for_cohort(contribution(1), False)}]}
    sources = {V: None}
    taken_before, taken_after = "2026-06-10T00:00:00.000000Z", "2026-06-16T00:00:00.000000Z"
    assert benchmarks.contribution_at(year, "national", taken_before, sources)["o_s"] == contribution(1)["o_s"]
    assert benchmarks.contribution_at(year, "national", taken_after, sources)["o_s"] == contribution(4)["o_s"]
    assert benchmarks.contribution_at(year, "national", "2026-05-01T00:00:00.000000Z", sources) is None
    assert benchmarks.contribution_at(year, "st=09", taken_after, sources) is None  # not in that cohort
    truncated = {**year, "history_truncated": True}
    assert benchmarks.contribution_at(truncated, "national", "2026-05-01T00:00:00.000000Z", sources) \
        is benchmarks.UNKNOWN  # cannot tell: that cohort is not used


@pytest.mark.parametrize("peers,detailed", [(5, False), (9, False), (10, True), (30, True)])
def test_medians_and_percentiles_only_from_ten_peers_and_every_mean_whole(peers, detailed):
    store = Aggregates()
    for n in range(peers):
        store.add(contribution(n % 5))
    take(store)
    published = {(y, k): e for (y, v, k), e in store.entries.items()}
    view = benchmarks.for_company(CAT, fallback_for(PROFILE), published, lambda *_: None, 2026, Fraction(130, 3),
                                  "es")
    assert view["n"] == peers
    assert (view["overall"]["median"] is not None, view["percentile"] is not None) == (detailed, detailed)
    figures = [view["overall"], *view["dimensions"].values()]
    assert all(isinstance(v["mean"], int) and (v["median"] is None or isinstance(v["median"], int)) for v in figures)
    assert view["position"] in ("below", "close", "above")


def test_a_micro_company_is_never_compared_with_another_size():
    profile = {"state": "14", "size": "micro", "sector": "54"}
    assert all(c.size == "micro" for c in fallback_for(profile))
    published = {(2026, c.key): {"c": agg.combine(*[contribution(3)] * 30), "as_of": "x"}
                 for c in all_for({**profile, "size": "mediana"})}
    published[(2026, "national")] = {"c": agg.combine(*[contribution(3)] * 30), "as_of": "x"}
    assert benchmarks.for_company(CAT, fallback_for(profile), published, lambda *_: None, 2026, Fraction(50),
                                  "es") == {"suppressed": True, "n_min": 5}


def test_more_than_a_fifth_no_se_is_scored_but_compared_with_nothing():
    items = list(CAT.items)
    fifth = len(items) // 5
    unsure = {i: ("unknown" if n <= fifth else 3) for n, i in enumerate(items)}  # 12 of 59: 20.3 %
    sure = {i: ("unknown" if n < fifth else 3) for n, i in enumerate(items)}     # 11 of 59: 18.6 %
    assert agg.contribution(CAT, scoring.score(CAT, unsure, "micro"), unsure, {}) == {"unsure": 1}
    assert agg.contribution(CAT, scoring.score(CAT, sure, "micro"), sure, {})["o_n"] == 1
    assert scoring.score(CAT, unsure, "micro").overall is not None  # the company still gets its own result
    assert agg.for_cohort({"unsure": 1}, False) == {}  # only the national and single-dimension cohorts count it


# ---- versions ----

DECLARED = {"2027.1": {"version": V, "overall": False, "barriers": True,
                       "dimensions": {"D1": "D1", "D2": "D2"}, "items": {"1.1": "1.1", "1.2": "1.2"}},
            V: None}


def test_versions_are_kept_apart_unless_declared_comparable_and_then_only_what_is_mapped():
    store = Aggregates()
    for _ in range(5):
        store.add(contribution(2))
        store.add(contribution(4), version="2027.1")
    live, _ = store.aggregate_items()
    lineages = {v: versions.lineage(DECLARED, v) for v in DECLARED}
    entries = snapshot.publish(live, {}, lineages, "2026-06-15T12:00:00.000000Z", 5)
    old, new = entries[(2026, V, "national")]["c"], entries[(2026, "2027.1", "national")]["c"]
    assert old["o_n"] == 5 and old["D3_n"] == 5  # the earlier version: its own companies only
    assert new["o_n"] == 5  # the overall score is not declared comparable: the new version's companies only
    assert new["D1_n"] == 10 and new["D3_n"] == 5  # D1 is mapped: both versions; D3 is not
    assert new["i_1.1_2"] == 5 and new["i_1.1_4"] == 5 and "i_1.3_2" not in new
    assert entries[(2026, "2027.1", "national")]["versions"] == [V, "2027.1"]


def test_a_chain_of_declarations_composes():
    declared = {"3.1": {"version": "2.1", "items": {"a3": "a2"}, "dimensions": {"X": "Y"}, "overall": True},
                "2.1": {"version": "1.1", "items": {"a2": "a1"}, "dimensions": {"Y": "Z"}, "overall": False},
                "1.1": None}
    chain = versions.lineage(declared, "3.1")
    assert chain["3.1"] is None and chain["2.1"]["items_from"] == {"a2": "a3"}
    assert chain["1.1"]["items_from"] == {"a1": "a3"} and chain["1.1"]["dimensions_from"] == {"Z": "X"}
    assert chain["1.1"]["overall"] is False
    assert versions.translate({"i_a1_3": 1,
                               "Z_n": 2, "o_n": 1, "n": 1}, chain["1.1"]) == {"i_a3_3": 1, "X_n": 2, "n": 1}
