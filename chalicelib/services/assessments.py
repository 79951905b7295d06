"""Use case: submit a self-assessment. One read, one transactional write, exact peer benchmark.

A submission acts for the company only with the company's own link (`company_token`, from its page or a
reminder). Any other is stored pending: the submitter sees its scores at once, and nothing shared changes until
a verified address of the company (or, for a new RFC, the address typed in it) confirms it by a mailed link.
"""
import json
import uuid
from dataclasses import dataclass
from typing import Any

from .. import catalogue
from ..domain import aggregates, benchmarks, cohorts, kpis, scoring
from ..domain import size as sizing
from ..domain.aggregates import fixed
from . import common, confirmations, followups, identity, present, selfservice
from .errors import Busy, ReplacedToday, Superseded
from .ports import AssessmentWrite, Confirmation, DuplicateSubmission, WriteConflict

ATTEMPTS = 4  # optimistic retries: the same company twice at once, or a contended aggregate


def withdrawal(company_year: dict) -> dict:
    """Per (version, cohort key), what takes a stored assessment's contribution back out of its year's
    aggregates (the change itself is counted by the caller, once per cohort)."""
    version = company_year.get("questionnaire_version")
    return {(version, key): aggregates.negate(aggregates.for_cohort(company_year["contribution"],
                                                                   cohorts.parse(key).detailed))
            for key in company_year["cohorts"]}


def _deltas(version: str, new_cohorts, contrib: dict, previous: dict | None) -> dict:
    """Per (version, cohort key), what to add: the new contribution minus the replaced one, merged into one
    update each, which counts as one change of that cohort."""
    parts = {(version, c.key): [aggregates.for_cohort(contrib, c.detailed)] for c in new_cohorts}
    for key, delta in (withdrawal(previous) if previous else {}).items():
        parts.setdefault(key, []).append(delta)
    merged = {key: aggregates.changed(aggregates.combine(*deltas)) for key, deltas in parts.items()}
    return {key: delta for key, delta in merged.items() if delta}  # the same answers again: nothing to add


def _exact(scores) -> dict:
    """The overall and dimension scores as stored: full precision, None where not computed."""
    return {"overall": None if scores.overall is None else fixed(scores.overall),
            "dimensions": {d.id: None if d.insufficient else fixed(d.score) for d in scores.dimensions}}


HISTORY = 20  # replaced contributions a company-year keeps, to take the right one out of older figures


def _company_year(ev, company: str, year: int, assessment_id: str, now, previous: dict | None,
                  contrib: dict) -> dict:
    """The company's current assessment of the year, with the contributions it replaced and when."""
    record = {"company_id": company, "year": year, "assessment_id": assessment_id, "cohorts": ev.keys,
              "contribution": contrib, "questionnaire_version": ev.cat.version, "applied_at": common.precise(now),
              **_exact(ev.scores)}
    if previous:
        history = list(previous.get("history") or []) + [{
            "from": previous.get("applied_at", ""), "until": record["applied_at"], "cohorts": previous["cohorts"],
            "version": previous.get("questionnaire_version"),
            "contribution": aggregates.for_cohort(previous["contribution"], False)}]
        record.update(history=history[-HISTORY:], replaced_on=common.mexico_day(now),
                      history_truncated=bool(previous.get("history_truncated")) or len(history) > HISTORY)
    return record


def _own(ctx, cat):
    """The company's part in published figures (see benchmarks.contribution_at); nothing for a pending one."""
    sources = catalogue.lineages().get(cat.version, {cat.version: None})
    return lambda year, key, as_of: benchmarks.contribution_at(ctx.company_years.get(year), key, as_of, sources)


@dataclass
class Evaluated:
    """What the answers alone decide, before anything is read: size, cohorts, scores, the contribution."""
    payload: Any                     # a validated AssessmentIn
    cat: Any                         # its questionnaire catalogue
    digest: str
    size: str
    profile: dict
    mine: list | tuple
    scores: Any                      # domain.scoring's result
    contrib: dict
    warnings: list

    @property
    def keys(self) -> list:
        return [c.key for c in self.mine]


def evaluate(payload, cat, rfc_check_digit_ok: bool = True) -> Evaluated:
    size = sizing.classify(payload.company.sector, payload.company.employees, payload.company.annual_sales_mxn,
                           payload.company.annual_sales_band)
    profile = {**common.profile_of(payload.company, size), "region": cohorts.region_of(payload.company.state)}
    scores = scoring.score(cat, payload.answers, size)
    slips = [f"answers_inconsistent:{item}:{needed}" for item, needed in scoring.inconsistent(cat, payload.answers)]
    return Evaluated(payload, cat, common.body_hash(payload), size, profile, cohorts.all_for(profile), scores,
                     aggregates.contribution(cat, scores, payload.answers, payload.barriers or {}, profile),
                     common.warnings(payload.company, rfc_check_digit_ok) + slips)


def _record(ev: Evaluated, ids: dict, year: int, now) -> dict:
    payload, scores = ev.payload, ev.scores
    return {
        "assessment_id": ids["assessment"], "submission_id": payload.submission_id, "company_id": ids["company"],
        "year": year, "questionnaire_version": ev.cat.version, "lang": payload.lang, "created_at": common.iso(now),
        "company": ev.profile, "contact": payload.contact.model_dump(), "answers": payload.answers,
        "na_reasons": {i: r for i, r in payload.na_reasons.items() if payload.answers.get(i) == "na"},
        "barriers": payload.barriers or {}, "warnings": ev.warnings,
        "scores": {**_exact(scores), "band": scores.band, "capped_by": list(scores.capped_by), "art25": scores.art25},
    }


def _response(ev: Evaluated, ctx, assessment_id: str, company: str | None, previous: dict | None, status: str,
              year: int) -> dict:
    cat, scores, lang = ev.cat, ev.scores, ev.payload.lang
    return {
        "assessment_id": assessment_id, "company_id": company, "size": ev.size, "year": year,
        "questionnaire_version": cat.version, "status": status,
        "score": present.score(cat, scores, lang), "art25": present.art25(cat, scores, lang),
        "gaps": present.gaps(cat, scores, lang, ev.size), "to_check": present.to_check(cat, scores, lang),
        "benchmark": benchmarks.for_company(cat, cohorts.fallback_for(ev.profile), ctx.published, _own(ctx, cat),
                                           year, scores.overall, lang) if company else benchmarks.awaiting(),
        "unknown_items": list(scores.unknown_items), "na_items": list(scores.na_items),
        "warnings": common.said(ev.warnings, lang, cat),
        "replaces": previous["assessment_id"] if previous else None,
    }


def submit(store, payload, cat, now, rfc_check_digit_ok: bool = True, queue=None, cfg=None,
           company_token: str | None = None) -> common.Outcome:
    """The assessment (confirmed, or pending until its company confirms it), or the stored one for a replay."""
    ev = evaluate(payload, cat, rfc_check_digit_ok)
    year, rfc = common.mexico_year(now), payload.company.rfc
    claimed = selfservice.claimed_company(company_token)
    for _ in range(ATTEMPTS):
        ctx = store.assessment_context(payload.submission_id, rfc, year, ev.keys, company_id=claimed,
                                       version=cat.version)
        if ctx.submission:
            return common.replay(ctx.submission, "assessment", ev.digest, payload.lang)
        if cfg is not None and claimed and selfservice.expiry(cfg, company_token, ctx.profile, now):
            try:
                return _apply(store, ev, ctx, ctx.company_id, now, queue, Confirmation())
            except WriteConflict:
                continue
        return _pend(store, ev, ctx, now, queue)
    raise Busy(payload.lang)


def _pend(store, ev: Evaluated, ctx, now, queue) -> common.Outcome:
    """Kept aside until confirmed: the submitter's own result now, nothing shared changes."""
    payload = ev.payload
    response = _response(ev, ctx, str(uuid.uuid4()), None, None, "pending_confirmation", common.mexico_year(now))
    return confirmations.pend(store, queue, "assessment", payload, ev.digest, response, now)


def _superseded(stored: dict, company_year: dict | None) -> bool:
    """The company saved a newer assessment after this one was sent: confirming it now would bring back older
    answers over newer ones."""
    applied, sent = (company_year or {}).get("applied_at"), stored.get("created_at")
    return applied is not None and sent is not None and common.from_iso(sent) < common.from_iso(applied)


def confirm(store, payload, cat, stored: dict, email: str, now, queue) -> str:
    """Apply a pending assessment, confirmed by a click from `email`. Returns the assessment id."""
    ev = evaluate(payload, cat, common.rfc_ok(stored))
    year, rfc = common.mexico_year(now), payload.company.rfc
    assessment_id = json.loads(stored["response"])["assessment_id"]
    for _ in range(ATTEMPTS):
        ctx = store.assessment_context(payload.submission_id, rfc, year, ev.keys, with_company=True,
                                       version=cat.version)
        if _superseded(stored, ctx.company_year):
            raise Superseded(payload.lang)
        company, new = confirmations.acting_company(ctx.company_id, ctx.profile, payload.contact.email, email)
        try:
            _apply(store, ev, ctx, company, now, queue,
                   Confirmation(payload.submission_id, rfc, common.iso(now), company if new else None),
                   assessment_id=assessment_id, confirmed_by=email)
            return assessment_id
        except WriteConflict:
            continue
    raise Busy(payload.lang)


def _with_change(ev: Evaluated, last_year: dict | None) -> dict:
    """The contribution, with what this year's assessment changed since last year's (the programme's impact),
    where the two years' overall scores compare. An assessment too uncertain to count adds nothing."""
    if "unsure" in ev.contrib or not last_year:
        return ev.contrib
    return {**ev.contrib, **aggregates.change(
        last_year, ev.scores, present.overall_comparable(present.version_of(last_year), ev.cat.version))}


def _apply(store, ev: Evaluated, ctx, company: str, now, queue, confirmation: Confirmation,
           assessment_id: str | None = None, confirmed_by: str | None = None) -> common.Outcome:
    """Write the assessment for the company: aggregates, replacement, profile, cycle, scorecard job."""
    payload, cat = ev.payload, ev.cat
    year, lang, before = common.mexico_year(now), payload.lang, ctx.profile
    previous = ctx.company_year
    if previous and previous.get("replaced_on") == common.mexico_day(now):
        raise ReplacedToday(lang, retry_after=common.seconds_to_mexico_midnight(now))
    kpi_delta, profile_set, first = kpis.on_assessment(before, year)
    contrib = _with_change(ev, ctx.company_years.get(year - 1))
    if kpi_delta.get("converted"):  # a pledged company's first assessment: by state, size and sector too
        from .pledges import PLEDGE_SHAPES
        profile_set = {**profile_set, "conversion": kpis.conversion(
            before, common.iso(now), [cohorts.of(ev.profile, s).key for s in PLEDGE_SHAPES], year)}
    ids = {"assessment": assessment_id or str(uuid.uuid4()), "company": company}
    response = _response(ev, ctx, ids["assessment"], company, previous, "confirmed", year)
    profile = {**ev.profile, "company_id": company, "lang": lang, "contact": payload.contact.model_dump(),
               "last_assessment_id": ids["assessment"], "last_assessment_year": year,
               "last_assessment_at": common.iso(now), **profile_set}
    after = {**(before or {}), **profile}
    profile["verified"] = after["verified"] = identity.kept_verified(before, after, confirmed_by)
    # the scorecard: to a verified address on file, else to whoever authorised this submission
    to = identity.recipients(after, payload.contact.email) or \
        ([confirmed_by.casefold()] if confirmed_by else identity.verified(before))
    write = AssessmentWrite(
        year=year,
        submission=None if confirmation.submission_id else
        common.submission_record("assessment", payload.submission_id, ev.digest, response, now),
        assessment=_record(ev, ids, year, now),
        company_year=_company_year(ev, company, year, ids["assessment"], now, previous, contrib),
        previous_assessment_id=previous["assessment_id"] if previous else None,
        profile=profile, first_assessment=first, kpi=kpi_delta,
        deltas={**_deltas(cat.version, ev.mine, contrib, previous),
                **{(None, key): profile_set["conversion"]["counters"]
                   for key in (profile_set.get("conversion") or {}).get("keys", [])}},
        job={"assessment_id": ids["assessment"], "status": "pending", "attempts": 0,
             "created_at": common.iso(now), "lang": lang, "to": to},
        confirmation=confirmation)
    write.followups = followups.on_assessment(ids["assessment"], payload.submission_id, year, common.iso(now))
    write.assessment["result"] = json.dumps(response, ensure_ascii=False)  # the scorecard shows these numbers
    write.assessment["scorecard_to"] = to  # its result page says where the scorecard went
    try:
        store.save_assessment(write)
    except DuplicateSubmission:
        if confirmation.submission_id:
            raise confirmations.AlreadyConfirmed() from None
        return common.replay(store.submission(payload.submission_id), "assessment", ev.digest, lang)
    # the submission's id rides along so the worker's log lines can be found by it (the sweeper's re-sends have
    # the assessment's id only)
    common.tell(queue, {"assessment_id": ids["assessment"], "submission_id": payload.submission_id},
                "the sweeper will pick it up")
    if identity.changed(before, after):
        store.bump_link_version(company)
    identity.after_change(queue, company, before, after, lang)
    return common.Outcome(response)
