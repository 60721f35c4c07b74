"""Property-based fuzzing of every operation in the published OpenAPI document (in-process, ASGI).

Schemathesis generates valid and invalid requests from the schema; the API must never answer 5xx,
and every answer must match the documented status codes, content types and response schemas.
Bounded (a few examples per operation) so the whole module runs well under a minute.
"""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from hatescope.api import ApiConfig, create_app  # noqa: E402
from tests.fakes import fake_engine  # noqa: E402
from tests.test_api_helpers import WORDS  # noqa: E402

MAX_EXAMPLES = 20
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _build_app():
    import tempfile

    from hatescope.store import Store

    # Module-level on purpose: schemathesis' lazy fixture loader does not work with pytest 9.
    tmp = tempfile.mkdtemp(prefix="hatescope-fuzz-")
    db = Store.open(f"sqlite:///{tmp}/fuzz.db")
    engine = fake_engine(WORDS)
    app = create_app(ApiConfig(auth=False, anonymous_rate_limit_per_min=1_000_000, access_log=False), engine=engine, store=db)
    # A few stored items so the item/review/audit operations reach the store, not only 404.
    for text in ("they are pests", "lovely day", "burn them"):
        db.ingest(source="fuzz", external_id=None, text=text, analysis=engine.analyze(text))
    return app


schema = schemathesis.openapi.from_asgi("/openapi.json", _build_app())


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_server_errors_and_responses_match_the_schema(case):
    case.call_and_validate(checks=CHECKS)
