"""The Alembic migrations and the SQLAlchemy models describe the same schema."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from hatescope.store import Store
from hatescope.store.models import Base


def test_models_match_the_migrated_schema(db_url):
    Store.open(db_url).close()
    eng = create_engine(db_url)
    try:
        with eng.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(ctx, Base.metadata)
    finally:
        eng.dispose()
    assert diff == []


def test_downgrade_and_upgrade_round_trip(tmp_path):
    from importlib import resources

    from alembic import command
    from alembic.config import Config

    url = f"sqlite:///{tmp_path / 'm.db'}"
    Store.open(url).close()
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("hatescope.store") / "migrations"))
    eng = create_engine(url)
    with eng.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    eng.dispose()
    with Store.open(url) as st:
        assert st.schema_revision() == "0001" and st.count_items() == 0
