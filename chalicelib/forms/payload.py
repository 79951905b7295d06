"""Form fields (named by their API path) -> the API's JSON payload. Pure; the catalogue says each field's type."""
import re
from urllib.parse import parse_qs

FORM_ONLY = ("form_token", "website", "action")  # the form's own fields, never part of the submission


def parse(raw: bytes | None) -> dict:
    """application/x-www-form-urlencoded -> {name: [values]} (blank values kept, so "missing" is reported)."""
    try:
        return parse_qs((raw or b"").decode("utf-8"), keep_blank_values=True, max_num_fields=500)
    except (UnicodeDecodeError, ValueError):
        return {}


def _number(value: str, kind):
    """A number as people type it ("12,000,000", "12 000 000"): ASCII digits and one point, nothing Python's own
    int() and float() would also take ("1_0", Arabic-Indic digits, "1e6")."""
    plain = value.replace(",", "").replace(" ", "")
    if not re.fullmatch(r"-?[0-9]{1,15}(\.[0-9]{1,6})?" if kind is float else r"-?[0-9]{1,9}", plain):
        return value  # the schema reports the type error on this field
    return kind(plain)


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
            value = _number(value, int)
        elif name == "company.annual_sales_mxn":
            value = _number(value, float)
        elif head == "answers":
            value = _answer(value)
        elif name in booleans or name in ("consent.privacy_notice", "public_listing"):
            value = _bool(value)
        if rest and head in ("company", "contact", "signatory", "consent", "answers", "barriers"):
            data.setdefault(head, {})[rest] = value
        elif not rest:
            data[name] = value
    return data


def draft_values(values: dict) -> dict:
    """What a draft keeps: every field but the form's own, and never a company link (a credential)."""
    return {k: v for k, v in values.items() if k not in FORM_ONLY and k != "company_token"}
