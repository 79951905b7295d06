"""Use case: the questionnaire as the forms and outside clients see it, in one language."""
from ..domain import mexico
from ..i18n import pick


def _localise(obj, lang):
    """Replace every {"es", "en"} text in catalogue data with the one language."""
    if isinstance(obj, dict):
        if set(obj) == {"es", "en"}:
            return obj[lang]
        return {k: _localise(v, lang) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_localise(v, lang) for v in obj]
    return obj


def _item(i, lang: str) -> dict:
    return {"id": i.id, "title": pick(i.title, lang) if i.title else None, "weight": i.weight, "core": i.core,
            "gate": i.gate, "na_allowed": i.na_allowed, "na_when": i.na["when"] if i.na else None,
            "art25": i.art25, "text": pick(i.text, lang), "help": pick(i.help, lang),
            "anchors": _localise(i.anchors, lang) if i.anchors else None}


def describe(cat, lang: str) -> dict:
    return {
        "version": cat.version,
        "scale": _localise(cat.scale, lang),
        "bands": [{"min": b["min"], "label": pick(b["label"], lang),
                   **({"description": pick(b["description"], lang)} if "description" in b else {})}
                  for b in cat.bands],
        "dimensions": [{"id": d.id, "weight": d.weight, "title": pick(d.title, lang),
                        "items": [_item(i, lang) for i in d.items]} for d in cat.dimensions],
        "art25_elements": _localise(cat.art25_elements, lang),
        "profile": _localise(cat.profile, lang),
        "barriers": _localise(cat.barriers, lang),
        "pledge_commitments": _localise(cat.pledge_commitments, lang),
        "states": [{"code": code, "name": name} for code, name in mexico.STATES.items()],
        # sector 93 (government bodies) is refused: never offered
        "sectors": [{"code": code, "name": pick(name, lang)} for code, name in mexico.SECTORS.items() if code != "93"],
        "sizes": ["micro", "pequena", "mediana", "grande"],
    }
