"""Writing a batch of analysed items: the item rows, their analyses, decisions and audit events, in bulk.

Items are inserted with ``INSERT ... ON CONFLICT DO NOTHING``: when two writers race for the same item, the
loser sees "nothing inserted" and reports the item as not created instead of failing the batch. The caller
(:mod:`hatescope.store.ingest`) owns the transaction.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Mapping

from sqlalchemy import bindparam, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from hatescope.store import convert
from hatescope.store.models import AnalysisRow, AuditRow, DecisionRow, Item
from hatescope.store.records import IngestInput
from hatescope.types import Analysis


def flags_of(analysis: Analysis) -> tuple[list[str], list[str]]:
    """Labels and targets the policy flagged (``context["flagged"]``, written by policy.decide)."""
    flagged = analysis.context.get("flagged") if isinstance(analysis.context, Mapping) else None
    if isinstance(flagged, Mapping):
        return sorted(set(flagged.get("labels", ()))), sorted(set(flagged.get("targets", ())))
    # Analyses from elsewhere: the author's-voice findings at a meaningful score.
    found = [f for f in analysis.findings if f.stance == "endorse" and f.score >= 0.5]
    return sorted({f.label for f in found}), sorted({f.target for f in found if f.target})


def review_state_of(analysis: Analysis) -> tuple[bool, bool]:
    """(queued for a human, sampled for quality control)."""
    review = analysis.context.get("review") if isinstance(analysis.context, Mapping) else None
    if isinstance(review, Mapping):
        return bool(review.get("queued")), bool(review.get("sampled"))
    return analysis.action == "review", False


def _version_of(versions: Mapping[str, str], needle: str) -> str | None:
    hits = [f"{k}@{v}" for k, v in sorted(versions.items()) if needle in k]
    return ";".join(hits)[:200] if hits else None


def write_rows(s: Session, rows: list[tuple[IngestInput, str, Analysis]], actor: str) -> list[tuple[int, bool]]:
    """Insert items with their analyses, decisions and audit events, in bulk (a handful of
    statements per batch, whatever its size); returns (item id, created) per row, in order."""
    now = datetime.now(timezone.utc)
    facts = [(flags_of(a), review_state_of(a)) for _, _, a in rows]
    item_values = [
        dict(source=inp.source, external_id=inp.external_id, kind=inp.kind, author=inp.author, text=inp.text,
             text_hash=digest, created_at=now, review_status="pending" if queued else "none", sampled=sampled,
             queued_at=now if queued else None, current_action=analysis.action,
             flag_labels=convert.join_flags(labels), flag_targets=convert.join_flags(targets),
             current_analysis_id=None, current_decision_id=None)
        for (inp, digest, analysis), ((labels, targets), (queued, sampled)) in zip(rows, facts)
    ]
    dialect = s.get_bind().dialect.name
    insert_fn = sqlite.insert if dialect == "sqlite" else postgresql.insert
    stmt = insert_fn(Item.__table__).on_conflict_do_nothing(index_elements=["source", "external_id"])
    new_ids = {(src, ext): i for i, src, ext in s.execute(
        stmt.returning(Item.__table__.c.id, Item.__table__.c.source, Item.__table__.c.external_id), item_values)}
    fresh = [(k, row, fact) for k, (row, fact) in enumerate(zip(rows, facts))
             if (row[0].source, row[0].external_id) in new_ids]
    results: list[tuple[int, bool]] = []
    missing = [(inp.source, inp.external_id) for inp, _, _ in rows if (inp.source, inp.external_id) not in new_ids]
    old_ids: dict[tuple[str, str], int] = {}
    for src, ext in missing:  # rare: only when another writer won the race
        old_ids[(src, ext)] = s.scalar(select(Item.id).where(Item.source == src, Item.external_id == ext))  # type: ignore[index, assignment]
    for inp, _, _ in rows:
        key = (inp.source, inp.external_id)
        results.append((new_ids[key], True) if key in new_ids else (old_ids[key], False))  # type: ignore[index]
    if not fresh:
        return results
    analysis_rows = []
    for _, (inp, _, analysis), ((labels, targets), _) in fresh:
        versions = dict(analysis.versions)
        analysis_rows.append(dict(
            item_id=new_ids[(inp.source, inp.external_id)], hateful=analysis.hateful, action=analysis.action,  # type: ignore[index]
            scores=dict(analysis.scores), labels=labels, targets=targets, reasons=list(analysis.reasons),
            model_version=_version_of(versions, "classifier"), lexicon_version=_version_of(versions, "lexicon"),
            policy_version=versions.get("policy"), versions=versions, analysis=analysis.to_dict(), created_at=now,
        ))
    a_ids = [r[0] for r in s.execute(
        insert(AnalysisRow.__table__).returning(AnalysisRow.__table__.c.id, sort_by_parameter_order=True), analysis_rows)]
    decision_rows = [
        dict(item_id=ar["item_id"], analysis_id=aid, review_id=None, origin="policy", action=ar["action"],
             hateful=ar["hateful"], reasons=ar["reasons"], created_at=now)
        for ar, aid in zip(analysis_rows, a_ids)
    ]
    d_ids = [r[0] for r in s.execute(
        insert(DecisionRow.__table__).returning(DecisionRow.__table__.c.id, sort_by_parameter_order=True), decision_rows)]
    table = Item.__table__
    s.execute(
        table.update().where(table.c.id == bindparam("b_id")).values(
            current_analysis_id=bindparam("b_aid"), current_decision_id=bindparam("b_did")),
        [{"b_id": ar["item_id"], "b_aid": aid, "b_did": did} for ar, aid, did in zip(analysis_rows, a_ids, d_ids)],
    )
    audit = []
    for (_, (inp, digest, analysis), (_, (queued, sampled))), ar, aid, did in zip(fresh, analysis_rows, a_ids, d_ids):
        item_id = ar["item_id"]
        audit.append(_audit(item_id, "ingest", actor, now, source=inp.source, external_id=inp.external_id,
                            text_hash=digest, kind=inp.kind, analysis_id=aid, versions=ar["versions"]))
        audit.append(_audit(item_id, "decision", "policy", now, decision_id=did, origin="policy",
                            action=analysis.action, hateful=analysis.hateful, reasons=ar["reasons"],
                            labels=ar["labels"], targets=ar["targets"]))
        if queued:
            audit.append(_audit(item_id, "queued", "policy", now, sampled=sampled,
                                why="sampled for quality control" if sampled else f"action {analysis.action}"))
    s.execute(insert(AuditRow.__table__), audit)
    return results


def _audit(item_id: int, event: str, actor: str, now: datetime, **details: Any) -> dict[str, Any]:
    return {"item_id": item_id, "event": event, "actor": actor, "details": details, "created_at": now}
