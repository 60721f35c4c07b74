"""hatescope: explainable, context-aware detection of hateful rhetoric."""

from hatescope.errors import HatescopeError
from hatescope.types import Analysis, Finding, Segment

__version__ = "0.11.0"


def analyze(text: str, *, kind: str = "post", policy: object | None = None) -> Analysis:
    """Analyse one text with the default engine (loaded once, lazily)."""
    from hatescope.engine import default_engine

    return default_engine().analyze(text, kind=kind, policy=policy)


__all__ = ["Analysis", "Finding", "HatescopeError", "Segment", "analyze", "__version__"]
