"""The language guess Perspective's ``detectedLanguages`` reports (it lives with the ingest stage)."""

from hatescope.ingest.language_guess import detect_language, primary_subtag

__all__ = ["detect_language", "primary_subtag"]
