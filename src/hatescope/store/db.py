"""Opening a database, running migrations, and the Store class that ties the parts together.

SQLite is opened in WAL mode and every *write* transaction starts with ``BEGIN IMMEDIATE``:
a deferred transaction that reads and then writes can fail with "database is locked" when a
second process committed in between, which busy_timeout cannot fix. Reads use a separate
engine with ordinary deferred transactions so they never wait for the write lock.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any, Iterator

from sqlalchemy import create_engine, event, select, text
from sqlalchemy.engine import Engine as SAEngine
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from hatescope.errors import NotFound, SchemaTooNew, StoreError
from hatescope.store import convert
from hatescope.store.ingest import IngestMixin
from hatescope.store.keys import ApiKeyMixin
from hatescope.store.models import AuditRow, Item
from hatescope.store.records import ItemRecord
from hatescope.store.review import ReviewMixin

_PG_MIGRATION_LOCK = 0x6873_6D69  # pg_advisory_xact_lock key: "hsmi"


def default_url() -> str:
    """``$HATESCOPE_DB`` if set, else a SQLite file ``hatescope.db`` in the working directory."""
    return normalize_url(os.environ.get("HATESCOPE_DB") or "hatescope.db")


def normalize_url(url: str) -> str:
    """Accept SQLAlchemy URLs, ``postgresql://`` (→ psycopg 3) and bare SQLite file paths."""
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def describe(exc: BaseException) -> str:
    """One line about a database error: the driver's first line, not SQLAlchemy's essay."""
    orig = getattr(exc, "orig", None) or exc
    first = (str(orig).strip().splitlines() or [""])[0]
    return f"{type(orig).__name__}: {first}"[:500]


def _redact(url: str) -> str:
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        return f"{scheme}://{creds.split(':', 1)[0]}:***@{host}" if ":" in creds else url
    return url


def _sqlite_engines(url: str) -> tuple[SAEngine, SAEngine]:
    in_memory = url in ("sqlite://", "sqlite:///:memory:")
    kwargs: dict[str, Any] = {"connect_args": {"timeout": 60, "check_same_thread": False}}
    if in_memory:
        kwargs["poolclass"] = StaticPool

    def build(immediate: bool) -> SAEngine:
        eng = create_engine(url, **kwargs)

        @event.listens_for(eng, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (pysqlite's is unreliable)
            cur = dbapi_conn.cursor()
            if not in_memory:
                cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")  # a commit survives a crash of the machine, too
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=60000")
            cur.close()

        @event.listens_for(eng, "begin")
        def _on_begin(conn: Any) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return eng

    writer = build(True)
    return writer, (writer if in_memory else build(False))


class Store(IngestMixin, ReviewMixin, ApiKeyMixin):
    """The moderation database. Create with :meth:`open`; see ``hatescope.store`` for the tour."""

    def __init__(self, url: str, writer: SAEngine, reader: SAEngine) -> None:
        self.url = url
        self._writer = writer
        self._reader = reader

    # -- lifecycle -----------------------------------------------------------------------------

    @classmethod
    def open(cls, url: str | None = None, *, migrate: bool = True) -> "Store":
        url = normalize_url(url) if url else default_url()
        try:
            if url.startswith("sqlite"):
                writer, reader = _sqlite_engines(url)
            else:
                writer = create_engine(url, pool_pre_ping=True)
                reader = writer
        except (SQLAlchemyError, ImportError) as exc:
            raise StoreError(f"cannot open database {_redact(url)}: {exc}") from None
        if writer.dialect.name not in ("sqlite", "postgresql"):
            raise StoreError(f"unsupported database '{writer.dialect.name}': use SQLite or PostgreSQL")
        store = cls(url, writer, reader)
        if migrate:
            store.migrate()
        return store

    def close(self) -> None:
        self._writer.dispose()
        if self._reader is not self._writer:
            self._reader.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def dialect(self) -> str:
        return self._writer.dialect.name

    def migrate(self) -> None:
        """Alembic ``upgrade head``, safe when several processes start at once."""
        from alembic import command
        from alembic.config import Config
        from alembic.script import ScriptDirectory

        cfg = Config()
        cfg.set_main_option("script_location", str(resources.files("hatescope.store") / "migrations"))
        heads = set(ScriptDirectory.from_config(cfg).get_revisions("heads"))
        known = {r.revision for r in ScriptDirectory.from_config(cfg).walk_revisions()}
        try:
            with self._writer.begin() as conn:
                if self.dialect == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
                current = self._current_revision(conn)
                if current is not None and current not in known:
                    raise SchemaTooNew(
                        f"database schema revision {current} is newer than this hatescope "
                        f"(knows up to {', '.join(h.revision for h in heads)}); upgrade hatescope"
                    )
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        except StoreError:
            raise
        except OperationalError as exc:
            raise StoreError(f"cannot use database {_redact(self.url)}: {describe(exc)}") from None
        except SQLAlchemyError as exc:
            raise StoreError(f"migration failed on {_redact(self.url)}: {describe(exc)}") from None

    @staticmethod
    def _current_revision(conn: Any) -> str | None:
        from alembic.migration import MigrationContext

        return MigrationContext.configure(conn).get_current_revision()

    def schema_revision(self) -> str | None:
        with self._reader.connect() as conn:
            return self._current_revision(conn)

    # -- sessions ------------------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[Session]:
        """One write transaction: committed on success, rolled back on any error."""
        try:
            with Session(self._writer, expire_on_commit=False) as session, session.begin():
                yield session
        except SQLAlchemyError as exc:
            # PostgreSQL deadlock / serialization failure: the whole transaction may simply be retried.
            retryable = getattr(getattr(exc, "orig", None), "sqlstate", None) in ("40P01", "40001")
            raise StoreError(f"database write failed: {describe(exc)}", retryable=retryable) from None

    @contextmanager
    def _read(self) -> Iterator[Session]:
        try:
            with Session(self._reader) as session, session.begin():
                yield session
        except SQLAlchemyError as exc:
            raise StoreError(f"database read failed: {describe(exc)}") from None

    # -- items ---------------------------------------------------------------------------------

    def get_item(self, item_id: int) -> ItemRecord:
        with self._read() as s:
            item = s.get(Item, int(item_id))
            if item is None:
                raise NotFound(f"no item with id {item_id}", item_id=item_id)
            return convert.item_record(s, item)

    def find_item(self, source: str, external_id: str) -> ItemRecord | None:
        with self._read() as s:
            item = s.scalars(select(Item).where(Item.source == source, Item.external_id == str(external_id))).first()
            return None if item is None else convert.item_record(s, item)

    def count_items(self) -> int:
        from sqlalchemy import func

        with self._read() as s:
            return int(s.scalar(select(func.count()).select_from(Item)) or 0)

    # -- audit ---------------------------------------------------------------------------------

    @staticmethod
    def _log(s: Session, event_name: str, *, item_id: int | None, actor: str, **details: Any) -> None:
        s.add(AuditRow(item_id=item_id, event=event_name, actor=actor, details=details, created_at=_now()))

    def audit(self, item_id: int | None = None, *, limit: int = 1000) -> list:
        with self._read() as s:
            q = select(AuditRow).order_by(AuditRow.id).limit(limit)
            if item_id is not None:
                if s.get(Item, int(item_id)) is None:
                    raise NotFound(f"no item with id {item_id}", item_id=item_id)
                q = q.where(AuditRow.item_id == int(item_id))
            return [convert.audit_event(r) for r in s.scalars(q)]


def _now() -> datetime:
    return datetime.now(timezone.utc)
