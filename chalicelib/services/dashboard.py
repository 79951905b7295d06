"""Use case: rebuild every dashboard tab from the aggregate items and write them to the sink in one go."""
import json
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

from .. import catalogue
from ..domain import dashboard
from . import common

LAYOUT = Path(__file__).resolve().parent.parent / "sheet_templates" / "dashboard.json"


@lru_cache(maxsize=1)
def layout() -> dict:
    return json.loads(LAYOUT.read_text(encoding="utf-8"))


def layout_titles() -> list:
    return [tab["title"] for tab in layout()["tabs"].values()]


def grids(store, now, first_year: int, first_assessment_days: int = 90) -> dict:
    """{tab title: rows}. One Query per year of aggregates, one GetItem and one COUNT Query for the all-time
    KPIs: the cost follows the years and cohorts, never the number of assessments."""
    years = {y: store.aggregates_for_year(y) for y in range(first_year, common.mexico_year(now) + 1)}
    totals = dict(store.aggregate("all", "kpi"))
    totals["overdue"] = store.count_awaiting_first_assessment(common.iso(now - timedelta(days=first_assessment_days)))
    built = dashboard.build(catalogue.current(), layout(), {y: a for y, a in years.items() if a}, totals,
                            common.iso(now), list(catalogue.versions()))
    return {layout()["tabs"][key]["title"]: rows for key, rows in built.items()}


def sync(store, sink, now, first_year: int, first_assessment_days: int = 90) -> dict:
    tabs = grids(store, now, first_year, first_assessment_days)
    requests = sink.write(tabs, layout())
    return {"tabs": len(tabs), "rows": sum(len(r) for r in tabs.values()), "requests": requests}
