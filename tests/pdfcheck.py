"""Reading a rendered PDF back: its pages, its words and where they sit (poppler's pdftotext and pdftoppm)."""
import html
import re
import subprocess
from collections import Counter
from pathlib import Path

_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


def words(pdf: Path) -> list:
    """(page, x0, y0, x1, y1, text) for every word LibreOffice drew."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    found, page = [], 0
    for line in out.splitlines():
        if "<page " in line:
            page += 1
        for m in _WORD.finditer(line):
            x0, y0, x1, y1 = (float(v) for v in m.groups()[:4])
            text = html.unescape(m.group(5))
            found.append((page, x0, y0, x1, y1, text))
    return found


def overlapping(found: list, slack: float = 0.5) -> list:
    """Pairs of words drawn on top of each other: text cut off by a row too short, or spilling into the next
    cell. Consecutive lines of one paragraph touch (a word's box includes its accents and descenders): only a
    third of a line's height or more counts."""
    bad = []
    by_page: dict = {}
    for w in found:
        by_page.setdefault(w[0], []).append(w)
    for page in by_page.values():
        page.sort(key=lambda w: w[2])
        for i, a in enumerate(page):
            for b in page[i + 1:]:
                if b[2] >= a[4]:  # b starts below a: so do all the rest
                    break
                vertical = min(a[4], b[4]) - max(a[2], b[2])
                if vertical > min(a[4] - a[2], b[4] - b[2]) / 3 and min(a[3], b[3]) - max(a[1], b[1]) > slack:
                    bad.append((a, b))
    return bad


def missing(found: list, texts: list) -> list:
    """Words of the given cell texts that the PDF shows fewer times than the cells hold them: clipped away, or
    broken in two by a column too narrow for them."""
    def parts(words):  # a line may break after a hyphen ("high-" / "risk"): compare the pieces
        return (piece for word in words for piece in word.replace("-", "- ").split())
    drawn = Counter(parts(w[5] for w in found))
    wanted = Counter(parts(word for text in texts for word in str(text).split()))
    return sorted(word for word, n in wanted.items() if drawn[word] < n)


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    found = re.search(r"Pages:\s+(\d+)", info)
    return int(found.group(1)) if found else 0


def screenshots(pdf: Path, prefix: Path, dpi: int = 60) -> list:
    """One PNG per page, for a person to look at."""
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(prefix)], check=True)
    return sorted(prefix.parent.glob(prefix.name + "-*.png"))
