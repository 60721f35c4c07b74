"""The guard every request passes: body limits, UTF-8, request ids, access log, metrics, no tracebacks.

A pure ASGI middleware (not BaseHTTPMiddleware) so the body can be read once, bounded, checked
and replayed to FastAPI, and so a crash anywhere below still becomes a JSON 500 with a code.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from typing import Any, Awaitable, Callable

from hatescope.api.errors import error_response, internal_error_response
from hatescope.api.logs import request_id as current_request_id
from hatescope.errors import InputTooLarge, InvalidEncoding

access_log = logging.getLogger("hatescope.api.access")

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

_BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
#: An id a proxy or client already gave the request is kept (so one id follows it through every log), if it is sane.
_CLIENT_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
#: With --log-text, the access line carries the body up to this many characters.
_LOGGED_BODY_CHARS = 10_000


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return value.decode("latin-1")
    return None


class RequestGuard:
    def __init__(self, app: Any, *, services: Any) -> None:
        self.app = app
        self.services = services

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        given = _header(scope, b"x-request-id")
        request_id = given if given and _CLIENT_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex[:16]
        current_request_id.set(request_id)  # every log line of this request (uvicorn's too) carries it
        state = scope.setdefault("state", {})
        state["request_id"] = request_id
        path = scope.get("path", "")
        status = [0]
        body_size = 0
        body = b""
        metrics = self.services.metrics
        metrics.in_flight.inc()

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + [(b"x-request-id", request_id.encode())]
            await send(message)

        try:
            if scope.get("method") in _BODY_METHODS:
                refused, body = await self._read_body(scope, receive)
                if refused is not None:
                    await refused(scope, receive, send_with_id)
                    return
                body_size = len(body)
                receive = _replay(body, receive)
            await self.app(scope, receive, send_with_id)
        except Exception as exc:  # noqa: BLE001 - the client gets a code, the log gets the traceback
            if status[0]:
                raise  # the response had started; nothing we can send now
            await internal_error_response(path, exc)(scope, receive, send_with_id)
        finally:
            metrics.in_flight.dec()
            elapsed = time.perf_counter() - started
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            metrics.observe(route=template, method=scope.get("method", ""), status=status[0] or 500, seconds=elapsed)
            if self.services.config.access_log:
                self._log(scope, template, status[0] or 500, elapsed, body_size, body)

    async def _read_body(self, scope: Scope, receive: Receive) -> tuple[Any, bytes]:
        """Read the whole body up to the limit; (an error response, b"") when it is refused."""
        path = scope.get("path", "")
        config = self.services.config
        ctype = (_header(scope, b"content-type") or "").lower()
        limit = config.max_image_bytes if ctype.startswith("multipart/") else config.max_body_bytes
        too_large = error_response(
            path, InputTooLarge.http_status, InputTooLarge.code, f"request body is larger than the limit of {limit:,} bytes",
            details={"limit_bytes": limit}, perspective_error_type="COMMENT_TOO_LONG",
        )
        declared = _header(scope, b"content-length")
        if declared is not None and declared.strip().isdigit() and int(declared) > limit:
            return too_large, b""
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                return too_large, b""
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        if body and ("json" in ctype or not ctype):
            try:
                body.decode("utf-8")
            except UnicodeDecodeError as exc:
                return error_response(
                    path, InvalidEncoding.http_status, InvalidEncoding.code, f"request body is not valid UTF-8 (byte {exc.start})", details={"position": exc.start}
                ), b""
            if _SURROGATE_ESCAPE.search(body) and _has_lone_surrogate(body):
                return error_response(
                    path, InvalidEncoding.http_status, InvalidEncoding.code,
                    "request body has an unpaired UTF-16 surrogate escape (\\uD800-\\uDFFF); text must be valid Unicode",
                ), b""
        return None, body

    def _log(self, scope: Scope, route: str, status: int, elapsed: float, body_size: int, body: bytes) -> None:
        # Never the query string (it may hold ?key=) or the key itself: only facts about the request; its
        # text only when the operator asked for it (--log-text).
        state = scope.get("state", {})
        principal = state.get("principal")
        record = {
            "event": "request",
            "request_id": state.get("request_id"),
            "method": scope.get("method"),
            "route": route,
            "status": status,
            "duration_ms": round(elapsed * 1000, 2),
            "body_bytes": body_size,
            "client": getattr(principal, "id", None),
            "do_not_store": bool(state.get("do_not_store", False)),
        }
        if self.services.config.log_text and body and "multipart" not in (_header(scope, b"content-type") or ""):
            record["body"] = body[: _LOGGED_BODY_CHARS * 4].decode("utf-8", "replace")[:_LOGGED_BODY_CHARS]
        access_log.info(json.dumps(record, separators=(",", ":")), extra={"fields": record})


# JSON may spell a lone surrogate as an escape (valid UTF-8 bytes, invalid Unicode text): no store can keep it.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def _has_lone_surrogate(body: bytes) -> bool:
    """True when the JSON decodes to a string (or key) that is not encodable Unicode."""
    try:
        data = json.loads(body)
    except Exception:  # noqa: BLE001 - not JSON (or absurdly nested): FastAPI reports that itself
        return False
    stack = [data]
    while stack:  # iterative: nesting depth must not become recursion depth
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _replay(body: bytes, original: Receive) -> Receive:
    """Hand the buffered body to the app once, then pass through (so a real disconnect is still seen)."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await original()

    return receive
