"""Use case: read a published cohort benchmark (n >= 10): the national figures or one dimension (a state, a size
or a sector), never a combination. Within the dimension, complementary suppression: the hidden cells hold no
company or at least 10 together, so national minus the shown cells never isolates fewer than 10 companies.
Reads the year's single-dimension aggregates in one paged Query."""
from ..domain import benchmarks, mexico
from ..domain.cohorts import Cohort, parse
from ..domain.size import SIZES
from ..domain.suppression import PUBLISHED_MIN, complementary
from ..errors import ApiError
from . import common


def parse_query(params: dict, lang: str, now) -> tuple:
    """(year, Cohort) from optional year/state/size/sector query parameters, or a 400 listing the bad ones."""
    errors, year = [], common.mexico_year(now)
    if params.get("year"):
        raw = params["year"]
        if raw.isascii() and raw.isdigit() and 2000 <= int(raw) <= 2100:
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
    if sum(1 for v in (state, size, sector) if v) > 1:
        errors.append(("query", "benchmark_one_dimension", {}))
    if errors:
        raise ApiError(400, "bad_query", lang, errors)
    return year, Cohort(state=state, size=size, sector=sector)


def _hidden(cells: dict, key: str, counter: str) -> bool:
    """Whether the cell `key` is hidden among its dimension's cells, for one counter (overall or a dimension)."""
    keys = sorted(cells)
    hide = complementary([int(cells[k].get(f"{counter}_n", 0)) for k in keys], PUBLISHED_MIN)
    return dict(zip(keys, hide)).get(key, False)


def read(store, cat, params: dict, lang: str, now) -> dict:
    year, cohort = parse_query(params, lang, now)
    if not cohort.shape:
        result = benchmarks.published(cat, cohort, store.aggregate(year, cohort.key), lang)
    else:
        field = cohort.shape[0]
        prefix = cohort.key.split("=", 1)[0] + "="  # "st=", "sz=" or "sc=": that dimension's cohorts
        cells = {k: a for k, a in store.aggregates_for_year(year, prefix).items() if parse(k).shape == (field,)}
        mine = cells.get(cohort.key, {})
        result = benchmarks.published(
            cat, cohort, mine, lang, hidden=_hidden(cells, cohort.key, "o"),
            hidden_dims={d.id for d in cat.dimensions if _hidden(cells, cohort.key, d.id)})
    if "cohort" in result:
        result["year"] = year
    return result



