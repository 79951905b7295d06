"""Use case: rebuild every dashboard tab from the published benchmark snapshot and write them to the sink in one
go."""
import json
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

from .. import catalogue
from ..domain import dashboard, snapshot
from . import common

LAYOUT = Path(__file__).resolve().parent.parent / "sheet_templates" / "dashboard.json"


@lru_cache(maxsize=1)
def layout() -> dict:
    return json.loads(LAYOUT.read_text(encoding="utf-8"))


def layout_titles() -> list:
    return [tab["title"] for tab in layout()["tabs"].values()]


def _years(published: dict, version: str, first_year: int) -> tuple:
    """From the snapshot: year -> {cohort key: counters} for the current questionnaire version (with what it
    combines from comparable earlier ones) and the pledge counts; and year -> the versions in that year's data."""
    years: dict = {}
    versions: dict = {}
    for (year, v, key), entry in published.items():
        if year < first_year:
            continue
        if v in (version, snapshot.COUNTS):
            years.setdefault(year, {}).setdefault(key, {}).update(entry["c"])
        if v != snapshot.COUNTS:
            versions.setdefault(year, set()).update(entry["versions"])
    return years, {y: sorted(vs, key=catalogue.version_key) for y, vs in versions.items()}


def grids(store, now, first_year: int, first_assessment_days: int = 90) -> dict:
    """{tab title: rows}, from the published snapshot: one paged Query, one GetItem for the all-time KPIs, one
    COUNT Query (first assessments overdue) and one of the pledges' renewal dates (active, lapsed): the cost follows
    the years, the cohorts and the pledged companies, never the number of assessments."""
    cat = catalogue.current()
    published = store.published()
    years, versions = _years(published, cat.version, first_year)
    totals = dict(store.kpi_totals())
    totals["overdue"] = store.count_awaiting_first_assessment(common.iso(now - timedelta(days=first_assessment_days)))
    totals["active"], totals["lapsed"] = store.pledge_counts(common.iso(now))
    as_of = max((e["as_of"] for (_, v, _), e in published.items() if v != snapshot.COUNTS), default=None)
    built = dashboard.build(cat, layout(), {y: a for y, a in years.items() if a}, totals, common.iso(now),
                            versions, as_of)
    return {layout()["tabs"][key]["title"]: rows for key, rows in built.items()}


def sync(store, sink, now, first_year: int, first_assessment_days: int = 90) -> dict:
    tabs = grids(store, now, first_year, first_assessment_days)
    requests = sink.write(tabs, layout())
    return {"tabs": len(tabs), "rows": sum(len(r) for r in tabs.values()), "requests": requests}


def report(store, now, year: int, first_assessment_days: int = 90) -> tuple:
    """(tabs, metadata) of one year's policy tables, for the Peer Learning Group's and UNODC's reports: the
    dashboard's grids from the published snapshot, that year's rows only, with what a reader needs to cite them."""
    from ..domain.dashboard import mexico_time
    tabs = grids(store, now, year, first_assessment_days)
    kept = {title: [row for row in rows if not (row and isinstance(row[0], int) and row[0] != year)]
            for title, rows in tabs.items()}
    sync = dict(r for r in tabs[layout()["tabs"]["sync"]["title"]][1:] if len(r) == 2)
    in_data = sync.get("Versiones del cuestionario en los datos", "—")
    meta = {"year": year, "as_of": sync.get("Cifras publicadas al (hora de la Ciudad de México)", "—"),
            "versions": "; ".join(p for p in str(in_data).split(" · ") if p.startswith(f"{year}:")) or "—",
            "k": sync.get("Umbral de supresión (n mínimo)", ""), "generated": mexico_time(common.iso(now))}
    return kept, meta
