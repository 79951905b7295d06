"""Use case: read a published cohort benchmark (n >= 10) from the latest snapshot: the national figures or one
dimension (a state, a size or a sector), never a combination. Within the dimension, complementary suppression:
the hidden cells hold no company or at least 10 together, so national minus the shown cells never isolates
fewer than 10 companies. One paged Query of the published cells of that dimension."""
from .. import catalogue
from ..domain import benchmarks, mexico
from ..domain.cohorts import Cohort, parse
from ..domain.size import SIZES
from ..domain.suppression import PUBLISHED_MIN, complementary
from ..errors import ApiError
from . import common


def parse_query(params: dict, lang: str, now) -> tuple:
    """(year, version, Cohort) from optional year/version/state/size/sector query parameters, or a 400 listing
    the bad ones."""
    errors, year = [], common.mexico_year(now)
    version = params.get("version") or catalogue.versions()[-1]
    if version not in catalogue.versions():
        errors.append(("version", "version_unknown", {"expected": ", ".join(catalogue.versions())}))
    if "year" in params:  # given, it must be a year: "year=" is no default
        raw = params["year"]
        if len(raw) == 4 and raw.isascii() and raw.isdigit() and 2000 <= int(raw) <= 2100:
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
    return year, version, Cohort(state=state, size=size, sector=sector)


def _hidden(cells: dict, key: str, counter: str) -> bool:
    """Whether the cell `key` is hidden among its dimension's cells, for one counter (overall or a dimension)."""
    keys = sorted(cells)
    hide = complementary([int(cells[k]["c"].get(f"{counter}_n", 0)) for k in keys], PUBLISHED_MIN)
    return dict(zip(keys, hide)).get(key, False)


def read(store, params: dict, lang: str, now) -> dict:
    year, version, cohort = parse_query(params, lang, now)
    cat = catalogue.load(version)
    field = cohort.shape[0] if cohort.shape else None
    prefix = cohort.key.split("=", 1)[0] + "=" if field else "national"  # "st=", "sz=", "sc=": that dimension
    cells = {key: entry for (_, _, key), entry in store.published(year, version, prefix).items()
             if parse(key).shape == cohort.shape[:1]}
    mine = cells.get(cohort.key)
    if not field:
        result = benchmarks.published(cat, cohort, mine, lang)
    else:
        result = benchmarks.published(
            cat, cohort, mine, lang, hidden=_hidden(cells, cohort.key, "o"),
            hidden_dims={d.id for d in cat.dimensions if _hidden(cells, cohort.key, d.id)})
    if "cohort" in result:
        result.update(year=year, questionnaire_version=version)
    return result
