"""Use case: a CEO signs the pledge. Idempotent on submission_id; counted in the national/state/size/sector KPIs.

Like an assessment, a pledge acts for the company only with the company's own link; any other is stored pending
until a verified address (or, for a new RFC, the signatory's address) confirms it.
"""
import json
import uuid
from datetime import timedelta

from ..domain import cohorts, kpis
from ..domain import size as sizing
from ..i18n import message
from . import common, confirmations, followups, identity, selfservice
from .errors import Busy
from .ports import Confirmation, DuplicateSubmission, PledgeWrite, WriteConflict

PLEDGE_SHAPES = ((), ("state",), ("size",), ("sector",))
ATTEMPTS = 4


def _renew_by(signed):
    try:
        return signed.replace(year=signed.year + 1)
    except ValueError:  # 29 February
        return signed + timedelta(days=365)


def pledge_deltas(profile: dict, sign: int = 1, renewal: bool = False) -> dict:
    """What one pledge adds to its year's pledge counters (a cancellation subtracts the same): the pledge, and
    whether it renews one signed the year before (the renewal rate's numerator)."""
    counted = {"pledges": sign, **({"renewed": sign} if renewal else {})}
    return {(None, cohorts.of(profile, shape).key): dict(counted) for shape in PLEDGE_SHAPES}


def renews_last_year(before: dict | None, now) -> bool:
    """The company's previous pledge was signed the calendar year before this one (Mexico City)."""
    signed = (before or {}).get("signed_at")
    return isinstance(signed, str) and common.mexico_year(common.from_iso(signed)) == common.mexico_year(now) - 1


def _response(payload, size: str, pledge_id: str, company: str | None, now, status: str, rfc_ok: bool) -> dict:
    response = {"pledge_id": pledge_id, "company_id": company, "size": size, "signed_at": common.iso(now),
                "renew_by": common.iso(_renew_by(now)), "commitments": list(payload.commitments),
                "public_listing": payload.public_listing, "status": status}
    warned = common.warnings(payload.company, rfc_ok)
    if warned:
        response["warnings"] = common.said(warned, payload.lang)
    return response


def submit(store, payload, now, rfc_check_digit_ok: bool = True, first_days: int = 90, cfg=None, queue=None,
           company_token: str | None = None) -> common.Outcome:
    lang, digest, c = payload.lang, common.body_hash(payload), payload.company
    size = sizing.classify(c.sector, c.employees, c.annual_sales_mxn, c.annual_sales_band)
    claimed = selfservice.claimed_company(company_token)
    stored, company, before = store.pledge_context(payload.submission_id, c.rfc, claimed)
    if stored:
        return common.replay(stored, "pledge", digest, lang)
    if cfg is not None and claimed and selfservice.expiry(cfg, company_token, before, now):
        for _ in range(ATTEMPTS):
            try:
                return _apply(store, payload, size, company, before, now, first_days, rfc_check_digit_ok, queue,
                              Confirmation())
            except WriteConflict:
                stored, company, before = store.pledge_context(payload.submission_id, c.rfc, claimed)
        raise Busy(lang)
    response = _response(payload, size, str(uuid.uuid4()), None, now, "pending_confirmation", rfc_check_digit_ok)
    return confirmations.pend(store, queue, "pledge", payload, digest, response, now)


def confirm(store, payload, stored: dict, email: str, now, first_days: int, queue) -> str:
    """Apply a pending pledge, confirmed by a click from `email`. Returns the pledge id."""
    c = payload.company
    size = sizing.classify(c.sector, c.employees, c.annual_sales_mxn, c.annual_sales_band)
    pledge_id = json.loads(stored["response"])["pledge_id"]
    for _ in range(ATTEMPTS):
        _, company, before = store.pledge_context(payload.submission_id, c.rfc, with_company=True)
        company, new = confirmations.acting_company(company, before, payload.signatory.email, email)
        try:
            _apply(store, payload, size, company, before, now, first_days, common.rfc_ok(stored),
                   queue, Confirmation(payload.submission_id, c.rfc, common.iso(now), company if new else None),
                   pledge_id=pledge_id, confirmed_by=email)
            return pledge_id
        except WriteConflict:
            continue
    raise Busy(payload.lang)


def _apply(store, payload, size: str, company: str, before: dict | None, now, first_days: int, rfc_ok: bool, queue,
           confirmation: Confirmation, pledge_id: str | None = None, confirmed_by: str | None = None) -> common.Outcome:
    lang, c = payload.lang, payload.company
    profile = {**common.profile_of(c, size), "region": cohorts.region_of(c.state)}
    response = _response(payload, size, pledge_id or str(uuid.uuid4()), company, now, "confirmed", rfc_ok)
    renewal = renews_last_year(before, now)
    pledge = {**response, "lang": lang, "signatory": payload.signatory.model_dump(), "company": profile,
              "consent": payload.consent.model_dump(), "submission_id": payload.submission_id,
              **({"renewal": True} if renewal else {})}
    kpi_delta, waiting = kpis.on_pledge(before, response["signed_at"])
    after = {**profile, "company_id": company, "lang": lang, "public_listing": payload.public_listing,
             "last_pledge_id": response["pledge_id"], "signed_at": response["signed_at"],
             "renew_by": response["renew_by"], "signatory": payload.signatory.model_dump()}
    after["verified"] = identity.kept_verified(before, {**(before or {}), **after}, confirmed_by)
    write = PledgeWrite(
        year=common.mexico_year(now),
        submission=None if confirmation.submission_id else
        common.submission_record("pledge", payload.submission_id, common.body_hash(payload), response, now),
        pledge=pledge, profile=after, deltas=pledge_deltas(profile, renewal=renewal), kpi=kpi_delta,
        awaiting_since=response["signed_at"] if waiting else None,
        followups=followups.on_pledge(before, response, c.name, first_days), confirmation=confirmation)
    try:
        store.save_pledge(write)
    except DuplicateSubmission:
        if confirmation.submission_id:
            raise confirmations.AlreadyConfirmed() from None
        return common.replay(store.submission(payload.submission_id), "pledge", common.body_hash(payload), lang)
    if identity.changed(before, {**(before or {}), **after}):
        store.bump_link_version(company)
    identity.after_change(queue, company, before, {**(before or {}), **after}, lang)
    common.tell(queue, {"kind": "pledged", "company_id": company, "pledge_id": response["pledge_id"]},
                "the pledge is saved; its mail is not sent")
    return common.Outcome(response)


def _listing_said(pledge: dict, profile: dict) -> str:
    if not pledge.get("public_listing"):
        return "pledged_unlisted"
    return "pledged_listed" if profile.get("listing_approved_at") else "pledged_listing_review"


def welcome(job: dict, store, mailer, cfg, now) -> str:
    """The pledge in writing, to the company's verified address: the commitments made, when to renew, whether the
    company is listed, and the next step (its own link to the self-assessment, prefilled)."""
    from .. import catalogue
    from ..i18n import mexico_date, pick
    from . import notices
    company = str(job.get("company_id", ""))
    profile = store.profile(company) if identity.is_company_id(company) else None
    if not profile or profile.get("blocked_at"):
        return "nothing to send"
    pledge = next((p for p in store.company_records(company)["pledges"] if p["pledge_id"] == job.get("pledge_id")),
                  None)
    to = identity.recipients(profile, ((pledge or {}).get("signatory") or {}).get("email"))
    if pledge is None or not to:
        return "nothing to send"
    lang = pledge.get("lang", "es")
    said = {c["id"]: pick(c["text"], lang) for c in catalogue.current().pledge_commitments}
    token = selfservice.new_token(cfg, company, profile, now)
    link = f"{cfg.public_api_url}/forms/assessment?lang={lang}&company={token}"
    name = profile.get("name", "")
    paragraphs = [message("pledged_body", lang, company=name, signed=mexico_date(pledge["signed_at"], lang)),
                  *(f"{n}. {said.get(c, c)}" for n, c in enumerate(pledge["commitments"], 1)),
                  message("pledged_renew", lang, renew=mexico_date(pledge["renew_by"], lang)),
                  message(_listing_said(pledge, profile), lang),
                  message("pledged_next", lang), link]
    msg = notices.compose(cfg, ", ".join(to), lang, message("pledged_subject", lang, company=name), paragraphs, link,
                          f"pledged.{pledge['pledge_id']}")
    notices.send(mailer, cfg, msg)
    return "sent"
