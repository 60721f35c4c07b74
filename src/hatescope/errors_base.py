"""The behaviour every hatescope error shares (message, details, ``str``, ``to_dict``), without any code.

The codes, the root :class:`~hatescope.errors.HatescopeError` and every family are defined in :mod:`hatescope.errors`
only; this module keeps that one short enough to read.

``exit_shown`` / ``http_shown`` set, for docs/ERRORS.md only, a cell that is not simply the number (inherited like any
class attribute): ``NOT_USED`` ("—") where the code never reaches the CLI or the API, or a qualified value.
"""

from __future__ import annotations

from typing import Any

#: Maximum characters of one text the engine accepts (documented in docs/ERRORS.md).
MAX_TEXT_CHARS = 1_000_000

#: The docs/ERRORS.md cell of an exit or HTTP status a code never has (CLI-only or API-only codes).
NOT_USED = "—"


class ErrorBehaviour(Exception):
    """Message, details and their JSON form; :class:`hatescope.errors.HatescopeError` adds the code and statuses."""

    code: str

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
