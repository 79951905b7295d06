"""Helpers shared by the submission use cases: identity, time, idempotent replay."""
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from ..domain.cycle import parse as from_iso  # noqa: F401  (one ISO-8601 reader)
from .errors import SubmissionConflict

MEXICO_CITY = ZoneInfo("America/Mexico_City")


def utc_now() -> datetime:
    return datetime.now(UTC)


def mexico_year(moment: datetime) -> int:
    return moment.astimezone(MEXICO_CITY).year


def from_timestamp(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def precise(moment: datetime) -> str:
    """To the microsecond: orders a company's contributions against the snapshots that hold them."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def mexico_day(moment: datetime) -> str:
    return moment.astimezone(MEXICO_CITY).date().isoformat()


def seconds_to_mexico_midnight(moment: datetime) -> int:
    from datetime import timedelta
    local = moment.astimezone(MEXICO_CITY)
    midnight = datetime.combine(local.date() + timedelta(days=1), datetime.min.time(), MEXICO_CITY)
    return max(1, int((midnight - local).total_seconds()))


def body_hash(payload) -> str:
    """The submission's content: what a retry must repeat (the company link that came with it is no content)."""
    return hashlib.sha256(payload.model_dump_json(exclude={"company_token"}).encode()).hexdigest()


def submission_record(kind: str, submission_id: str, digest: str, response: dict, now: datetime) -> dict:
    return {"submission_id": submission_id, "kind": kind, "body_hash": digest,
            "response": json.dumps(response, ensure_ascii=False), "created_at": iso(now)}


@dataclass
class Outcome:
    """What a submission got: its result, and whether this request made it or repeated an earlier one."""
    body: dict
    replayed: bool = False


def replay(stored: dict, kind: str, digest: str, lang: str) -> Outcome:
    """Same id and same body: the stored result. Same id, other content: SubmissionConflict, nothing changes."""
    if stored["kind"] != kind or stored["body_hash"] != digest:
        raise SubmissionConflict(lang)
    return Outcome(json.loads(stored["response"]), replayed=True)


def warnings(company, rfc_check_digit_ok: bool) -> list:
    """What the server noticed but accepted, as codes: a mistyped RFC check digit, sales too low for the staff."""
    from ..domain.size import implausible_sales
    return (["rfc_check_digit"] if not rfc_check_digit_ok else []) + \
        (["sales_implausible"] if implausible_sales(company.employees, company.annual_sales_mxn) else [])


def said(codes: list, lang: str, cat=None) -> list:
    """Warnings in words. "answers_inconsistent:<item>:<required>" names both questions (with ``cat``)."""
    from ..i18n import message
    out = []
    for code in codes:
        kind, _, items = code.partition(":")
        if kind == "answers_inconsistent" and cat is not None:
            from .present import named
            item, needed = items.split(":")
            out.append({"code": kind, "items": [item, needed], "message": message(
                kind, lang, item=named(cat, item, lang), requires=named(cat, needed, lang))})
        else:
            out.append({"code": code, "message": message(code, lang)})
    return out


def rfc_ok(stored: dict) -> bool:
    """Whether a stored submission's RFC check digit held (its warnings say so)."""
    return not any(w.get("code") == "rfc_check_digit" for w in json.loads(stored["response"]).get("warnings") or [])


def tell(queue, job: dict, if_lost: str) -> None:
    """Queue a job about what is already stored, never failing the stored submission over it; ``if_lost`` says in
    the log what happens when the send fails (the sweeper re-sends, the submitter can ask again, …)."""
    if queue is None:
        return
    try:
        queue.send(job)
    except Exception:
        import logging
        logging.getLogger("integra").exception("job %s not queued: %s", job, if_lost)


def profile_of(company, size: str) -> dict:
    """The company profile as stored: validated fields plus the derived size."""
    return {**company.model_dump(), "size": size}


def plain(value):
    """Stored data as JSON-ready values: DynamoDB numbers come back as Decimal."""
    from decimal import Decimal
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [plain(v) for v in value]
    return value
