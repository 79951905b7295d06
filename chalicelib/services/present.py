"""Shape domain results into the API's JSON in the request's language. Full precision: display rounds."""
from .. import catalogue
from ..domain import progress
from ..domain.scoring import next_step
from ..i18n import lang_of, message, pick


def band_label(cat, band, lang: str) -> str | None:
    return None if band is None else pick(cat.bands[band]["label"], lang)


def score(cat, scores, lang: str) -> dict:
    dims = {}
    for d in scores.dimensions:
        dims[d.id] = {"status": "insufficient"} if d.insufficient else \
            {"score": float(d.score), "band": band_label(cat, d.band, lang)}
    out = {"overall": None if scores.overall is None else float(scores.overall),
           "band": band_label(cat, scores.band, lang), "capped_by": list(scores.capped_by), "dimensions": dims}
    if scores.capped_by:
        out["cap_reason"] = message("gate_cap", lang, band=band_label(cat, cat.gate_cap_band, lang),
                                    items="; ".join(named(cat, i, lang) for i in scores.capped_by))
    return out


def art25(cat, scores, lang: str) -> dict:
    """Each element's state (No cumple / Documentado / Implementado); `implemented` is the x of the x/7 shown,
    `met` (documented or better) what the benchmarks count."""
    states = scores.art25_states
    elements = [{"id": e["id"], "title": pick(e["title"], lang), "met": scores.art25[e["id"]],
                 "items": [i.id for i in cat.items.values() if i.art25 == e["id"] and i.core],
                 **({"state": states[e["id"]]} if states else {})}
                for e in cat.art25_elements]
    out = {"met": sum(e["met"] for e in elements), "of": len(elements), "elements": elements,
           "note": message("art25_note", lang)}
    if states:
        out["implemented"] = sum(1 for s in states.values() if s == "implemented")
    return out


def title(item, lang: str) -> str:
    """A question named in a list or a sentence: its short title (2026.2 on), else its text up to the first
    comma."""
    if item.title:
        return pick(item.title, lang)
    return pick(item.text, lang).split(",")[0].rstrip(".")


def named(cat, item_id: str, lang: str) -> str:
    """A question named in a sentence: its id and its title in the reader's quotes (3.1 «Código de conducta»)."""
    quote = "«{}»" if lang_of(lang) == "es" else "“{}”"
    return f"{item_id} " + quote.format(title(cat.items[item_id], lang))


def version_of(record: dict) -> str:
    """The questionnaire a stored year was answered on (years stored before versions were recorded: the first)."""
    return record.get("questionnaire_version") or catalogue.versions()[0]


def gaps(cat, scores, lang: str, size: str) -> list:
    """In the order to act on them; `points`: what the next level adds to the overall score."""
    return [{"item_id": g.item_id, "title": title(cat.items[g.item_id], lang), "dimension_id": g.dimension_id,
             "answer": g.answer, "target": g.target, "priority": g.priority, "points": float(g.gain),
             "action": pick(next_step(cat, cat.items[g.item_id], g.answer, size), lang)}
            for g in scores.gaps]


def to_check(cat, scores, lang: str) -> list:
    """The "No sé" answers, each with whom to ask: counted as 0 until someone finds out."""
    return [{"item_id": i, "title": title(cat.items[i], lang),
             "action": pick(next_step(cat, cat.items[i], "unknown", ""), lang)} for i in scores.unknown_items]


def _number(value) -> float | None:
    return None if value is None else float(value)


def progress_of(company_years: list) -> dict:
    """The company's years, oldest first, compared in the terms of the latest year's questionnaire (see
    domain.progress): each year with its version, and only what compares across versions compared."""
    years = sorted(company_years, key=lambda y: int(y["year"]))
    history = [{"year": int(y["year"]), "version": version_of(y),
                "overall": _number(y.get("overall")),
                "dimensions": {k: _number(v) for k, v in (y.get("dimensions") or {}).items()},
                "answers": progress.answers_of(y.get("contribution"))} for y in years]
    latest = version_of(years[-1]) if years else catalogue.current().version
    return progress.compare(history, latest, catalogue.lineages().get(latest, {latest: None}))


def overall_comparable(earlier: str, later: str) -> bool:
    """Whether two years' overall scores compare (the same version, or a mapping that says so)."""
    if earlier == later:
        return True
    mapping = catalogue.lineages().get(later, {}).get(earlier)
    return bool(mapping and mapping["overall"])
