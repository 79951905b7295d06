"""Request and response schemas (pydantic). The same models validate requests and generate /openapi.json.

Checks that need the catalogue (items, versions, barrier options) run after these, in ``api.validation``.
"""
from typing import Annotated, Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, EmailStr, Field, WithJsonSchema, create_model, field_validator
from pydantic_core import PydanticCustomError

from .. import catalogue
from ..domain import mexico, rfc as rfc_rules

Lang = Literal["es", "en"]
Size = Literal["micro", "pequena", "mediana", "grande"]
SubmissionId = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{8,100}$", description="Idempotency key chosen by the client")]
Name = Annotated[str, Field(min_length=2, max_length=200)]
Answer = Annotated[Any, WithJsonSchema({"oneOf": [{"type": "integer", "minimum": 0, "maximum": 4},
                                                  {"type": "string", "enum": ["na", "unknown"]}]})]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True)


class CompanyBase(Strict):
    name: Name
    rfc: Annotated[str, Field(max_length=20, description="RFC, 12 (persona moral) or 13 (persona física) characters")]
    state: Annotated[str, Field(description="INEGI two-digit state code, e.g. \"14\"")]
    sector: Annotated[str, Field(description="SCIAN sector (\"54\", \"31-33\") or six-digit activity code")]
    employees: Annotated[int, Field(ge=0, le=2_000_000)]
    annual_sales_mxn: Annotated[float, Field(ge=0, le=10_000_000_000_000, allow_inf_nan=False)]

    @field_validator("rfc")
    @classmethod
    def _rfc(cls, value: str) -> str:
        result = rfc_rules.check(value)
        if result.error:
            raise PydanticCustomError(result.error, result.error)
        return result.rfc

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
        return sector


def _profile_field(question: dict):
    if question["type"] == "boolean":
        kind = bool
    else:
        kind = Literal[tuple(o["value"] for o in question["options"])]
    return (Optional[kind], Field(default=None, description=question["text"]["en"]))


# The optional risk-profile answers are fields of `company`, taken from the catalogue.
Company = create_model("Company", __base__=CompanyBase,
                       **{q["id"]: _profile_field(q) for q in catalogue.current().profile})


class Consent(Strict):
    privacy_notice: bool


class Contact(Strict):
    name: Name
    email: EmailStr
    position: Optional[Annotated[str, Field(max_length=200)]] = None


class Signatory(Strict):
    name: Name
    position: Annotated[str, Field(min_length=2, max_length=200)]
    email: EmailStr


class PledgeIn(Strict):
    submission_id: SubmissionId
    lang: Lang = "es"
    company: Company
    signatory: Signatory
    commitments: Annotated[list[str], Field(max_length=50)]
    public_listing: bool = False
    consent: Consent


class AssessmentIn(Strict):
    submission_id: SubmissionId
    questionnaire_version: Annotated[str, Field(max_length=20)]
    lang: Lang = "es"
    company: Company
    contact: Contact
    answers: Annotated[dict[str, Answer], Field(max_length=200, description="item id -> 0..4 | \"na\" | \"unknown\"")]
    barriers: Optional[Annotated[dict[str, Any], Field(max_length=50)]] = None
    consent: Consent


# ---- responses (documented in /openapi.json; tests validate responses against them) ----

class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class PledgeOut(Open):
    pledge_id: str
    company_id: str
    size: Size
    signed_at: str
    renew_by: str
    commitments: list[str]
    public_listing: bool


class DimensionScoreOut(Open):
    score: Optional[float] = None
    band: Optional[str] = None
    status: Optional[Literal["insufficient"]] = None


class ScoreOut(Open):
    overall: Optional[float]
    band: Optional[str]
    capped_by: list[str]
    dimensions: dict[str, DimensionScoreOut]


class Art25Element(Open):
    id: str
    title: str
    met: bool
    items: list[str]


class Art25Out(Open):
    met: int
    of: int
    elements: list[Art25Element]


class GapOut(Open):
    item_id: str
    dimension_id: str
    answer: Answer
    target: int
    priority: int
    action: str


class CohortOut(Open):
    state: Optional[str]
    size: Optional[Size]
    sector: Optional[str]
    label: str


class MeanMedian(Open):
    mean: Optional[float]
    median: Optional[float]


class Suppressed(Open):
    suppressed: Literal[True]
    n_min: int


class BenchmarkOut(Open):
    cohort: CohortOut
    n: int
    overall: MeanMedian
    dimensions: dict[str, MeanMedian | Suppressed]
    percentile: Optional[int] = None


class AssessmentOut(Open):
    assessment_id: str
    company_id: str
    size: Size
    year: int
    questionnaire_version: str
    score: ScoreOut
    art25: Art25Out
    gaps: list[GapOut]
    benchmark: BenchmarkOut | Suppressed


class FieldError(BaseModel):
    path: str
    message: str


class ErrorBody(BaseModel):
    code: str
    message: str
    fields: list[FieldError]


class ErrorOut(BaseModel):
    error: ErrorBody


class Coded(Open):
    code: str
    name: str


class ScaleOut(Open):
    value: Answer
    label: str
    description: str


class ItemOut(Open):
    id: str
    weight: int
    core: bool
    gate: bool
    na_allowed: bool
    art25: Optional[str]
    text: str
    help: str


class DimensionOut(Open):
    id: str
    weight: int
    title: str
    items: list[ItemOut]


class CommitmentOut(Open):
    id: str
    text: str


class QuestionnaireOut(Open):
    version: str
    scale: list[ScaleOut]
    dimensions: list[DimensionOut]
    profile: list[dict[str, Any]]
    pledge_commitments: list[CommitmentOut]
    states: list[Coded]
    sectors: list[Coded]
