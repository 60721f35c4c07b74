"""What may be ingested: a record checked and turned into an ``IngestInput`` before anything is analysed.

A missing id becomes ``sha256:<text hash>`` so identical texts from one source are one item; an id that is not
a string or a number, an over-long source or author, or text that is not valid Unicode is refused here, with
the record's place ("line 12", "record 3") in the message, never stored as something else.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import Any, Mapping

from hatescope.errors import InputError, MalformedRecord
from hatescope.ingest import validate_kind
from hatescope.ingest.post import check_unicode, record_id
from hatescope.store.records import IngestInput

MAX_SOURCE = 200
MAX_EXTERNAL_ID = 512
MAX_AUTHOR = 200


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def coerce_input(record: Any, *, source: str | None = None, line: int | None = None, where: str | None = None) -> IngestInput:
    """An ``IngestInput`` from a record or a dict (``external_id`` or ``id``; ``source`` may default).

    An id must be a string or a number (stored as text); an object, a list or a boolean is refused, never
    stored as a rendering of the value. ``where`` prefixes error messages ("line 12"; default "record N")."""
    where = f"{where}: " if where else f"record {line}: " if line is not None else ""
    try:
        inp = _input_of(record, source)
        if not isinstance(inp.text, str):
            raise MalformedRecord("missing or non-string 'text'")
        if not inp.source or not isinstance(inp.source, str) or len(inp.source) > MAX_SOURCE:
            raise MalformedRecord(f"'source' must be a non-empty string of at most {MAX_SOURCE} characters")
        if inp.author is not None and len(inp.author) > MAX_AUTHOR:
            raise MalformedRecord(f"'author' is longer than {MAX_AUTHOR} characters")
        if inp.external_id is not None and (not inp.external_id or len(inp.external_id) > MAX_EXTERNAL_ID):
            raise MalformedRecord(f"'external_id' must be 1..{MAX_EXTERNAL_ID} characters")
        # Nothing that is not valid Unicode reaches the database (it could not be stored, and would fail the batch).
        check_unicode(inp.source, what="'source'")
        if inp.author is not None:
            check_unicode(inp.author, what="'author'")
        validate_kind(inp.kind)
    except InputError as exc:
        raise type(exc)(f"{where}{exc.message}", code=exc.code, **exc.details) from None
    if inp.external_id is None:
        inp = replace(inp, external_id=f"sha256:{text_hash(inp.text)}")
    return inp


def _input_of(record: Any, source: str | None) -> IngestInput:
    if isinstance(record, IngestInput):
        ext = record.external_id
        return record if ext is None else replace(record, external_id=record_id(ext, field="external_id"))
    if not isinstance(record, Mapping):
        raise MalformedRecord("expected an object with 'text'")
    field = "external_id" if "external_id" in record else "id"
    ext = record.get(field)
    author = record.get("author")
    if author is not None and not isinstance(author, (str, int)):
        raise MalformedRecord("'author' must be a string")
    return IngestInput(
        source=record.get("source") or source or "",
        external_id=None if ext is None else record_id(ext, field=field),
        text=record.get("text"),  # type: ignore[arg-type]
        kind=record.get("kind") or "post",
        author=None if author is None else str(author),
    )
