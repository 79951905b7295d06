"""All-time programme KPIs kept as counters (pledging companies, conversions, re-assessments), and the profile
changes that make each count once per company. Pure: works on the profile as read before the write."""

AWAITING_FIRST = "AWAIT#first"  # sparse-index partition of pledged companies with no assessment yet


def on_assessment(profile: dict | None, year: int) -> tuple:
    """(kpi delta, profile fields to set, profile fields to remove) for an assessment of ``year``."""
    p = profile or {}
    first = p.get("first_assessment_year")
    if first is None:
        if p.get("last_pledge_id"):  # the flag lets a cancellation take the company's count back out
            return {"converted": 1}, {"first_assessment_year": year, "converted": True}, ("gsi1pk", "gsi1sk")
        return {}, {"first_assessment_year": year}, ("gsi1pk", "gsi1sk")
    if int(first) < year and not p.get("reassessed"):
        return {"reassessed": 1}, {"reassessed": True}, ()
    return {}, {}, ()


def on_pledge(profile: dict | None, signed_at: str) -> tuple:
    """(kpi delta, profile fields to set) for a pledge; a company waits for its first assessment from then."""
    p = profile or {}
    delta = {} if p.get("last_pledge_id") else {"pledged_companies": 1}
    waiting = {} if p.get("first_assessment_year") is not None or p.get("gsi1pk") else \
        {"gsi1pk": AWAITING_FIRST, "gsi1sk": signed_at}
    return delta, waiting
