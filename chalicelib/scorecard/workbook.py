"""The Excel scorecard, built with openpyxl from the stored assessment and the layout in sheet_templates/.

Every number comes from the stored API result, so the workbook and the API response never disagree. Text that
came from a user is always written as a string cell, never as a formula. It is meant to be read on paper too:
one font that Excel and LibreOffice both have (Arial, or its metric twin Liberation Sans), rows as tall as their
wrapped text, the action plan in landscape, every sheet fitted to the page's width.
"""
import io
import json
from functools import lru_cache
from pathlib import Path

from ..domain.scoring import MET_LEVEL, level
from ..i18n import message, mexico_date, pick
from . import cells

LAYOUT = Path(__file__).resolve().parent.parent / "sheet_templates" / "scorecard.json"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@lru_cache(maxsize=1)
def layout() -> dict:
    return json.loads(LAYOUT.read_text(encoding="utf-8"))


put_text = cells.put


def ordinal(n: int, lang: str) -> str:
    """1ª, 2ª … (prioridad) / 1st, 2nd, 3rd, 4th …"""
    if lang == "es":
        return f"{n}ª"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


class _Book:
    def __init__(self, cat, ctx: dict):
        from openpyxl import Workbook
        self.cat, self.ctx, self.lay = cat, ctx, layout()
        self.record = ctx["assessment"]
        self.result = json.loads(self.record["result"])
        self.lang = self.record["lang"]
        self.size = self.record["company"].get("size", "")
        self.wb = Workbook()
        self.wb.remove(self.wb.active)
        self.widths: dict = {}
        self.styles: set = set()

    def t(self, key: str, **params) -> str:
        text = pick(self.lay["texts"][key], self.lang)
        return text.format(**params) if params else text

    def sheet(self, key: str):
        from openpyxl.worksheet.page import PageMargins
        spec = self.lay["sheets"][key]
        ws = self.wb.create_sheet(pick(spec["title"], self.lang))
        self.widths[ws.title] = spec["widths"]
        for i, width in enumerate(spec["widths"], start=1):
            ws.column_dimensions[_col(i)].width = width
        ws.page_setup.paperSize = ws.PAPERSIZE_LETTER  # Carta: what Mexican offices print on
        ws.page_setup.orientation = "landscape" if spec["landscape"] else "portrait"
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.25, footer=0.25)
        # every printed page says whose it is and which it is ("&" is a header code: doubled in a name)
        ws.oddHeader.left.text = cells.text(self.record["company"].get("name", "")).replace("&", "&&")
        ws.oddHeader.right.text = f"{self.record.get('year', '')} · {pick(spec['title'], self.lang)}"
        ws.oddFooter.right.text = self.t("page")
        for part in (ws.oddHeader.left, ws.oddHeader.right, ws.oddFooter.right):
            part.size = 8
        return ws

    def width(self, ws, col: int, span: int = 1) -> float:
        widths = self.widths[ws.title]
        return sum(widths[c - 1] if c <= len(widths) else 9 for c in range(col, col + span))

    def put(self, ws, row: int, col: int, value, *, span: int = 1, size: float = 10, bold: bool = False,
            fill: str | None = None, wrap: bool = True, center: bool = False, fmt: str | None = None,
            colour: str | None = None, boxed: bool = False):
        """One cell (merged over ``span`` columns), in the workbook's font, its row as tall as its text needs."""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            cell = ws.cell(row=row, column=col, value=value)
        else:
            put_text(ws, row, col, value)
            cell = ws.cell(row=row, column=col)
        if span > 1:
            ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=col + span - 1)
        cell.style = self.style(size, bold, fill, wrap, center, fmt, colour, boxed)
        if fill:
            for c in range(col + 1, col + span):
                ws.cell(row=row, column=c).style = cell.style
        if value not in (None, "") and not isinstance(value, (int, float)):
            needed = cells.height(value, self.width(ws, col, span), size) if wrap else size * cells.LINE + 4
            ws.row_dimensions[row].height = max(ws.row_dimensions[row].height or 0, needed)
        return cell

    def style(self, size: float, bold: bool, fill: str | None, wrap: bool, center: bool, fmt: str | None,
              colour: str | None = None, boxed: bool = False) -> str:
        """A named style per look, made once: setting one name is much cheaper than a font, a fill, a border and
        an alignment on every cell (the workbook has thousands)."""
        name = f"i-{size}-{int(bold)}-{fill or ''}-{int(wrap)}-{int(center)}-{fmt or ''}-{colour or ''}-{int(boxed)}"
        if name not in self.styles:
            from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
            named = NamedStyle(name=name, font=Font(name=self.lay["font"], size=size, bold=bold, color=colour),
                               alignment=Alignment(wrap_text=wrap, vertical="top",
                                                   horizontal="center" if center else None))
            if boxed:  # a box to write in
                line = Side(style="thin", color="9AA5B1")
                named.border = Border(left=line, right=line, top=line, bottom=line)
            if fill:
                named.fill = PatternFill("solid", fgColor=fill)
            if fmt:
                named.number_format = fmt
            self.wb.add_named_style(named)
            self.styles.add(name)
        return name

    def header(self, ws, row: int, labels, repeat: bool = True) -> None:
        """Column headings; ``repeat``: printed again on every page (not above a chart that crosses a page)."""
        for col, label in enumerate(labels, start=1):
            self.put(ws, row, col, pick(label, self.lang) if isinstance(label, dict) else label, bold=True,
                     fill=self.lay["header_fill"], colour=self.lay["header_font"])
        ws.freeze_panes = ws.cell(row=row + 1, column=1)
        if repeat:
            ws.print_title_rows = f"{row}:{row}"

    def band_colours(self, ws, cells_range: str) -> None:
        """Fill score cells with their band's colour (conditional formatting, so edits recolour too)."""
        from openpyxl.formatting.rule import FormulaRule
        from openpyxl.styles import PatternFill
        first = cells_range.split(":")[0]
        bounds = [b["min"] for b in self.cat.bands] + [None]
        for i, fill in enumerate(self.lay["band_fills"]):
            low, high = bounds[i], bounds[i + 1]
            test = f"AND(ISNUMBER({first}),{first}>={low}" + (f",{first}<{high})" if high is not None else ")")
            ws.conditional_formatting.add(cells_range,
                                          FormulaRule(formula=[test], fill=PatternFill("solid", bgColor=fill)))

    # ---- what the sheets share ----
    def item_name(self, item_id: str) -> str:
        from ..services.present import title
        item = self.cat.items.get(item_id)
        return f"{item_id} {title(item, self.lang)}" if item else item_id

    def answer_label(self, answer) -> str:
        value = int(answer) if not isinstance(answer, str) else answer
        scale = next((s for s in self.cat.scale if s["value"] == value), None)
        if scale is None:
            return str(answer)
        return f"{value} · {pick(scale['label'], self.lang)}" if isinstance(value, int) else pick(scale["label"],
                                                                                                  self.lang)

    def meaning(self, item, answer) -> str:
        """What an answer means for this question: the item's own anchor where it has one, else the scale's."""
        if answer == "na":
            reason = (self.record.get("na_reasons") or {}).get(item.id)
            return self.t("reason", reason=reason) if reason else self.t("na_profile")
        if answer == "unknown" and item.action_unknown:
            return pick(item.action_unknown, self.lang)
        key = str(answer)
        if item.anchors and key in item.anchors:
            return pick(item.anchors[key], self.lang)
        return self.scale_text(int(answer) if key.isdigit() else answer)

    def scale_text(self, value) -> str:
        scale = next((s for s in self.cat.scale if s["value"] == value), None)
        return pick(scale["description"], self.lang) if scale else ""

    # ---- the front sheet: what the scorecard says, on one page ----
    def front(self) -> None:
        from openpyxl.styles import Border, Font, Side
        ws, score = self.sheet("front"), self.result["score"]
        ws.page_setup.fitToHeight = 1  # the scorecard itself: one page
        company = self.record["company"]
        from ..domain.cohorts import SIZE_NAMES
        year = self.record.get("year") or self.record["created_at"][:4]
        self.put(ws, 1, 1, self.t("heading", year=year), span=6, size=16, bold=True)
        self.put(ws, 2, 1, company["name"], span=6, size=13, bold=True)
        self.put(ws, 3, 1, self.t("about", rfc=company["rfc"], size=pick(SIZE_NAMES[company["size"]], self.lang),
                                  date=mexico_date(self.record["created_at"], self.lang),
                                  version=self.record["questionnaire_version"]), span=6)
        band = next((i for i, b in enumerate(self.cat.bands) if pick(b["label"], self.lang) == score["band"]), None)
        fill = self.lay["band_fills"][band] if band is not None else None
        self.put(ws, 5, 1, self.t("overall"), span=2, size=12, bold=True)
        big = self.put(ws, 5, 3, score["overall"], size=28, bold=True, fill=fill, fmt="0", center=True)
        ws.merge_cells(start_row=5, start_column=3, end_row=6, end_column=4)
        big.font = Font(name=self.lay["font"], size=28, bold=True)
        self.put(ws, 5, 5, score["band"] or "", span=2, size=14, bold=True)
        self.put(ws, 6, 5, self.t("of_100"), span=2)
        for row in (5, 6):
            ws.row_dimensions[row].height = 24
        # the band scale, the company's band marked
        self.put(ws, 8, 1, self.t("scale"), bold=True)
        bounds = [b["min"] for b in self.cat.bands] + [101]
        thick = Side(style="thick", color="0B0C0C")
        for i, b in enumerate(self.cat.bands):
            cell = self.put(ws, 8, 2 + i, self.t("band_range", label=pick(b["label"], self.lang), low=b["min"],
                                                  high=bounds[i + 1] - 1), fill=self.lay["band_fills"][i],
                            center=True, bold=i == band)
            if i == band:
                cell.border = Border(left=thick, right=thick, top=thick, bottom=thick)
        row = 9
        if band is not None:
            this = self.cat.bands[band]
            words = {"band": pick(this["label"], self.lang), "description": pick(this.get("description") or {
                "es": "", "en": ""}, self.lang)}
            if band + 1 < len(self.cat.bands):
                upper = self.cat.bands[band + 1]
                from ..domain.scoring import shown
                short = upper["min"] - (shown(score["overall"]) or 0)
                gap = self.t("gap_one") if short == 1 else self.t("gap_many", n=short)
                said = self.t("next_band", next=pick(upper["label"], self.lang), min=upper["min"], gap=gap, **words)
            else:
                said = self.t("top_band", **words)
            self.put(ws, row, 1, said.replace(":  ", ": "), span=6)
            row += 1
        if score.get("cap_reason"):
            self.put(ws, row, 1, score["cap_reason"], span=6, bold=True, fill=self.lay["band_fills"][0])
            row += 1
        self.put(ws, row, 1, self.peers_text(), span=6)
        row = self.art25_block(ws, row + 2)
        row = self.to_check_block(ws, row + 1)
        gates = [self.item_name(i.id) for i in self.cat.items.values() if i.gate]
        self.put(ws, row + 1, 1, self.t("how_title"), span=6, bold=True, fill=self.lay["box_fill"])
        self.put(ws, row + 2, 1, self.t("how", gates=self.t("and").join(gates), dims=len(self.cat.dimensions),
                                        cap=pick(self.cat.bands[self.cat.gate_cap_band]["label"], self.lang)),
                 span=6, fill=self.lay["box_fill"])

    def peers_text(self) -> str:
        bench = self.result["benchmark"]
        if bench.get("suppressed"):
            return self.t("no_peers", n_min=bench["n_min"])
        position = message("position_" + bench["position"], self.lang) if bench.get("position") else ""
        as_of = mexico_date(bench["as_of"], self.lang) if bench.get("as_of") else "—"
        said = self.t("peers", cohort=bench["cohort"]["label"], n=bench["n"], as_of=as_of,
                      mean=bench["overall"]["mean"], position=position).strip()
        if bench.get("percentile") is not None:  # only among 10 or more peers
            said += self.t("percentile", p=bench["percentile"])
        return said

    def art25_block(self, ws, row: int) -> int:
        from openpyxl.styles import Font
        art = self.result["art25"]
        heading = self.t("art25", implemented=art["implemented"], of=art["of"]) if "implemented" in art else \
            self.t("art25_met", met=art["met"], of=art["of"])
        self.put(ws, row, 1, heading, span=6, size=12, bold=True)
        answers = self.record["answers"]
        for element in art["elements"]:
            row += 1
            state = element.get("state") or ("met" if element["met"] else "not_met")
            # what holds it back: below 2 for "No cumple", below 3 for "Documentado"
            bar = 3 if state in ("documented", "met") else MET_LEVEL
            blocking = [i for i in element["items"]
                        if answers.get(i) != "na" and (level(answers.get(i, 0)) or 0) < bar]
            self.put(ws, row, 1, f"{element['id']}. {element['title']}", span=3)
            cell = self.put(ws, row, 4, self.t(state), fill=self.lay["state_fills"][state], center=True)
            cell.font = Font(name=self.lay["font"], size=10, bold=True)
            self.put(ws, row, 5, self.t("missing", items="; ".join(self.item_name(i) for i in blocking))
                     if blocking and state != "implemented" else self.t("complete"), span=2)
        self.put(ws, row + 1, 1, art["note"], span=6, size=9)
        return row + 2

    def to_check_block(self, ws, row: int) -> int:
        unsure = self.result.get("to_check")
        if unsure is None:  # results stored before the list: the catalogue's own words
            from ..domain.scoring import next_step
            unsure = [{"item_id": i, "action": pick(next_step(self.cat, self.cat.items[i], "unknown", self.size),
                                                    self.lang)}
                      for i in self.result.get("unknown_items") or [] if i in self.cat.items]
        if not unsure:
            return row
        self.put(ws, row, 1, self.t("to_check"), span=6, size=12, bold=True)
        for entry in unsure:
            row += 1
            self.put(ws, row, 1, f"{self.item_name(entry['item_id'])}: {entry['action']}", span=6)
        return row + 1

    # ---- the action plan: landscape, the next 90 days first ----
    def actions(self) -> None:
        from openpyxl.worksheet.datavalidation import DataValidation
        ws, gaps = self.sheet("actions"), self.result["gaps"]
        columns = len(self.lay["columns"]["actions"])
        self.put(ws, 1, 1, self.t("plan_title"), span=columns, size=14, bold=True)
        self.put(ws, 2, 1, self.t("plan_intro"), span=columns)
        if not gaps:
            self.put(ws, 4, 1, self.t("no_gaps"), span=columns)
            return
        self.put(ws, 3, 1, self.t("first_90"), span=columns, size=12, bold=True, fill=self.lay["section_fill"])
        self.header(ws, 4, self.lay["columns"]["actions"])
        row, rows = 4, []
        for n, gap in enumerate(gaps[:5], start=1):
            row += 1
            self.gap_row(ws, row, n, gap)
            rows.append(row)
        if len(gaps) > 5:
            row += 1
            self.put(ws, row, 1, self.t("then"), span=columns, size=12, bold=True, fill=self.lay["section_fill"])
            by_dimension: dict = {d.id: [] for d in self.cat.dimensions}
            for n, gap in enumerate(gaps[5:], start=6):
                by_dimension.setdefault(gap["dimension_id"], []).append((n, gap))
            for dim in self.cat.dimensions:
                if not by_dimension[dim.id]:
                    continue
                row += 1
                self.put(ws, row, 1, f"{dim.id} {pick(dim.title, self.lang)}", span=columns, bold=True,
                         fill=self.lay["box_fill"])
                for n, gap in by_dimension[dim.id]:
                    row += 1
                    self.gap_row(ws, row, n, gap)
                    rows.append(row)
        row = self.at_target(ws, row + 2, {g["item_id"] for g in gaps}, columns)
        status = DataValidation(type="list", formula1='"' + ",".join(pick(self.lay["status_options"], self.lang))
                                + '"', allow_blank=True)
        due = DataValidation(type="date", operator="greaterThan", formula1="DATE(2020,1,1)", allow_blank=True)
        ws.add_data_validation(status)
        ws.add_data_validation(due)
        for r in rows:  # boxes where the company writes: owner, date, progress
            status.add(f"I{r}")
            due.add(f"H{r}")
            for col in (7, 8, 9):
                ws.cell(row=r, column=col).style = self.style(10, False, None, True, False,
                                                              "yyyy-mm-dd" if col == 8 else None, None, True)

    def gap_row(self, ws, row: int, n: int, gap: dict) -> None:
        from ..domain.scoring import tenths
        self.put(ws, row, 1, ordinal(n, self.lang), bold=n <= 5)
        self.put(ws, row, 2, self.item_name(gap["item_id"]))
        self.put(ws, row, 3, self.answer_label(gap["answer"]))
        self.put(ws, row, 4, self.answer_label(gap["target"]))
        self.put(ws, row, 5, gap["action"])
        if gap.get("points") is not None and gap["points"] >= 0.05:  # what the next level adds to the overall score
            word = '" puntos"' if self.lang == "es" else '" points"'
            self.put(ws, row, 6, tenths(gap["points"]), fmt=f'"+"0.0{word}')

    def at_target(self, ws, row: int, open_items: set, columns: int) -> int:
        """The questions already at their target, by dimension: nothing to do there this year."""
        answers = self.record["answers"]
        done = {d.id: [i.id for i in d.items if i.id not in open_items and answers.get(i.id) != "na"]
                for d in self.cat.dimensions}
        if not any(done.values()):
            return row
        self.put(ws, row, 1, self.t("at_target"), span=columns, size=12, bold=True, fill=self.lay["section_fill"])
        for dim in self.cat.dimensions:
            if done[dim.id]:
                row += 1
                self.put(ws, row, 1, f"{dim.id} {pick(dim.title, self.lang)}: " +
                         "; ".join(self.item_name(i) for i in done[dim.id]), span=columns)
        return row

    # ---- dimensions, with peers only when there are peers to show ----
    def dimensions(self) -> None:
        from openpyxl.chart import BarChart, RadarChart, Reference
        ws, score, bench = self.sheet("dimensions"), self.result["score"], self.result["benchmark"]
        peers = bench.get("dimensions", {}) if not bench.get("suppressed") else {}
        self.header(ws, 1, self.lay["columns"]["dimensions"] + (self.lay["columns"]["dimension_peers"] if peers
                                                                   else []), repeat=False)
        ws.page_setup.fitToHeight = 1  # the table and both charts on one page
        for row, dim in enumerate(self.cat.dimensions, start=2):
            d, peer = score["dimensions"][dim.id], peers.get(dim.id, {})
            self.put(ws, row, 1, dim.id)
            self.put(ws, row, 2, pick(dim.title, self.lang))
            if "score" in d:
                self.put(ws, row, 3, d["score"], fmt="0")
                self.put(ws, row, 4, d["band"])
            else:
                self.put(ws, row, 4, self.t("insufficient"))
            for col, key in ((5, "mean"), (6, "median")):
                if peer.get(key) is not None:
                    self.put(ws, row, col, peer[key], fmt="0")
        last = len(self.cat.dimensions) + 1
        if peers and bench.get("percentile") is None:  # an empty median column says why
            self.put(ws, last + 1, 1, self.t("median_from_ten"), span=6, size=9)
        self.band_colours(ws, f"C2:C{last}")
        cats = Reference(ws, min_col=2, min_row=2, max_row=last)
        radar = RadarChart()
        radar.type, radar.style = "marker", 26
        radar.title = self.t("radar") if peers else self.t("radar_alone")
        self._score_chart(ws, radar, cats, bool(peers), 8.5, f"A{last + 3}")
        bars = BarChart()
        bars.type, bars.title = "bar", self.t("bars")
        # every dimension named, not every other one: small enough labels that none is skipped
        from openpyxl.chart.text import RichText
        from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties
        small = CharacterProperties(sz=800)
        bars.x_axis.txPr = RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=small), endParaRPr=small)])
        bars.x_axis.tickLblSkip = 1
        bars.x_axis.delete = bars.y_axis.delete = False
        self._score_chart(ws, bars, cats, bool(peers), 9, f"A{last + 24}")

    @staticmethod
    def _score_chart(ws, chart, cats, with_peers: bool, height: float, anchor: str) -> None:
        """Company scores (column C) and, when shown, the peer mean (column E) on a 0–100 scale."""
        from openpyxl.chart import Reference
        chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 100
        for col in (3, 5) if with_peers else (3,):
            chart.add_data(Reference(ws, min_col=col, min_row=1, max_row=cats.max_row), titles_from_data=True)
        chart.set_categories(cats)
        chart.height, chart.width = height, 17
        chart.legend.position = "b"
        ws.add_chart(chart, anchor)

    # ---- progress: each year with its questionnaire, only what compares compared ----
    def progress(self) -> None:
        from openpyxl.chart import LineChart, Reference
        ws = self.sheet("progress")
        progress = self.ctx.get("progress")
        if progress is None:  # a workbook of this assessment alone (its result page's download)
            self.put(ws, 1, 1, self.t("progress_elsewhere"), span=6)
            return
        years = progress["years"]
        if len(years) < 2:
            self.put(ws, 1, 1, self.t("first"), span=6)
            return
        for i in range(3, 4 + len(years)):
            ws.column_dimensions[_col(i)].width = 11
        self.widths[ws.title] = self.widths[ws.title] + [11] * (len(years) + 1)
        self.header(ws, 1, self.lay["columns"]["progress"] + [str(y["year"]) for y in years] + [self.t("change")],
                    repeat=False)
        change_col = 3 + len(years)
        self.put(ws, 2, 2, self.t("version_row"), bold=True)
        for c, y in enumerate(years, start=3):
            self.put(ws, 2, c, y["version"])
        self.put(ws, 3, 2, self.t("overall_row"), bold=True)
        for c, y in enumerate(years, start=3):
            if y["overall"] is not None:
                self.put(ws, 3, c, y["overall"], fmt="0")
        self.changed_cell(ws, 3, change_col, progress["overall_change"])
        for r, dim in enumerate(self.cat.dimensions, start=4):
            self.put(ws, r, 1, dim.id)
            self.put(ws, r, 2, pick(dim.title, self.lang))
            for c, y in enumerate(years, start=3):
                if y["dimensions"].get(dim.id) is not None:
                    self.put(ws, r, c, y["dimensions"][dim.id], fmt="0")
            self.changed_cell(ws, r, change_col, progress["dimension_changes"].get(dim.id))
        row = 4 + len(self.cat.dimensions)
        if len({y["version"] for y in years}) > 1:
            self.put(ws, row, 1, self.t("versions_note"), span=change_col, size=9)
            row += 1
        chart = LineChart()
        chart.title = self.t("line")
        chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 100
        chart.add_data(Reference(ws, min_col=3, max_col=2 + len(years), min_row=3, max_row=3), from_rows=True,
                       titles_from_data=False)
        chart.set_categories(Reference(ws, min_col=3, max_col=2 + len(years), min_row=1, max_row=1))
        chart.height, chart.width = 7, 16
        chart.legend = None
        ws.add_chart(chart, f"A{row + 1}")
        self.changed_items(ws, row + 17, progress, change_col)

    def changed_cell(self, ws, row: int, col: int, change) -> None:
        if change is None:
            self.put(ws, row, col, self.t("not_comparable"), size=9)
        else:
            self.put(ws, row, col, change, fmt="+0;-0;0")

    def changed_items(self, ws, row: int, progress: dict, columns: int) -> int:
        if progress["items_changed"]:
            self.put(ws, row, 1, self.t("changed_title"), span=columns, bold=True, fill=self.lay["section_fill"])
            for entry in progress["items_changed"]:
                row += 1
                self.put(ws, row, 1, self.item_name(entry["item_id"]), span=2)
                self.put(ws, row, 3, self.answer_label(entry["before"]), span=1)
                self.put(ws, row, 4, self.answer_label(entry["now"]), span=1)
            row += 2
        if progress["new_items"]:
            version = progress["years"][-1]["version"]
            self.put(ws, row, 1, self.t("new_title", version=version), span=columns, bold=True,
                     fill=self.lay["section_fill"])
            self.put(ws, row + 1, 1, "; ".join(self.item_name(i) for i in progress["new_items"]), span=columns)
            row += 2
        return row

    # ---- every answer, with what it means for that question ----
    def answers(self) -> None:
        ws = self.sheet("answers")
        self.header(ws, 1, self.lay["columns"]["answers"])
        given, row = self.record["answers"], self.profile_rows(ws, 2)
        for dim in self.cat.dimensions:
            row += 1
            self.put(ws, row, 1, f"{dim.id} {pick(dim.title, self.lang)}", span=4, bold=True,
                     fill=self.lay["box_fill"])
            for item in dim.items:
                row += 1
                answer = given.get(item.id)
                self.put(ws, row, 1, item.id)
                self.put(ws, row, 2, pick(item.text, self.lang))
                self.put(ws, row, 3, self.answer_label(answer) if answer is not None else "")
                self.put(ws, row, 4, self.meaning(item, answer) if answer is not None else "")

    def profile_rows(self, ws, row: int) -> int:
        """The risk profile as answered: what explains an N/A without a reason. Returns the last row used."""
        company, questions = self.record["company"], self.cat.profile
        if not any(company.get(q["id"]) is not None for q in questions):
            return row - 1
        self.put(ws, row, 1, self.t("profile_title"), span=4, bold=True, fill=self.lay["box_fill"])
        for q in questions:
            row += 1
            value = company.get(q["id"])
            if value is None:
                said = self.t("not_asked")
            elif q["type"] == "boolean":
                said = self.t("yes" if value else "no")
            else:
                said = next((pick(o["label"], self.lang) for o in q["options"] if o["value"] == value), str(value))
            self.put(ws, row, 2, pick(q["text"], self.lang))
            self.put(ws, row, 3, said)
        return row

    def build(self) -> bytes:
        self.front()
        self.actions()
        self.dimensions()
        self.progress()
        self.answers()
        self.wb.properties.title = self.t("heading", year=self.record.get("year", ""))
        self.wb.properties.creator = "Integra"
        out = io.BytesIO()
        self.wb.save(out)
        return out.getvalue()


def _col(index: int) -> str:
    from openpyxl.utils import get_column_letter
    return get_column_letter(index)


def build(cat, ctx: dict) -> bytes:
    """ctx: {"assessment": stored record (with "result"), "progress": the company's years compared
    (services.present.progress_of)}."""
    return _Book(cat, ctx).build()
