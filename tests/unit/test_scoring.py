"""Scoring by hand-computed cases: weights, N/A, unknown, gate, insufficient dimensions, bands, Art. 25, gaps."""
from fractions import Fraction

import pytest

from chalicelib import catalogue
from chalicelib.catalogue import _build
from chalicelib.domain import scoring

# the arithmetic by hand, on the first version (the rules of 2026.2 are in test_catalogue.py)
CAT = catalogue.load("2026.1")


def answers(level=4, **over):
    out = {i: level for i in CAT.items}
    out.update({k.replace("_", "."): v for k, v in over.items()})
    return out


def dim(result, dim_id):
    return next(d for d in result.dimensions if d.id == dim_id)


def test_catalogue_shape_is_what_the_issue_pins():
    assert sum(d.weight for d in CAT.dimensions) == 100
    assert 45 <= len(CAT.items) <= 60 and 9 <= len(CAT.dimensions) <= 11
    assert all(i.weight in (1, 2) for i in CAT.items.values())
    assert {i.id for i in CAT.items.values() if i.gate} >= {"3.1", "6.1"}
    assert {i.art25 for i in CAT.items.values() if i.art25} == {"I", "II", "III", "IV", "V", "VI", "VII"}
    for item in CAT.items.values():
        assert set(item.text) == set(item.help) == {"es", "en"}
        assert set(item.actions) == {"0", "1", "2", "3"}, item.id  # one action per level below the top


def test_all_top_and_all_zero():
    top = scoring.score(CAT, answers(4), "mediana")
    assert top.band is not None
    assert top.overall == 100 and CAT.bands[top.band]["label"]["en"] == "Advanced"
    assert top.capped_by == () and top.gaps == () and all(top.art25.values())
    zero = scoring.score(CAT, answers(0), "mediana")
    assert zero.overall == 0 and zero.band == 0 and set(zero.capped_by) == {"3.1", "6.1"}
    assert not any(zero.art25.values())


def test_dimension_score_by_hand_with_na():
    # D1: 1.1 (w2)=4, 1.2 (w2)=2, 1.3 (w1)=N/A, 1.4 (w2)=1, 1.5 (w1)=3
    # Σw·s = 8+4+2+3 = 17 over Σw = 7 applicable -> 100·17/28
    result = scoring.score(CAT, answers(**{"1_1": 4, "1_2": 2, "1_3": "na", "1_4": 1, "1_5": 3}), "mediana")
    assert dim(result, "D1").score == Fraction(1700, 28)
    assert result.na_items == ("1.3",)


def test_overall_is_weighted_mean_of_dimensions():
    # D1 (W=12) all 0, every other dimension all 4: S = (88·100) / 100
    over = {i.id.replace(".", "_"): 0 for i in CAT.dimension("D1").items}
    result = scoring.score(CAT, answers(4, **over), "mediana")
    assert result.overall == Fraction(88)
    assert dim(result, "D1").score == 0 and dim(result, "D1").band == 0


def test_unknown_scores_zero_and_is_flagged():
    a = scoring.score(CAT, answers(4, **{"2_3": "unknown"}), "mediana")
    b = scoring.score(CAT, answers(4, **{"2_3": 0}), "mediana")
    assert a.overall is not None and b.overall is not None and a.overall == b.overall < 100
    assert a.unknown_items == ("2.3",) and b.unknown_items == ()


@pytest.mark.parametrize("gate_answer", [0, 1, "unknown"])
@pytest.mark.parametrize("gate_item", ["3_1", "6_1"])
def test_a_gate_item_not_yet_documented_caps_band_and_number_at_basic(gate_item, gate_answer):
    result = scoring.score(CAT, answers(4, **{gate_item: gate_answer}), "mediana")
    assert result.overall == 39 and result.band is not None  # the number agrees with the band: it reads 39
    assert CAT.bands[result.band]["label"]["es"] == "Básico"
    assert result.capped_by == (gate_item.replace("_", "."),)
    assert result.gaps[0].item_id == gate_item.replace("_", ".")  # and it comes first in the plan


def test_a_documented_gate_item_does_not_cap():
    result = scoring.score(CAT, answers(4, **{"3_1": 2}), "mediana")
    assert result.capped_by == () and result.band == 4 and result.overall is not None and result.overall > 90
    low = scoring.score(CAT, answers(1, **{"3_1": 2, "6_1": 2}), "mediana")
    assert low.capped_by == () and low.overall is not None and low.overall < 39  # a cap never raises a score


@pytest.mark.parametrize("value,band", [
    (0, 0), (Fraction(1949, 100), 0), (Fraction(1950, 100), 1), (20, 1), (Fraction(3949999, 100000), 1),
    (Fraction(3950, 100), 2), (40, 2), (Fraction(5949, 100), 2), (Fraction(5950, 100), 3), (60, 3),
    (Fraction(79499, 1000), 3), (Fraction(795, 10), 4), (80, 4), (100, 4)])
def test_band_boundaries_follow_the_score_as_shown(value, band):
    assert scoring.band_of(CAT, value) == band


def test_a_score_that_reads_80_is_never_in_the_band_below():
    # 79.9999 reads as 80 on the web and in Excel: its band is the one that starts at 80 (it was "Established")
    assert scoring.band_of(CAT, Fraction(799999, 10000)) == 4


def _mini(na_allowed_count: int):
    """A two-dimension catalogue where dimension A has 4 items, na_allowed on the first ``na_allowed_count``."""
    real = catalogue.current()
    text = {"es": "x", "en": "x"}
    def item(i, na):
        return {"id": i, "weight": 1, "gate": False, "na_allowed": na, "art25": None, "target_small": 4,
                "text": text, "help": text, "actions": {str(k): text for k in range(4)}}
    raw = {"version": "t", "scale": [], "bands": list(real.bands), "gate_cap_band": 1, "art25_elements": [],
           "small_sizes": ["micro"], "profile": [], "barriers": [], "pledge_commitments": [],
           "dimensions": [
               {"id": "A", "weight": 30, "title": text,
                "items": [item(f"a{i}", i < na_allowed_count) for i in range(4)]},
               {"id": "B", "weight": 70, "title": text, "items": [item("b0", False), item("b1", False)]}]}
    return _build(raw)


def test_insufficient_dimension_drops_out_and_weights_renormalise():
    cat = _mini(3)
    # A: 3 of 4 items N/A -> 1 applicable < half -> insufficient; S = D_B only
    result = scoring.score(cat, {"a0": "na", "a1": "na", "a2": "na", "a3": 4, "b0": 2, "b1": 1}, "mediana")
    a = next(d for d in result.dimensions if d.id == "A")
    assert a.insufficient and a.band is None
    assert result.overall == Fraction(100 * 3, 8)  # B alone: (2+1)/(4·2)


def test_exactly_half_applicable_is_still_valid():
    cat = _mini(2)
    result = scoring.score(cat, {"a0": "na", "a1": "na", "a2": 4, "a3": 0, "b0": 4, "b1": 4}, "mediana")
    a = next(d for d in result.dimensions if d.id == "A")
    assert not a.insufficient and a.score == 50
    assert result.overall == Fraction(30 * 50 + 70 * 100, 100)


def test_art25_element_needs_every_core_item_at_two():
    result = scoring.score(CAT, answers(4, **{"3_6": 1}), "mediana")
    assert result.art25["II"] is False
    assert sum(result.art25.values()) == 6
    result = scoring.score(CAT, answers(2), "mediana")
    assert all(result.art25.values())


def test_gaps_priority_and_small_company_targets():
    # 1.2 (w2, D1 W=12) at 2: target 4 for mediana -> gap 2, priority 2·2·12 = 48
    #                       target 3 for micro     -> gap 1, priority 1·2·12 = 24
    a = answers(4, **{"1_2": 2, "7_3": 0})
    medium = {g.item_id: g for g in scoring.score(CAT, a, "mediana").gaps}
    micro = {g.item_id: g for g in scoring.score(CAT, a, "micro").gaps}
    assert (medium["1.2"].target, medium["1.2"].priority) == (4, 48)
    assert (micro["1.2"].target, micro["1.2"].priority) == (3, 24)
    # 7.3 (w1, D7 W=8) at 0: gap 4, priority 4·1·8 = 32
    assert medium["7.3"].priority == 32
    # the order is by what the next level adds to the overall score (neither is a gate or Art. 25 item below 2)
    gain = scoring.gains(CAT, a)
    assert medium["1.2"].gain == gain["1.2"] and medium["7.3"].gain == gain["7.3"]
    expected = [i for i, _ in sorted((("1.2", -gain["1.2"]), ("7.3", -gain["7.3"])), key=lambda p: p[1])]
    assert [g.item_id for g in scoring.score(CAT, a, "mediana").gaps] == expected
    assert sum(gain.values()) == pytest.approx(25)  # every item one level up: a quarter of the scale


def test_small_company_at_three_has_no_gap_on_proportional_items():
    a = answers(4, **{"1_2": 3, "5_4": 3})
    assert {g.item_id for g in scoring.score(CAT, a, "pequena").gaps} == set()
    assert {g.item_id for g in scoring.score(CAT, a, "grande").gaps} == {"1.2", "5.4"}


def test_na_items_are_never_gaps():
    result = scoring.score(CAT, answers(4, **{"1_3": "na"}), "grande")
    assert result.gaps == ()


def test_one_rounding_rule_everywhere_and_the_band_follows_the_score_shown():
    from fractions import Fraction

    from chalicelib.domain.suppression import rounded
    from chalicelib.forms import pages
    assert [scoring.shown(v) for v in (12.5, Fraction(25, 2), 13.49, -12.5, 0, None)] == [13, 13, 13, -13, 0, None]
    assert rounded(Fraction(25, 2)) == 13 and pages._num(12.5) == "13" and pages._change(-2.5) == "-3"
    assert CAT.bands[scoring.band_of(CAT, Fraction(599, 10))]["label"]["es"] == "Establecido"  # reads 60
    assert CAT.bands[scoring.band_of(CAT, Fraction(594, 10))]["label"]["es"] == "En desarrollo"  # reads 59


def test_art25_elements_are_not_met_documented_or_implemented():
    element = CAT.art25_elements[0]["id"]
    core = [i.id for i in CAT.items.values() if i.art25 == element and i.core]

    def states(lvl):
        scores = scoring.score(CAT, answers(4, **{c.replace(".", "_"): lvl for c in core}), "mediana")
        return scores.art25_states[element]
    assert (states(1), states(2), states(3), states(4)) == ("not_met", "documented", "implemented", "implemented")
    assert scoring.score(CAT, answers(2), "mediana").art25[element] is True  # met (what benchmarks count): >= 2


def test_while_the_gate_holds_the_score_only_lifting_it_adds_points():
    capped = scoring.score(CAT, answers(3, **{"3_1": 1}), "mediana")
    free = scoring.score(CAT, answers(3, **{"3_1": 2}), "mediana")
    assert capped.overall == 39 and free.overall is not None and free.overall > 39
    gain = {g.item_id: g.gain for g in capped.gaps}
    assert capped.gaps[0].item_id == "3.1" and gain["3.1"] == free.overall - 39  # what documenting it adds
    assert all(v == 0 for i, v in gain.items() if i != "3.1")  # nothing else moves a held score
    both = scoring.score(CAT, answers(3, **{"3_1": 1, "6_1": 0}), "mediana")
    assert all(g.gain == 0 for g in both.gaps)  # two gates: neither alone lifts the cap
