"""Data-subject rights (LFPDPPP 2025): export, rectification, and cancellation as block, then delete.

Blocking takes the company out of the registry, the reminders and every aggregate in one transaction, and
refuses new submissions; after the blocking period the records are deleted for good.
"""
from datetime import timedelta

from ..domain import aggregates
from . import common
from .assessments import withdrawal
from .errors import AlreadyBlocked, NotDeletable, NothingChanged, UnknownCompany
from .pledges import pledge_deltas

SECTIONS = ("profile", "pledges", "assessments", "submissions", "scorecard_jobs", "attendance", "reminders",
            "pending", "drafts")


def records(store, company_id: str | None, rfc: str) -> dict:
    """Everything held about one company and its contacts, the unconfirmed submissions and drafts too."""
    pending, drafts = store.rfc_held(rfc)
    held = store.company_records(company_id) if company_id else {}
    if not (held.get("profile") or held.get("assessment_ids") or pending or drafts):
        raise UnknownCompany()
    assessments = store.assessments(held.get("assessment_ids", []))
    # the submissions as received (with where their confirmation went) and each scorecard's mail job (its recipients)
    sent = [r["submission_id"] for r in held.get("pledges", []) + assessments if r.get("submission_id")]
    return {"company_id": company_id, "profile": held.get("profile"), "pledges": held.get("pledges", []),
            "assessments": assessments, "submissions": store.submissions(sent),
            "scorecard_jobs": store.scorecard_jobs([a["assessment_id"] for a in assessments]),
            "attendance": held.get("attendance", []), "reminders": held.get("reminders", []),
            "pending": pending, "drafts": drafts}


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
                raw = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
                text = cells.text(raw)
                parts = [text[i:i + CELL_MAX] for i in range(0, len(text), CELL_MAX)] or [""]
                for i, part in enumerate(parts, 1):  # a cell holds 32,767 characters: longer values continue below
                    sheet.append([n, cells.text(field) + (f" ({i}/{len(parts)})" if len(parts) > 1 else ""), part])
                    sheet.cell(sheet.max_row, 3).data_type = "s"  # user text is never a formula
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def rectify(store, queue, company_id: str, contact: dict, signatory: dict | None, lang: str) -> dict:
    """Staff correct the contact or signatory (they checked who it is): an address they give is verified at once
    (they vouch for it); the verified addresses still on file stay so; every earlier link stops working, and the
    previous verified addresses are told. Nothing to change: NothingChanged."""
    from . import identity
    profile = store.profile(company_id)
    if profile is None:
        raise UnknownCompany()
    changes: dict = {}
    for role, given_fields in (("contact", contact), ("signatory", signatory or {})):
        merged = {**(profile.get(role) or {}), **given_fields}
        if merged != (profile.get(role) or {}):
            changes[role] = merged
    if not changes:
        raise NothingChanged()
    given = [str(p["email"]).casefold() for p in (contact, signatory or {}) if p.get("email")]
    after = {**profile, **changes}
    kept = identity.verified(after)  # the earlier verified addresses the change left on file
    changes["verified"] = sorted({*kept, *given})
    store.update_profile(company_id, changes)
    store.bump_link_version(company_id)
    identity.after_change(queue, company_id, profile, {**profile, **changes}, profile.get("lang", lang))
    return {k: v for k, v in changes.items() if k != "verified"}


def block(store, company_id: str, now) -> dict:
    """Step one of cancellation. Returns what was subtracted, per year, and what left the registry and reminders."""
    held = store.company_records(company_id)
    profile = held["profile"]
    if profile is None:
        raise UnknownCompany()
    if profile.get("blocked_at"):
        raise AlreadyBlocked()
    parts: dict = {}
    for record in held["years"]:
        for key, delta in withdrawal(record).items():
            parts.setdefault(int(record["year"]), {}).setdefault(key, []).append(delta)
    for pledge in held["pledges"]:
        year = common.mexico_year(common.from_iso(pledge["signed_at"]))
        for key, delta in pledge_deltas(pledge["company"], -1, bool(pledge.get("renewal"))).items():
            parts.setdefault(year, {}).setdefault(key, []).append(delta)
    for attended in held["attendance"]:  # the year's attendance figures it added, by state and size
        for key in attended.get("cohorts") or []:
            parts.setdefault(int(attended["year"]), {}).setdefault((None, key), []).append(
                aggregates.negate(attended.get("counted") or {}))
    converted = profile.get("conversion")  # the conversion its first assessment added, by state, size and sector
    if converted:
        for key in converted["keys"]:
            parts.setdefault(int(converted["year"]), {}).setdefault((None, key), []).append(
                aggregates.negate(converted["counters"]))
    # an assessment leaving a cohort is a change like any other: the snapshot republishes after enough of them
    year_deltas = {year: {k: aggregates.changed(d) if k[0] else d
                          for k, d in ((k, aggregates.combine(*ds)) for k, ds in keys.items()) if d}
                   for year, keys in parts.items()}
    kpi = {"pledged_companies": -1 if profile.get("last_pledge_id") else 0,
           "converted": -1 if profile.get("converted") else 0,
           "reassessed": -1 if profile.get("reassessed") else 0,
           "attendances": -len(held["attendance"]),
           "companies_trained": -1 if profile.get("trained") else 0}
    reminders = tuple(sorted(r["kind"] for r in held["reminders"]))
    store.block_company(company_id, common.iso(now), year_deltas, {k: v for k, v in kpi.items() if v},
                        held["listed"], reminders)
    return {"years": sorted(year_deltas), "unlisted": held["listed"], "reminders_removed": list(reminders)}


def deletable(profile: dict | None, now, block_days: int) -> bool:
    blocked_at = (profile or {}).get("blocked_at")
    return blocked_at is not None and common.from_iso(blocked_at) + timedelta(days=block_days) <= now


def delete(store, company_id: str, rfc: str | None, now, block_days: int) -> int:
    """Step two, once the blocking period is over: every record of the company goes (its assessments, scorecard
    jobs, submissions, attendance, the RFC's mapping, pending submissions and drafts). Returns how many."""
    if not deletable(store.profile(company_id), now, block_days):
        raise NotDeletable(days=block_days)
    return store.delete_company(company_id, rfc)


def purge(store, now, block_days: int) -> int:
    """The daily job's part: delete companies whose blocking period is over."""
    due = store.blocked_before(common.iso(now - timedelta(days=block_days)))
    for company_id in due:
        store.delete_company(company_id)
    return len(due)
