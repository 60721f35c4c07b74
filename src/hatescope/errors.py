"""Every error hatescope raises on purpose, with a stable code.

The CLI prints ``error HS0xx: message`` and exits with the code's exit status; the HTTP API
returns ``{"error": {"code": "HS0xx", "message": ...}}`` with the code's HTTP status.
Codes never change meaning; new ones are appended. docs/ERRORS.md lists them.

    HatescopeError
    ├── InputError            bad input from a user (HS1xx, exit 2, HTTP 400/413/415/422)
    ├── ConfigError           bad policy / config / lexicon file (HS2xx, exit 3)
    ├── ModelError            model artifact missing or corrupt (HS3xx, exit 4)
    ├── StoreError            database problems (HS4xx, exit 5)
    └── AuthError             API keys, rate limits (HS5xx, HTTP 401/403/429)
"""

from __future__ import annotations

from typing import Any


class HatescopeError(Exception):
    code = "HS000"
    exit_code = 1
    http_status = 500

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


class InputError(HatescopeError):
    code = "HS100"
    exit_code = 2
    http_status = 400


class EmptyInput(InputError):
    code = "HS101"


class InvalidEncoding(InputError):
    code = "HS102"


class InputTooLarge(InputError):
    code = "HS103"
    http_status = 413


class UnknownKind(InputError):
    code = "HS104"
    http_status = 422


class MalformedRecord(InputError):
    code = "HS105"
    http_status = 422


class UnsupportedFormat(InputError):
    code = "HS106"
    http_status = 415


class InvalidImage(InputError):
    code = "HS107"
    http_status = 422


class ConfigError(HatescopeError):
    code = "HS200"
    exit_code = 3


class PolicyError(ConfigError):
    code = "HS201"


class LexiconError(ConfigError):
    code = "HS202"


class RegistryError(ConfigError):
    code = "HS203"


class ModelError(HatescopeError):
    code = "HS300"
    exit_code = 4


class OcrUnavailable(ModelError):
    """The Tesseract OCR engine (or a requested language's data) is not installed, or OCR failed."""

    code = "HS310"
    http_status = 503


class StoreError(HatescopeError):
    code = "HS400"
    exit_code = 5


class NotFound(StoreError):
    code = "HS404"
    http_status = 404


class Conflict(StoreError):
    """The same (source, external_id) is already stored with a different text."""

    code = "HS409"
    http_status = 409


class SchemaTooNew(StoreError):
    """The database was migrated by a newer hatescope."""

    code = "HS410"
    http_status = 500


class AuthError(HatescopeError):
    code = "HS500"
    exit_code = 6
    http_status = 401


class Forbidden(AuthError):
    code = "HS503"
    http_status = 403


class RateLimited(AuthError):
    code = "HS529"
    http_status = 429


#: Maximum characters of one text the engine accepts (documented in docs/ERRORS.md).
MAX_TEXT_CHARS = 1_000_000


class ServiceUnavailable(HatescopeError):
    """The server cannot answer this request now (HS6xx, HTTP 503/504): it is full or out of time."""

    code = "HS600"
    exit_code = 7
    http_status = 503


class AnalysisTimedOut(ServiceUnavailable):
    """The analysis did not finish within the server's per-request time budget (``serve --time-budget``)."""

    code = "HS601"
    http_status = 504


class ServerBusy(ServiceUnavailable):
    """Every analysis worker is busy and the waiting line is full; retry after ``Retry-After`` seconds."""

    code = "HS602"
    http_status = 503


class UnreadableInput(InputError):
    """A batch file is not what its extension says (a ``.parquet`` that is not Parquet) or cannot be read."""

    code = "HS113"
    http_status = 422


class WorkerDied(ServiceUnavailable):
    """A batch worker process died (killed, out of memory) on the same batch twice: the run stops, incomplete."""

    code = "HS610"
    http_status = 500
