"""ORM rows → public frozen records (the only place that knows both)."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy.orm import Session

from hatescope.store.models import AnalysisRow, ApiKeyRow, AuditRow, DecisionRow, Item, ReviewRow
from hatescope.store.records import (
    AnalysisRecord,
    ApiKey,
    AuditEvent,
    DecisionRecord,
    ItemRecord,
    QueueEntry,
    ReviewRecord,
)


def utc(value: datetime | None) -> datetime | None:
    """SQLite returns naive datetimes; everything we store is UTC."""
    if value is None:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)


def split_flags(value: str | None) -> tuple[str, ...]:
    return tuple(v for v in (value or "").split(",") if v)


def join_flags(values: list[str] | tuple[str, ...]) -> str:
    # Commas would break the delimiter; group names never contain them, but be safe.
    return "," + "".join(f"{v.replace(',', ' ')}," for v in values)


def analysis_record(row: AnalysisRow) -> AnalysisRecord:
    return AnalysisRecord(
        id=row.id,
        item_id=row.item_id,
        hateful=bool(row.hateful),
        action=row.action,
        scores=dict(row.scores or {}),
        labels=tuple(row.labels or ()),
        targets=tuple(row.targets or ()),
        reasons=tuple(row.reasons or ()),
        model_version=row.model_version,
        lexicon_version=row.lexicon_version,
        policy_version=row.policy_version,
        versions=dict(row.versions or {}),
        created_at=utc(row.created_at),  # type: ignore[arg-type]
        analysis=dict(row.analysis or {}),
    )


def decision_record(row: DecisionRow) -> DecisionRecord:
    return DecisionRecord(
        id=row.id,
        item_id=row.item_id,
        analysis_id=row.analysis_id,
        origin=row.origin,
        action=row.action,
        hateful=bool(row.hateful),
        reasons=tuple(row.reasons or ()),
        created_at=utc(row.created_at),  # type: ignore[arg-type]
        review_id=row.review_id,
    )


def item_record(s: Session, item: Item, *, created: bool = False) -> ItemRecord:
    analysis = s.get(AnalysisRow, item.current_analysis_id) if item.current_analysis_id else None
    decision = s.get(DecisionRow, item.current_decision_id) if item.current_decision_id else None
    return ItemRecord(
        id=item.id,
        source=item.source,
        external_id=item.external_id,
        kind=item.kind,
        author=item.author,
        text=item.text,
        text_hash=item.text_hash,
        created_at=utc(item.created_at),  # type: ignore[arg-type]
        review_status=item.review_status,
        created=created,
        analysis=analysis_record(analysis) if analysis is not None else None,
        decision=decision_record(decision) if decision is not None else None,
    )


def queue_entry(item: Item, analysis: AnalysisRow | None, decision: DecisionRow | None) -> QueueEntry:
    return QueueEntry(
        item_id=item.id,
        source=item.source,
        external_id=item.external_id,
        kind=item.kind,
        author=item.author,
        text=item.text,
        action=decision.action if decision is not None else (item.current_action or "allow"),
        hateful=bool(decision.hateful) if decision is not None else False,
        labels=split_flags(item.flag_labels),
        targets=split_flags(item.flag_targets),
        reasons=tuple(decision.reasons) if decision is not None else (),
        scores=dict(analysis.scores) if analysis is not None else {},
        sampled=bool(item.sampled),
        queued_at=utc(item.queued_at or item.created_at),  # type: ignore[arg-type]
        analysis_id=analysis.id if analysis is not None else None,
    )


def review_record(row: ReviewRow) -> ReviewRecord:
    return ReviewRecord(
        id=row.id,
        item_id=row.item_id,
        decision_id=row.decision_id,
        decision=row.decision,
        reason=row.reason,
        reviewer=row.reviewer,
        hateful=bool(row.hateful),
        action=row.action,
        labels=tuple(row.labels or ()),
        created_at=utc(row.created_at),  # type: ignore[arg-type]
    )


def audit_event(row: AuditRow) -> AuditEvent:
    return AuditEvent(
        id=row.id,
        item_id=row.item_id,
        event=row.event,
        actor=row.actor,
        details=dict(row.details or {}),
        created_at=utc(row.created_at),  # type: ignore[arg-type]
    )


def api_key(row: ApiKeyRow) -> ApiKey:
    return ApiKey(
        key_id=row.key_id,
        name=row.name,
        rate_limit_per_min=row.rate_limit_per_min,
        created_at=utc(row.created_at),  # type: ignore[arg-type]
        revoked_at=utc(row.revoked_at),
    )
