"""Stage 3: split the text into sentences and voices (author, quotes, embedded posts)."""

from __future__ import annotations

from hatescope.document import Document
from hatescope.segment.sentences import split_sentences
from hatescope.types import Segment


def segment(doc: Document) -> None:
    """Fill ``doc.sentences`` and ``doc.segments``; a post is one author segment."""
    doc.sentences = split_sentences(doc)
    doc.segments = [Segment(index=0, start=0, end=len(doc.original), text=doc.original, kind="author")]


__all__ = ["segment", "split_sentences"]
