"""Use case: company self-service without accounts. The contact asks for a link by RFC and the e-mail on file;
Integra e-mails a signed, expiring link bound to that company. The request never says whether the RFC is known.
"""
from datetime import timedelta

from ..config import link_key
from ..domain import cycle, links
from ..i18n import message
from . import common, notices

PURPOSE = "company"
LINK_DAYS = 7


def token(cfg, company_id: str, now) -> str:
    expires = int((now + timedelta(days=LINK_DAYS)).timestamp())
    return f"{company_id}~{links.sign(link_key(cfg), PURPOSE, company_id, expires)}"


def company_of(cfg, value: str | None, now) -> str | None:
    """The company a token was signed for, if it is genuine and unexpired."""
    company, _, signed = (value or "").partition("~")
    return company if company and links.verify(link_key(cfg), PURPOSE, company, signed, int(now.timestamp())) else None


def emails_on_file(profile: dict) -> set:
    return {e.casefold() for e in ((profile.get("contact") or {}).get("email"),
                                   (profile.get("signatory") or {}).get("email")) if e}


def request_link(store, queue, rfc: str, email: str, lang: str) -> None:
    """Queue the link only when RFC and e-mail match a company on file; the caller answers the same either way."""
    company = common.company_id(rfc)
    profile = store.get(f"CO#{company}", "PROFILE")
    if profile and not profile.get("blocked_at") and email.casefold() in emails_on_file(profile):
        queue.send({"kind": "access", "company_id": company, "email": email, "lang": lang})


def send_link(job: dict, store, mailer, cfg, now) -> str:
    lang = job.get("lang", "es")
    link = f"{cfg.public_api_url}/company?lang={lang}&token={token(cfg, job['company_id'], now)}"
    msg = notices.compose(cfg, job["email"], lang, message("access_subject", lang),
                          [message("access_body", lang, days=LINK_DAYS), link, message("draft_mail_ignore", lang)],
                          link, f"access.{job['company_id']}.{common.iso(now)}")
    notices.send(mailer, cfg, msg)
    return "sent"


def view(store, cfg, company_id: str, now, lang: str) -> dict | None:
    """The company's own record: history, year-over-year progress, scorecards, and what to do next."""
    from .scorecards import scorecard_link
    profile = store.get(f"CO#{company_id}", "PROFILE")
    if profile is None or profile.get("blocked_at"):
        return None
    years = sorted((i for i in store.partition(f"CO#{company_id}", "YEAR#")), key=lambda i: int(i["year"]))
    history, previous = [], None
    for item in years:
        overall = None if item.get("overall") is None else float(item["overall"])
        history.append({
            "year": int(item["year"]), "assessment_id": item["assessment_id"], "overall": overall,
            "change": None if previous is None or overall is None else overall - previous,
            "dimensions": {k: None if v is None else float(v) for k, v in (item.get("dimensions") or {}).items()},
            "scorecard_url": scorecard_link(cfg, item["assessment_id"], now)[0]})
        previous = overall if overall is not None else previous
    year, first_days = common.mexico_year(now), cfg.first_assessment_days
    company = common.plain({k: profile.get(k) for k in ("name", "state", "sector", "size", "employees",
                                                         "annual_sales_mxn")})
    return {
        "company_id": company_id, "company": company, "contact": profile.get("contact"),
        "pledge": {"signed_at": profile.get("signed_at"), "renew_by": profile.get("renew_by"),
                   "status": cycle.pledge_standing(profile, now) if profile.get("signed_at") else "none",
                   "public_listing": bool(profile.get("public_listing"))},
        "assessment_this_cycle": cycle.assessment_standing(profile, now, year, first_days),
        "trainings_this_year": int(profile.get(f"trainings_{year}", 0)),
        "activities_this_year": int(profile.get(f"activities_{year}", 0)),
        "assessments": history,
        "links": {"start_assessment": f"{cfg.public_api_url}/forms/assessment?lang={lang}&company="
                                      f"{token(cfg, company_id, now)}"},
    }


def update_contact(store, company_id: str, contact: dict) -> dict | None:
    profile = store.get(f"CO#{company_id}", "PROFILE")
    if profile is None or profile.get("blocked_at"):
        return None
    store.update_profile(company_id, {"contact": contact})
    return contact


def prefill(store, company_id: str) -> dict:
    """Form values (by API path) from the company's profile: this year's assessment starts from last year's."""
    profile = store.get(f"CO#{company_id}", "PROFILE") or {}
    values = {f"company.{k}": [str(profile[k])] for k in ("name", "rfc", "state", "sector", "employees")
              if profile.get(k) is not None}
    if profile.get("annual_sales_mxn") is not None:
        values["company.annual_sales_mxn"] = [f"{float(profile['annual_sales_mxn']):.0f}"]
    for k, v in (profile.get("contact") or profile.get("signatory") or {}).items():
        if v and k in ("name", "email", "position"):
            values[f"contact.{k}"] = [str(v)]
    return values
