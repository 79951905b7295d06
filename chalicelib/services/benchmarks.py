"""Use case: read a published cohort benchmark (n >= 10) from the latest snapshot: the national figures or one
dimension (a state, a size or a sector), never a combination. Within the dimension, complementary suppression:
the hidden cells hold no company or at least 10 together, so national minus the shown cells never isolates
fewer than 10 companies. One paged Query of the published cells of that dimension."""
from .. import catalogue
from ..domain import benchmarks
from ..domain.cohorts import Cohort, parse
from ..domain.suppression import PUBLISHED_MIN, complementary


def _hidden(cells: dict, key: str, counter: str) -> bool:
    """Whether the cell `key` is hidden among its dimension's cells, for one counter (overall or a dimension)."""
    keys = sorted(cells)
    hide = complementary([int(cells[k]["c"].get(f"{counter}_n", 0)) for k in keys], PUBLISHED_MIN)
    return dict(zip(keys, hide, strict=True)).get(key, False)


def read(store, year: int, version: str, cohort: Cohort, lang: str) -> dict:
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
