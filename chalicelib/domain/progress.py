"""Year over year, in the terms of the latest year's questionnaire: only what compares is compared.

A year answered on an earlier version compares through the later catalogue's declared mapping (see
``domain.versions``): mapped dimensions and items under their new ids, the overall score only where the mapping
says the whole questionnaire compares. What has no counterpart is new, and is said to be new rather than
shown as a change. Pure: plain dicts in, plain dicts out.
"""
_LEVELS = ("0", "1", "2", "3", "4")


def answers_of(contribution: dict | None) -> dict:
    """A year's item answers, read back from its contribution's ``i_<item>_<answer>`` counters (none when the
    assessment was too uncertain to count)."""
    out: dict = {}
    for name, value in (contribution or {}).items():
        if name.startswith("i_") and value:
            item, answer = name[2:].rsplit("_", 1)
            out[item] = int(answer) if answer in _LEVELS else answer
    return out


def _mapped(values: dict, rename: dict | None) -> dict:
    """Values under their ids in the latest version (``rename`` None: the same version)."""
    if rename is None:
        return dict(values)
    return {rename[k]: v for k, v in values.items() if k in rename}


def compare(history: list, latest: str, lineage: dict) -> dict:
    """history: the company's years, oldest first, each {"year", "version", "overall", "dimensions", "answers"};
    latest: the version the comparison is in; lineage: {version: mapping into ``latest`` or None} for the versions
    that compare with it at all."""
    years = []
    for h in history:
        known = h["version"] in lineage
        mapping = lineage.get(h["version"])
        same = known and mapping is None
        years.append({
            "year": h["year"], "version": h["version"], "overall": h.get("overall"),
            "overall_comparable": same or bool(known and mapping and mapping["overall"]),
            "dimensions": _mapped(h.get("dimensions") or {}, None if same else
                                  (mapping or {}).get("dimensions_from", {})),
            "answers": _mapped(h.get("answers") or {}, None if same else (mapping or {}).get("items_from", {}))})
    out: dict = {"years": years, "overall_change": None, "dimension_changes": {}, "items_changed": [],
                 "new_items": []}
    if len(years) < 2:
        return out
    before, now = years[-2], years[-1]
    if before["overall_comparable"] and now["overall_comparable"] and None not in (before["overall"], now["overall"]):
        out["overall_change"] = now["overall"] - before["overall"]
    out["dimension_changes"] = {d: v - before["dimensions"][d] for d, v in now["dimensions"].items()
                                if v is not None and before["dimensions"].get(d) is not None}
    out["items_changed"] = [{"item_id": item, "before": before["answers"][item], "now": answer}
                            for item, answer in now["answers"].items()
                            if item in before["answers"] and before["answers"][item] != answer]
    if before["version"] != now["version"]:  # questions the earlier version did not ask
        counterparts = set((lineage.get(before["version"]) or {}).get("items_from", {}).values())
        out["new_items"] = [item for item in now["answers"] if item not in counterparts]
    return out
