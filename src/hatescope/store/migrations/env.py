"""Alembic environment for hatescope's store.

The Store passes an open connection in ``config.attributes["connection"]`` (so migrations run in
the caller's transaction and under its lock); ``alembic -x url=...`` works for manual use too.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from hatescope.store.models import Base

target_metadata = Base.metadata


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = context.get_x_argument(as_dictionary=True).get("url") or context.config.get_main_option("sqlalchemy.url")
    engine = create_engine(url)
    with engine.begin() as conn:
        _run(conn)
