"""The versioned questionnaire catalogue: the one source of truth for items, weights, texts and actions.

Each version is a JSON file beside this module (``questionnaire-<version>.json``). The loader turns it into
frozen objects the domain works on; nothing else in the code base repeats an item, weight or text.
"""
import json
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

_DIR = Path(__file__).parent
_PREFIX = "questionnaire-"

Text = dict  # {"es": ..., "en": ...}


@dataclass(frozen=True)
class Item:
    id: str
    dimension_id: str
    weight: int
    gate: bool
    na_allowed: bool
    art25: str | None
    target_small: int
    text: Text
    help: Text
    actions: dict  # current level ("0".."3") -> Text

    @property
    def core(self) -> bool:
        return self.weight == 2


@dataclass(frozen=True)
class Dimension:
    id: str
    weight: int
    title: Text
    items: tuple


@dataclass(frozen=True)
class Catalogue:
    version: str
    scale: tuple
    bands: tuple          # ({"min", "label"}, ...) ascending
    gate_cap_band: int    # index into bands
    art25_elements: tuple
    small_sizes: frozenset
    dimensions: tuple
    profile: tuple
    barriers: tuple
    pledge_commitments: tuple
    items: dict = field(default_factory=dict)  # item id -> Item, in questionnaire order
    # {"version", "items": {id here: id there}, "dimensions": {...}, "overall": bool, "barriers": bool}: which
    # parts compare with an earlier version (see domain.versions); None: this version compares with no other
    comparable_to: dict | None = None

    def dimension(self, dimension_id: str) -> Dimension:
        return next(d for d in self.dimensions if d.id == dimension_id)


def _build(raw: dict) -> Catalogue:
    dimensions = tuple(
        Dimension(d["id"], d["weight"], d["title"], tuple(
            Item(i["id"], d["id"], i["weight"], i["gate"], i["na_allowed"], i["art25"], i["target_small"],
                 i["text"], i["help"], i["actions"]) for i in d["items"]))
        for d in raw["dimensions"])
    items = {item.id: item for dim in dimensions for item in dim.items}
    return Catalogue(raw["version"], tuple(raw["scale"]), tuple(raw["bands"]), raw["gate_cap_band"],
                     tuple(raw["art25_elements"]), frozenset(raw["small_sizes"]), dimensions,
                     tuple(raw["profile"]), tuple(raw["barriers"]), tuple(raw["pledge_commitments"]), items,
                     raw.get("comparable_to"))


@cache
def load(version: str) -> Catalogue:
    path = _DIR / f"{_PREFIX}{version}.json"
    if version not in versions():
        raise KeyError(version)
    return _build(json.loads(path.read_text(encoding="utf-8")))


def version_key(version: str) -> tuple:
    """Versions are "YYYY.N" and sort as tuples of integers."""
    return tuple(int(x) for x in version.split("."))


@lru_cache(maxsize=1)
def versions() -> tuple:
    """Known versions, oldest first."""
    return tuple(sorted((p.stem[len(_PREFIX):] for p in _DIR.glob(f"{_PREFIX}*.json")), key=version_key))


def current() -> Catalogue:
    return load(versions()[-1])


@lru_cache(maxsize=1)
def lineages() -> dict:
    """{version: {source version: mapping into it or None}}: which versions' aggregates each version's
    published cohorts combine (itself, and earlier ones its catalogue declares comparable)."""
    from ..domain.versions import lineage
    declared = {v: load(v).comparable_to for v in versions()}
    return {v: lineage(declared, v) for v in versions()}
