"""Use case: read a published cohort benchmark (n >= 10). One GetItem, whatever the number of assessments."""
from ..domain import benchmarks, mexico
from ..domain.cohorts import Cohort
from ..domain.size import SIZES
from ..errors import ApiError
from . import common


def parse_query(params: dict, lang: str, now) -> tuple:
    """(year, Cohort) from optional year/state/size/sector query parameters, or a 400 listing the bad ones."""
    errors, year = [], common.mexico_year(now)
    if params.get("year"):
        raw = params["year"]
        if raw.isdigit() and 2000 <= int(raw) <= 2100:
            year = int(raw)
        else:
            errors.append(("year", "year_invalid", {}))
    state, size, sector = params.get("state") or None, params.get("size") or None, params.get("sector") or None
    if state and state not in mexico.STATES:
        errors.append(("state", "state_unknown", {}))
    if size and size not in SIZES:
        errors.append(("size", "size_unknown", {"expected": ", ".join(SIZES)}))
    if sector:
        sector = mexico.normalise_sector(sector)
        if sector is None:
            errors.append(("sector", "sector_unknown", {}))
    if errors:
        raise ApiError(400, "bad_query", lang, errors)
    return year, Cohort(state=state, size=size, sector=sector)


def read(store, cat, params: dict, lang: str, now) -> dict:
    year, cohort = parse_query(params, lang, now)
    result = benchmarks.published(cat, cohort, store.aggregate(year, cohort.key), lang)
    if "cohort" in result:
        result["year"] = year
    return result
