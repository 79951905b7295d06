"""Comparing across questionnaire versions: a cohort never mixes versions, except where a later catalogue
declares its items comparable to an earlier one's (``comparable_to`` in the catalogue).

A mapping says, for the later version, which of its items and dimensions are the earlier ones under another
(or the same) id, whether the overall score and the Art. 25 indicator are comparable (only when every scored
item is mapped), and whether the barrier questions are the same. Counters of the earlier version are renamed
into the later one's ids; whatever is not mapped is dropped, so it is neither combined nor compared.
"""
_ALWAYS = ("n", "chg", "unsure")           # counts of assessments and of changes
_OVERALL = ("o_", "band", "capped", "art_", "art7_", "re_")


def _rename(name: str, mapping: dict) -> str | None:
    if name in _ALWAYS:
        return name
    if name.startswith(_OVERALL):
        return name if mapping.get("overall") else None
    if name.startswith("p_"):  # the risk profile: the same eight questions in every version
        return name
    if name.startswith(("b_", "bp_")):
        return name if mapping.get("barriers") else None
    if name.startswith("i_"):
        item, answer = name[2:].rsplit("_", 1)
        new = mapping["items_from"].get(item)
        return f"i_{new}_{answer}" if new else None
    head, _, rest = name.partition("_")
    new = mapping["dimensions_from"].get(head)
    return f"{new}_{rest}" if new else None


def translate(counters: dict, mapping: dict | None) -> dict:
    """Counters of an earlier version in a later version's terms (``mapping`` None: the same version)."""
    if mapping is None:
        return dict(counters)
    out: dict = {}
    for name, value in counters.items():
        new = _rename(name, mapping)
        if new is not None:
            out[new] = out.get(new, 0) + value
    return out


def _step(declared: dict) -> dict:
    """A catalogue's ``comparable_to`` block, with the renaming read from the earlier version's side."""
    return {"overall": bool(declared.get("overall")), "barriers": bool(declared.get("barriers")),
            "items_from": {old: new for new, old in declared.get("items", {}).items()},
            "dimensions_from": {old: new for new, old in declared.get("dimensions", {}).items()}}


def _compose(first: dict, then: dict) -> dict:
    """Earlier → middle (``first``) followed by middle → later (``then``)."""
    return {"overall": first["overall"] and then["overall"], "barriers": first["barriers"] and then["barriers"],
            "items_from": {old: then["items_from"][mid] for old, mid in first["items_from"].items()
                           if mid in then["items_from"]},
            "dimensions_from": {old: then["dimensions_from"][mid] for old, mid in first["dimensions_from"].items()
                                if mid in then["dimensions_from"]}}


def lineage(declarations: dict, version: str) -> dict:
    """{source version: mapping into ``version``} for ``version`` itself (None) and every earlier version it is
    declared comparable to, directly or through a chain. ``declarations``: version -> its comparable_to or None."""
    found: dict = {version: None}
    current, mapping = version, None
    while declarations.get(current):
        declared = declarations[current]
        step = _step(declared)
        mapping = step if mapping is None else _compose(step, mapping)
        current = declared["version"]
        if current in found:  # a cycle in the catalogues: stop rather than loop
            break
        found[current] = mapping
    return found
