"""The Excel scorecard, built with openpyxl from the stored assessment and the layout in sheet_templates/.

Every number comes from the stored API result, so the workbook and the API response never disagree. Text that
came from a user is always written as a string cell, never as a formula.
"""
import io
import json
from functools import lru_cache
from pathlib import Path

from ..domain.scoring import tenths
from ..i18n import pick
from . import cells

LAYOUT = Path(__file__).resolve().parent.parent / "sheet_templates" / "scorecard.json"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@lru_cache(maxsize=1)
def layout() -> dict:
    return json.loads(LAYOUT.read_text(encoding="utf-8"))


put_text = cells.put


class _Book:
    def __init__(self, cat, ctx: dict):
        from openpyxl import Workbook
        self.cat, self.ctx, self.lay = cat, ctx, layout()
        self.record = ctx["assessment"]
        self.result = json.loads(self.record["result"])
        self.lang = self.record["lang"]
        self.wb = Workbook()
        self.wb.remove(self.wb.active)

    def t(self, key: str, **params) -> str:
        text = pick(self.lay["texts"][key], self.lang)
        return text.format(**params) if params else text

    def sheet(self, key: str):
        from openpyxl.worksheet.page import PageMargins
        spec = self.lay["sheets"][key]
        ws = self.wb.create_sheet(pick(spec["title"], self.lang))
        for i, width in enumerate(spec["widths"], start=1):
            ws.column_dimensions[_col(i)].width = width
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.6)
        return ws

    def header(self, ws, row: int, labels) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill
        fill = PatternFill("solid", fgColor=self.lay["header_fill"])
        for col, label in enumerate(labels, start=1):
            put_text(ws, row, col, pick(label, self.lang) if isinstance(label, dict) else label)
            cell = ws.cell(row=row, column=col)
            cell.font, cell.fill = Font(bold=True, color=self.lay["header_font"]), fill
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.row_dimensions[row].height = 32
        ws.freeze_panes = ws.cell(row=row + 1, column=1)
        ws.print_title_rows = f"{row}:{row}"

    def band_colours(self, ws, cells: str) -> None:
        """Fill score cells with their band's colour (conditional formatting, so edits recolour too)."""
        from openpyxl.formatting.rule import FormulaRule
        from openpyxl.styles import PatternFill
        first = cells.split(":")[0]
        bounds = [b["min"] for b in self.cat.bands] + [None]
        for i, fill in enumerate(self.lay["band_fills"]):
            low, high = bounds[i], bounds[i + 1]
            test = f"AND(ISNUMBER({first}),{first}>={low}" + (f",{first}<{high})" if high is not None else ")")
            ws.conditional_formatting.add(cells, FormulaRule(formula=[test], fill=PatternFill("solid", bgColor=fill)))

    # ---- sheets ----
    def summary(self) -> None:
        from openpyxl.styles import Alignment, Font
        ws, r, score = self.sheet("summary"), self.result, self.result["score"]
        put_text(ws, 1, 1, self.t("heading"))
        ws.cell(row=1, column=1).font = Font(bold=True, size=16)
        company = self.record["company"]
        from ..domain.cohorts import SIZE_NAMES
        rows = [("company", company["name"]), ("rfc", company["rfc"]),
                ("size", pick(SIZE_NAMES[company["size"]], self.lang)),
                ("date", self.record["created_at"][:10]), ("version", self.record["questionnaire_version"]),
                ("overall", score["overall"]), ("band", score["band"])]
        if score.get("cap_reason"):
            rows.append(("gate", score["cap_reason"]))
        row = 3
        for key, value in rows:
            put_text(ws, row, 1, self.t(key))
            ws.cell(row=row, column=1).font = Font(bold=True)
            if isinstance(value, float):
                ws.cell(row=row, column=2, value=value).number_format = "0"
                self.band_colours(ws, f"B{row}")
            else:
                put_text(ws, row, 2, value)
            row += 1
        row += 1
        art = r["art25"]
        put_text(ws, row, 1, self.t("art25"))
        ws.cell(row=row, column=1).font = Font(bold=True)
        put_text(ws, row, 2, f"{art.get('implemented', art['met'])}/{art['of']}")
        for element in art["elements"]:
            row += 1
            put_text(ws, row, 1, f"{element['id']}. {element['title']}")
            # three states (results saved before them: met or not)
            put_text(ws, row, 2, self.t(element.get("state") or ("met" if element["met"] else "not_met")))
        row += 1
        put_text(ws, row, 1, art["note"])
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        ws.cell(row=row, column=1).alignment = Alignment(wrap_text=True)
        ws.row_dimensions[row].height = 30
        row += 2
        bench = r["benchmark"]
        if bench.get("suppressed"):
            put_text(ws, row, 1, self.t("no_peers", n_min=bench["n_min"]))
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
            ws.cell(row=row, column=1).alignment = Alignment(wrap_text=True)
        else:
            from ..i18n import message, mexico_date
            # as on the result page: the peer mean, where the company stands against it, and a percentile
            # only among 10 or more peers
            where = message("position_" + bench["position"], self.lang) if bench.get("position") else None
            as_of = mexico_date(bench["as_of"], self.lang) if bench.get("as_of") else None
            rows = [("cohort", bench["cohort"]["label"]), ("n", bench["n"]), ("peer_mean", bench["overall"]["mean"]),
                    ("position", where), ("percentile", bench.get("percentile")), ("as_of", as_of)]
            for key, value in [(k, v) for k, v in rows if v is not None]:
                put_text(ws, row, 1, self.t(key))
                ws.cell(row=row, column=1).font = Font(bold=True)
                if isinstance(value, str):
                    put_text(ws, row, 2, value)
                else:
                    ws.cell(row=row, column=2, value=value)
                row += 1

    def dimensions(self) -> None:
        from openpyxl.chart import BarChart, RadarChart, Reference
        ws, score, bench = self.sheet("dimensions"), self.result["score"], self.result["benchmark"]
        self.header(ws, 1, self.lay["columns"]["dimensions"])
        peers = bench.get("dimensions", {}) if not bench.get("suppressed") else {}
        for row, dim in enumerate(self.cat.dimensions, start=2):
            d, peer = score["dimensions"][dim.id], peers.get(dim.id, {})
            put_text(ws, row, 1, dim.id)
            put_text(ws, row, 2, pick(dim.title, self.lang))
            if "score" in d:
                ws.cell(row=row, column=3, value=d["score"]).number_format = "0"
                put_text(ws, row, 4, d["band"])
            else:
                put_text(ws, row, 4, self.t("insufficient"))
            for col, key in ((5, "mean"), (6, "median")):
                if peer.get(key) is not None:
                    ws.cell(row=row, column=col, value=peer[key]).number_format = "0"
        last = len(self.cat.dimensions) + 1
        if peers and bench.get("percentile") is None:  # an empty median column says why
            put_text(ws, last + 1, 1, self.t("median_from_ten"))
        self.band_colours(ws, f"C2:C{last}")
        cats = Reference(ws, min_col=2, min_row=2, max_row=last)
        radar = RadarChart()
        radar.type, radar.style, radar.title = "marker", 26, self.t("radar")
        self._score_chart(ws, radar, cats, bool(peers), 13, f"A{last + 2}")
        bars = BarChart()
        bars.type, bars.title = "bar", self.t("bars")
        self._score_chart(ws, bars, cats, bool(peers), 11, f"A{last + 28}")

    @staticmethod
    def _score_chart(ws, chart, cats, with_peers: bool, height: int, anchor: str) -> None:
        """Company scores (column C) and, when shown, the peer mean (column E) on a 0–100 scale."""
        from openpyxl.chart import Reference
        chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 100
        for col in (3, 5) if with_peers else (3,):
            chart.add_data(Reference(ws, min_col=col, min_row=1, max_row=cats.max_row), titles_from_data=True)
        chart.set_categories(cats)
        chart.height, chart.width = height, 20
        chart.legend.position = "b"
        ws.add_chart(chart, anchor)

    def actions(self) -> None:
        from openpyxl.styles import Alignment
        from openpyxl.worksheet.datavalidation import DataValidation
        ws, gaps = self.sheet("actions"), self.result["gaps"]
        self.header(ws, 1, self.lay["columns"]["actions"])
        if not gaps:
            put_text(ws, 2, 1, self.t("no_gaps"))
            return
        titles = {d.id: pick(d.title, self.lang) for d in self.cat.dimensions}
        for row, gap in enumerate(gaps, start=2):
            item = self.cat.items.get(gap["item_id"])
            ws.cell(row=row, column=1, value=row - 1)
            put_text(ws, row, 2, gap["item_id"])
            put_text(ws, row, 3, titles.get(gap["dimension_id"], gap["dimension_id"]))
            put_text(ws, row, 4, self._answer_label(gap["answer"]))
            ws.cell(row=row, column=5, value=gap["target"])
            put_text(ws, row, 6, item.art25 if item and item.art25 else "")
            put_text(ws, row, 7, gap["action"])
            ws.cell(row=row, column=7).alignment = Alignment(wrap_text=True, vertical="top")
            if gap.get("points") is not None:  # what the next level adds to the overall score, as "+2"
                ws.cell(row=row, column=8, value=tenths(gap["points"])).number_format = '"+"0.0'
            else:  # an assessment scored before the points were given: its priority, as then
                ws.cell(row=row, column=8, value=gap["priority"])
        last = len(gaps) + 1
        options = pick(self.lay["status_options"], self.lang)
        status = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
        due = DataValidation(type="date", operator="greaterThan", formula1="DATE(2020,1,1)", allow_blank=True)
        ws.add_data_validation(status)
        ws.add_data_validation(due)
        status.add(f"K2:K{last}")
        due.add(f"J2:J{last}")
        for row in range(2, last + 1):
            ws.cell(row=row, column=10).number_format = "yyyy-mm-dd"
        put_text(ws, last + 2, 1, self.t("how_to"))

    def progress(self) -> None:
        from openpyxl.chart import LineChart, Reference
        ws = self.sheet("progress")
        history = sorted(self.ctx["history"], key=lambda h: int(h["year"]))
        if len(history) < 2:
            put_text(ws, 1, 1, self.t("first"))
            return
        years = [int(h["year"]) for h in history]
        self.header(ws, 1, self.lay["columns"]["progress"] + [str(y) for y in years] + [self.lay["texts"]["change"]])
        rows = [("S", self.t("overall_row"), [h.get("overall") for h in history])]
        rows += [(d.id, pick(d.title, self.lang), [(h.get("dimensions") or {}).get(d.id) for h in history])
                 for d in self.cat.dimensions]
        for r, (ident, title, values) in enumerate(rows, start=2):
            put_text(ws, r, 1, ident)
            put_text(ws, r, 2, title)
            for c, value in enumerate(values, start=3):
                if value is not None:
                    ws.cell(row=r, column=c, value=float(value)).number_format = "0"
            if values[-1] is not None and values[-2] is not None:
                change = ws.cell(row=r, column=3 + len(values), value=float(values[-1]) - float(values[-2]))
                change.number_format = "+0;-0;0"
        chart = LineChart()
        chart.title = self.t("line")
        chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 100
        chart.add_data(Reference(ws, min_col=3, max_col=2 + len(years), min_row=2, max_row=2), from_rows=True,
                       titles_from_data=False)
        chart.set_categories(Reference(ws, min_col=3, max_col=2 + len(years), min_row=1, max_row=1))
        ws.add_chart(chart, f"A{len(rows) + 3}")

    def answers(self) -> None:
        from openpyxl.styles import Alignment
        ws = self.sheet("answers")
        self.header(ws, 1, self.lay["columns"]["answers"])
        given = self.record["answers"]
        row = 2
        for dim in self.cat.dimensions:
            for item in dim.items:
                answer = given.get(item.id)
                put_text(ws, row, 1, dim.id)
                put_text(ws, row, 2, item.id)
                put_text(ws, row, 3, pick(item.text, self.lang))
                put_text(ws, row, 4, self._answer_label(answer))
                put_text(ws, row, 5, self._answer_description(answer))
                for col in (3, 5):
                    ws.cell(row=row, column=col).alignment = Alignment(wrap_text=True, vertical="top")
                row += 1

    def _scale(self, answer) -> dict | None:
        value = int(answer) if not isinstance(answer, str) else answer
        return next((s for s in self.cat.scale if s["value"] == value), None)

    def _answer_label(self, answer) -> str:
        level = self._scale(answer)
        if level is None:
            return str(answer)
        return f"{level['value']} · {pick(level['label'], self.lang)}" if isinstance(level["value"], int) \
            else pick(level["label"], self.lang)

    def _answer_description(self, answer) -> str:
        level = self._scale(answer)
        return pick(level["description"], self.lang) if level else ""

    def build(self) -> bytes:
        self.summary()
        self.dimensions()
        self.actions()
        self.progress()
        self.answers()
        self.wb.properties.title = self.t("heading")
        self.wb.properties.creator = "Integra"
        out = io.BytesIO()
        self.wb.save(out)
        return out.getvalue()


def _col(index: int) -> str:
    from openpyxl.utils import get_column_letter
    return get_column_letter(index)


def build(cat, ctx: dict) -> bytes:
    """ctx: {"assessment": stored record (with "result"), "history": company-year items}."""
    return _Book(cat, ctx).build()
