"""A text that was rewritten, and the map from each of its characters back to the original.

Normalisation only ever replaces, deletes or merges characters; each output character remembers
the original span ``[orig_start[i], orig_end[i])`` it came from. A span in the normalised text maps
back to ``[orig_start[s], orig_end[e - 1])``, so it always lies inside the original text.

At the package top because ingest (an article's text extracted from its HTML) builds one before normalize does.
"""

from __future__ import annotations

import bisect

from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True)
class MappedText:
    text: str
    original: str
    orig_start: tuple[int, ...]
    orig_end: tuple[int, ...]

    @classmethod
    def identity(cls, text: str) -> "MappedText":
        return cls(text, text, tuple(range(len(text))), tuple(range(1, len(text) + 1)))

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the normalised span [start, end) to a span of the original text."""
        n = len(self.text)
        if not 0 <= start <= end <= n:
            raise ValueError(f"span ({start}, {end}) outside normalised text of length {n}")
        if start == end:
            pos = self.orig_start[start] if start < n else len(self.original)
            return pos, pos
        return self.orig_start[start], self.orig_end[end - 1]

    def to_normalized(self, start: int, end: int) -> tuple[int, int]:
        """Smallest normalised span covering the original span [start, end) (for segment bounds)."""
        s = bisect.bisect_left(self.orig_end, start + 1)
        e = bisect.bisect_left(self.orig_start, end)
        return min(s, len(self.text)), max(min(e, len(self.text)), min(s, len(self.text)))


class MappedBuilder:
    """Builds a MappedText one output piece at a time."""

    def __init__(self, original: str) -> None:
        self.original = original
        self._chars: list[str] = []
        self._start: list[int] = []
        self._end: list[int] = []

    def emit(self, out: str, start: int, end: int) -> None:
        """Emit ``out`` as the rewrite of original[start:end]."""
        for ch in out:
            self._chars.append(ch)
            self._start.append(start)
            self._end.append(end)

    def build(self) -> MappedText:
        return MappedText("".join(self._chars), self.original, tuple(self._start), tuple(self._end))


def compose(outer: MappedText, inner: MappedText) -> MappedText:
    """``inner`` rewrote ``outer.text``; return ``inner`` mapped all the way back to ``outer.original``."""
    n = len(outer.text)
    starts: list[int] = []
    ends: list[int] = []
    for s, e in zip(inner.orig_start, inner.orig_end):
        start = outer.orig_start[s] if s < n else len(outer.original)
        # An empty inner span (an inserted character) maps to an empty original span at ``start``;
        # ``orig_end[e - 1]`` would point before it.
        starts.append(start)
        ends.append(outer.orig_end[e - 1] if e > s else start)
    return MappedText(inner.text, outer.original, tuple(starts), tuple(ends))


Edit = tuple[int, int, str]


def rewrite(mt: MappedText, edits: Iterable[Edit]) -> MappedText:
    """Replace ``mt.text[start:end]`` by each ``replacement`` and keep the map to ``mt.original``.

    ``edits`` are ``(start, end, replacement)`` in ``mt.text`` offsets, sorted and non-overlapping,
    with ``start < end`` (normalisation never inserts text from nothing). Each character of a
    replacement maps to the whole replaced span (edit one character at a time for a finer map).
    This is ``compose(mt, <local rewrite of mt.text>)`` without the per-character pass over the
    unchanged text, so a stage that touches three characters of a post costs three characters.
    Returns ``mt`` itself when there is nothing to do.
    """
    text, o_start, o_end = mt.text, mt.orig_start, mt.orig_end
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for start, end, rep in edits:
        if not pos <= start < end <= len(text):
            raise ValueError(f"edit ({start}, {end}) is empty, out of order or outside the text")
        parts.append(text[pos:start])
        starts.extend(o_start[pos:start])
        ends.extend(o_end[pos:start])
        if rep:
            starts.extend([o_start[start]] * len(rep))
            ends.extend([o_end[end - 1]] * len(rep))
        parts.append(rep)
        pos = end
    if pos == 0:
        return mt
    parts.append(text[pos:])
    starts.extend(o_start[pos:])
    ends.extend(o_end[pos:])
    return MappedText("".join(parts), mt.original, tuple(starts), tuple(ends))


def replace_text(mt: MappedText, text: str) -> MappedText:
    """``mt`` with its text swapped for one of the same length (a character-for-character rewrite)."""
    if len(text) != len(mt.text):
        raise ValueError("replace_text needs a text of the same length")
    return MappedText(text, mt.original, mt.orig_start, mt.orig_end)
