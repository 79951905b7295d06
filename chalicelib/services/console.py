"""What the staff console shows: the companies, one company's record, the mail that failed, the audit log.

Reads only; every change goes through its own use case (arco, listings, activities), audited by the caller.
"""
import re
import unicodedata

from ..domain import cycle
from . import arco, common, identity

PAGE = 100  # companies listed at once; a search narrows the rest


def folded(text: str) -> str:
    """For matching what people type: no case, no accents ("Tecnologia" finds "Tecnología")."""
    plain = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in plain if not unicodedata.combining(c)).casefold()


def standing(profile: dict, now, first_days: int) -> dict:
    """Pledge, assessment and training standing, the verified addresses and the registry state."""
    year = common.mexico_year(now)
    pledged = bool(profile.get("signed_at"))
    listing = None
    if profile.get("public_listing"):
        listing = "listed" if profile.get("listing_approved_at") else "review"
    return {"pledge": cycle.pledge_standing(profile, now) if pledged else None,
            "assessment": cycle.assessment_standing(profile, now, year, first_days)
            if pledged or profile.get("last_assessment_at") else None,
            "trainings": int(profile.get(f"trainings_{year}", 0)),
            "activities": int(profile.get(f"activities_{year}", 0)),
            "verified": identity.verified(profile), "listing": listing, "blocked": bool(profile.get("blocked_at"))}


def companies(store, query: str, now, first_days: int) -> tuple:
    """(the companies matching a name or RFC search, by name, at most PAGE; how many matched in all)."""
    query = (query or "").strip()
    entries = store.directory()
    rfc_like = re.sub(r"[\s-]", "", query).upper()
    if query and re.fullmatch(r"[A-ZÑ&0-9]{3,13}", rfc_like):
        by_rfc = [(r, c) for r, c in entries if r.startswith(rfc_like)]
        entries = by_rfc or entries  # not an RFC after all: a name like "ACME"
    profiles = store.profiles([c for _, c in entries])
    wanted = folded(query)
    rows = []
    for rfc, company_id in entries:
        profile = profiles.get(company_id) or {}
        name = profile.get("name") or ""
        if wanted and wanted not in folded(name) and not rfc.startswith(rfc_like):
            continue
        rows.append({"company_id": company_id, "rfc": rfc, "name": name, "state": profile.get("state"),
                     "size": profile.get("size"), "sector": profile.get("sector"),
                     **standing(profile, now, first_days)})
    rows.sort(key=lambda r: (folded(r["name"]) or "~", r["rfc"]))
    return common.plain(rows[:PAGE]), len(rows)


def record(store, company_id: str, now, first_days: int) -> dict:
    """One company's whole record: the export's sections, plus its standing and registry state."""
    profile = store.profile(company_id) or {}
    held = arco.records(store, company_id, profile.get("rfc") or "")
    listing = store.company_records(company_id).get("listing")
    return common.plain({**held, "standing": standing(profile, now, first_days), "listing": listing,
                         "rfc": profile.get("rfc")})


def failed_mail(store, queue) -> dict:
    """What failed: dead letters waiting for a re-drive, and scorecards that could not be built."""
    ids = store.failed_jobs()
    records = {a["assessment_id"]: a for a in store.assessments(ids)}
    profiles = store.profiles([r["company_id"] for r in records.values() if r.get("company_id")])
    failed = []
    for job in store.scorecard_jobs(ids):
        company_id = (records.get(job["assessment_id"]) or {}).get("company_id")
        failed.append({"assessment_id": job["assessment_id"], "failed_at": job.get("failed_at"),
                       "error": job.get("last_error"), "company_id": company_id,
                       "company": (profiles.get(company_id) or {}).get("name")})
    return common.plain({"dead_letters": queue.dead_letters() if queue else 0, "failed_scorecards": failed})


def audit_entries(store, month: str, who: str = "", action: str = "", target: str = "") -> list:
    """The month's actions, newest first, narrowed by person, action and target (each a part of the text)."""
    entries = [common.plain(e) for e in store.audit_month(month)]
    wanted = {"who": folded(who), "action": folded(action), "target": folded(target)}
    kept = [e for e in entries if all(not v or v in folded(str(e.get(k, ""))) for k, v in wanted.items())]
    return list(reversed(kept))
