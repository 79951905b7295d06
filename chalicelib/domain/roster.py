"""An attendance roster (CSV or XLSX rows) -> the RFCs to record and the rows to report back. Pure."""
from . import rfc as rfc_rules

RFC_HEADERS = ("rfc", "rfc de la empresa", "company rfc", "rfc empresa", "rfc de empresa")
HEADER_ROWS = 10  # a title or a date above the table: the header is looked for in the first rows


def _name(cell) -> str:
    """A header as people write it: "R.F.C.", " RFC ", "rfc:" are all "rfc"."""
    return " ".join(str(cell or "").casefold().replace(".", "").replace(":", "").split())


def rfc_column(header: list) -> int | None:
    names = [_name(h) for h in header]
    return next((i for i, n in enumerate(names) if n in RFC_HEADERS), None)


def header_at(rows: list) -> tuple:
    """(index of the header row, its RFC column), or (0, None) when none of the first rows has one."""
    for index, row in enumerate(rows[:HEADER_ROWS]):
        column = rfc_column(list(row))
        if column is not None:
            return index, column
    return 0, None


def check(rows: list) -> tuple:
    """rows: the table, header first. Returns ([(row number, rfc)], [(row number, value, error code)]).
    Row numbers are as a spreadsheet shows them (the header is row 1). Bad rows never stop the good ones."""
    if not any(any(str(c or "").strip() for c in row) for row in rows):
        return [], [(1, "", "roster_empty")]
    start, column = header_at(rows)
    if column is None:
        return [], [(1, "", "roster_no_rfc_column")]
    good, bad, seen = [], [], set()
    for number, row in enumerate(rows[start + 1:], start=start + 2):
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
