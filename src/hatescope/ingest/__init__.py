"""Stage 1: accept posts, articles and images (via OCR) as text."""

from hatescope.ingest.post import decode, validate_kind, validate_text

__all__ = ["decode", "validate_kind", "validate_text"]
