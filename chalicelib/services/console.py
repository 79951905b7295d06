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


def words(text: str) -> list:
    """The words of a name or a search, without punctuation ("S.A. de C.V." -> sa, de, cv)."""
    return re.sub(r"[^\w@ ]+", "", folded(text).replace("-", " ")).split()


def matches(query: str, *texts: str) -> bool:
    """Every word searched is part of some word of the name or the addresses, in any order."""
    wanted = words(query)
    have = [w for t in texts for w in words(t)]
    return all(any(q in h for h in have) for q in wanted)


def standing(profile: dict, now, first_days: int) -> dict:
    """Pledge, assessment and training standing, the verified addresses and the registry state."""
    year = common.mexico_year(now)
    pledged = bool(profile.get("signed_at"))
    listing = None
    if profile.get("public_listing") and not profile.get("blocked_at"):
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
    rows = []
    for rfc, company_id in entries:
        profile = profiles.get(company_id) or {}
        name = profile.get("name") or ""
        if query and not rfc.startswith(rfc_like) and not matches(query, name, *identity.verified(profile)):
            continue
        rows.append({"company_id": company_id, "rfc": rfc, "name": name, "state": profile.get("state"),
                     "size": profile.get("size"), "sector": profile.get("sector"),
                     **standing(profile, now, first_days)})
    rows.sort(key=lambda r: (folded(r["name"]) or "~", r["rfc"]))
    return common.plain(rows[:PAGE]), len(rows)


def _typed_address(submission: dict) -> str | None:
    """The address a pending submission was sent with (the signatory's, or the contact's)."""
    import json
    try:
        data = json.loads(submission.get("payload") or "{}")
    except ValueError:
        return None
    return ((data.get("signatory") or data.get("contact") or {}).get("email")) if isinstance(data, dict) else None


def record(store, company_id: str, now, first_days: int) -> dict:
    """One company's whole record: the export's sections, plus its standing, registry state, the unconfirmed
    submissions and drafts under its RFC (who sent them), and the titles of the activities it attended."""
    profile = store.profile(company_id) or {}
    held = store.company_records(company_id)
    rfc = profile.get("rfc") or next((a.get("rfc") for a in held.get("attendance", []) if a.get("rfc")), "")
    records = arco.records(store, company_id, rfc)
    waiting = [{"kind": s.get("kind"), "at": s.get("created_at"), "email": _typed_address(s)}
               for s in records["pending"]] + \
              [{"kind": "draft", "at": d.get("created_at"), "email": d.get("email")} for d in records["drafts"]]
    titles = {a["activity_id"]: (store.activity(a["activity_id"]) or {}).get("title")
              for a in held.get("attendance", [])[:50]}
    return common.plain({**records, "standing": standing(profile, now, first_days), "listing": held.get("listing"),
                         "rfc": rfc, "held": waiting, "activity_titles": titles})


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


def mexico_month(now) -> str:
    """The month as Mexico City reads it (the audit log is browsed by it)."""
    return now.astimezone(common.MEXICO_CITY).strftime("%Y-%m")


def audit_entries(store, month: str, who: str = "", action: str = "", target: str = "") -> list:
    """A month's actions (Mexico City time), newest first, each with what it was about in words (a company's name
    and RFC), narrowed by person, action (exact) and target (any word of the name, RFC or id)."""
    from datetime import date
    year, number = (int(x) for x in month.split("-"))
    following = date(year + number // 12, number % 12 + 1, 1).strftime("%Y-%m")
    entries = [common.plain(e) for m in (month, following) for e in store.audit_month(m)  # filed by UTC month
               if mexico_month(common.from_iso(e["at"])) == month]
    profiles = store.profiles([e["target"] for e in entries if identity.is_company_id(str(e.get("target", "")))])
    for e in entries:
        p = profiles.get(str(e.get("target", "")))
        e["target_label"] = f"{p.get('name') or ''} ({p.get('rfc') or '—'})" if p else str(e.get("target", ""))
        e["company_id"] = e["target"] if p else None
    kept = [e for e in entries if (not who or folded(who) in folded(str(e.get("who", ""))))
            and (not action or action == e.get("action"))
            and (not target or matches(target, e["target_label"], str(e.get("target", ""))))]
    return list(reversed(kept))


def health(store, queue, now) -> dict:
    """What staff (and the runbook) check first: the mail queue, the oldest scorecard still waiting, when the
    benchmarks were last published and how the dashboard's last syncs went."""
    oldest = store.pending_jobs(common.iso(now), limit=1)
    job = (store.scorecard_jobs(oldest) or [None])[0] if oldest else None
    snapshot = store.snapshot_run().get("taken_at")
    sync = store.get_meta("sync")

    def age(moment) -> int | None:
        return int((now - common.from_iso(moment)).total_seconds()) if moment else None
    return common.plain({
        "checked_at": common.iso(now), "queue": queue.depth() if queue else None,
        "oldest_pending_scorecard": {"assessment_id": job["assessment_id"], "created_at": job.get("created_at"),
                                     "age_seconds": age(job.get("created_at"))} if job else None,
        "last_snapshot": snapshot, "last_snapshot_age_seconds": age(snapshot),
        "dashboard_sync": {k: sync.get(k) for k in ("last_run", "last_ok", "ok", "failing", "requests")}
        if sync else None})
