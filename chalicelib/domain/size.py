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


def classify(sector: str, employees: int, annual_sales_mxn) -> str:
    group = dof_group(sector)
    by_score = _stratum(combined_score(employees, annual_sales_mxn), _CAPS[group])
    return SIZES[max(by_score, _stratum(employees, _WORKERS[group]))]


def implausible_sales(employees: int, annual_sales_mxn) -> bool:
    """Sales too low for the staff to be likely (the size would come out too small): worth a second look."""
    return employees > 0 and Decimal(str(annual_sales_mxn)) < employees * PLAUSIBLE_SALES_PER_WORKER
