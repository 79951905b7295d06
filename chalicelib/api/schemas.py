"""Request and response schemas (pydantic). The same models validate requests and generate /openapi.json.

Checks that need the catalogue (items, versions, barrier options) run after these, in ``api.validation``.
"""
import re
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    WithJsonSchema,
    create_model,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .. import catalogue
from ..domain import applicability, mexico, typed
from ..domain import rfc as rfc_rules

Lang = Literal["es", "en"]
Size = Literal["micro", "pequena", "mediana", "grande"]
SubmissionId = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{8,100}$",
                                    description="Idempotency key chosen by the client")]
CompanyToken = Annotated[str, Field(max_length=300, description="The company's own link token (from its page or a "
                                                                "reminder): the submission counts at once")]


# Letters and marks that print as nothing: fillers, the braille blank, the grapheme joiner, variation selectors
_BLANK = {0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x2800, 0x3164, 0xFFA0, *range(0x180B, 0x1810),
          *range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)}


def _plain(value: str) -> str:
    """Text a person typed: no control, format (bidi overrides, zero-width), private-use, separator or blank
    characters, and at least one letter or digit. The rest break mail headers and workbooks, or make a name
    empty, or one name look like another, in the public registry."""
    import unicodedata
    if any(unicodedata.category(c)[0] == "C" or unicodedata.category(c) in ("Zl", "Zp") or ord(c) in _BLANK
           for c in value) or not any(c.isalnum() for c in value):
        raise PydanticCustomError("text_invisible", "text_invisible")
    return value


Plain = AfterValidator(_plain)
Name = Annotated[str, Field(min_length=2, max_length=200), Plain]
Position = Annotated[str, Field(max_length=200), Plain]
# The browser's own rule with a dot in the domain (domain/typed.py: the form checks the same pattern). A full
# RFC 5322 validator (email-validator) costs ~50 ms of import on every cold start for no practical gain here.
def _email(value: str) -> str:
    if not typed.is_email(value):
        raise PydanticCustomError("email_invalid", "email_invalid")
    return value


Email = Annotated[str, AfterValidator(_email), WithJsonSchema({"type": "string", "format": "email", "maxLength": 254})]
Reason = Annotated[str, Field(min_length=1, max_length=applicability.REASON_MAX), Plain]
Answer = Annotated[Any, WithJsonSchema({"oneOf": [{"type": "integer", "minimum": 0, "maximum": 4},
                                                  {"type": "string", "enum": ["na", "unknown"]}]})]


class Strict(BaseModel):
    # defer_build: each model compiles on first use, so a pledge never pays for the assessment schema
    model_config = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True, defer_build=True)


class CompanyBase(Strict):
    name: Name
    rfc: Annotated[str, Field(max_length=20, description="RFC, 12 (persona moral) or 13 (persona física) characters")]
    state: Annotated[str, Field(description="INEGI two-digit state code, e.g. \"14\"")]
    sector: Annotated[str, Field(description="SCIAN sector (\"54\", \"31-33\") or six-digit activity code")]
    employees: Annotated[int, Field(ge=1, le=2_000_000, description="Everyone who works in the company, working "
                                                                     "owners included")]
    annual_sales_mxn: Annotated[float | None, Field(ge=0, le=10_000_000_000_000, allow_inf_nan=False,
                                                    description="Annual sales in pesos; or give annual_sales_band")] \
        = None
    annual_sales_band: Annotated[Literal["0-4", "4-100", "100-250", "250+"] | None, Field(
        description="Annual sales as a range, in MXN millions (the DOF 2009 ranges), for whoever prefers not to "
                    "give the amount; used only when annual_sales_mxn is absent")] = None

    @field_validator("rfc")
    @classmethod
    def _rfc(cls, value: str) -> str:
        if not value.strip():  # nothing typed: say it is missing, not that it is wrong
            raise PydanticCustomError("missing", "missing")
        result = rfc_rules.check(value)
        if result.error:
            raise PydanticCustomError(result.error, result.error)
        return result.rfc or value

    @field_validator("annual_sales_mxn")
    @classmethod
    def _sales(cls, value: float | None) -> float | None:
        if value is None:
            return None
        if 0 < value < 1:  # a fraction of a peso is a typing slip (and past DynamoDB's number range at 1e-131)
            raise PydanticCustomError("sales_fraction", "sales_fraction")
        return value + 0.0  # -0.0 is 0: never stored, nor shown back in a form, as "-0"

    @model_validator(mode="after")
    def _one_sales(self):
        if self.annual_sales_mxn is not None:  # the amount decides; a range beside it is not kept
            self.annual_sales_band = None
        return self

    @field_validator("state")
    @classmethod
    def _state(cls, value: str) -> str:
        if value not in mexico.STATES:
            raise PydanticCustomError("state_unknown", "state_unknown")
        return value

    @field_validator("sector")
    @classmethod
    def _sector(cls, value: str) -> str:
        sector = mexico.normalise_sector(value)
        if sector is None:
            raise PydanticCustomError("sector_unknown", "sector_unknown")
        if sector == "93":  # government bodies: not companies, never in a company benchmark
            raise PydanticCustomError("sector_government", "sector_government")
        return sector


def _profile_field(question: dict):
    if question["type"] == "boolean":
        kind: Any = bool
    else:
        kind = Literal[tuple(o["value"] for o in question["options"])]
    return (kind | None, Field(default=None, description=question["text"]["en"]))


# The optional risk-profile answers are fields of `company`, taken from the catalogue.
if TYPE_CHECKING:  # a model built at import: to a type checker, its base
    Company = CompanyBase
else:
    Company = create_model("Company", __base__=CompanyBase,
                           **{q["id"]: _profile_field(q) for q in catalogue.current().profile})


class Consent(Strict):
    privacy_notice: bool


class Contact(Strict):
    name: Name
    email: Email
    position: Position | None = None


class Signatory(Strict):
    name: Name
    position: Annotated[str, Field(min_length=2, max_length=200), Plain]
    email: Email


class PledgeIn(Strict):
    submission_id: SubmissionId
    lang: Lang = "es"
    company: Company
    signatory: Signatory
    commitments: Annotated[list[str], Field(max_length=50, json_schema_extra={"uniqueItems": True})]
    public_listing: bool = False
    consent: Consent
    company_token: CompanyToken | None = None


class AssessmentIn(Strict):
    submission_id: SubmissionId
    questionnaire_version: Annotated[str, Field(max_length=20)]
    lang: Lang = "es"
    company: Company
    contact: Contact
    answers: Annotated[dict[str, Answer], Field(max_length=200, description="item id -> 0..4 | \"na\" | \"unknown\"")]
    na_reasons: Annotated[dict[str, Reason], Field(
        max_length=200, description="item id -> why \"na\" applies, in one line: needed where the company's profile "
                                    "(the `company` risk questions) does not already make the item inapplicable")] = {}
    barriers: Annotated[dict[str, Any], Field(max_length=50)] | None = None
    consent: Consent
    company_token: CompanyToken | None = None




def _date(value: str) -> str:
    """YYYY-MM-DD only (Python's fromisoformat also takes "20250210" and week dates), a real date, after 2000."""
    from datetime import date
    try:
        if not re.fullmatch(r"20[0-9]{2}-[0-9]{2}-[0-9]{2}", value):
            raise ValueError(value)
        date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("date_invalid", "date_invalid") from None
    return value


class LinkRequestIn(Strict):
    """A company contact asks for a self-service link."""
    rfc: Annotated[str, Field(max_length=20)]
    email: Email
    lang: Lang = "es"

    _rfc = field_validator("rfc")(CompanyBase._rfc.__func__)  # type: ignore[attr-defined]


class ActivityIn(Strict):
    """A Global Compact / UNODC activity or training that companies attend."""
    activity_id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]{2,64}$")]
    title: Name
    type: Literal["training", "activity"]
    date: Annotated[str, AfterValidator(_date), WithJsonSchema({"type": "string", "format": "date"})]
    topics: Annotated[list[str], Field(max_length=10, description="catalogue dimension ids, e.g. \"D8\"")] = []
    lang: Lang = "es"


class ContactPatch(Strict):
    name: Name | None = None
    email: Email | None = None
    position: Position | None = None


class RectifyIn(Strict):
    """ARCO rectification of a company's contact (and signatory) data."""
    contact: ContactPatch
    signatory: ContactPatch | None = None
    lang: Lang = "es"
