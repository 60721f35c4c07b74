"""HTTP API: a Perspective-compatible endpoint and the native API (docs/API.md)."""

from typing import Any

from hatescope.api.config import ApiConfig

__all__ = ["ApiConfig", "create_app"]


def __getattr__(name: str) -> Any:
    """``create_app`` is imported when first asked for: every command reads ``ApiConfig`` (through
    hatescope.settings), and FastAPI's import (~0.7 s) would delay ``hatescope score`` and the rest."""
    if name == "create_app":
        from hatescope.api.app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
