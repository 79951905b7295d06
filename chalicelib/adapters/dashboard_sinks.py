"""Where the dashboard grids go: a Google Sheet (gspread) in production, an .xlsx file without credentials.

Both take {tab title: rows}. The Sheets sink writes every value in ONE values:batchUpdate (RAW, so no text
becomes a formula); the formatting batchUpdate runs only when the layout version changed or a tab is missing.
"""
import logging
import random
import time

log = logging.getLogger("integra")
SCOPES = ["https://www.googleapis.com/auth/spreadsheets"]


WIDE = ("pregunta", "texto", "qué dice", "in english")           # running text: wide and wrapped
NAMED = ("estado", "tamaño", "sector", "cohorte", "dimensión", "respuesta", "tema", "dato", "valor")


def column_width(label) -> int:
    """Pixels for a column, from its heading: room for sentences, for names, or for a number."""
    text = str(label).lower()
    if text in WIDE:
        return 420
    if text in NAMED:
        return 200
    return 120 if len(text) > 14 else 90


class XlsxSink:
    def __init__(self, path):
        self.path = path

    def write(self, tabs: dict, layout: dict) -> int:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp.xlsx")
        tmp.write_bytes(workbook(tabs, layout))
        tmp.replace(self.path)  # readers never see a half-written file
        return 1


def _printable(ws) -> None:
    """A report sheet that reads on paper: text wrapped in its column, rows as tall as their text, landscape,
    fitted to the page's width."""
    from openpyxl.styles import Alignment

    from ..scorecard import cells
    widths = {c: ws.column_dimensions[c].width or 13 for c in ws.column_dimensions}
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in ws.iter_rows():
        tallest = 0.0
        for cell in row:
            if isinstance(cell.value, str):
                cell.alignment = wrap
                tallest = max(tallest, cells.height(cell.value, widths.get(cell.column_letter, 13), 11))
        if tallest:
            ws.row_dimensions[row[0].row].height = tallest
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_LETTER
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def workbook(tabs: dict, layout: dict, meta: dict | None = None) -> bytes:
    """The grids as one .xlsx: a sheet per tab, sized headings, text never a formula. With ``meta`` (a policy
    report): an English heading row under the Spanish one, English tab names beside the Spanish ones, and a
    first sheet saying the period, versions, threshold and source."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    from ..scorecard.workbook import put_text
    english = layout.get("english", {})
    wb = Workbook()
    wb.remove(wb.active)
    if meta is not None:
        spec = layout["report"]
        ws = wb.create_sheet(f"{spec['title']} · Metadata")
        for r, (es, en, value) in enumerate(spec["rows"], start=1):
            for c, text in enumerate((es, en, value.format(**meta)), start=1):
                put_text(ws, r, c, text)
            ws.cell(row=r, column=1).font = Font(bold=True)
        for col, width in (("A", 28), ("B", 28), ("C", 90)):
            ws.column_dimensions[col].width = width
        _printable(ws)
    for title, rows in tabs.items():
        name = f"{title} · {english.get(title, title)}"[:31] if meta is not None else title
        ws = wb.create_sheet(name)
        grid = [rows[0], [english.get(str(h), "") for h in rows[0]], *rows[1:]] if meta is not None and rows else rows
        for r, row in enumerate(grid, start=1):
            for c, value in enumerate(row, start=1):
                if isinstance(value, str):
                    put_text(ws, r, c, value)
                else:
                    ws.cell(row=r, column=c, value=value)
        heads = 2 if meta is not None else 1
        for row in ws.iter_rows(max_row=heads):
            for cell in row:
                cell.font = Font(bold=True, italic=cell.row == 2)
        for cell in ws[1]:
            ws.column_dimensions[cell.column_letter].width = column_width(cell.value) / 7
        ws.freeze_panes = f"A{heads + 1}"
        if meta is not None:
            _printable(ws)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


class RetryBudget:
    """A short bounded retry with jitter that never outlives the Lambda's remaining time."""

    def __init__(self, remaining_ms=None, attempts: int = 4, base: float = 0.5, sleep=time.sleep):
        self.remaining_ms, self.attempts, self.base, self.sleep = remaining_ms, attempts, base, sleep

    def run(self, call):
        from gspread.exceptions import APIError
        for attempt in range(1, self.attempts + 1):
            try:
                return call()
            except APIError as exc:
                status = exc.response.status_code
                if status != 429 and status < 500 or attempt == self.attempts:
                    raise
                delay = self.base * 2 ** (attempt - 1) * (1 + random.random())
                if self.remaining_ms is not None and self.remaining_ms() < delay * 1000 + 5000:
                    raise  # no time left to wait and still finish cleanly
                log.warning("Sheets API %s, retry %s in %.1f s", status, attempt, delay)
                self.sleep(delay)


class SheetsSink:
    def __init__(self, client, spreadsheet_id: str, state, budget: RetryBudget | None = None):
        """client: a gspread Client; state: get/put of the applied layout version (kept in DynamoDB)."""
        self.client, self.id, self.state, self.budget = client, spreadsheet_id, state, budget or RetryBudget()

    def write(self, tabs: dict, layout: dict) -> int:
        """Returns the number of Sheets API requests made."""
        from gspread.exceptions import APIError
        known = self.state.get_meta("dashboard")
        sizes = known.get("rows", {})
        data = []
        for title, rows in tabs.items():
            width = max(len(r) for r in rows)
            grid = [[("" if v is None else v) for v in r] + [""] * (width - len(r)) for r in rows]
            old = int(sizes.get(title, 0))  # blank out what a longer earlier grid left below
            grid += [[""] * width for _ in range(max(0, old - len(grid)))]
            data.append({"range": f"'{title}'!A1", "values": grid})
        body = {"valueInputOption": "RAW", "data": data}
        requests = 0
        if known.get("layout") != layout["version"]:
            requests += self.format(tabs, layout)
        try:
            self.budget.run(lambda: self.client.http_client.values_batch_update(self.id, body=body))
            requests += 1
        except APIError as exc:
            if exc.response.status_code != 400 or "Unable to parse range" not in str(exc):
                raise
            requests += self.format(tabs, layout) + 1  # a tab was deleted by hand: recreate, then write again
            self.budget.run(lambda: self.client.http_client.values_batch_update(self.id, body=body))
        self.state.put_meta("dashboard", {"layout": layout["version"],
                                          "rows": {t: len(r) for t, r in tabs.items()}})
        return requests

    def format(self, tabs: dict, layout: dict) -> int:
        """Create missing tabs and set headers, frozen rows; two requests (read the tabs, one batchUpdate)."""
        meta = self.budget.run(lambda: self.client.http_client.fetch_sheet_metadata(self.id))
        existing = {s["properties"]["title"]: s["properties"]["sheetId"] for s in meta.get("sheets", [])}
        missing = [t for t in tabs if t not in existing]
        if missing:
            reply = self.budget.run(lambda: self.client.http_client.batch_update(self.id, body={"requests": [
                {"addSheet": {"properties": {"title": t}}} for t in missing]}))
            for added in reply.get("replies", []):
                props = added["addSheet"]["properties"]
                existing[props["title"]] = props["sheetId"]
        requests = [{"updateSheetProperties": {"properties": {"sheetId": existing[t],
                                                              "gridProperties": {"frozenRowCount": 1}},
                                               "fields": "gridProperties.frozenRowCount"}} for t in tabs]
        requests += [{"repeatCell": {"range": {"sheetId": existing[t], "startRowIndex": 0, "endRowIndex": 1},
                                     "cell": {"userEnteredFormat": {"textFormat": {"bold": True,
                                                                                    "foregroundColor": {"red": 1,
                                                                                                        "green": 1,
                                                                                                        "blue": 1}},
                                                                    "backgroundColor": layout["header_fill"]}},
                                     "fields": "userEnteredFormat(textFormat,backgroundColor)"}} for t in tabs]
        for title, rows in tabs.items():
            requests += _score_formats(existing[title], rows[0], layout)
            requests += [{"updateDimensionProperties": {
                "range": {"sheetId": existing[title], "dimension": "COLUMNS", "startIndex": c, "endIndex": c + 1},
                "properties": {"pixelSize": column_width(label)}, "fields": "pixelSize"}}
                for c, label in enumerate(rows[0])]
            requests.append({"repeatCell": {"range": {"sheetId": existing[title], "startRowIndex": 0},
                                            "cell": {"userEnteredFormat": {"wrapStrategy": "WRAP",
                                                                           "verticalAlignment": "TOP"}},
                                            "fields": "userEnteredFormat(wrapStrategy,verticalAlignment)"}})
        # charts come with the layout, never with a sync: an earlier layout's are replaced, not piled up
        ours = set(existing[t] for t in tabs)
        requests += [{"deleteEmbeddedObject": {"objectId": chart["chartId"]}} for sheet in meta.get("sheets", [])
                     if sheet["properties"]["sheetId"] in ours for chart in sheet.get("charts", [])]
        requests += _charts(existing, tabs, layout)
        self.budget.run(lambda: self.client.http_client.batch_update(self.id, body={"requests": requests}))
        return 2 + (1 if missing else 0)


def _charts(sheet_ids: dict, tabs: dict, layout: dict) -> list:
    """The headline series as native charts: companies pledged and assessed per year (Resumen), and the mean
    score by size (Por tamaño). Their ranges reach past today's rows, so later years appear by themselves."""
    out = []
    for spec in layout.get("charts", []):
        title = layout["tabs"][spec["tab"]]["title"]
        if title not in tabs:
            continue
        sheet, header = sheet_ids[title], tabs[title][0]

        def span(name: str, sheet=sheet, header=header) -> dict:
            c = header.index(name)
            return {"sourceRange": {"sources": [{"sheetId": sheet, "startRowIndex": 0, "endRowIndex": 200,
                                                 "startColumnIndex": c, "endColumnIndex": c + 1}]}}
        out.append({"addChart": {"chart": {
            "spec": {"title": spec["title"], "basicChart": {
                "chartType": spec["type"], "legendPosition": "BOTTOM_LEGEND", "headerCount": 1,
                "domains": [{"domain": span(spec["domain"])}],
                "series": [{"series": span(name), "targetAxis": "LEFT_AXIS"} for name in spec["series"]]}},
            "position": {"overlayPosition": {"anchorCell": {"sheetId": sheet, "rowIndex": spec["row"],
                                                            "columnIndex": spec["column"]}}}}}})
    return out


def _rgb(hex_colour: str) -> dict:
    return {c: int(hex_colour[i:i + 2], 16) / 255 for c, i in (("red", 0), ("green", 2), ("blue", 4))}


def _score_formats(sheet_id: int, header: list, layout: dict) -> list:
    """One decimal on mean, median and share columns; band colours on the mean columns (0–100 scores)."""
    out: list[dict] = []
    for col, name in enumerate(header):
        label = str(name).lower()
        if not any(word in label for word in ("media", "%")):
            continue
        cells: dict = {"sheetId": sheet_id, "startRowIndex": 1, "startColumnIndex": col, "endColumnIndex": col + 1}
        out.append({"repeatCell": {"range": cells, "fields": "userEnteredFormat.numberFormat", "cell": {
            "userEnteredFormat": {"numberFormat": {"type": "NUMBER", "pattern": "0.0"}}}}})
        if label == "media" or label.endswith(" media") or label == "puntaje medio":
            bounds = layout["band_bounds"] + [100.0001]
            for low, high, fill in zip(bounds, bounds[1:], layout["band_fills"], strict=False):
                out.append({"addConditionalFormatRule": {"index": 0, "rule": {"ranges": [cells], "booleanRule": {
                    "condition": {"type": "NUMBER_BETWEEN",
                                  "values": [{"userEnteredValue": str(low)}, {"userEnteredValue": str(high - 0.0001)}]},
                    "format": {"backgroundColor": _rgb(fill)}}}}})
    return out


def google_client(service_account_info: dict):
    """gspread's own client on a service account, spreadsheets scope only (open by key, no Drive)."""
    import gspread
    return gspread.service_account_from_dict(service_account_info, scopes=SCOPES)
