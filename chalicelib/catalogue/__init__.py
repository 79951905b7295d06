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
    art25: str | None
    text: Text
    help: Text
    actions: dict  # current level ("0".."3") -> Text: the next step from there
    title: Text | None = None      # a short name for lists ("Canal de denuncia"); 2026.1 has none
    # when "No aplica" may be chosen: {"when": [conditions]}, each condition {profile question or "size": value or
    # values}, all of which must hold; none holding, it needs a one-line reason. None: never.
    na: dict | None = None
    targets: dict = field(default_factory=dict)        # size -> the level to reach
    actions_small: dict = field(default_factory=dict)  # the micro/small company's next step, where it differs
    action_unknown: Text | None = None                 # for "No sé": whom to ask
    anchors: dict | None = None    # level ("0".."4") -> what that level means for this question
    requires: str | None = None    # an item this one cannot be implemented without (3.6 signing the code: 3.1)

    @property
    def core(self) -> bool:
        return self.weight == 2

    @property
    def na_allowed(self) -> bool:
        return self.na is not None


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
    bands: tuple          # ({"min", "label", "description"}, ...) ascending
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


_SIZES = ("micro", "pequena", "mediana", "grande")


def _item(raw: dict, dimension_id: str, catalogue: dict) -> Item:
    na: dict | None
    if "target_small" in raw:  # 2026.1: one target for small companies, 4 for the rest, and N/A free wherever allowed
        targets = {size: raw["target_small"] if size in catalogue["small_sizes"] else 4 for size in _SIZES}
        na = {"when": [{}]} if raw["na_allowed"] else None
    else:
        targets, na = {**catalogue["targets"], **raw.get("targets", {})}, raw.get("na")
    return Item(raw["id"], dimension_id, raw["weight"], raw["gate"], raw["art25"], raw["text"], raw["help"],
                raw["actions"], raw.get("title"), na, targets, raw.get("actions_small", {}),
                raw.get("action_unknown"), raw.get("anchors"), raw.get("requires"))


def _build(raw: dict) -> Catalogue:
    dimensions = tuple(Dimension(d["id"], d["weight"], d["title"], tuple(_item(i, d["id"], raw) for i in d["items"]))
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
