"""All-time programme KPIs kept as counters (pledging companies, conversions, re-assessments), and the profile
changes that make each count once per company. Pure: works on the profile as read before the write."""

def on_assessment(profile: dict | None, year: int) -> tuple:
    """(kpi delta, profile fields to set, whether it is the company's first) for an assessment of ``year``."""
    p = profile or {}
    first = p.get("first_assessment_year")
    if first is None:
        if p.get("last_pledge_id"):  # the flag lets a cancellation take the company's count back out
            return {"converted": 1}, {"first_assessment_year": year, "converted": True}, True
        return {}, {"first_assessment_year": year}, True
    if int(first) < year and not p.get("reassessed"):
        return {"reassessed": 1}, {"reassessed": True}, False
    return {}, {}, False


def on_pledge(profile: dict | None, signed_at: str) -> tuple:
    """(kpi delta, whether the company starts waiting for its first assessment) for a pledge."""
    p = profile or {}
    delta = {} if p.get("last_pledge_id") else {"pledged_companies": 1}
    starts = p.get("first_assessment_year") is None and not p.get("awaiting_first_assessment") \
        and not p.get("blocked_at")
    return delta, starts


# days from the pledge to the first assessment, as histogram buckets (upper bounds): a median without the days
DAYS_TO_FIRST = (30, 60, 90, 180, 365)


def days_bucket(days: int) -> str:
    """The bucket a number of days falls in: "30", "60", … or "more"."""
    return next((str(b) for b in DAYS_TO_FIRST if days <= b), "more")


def conversion(profile: dict | None, now_iso: str, keys: list, year: int) -> dict:
    """What a pledged company's first assessment adds to its pledge cohorts of the year (``keys``): one
    conversion, and how long after the pledge it came. Kept on the profile, so a cancellation takes it back."""
    from datetime import datetime
    signed = (profile or {}).get("signed_at")
    counters = {"converted": 1}
    if signed:
        days = (datetime.fromisoformat(now_iso.replace("Z", "+00:00")) -
                datetime.fromisoformat(str(signed).replace("Z", "+00:00"))).days
        counters[f"d2a_{days_bucket(max(0, days))}"] = 1
    return {"year": year, "keys": list(keys), "counters": counters}
