"""Form fields (named by their API path) -> the API's JSON payload. Pure; the catalogue says each field's type."""
import re
from urllib.parse import parse_qs

from ..domain import typed

# the form's own fields, never part of the submission: its stamp, the honeypot, the button, the section a draft was
# saved from, and the draft it was reopened from (retired once the form is sent)
FORM_ONLY = ("form_token", "website", "action", "section", "draft", "draft_token")
GROUPS = ("company", "contact", "signatory", "consent", "answers", "barriers", "na_reasons")  # fields "group.key"


def parse(raw: bytes | None) -> dict:
    """application/x-www-form-urlencoded -> {name: [values]} (blank values kept, so "missing" is reported)."""
    try:
        return parse_qs((raw or b"").decode("utf-8"), keep_blank_values=True, max_num_fields=500)
    except (UnicodeDecodeError, ValueError):
        return {}


def _number(value: str):
    """A count as people type it ("1,200", "1 200"): ASCII digits only, nothing Python's own int() would also take
    ("1_0", Arabic-Indic digits)."""
    plain = value.replace(",", "").replace(" ", "")
    return int(plain) if re.fullmatch(r"-?[0-9]{1,9}", plain) else value  # else the schema names the error


def _amount(value: str):
    """Pesos as people type them ("28,500,000", "28.5 millones"); the same pattern the form checks."""
    number = typed.amount(value)
    return value if number is None else number


def _answer(value: str):
    # ASCII digits only ("²" is a digit to str.isdigit but not to int), and short: the schema rejects the rest
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 3 else value


def _bool(value: str):
    return {"true": True, "false": False}.get(value, value)


def to_payload(kind: str, values: dict, cat) -> dict:
    booleans = {f"company.{q['id']}" for q in cat.profile if q["type"] == "boolean"}
    multi = {f"barriers.{q['id']}" for q in cat.barriers if q["type"] == "multi"}
    # Empty groups, so a blank form gets one message per field rather than "company: missing"
    data: dict = {"consent": {"privacy_notice": False}, "company": {}}
    if kind == "pledge":
        data.update(commitments=[], public_listing=False, signatory={})
    else:
        data.update(answers={}, contact={})
    for name, vals in values.items():
        vals = [v.strip() for v in vals if v.strip()]
        if name in FORM_ONLY or not vals:
            continue
        value = vals[0]
        head, _, rest = name.partition(".")
        if name == "commitments" or name in multi:
            value = vals
        elif name == "company.employees":
            value = _number(value)
        elif name == "company.annual_sales_mxn":
            value = _amount(value)
        elif head == "answers":
            value = _answer(value)
        elif name in booleans or name in ("consent.privacy_notice", "public_listing"):
            value = _bool(value)
        if rest and head in GROUPS:
            if not isinstance(data.get(head), dict):
                data[head] = {}
            data[head][rest] = value
        elif not rest and name not in GROUPS:  # a group's name alone ("company=x") is no field of it
            data[name] = value
    return data


def draft_values(values: dict) -> dict:
    """What a draft keeps: every field but the form's own, never a company link (a credential), and the section
    it was saved from (it reopens there)."""
    kept = {k: v for k, v in values.items() if k not in FORM_ONLY and k != "company_token"}
    if section_of(values):
        kept["section"] = [str(section_of(values))]
    return kept


def section_of(values: dict) -> int:
    """Where a reopened draft starts (0: the first section)."""
    section = (values.get("section") or ["0"])[0]
    return int(section) if len(section) <= 2 and section.isascii() and section.isdigit() else 0
