"""Scoring, bands, the gate rule, the LGRA Art. 25 indicator and the prioritised gap list.

Pure functions on the catalogue and an answers dict. Scores are exact ``Fraction``s: round only for display.
"""
import math
from dataclasses import dataclass, field
from fractions import Fraction

NA, UNKNOWN = "na", "unknown"
MET_LEVEL = 2  # an Art. 25 element is met when all its core items reach "documented" (2)


@dataclass(frozen=True)
class DimensionScore:
    id: str
    score: Fraction | None   # None when insufficient
    band: int | None

    @property
    def insufficient(self) -> bool:
        return self.score is None


@dataclass(frozen=True)
class Gap:
    item_id: str
    dimension_id: str
    answer: object
    level: int
    target: int
    priority: int            # (target − level)·w·W, kept for the API; the order is the list's own
    gain: Fraction = Fraction(0)  # overall-score points the next level of this item adds


@dataclass(frozen=True)
class Scores:
    overall: Fraction | None
    band: int | None
    capped_by: tuple
    dimensions: tuple       # DimensionScore per catalogue dimension, in order
    art25: dict             # element id -> met
    gaps: tuple
    unknown_items: tuple
    na_items: tuple
    art25_states: dict = field(default_factory=dict)  # element id -> not_met | documented | implemented


def level(answer) -> int | None:
    """Numeric level of an answer: None for N/A, 0 for "don't know"."""
    if answer == NA:
        return None
    if answer == UNKNOWN:
        return 0
    return answer


def shown(value) -> int | None:
    """A score (or a change in one) as every reader sees it, on the web, in the mail and in Excel: a whole number,
    halves away from zero (what Excel's "0" format does): 12.5 is 13 everywhere."""
    if value is None:
        return None
    exact = Fraction(value)
    whole = math.floor(abs(exact) + Fraction(1, 2))
    return whole if exact >= 0 else -whole


def tenths(value) -> float:
    """Points an action adds (mostly under one) to one decimal, halves away from zero like every shown score."""
    return (shown(Fraction(value) * 10) or 0) / 10


def band_of(catalogue, value) -> int:
    """Index of the band whose lower bound is the greatest one <= the score as shown: a score that reads 60 is
    never in the band below 60."""
    index, seen = 0, shown(value)
    for i, band in enumerate(catalogue.bands):
        if seen >= band["min"]:
            index = i
    return index


def dimension_score(dimension, answers) -> Fraction | None:
    applicable = [(item.weight, level(answers[item.id])) for item in dimension.items
                  if answers[item.id] != NA]
    if len(applicable) * 2 < len(dimension.items):
        return None
    weights = sum(w for w, _ in applicable)
    return Fraction(100 * sum(w * s for w, s in applicable), 4 * weights)


def overall_score(catalogue, dims) -> Fraction | None:
    valid = [(catalogue.dimension(d.id).weight, d.score) for d in dims if not d.insufficient]
    if not valid:
        return None
    return sum(Fraction(w) * s for w, s in valid) / sum(w for w, _ in valid)


def art25_states(catalogue, answers) -> dict:
    """element id -> "implemented" (every core item >= 3), "documented" (>= 2) or "not_met": Art. 25 asks for
    systems that work, and level 2 is, by definition, partly applied."""
    states = {}
    for element in catalogue.art25_elements:
        levels = [s for s in (level(answers[item.id]) for item in catalogue.items.values()
                              if item.art25 == element["id"] and item.core) if s is not None]
        lowest = min(levels) if levels else 0
        states[element["id"]] = "implemented" if lowest >= 3 else "documented" if lowest >= MET_LEVEL else "not_met"
    return states


def art25(catalogue, answers) -> dict:
    """element id -> met: every core item at least documented (what the benchmarks count)."""
    met = {}
    for element in catalogue.art25_elements:
        given = [level(answers[item.id]) for item in catalogue.items.values()
                 if item.art25 == element["id"] and item.core]
        levels = [s for s in given if s is not None]
        met[element["id"]] = bool(levels) and all(s >= MET_LEVEL for s in levels)
    return met


def target(catalogue, item, size: str) -> int:
    """The level the company is asked to reach: by size (3 for micro and small companies, 2 on the heaviest
    items), as the catalogue says."""
    return item.targets.get(size, 4)


def next_step(catalogue, item, answer, size: str) -> dict:
    """The action (es/en) for an item answered ``answer``: whom to ask for "No sé", the micro/small variant
    where the catalogue has one, else the level's own."""
    if answer == UNKNOWN and item.action_unknown:
        return item.action_unknown
    at = str(level(answer))
    if size in catalogue.small_sizes and at in item.actions_small:
        return item.actions_small[at]
    return item.actions[at]


def inconsistent(catalogue, answers) -> list:
    """(item, the item it requires) where an answer says implemented (3 or more) what depends on something the
    answers say is not even documented (below 2, "No sé" included): staff signing a code that does not exist.
    Kept, and pointed out, since one of the two answers is probably a slip."""
    found = []
    for item in catalogue.items.values():
        needed = catalogue.items.get(item.requires) if item.requires else None
        if needed is None or answers.get(needed.id) == NA or answers.get(item.id) == NA:
            continue
        if (level(answers.get(item.id, 0)) or 0) >= 3 and (level(answers.get(needed.id, 0)) or 0) < MET_LEVEL:
            found.append((item.id, needed.id))
    return found


def gains(catalogue, answers) -> dict:
    """item id -> the overall-score points its next level adds: 100·W_d/ΣW · w_i/(4·Σw_d), over the applicable
    items and the dimensions that count."""
    dims = [(d, [i for i in d.items if answers[i.id] != NA]) for d in catalogue.dimensions]
    counted = [(d, items) for d, items in dims if len(items) * 2 >= len(d.items)]
    total = sum(d.weight for d, _ in counted)
    return {i.id: Fraction(100 * d.weight * i.weight, total * 4 * sum(x.weight for x in items))
            for d, items in counted for i in items}


def gaps(catalogue, answers, size: str, held: tuple = (), above_cap: Fraction = Fraction(0)) -> tuple:
    """Every item below its target, in the order to act on them: the gate items not yet documented (< 2), then the
    Art. 25 core items not yet documented, then by the points the next level adds to the overall score (ties in
    catalogue order). While a gate cap holds the score down (`held`: the gate items holding it, `above_cap`: how
    far above the cap the score would be), only lifting it moves the score: the one gate item holding it adds all
    of that, and nothing else adds anything yet."""
    found, gain = [], gains(catalogue, answers)
    if held:
        gain = {i: (above_cap + gain[i] if held == (i,) else Fraction(0)) for i in gain}
    for order, item in enumerate(catalogue.items.values()):
        s = level(answers[item.id])
        if s is None:
            continue
        goal = target(catalogue, item, size)
        if s < goal:
            weight = catalogue.dimension(item.dimension_id).weight
            rank = (not (item.gate and s < MET_LEVEL), not (item.art25 and item.core and s < MET_LEVEL),
                    -gain.get(item.id, 0), order)
            found.append((rank, Gap(item.id, item.dimension_id, answers[item.id], s, goal,
                                    (goal - s) * item.weight * weight, gain.get(item.id, Fraction(0)))))
    found.sort(key=lambda pair: pair[0])
    return tuple(gap for _, gap in found)


def score(catalogue, answers: dict, size: str) -> Scores:
    """Score a complete, validated answers dict (every catalogue item present)."""
    dims = []
    for dimension in catalogue.dimensions:
        value = dimension_score(dimension, answers)
        dims.append(DimensionScore(dimension.id, value, None if value is None else band_of(catalogue, value)))
    overall = overall_score(catalogue, dims)
    # a gate item not yet documented (< 2, "No sé" included) caps the band, and the number with it, so that the
    # two always agree: the cap band's highest whole score
    capped_by = tuple(item.id for item in catalogue.items.values()
                      if item.gate and (level(answers[item.id]) or 0) < MET_LEVEL and answers[item.id] != NA)
    ceiling = Fraction(catalogue.bands[catalogue.gate_cap_band + 1]["min"] - 1)
    held = capped_by if overall is not None and capped_by and overall > ceiling else ()
    above_cap = overall - ceiling if held and overall is not None else Fraction(0)
    if held:
        overall = ceiling
    band = None if overall is None else band_of(catalogue, overall)
    return Scores(
        overall=overall, band=band, capped_by=capped_by, dimensions=tuple(dims),
        art25=art25(catalogue, answers), art25_states=art25_states(catalogue, answers),
        gaps=gaps(catalogue, answers, size, held, above_cap),
        unknown_items=tuple(i for i, a in answers.items() if a == UNKNOWN),
        na_items=tuple(i for i, a in answers.items() if a == NA))
