"""Stage 1: accept one text (a post, an article body, OCR output) and refuse what cannot be analysed."""

from __future__ import annotations

import math
import re

from hatescope.errors import EmptyInput, InputError, InputTooLarge, InvalidEncoding, MAX_TEXT_CHARS, MalformedRecord, UnknownKind
from hatescope.types import KINDS

_SURROGATE = re.compile("[\ud800-\udfff]")

#: Longest record id accepted from a batch file (the store keeps at most 512 characters).
MAX_ID_CHARS = 512


def decode(data: bytes, *, source: str = "input") -> str:
    """Strict UTF-8 (a BOM is dropped); invalid bytes are an error, not silently replaced."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidEncoding(f"{source} is not valid UTF-8 (byte {exc.start})", position=exc.start) from None
    return text


def check_unicode(text: str, *, what: str = "text") -> str:
    """``text`` unchanged if it is valid Unicode. A lone surrogate (JSON ``"\\ud800"``, a Python string built
    from bad bytes with ``surrogateescape``) has no UTF-8 form: nothing downstream (tokenizers, databases,
    output files) can take it, so it is refused here, at the boundary, with its position."""
    if text.isascii():  # the common case, and the cheapest test
        return text
    found = _SURROGATE.search(text)
    if found is not None:
        raise InvalidEncoding(
            f"{what} is not valid Unicode: lone surrogate U+{ord(found.group()):04X} at character {found.start()}",
            position=found.start(),
        )
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
    return check_unicode(text)


def validate_kind(kind: object) -> str:
    if kind not in KINDS:
        raise UnknownKind(f"unknown kind {kind!r}; use one of: {', '.join(KINDS)}")
    return str(kind)


def record_id(value: object, *, field: str = "id") -> str:
    """A batch record's id as the string every output and the store keep.

    A string (non-empty, valid Unicode, at most MAX_ID_CHARS) or a number (an integer, or a finite float
    written as JSON writes it) is accepted; anything else — an object, a list, true/false, null, an empty
    string — is a bad record, never stored as some language's rendering of the value."""
    if isinstance(value, bool) or value is None:
        raise MalformedRecord(f"'{field}' must be a string or a number, not {'null' if value is None else 'a boolean'}")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise MalformedRecord(f"'{field}' must be a finite number, not {value}")
        return repr(value)
    if not isinstance(value, str):
        kind = "an object" if isinstance(value, dict) else "a list" if isinstance(value, (list, tuple)) else type(value).__name__
        raise MalformedRecord(f"'{field}' must be a string or a number, not {kind}")
    if not value.strip():
        raise MalformedRecord(f"'{field}' is empty")
    if len(value) > MAX_ID_CHARS:
        raise MalformedRecord(f"'{field}' is longer than {MAX_ID_CHARS} characters")
    return check_unicode(value, what=f"'{field}'")
