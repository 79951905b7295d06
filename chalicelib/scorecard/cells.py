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


# Wrapped text needs rows tall enough for it, or Excel and LibreOffice cut it off (and print it so). Column widths
# are in characters of the sheet's default font; a proportional font fits about that many letters of running
# text, less a margin for wide letters and the cell's padding.
FIT = 1.0
LINE = 1.3  # a line's height, in points, per point of font size


def lines(value, width: float, size: float = 10) -> int:
    """How many lines ``value`` wraps to in a column ``width`` characters wide, word by word."""
    per_line = max(1, int(width * FIT * 11 / size))
    count = 0
    for paragraph in text(value).split("\n"):
        used, n = 0, 1
        for word in paragraph.split():
            if used and used + 1 + len(word) > per_line:
                n, used = n + 1, 0
            if len(word) > per_line:  # a word longer than the line breaks where it must
                n += (len(word) - 1) // per_line
                used = len(word) % per_line or per_line
            else:
                used += (1 if used else 0) + len(word)
        count += n
    return count


def height(value, width: float, size: float = 10) -> float:
    """Points a row needs for ``value`` wrapped in ``width`` characters at ``size`` points."""
    return round(lines(value, width, size) * size * LINE + 4, 1)
