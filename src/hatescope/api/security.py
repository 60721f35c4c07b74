"""API keys and per-key rate limits.

Keys are created by ``hatescope keys create`` and stored hashed (SHA-256) by the Store; the
plaintext is shown once. A request carries its key the way its client expects:

* Perspective clients: header ``x-goog-api-key: KEY`` or query ``?key=KEY``;
* native clients: header ``Authorization: Bearer KEY``.

Each key has ``rate_limit_per_min``; a token bucket holding one minute's worth of requests
refills continuously, and an empty bucket answers 429 with ``Retry-After`` (whole seconds).
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.security import APIKeyHeader, APIKeyQuery, HTTPBearer
from starlette.concurrency import run_in_threadpool

from hatescope.errors import AuthError, InvalidKey, RateLimited

# Declared for the OpenAPI document (auto_error=False: we answer missing keys ourselves, in our shape).
goog_key_header = APIKeyHeader(name="x-goog-api-key", auto_error=False, scheme_name="GoogApiKey")
key_query = APIKeyQuery(name="key", auto_error=False, scheme_name="KeyQuery")
bearer = HTTPBearer(auto_error=False, scheme_name="Bearer")


@dataclass(frozen=True)
class Principal:
    """Who is calling: an API key (``key_id``) or, without auth, the client address."""

    id: str
    name: str
    rate_limit_per_min: int
    authenticated: bool


def key_from_request(request: Request) -> str | None:
    """The API key in whichever place the client put it; ``None`` when there is none."""
    header = request.headers.get("x-goog-api-key")
    if header:
        return header.strip()
    auth = request.headers.get("authorization", "")
    scheme, _, token = auth.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    query = request.query_params.get("key")
    return query.strip() if query else None


def _digest(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode("utf-8", "surrogatepass")).hexdigest()


class KeyVerifier:
    """Verifies keys against the Store, remembering good answers for ``cache_seconds``."""

    def __init__(self, store: Any, *, cache_seconds: float) -> None:
        self._store = store
        self._cache_seconds = cache_seconds
        self._cache: dict[str, tuple[float, Principal]] = {}
        self._lock = threading.Lock()

    def cached(self, plaintext: str) -> Principal | None:
        """The principal for a key verified less than ``cache_seconds`` ago (no database call)."""
        with self._lock:
            hit = self._cache.get(_digest(plaintext))
        if hit is not None and time.monotonic() - hit[0] < self._cache_seconds:
            return hit[1]
        return None

    def verify(self, plaintext: str) -> Principal:
        hit = self.cached(plaintext)
        if hit is not None:
            return hit
        digest = _digest(plaintext)
        now = time.monotonic()
        key = self._store.verify_api_key(plaintext) if len(plaintext) <= 256 else None
        if key is None or not key.active:
            with self._lock:
                self._cache.pop(digest, None)
            raise InvalidKey("API key not valid; create one with `hatescope keys create`")
        principal = Principal(id=key.key_id, name=key.name, rate_limit_per_min=int(key.rate_limit_per_min), authenticated=True)
        if self._cache_seconds > 0:
            with self._lock:
                if len(self._cache) > 10_000:  # bounded: a flood of distinct valid keys cannot grow memory
                    self._cache.clear()
                self._cache[digest] = (now, principal)
        return principal


class RateLimiter:
    """Token buckets keyed by principal id; capacity = one minute of requests."""

    def __init__(self) -> None:
        self._buckets: dict[str, tuple[float, float]] = {}  # id -> (tokens, last refill time)
        self._lock = threading.Lock()

    def check(self, principal: Principal) -> None:
        rate = max(1, principal.rate_limit_per_min)
        per_second = rate / 60.0
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(principal.id, (float(rate), now))
            tokens = min(float(rate), tokens + (now - last) * per_second)
            if tokens < 1.0:
                self._buckets[principal.id] = (tokens, now)
                wait = max(1, math.ceil((1.0 - tokens) / per_second))
                raise RateLimited(
                    f"rate limit of {rate} requests per minute exceeded; retry in {wait} s",
                    retry_after=wait,
                    limit_per_min=rate,
                )
            self._buckets[principal.id] = (tokens - 1.0, now)
            if len(self._buckets) > 100_000:  # many client addresses: forget buckets idle for a minute (they are full again)
                self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < 60.0}


async def authenticate(request: Request) -> Principal:
    """FastAPI dependency: who is calling, after checking their key and their rate limit.

    Async so the common case (a recently verified key) costs no thread hop; only a cache miss
    goes to the database, in the thread pool."""
    services = request.app.state.services
    host = request.client.host if request.client else "local"
    anonymous = Principal(
        id=f"anonymous:{host}", name="anonymous",
        rate_limit_per_min=services.config.anonymous_rate_limit_per_min, authenticated=False,
    )
    if services.config.auth:
        try:
            plaintext = key_from_request(request)
            if not plaintext:
                raise AuthError(
                    "missing API key: send `x-goog-api-key: KEY`, `?key=KEY` or `Authorization: Bearer KEY`",
                )
            principal = services.keys.cached(plaintext) or await run_in_threadpool(services.keys.verify, plaintext)
        except AuthError:
            services.limiter.check(anonymous)  # guessing keys from one address is rate limited too (429 before 401)
            raise
    else:
        principal = anonymous
    services.limiter.check(principal)
    request.state.principal = principal
    return principal


def auth_dependencies() -> list[Any]:
    """Dependencies that make the three key locations appear in the OpenAPI document."""
    from fastapi import Security

    return [Security(goog_key_header), Security(key_query), Security(bearer)]
