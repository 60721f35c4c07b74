"""Stage 3: split the text into sentences and voices (author, quotes, reported speech, embedded posts).

``segment(doc)`` fills ``doc.segments`` (original offsets, innermost-last nesting through ``parent``)
and ``doc.sentences`` (each tagged with the innermost segment holding it). docs/CONTEXT.md describes
the quote, attribution and embedded-post formats.
"""

from __future__ import annotations

from dataclasses import replace

from hatescope.document import Document
from hatescope.segment.sentences import split_sentences
from hatescope.segment.voices import RawSegment, build_voices
from hatescope.types import Segment


def segment(doc: Document) -> None:
    """Fill ``doc.segments`` and ``doc.sentences``."""
    doc.segments = to_segments(doc.original, build_voices(doc.original, doc.kind))
    doc.sentences = [
        replace(s, segment=_innermost(doc.segments, s.start, s.end)) for s in split_sentences(doc)
    ]


def to_segments(text: str, raw: list[RawSegment]) -> list[Segment]:
    """Number the raw voices in reading order and link each to its innermost enclosing segment."""
    raw = sorted(raw, key=lambda r: (r.start, -r.end))
    segs: list[Segment] = []
    for i, r in enumerate(raw):
        parent = None
        for j in range(i - 1, -1, -1):
            o = segs[j]
            if o.start <= r.start and r.end <= o.end and (o.start, o.end) != (r.start, r.end) or (
                (o.start, o.end) == (r.start, r.end) and o.kind == "author"
            ):
                parent = j
                break
        segs.append(Segment(i, r.start, r.end, text[r.start : r.end], r.kind, r.speaker, r.stance, parent))
    return segs


def _innermost(segs: list[Segment], start: int, end: int) -> int | None:
    best = None
    for s in segs:
        if s.start <= start and end <= s.end and (best is None or s.end - s.start <= best.end - best.start):
            best = s
    if best is None:  # a sentence straddling voices: the segment holding its start
        for s in segs:
            if s.start <= start < s.end and (best is None or s.end - s.start <= best.end - best.start):
                best = s
    return best.index if best is not None else None


__all__ = ["segment", "split_sentences", "to_segments"]
