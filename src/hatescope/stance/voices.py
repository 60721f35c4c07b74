"""Where a finding's words are, for the stance rules: which voice (segment) holds them, the sentence
around them and the one after it, all in normalised offsets with per-document caches."""

from __future__ import annotations

import bisect

from hatescope.document import Document
from hatescope.stance.index import boundaries
from hatescope.types import Segment

#: How far the words around a finding are read for cues, either side (characters): a sentence is
#: rarely longer, and a run-on text with no sentence end then costs the same per finding as prose.
REACH = 400

def norm(doc: Document, start: int, end: int) -> tuple[int, int]:
    return doc.norm.to_normalized(start, end)


_INDEX_KEY = "hatescope.stance.segment_index"


def segment_index(doc: Document) -> tuple[list[int], list[int]]:
    """Segment starts in original and normalised offsets (segments are sorted by start), cached per document."""
    cached = doc.memos.get(_INDEX_KEY)
    if cached is None or len(cached[0]) != len(doc.segments):
        starts = [s.start for s in doc.segments]
        cached = (starts, [norm(doc, s.start, s.end)[0] for s in doc.segments])
        doc.memos[_INDEX_KEY] = cached
    return cached


def _overlapping(doc: Document, start: int, end: int) -> list[Segment]:
    """Segments overlapping [start, end): those starting inside it, and those enclosing its start."""
    starts, _ = segment_index(doc)
    lo, hi = bisect.bisect_left(starts, start), bisect.bisect_left(starts, max(end, start + 1))
    found = {s.index: s for s in doc.segments[lo:hi]}
    i = lo - 1  # the last segment starting before ``start``; enclosing ones are it or its ancestors
    while i >= 0:
        s = doc.segments[i]
        if s.end > start:
            found[s.index] = s
        i = s.parent if s.parent is not None else -1
    return [found[k] for k in sorted(found)]


def _innermost_holding(doc: Document, start: int, end: int) -> Segment | None:
    best = None
    for s in _overlapping(doc, start, end):
        if s.start <= start and end <= s.end and (best is None or s.end - s.start <= best.end - best.start):
            best = s
    return best


def voice(doc: Document, start: int, end: int) -> Segment | None:
    """Innermost segment holding [start, end); a span straddling voices goes to the one holding most of it."""
    candidates = _overlapping(doc, start, end)
    seg = _innermost_holding(doc, start, end)
    best, best_share = seg, 0.5
    for s in candidates:
        if s.kind == "author" or (seg is not None and s.index == seg.index):
            continue
        overlap = min(end, s.end) - max(start, s.start)
        share = overlap / max(1, end - start)
        if overlap > 0 and share > best_share:
            best, best_share = s, share
    return best



def context(doc: Document, ns: int, ne: int, seg: Segment | None) -> tuple[int, int]:
    """Normalised bounds of the sentence around [ns, ne), clipped to the segment."""
    lo, hi = sentence_bounds(doc, ns, ne)
    if seg is not None:
        s_lo, s_hi = norm(doc, seg.start, seg.end)
        lo, hi = max(lo, s_lo), min(hi, s_hi)
    return min(max(lo, ns - REACH), ns), max(min(hi, ne + REACH), ne)


def sentence_bounds(doc: Document, ns: int, ne: int) -> tuple[int, int]:
    """Normalised bounds of the sentence(s) covering [ns, ne)."""
    between = boundaries(doc)
    starts, ends, visible = between.stops, between.ends, between.visible
    i = bisect.bisect_right(ends, ns) - 1  # the last boundary that ends at or before ns
    lo = ends[i] if i >= 0 else 0
    j = bisect.bisect_left(starts, ne)  # the first boundary from ne on
    hi = visible[j] if j < len(starts) else len(doc.text)
    return lo, hi


def next_sentence(doc: Document, pos: int) -> str:
    """The sentence after the one holding ``pos`` (``doc.sentences``), within the same paragraph ("" when there is
    none), up to its first final mark; at most ``REACH`` characters of it."""
    between = boundaries(doc)
    k = bisect.bisect_left(between.last_mark, pos)  # the first sentence end written at or after pos
    if k == len(between.stops) or between.paragraph[k]:
        return ""  # no next sentence, or a new paragraph: another voice, usually
    start = between.ends[k]
    if k + 1 == len(between.stops):
        return doc.text[start : start + REACH]
    nxt = between.stops[k + 1]
    return doc.text[start : min(nxt + 1, start + REACH)]


def following_spans(doc: Document, pos: int, n: int) -> list[tuple[int, int]]:
    """Normalised bounds of up to ``n`` sentences after the one holding ``pos``, within the same paragraph, each up to
    its first final mark (``next_sentence`` for each in turn)."""
    between = boundaries(doc)
    k = bisect.bisect_left(between.last_mark, pos)
    found: list[tuple[int, int]] = []
    while len(found) < n and k < len(between.stops) and not between.paragraph[k]:
        start = between.ends[k]
        stop = between.stops[k + 1] + 1 if k + 1 < len(between.stops) else len(doc.text)
        found.append((start, min(stop, start + REACH)))
        k += 1
    return found


def following_sentences(doc: Document, pos: int, n: int) -> list[str]:
    """The text of ``following_spans``."""
    return [doc.text[start:stop] for start, stop in following_spans(doc, pos, n)]
