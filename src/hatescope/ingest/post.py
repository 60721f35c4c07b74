"""Stage 1: accept one text (a post, an article body, OCR output) and refuse what cannot be analysed."""

from __future__ import annotations

from hatescope.errors import EmptyInput, InputError, InputTooLarge, InvalidEncoding, MAX_TEXT_CHARS, UnknownKind
from hatescope.types import KINDS


def decode(data: bytes, *, source: str = "input") -> str:
    """Strict UTF-8 (a BOM is dropped); invalid bytes are an error, not silently replaced."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidEncoding(f"{source} is not valid UTF-8 (byte {exc.start})", position=exc.start) from None
    return text


def validate_text(text: object, *, max_chars: int = MAX_TEXT_CHARS) -> str:
    if isinstance(text, bytes):
        text = decode(text)
    if not isinstance(text, str):
        raise InputError(f"text must be a string, not {type(text).__name__}")
    if not text.strip():
        raise EmptyInput("text is empty")
    if len(text) > max_chars:
        raise InputTooLarge(f"text has {len(text):,} characters; the limit is {max_chars:,}", limit=max_chars)
    return text


def validate_kind(kind: object) -> str:
    if kind not in KINDS:
        raise UnknownKind(f"unknown kind {kind!r}; use one of: {', '.join(KINDS)}")
    return str(kind)
