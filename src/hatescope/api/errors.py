"""Every error the API returns, as JSON with a hatescope code; never a stack trace.

Native endpoints answer ``{"error": {"code": "HS1xx", "message": ...}}``. The Perspective-compatible
endpoint answers in Google's shape, ``{"error": {"code": 400, "message": ..., "status":
"INVALID_ARGUMENT", "details": [{"@type": ".../google.rpc.ErrorInfo", "reason": "HS1xx", ...}]}}``,
so existing Perspective clients parse it unchanged; the hatescope code rides in ``details``.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse

from hatescope.errors import (
    Conflict, HatescopeError, InputError, InputTooLarge, MalformedRecord, MethodNotAccepted, ModelError,
    NotFound, StoreError, UnsupportedFormat,
)

log = logging.getLogger("hatescope.api")

PERSPECTIVE_PREFIX = "/v1alpha1/"
OPENAI_MODERATIONS_PATH = "/v1/moderations"

#: google.rpc.Code names for the HTTP statuses we return.
_GOOGLE_STATUS = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    405: "UNIMPLEMENTED",
    413: "INVALID_ARGUMENT",
    415: "INVALID_ARGUMENT",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    501: "UNIMPLEMENTED",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}

#: Store codes that are the client's doing, not the server's (the Store raises them as plain StoreError).
_STORE_STATUS = {NotFound.code: NotFound.http_status, Conflict.code: Conflict.http_status}

#: Codes of the HTTP errors Starlette answers by itself (no route, a method or media type the route refuses).
_HTTP_CODES = {404: NotFound.code, 405: MethodNotAccepted.code, 406: MethodNotAccepted.code,
               413: InputTooLarge.code, 415: UnsupportedFormat.code}


class StoreUnavailable(StoreError):
    """The server was started without a database, so store-backed endpoints cannot answer (HS400)."""

    http_status = 503


class MalformedRequest(MalformedRecord):
    """The body is not JSON, or not the JSON the endpoint documents (HS105)."""

    http_status = 422

    def __init__(self, message: str, *, http_status: int = 422, **details: Any) -> None:
        super().__init__(message, **details)
        self.http_status = http_status  # 400 when the body is not JSON at all, 422 when it is the wrong JSON


class ImageUnsupported(UnsupportedFormat):
    """An upload that is not an image format hatescope reads (HS106)."""


def error_response(
    path: str,
    status: int,
    code: str,
    message: str,
    *,
    details: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
    perspective_error_type: str | None = None,
) -> JSONResponse:
    if path.rstrip("/") == OPENAI_MODERATIONS_PATH:  # OpenAI's error shape, for OpenAI's SDKs
        from hatescope.api.moderation_map import openai_error_response

        return openai_error_response(status, code, message, details=details, headers=headers)
    if path.startswith(PERSPECTIVE_PREFIX):
        status = 400 if status == 422 else status  # Google APIs never answer 422
        info: dict[str, Any] = {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": code, "domain": "hatescope"}
        if perspective_error_type:
            info["metadata"] = {"errorType": perspective_error_type}
        body: dict[str, Any] = {
            "error": {"code": status, "message": message, "status": _GOOGLE_STATUS.get(status, "UNKNOWN"), "details": [info]}
        }
    else:
        err: dict[str, Any] = {"code": code, "message": message}
        if details:
            err["details"] = details
        body = {"error": err}
    return JSONResponse(body, status_code=status, headers=headers)


def hatescope_error_response(path: str, exc: HatescopeError) -> JSONResponse:
    headers = None
    retry = exc.details.get("retry_after") if exc.details else None
    if retry is not None:
        headers = {"Retry-After": str(int(retry))}
    details = {k: v for k, v in (exc.details or {}).items() if _json_safe(v)}
    status = exc.http_status
    if isinstance(exc, StoreError) and exc.code in _STORE_STATUS:
        status = _STORE_STATUS[exc.code]
    elif isinstance(exc, ModelError):
        status = 503  # the server runs but cannot analyse: a deployment problem, retry elsewhere
    return error_response(
        path, status, exc.code, exc.message, details=details or None, headers=headers,
        perspective_error_type=details.get("perspective_error_type"),
    )


def _json_safe(value: Any) -> bool:
    return isinstance(value, (str, int, float, bool, type(None), list, dict))


def _validation_message(exc: RequestValidationError) -> tuple[str, str]:
    """(code, message) for a body FastAPI could not parse or validate; never echoes the input."""
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return MalformedRecord.code, "request body is not valid JSON"
    parts = []
    for e in errors[:5]:
        where = ".".join(str(p) for p in e.get("loc", ()) if p != "body") or "body"
        parts.append(f"{where}: {e.get('msg', 'invalid')}")
    return MalformedRecord.code, "invalid request: " + "; ".join(parts)


def install_exception_handlers(app: FastAPI) -> None:
    @app.exception_handler(HatescopeError)
    async def _hatescope(request: Request, exc: HatescopeError) -> JSONResponse:
        return hatescope_error_response(request.url.path, exc)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        code, message = _validation_message(exc)
        status = 400 if message.startswith("request body is not valid JSON") else 422
        return error_response(request.url.path, status, code, message)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        status = exc.status_code
        code = _HTTP_CODES.get(status, InputError.code if status < 500 else HatescopeError.code)
        message = exc.detail if isinstance(exc.detail, str) else "request refused"
        if status == 400 and "parsing the body" in message:
            code, message = MalformedRecord.code, "request body could not be parsed"
        return error_response(request.url.path, status, code, message, headers=getattr(exc, "headers", None))


def internal_error_response(path: str, exc: BaseException) -> JSONResponse:
    """The answer to a bug: a code and a line, the traceback only in the server log (no message: it may hold text)."""
    frames = "Traceback (most recent call last):\n" + "".join(traceback.format_tb(exc.__traceback__)) + type(exc).__name__
    # The frames are a field of their own (a JSON log keeps them apart); the message goes out only with --log-text.
    log.error("internal error %s", type(exc).__name__, extra={"traceback": frames, "exc_message": str(exc)})
    return error_response(path, HatescopeError.http_status, HatescopeError.code, "internal error")
