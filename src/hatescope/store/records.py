"""Plain frozen records the Store returns. Never ORM objects: callers (HTTP API, web page, CLI)
must not be able to lazy-load or mutate database state through a result.

Every record has ``to_dict()`` giving JSON-safe values (datetimes as ISO 8601 UTC strings).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any, Mapping

from hatescope.types import Analysis

#: Review verdicts a human can give on a decision.
REVIEW_DECISIONS: tuple[str, ...] = ("confirm", "overturn")
#: Where an item stands in the review workflow.
REVIEW_STATUSES: tuple[str, ...] = ("none", "pending", "reviewed")


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if hasattr(value, "to_dict"):
        return value.to_dict()
    return value


class _Record:
    def to_dict(self) -> dict[str, Any]:
        return {f.name: _jsonable(getattr(self, f.name)) for f in fields(self)}  # type: ignore[arg-type]


@dataclass(frozen=True)
class AnalysisRecord(_Record):
    """One stored analysis of an item, with the versions that produced it."""

    id: int
    item_id: int
    hateful: bool
    action: str
    scores: Mapping[str, float]
    #: Labels the policy flagged (a finding in the author's voice crossed the label's ``label`` threshold).
    labels: tuple[str, ...]
    #: Target groups of the flagged findings.
    targets: tuple[str, ...]
    reasons: tuple[str, ...]
    model_version: str | None
    lexicon_version: str | None
    policy_version: str | None
    versions: Mapping[str, str]
    created_at: datetime
    #: The full ``Analysis.to_dict()`` (findings with offsets and history, segments, context).
    analysis: Mapping[str, Any] = field(repr=False, default_factory=dict)

    def to_analysis(self) -> Analysis:
        return Analysis.from_dict(self.analysis)


@dataclass(frozen=True)
class DecisionRecord(_Record):
    """An action taken on an item: by the policy (``origin="policy"``) or by a reviewer (``"review"``)."""

    id: int
    item_id: int
    analysis_id: int | None
    origin: str
    action: str
    hateful: bool
    reasons: tuple[str, ...]
    created_at: datetime
    review_id: int | None = None


@dataclass(frozen=True)
class ItemRecord(_Record):
    """A post or article as stored, with its current analysis and decision."""

    id: int
    source: str
    external_id: str
    kind: str
    author: str | None
    text: str
    text_hash: str
    created_at: datetime
    #: ``none`` (no human needed), ``pending`` (waiting in the queue) or ``reviewed``.
    review_status: str
    #: True when this call stored the item; False when it already existed (idempotent resubmit).
    created: bool = False
    analysis: AnalysisRecord | None = None
    decision: DecisionRecord | None = None


@dataclass(frozen=True)
class QueueEntry(_Record):
    """One item waiting for a human, with what the reviewer needs to decide."""

    item_id: int
    source: str
    external_id: str
    kind: str
    author: str | None
    text: str
    action: str
    hateful: bool
    labels: tuple[str, ...]
    targets: tuple[str, ...]
    reasons: tuple[str, ...]
    scores: Mapping[str, float]
    #: True when the item was sampled for quality control rather than sent by a ``review`` decision.
    sampled: bool
    queued_at: datetime
    analysis_id: int | None = None


@dataclass(frozen=True)
class ReviewRecord(_Record):
    """A human verdict. ``overturn`` flips the model's ``hateful``; both are kept as labelled data."""

    id: int
    item_id: int
    decision_id: int | None
    decision: str
    reason: str
    reviewer: str
    #: The human's verdict on the text after the review.
    hateful: bool
    #: The action in force after the review.
    action: str
    labels: tuple[str, ...]
    created_at: datetime


@dataclass(frozen=True)
class AuditEvent(_Record):
    """One append-only audit log row (ingest, analysis, decision, review, api-key events)."""

    id: int
    item_id: int | None
    event: str
    actor: str
    details: Mapping[str, Any]
    created_at: datetime


@dataclass(frozen=True)
class ApiKey(_Record):
    """An API key's public facts. The plaintext key is shown once, at creation, and never stored."""

    key_id: str
    name: str
    rate_limit_per_min: int
    created_at: datetime
    revoked_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True)
class IngestInput:
    """One record to ingest (what ``ingest_many`` accepts; plain dicts with these keys work too)."""

    source: str
    external_id: str | None
    text: str
    kind: str = "post"
    author: str | None = None


@dataclass(frozen=True)
class IngestReport(_Record):
    """What ``ingest_many`` did. ``existing`` items were skipped because they were already stored."""

    inserted: int = 0
    existing: int = 0
    #: Same ``(source, external_id)`` already stored with a different text: skipped, never overwritten.
    conflicts: int = 0
    #: Records the engine refused (empty, too large...): skipped with their error.
    failed: int = 0
    batches: int = 0
    errors: tuple[str, ...] = ()
