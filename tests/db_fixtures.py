"""Database fixtures: the same store tests run on SQLite and on a real PostgreSQL server.

``db_url`` is parametrised over ``sqlite`` and ``postgres``. The PostgreSQL server is a throwaway
cluster started once per session by scripts/start-postgres.sh (each test gets a fresh database);
``$HATESCOPE_TEST_PG_URL`` points the tests at an existing server instead. Tests on PostgreSQL are
marked ``postgres`` and skip with the reason when the server cannot start.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
START_PG = ROOT / "scripts" / "start-postgres.sh"


@pytest.fixture(scope="session")
def pg_server():
    """URL of a running PostgreSQL server (maintenance database), or skip with the reason."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("PostgreSQL tests need psycopg: pip install 'hatescope[postgres]'")
    external = os.environ.get("HATESCOPE_TEST_PG_URL")
    if external:
        yield external
        return
    # Under /tmp, world-traversable: the server runs as user `postgres` when tests run as root.
    base = tempfile.mkdtemp(prefix="hatescope-pg-", dir="/tmp")
    os.chmod(base, 0o755)
    try:
        proc = subprocess.run([str(START_PG), f"{base}/pg"], capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip(f"PostgreSQL could not start: {exc}")
    if proc.returncode != 0:
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip(f"PostgreSQL could not start: {proc.stderr.strip() or proc.stdout.strip()}")
    try:
        yield proc.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run([str(START_PG), "--stop", f"{base}/pg"], capture_output=True, timeout=120)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture()
def pg_url(pg_server):
    """A fresh, empty database on the session's server, dropped afterwards."""
    from sqlalchemy import create_engine, text

    name = f"hs_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(pg_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield pg_server.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    """A database URL for an empty database: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'hatescope.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture()
def store(db_url):
    from hatescope.store import Store

    st = Store.open(db_url)
    yield st
    st.close()
