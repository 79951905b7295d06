"""Use case: the public registry of signatories who opted in, with their standing on each commitment.

Never scores, never personal data: the company name (published with consent), state, sector, size, pledge
dates, and whether the assessment, trainings and activities of the cycle are done.
"""
from ..domain import cycle, mexico
from ..i18n import pick
from . import common


def entry(profile: dict, now, year: int, first_days: int, lang: str) -> dict:
    sector = profile.get("sector")
    return {
        # the name staff approved (a later one waits for their approval)
        "company_id": profile["company_id"], "name": profile.get("listing_name") or profile.get("name"),
        "state": profile.get("state"),
        "state_name": mexico.STATES.get(profile.get("state") or ""), "sector": sector,
        "sector_name": pick(mexico.SECTORS[sector], lang) if sector in mexico.SECTORS else None,
        "size": profile.get("size"), "pledged_at": profile.get("signed_at"), "signed_at": profile.get("signed_at"),
        "renew_by": profile.get("renew_by"),
        "pledge": cycle.pledge_standing(profile, now),
        "assessment": cycle.assessment_standing(profile, now, year, first_days),
        "trainings_this_year": int(profile.get(f"trainings_{year}", 0)),
        "activities_this_year": int(profile.get(f"activities_{year}", 0)),
    }


def listing(store, now, first_days: int, lang: str) -> dict:
    year = common.mexico_year(now)
    companies = [entry(p, now, year, first_days, lang) for p in store.registry_profiles()
                 if p.get("public_listing") and not p.get("blocked_at")]
    return {"cycle": year, "generated_at": common.iso(now), "count": len(companies), "companies": companies}
