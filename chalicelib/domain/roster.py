"""An attendance roster (CSV or XLSX rows) -> the RFCs to record and the rows to report back. Pure."""
from . import rfc as rfc_rules

RFC_HEADERS = ("rfc", "rfc de la empresa", "company rfc")


def rfc_column(header: list) -> int | None:
    names = [str(h or "").strip().casefold() for h in header]
    return next((i for i, n in enumerate(names) if n in RFC_HEADERS), None)


def check(rows: list) -> tuple:
    """rows: the table, header first. Returns ([(row number, rfc)], [(row number, value, error code)]).
    Row numbers are as a spreadsheet shows them (the header is row 1). Bad rows never stop the good ones."""
    if not rows:
        return [], [(1, "", "roster_empty")]
    column = rfc_column(rows[0])
    if column is None:
        return [], [(1, "", "roster_no_rfc_column")]
    good, bad, seen = [], [], set()
    for number, row in enumerate(rows[1:], start=2):
        value = str(row[column] if column < len(row) and row[column] is not None else "").strip()
        if not value and not any(str(c or "").strip() for c in row):
            continue  # a blank line
        result = rfc_rules.check(value)
        if result.error:
            bad.append((number, value, result.error))
        elif result.rfc in seen:
            bad.append((number, value, "roster_duplicate"))
        else:
            seen.add(result.rfc)
            good.append((number, result.rfc))
    return good, bad
