"""Published snapshots of the cohort aggregates: what every figure shown to anyone is read from.

The live counters change with every confirmed assessment; shown live, two readings around one submission
would give that company's score away. A snapshot republishes a cohort only once at least ``min_change``
contributions entered, left or changed in it since its figures were last published (``chg`` counts them),
so consecutive figures always differ by at least that many companies. Counts of pledges (version "-") are
not scores and are copied as they are.
"""
from .aggregates import combine
from .versions import translate

COUNTS = "-"  # the version slot of counters that belong to no questionnaire (pledges)


def combined(live: dict, lineages: dict) -> dict:
    """{(year, version, key): (counters, source versions)} for every version that has data of its own or of an
    earlier version declared comparable to it. ``live``: (year, version, key) -> counters;
    ``lineages``: version -> {source version: mapping or None}."""
    by_source: dict = {}
    for (year, version, key), counters in live.items():
        by_source.setdefault(version, {})[(year, key)] = counters
    out = {}
    for version, sources in lineages.items():
        parts: dict = {}
        for source, mapping in sources.items():
            for (year, key), counters in by_source.get(source, {}).items():
                parts.setdefault((year, key), []).append((source, translate(counters, mapping)))
        for (year, key), found in parts.items():
            out[(year, version, key)] = (combine(*(c for _, c in found)),
                                         sorted({s for s, c in found if c.get("n") or c.get("unsure")}))
    for (year, version, key), counters in live.items():
        if version == COUNTS:
            out[(year, version, key)] = (dict(counters), [])
    return out


def publish(live: dict, published: dict, lineages: dict, now: str, min_change: int) -> dict:
    """The entries to write: {(year, version, key): {"c": counters, "chg", "as_of", "versions"}}.

    A cohort is (re)published when its change count moved by ``min_change`` since its published figures;
    pledge counts whenever they differ. Everything else keeps its published figures and date."""
    out = {}
    for address, (counters, versions) in combined(live, lineages).items():
        before = published.get(address)
        if address[1] == COUNTS:
            if before is None or before["c"] != counters:
                out[address] = {"c": counters, "chg": 0, "as_of": now, "versions": []}
            continue
        chg = int(counters.get("chg", 0))
        if chg - int(before["chg"] if before else 0) >= min_change:
            out[address] = {"c": {k: v for k, v in counters.items() if k != "chg"}, "chg": chg, "as_of": now,
                            "versions": versions}
    return out
