"""HTTP API: a Perspective-compatible endpoint and the native API (docs/API.md)."""

from hatescope.api.app import create_app
from hatescope.api.config import ApiConfig

__all__ = ["ApiConfig", "create_app"]
