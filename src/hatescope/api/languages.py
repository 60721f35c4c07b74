"""Languages of the Perspective-compatible endpoint: the language guess behind ``detectedLanguages`` (it lives
with the ingest stage) and the list of languages answered for by default.

That list is not written by hand: ``hatescope eval --suite languages`` measures every language against a
documented bar and writes the packaged report ``data/language_support.json`` (its ``supported`` list, the
``bar`` and the numbers behind both; docs/MULTILINGUAL.md shows them). The server reads it at startup.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hatescope.errors import ConfigError
from hatescope.ingest.language_guess import detect_language, primary_subtag

__all__ = ["SUPPORT_FILE", "detect_language", "load_language_support", "primary_subtag", "report_languages"]

SUPPORT_FILE = Path(__file__).resolve().parent.parent / "data" / "language_support.json"
#: The report schema this code reads; a newer one needs a newer hatescope.
SCHEMA = 1


def load_language_support(path: Path | None = None) -> dict[str, Any]:
    """The packaged per-language report; HS206 when it is missing, unreadable or of another schema."""
    path = path or SUPPORT_FILE
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"language support report {path} is missing or not JSON ({exc.__class__.__name__}); "
                          "regenerate it with `hatescope eval --suite languages`", code="HS206") from None
    schema = report.get("schema") if isinstance(report, dict) else None
    if schema != SCHEMA:
        raise ConfigError(f"language support report {path} has schema {schema!r}; this hatescope reads schema "
                          f"{SCHEMA}", code="HS206")
    supported = report.get("supported")
    if not isinstance(supported, list) or not all(isinstance(s, str) and s for s in supported):
        raise ConfigError(f"language support report {path}: `supported` must be a list of language tags", code="HS206")
    return report


def report_languages(path: Path | None = None) -> list[str]:
    """The languages that met the bar in the packaged report (BCP-47 primary subtags, sorted)."""
    return sorted({primary_subtag(s) for s in load_language_support(path)["supported"]})
