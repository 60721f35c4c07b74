"""Shared fixtures. Each area keeps its own in a module imported here (edit additively)."""

from tests.db_fixtures import db_url, pg_server, pg_url, store  # noqa: F401
from tests.output_guard import _watch_subprocess_output, pytest_configure, pytest_runtest_makereport  # noqa: F401
