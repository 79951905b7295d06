"""Company size under the DOF 30-Jun-2009 stratification: the combined score against each sector group's caps,
and the Acuerdo's worker ranges; the larger of the two strata counts (a 300-person firm is never "pequeña" because
its sales are low)."""
from decimal import Decimal

from .mexico import dof_group

SIZES = ("micro", "pequena", "mediana", "grande")

# Tope máximo combinado per DOF group: micro, pequeña, mediana. Above mediana is grande.
_CAPS = {
    "industria": (Decimal("4.6"), Decimal("95"), Decimal("250")),
    "comercio": (Decimal("4.6"), Decimal("93"), Decimal("235")),
    "servicios": (Decimal("4.6"), Decimal("95"), Decimal("235")),
}


def combined_score(employees: int, annual_sales_mxn) -> Decimal:
    """p = 0.1·employees + 0.9·sales in MXN millions, exact (Decimal) so that the caps compare exactly."""
    sales = Decimal(str(annual_sales_mxn))
    return Decimal(employees) / 10 + Decimal(9) * sales / Decimal(10_000_000)


# Most workers per DOF group: micro, pequeña, mediana. Above mediana is grande.
_WORKERS = {"industria": (10, 50, 250), "comercio": (10, 30, 100), "servicios": (10, 50, 100)}
PLAUSIBLE_SALES_PER_WORKER = 50_000  # MXN a year: below it, "12" was probably meant as 12 millones


def _stratum(value, caps) -> int:
    return next((i for i, cap in enumerate(caps) if value <= cap), len(caps))


# Sales given as a range instead of an amount, in MXN millions: the Acuerdo's own sales ranges per stratum (the
# same for every sector group), so a range names its stratum directly
SALES_BANDS = ("0-4", "4-100", "100-250", "250+")


def classify(sector: str, employees: int, annual_sales_mxn, sales_band: str | None = None) -> str:
    """The larger of the workers' stratum and the sales' one: the combined score for an amount, the range's own
    stratum for a range."""
    group = dof_group(sector)
    if annual_sales_mxn is None and sales_band in SALES_BANDS:
        by_sales = SALES_BANDS.index(sales_band)
    else:
        by_sales = _stratum(combined_score(employees, annual_sales_mxn or 0), _CAPS[group])
    return SIZES[max(by_sales, _stratum(employees, _WORKERS[group]))]


def implausible_sales(employees: int, annual_sales_mxn) -> bool:
    """Sales too low for the staff to be likely (the size would come out too small): worth a second look. A
    range says nothing to check."""
    return annual_sales_mxn is not None and employees > 0 and \
        Decimal(str(annual_sales_mxn)) < employees * PLAUSIBLE_SALES_PER_WORKER
