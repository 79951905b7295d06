"""Query strings read into what the use cases take: parsing is the API's job, never a service's."""
from .. import catalogue
from ..domain import mexico
from ..domain.cohorts import Cohort
from ..domain.size import SIZES
from ..errors import ApiError
from ..services import common


def benchmark_query(params: dict, lang: str, now) -> tuple:
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
