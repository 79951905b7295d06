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
