"""Text for a spreadsheet cell: what Excel and LibreOffice can hold, and never a formula.

Validation already refuses control characters in what people type; this is the edge's own guard, for text
stored before that rule or coming from elsewhere (defence in depth): openpyxl refuses them outright.
"""
import re

# The characters XML 1.0 cannot carry (openpyxl's ILLEGAL_CHARACTERS_RE), without importing openpyxl here.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def text(value) -> str:
    return _ILLEGAL.sub("", str(value))


def put(ws, row: int, col: int, value) -> None:
    """A string cell even when the text starts with "=" (openpyxl would otherwise store a formula)."""
    cell = ws.cell(row=row, column=col, value=None if value is None else text(value))
    if value is not None:
        cell.data_type = "s"
