"""Use case: submit a self-assessment. One read, one transactional write, exact peer benchmark."""
import logging
import uuid

from ..domain import aggregates, benchmarks, cohorts, kpis, scoring, size as sizing
from ..domain.aggregates import fixed
from ..errors import ApiError
from ..i18n import message
from . import common, cycle, present
from .ports import AssessmentWrite, DuplicateSubmission, WriteConflict

log = logging.getLogger("integra")
ATTEMPTS = 4  # optimistic retries: the same company twice at once, or a contended aggregate


def withdrawal(company_year: dict) -> dict:
    """Per cohort key, what takes a stored assessment's contribution back out of its year's aggregates."""
    return {key: aggregates.negate(aggregates.for_cohort(company_year["contribution"], cohorts.parse(key).detailed))
            for key in company_year["cohorts"]}


def _deltas(new_cohorts, contrib: dict, previous: dict | None) -> dict:
    """Per cohort key, what to add: the new contribution minus the replaced one, merged into one update each."""
    parts = {c.key: [aggregates.for_cohort(contrib, c.detailed)] for c in new_cohorts}
    for key, delta in (withdrawal(previous) if previous else {}).items():
        parts.setdefault(key, []).append(delta)
    merged = {key: aggregates.combine(*deltas) for key, deltas in parts.items()}
    return {key: delta for key, delta in merged.items() if delta}


def _record(payload, cat, scores, profile, ids, year, now, warnings) -> dict:
    return {
        "assessment_id": ids["assessment"], "submission_id": payload.submission_id, "company_id": ids["company"],
        "year": year, "questionnaire_version": cat.version, "lang": payload.lang, "created_at": common.iso(now),
        "company": profile, "contact": payload.contact.model_dump(), "answers": payload.answers,
        "barriers": payload.barriers or {}, "warnings": warnings,
        "scores": {"overall": None if scores.overall is None else fixed(scores.overall), "band": scores.band,
                   "capped_by": list(scores.capped_by),
                   "dimensions": {d.id: None if d.insufficient else fixed(d.score) for d in scores.dimensions},
                   "art25": scores.art25},
    }


def _enqueue(queue, assessment_id: str) -> None:
    """Fast path to the worker. The job is already stored; if this send fails, the sweeper re-sends it."""
    if queue is None:
        return
    try:
        queue.send({"assessment_id": assessment_id})
    except Exception:  # never fail a stored submission over the notification
        log.exception("scorecard job %s not queued; the sweeper will pick it up", assessment_id)


def submit(store, payload, cat, now, rfc_check_digit_ok: bool = True, queue=None) -> tuple:
    """Returns (status, body): 201 for a new assessment, 200 for a replay of the same submission."""
    lang = payload.lang
    digest = common.body_hash(payload)
    size = sizing.classify(payload.company.sector, payload.company.employees, payload.company.annual_sales_mxn)
    profile = {**common.profile_of(payload.company, size), "region": cohorts.region_of(payload.company.state)}
    year, company = common.mexico_year(now), common.company_id(payload.company.rfc)
    mine = cohorts.all_for(profile)
    scores = scoring.score(cat, payload.answers, size)
    contrib = aggregates.contribution(cat, scores, payload.answers, payload.barriers or {})
    warnings = [] if rfc_check_digit_ok else ["rfc_check_digit"]

    for _ in range(ATTEMPTS):
        ctx = store.assessment_context(payload.submission_id, company, year, [c.key for c in mine])
        if ctx.submission:
            return common.replay(ctx.submission, "assessment", digest, lang)
        cycle.refuse_blocked(ctx.profile, lang)
        previous = ctx.company_year
        kpi_delta, profile_set, profile_remove = kpis.on_assessment(ctx.profile, year)
        ids = {"assessment": str(uuid.uuid4()), "company": company}
        left_in = {k: previous["contribution"] for k in previous["cohorts"]} if previous else {}
        response = {
            "assessment_id": ids["assessment"], "company_id": company, "size": size, "year": year,
            "questionnaire_version": cat.version,
            "score": present.score(cat, scores, lang), "art25": present.art25(cat, scores, lang),
            "gaps": present.gaps(cat, scores, lang),
            "benchmark": benchmarks.for_company(cat, cohorts.fallback_for(profile), ctx.aggregates, left_in,
                                               scores.overall, lang),
            "unknown_items": list(scores.unknown_items), "na_items": list(scores.na_items),
            "warnings": [{"code": w, "message": message(w, lang)} for w in warnings],
            "replaces": previous["assessment_id"] if previous else None,
        }
        write = AssessmentWrite(
            year=year,
            submission=common.submission_record("assessment", payload.submission_id, digest, response, now),
            assessment=_record(payload, cat, scores, profile, ids, year, now, warnings),
            company_year={"company_id": company, "year": year, "assessment_id": ids["assessment"],
                          "cohorts": [c.key for c in mine], "contribution": contrib,
                          "questionnaire_version": cat.version,
                          "overall": None if scores.overall is None else fixed(scores.overall),
                          "dimensions": {d.id: None if d.insufficient else fixed(d.score) for d in scores.dimensions}},
            previous_assessment_id=previous["assessment_id"] if previous else None,
            profile={**profile, "company_id": company, "lang": lang, "contact": payload.contact.model_dump(),
                     "last_assessment_id": ids["assessment"], "last_assessment_year": year,
                     "last_assessment_at": common.iso(now), **profile_set},
            profile_remove=profile_remove, kpi=kpi_delta,
            deltas=_deltas(mine, contrib, previous),
            job={"assessment_id": ids["assessment"], "status": "pending", "attempts": 0,
                 "created_at": common.iso(now), "lang": lang})
        write.puts, write.deletes = cycle.on_assessment(company, ids["assessment"], payload.submission_id, year,
                                                        common.iso(now))
        write.assessment["result"] = write.submission["response"]  # the scorecard shows exactly these numbers
        try:
            store.save_assessment(write)
            _enqueue(queue, ids["assessment"])
            return 201, response
        except DuplicateSubmission:
            return common.replay(store.submission(payload.submission_id), "assessment", digest, lang)
        except WriteConflict:
            continue
    raise ApiError(409, "busy", lang)
