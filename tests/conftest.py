"""Shared fixtures. Each area keeps its own in a module imported here (edit additively)."""

from tests.db_fixtures import db_url, pg_server, pg_url, store  # noqa: F401
from tests.output_guard import _watch_subprocess_output, pytest_configure, pytest_runtest_makereport  # noqa: F401

# The language identifier's decompressed model is cached per user (hatescope.ingest.language_model); the tests turn
# the cache off (tests/test_ingest_language_model.py sets its own folder), so a run writes nothing to ~/.cache.
import os as _os  # noqa: E402

_os.environ.setdefault("HATESCOPE_CACHE_DIR", "")
