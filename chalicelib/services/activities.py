"""Use case: staff record Global Compact / UNODC activities and trainings, and who attended (by RFC).

Attendance counts once per company and activity. It feeds the pledge commitment (the registry shows trainings
and activities of the year) and the dashboard's programme KPIs (attendances, companies trained).
"""
import csv
import io

from ..domain import roster
from . import common, identity

KINDS = ("training", "activity")


def save(store, activity: dict, now) -> dict:
    record = {**activity, "updated_at": common.iso(now)}
    store.put("ACT", activity["activity_id"], record)
    return record


def rows_from(body: bytes, content_type: str) -> list:
    """The roster's rows: CSV (UTF-8, comma or semicolon) or the first sheet of an XLSX workbook."""
    if "spreadsheetml" in content_type or body[:2] == b"PK":
        from openpyxl import load_workbook  # only on this staff path
        sheet = load_workbook(io.BytesIO(body), read_only=True, data_only=True).worksheets[0]
        return [list(r) for r in sheet.iter_rows(values_only=True)]
    text = body.decode("utf-8-sig")
    dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ",", delimiters=",;\t")
    return list(csv.reader(io.StringIO(text), dialect))


def attend(store, activity: dict, rows: list, now) -> dict:
    """Record each good row; report each bad one with its row number. Re-uploading a roster counts nothing twice."""
    good, bad = roster.check(rows)
    year = int(activity["date"][:4])
    counter = "trainings" if activity["type"] == "training" else "activities"
    accepted, repeated = [], []
    ids = store.companies_for_rfcs([r for _, r in good])
    for _, r in good:  # staff vouch for who attended: an RFC seen first here gets its company now
        ids[r] = ids.get(r) or store.add_company(r, identity.new_company_id())
    profiles = store.get_many([(f"CO#{ids[r]}", "PROFILE") for _, r in good])
    for number, rfc in good:
        company = ids[rfc]
        profile = profiles.get((f"CO#{company}", "PROFILE")) or {}
        first_training = counter == "trainings" and not profile.get("trained")
        kpi = {"attendances": 1, **({"companies_trained": 1} if first_training else {})}
        record = {"activity_id": activity["activity_id"], "company_id": company, "rfc": rfc, "year": year,
                  "type": activity["type"], "recorded_at": common.iso(now)}
        if store.record_attendance(activity["activity_id"], company, record, {f"{counter}_{year}": 1}, kpi,
                                   {"trained": True} if first_training else {}):
            accepted.append(number)
        else:
            repeated.append(number)
    return {"activity_id": activity["activity_id"], "accepted": len(accepted), "already_recorded": len(repeated),
            "rejected": [{"row": n, "value": v, "code": code} for n, v, code in bad]}
