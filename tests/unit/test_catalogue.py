"""Questionnaire 2026.2: its content (actions, anchors, N/A rules, targets) and the scoring rules on the three
cases of the content review and on generated answer sets."""
import re
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib import catalogue
from chalicelib.domain import applicability, scoring
from chalicelib.domain import size as sizing

CAT = catalogue.load("2026.2")
SIZES = ("micro", "pequena", "mediana", "grande")
HEAVY = {"1.2", "1.3", "2.3", "5.4", "6.3", "6.4", "10.1", "10.4"}  # content review §2.2.7


def _texts(item) -> list:
    return [*item.actions.values(), *item.actions_small.values(), item.action_unknown]


def test_every_item_says_what_to_do_next_at_each_level_and_for_no_se_in_both_languages():
    for item in CAT.items.values():
        assert set(item.actions) == {"0", "1", "2", "3"}, item.id
        assert item.action_unknown and item.title, item.id
        assert set(item.actions_small) <= {"0", "1", "2", "3"}, item.id
        for text in [*_texts(item), item.text, item.help, item.title]:
            assert set(text) == {"es", "en"} and all(v.strip() for v in text.values()), item.id
        # "No sé" is not "create it": it says whom to ask
        assert re.match(r"(Pregunte|Revise|Confirme)", item.action_unknown["es"]), item.id
        assert re.match(r"(Ask|Check|Look|Confirm)", item.action_unknown["en"]), item.id


def test_no_two_items_share_an_action_sentence_once_their_own_name_is_removed():
    seen: dict = {}
    for item in CAT.items.values():
        for lang in ("es", "en"):
            name = item.title[lang].lower()
            for text in _texts(item):
                for sentence in re.split(r"(?<=[.;:])\s+", text[lang]):
                    key = re.sub(r"\W+", " ", sentence.lower().replace(name, "")).strip()
                    if len(key.split()) >= 4:  # "Or a lawyer." is not advice
                        seen.setdefault(key, set()).add(item.id)
    shared = {k: v for k, v in seen.items() if len(v) > 1}
    assert shared == {}
    templates = ("documente por escrito", "extienda", "a todas las áreas y sedes", "defina indicadores para")
    assert not [i.id for i in CAT.items.values() for t in _texts(i) if any(x in t["es"].lower() for x in templates)]


def test_core_items_have_their_own_level_anchors_and_plain_words():
    for item in CAT.items.values():
        assert bool(item.anchors) == item.core, item.id
        if item.anchors:
            assert set(item.anchors) == {"1", "2", "3", "4"}, item.id  # 0 is "No existe" everywhere
    everything = str([(i.text, i.help, i.title, _texts(i)) for i in CAT.items.values()]).lower()
    assert "reactivo" not in everything and "hospitalidad" not in everything and "no hay cuentas" not in everything


def test_the_missing_items_are_there_and_the_double_ones_are_split():
    texts = {i.id: i.text["es"].lower() for i in CAT.items.values()}
    assert any("sobornos" in t and "entre particulares" in t for t in texts.values())      # explicit anti-bribery
    assert any("partidos políticos" in t for t in texts.values())                          # political ban, own item
    assert CAT.items[next(i for i, t in texts.items() if "partidos políticos" in t)].na is None
    assert any("competidores" in t and "verdadera" in t for t in texts.values())           # collusion, tenders
    assert any("acoso" in t for t in texts.values()) and any("selección de personal" in t for t in texts.values())
    assert "no hay" not in texts["5.2"] and "contabilidad" in texts["5.2"]                  # positive polarity
    assert CAT.art25_elements[5]["title"]["es"].startswith("Políticas de recursos humanos que evitan")
    assert {i.id for i in CAT.items.values() if i.art25 == "VII" and i.core} >= {"9.4"}     # "publicidad"


def test_targets_by_size():
    for item in CAT.items.values():
        for size in ("micro", "pequena"):
            assert scoring.target(CAT, item, size) == (2 if item.id in HEAVY else 3), (item.id, size)
        assert scoring.target(CAT, item, "grande") in (3, 4)
    assert scoring.target(CAT, CAT.items["2.1"], "mediana") == 4


def test_na_only_where_the_profile_makes_the_item_inapplicable_or_with_a_reason():
    refusal = applicability.na_refusal
    assert refusal(CAT.items["10.4"], {}, "micro", "x") == refusal(CAT.items["8.5"], {}, "micro", "x") == \
        "answer_na_not_allowed"
    assert refusal(CAT.items["4.5"], {"uses_intermediaries": False}, "grande", None) is None
    assert refusal(CAT.items["4.5"], {"uses_intermediaries": True}, "grande", None) == "answer_na_reason"
    assert refusal(CAT.items["4.5"], {}, "grande", None) == "answer_na_reason"  # not asked: say why
    assert refusal(CAT.items["4.5"], {"uses_intermediaries": True}, "grande", "Tarifa fija") is None
    no_government = {"gov_revenue_share": "0", "needs_permits": False}
    assert refusal(CAT.items["9.4"], no_government, "micro", None) is None
    assert refusal(CAT.items["9.4"], {**no_government, "needs_permits": True}, "micro", None) == "answer_na_reason"
    assert refusal(CAT.items["1.5"], {}, "micro", None) is None
    assert refusal(CAT.items["1.5"], {}, "pequena", None) == "answer_na_reason"
    assert not applicability.holds({"uses_intermediaries": False}, {"uses_intermediaries": 0}, None)  # exact types


# ---- the three cases of the content review (§2.1), answered on 2026.2 ----

def case(default, size, **answers):
    out = {i: default for i in CAT.items}
    out.update({k.replace("_", "."): v for k, v in answers.items()})
    return scoring.score(CAT, out, size), out


def test_case_a_micro_retailer():
    scores, answers = case(0, "micro", **{"1_1": 1, "1_4": 1, "1_5": "na", "3_4": 1, "4_3": 1, "5_1": 1, "5_2": 2,
                                          "5_3": 1, "8_3": 1, "4_5": "na", "9_4": "na", "6_1": "unknown",
                                          "9_2": "unknown"})
    assert scores.capped_by == ("3.1", "6.1") and (scoring.shown(scores.overall) or 0) <= 39
    assert scores.band == 0 and CAT.bands[0]["label"]["es"] == "Inicial"
    order = [g.item_id for g in scores.gaps]
    assert set(order[:2]) == {"3.1", "6.1"}  # the gate items first: the reporting channel is not 9th any more
    art25_core = [g.item_id for g in scores.gaps[2:] if CAT.items[g.item_id].art25 and CAT.items[g.item_id].core]
    assert order[2:2 + len(art25_core)] == art25_core  # then the Art. 25 core items below 2
    assert all(g.target == (2 if g.item_id in HEAVY else 3) for g in scores.gaps)
    assert scoring.next_step(CAT, CAT.items["6.1"], "unknown", "micro") == CAT.items["6.1"].action_unknown
    assert scoring.next_step(CAT, CAT.items["3.1"], 0, "micro") == CAT.items["3.1"].actions["0"]
    assert scoring.next_step(CAT, CAT.items["6.1"], 0, "micro") == CAT.items["6.1"].actions_small["0"]
    assert set(scores.unknown_items) == {"6.1", "9.2"} and set(scores.na_items) == {"1.5", "4.5", "9.4"}
    assert all(s == "not_met" for s in scores.art25_states.values())


def test_case_b_medium_manufacturer():
    scores, _ = case(2, "mediana", **{"3_1": 3, "4_3": 3, "5_1": 3, "5_2": 3, "2_3": 0, "7_5": 0, "8_5": 0,
                                      "9_5": 0, "10_3": 0, "10_4": 0, "6_5": "unknown", "8_4": "unknown",
                                      "3_5": "na", "9_4": "na"})
    assert scores.capped_by == () and scores.band == scoring.band_of(CAT, scores.overall)
    assert scores.art25_states["IV"] == "not_met"  # 6.5 "No sé" counts as 0
    assert scores.art25_states["I"] == "documented" and scores.art25_states["III"] == "documented"
    assert scores.gaps[0].item_id == "6.5"  # an Art. 25 core item below 2 comes first
    gains = [g.gain for g in scores.gaps if not (CAT.items[g.item_id].art25 and CAT.items[g.item_id].core
                                                  and (scoring.level(g.answer) or 0) < 2)]
    assert gains == sorted(gains, reverse=True)


def test_case_c_large_wholesaler():
    scores, _ = case(4, "grande", **{"6_5": 2, "7_5": 2, "10_3": 2, "8_4": "unknown", "9_2": "unknown",
                                     "4_5": "na", "9_4": "na"})
    assert scores.band == 4 and CAT.bands[4]["label"]["en"] == "Advanced"
    assert scores.art25_states["VII"] == "not_met" and scores.art25_states["IV"] == "documented"
    assert sum(s == "implemented" for s in scores.art25_states.values()) == 5
    assert [g.item_id for g in scores.gaps][:1] == ["9.2"]  # core, Art. 25 VII, at 0


# ---- generated answer sets ----

ANSWER = st.sampled_from([0, 1, 2, 3, 4, "unknown"])


@st.composite
def answer_sets(draw):
    answers = {i: draw(ANSWER) for i in CAT.items}
    for item_id in draw(st.lists(st.sampled_from([i.id for i in CAT.items.values() if i.na]), max_size=5)):
        answers[item_id] = "na"
    return answers, draw(st.sampled_from(SIZES))


@settings(max_examples=300, deadline=None)
@given(answer_sets())
def test_number_band_gate_art25_and_order_always_agree(case):
    answers, size = case
    scores = scoring.score(CAT, answers, size)
    shown, band = scoring.shown(scores.overall), scores.band
    assert shown is not None and band is not None
    bounds = [b["min"] for b in CAT.bands] + [101]
    assert bounds[band] <= shown < bounds[band + 1]  # the band is the band of the number shown
    gate_low = [i.id for i in CAT.items.values() if i.gate and answers[i.id] != "na"
                and (scoring.level(answers[i.id]) or 0) < 2]
    assert list(scores.capped_by) == gate_low
    if gate_low:
        assert shown <= 39 and band <= CAT.gate_cap_band
    for element, state in scores.art25_states.items():
        given = [scoring.level(answers[i.id]) for i in CAT.items.values() if i.art25 == element and i.core]
        levels = [x for x in given if x is not None]
        low = min(levels) if levels else 0
        assert state == ("implemented" if low >= 3 else "documented" if low >= 2 else "not_met")
    ranks = []
    for g in scores.gaps:
        item, lvl = CAT.items[g.item_id], scoring.level(g.answer)
        assert lvl is not None and lvl < g.target == scoring.target(CAT, item, size)
        lvl = int(lvl)
        ranks.append((not (item.gate and lvl < 2), not (item.art25 and item.core and lvl < 2), -g.gain))
    assert ranks == sorted(ranks)
    assert {g.item_id for g in scores.gaps} == {i for i, a in answers.items() if a != "na" and
                                                (scoring.level(a) or 0) < scoring.target(CAT, CAT.items[i], size)}


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["31-33", "43", "46", "54", "56"]), st.integers(0, 5000),
       st.integers(0, 10_000_000_000))
def test_size_is_never_smaller_than_the_staff_says(sector, employees, sales):
    size = sizing.classify(sector, employees, sales)
    by_staff = sizing.classify(sector, employees, 0)
    assert SIZES.index(size) >= SIZES.index(by_staff)
    assert sizing.classify(sector, 300, 50_000_000) != "pequena"  # the review's 300-person "small" firm


def test_shown_scores_round_halves_up_everywhere():
    assert scoring.shown(Fraction(25, 2)) == 13 and scoring.shown(Fraction(-25, 2)) == -13
    assert pytest.approx(scoring.tenths(Fraction(3, 40))) == 0.1


def test_answers_that_contradict_each_other_are_pointed_out():
    answers: dict = {i: 2 for i in CAT.items}
    answers.update({"3.1": 0, "3.6": 4, "6.1": "unknown", "6.4": 3, "6.3": 2})
    assert scoring.inconsistent(CAT, answers) == [("3.6", "3.1"), ("6.4", "6.1")]
    answers.update({"3.1": 2, "6.4": "na"})
    assert scoring.inconsistent(CAT, answers) == []
    from chalicelib.services import common
    [said] = common.said(["answers_inconsistent:3.6:3.1"], "es", CAT)
    assert said["message"].startswith("Marcó 3.6 «Código firmado de recibido» como implementado, pero 3.1 «Código")
