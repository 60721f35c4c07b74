"""The roots of hatescope's error hierarchy: :class:`HatescopeError`, one class per family of codes (HS1xx input,
HS2xx config, HS3xx models, HS4xx store, HS5xx auth, HS6xx service) and HS001.

Import them from :mod:`hatescope.errors`, which holds the codes of each family and draws the hierarchy; this module
only keeps that one short enough to read.
"""

from __future__ import annotations

from typing import Any

#: The docs/ERRORS.md cell of an exit or HTTP status a code never has (CLI-only or API-only codes).
NOT_USED = "—"


class HatescopeError(Exception):
    code = "HS000"
    exit_code = 1
    http_status = 500
    meaning = "internal error (a bug: please report it)"

    def __init__(self, message: str, *, code: str | None = None, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.details = details

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.details:
            out["details"] = self.details
        return out


class Interrupted(HatescopeError):
    """Ctrl-C or an aborted prompt on the command line; the CLI prints it, nothing raises it."""

    code = "HS001"
    exit_code = 130
    meaning = "interrupted / aborted"
    http_shown = NOT_USED


class InputError(HatescopeError):
    code = "HS100"
    exit_code = 2
    http_status = 400
    meaning = "invalid input (wrong type...)"


class ConfigError(HatescopeError):
    code = "HS200"
    exit_code = 3
    meaning = "invalid engine config"
    http_shown = NOT_USED


class ModelError(HatescopeError):
    """The API answers every ModelError with 503 (api/errors.py): the server runs but cannot analyse."""

    code = "HS300"
    exit_code = 4
    meaning = "model artifact missing, corrupt (sha256 mismatch) or runtime unavailable"
    http_shown = "503"


class StoreError(HatescopeError):
    code = "HS400"
    exit_code = 5
    meaning = "database error"


class AuthError(HatescopeError):
    code = "HS500"
    exit_code = 6
    http_status = 401
    meaning = "missing or invalid API key"


class ServiceUnavailable(HatescopeError):
    """The server cannot answer this request now (HS6xx, HTTP 503/504): it is full or out of time."""

    code = "HS600"
    exit_code = 7
    http_status = 503
    meaning = "the server cannot answer now (overloaded or out of time)"
