"""Company size under the DOF 30-Jun-2009 stratification (combined score against each sector group's caps)."""
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


def classify(sector: str, employees: int, annual_sales_mxn) -> str:
    score = combined_score(employees, annual_sales_mxn)
    for size, cap in zip(SIZES, _CAPS[dof_group(sector)], strict=False):
        if score <= cap:
            return size
    return "grande"
