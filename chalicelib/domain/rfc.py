"""RFC checks: strict format and date (python-stdnum); a wrong check digit is only a warning."""
from dataclasses import dataclass

from stdnum.exceptions import ValidationError
from stdnum.mx import rfc as stdnum_rfc

# Generic RFCs (público en general, extranjeros) name no single company.
GENERIC = frozenset({"XAXX010101000", "XEXX010101000"})


@dataclass(frozen=True)
class RfcCheck:
    rfc: str | None          # normalised RFC, None when invalid
    error: str | None        # message key when invalid
    check_digit_ok: bool = True
    persona: str | None = None   # "moral" (12 chars) or "fisica" (13)


def check(value: str) -> RfcCheck:
    compact = stdnum_rfc.compact(value)
    if compact in GENERIC:
        return RfcCheck(None, "rfc_generic")
    if len(compact) not in (12, 13):
        return RfcCheck(None, "rfc_invalid")
    try:
        stdnum_rfc.validate(compact, validate_check_digits=False)
    except ValidationError:
        return RfcCheck(None, "rfc_invalid")
    try:
        digit_ok = stdnum_rfc.calc_check_digit(compact[:-1]) == compact[-1]
    except Exception:  # an unusual character the check-digit table does not know
        digit_ok = False
    return RfcCheck(compact, None, digit_ok, "moral" if len(compact) == 12 else "fisica")
