"""The human side: the review queue, confirm/overturn, and exporting verdicts as training data."""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hatescope.errors import IncompleteReview, NotFound, UnknownDecision
from hatescope.labels import catalogue as label_catalogue
from hatescope.store import convert
from hatescope.store.models import AnalysisRow, DecisionRow, Item, ReviewRow
from hatescope.store.records import REVIEW_DECISIONS, QueueEntry, ReviewRecord
from hatescope.types import ACTIONS

MAX_REASON = 4000


def _queue_filter(q: Any, *, action: str | None, label: str | None, target: str | None, source: str | None) -> Any:
    q = q.where(Item.review_status == "pending")
    if action is not None:
        if action not in ACTIONS:
            raise UnknownDecision(f"unknown action '{action}': expected one of {', '.join(ACTIONS)}")
        q = q.where(Item.current_action == action)
    if label:
        q = q.where(Item.flag_labels.like(f"%,{_escape(label)},%", escape="\\"))
    if target:
        q = q.where(Item.flag_targets.like(f"%,{_escape(target)},%", escape="\\"))
    if source:
        q = q.where(Item.source == source)
    return q


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class ReviewMixin:
    """Store methods for the review workflow (mixed into ``Store``)."""

    def queue(
        self,
        *,
        action: str | None = None,
        label: str | None = None,
        target: str | None = None,
        source: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[QueueEntry]:
        limit = max(0, min(int(limit), 1000))
        q = _queue_filter(select(Item), action=action, label=label, target=target, source=source)
        q = q.order_by(Item.queued_at, Item.id).limit(limit).offset(max(0, int(offset)))
        with self._read() as s:  # type: ignore[attr-defined]
            items = list(s.scalars(q))
            return [
                convert.queue_entry(
                    it,
                    s.get(AnalysisRow, it.current_analysis_id) if it.current_analysis_id else None,
                    s.get(DecisionRow, it.current_decision_id) if it.current_decision_id else None,
                )
                for it in items
            ]

    def queue_count(
        self, *, action: str | None = None, label: str | None = None, target: str | None = None, source: str | None = None
    ) -> int:
        q = _queue_filter(select(func.count()).select_from(Item), action=action, label=label, target=target, source=source)
        with self._read() as s:  # type: ignore[attr-defined]
            return int(s.scalar(q) or 0)

    def review(
        self,
        item_id: int,
        *,
        decision: str,
        reason: str,
        reviewer: str,
        labels: list[str] | tuple[str, ...] | None = None,
        action: str | None = None,
    ) -> ReviewRecord:
        """Confirm or overturn the item's current decision; the verdict is kept as labelled data."""
        if decision not in REVIEW_DECISIONS:
            raise UnknownDecision(f"decision must be 'confirm' or 'overturn', not '{decision}'")
        reason = (reason or "").strip()
        if not reason:
            raise IncompleteReview("a review needs a reason")
        if len(reason) > MAX_REASON:
            raise IncompleteReview(f"reason is longer than {MAX_REASON} characters")
        reviewer = (reviewer or "").strip()
        if not reviewer:
            raise IncompleteReview("a review needs a reviewer name")
        if action is not None and action not in ACTIONS:
            raise UnknownDecision(f"unknown action '{action}': expected one of {', '.join(ACTIONS)}")
        with self._write() as s:  # type: ignore[attr-defined]
            item = s.get(Item, int(item_id))
            if item is None:
                raise NotFound(f"no item with id {item_id}", item_id=item_id)
            current = s.get(DecisionRow, item.current_decision_id) if item.current_decision_id else None
            analysis = s.get(AnalysisRow, item.current_analysis_id) if item.current_analysis_id else None
            return self._record_review(s, item, current, analysis, decision, reason, reviewer, labels, action)

    def _record_review(
        self, s: Session, item: Item, current: DecisionRow | None, analysis: AnalysisRow | None,
        decision: str, reason: str, reviewer: str, labels: Any, action: str | None,
    ) -> ReviewRecord:
        now = datetime.now(timezone.utc)
        was_hateful = bool(current.hateful) if current is not None else False
        was_action = current.action if current is not None else "allow"
        hateful = was_hateful if decision == "confirm" else not was_hateful
        if action is None:
            keep = decision == "confirm" and was_action != "review"
            action = was_action if keep else ("remove" if hateful else "allow")
        if labels is None:
            labels = list(analysis.labels or ()) if (hateful and analysis is not None) else []
        labels = sorted({str(x) for x in labels})
        rrow = ReviewRow(
            item_id=item.id, decision_id=current.id if current else None, decision=decision, reason=reason,
            reviewer=reviewer, hateful=hateful, action=action, labels=labels, created_at=now,
        )
        s.add(rrow)
        s.flush()
        why = f"{decision} by {reviewer}: {reason}"
        drow = DecisionRow(
            item_id=item.id, analysis_id=item.current_analysis_id, review_id=rrow.id, origin="review",
            action=action, hateful=hateful, reasons=[why], created_at=now,
        )
        s.add(drow)
        s.flush()
        item.review_status = "reviewed"
        item.current_decision_id = drow.id
        item.current_action = action
        log = self._log  # type: ignore[attr-defined]
        log(s, "review", item_id=item.id, actor=reviewer, review_id=rrow.id, decision=decision, reason=reason,
            previous_decision_id=current.id if current else None, previous_action=was_action,
            previous_hateful=was_hateful, hateful=hateful, labels=labels)
        log(s, "decision", item_id=item.id, actor=reviewer, decision_id=drow.id, origin="review",
            action=action, hateful=hateful, reasons=[why])
        return convert.review_record(rrow)

    def reviews(self, item_id: int) -> list[ReviewRecord]:
        with self._read() as s:  # type: ignore[attr-defined]
            if s.get(Item, int(item_id)) is None:
                raise NotFound(f"no item with id {item_id}", item_id=item_id)
            rows = s.scalars(select(ReviewRow).where(ReviewRow.item_id == int(item_id)).order_by(ReviewRow.id))
            return [convert.review_record(r) for r in rows]

    def export_labels(self, path: str | os.PathLike[str], *, source: str | None = None) -> int:
        """Write every reviewed item's latest human verdict as JSONL in the training schema.

        Fields follow ``hatescope.evaluation.datasets.Example``: text, hateful, source,
        split="community", labels (label → bool), targets, rationales (evidence spans of the
        flagged findings when the verdict is hateful), klass ("confirmed"/"overturned").
        """
        latest = select(ReviewRow.item_id, func.max(ReviewRow.id).label("rid")).group_by(ReviewRow.item_id).subquery()
        q = (
            select(Item, ReviewRow, AnalysisRow)
            .join(latest, latest.c.item_id == Item.id)
            .join(ReviewRow, ReviewRow.id == latest.c.rid)
            .outerjoin(AnalysisRow, AnalysisRow.id == Item.current_analysis_id)
            .order_by(Item.id)
        )
        if source:
            q = q.where(Item.source == source)
        out = Path(path)
        tmp = out.with_name(out.name + ".part")
        n = 0
        with self._read() as s, tmp.open("w", encoding="utf-8") as fh:  # type: ignore[attr-defined]
            for item, review, analysis in s.execute(q):
                fh.write(json.dumps(_training_row(item, review, analysis), ensure_ascii=False) + "\n")
                n += 1
        os.replace(tmp, out)  # a reader never sees a half-written export
        return n


def _training_row(item: Item, review: ReviewRow, analysis: AnalysisRow | None) -> dict[str, Any]:
    hateful = bool(review.hateful)
    labels: dict[str, bool] = {"hate": hateful}
    if hateful:
        labels.update({lab: True for lab in review.labels or ()})
    else:
        # The labels a "not hateful" verdict is a negative for (declared with negative_when_harmless).
        labels.update({lab: False for lab in label_catalogue.where(lambda spec: spec.negative_when_harmless)})
    targets: list[str] = list(analysis.targets or ()) if (analysis is not None and hateful) else []
    rationales: list[list[int]] = []
    if hateful and analysis is not None:
        flagged = set(review.labels or ()) or set(analysis.labels or ())
        for f in (analysis.analysis or {}).get("findings", ()):
            if f.get("label") in flagged and f.get("stance", "endorse") == "endorse":
                rationales.append([int(f["start"]), int(f["end"])])
    return {
        "text": item.text,
        "hateful": hateful,
        "source": item.source,
        "split": "community",
        "labels": labels,
        "targets": targets,
        "rationales": sorted(rationales),
        "klass": "confirmed" if review.decision == "confirm" else "overturned",
    }
