"""Use case: company self-service without accounts. Anyone may ask for a link by RFC and e-mail; the worker
e-mails a signed, expiring link only when the e-mail is one of the company's verified addresses. The request
does the same work whatever the RFC and e-mail, so neither its answer nor its time says whether they are known.

A company link is bound to the company's link version: a contact change, a block or a staff revocation bumps the
version and every earlier link of the company stops working. Links never renew themselves: whatever a page
reached by a link hands out expires with that link.
"""
from datetime import timedelta

from ..config import link_key
from ..domain import cycle, links
from ..i18n import message
from . import common, identity, notices

PURPOSE = "company"
LINK_DAYS = 7


def token(cfg, company_id: str, profile: dict, expires: int) -> str:
    return f"{company_id}~{links.sign(link_key(cfg), PURPOSE, identity.versioned(company_id, profile), expires)}"


def new_token(cfg, company_id: str, profile: dict, now) -> str:
    return token(cfg, company_id, profile, int((now + timedelta(days=LINK_DAYS)).timestamp()))


def claimed_company(value: str | None) -> str | None:
    """The company a token names (not yet checked: that needs the company's link version)."""
    company, sep, _ = (value or "").partition("~")
    return company if sep and identity.is_company_id(company) else None


def expiry(cfg, value: str | None, profile: dict | None, now) -> int | None:
    """When a company token for this profile's company expires, if it is genuine, current and unexpired."""
    company = claimed_company(value)
    if company is None or not profile or profile.get("blocked_at") or profile.get("company_id") != company:
        return None
    signed = (value or "").partition("~")[2]
    expires = links.signed_moment(link_key(cfg), PURPOSE, identity.versioned(company, profile), signed)
    return expires if expires is not None and int(now.timestamp()) < expires else None


def request_link(queue, rfc: str, email: str, lang: str) -> None:
    """Always queue the request; the worker decides whether anything is sent."""
    queue.send({"kind": "access", "rfc": rfc, "email": email, "lang": lang})


def send_link(job: dict, store, mailer, cfg, now) -> str:
    """The worker's side of a link request: only to a verified address of a company that is not blocked."""
    lang, email = job.get("lang", "es"), str(job.get("email", ""))
    company = store.company_for_rfc(str(job.get("rfc", "")))
    profile = store.profile(company) if company else None
    if not profile or profile.get("blocked_at") or email.casefold() not in identity.verified(profile):
        return "not on file"
    if not notices.allowed(store, now, [email], company, "access"):
        return "capped"
    link = f"{cfg.public_api_url}/company?lang={lang}&token={new_token(cfg, company, profile, now)}"
    msg = notices.compose(cfg, email, lang, message("access_subject", lang),
                          [message("access_body", lang, days=LINK_DAYS), link, message("draft_mail_ignore", lang)],
                          link, f"access.{company}.{common.iso(now)}")
    notices.send(mailer, cfg, msg)
    return "sent"


def view(store, cfg, company_id: str, profile: dict, expires: int, now, lang: str) -> dict:
    """The company's own record: history, year-over-year progress, scorecards, and what to do next. Every link
    on it expires with the link that opened it."""
    from . import present
    from .scorecards import scorecard_url
    years = sorted(store.company_years(company_id), key=lambda y: int(y["year"]))
    history, previous = [], None
    for item, year in zip(years, present.progress_of(years)["years"], strict=True):
        overall = year["overall"]
        # a change only between years whose overall scores compare (the same questionnaire, or one mapped to it)
        change: float | None = None if previous is None or overall is None or previous[0] is None or \
            not present.overall_comparable(previous[1], year["version"]) else overall - previous[0]
        history.append({
            "year": year["year"], "assessment_id": item["assessment_id"], "overall": overall, "change": change,
            "questionnaire_version": year["version"],
            "dimensions": {k: None if v is None else float(v) for k, v in (item.get("dimensions") or {}).items()},
            "scorecard_url": scorecard_url(cfg, item["assessment_id"], profile, expires)})
        previous = (overall, year["version"])
    year, first_days = common.mexico_year(now), cfg.first_assessment_days
    own = token(cfg, company_id, profile, expires)  # the company's own link: what it starts counts at once
    company = common.plain({k: profile.get(k) for k in ("name", "state", "sector", "size", "employees",
                                                         "annual_sales_mxn", "annual_sales_band")})
    return {
        "company_id": company_id, "company": company, "contact": profile.get("contact"),
        "pledge": {"signed_at": profile.get("signed_at"), "renew_by": profile.get("renew_by"),
                   "status": cycle.pledge_standing(profile, now) if profile.get("signed_at") else "none",
                   "public_listing": bool(profile.get("public_listing"))},
        "assessment_this_cycle": cycle.assessment_standing(profile, now, year, first_days),
        "trainings_this_year": int(profile.get(f"trainings_{year}", 0)),
        "activities_this_year": int(profile.get(f"activities_{year}", 0)),
        "assessments": history,
        "links_expire_at": common.iso(common.from_timestamp(expires)),
        "links": {name: f"{cfg.public_api_url}/forms/{form}?lang={lang}&company={own}"
                  for name, form in (("start_assessment", "assessment"), ("sign_pledge", "pledge"))},
    }


def update_contact(store, queue, company_id: str, profile: dict, contact: dict, lang: str) -> dict:
    """A new contact from the company's own page: every earlier link stops working, the previous verified
    addresses are told, and a new address must confirm itself before it receives any company data."""
    after = {**profile, "contact": contact}
    store.update_profile(company_id, {"contact": contact, "verified": identity.kept_verified(profile, after)})
    store.bump_link_version(company_id)
    identity.after_change(queue, company_id, profile, after, lang)
    return contact


def prefill(profile: dict) -> dict:
    """Form values (by API path) from the company's profile: this year's assessment starts from last year's."""
    values = {f"company.{k}": [str(profile[k])] for k in ("name", "rfc", "state", "sector", "employees")
              if profile.get(k) is not None}
    if profile.get("annual_sales_mxn") is not None:
        values["company.annual_sales_mxn"] = [f"{float(profile['annual_sales_mxn']):.0f}"]
    elif profile.get("annual_sales_band"):
        values["company.annual_sales_band"] = [str(profile["annual_sales_band"])]
    for k, v in (profile.get("contact") or profile.get("signatory") or {}).items():
        if v and k in ("name", "email", "position"):
            values[f"contact.{k}"] = [str(v)]
    return values
