"""Ingestion that loses nothing and stores nothing twice.

* Identity is ``(source, external_id)``, enforced by a unique constraint; a missing id becomes
  ``sha256:<text hash>`` so identical texts from one source are one item (:mod:`hatescope.store.ingest_input`).
* Analysis runs OUTSIDE the transaction (it is slow), with the engine the caller hands over: the store
  never builds one itself. The item, its analysis, its decision and the audit events are then written in
  one transaction per batch (:mod:`hatescope.store.ingest_rows`). A crash leaves whole batches.
* When two writers race for the same item, the loser sees "nothing inserted" and skips it instead of
  failing the batch.
"""

from __future__ import annotations

from itertools import islice
from typing import Any, Callable, Iterable, Iterator, Mapping

from sqlalchemy import select

from hatescope.errors import Conflict, InputError, InvalidBatchSize, StoreError
from hatescope.store import convert
from hatescope.store.ingest_input import coerce_input, text_hash
from hatescope.store.ingest_rows import write_rows
from hatescope.store.models import Item
from hatescope.store.records import IngestInput, IngestReport, ItemRecord
from hatescope.types import Analysis

__all__ = ["IngestMixin", "coerce_input", "text_hash"]


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
        """Store one item with ``analysis``, or with what ``engine.analyze`` makes of it (one of the two is needed:
        the store never builds an engine of its own). A stored item is returned without analysing it again."""
        if analysis is None and engine is None:
            raise TypeError("Store.ingest needs an analysis or an engine to analyse the text with")
        inp = coerce_input(IngestInput(source, external_id, text, kind, author))
        digest = text_hash(inp.text)
        existing = self.find_item(inp.source, inp.external_id)  # type: ignore[attr-defined, arg-type]
        if existing is not None:
            return self._check_same(existing, digest)
        if analysis is None:
            analysis = engine.analyze(inp.text, kind=inp.kind, policy=policy)
        with self._write() as s:  # type: ignore[attr-defined]
            ((item_id, created),) = write_rows(s, [(inp, digest, analysis)], actor)
            record = convert.item_record(s, s.get(Item, item_id), created=created)
        return record if created else self._check_same(record, digest)

    def ingest_many(
        self,
        records: Iterable[Any],
        *,
        engine: Any,
        policy: Any = None,
        batch_size: int = 64,
        source: str | None = None,
        actor: str = "system",
        on_batch: Callable[[IngestReport], None] | None = None,
        numbered: bool = False,
    ) -> IngestReport:
        """Analyse ``records`` with ``engine`` (anything with ``analyze`` and ``analyze_many``, as
        ``hatescope.engine.Engine``) and store them. With ``numbered=True`` each record comes as ``(line, record)``
        (as ``hatescope.batchio.read_records`` yields them; a record the reader refused comes as its
        ``InputError`` and is counted as failed) and errors name that line; otherwise they name the
        record's position ("record 3"). Errors are reported in input order within each batch."""
        if batch_size < 1:
            raise InvalidBatchSize("batch_size must be at least 1")
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
            analysed, failed = _analyze(engine, todo, policy, places)
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
                    results = write_rows(s, analysed, actor)
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


def _analyze(engine: Any, todo: list[tuple[IngestInput, str]], policy: Any, places: Mapping[int, tuple[int, str]]
             ) -> tuple[list[tuple[IngestInput, str, Analysis]], list[tuple[int, str]]]:
    """Analyse a batch together; if one text is refused, fall back to one at a time. Refusals come back
    as (line or position, message), the message naming where the record was (``places``, by ``id(input)``)."""
    if not todo:
        return [], []
    try:
        results = engine.analyze_many([i.text for i, _ in todo], kinds=[i.kind for i, _ in todo], policy=policy)
        return [(i, d, a) for (i, d), a in zip(todo, results)], []
    except InputError:
        pass
    done, errors = [], []
    for inp, digest in todo:
        try:
            done.append((inp, digest, engine.analyze(inp.text, kind=inp.kind, policy=policy)))
        except InputError as exc:
            number, where = places.get(id(inp), (0, ""))
            errors.append((number, f"{exc.code}: {where + ': ' if where else ''}({inp.source}, {inp.external_id}): {exc.message}"))
    return done, errors
