"""Stage 7: the store — items, analyses, decisions, reviews, an append-only audit log, API keys.

SQLite (WAL) with zero configuration, PostgreSQL through a URL; schema managed by Alembic
migrations shipped in ``hatescope/store/migrations``. Every public method returns plain frozen
records (``hatescope.store.records``), never ORM objects, and raises ``hatescope.errors.StoreError``
(HS4xx) / ``NotFound`` (HS404) on purpose.

Quick tour::

    from hatescope.store import Store

    store = Store.open()                      # $HATESCOPE_DB, else SQLite file ./hatescope.db
    store = Store.open("postgresql+psycopg://user@localhost:5432/hs")
    store.migrate()                           # alembic upgrade head (open() does it too, see below)

    item = store.ingest(source="forum", external_id="42", text="...", author="u1", engine=engine)
    item.created                              # False when (source, external_id) was already stored
    item.analysis.action, item.decision.reasons

    report = store.ingest_many(records, engine=engine, batch_size=64)   # one transaction per batch
    store.get_item(item.id)                   # ItemRecord with current analysis + decision; NotFound
    store.queue(action="review", label="dehumanization", limit=50)      # list[QueueEntry]
    store.review(item.id, decision="overturn", reason="satire", reviewer="ana")   # ReviewRecord
    store.audit(item.id)                      # list[AuditEvent], oldest first
    store.export_labels("labels.jsonl")       # reviewed items in the training schema -> count

    key_id, plaintext = store.create_api_key("newsroom", rate_limit_per_min=120)
    store.verify_api_key(plaintext)           # ApiKey | None (None: unknown, wrong or revoked)
    store.revoke_api_key(key_id)

Public interface (all keyword-only after the first positional argument):

``Store.open(url: str | None = None, *, migrate: bool = True) -> Store``
    ``None`` → ``$HATESCOPE_DB`` or ``sqlite:///./hatescope.db``. A bare path is taken as a SQLite file.
    ``migrate=True`` runs ``migrate()`` so a fresh database works at once.
``store.migrate() -> None``                    Alembic ``upgrade head``.
``store.close() -> None``                      Dispose of the connection pool (also a context manager).
``store.ingest(*, source, external_id, text, kind="post", author=None, analysis=None, engine=None, policy=None) -> ItemRecord``
    Give ``analysis`` or ``engine`` (TypeError without either): the store never builds an engine itself.
    Idempotent on ``(source, external_id)``; ``external_id=None`` uses the text hash as the id, so
    the same text from the same source is stored once. Resubmitting returns the existing record
    (``created=False``) without re-analysing. The same id with a *different* text raises
    ``hatescope.errors.Conflict`` (HS409, HTTP 409) (items are never silently overwritten). ``analysis`` (an ``Analysis``)
    is stored as given; otherwise ``engine.analyze`` runs.
``store.ingest_many(records, *, engine, policy=None, batch_size=64, on_batch=None) -> IngestReport``
    ``records``: iterable of ``IngestInput`` or dicts with keys source/external_id (or id)/text/kind/author.
    Each batch is analysed outside the database, then written in ONE transaction: a crash leaves
    whole batches or nothing; re-running the same input skips what is stored (nothing twice), and
    concurrent writers never duplicate an item. ``on_batch(report)`` is called after each commit.
``store.get_item(item_id: int) -> ItemRecord``
``store.find_item(source: str, external_id: str) -> ItemRecord | None``
``store.queue(*, action=None, label=None, target=None, source=None, limit=50, offset=0) -> list[QueueEntry]``
    Items waiting for a human (``review_status == "pending"``), oldest first. ``action=None``: all
    pending items (``review`` decisions and sampled ones); ``action="review"``: only the former.
``store.queue_count(*, action=None, label=None, target=None, source=None) -> int``
``store.review(item_id, *, decision, reason, reviewer, labels=None, action=None) -> ReviewRecord``
    ``decision`` is ``confirm`` or ``overturn`` (InputError HS110 otherwise; empty reason HS111).
    Writes a review row, a new decision (``origin="review"``) and audit events; the item leaves
    the queue. Reviewing again is allowed (a later review supersedes; all are kept).
``store.reviews(item_id) -> list[ReviewRecord]``
``store.audit(item_id: int | None = None, *, limit=1000) -> list[AuditEvent]``
    Oldest first; ``None`` = all events (including API-key events). The table rejects UPDATE and
    DELETE at the database level (triggers).
``store.export_labels(path) -> int``
    JSONL, one reviewed item per line: ``{"text", "hateful", "labels", "targets", "source",
    "split": "community", "id", "decision", "reviewer"}`` — the human verdict, overturns included.
``store.create_api_key(name, rate_limit_per_min=60) -> tuple[str, str]``   (key_id, plaintext)
    Plaintext is ``hs_<key_id>_<43 url-safe chars>``; only its SHA-256 is stored.
``store.verify_api_key(plaintext) -> ApiKey | None``
``store.get_api_key(key_id) -> ApiKey``  (NotFound) · ``store.list_api_keys() -> list[ApiKey]``
``store.revoke_api_key(key_id) -> ApiKey``  (NotFound)

Error codes: HS400 generic store failure (cannot connect, migration failed), HS404 not found,
HS409 ``Conflict`` (resubmission with another text), HS410 ``SchemaTooNew`` (database migrated by a
newer hatescope). Input problems (bad review decision, empty reason...) are ``InputError`` HS109-HS112.
"""

from hatescope.store.db import Store, default_url
from hatescope.store.records import (
    REVIEW_DECISIONS,
    REVIEW_STATUSES,
    AnalysisRecord,
    ApiKey,
    AuditEvent,
    DecisionRecord,
    IngestInput,
    IngestReport,
    ItemRecord,
    QueueEntry,
    ReviewRecord,
)

__all__ = [
    "REVIEW_DECISIONS",
    "REVIEW_STATUSES",
    "AnalysisRecord",
    "ApiKey",
    "AuditEvent",
    "DecisionRecord",
    "IngestInput",
    "IngestReport",
    "ItemRecord",
    "QueueEntry",
    "ReviewRecord",
    "Store",
    "default_url",
]
