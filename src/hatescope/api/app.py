"""``create_app(config)``: the FastAPI application behind ``hatescope serve``.

Layers, outermost first: RequestGuard (body limits, UTF-8, request id, access log, metrics,
JSON 500s) → CORS (only when origins are configured) → FastAPI's exception handlers (coded
JSON errors) → the routes in ``routes.py``. Auth and rate limits are a route dependency.
Texts are analysed off the event loop within a time budget: short ones by a few batching threads,
long ones by worker processes of their own (``lanes.py``), so one expensive text cannot stall the rest.
"""

from __future__ import annotations

import hashlib
import logging
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, AsyncIterator

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

import hatescope
from hatescope.api.config import ApiConfig
from hatescope.api.errors import install_exception_handlers
from hatescope.api.lanes import AnalysisLanes
from hatescope.api.metrics import ApiMetrics
from hatescope.api.middleware import RequestGuard
from hatescope.api.moderations import router as moderations_router
from hatescope.api.routes import router
from hatescope.api.security import KeyVerifier, RateLimiter
from hatescope.errors import KeysNeedStore

log = logging.getLogger("hatescope.api")

_DESCRIPTION = """\
Explainable, context-aware detection of hateful rhetoric.

* `POST /v1alpha1/comments:analyze` answers Perspective API clients unchanged.
* `/v1/...` is the native API: full analyses with findings, stance and reasons, and the review queue.

Keys: `x-goog-api-key` header or `?key=` (Perspective clients), `Authorization: Bearer` (native).
Errors are JSON with a stable hatescope code (`HS1xx` input, `HS4xx` store, `HS5xx` auth); see docs/API.md.
"""


@dataclass
class Services:
    """What the routes share: set once in create_app, read through ``request.app.state.services``."""

    config: ApiConfig
    engine: Any
    store: Any
    keys: KeyVerifier | None
    limiter: RateLimiter
    metrics: ApiMetrics
    workers: AnalysisLanes


def _warm_up(engine: Any) -> None:
    """Analyse one short text, so that what loads lazily (word lists, model sessions) is not the first request's wait."""
    try:
        engine.analyze("A short text that loads what the first request would otherwise wait for.", kind="post")
    except Exception:  # noqa: BLE001 - a broken engine is reported, with its code, by the first request instead
        log.warning("warm-up analysis failed; requests will report the engine's error")


def _session_secret(config: ApiConfig) -> bytes | None:
    """The review page's cookie key from the configured secret (as ``$HATESCOPE_WEB_SECRET`` always derived it)."""
    if config.web_secret is None or not config.web_secret.get_secret_value():
        return None  # the page falls back to $HATESCOPE_WEB_SECRET, else a random key per process
    return hashlib.sha256(config.web_secret.get_secret_value().encode("utf-8")).digest()


def create_app(config: ApiConfig | None = None, *, engine: Any = None, store: Any = None) -> FastAPI:
    """Build the app. ``engine`` defaults to the default engine; ``store`` to ``Store.open(config.db_url)``
    when a URL is given. Key auth needs a store (keys live there)."""
    config = config or ApiConfig()
    if engine is None:
        from hatescope.engine import default_engine

        engine = default_engine()
    if store is None and config.db_url:
        from hatescope.store import Store

        store = Store.open(config.db_url)
    if config.auth and store is None:
        raise KeysNeedStore("API keys live in the store: give a database URL, or run without auth (--no-auth)")
    services = Services(
        config=config,
        engine=engine,
        store=store,
        keys=KeyVerifier(store, cache_seconds=config.key_cache_seconds) if config.auth else None,
        limiter=RateLimiter(),
        metrics=ApiMetrics(),
        workers=AnalysisLanes(engine, config),
    )
    services.metrics.watch_queue(services.workers.depth)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Load models before the first request, so its latency is not the model's load time.
        await run_in_threadpool(engine.load)
        await run_in_threadpool(_warm_up, engine)
        try:
            yield
        finally:
            services.workers.close()  # the long-text worker processes end with the server

    app = FastAPI(
        title="hatescope",
        version=hatescope.__version__,
        description=_DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.services = services
    install_exception_handlers(app)
    app.include_router(router)
    app.include_router(moderations_router)  # OpenAI-compatible POST /v1/moderations
    from hatescope.web import mount as mount_review_page  # the reviewer's web page under /review (docs/WEB.md)
    mount_review_page(app, secret=_session_secret(config))
    if config.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware,
            allow_origins=config.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["authorization", "content-type", "x-goog-api-key"],
        )
    app.add_middleware(RequestGuard, services=services)
    return app
