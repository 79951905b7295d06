"""Turn a raw request body into a validated payload, or an ApiError listing every field problem."""
import json

from pydantic import ValidationError

from .. import catalogue
from ..domain import applicability
from ..domain.scoring import NA, UNKNOWN
from ..errors import ApiError, invalid
from ..i18n import DEFAULT, lang_of

MAX_BODY = 64 * 1024


def parse_json(raw: bytes | None, lang_hint: str) -> dict:
    if raw and len(raw) > MAX_BODY:
        raise ApiError(413, "payload_too_large", lang_hint, limit=MAX_BODY)
    try:
        data = json.loads(raw or b"")
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: nesting thousands deep
        raise ApiError(400, "malformed_json", lang_hint) from None
    if not isinstance(data, dict):
        raise ApiError(400, "body_not_object", lang_hint)
    return data


def request_lang(data: dict | None, hint: str = DEFAULT) -> str:
    return lang_of((data or {}).get("lang", hint))


def _path(loc) -> str:
    return ".".join(str(part) for part in loc)


def _params(error: dict) -> dict:
    ctx = dict(error.get("ctx") or {})
    return {k: v for k, v in ctx.items() if isinstance(v, (str, int, float))}


def _schema_errors(schema, data: dict) -> tuple:
    """(validated model or None, [(path, message code, params)])."""
    try:
        return schema.model_validate(data), []
    except ValidationError as exc:
        fields = []
        for error in exc.errors(include_url=False):
            fields.append((_path(error["loc"]), error["type"], _params(dict(error))))
        return None, fields


def model(schema, data: dict, lang: str):
    """Validate with pydantic, or raise listing every field error."""
    payload, errors = _schema_errors(schema, data)
    if errors:
        raise invalid(lang, errors)
    return payload


def require_sales(data: dict) -> list:
    """Sales as an amount or as a range: one of the two is needed to know the company's size."""
    company = data.get("company")
    if isinstance(company, dict) and company.get("annual_sales_mxn") is None and not company.get("annual_sales_band"):
        return [("company.annual_sales_mxn", "sales_missing", {})]
    return []


def require_consent(payload, lang: str) -> list:
    return [] if payload.consent.privacy_notice else [("consent.privacy_notice", "consent_required", {})]


def answer_errors(cat, answers: dict, reasons: dict | None = None, company: dict | None = None) -> list:
    """Every answer known, in range and present; "No aplica" only where the company's profile allows it or with
    a reason. ``company``: the company's fields (its risk-profile answers and, once known, its size)."""
    errors, reasons, company = [], reasons if isinstance(reasons, dict) else {}, company or {}
    for item_id, answer in answers.items():
        item = cat.items.get(item_id)
        path = f"answers.{item_id}"
        if item is None:
            errors.append((path, "answer_unknown_item", {"version": cat.version}))
        elif answer == NA:
            reason = reasons.get(item_id)
            refused = applicability.na_refusal(item, company, company.get("size"),
                                               reason if isinstance(reason, str) else None)
            if refused:
                errors.append((path, refused, {}))
        elif answer not in (NA, UNKNOWN) and not (type(answer) is int and 0 <= answer <= 4):
            errors.append((path, "answer_out_of_range", {}))
    errors += [(f"answers.{i}", "answer_missing", {}) for i in cat.items if i not in answers]
    errors += [(f"na_reasons.{i}", "answer_unknown_item", {"version": cat.version}) for i in reasons
               if i not in cat.items]
    return errors


def _company_facts(payload, data: dict) -> dict:
    """The company's profile answers and size, for the N/A rules: from the validated payload, else (another field
    being wrong) from whatever the raw body says that can be read."""
    from ..domain import mexico
    from ..domain import size as sizing
    if payload is not None:
        company = payload.company.model_dump()
    else:
        company = {k: v for k, v in (data.get("company") or {}).items() if k != "size"} \
            if isinstance(data.get("company"), dict) else {}
    sector = mexico.normalise_sector(company["sector"]) if isinstance(company.get("sector"), str) else None
    employees, sales, band = company.get("employees"), company.get("annual_sales_mxn"), company.get("annual_sales_band")
    if sector and type(employees) is int and employees >= 0 and (
            type(sales) in (int, float) and 0 <= sales < 1e13 or sales is None and band in sizing.SALES_BANDS):
        company["size"] = sizing.classify(sector, employees, sales, band)
    return company


def barrier_errors(cat, barriers: dict | None) -> list:
    errors: list = []
    questions = {q["id"]: q for q in cat.barriers}
    for qid, value in (barriers or {}).items():
        question, path = questions.get(qid), f"barriers.{qid}"
        if question is None:
            errors.append((path, "barrier_unknown", {}))
            continue
        options = [o["value"] for o in question["options"]]
        chosen = value if question["type"] == "multi" and isinstance(value, list) else [value]
        if question["type"] == "multi" and (not isinstance(value, list) or not value) or \
                any(not isinstance(v, str) or v not in options for v in chosen) or len(set(chosen)) != len(chosen):
            errors.append((path, "barrier_option", {"expected": ", ".join(options)}))
    return errors


def assessment(data: dict, lang: str, new: bool = True) -> tuple:
    """Schema and catalogue checks together, so one response lists every problem. Returns (payload, catalogue).
    ``new``: a submission being sent, which only the current questionnaire takes (an earlier version's rules, N/A
    without a reason on 8.5 say, would still hold otherwise); False for one sent before, now being confirmed."""
    from .schemas import AssessmentIn
    payload, errors = _schema_errors(AssessmentIn, data)
    version, cat = data.get("questionnaire_version"), None
    current = catalogue.current().version
    if new and isinstance(version, str) and version in catalogue.versions() and version != current:
        errors.append(("questionnaire_version", "version_retired", {"expected": current}))
    elif isinstance(version, str) and version in catalogue.versions():
        cat = catalogue.load(version)
        answers, barriers = data.get("answers"), data.get("barriers")
        if isinstance(answers, dict):
            errors += answer_errors(cat, answers, data.get("na_reasons"), _company_facts(payload, data))
        if isinstance(barriers, dict):
            errors += barrier_errors(cat, barriers)
    elif not any(path == "questionnaire_version" for path, _, _ in errors):
        errors.append(("questionnaire_version", "version_unknown", {"expected": ", ".join(catalogue.versions())}))
    errors += require_sales(data)
    if payload is not None:
        errors += require_consent(payload, lang)
    if errors:
        first: dict = {}  # one message per field: the first found
        for error in errors:
            first.setdefault(error[0], error)
        raise invalid(lang, list(first.values()))
    return payload, cat


def pledge(data: dict, lang: str):
    """Schema, consent and commitment checks together, so one response lists every problem."""
    from .schemas import PledgeIn
    payload, errors = _schema_errors(PledgeIn, data)
    errors += require_sales(data)
    if payload is not None:
        errors += require_consent(payload, lang)
    chosen = data.get("commitments")
    if isinstance(chosen, list):
        known = [c["id"] for c in catalogue.current().pledge_commitments]
        errors += [(f"commitments.{i}", "commitment_unknown", {}) for i, c in enumerate(chosen) if c not in known]
        errors += [(f"commitments.{i}", "commitment_repeated", {}) for i, c in enumerate(chosen)
                   if c in known and c in chosen[:i]]
        missing = [c for c in known if c not in chosen]
        if missing:
            # by their numbers on the form ("7, 8"), not their ids
            errors.append(("commitments", "commitments_incomplete",
                           {"missing": ", ".join(str(known.index(c) + 1) for c in missing)}))
    if errors:
        raise invalid(lang, errors)
    return payload
