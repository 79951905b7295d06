"""Response schemas: documented in /openapi.json; the tests validate every response against them.

Kept apart from the request schemas so the submission path does not build them on a cold start.
"""
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .schemas import Answer, Size


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class PledgeOut(Open):
    pledge_id: str
    company_id: str | None = Field(description="The company's random id; null while pending")
    status: Literal["confirmed", "pending_confirmation"] = Field(
        description="confirmed: it counts now. pending_confirmation: stored aside until a verified address of the "
                    "company (for a new RFC, the address in the submission) confirms it by the mailed link")
    size: Size
    signed_at: str
    renew_by: str
    commitments: list[str]
    public_listing: bool


class DimensionScoreOut(Open):
    score: float | None = None
    band: str | None = None
    status: Literal["insufficient"] | None = None


class ScoreOut(Open):
    overall: float | None
    band: str | None
    capped_by: list[str]
    dimensions: dict[str, DimensionScoreOut]


class Art25Element(Open):
    id: str
    title: str
    met: bool = Field(description="Every core item at least documented (2)")
    state: str | None = Field(None, description="not_met (< 2) | documented (2) | implemented (every core item >= 3)")
    items: list[str]


class Art25Out(Open):
    met: int
    implemented: int | None = Field(None, description="Elements implemented: the x of the x/7 shown to readers")
    of: int
    elements: list[Art25Element]


class GapOut(Open):
    item_id: str
    title: str | None = Field(None, description="The item's short name")
    dimension_id: str
    answer: Answer
    target: int
    priority: int
    points: float | None = Field(None, description="What the next level of this item adds to the overall score")
    action: str = Field(description="The next step from the current level (for \"unknown\": whom to ask)")


class WarningOut(Open):
    code: str = Field(description="rfc_check_digit, sales_implausible or answers_inconsistent")
    message: str
    items: list[str] | None = Field(None, description="answers_inconsistent: the item marked implemented and the "
                                                      "item it rests on, marked not documented")


class ToCheckOut(Open):
    item_id: str
    title: str
    action: str = Field(description="Whom to ask to find out")


class CohortOut(Open):
    state: str | None
    size: Size | None
    sector: str | None
    label: str


class MeanMedian(Open):
    mean: int | None = Field(description="Whole number 0-100")
    median: int | None = Field(description="Whole number 0-100; for a company's own view, only with 10+ peers")


class Suppressed(Open):
    suppressed: Literal[True]
    n_min: int
    reason: Literal["pending_confirmation"] | None = Field(
        None, description="pending_confirmation: peer figures appear once the submission is confirmed")


class BenchmarkOut(Open):
    cohort: CohortOut
    n: int
    overall: MeanMedian
    dimensions: dict[str, MeanMedian | Suppressed]
    percentile: int | None = Field(None, description="The company's percentile among its peers (10+ peers only)")
    position: Literal["below", "close", "above"] | None = Field(
        None, description="Where the company stands against the peer mean (close: within 5 points)")
    year: int | None = Field(None, description="The cycle the figures are from (a company may be shown last "
                                                  "year's cohort when this year's is too small; the label says so)")
    as_of: str | None = Field(None, description="When these figures were published (ISO 8601, UTC): a cohort's "
                                                   "figures change only after 5 of its companies joined or changed")
    questionnaire_version: str | None = Field(None, description="Public figures: the questionnaire version")


class AssessmentOut(Open):
    assessment_id: str
    company_id: str | None = Field(description="The company's random id; null while pending")
    status: Literal["confirmed", "pending_confirmation"] = Field(
        description="confirmed: it counts now. pending_confirmation: stored aside until a verified address of the "
                    "company (for a new RFC, the address in the submission) confirms it by the mailed link")
    replaces: str | None = Field(None, description="The assessment of the year this one replaced (only when "
                                                   "confirmed, and only to the company)")
    size: Size
    year: int
    questionnaire_version: str
    score: ScoreOut
    art25: Art25Out
    gaps: list[GapOut]
    to_check: list[ToCheckOut] = Field([], description="Items answered \"unknown\" (counted as 0), to find out")
    warnings: list[WarningOut] = Field([], description="What was noticed but accepted")
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


class BandOut(Open):
    min: int
    label: str
    description: str | None = None


class ItemOut(Open):
    id: str
    title: str | None = None
    weight: int
    core: bool
    gate: bool
    na_allowed: bool
    na_when: list[dict[str, Any]] | None = Field(
        None, description="Where \"na\" needs no reason: any one of these conditions on the company's risk "
                          "profile (or its `size`) holding. Elsewhere an \"na\" answer needs `na_reasons`")
    art25: str | None
    text: str
    help: str
    anchors: dict[str, str] | None = Field(None, description="What each level 0-4 means for this item")


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
    bands: list[BandOut] = []
    dimensions: list[DimensionOut]
    profile: list[dict[str, Any]]
    pledge_commitments: list[CommitmentOut]
    states: list[Coded]
    sectors: list[Coded]


class RegistryEntryOut(Open):
    company_id: str
    name: str | None
    state: str | None
    state_name: str | None
    sector: str | None
    sector_name: str | None
    size: Size | None
    pledged_at: str | None
    signed_at: str | None  # the same date under the pledge's own field name
    renew_by: str | None
    pledge: Literal["active", "lapsed"]
    assessment: Literal["yes", "due", "overdue"]
    trainings_this_year: int
    activities_this_year: int


class RegistryOut(Open):
    """Signatories that opted in to public listing, with their standing. No scores, no personal data."""
    cycle: int
    generated_at: str
    count: int
    companies: list[RegistryEntryOut]


class MessageOut(Open):
    message: str


class ConfirmIn(BaseModel):
    token: str = Field(max_length=600, description="The token from the mailed confirmation link")


class ConfirmedOut(Open):
    status: Literal["confirmed"]
    kind: Literal["pledge", "assessment", "address"]
    id: str
