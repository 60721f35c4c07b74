"""Ingestion that loses nothing and stores nothing twice.

* Identity is ``(source, external_id)``, enforced by a unique constraint; a missing id becomes
  ``sha256:<text hash>`` so identical texts from one source are one item.
* Analysis runs OUTSIDE the transaction (it is slow); the item, its analysis, its decision and
  the audit events are then written in one transaction per batch. A crash leaves whole batches.
* Items are inserted with ``INSERT ... ON CONFLICT DO NOTHING``: when two writers race for the
  same item, the loser sees "nothing inserted" and skips it instead of failing the batch.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import datetime, timezone
from itertools import islice
from typing import Any, Callable, Iterable, Iterator, Mapping

from sqlalchemy import bindparam, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from hatescope.errors import Conflict, InputError, MalformedRecord, StoreError
from hatescope.ingest import validate_kind
from hatescope.ingest.post import check_unicode, record_id
from hatescope.store import convert
from hatescope.store.models import AnalysisRow, AuditRow, DecisionRow, Item
from hatescope.store.records import IngestInput, IngestReport, ItemRecord
from hatescope.types import Analysis

MAX_SOURCE = 200
MAX_EXTERNAL_ID = 512
MAX_AUTHOR = 200


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def coerce_input(record: Any, *, source: str | None = None, line: int | None = None, where: str | None = None) -> IngestInput:
    """An ``IngestInput`` from a record or a dict (``external_id`` or ``id``; ``source`` may default).

    An id must be a string or a number (stored as text); an object, a list or a boolean is refused, never
    stored as a rendering of the value. ``where`` prefixes error messages ("line 12"; default "record N")."""
    where = f"{where}: " if where else f"record {line}: " if line is not None else ""
    try:
        inp = _input_of(record, source)
        if not isinstance(inp.text, str):
            raise MalformedRecord("missing or non-string 'text'")
        if not inp.source or not isinstance(inp.source, str) or len(inp.source) > MAX_SOURCE:
            raise MalformedRecord(f"'source' must be a non-empty string of at most {MAX_SOURCE} characters")
        if inp.author is not None and len(inp.author) > MAX_AUTHOR:
            raise MalformedRecord(f"'author' is longer than {MAX_AUTHOR} characters")
        if inp.external_id is not None and (not inp.external_id or len(inp.external_id) > MAX_EXTERNAL_ID):
            raise MalformedRecord(f"'external_id' must be 1..{MAX_EXTERNAL_ID} characters")
        # Nothing that is not valid Unicode reaches the database (it could not be stored, and would fail the batch).
        check_unicode(inp.source, what="'source'")
        if inp.author is not None:
            check_unicode(inp.author, what="'author'")
        validate_kind(inp.kind)
    except InputError as exc:
        raise type(exc)(f"{where}{exc.message}", code=exc.code, **exc.details) from None
    if inp.external_id is None:
        inp = replace(inp, external_id=f"sha256:{text_hash(inp.text)}")
    return inp


def _input_of(record: Any, source: str | None) -> IngestInput:
    if isinstance(record, IngestInput):
        ext = record.external_id
        return record if ext is None else replace(record, external_id=record_id(ext, field="external_id"))
    if not isinstance(record, Mapping):
        raise MalformedRecord("expected an object with 'text'")
    field = "external_id" if "external_id" in record else "id"
    ext = record.get(field)
    author = record.get("author")
    if author is not None and not isinstance(author, (str, int)):
        raise MalformedRecord("'author' must be a string")
    return IngestInput(
        source=record.get("source") or source or "",
        external_id=None if ext is None else record_id(ext, field=field),
        text=record.get("text"),  # type: ignore[arg-type]
        kind=record.get("kind") or "post",
        author=None if author is None else str(author),
    )


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


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


class IngestMixin:
    """Store methods for ingestion (mixed into ``Store``)."""

    def ingest(
        self,
        *,
        source: str,
        external_id: str | None,
        text: str,
        kind: str = "post",
        author: str | None = None,
        analysis: Analysis | None = None,
        engine: Any = None,
        policy: Any = None,
        actor: str = "system",
    ) -> ItemRecord:
        inp = coerce_input(IngestInput(source, external_id, text, kind, author))
        digest = text_hash(inp.text)
        existing = self.find_item(inp.source, inp.external_id)  # type: ignore[attr-defined, arg-type]
        if existing is not None:
            return self._check_same(existing, digest)
        if analysis is None:
            analysis = _engine(engine).analyze(inp.text, kind=inp.kind, policy=policy)
        with self._write() as s:  # type: ignore[attr-defined]
            ((item_id, created),) = self._write_rows(s, [(inp, digest, analysis)], actor)
            record = convert.item_record(s, s.get(Item, item_id), created=created)
        return record if created else self._check_same(record, digest)

    def ingest_many(
        self,
        records: Iterable[Any],
        *,
        engine: Any = None,
        policy: Any = None,
        batch_size: int = 64,
        source: str | None = None,
        actor: str = "system",
        on_batch: Callable[[IngestReport], None] | None = None,
        numbered: bool = False,
    ) -> IngestReport:
        """Analyse and store ``records``. With ``numbered=True`` each record comes as ``(line, record)``
        (as ``hatescope.batchio.read_records`` yields them; a record the reader refused comes as its
        ``InputError`` and is counted as failed) and errors name that line; otherwise they name the
        record's position ("record 3"). Errors are reported in input order within each batch."""
        if batch_size < 1:
            raise InputError("batch_size must be at least 1", code="HS109")
        if policy is not None:  # parse a policy file once, not once per batch
            from hatescope.policy import resolve_policy

            policy = resolve_policy(policy)
        report = IngestReport()
        position = 0
        for chunk in _chunks(records, batch_size):
            inputs: list[IngestInput] = []
            places: dict[int, tuple[int, str]] = {}  # id(input) -> (line or position, "line 12")
            problems: list[tuple[int, str]] = []
            for rec in chunk:
                position += 1
                number, rec = rec if numbered else (position, rec)
                where = f"line {number}" if numbered else f"record {number}"
                if isinstance(rec, InputError):  # refused by the reader already; its message names the line
                    problems.append((number, f"{rec.code}: {rec.message}"))
                    continue
                try:
                    inp = coerce_input(rec, source=source, where=where)
                except InputError as exc:
                    problems.append((number, f"{exc.code}: {exc.message}"))
                    continue
                inputs.append(inp)
                places[id(inp)] = (number, where)
            todo, existing, conflicts = self._new_only(inputs)
            analysed, failed = _analyse(engine, todo, policy, places)
            errors = [message for _, message in sorted(problems + failed, key=lambda p: p[0])]
            # One lock order for every writer (sorted keys), so concurrent batches cannot deadlock.
            analysed.sort(key=lambda row: (row[0].source, row[0].external_id))
            inserted, raced, race_conflicts = self._write_batch(analysed, actor) if analysed else (0, 0, 0)
            existing += raced
            conflicts += race_conflicts
            report = IngestReport(
                inserted=report.inserted + inserted,
                existing=report.existing + existing,
                conflicts=report.conflicts + conflicts,
                failed=report.failed + len(errors),
                batches=report.batches + 1,
                errors=report.errors + tuple(errors),
            )
            if on_batch is not None:
                on_batch(report)
        return report

    # -- internals -----------------------------------------------------------------------------

    def _write_batch(self, analysed: list[tuple[IngestInput, str, Analysis]], actor: str) -> tuple[int, int, int]:
        """Write a batch in one transaction; (inserted, already stored, stored with another text)."""
        for attempt in range(4):
            try:
                with self._write() as s:  # type: ignore[attr-defined]
                    results = self._write_rows(s, analysed, actor)
                    lost = [item_id for item_id, created in results if not created]
                    hashes = {i: h for i, h in s.execute(select(Item.id, Item.text_hash).where(Item.id.in_(lost)))}
                inserted = sum(created for _, created in results)
                # Lost races: another writer stored the item between our check and our insert.
                same = sum(hashes.get(i) == d for (i, c), (_, d, _) in zip(results, analysed) if not c)
                return inserted, same, len(lost) - same
            except StoreError as exc:
                if not exc.details.get("retryable") or attempt == 3:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    @staticmethod
    def _check_same(record: ItemRecord, digest: str) -> ItemRecord:
        if record.text_hash != digest:
            raise Conflict(
                f"item ({record.source}, {record.external_id}) is already stored with a different text; "
                "items are never overwritten — use a new external_id for an edited text",
                item_id=record.id,
            )
        return record

    def _new_only(self, inputs: list[IngestInput]) -> tuple[list[tuple[IngestInput, str]], int, int]:
        """Drop inputs already stored (or repeated in the batch): what a resumed run skips."""
        by_source: dict[str, list[str]] = {}
        for inp in inputs:
            by_source.setdefault(inp.source, []).append(inp.external_id)  # type: ignore[arg-type]
        stored: dict[tuple[str, str], str] = {}
        with self._read() as s:  # type: ignore[attr-defined]
            for src, ids in by_source.items():
                q = select(Item.external_id, Item.text_hash).where(Item.source == src, Item.external_id.in_(ids))
                stored.update({(src, ext): h for ext, h in s.execute(q)})
        todo: list[tuple[IngestInput, str]] = []
        existing = conflicts = 0
        seen: dict[tuple[str, str], str] = {}
        for inp in inputs:
            key = (inp.source, inp.external_id)
            digest = text_hash(inp.text)
            known = stored.get(key) or seen.get(key)  # type: ignore[arg-type]
            if known is not None:
                existing += known == digest
                conflicts += known != digest
                continue
            seen[key] = digest  # type: ignore[index]
            todo.append((inp, digest))
        return todo, existing, conflicts

    def _write_rows(self, s: Session, rows: list[tuple[IngestInput, str, Analysis]], actor: str) -> list[tuple[int, bool]]:
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


def _engine(engine: Any) -> Any:
    if engine is not None:
        return engine
    from hatescope.engine import default_engine

    return default_engine()


def _analyse(engine: Any, todo: list[tuple[IngestInput, str]], policy: Any, places: Mapping[int, tuple[int, str]]
             ) -> tuple[list[tuple[IngestInput, str, Analysis]], list[tuple[int, str]]]:
    """Analyse a batch together; if one text is refused, fall back to one at a time. Refusals come back
    as (line or position, message), the message naming where the record was (``places``, by ``id(input)``)."""
    if not todo:
        return [], []
    eng = _engine(engine)
    try:
        results = eng.analyze_many([i.text for i, _ in todo], kinds=[i.kind for i, _ in todo], policy=policy)
        return [(i, d, a) for (i, d), a in zip(todo, results)], []
    except InputError:
        pass
    done, errors = [], []
    for inp, digest in todo:
        try:
            done.append((inp, digest, eng.analyze(inp.text, kind=inp.kind, policy=policy)))
        except InputError as exc:
            number, where = places.get(id(inp), (0, ""))
            errors.append((number, f"{exc.code}: {where + ': ' if where else ''}({inp.source}, {inp.external_id}): {exc.message}"))
    return done, errors
