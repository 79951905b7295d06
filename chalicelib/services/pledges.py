"""Use case: a CEO signs the pledge. Idempotent on submission_id; counted in the national/state/size/sector KPIs."""
import uuid
from datetime import timedelta

from ..domain import cohorts, kpis, size as sizing
from ..i18n import message
from . import common, cycle
from .ports import DuplicateSubmission, PledgeWrite

PLEDGE_SHAPES = ((), ("state",), ("size",), ("sector",))


def _renew_by(signed):
    try:
        return signed.replace(year=signed.year + 1)
    except ValueError:  # 29 February
        return signed + timedelta(days=365)


def pledge_deltas(profile: dict, sign: int = 1) -> dict:
    """What one pledge adds to its year's pledge counters (a cancellation subtracts the same)."""
    return {cohorts.of(profile, shape).key: {"pledges": sign} for shape in PLEDGE_SHAPES}


def submit(store, payload, now, rfc_check_digit_ok: bool = True, first_days: int = 90) -> tuple:
    lang, digest = payload.lang, common.body_hash(payload)
    c = payload.company
    company, year = common.company_id(c.rfc), common.mexico_year(now)
    stored, before = store.pledge_context(payload.submission_id, company)
    if stored:
        return common.replay(stored, "pledge", digest, lang)
    cycle.refuse_blocked(before, lang)
    size = sizing.classify(c.sector, c.employees, c.annual_sales_mxn)
    profile = {**common.profile_of(c, size), "region": cohorts.region_of(c.state)}
    pledge_id = str(uuid.uuid4())
    response = {"pledge_id": pledge_id, "company_id": company, "size": size, "signed_at": common.iso(now),
                "renew_by": common.iso(_renew_by(now)), "commitments": list(payload.commitments),
                "public_listing": payload.public_listing}
    if not rfc_check_digit_ok:
        response["warnings"] = [{"code": "rfc_check_digit", "message": message("rfc_check_digit", lang)}]
    pledge = {**response, "lang": lang, "signatory": payload.signatory.model_dump(), "company": profile,
              "consent": payload.consent.model_dump(), "submission_id": payload.submission_id}
    kpi_delta, waiting = kpis.on_pledge(before, response["signed_at"])
    puts, deletes = cycle.on_pledge(company, before, response, c.name, first_days)
    write = PledgeWrite(
        year=year,
        submission=common.submission_record("pledge", payload.submission_id, digest, response, now),
        pledge=pledge,
        profile={**profile, "company_id": company, "lang": lang, "public_listing": payload.public_listing,
                 "last_pledge_id": pledge_id, "signed_at": response["signed_at"], "renew_by": response["renew_by"],
                 "signatory": payload.signatory.model_dump(), **waiting},
        deltas=pledge_deltas(profile), kpi=kpi_delta, puts=puts, deletes=deletes)
    try:
        store.save_pledge(write)
    except DuplicateSubmission:
        return common.replay(store.submission(payload.submission_id), "pledge", digest, lang)
    return 201, response
