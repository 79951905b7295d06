"""Peer cohorts per year: which aggregates a submission updates and the fallback order for small cohorts."""
from dataclasses import dataclass

from .mexico import REGION_NAMES, SECTOR_GROUP_NAMES, SECTORS, STATES, region_of, sector_group_of

FIELDS = ("state", "region", "size", "sector", "group")
_SHORT = {"state": "st", "region": "rg", "size": "sz", "sector": "sc", "group": "sg"}

# Every cohort an assessment contributes to: national, each dimension, each pair, the triple, and the regional
# and sector-group cohorts of the company's fallback.
SHAPES = ((), ("state",), ("size",), ("sector",), ("state", "size"), ("state", "sector"), ("size", "sector"),
          ("state", "size", "sector"), ("region", "size"), ("region", "size", "sector"), ("size", "group"))
# Most specific first: the first with enough peers is shown to the company. Never across sizes: a micro
# company is compared with micro companies only.
FALLBACK = (("state", "size", "sector"), ("region", "size", "sector"), ("size", "sector"), ("size", "group"),
            ("size",))

SIZE_NAMES = {
    "micro": {"es": "Microempresas", "en": "Micro companies"},
    "pequena": {"es": "Pequeñas empresas", "en": "Small companies"},
    "mediana": {"es": "Medianas empresas", "en": "Medium-sized companies"},
    "grande": {"es": "Grandes empresas", "en": "Large companies"},
}
_ALL = {"es": "Todas las empresas", "en": "All companies"}
_NATIONAL = {"es": "nacional", "en": "national"}
_CYCLE = {"es": "ciclo {year}, el más reciente con suficientes empresas comparables",
          "en": "{year} cycle, the latest with enough comparable companies"}


@dataclass(frozen=True)
class Cohort:
    state: str | None = None
    region: str | None = None
    size: str | None = None
    sector: str | None = None
    group: str | None = None

    @property
    def key(self) -> str:
        parts = [f"{_SHORT[f]}={getattr(self, f)}" for f in FIELDS if getattr(self, f) is not None]
        return "|".join(parts) or "national"

    @property
    def shape(self) -> tuple:
        return tuple(f for f in FIELDS if getattr(self, f) is not None)

    @property
    def detailed(self) -> bool:
        """National and single-dimension cohorts also keep item, barrier and band counters."""
        return len(self.shape) <= 1

    def label(self, lang: str) -> str:
        head = SIZE_NAMES[self.size][lang] if self.size else _ALL[lang]
        parts = [head]
        if self.sector:
            parts.append(SECTORS[self.sector][lang])
        if self.group:
            parts.append(SECTOR_GROUP_NAMES[self.group][lang])
        if self.state:
            parts.append(STATES[self.state])
        if self.region:
            parts.append(REGION_NAMES[self.region][lang])
        if len(parts) == 1:
            parts.append(_NATIONAL[lang])
        return " · ".join(parts)

    def public(self, lang: str, cycle: int | None = None) -> dict:
        """What a reader is told of the cohort; ``cycle``: an earlier year's figures, said in the label."""
        label = self.label(lang) if cycle is None else f"{self.label(lang)} · {_CYCLE[lang].format(year=cycle)}"
        return {"state": self.state, "size": self.size, "sector": self.sector, "label": label}


def parse(key: str) -> Cohort:
    """The inverse of ``Cohort.key``."""
    if key == "national":
        return Cohort()
    long = {v: k for k, v in _SHORT.items()}
    return Cohort(**{long[name]: value for name, value in (part.split("=", 1) for part in key.split("|"))})


def of(profile: dict, shape: tuple) -> Cohort:
    """The cohort of a given shape for a profile with state, size and sector."""
    values = {"state": profile["state"], "size": profile["size"], "sector": profile["sector"],
              "region": region_of(profile["state"]), "group": sector_group_of(profile["sector"])}
    return Cohort(**{f: values[f] for f in shape})


def all_for(profile: dict) -> tuple:
    return tuple(of(profile, shape) for shape in SHAPES)


def fallback_for(profile: dict) -> tuple:
    return tuple(of(profile, shape) for shape in FALLBACK)
