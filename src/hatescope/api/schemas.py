"""Request and response bodies of the HTTP API (what the OpenAPI document publishes).

Domain objects are never serialised through these models or ``__dict__``: handlers build JSON
from ``Analysis.to_dict()`` and the Store's ``to_dict()``; these models describe that JSON.
Perspective models use Perspective's camelCase names and ignore unknown fields (newer clients
send more); native models forbid unknown fields so typos are reported.
"""

from __future__ import annotations

from typing import Any, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr

from hatescope.types import ACTIONS

ActionName = Literal["allow", "label", "review", "remove"]
assert set(ActionName.__args__) == set(ACTIONS)  # type: ignore[attr-defined]


# ---------------------------------------------------------------- Perspective (v1alpha1)
class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore")


class TextEntry(_Lenient):
    text: StrictStr
    type: Optional[Literal["PLAIN_TEXT", "HTML"]] = None


class AttributeParameters(_Lenient):
    scoreType: Optional[StrictStr] = None
    scoreThreshold: Optional[float] = Field(default=None, ge=0.0, le=1.0)


class ArticleAndParentComment(_Lenient):
    article: Optional[TextEntry] = None
    parentComment: Optional[TextEntry] = None


class CommentContext(_Lenient):
    entries: Optional[list[TextEntry]] = None
    articleAndParentComment: Optional[ArticleAndParentComment] = None


class AnalyzeCommentRequest(_Lenient):
    comment: TextEntry
    requestedAttributes: dict[str, Optional[AttributeParameters]]
    languages: Optional[list[StrictStr]] = None
    doNotStore: StrictBool = False
    clientToken: Optional[StrictStr] = None
    sessionId: Optional[StrictStr] = None
    communityId: Optional[StrictStr] = None
    spanAnnotations: StrictBool = False
    context: Optional[CommentContext] = None


class Score(BaseModel):
    value: float
    type: Literal["PROBABILITY"]


class SpanScore(BaseModel):
    begin: int = Field(description="UTF-16 code unit offset, as Perspective counts")
    end: int
    score: Score


class AttributeScore(BaseModel):
    spanScores: list[SpanScore]
    summaryScore: Score


class AnalyzeCommentResponse(BaseModel):
    attributeScores: dict[str, AttributeScore]
    languages: list[str]
    detectedLanguages: list[str]
    clientToken: Optional[str] = None


class GoogleError(BaseModel):
    code: int
    message: str
    status: str
    details: list[dict[str, Any]] = Field(default_factory=list)


class GoogleErrorBody(BaseModel):
    error: GoogleError


# ---------------------------------------------------------------- native (v1)
class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AnalyzeRequest(_Strict):
    text: StrictStr
    kind: Literal["post", "article"] = "post"
    #: Ingest the item into the store (review queue, audit) as well as answering.
    store: StrictBool = False
    source: Optional[StrictStr] = Field(default=None, max_length=200)
    external_id: Optional[StrictStr] = Field(default=None, max_length=200)
    author: Optional[StrictStr] = Field(default=None, max_length=200)


class BatchItem(_Strict):
    id: Optional[Union[StrictStr, StrictInt]] = None
    text: StrictStr
    kind: Literal["post", "article"] = "post"
    author: Optional[StrictStr] = Field(default=None, max_length=200)


class BatchRequest(_Strict):
    items: list[BatchItem] = Field(min_length=1)
    store: StrictBool = False
    source: Optional[StrictStr] = Field(default=None, max_length=200)


class AdjustmentOut(BaseModel):
    stage: str
    reason: str
    score_before: Optional[float] = None
    score_after: Optional[float] = None


class FindingOut(BaseModel):
    label: str
    start: int
    end: int
    text: str
    score: float
    detector: str
    target: Optional[str] = None
    stance: str
    reasons: list[str]
    segment: Optional[int] = None
    meta: dict[str, Any]
    history: list[AdjustmentOut]


class SegmentOut(BaseModel):
    index: int
    start: int
    end: int
    text: str
    kind: str
    speaker: Optional[str] = None
    stance: str
    parent: Optional[int] = None


class AnalysisOut(BaseModel):
    text: str
    kind: str
    hateful: bool
    action: ActionName
    scores: dict[str, float]
    findings: list[FindingOut]
    segments: list[SegmentOut]
    reasons: list[str]
    labels: list[str]
    context: dict[str, Any]
    versions: dict[str, str]
    #: Present when the request asked to store the item.
    item_id: Optional[int] = None


class ErrorDetail(BaseModel):
    code: str
    message: str
    details: Optional[dict[str, Any]] = None


class ErrorBody(BaseModel):
    error: ErrorDetail


class BatchResult(BaseModel):
    id: Optional[Union[str, int]] = None
    analysis: Optional[AnalysisOut] = None
    error: Optional[ErrorDetail] = None
    item_id: Optional[int] = None


class BatchResponse(BaseModel):
    results: list[BatchResult]


class StoredAnalysisOut(BaseModel):
    id: int
    item_id: int
    hateful: bool
    action: str
    scores: dict[str, float]
    labels: list[str]
    targets: list[str]
    reasons: list[str]
    model_version: Optional[str] = None
    lexicon_version: Optional[str] = None
    policy_version: Optional[str] = None
    versions: dict[str, Any]
    created_at: str
    analysis: dict[str, Any]


class DecisionOut(BaseModel):
    id: int
    item_id: int
    analysis_id: Optional[int] = None
    origin: str
    action: str
    hateful: bool
    reasons: list[str]
    created_at: str
    review_id: Optional[int] = None


class ItemOut(BaseModel):
    id: int
    source: str
    external_id: str
    kind: str
    author: Optional[str] = None
    text: str
    text_hash: str
    created_at: str
    review_status: str
    created: bool
    analysis: Optional[StoredAnalysisOut] = None
    decision: Optional[DecisionOut] = None


class QueueEntryOut(BaseModel):
    item_id: int
    source: str
    external_id: str
    kind: str
    author: Optional[str] = None
    text: str
    action: str
    hateful: bool
    labels: list[str]
    targets: list[str]
    reasons: list[str]
    scores: dict[str, float]
    sampled: bool
    queued_at: str
    analysis_id: Optional[int] = None


class QueueResponse(BaseModel):
    items: list[QueueEntryOut]
    total: int


class ReviewRequest(_Strict):
    decision: Literal["confirm", "overturn"]
    reason: StrictStr = Field(min_length=1, max_length=2000)
    #: Defaults to the API key's name.
    reviewer: Optional[StrictStr] = Field(default=None, max_length=200)
    labels: Optional[list[StrictStr]] = None
    action: Optional[ActionName] = None


class ReviewOut(BaseModel):
    id: int
    item_id: int
    decision_id: Optional[int] = None
    decision: str
    reason: str
    reviewer: str
    hateful: bool
    action: str
    labels: list[str]
    created_at: str


class AuditEventOut(BaseModel):
    id: int
    item_id: Optional[int] = None
    event: str
    actor: str
    details: dict[str, Any]
    created_at: str


class AuditResponse(BaseModel):
    events: list[AuditEventOut]


class Health(BaseModel):
    status: Literal["ok"]
    version: str
    auth: bool
    store: bool
    detectors: list[str]
    #: Long-text worker processes started and ready (0 of N until they have loaded their engines, or when in threads).
    long_text_workers: int = 0
    long_text_workers_ready: int = 0
