"""Data-subject rights (LFPDPPP 2025): export, rectification, and cancellation as block, then delete.

Blocking takes the company out of the registry, the reminders and every aggregate in one transaction, and
refuses new submissions; after the blocking period the records are deleted for good.
"""
from datetime import timedelta

from ..domain import aggregates
from . import common
from .assessments import withdrawal
from .pledges import pledge_deltas

SECTIONS = ("profile", "pledges", "assessments", "attendance", "reminders", "pending", "drafts")


def _assessment_ids(items: list) -> list:
    """Every assessment of the company: the pointers, plus each year's current one (records from before the
    pointers existed are reached that way)."""
    ids = [i["assessment_id"] for i in items if i["sk"].startswith("A#")]
    return ids + [i["assessment_id"] for i in items if i["sk"].startswith("YEAR#") and i["assessment_id"] not in ids]


def records(store, company_id: str | None, rfc: str) -> dict:
    """Everything held about one company and its contacts, the unconfirmed submissions and drafts too."""
    pending, drafts, _ = store.rfc_held(rfc)
    items = store.partition(f"CO#{company_id}") if company_id else []
    by = lambda prefix: [i for i in items if i["sk"].startswith(prefix)]  # noqa: E731
    ids = _assessment_ids(items)
    full = store.get_many([(f"ASMT#{i}", "ASMT") for i in ids])
    assessments = [full[(f"ASMT#{i}", "ASMT")] for i in ids if (f"ASMT#{i}", "ASMT") in full]
    return {"company_id": company_id, "profile": next((i for i in items if i["sk"] == "PROFILE"), None),
            "pledges": by("PLEDGE#"), "assessments": assessments, "attendance": by("ATT#"),
            "reminders": by("REMIND#"), "pending": pending, "drafts": drafts}


CELL_MAX = 32_000


def xlsx(export: dict) -> bytes:
    """The export as a workbook: one sheet per section, one row per field; every value a text cell."""
    import io
    import json

    from openpyxl import Workbook

    from ..scorecard import cells
    wb = Workbook()
    wb.remove(wb.active)
    for section in SECTIONS:
        sheet = wb.create_sheet(section)
        sheet.append(["record", "field", "value"])
        rows = export[section] if isinstance(export[section], list) else [export[section] or {}]
        for n, record in enumerate(rows, 1):
            for field, value in sorted(record.items()):
                text = cells.text(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str))
                parts = [text[i:i + CELL_MAX] for i in range(0, len(text), CELL_MAX)] or [""]
                for i, part in enumerate(parts, 1):  # a cell holds 32,767 characters: longer values continue below
                    sheet.append([n, cells.text(field) + (f" ({i}/{len(parts)})" if len(parts) > 1 else ""), part])
                    sheet.cell(sheet.max_row, 3).data_type = "s"  # user text is never a formula
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def rectify(store, queue, company_id: str, contact: dict, signatory: dict | None, lang: str) -> dict | None:
    """Staff correct the contact or signatory (they checked who it is): the addresses given become the verified
    ones, every earlier link stops working, and the previous verified addresses are told."""
    from . import identity
    profile = store.profile(company_id)
    if profile is None:
        return None
    changes = {"contact": {**(profile.get("contact") or {}), **contact}}
    if signatory:
        changes["signatory"] = {**(profile.get("signatory") or {}), **signatory}
    given = [str(p["email"]).casefold() for p in (contact, signatory or {}) if p.get("email")]
    if given:
        changes["verified"] = sorted(set(given))
    store.update_profile(company_id, changes)
    store.bump_link_version(company_id)
    identity.after_change(queue, company_id, profile, {**profile, **changes}, profile.get("lang", lang))
    return {k: v for k, v in changes.items() if k != "verified"}


def block(store, company_id: str, now) -> dict:
    """Step one of cancellation. Returns what was subtracted, per year."""
    items = store.partition(f"CO#{company_id}")
    profile = next(i for i in items if i["sk"] == "PROFILE")
    parts: dict = {}
    for item in items:
        if item["sk"].startswith("YEAR#"):
            for key, delta in withdrawal(item).items():
                parts.setdefault(int(item["year"]), {}).setdefault(key, []).append(delta)
        elif item["sk"].startswith("PLEDGE#"):
            year = common.mexico_year(common.from_iso(item["signed_at"]))
            for key, delta in pledge_deltas(item["company"], -1).items():
                parts.setdefault(year, {}).setdefault(key, []).append(delta)
    # an assessment leaving a cohort is a change like any other: the snapshot republishes after enough of them
    year_deltas = {year: {k: aggregates.changed(d) if k[0] else d
                          for k, d in ((k, aggregates.combine(*ds)) for k, ds in keys.items()) if d}
                   for year, keys in parts.items()}
    kpi = {"pledged_companies": -1 if profile.get("last_pledge_id") else 0,
           "converted": -1 if profile.get("converted") else 0,
           "reassessed": -1 if profile.get("reassessed") else 0,
           "attendances": -sum(1 for i in items if i["sk"].startswith("ATT#")),
           "companies_trained": -1 if profile.get("trained") else 0}
    deletes = [(f"CO#{company_id}", i["sk"]) for i in items if i["sk"] == "LISTING" or i["sk"].startswith("REMIND#")]
    store.block_company(company_id, common.iso(now), year_deltas, {k: v for k, v in kpi.items() if v}, deletes)
    return {"years": sorted(year_deltas), "removed": [sk for _, sk in deletes]}


def deletable(profile: dict | None, now, block_days: int) -> bool:
    return bool(profile and profile.get("blocked_at")) and \
        common.from_iso(profile["blocked_at"]) + timedelta(days=block_days) <= now


def delete(store, company_id: str, rfc: str | None = None) -> int:
    """Step two: every record of the company goes (its assessments, scorecard jobs, submissions, attendance, the
    RFC's mapping, pending submissions and drafts)."""
    items = store.partition(f"CO#{company_id}")
    keys = [(f"CO#{company_id}", i["sk"]) for i in items]
    profile = next((i for i in items if i["sk"] == "PROFILE"), None) or {}
    rfc = rfc or profile.get("rfc")
    if rfc:
        keys += store.rfc_held(rfc)[2]
    ids = _assessment_ids(items)
    stored = store.get_many([(f"ASMT#{i}", "ASMT") for i in ids])
    for assessment_id in ids:
        keys += [(f"ASMT#{assessment_id}", "ASMT"), (f"JOB#{assessment_id}", "SCORECARD")]
        record = stored.get((f"ASMT#{assessment_id}", "ASMT"))
        if record and record.get("submission_id"):
            keys.append((f"SUB#{record['submission_id']}", "SUB"))
    for item in items:
        if item["sk"].startswith("PLEDGE#") and item.get("submission_id"):
            keys.append((f"SUB#{item['submission_id']}", "SUB"))
        elif item["sk"].startswith("ATT#"):
            keys.append((f"ATT#{item['activity_id']}", f"CO#{company_id}"))
    store.delete_all(keys)
    return len(keys)


def purge(store, now, block_days: int) -> int:
    """The daily job's part: delete companies whose blocking period is over."""
    due = store.indexed("BLOCKED", below=common.iso(now - timedelta(days=block_days)))
    for pk, _ in due:
        delete(store, pk[len("CO#"):])
    return len(due)
