"""Use case: staff record Global Compact / UNODC activities and trainings, and who attended (by RFC).

Attendance counts once per company and activity. It feeds the pledge commitment (the registry shows trainings
and activities of the year) and the dashboard's programme KPIs (attendances, companies trained).
"""
import csv
import io

from ..domain import roster
from . import common, identity
from .errors import ActivityExists, RosterTooLarge, RosterTooManyRows

KINDS = ("training", "activity")
MAX_BYTES = 5 * 1024 * 1024       # an uploaded roster
MAX_UNZIPPED = 20 * 1024 * 1024   # an XLSX is a zip: what it expands to
MAX_ROWS = 5000                   # people, below the header
MAX_REPORTED = 100                # bad rows listed one by one; the rest are counted
MAX_COLUMNS = 50                  # a roster is a short table: nothing past column AX is read
MAX_ECHO = 60                     # characters of a bad cell said back


def too_large() -> RosterTooLarge:
    """The roster (or what its workbook expands to) is over the size limit."""
    return RosterTooLarge(mb=MAX_BYTES // 2**20, unzipped=MAX_UNZIPPED // 2**20)


def capped(rows) -> list:
    """The rows, or RosterTooManyRows past the header and MAX_ROWS."""
    out = []
    for row in rows:
        out.append(list(row))
        if len(out) > MAX_ROWS + 1:  # the header, then the rows
            raise RosterTooManyRows(rows=MAX_ROWS)
    return out


def save(store, activity: dict, now) -> dict:
    """A new activity. An identifier is never reused: attendance already counted under it keeps its meaning."""
    record = {**activity, "created_at": common.iso(now)}
    if not store.save_activity(record):
        raise ActivityExists()
    return record


def rows_from(body: bytes, content_type: str) -> list:
    """The roster's rows: CSV (UTF-8, else Windows-1252; comma, semicolon or tab; or one column) or the first sheet
    of an XLSX workbook. Bounded: RosterTooLarge, RosterTooManyRows."""
    if len(body) > MAX_BYTES:
        raise too_large()
    if "spreadsheetml" in content_type or body[:2] == b"PK":
        import zipfile
        with zipfile.ZipFile(io.BytesIO(body)) as archive:  # a few KB can expand to gigabytes
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED:
                raise too_large()
        from openpyxl import load_workbook  # only on this staff path
        sheet = load_workbook(io.BytesIO(body), read_only=True, data_only=True).worksheets[0]
        sheet.reset_dimensions()  # a declared A1:XFD5001 would pad every row to 16,384 cells
        return capped(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS))
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:  # "CSV (delimitado por comas)" from Excel in Spanish Windows: Windows-1252
        text = body.decode("cp1252", errors="replace")
    head = "\n".join(text.split("\n", 12)[:12])
    # the delimiter the first lines use most (a title may sit above the header; csv.Sniffer takes quadratic time on
    # a long line)
    delimiter = max(",;\t", key=head.count) if any(d in head for d in ",;\t") else ","
    return capped(row[:MAX_COLUMNS] for row in csv.reader(io.StringIO(text), delimiter=delimiter))


def _cohort_keys(profile: dict) -> list:
    """The pledge cohorts (national, state, size, sector) a company's figures of the year go to: national only
    for a company known from a roster alone."""
    from ..domain import cohorts
    from .pledges import PLEDGE_SHAPES
    if not all(profile.get(f) for f in ("state", "size", "sector")):
        return ["national"]
    return [cohorts.of(profile, shape).key for shape in PLEDGE_SHAPES]


def attend(store, activity: dict, rows: list, now) -> dict:
    """Record each good row; report each bad one with its row number. Re-uploading a roster counts nothing twice."""
    good, bad = roster.check(rows)
    year = int(activity["date"][:4])
    counter = "trainings" if activity["type"] == "training" else "activities"
    accepted, repeated = [], []
    ids = store.companies_for_rfcs([r for _, r in good])
    new = [r for _, r in good if r not in ids]
    for r in new:  # staff vouch for who attended: an RFC seen first here gets its company now
        ids[r] = store.add_company(r, identity.new_company_id())
    profiles = store.profiles([ids[r] for _, r in good])
    for number, rfc in good:
        company = ids[rfc]
        profile = profiles.get(company) or {}
        first_training = counter == "trainings" and not profile.get("trained")
        kpi = {"attendances": 1, **({"companies_trained": 1} if first_training else {})}
        # the year's figures by state and size: attendances, and companies trained that year (its first
        # training of the year); kept on the record so a cancellation takes them back out
        yearly = {"attendances": 1, **({"trained": 1} if counter == "trainings" and
                                       not profile.get(f"trainings_{year}") else {})}
        keys = _cohort_keys(profile)
        record = {"activity_id": activity["activity_id"], "company_id": company, "rfc": rfc, "year": year,
                  "type": activity["type"], "recorded_at": common.iso(now), "cohorts": keys, "counted": yearly}
        if store.record_attendance(activity["activity_id"], company, record, {f"{counter}_{year}": 1}, kpi,
                                   {"trained": True} if first_training else {},
                                   {(year, key): yearly for key in keys}):
            accepted.append(number)
        else:
            repeated.append(number)
    return {"activity_id": activity["activity_id"], "accepted": len(accepted), "already_recorded": len(repeated),
            "new_companies": len(new),
            "rejected": [{"row": n, "value": v[:MAX_ECHO], "code": code} for n, v, code in bad[:MAX_REPORTED]],
            "rejected_more": max(0, len(bad) - MAX_REPORTED)}
