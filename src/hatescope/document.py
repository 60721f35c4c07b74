"""The shared working document that every stage reads and annotates.

Pre-computation (normalisation, sentences, segments, target mentions, embeddings) happens once
here; detectors read it and never recompute it.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any, Callable

from hatescope.normalize.reading import reading_view
from hatescope.offsets import MappedText
from hatescope.types import Finding, Segment


_SENTENCE_INDEX_KEY = "hatescope.document.sentence_starts"
_SEGMENT_INDEX_KEY = "hatescope.document.segment_starts"
_READING_KEY = "hatescope.document.reading"


@dataclass(frozen=True)
class Sentence:
    """A sentence, in normalised (``nstart``/``nend``) and original (``start``/``end``) offsets."""

    nstart: int
    nend: int
    start: int
    end: int
    segment: int | None = None


@dataclass(frozen=True)
class Mention:
    """A mention of a (possibly protected) group, in normalised offsets."""

    nstart: int
    nend: int
    group: str
    protected: bool = True
    #: "people" for a people/identity, "state" for a state or government, "proxy" for coded proxies.
    kind: str = "people"


@dataclass
class Document:
    original: str
    kind: str
    norm: MappedText
    sentences: list[Sentence] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    #: Free space for shared pre-computation (e.g. sentence embeddings), keyed by producer name.
    cache: dict[str, Any] = field(default_factory=dict)
    #: For an input read through a reduction (an HTML article): the text as read, mapped to ``original``.
    source: MappedText | None = None
    #: P(counter-speech) of a sentence by the engine's model (``Engine.resources``; hatescope.stance.learned),
    #: which stance asks where no cue decides; None: the packaged model.
    counter_speech: Callable[[str], float | None] | None = None

    @property
    def reading(self) -> MappedText:
        """The text as a reader sees it, mapped to ``original``: the normalised text (an HTML article's text,
        evasion undone) with the original's capitals (``hatescope.normalize.reading``)."""
        view = self.cache.get(_READING_KEY)
        if view is None or view[0] is not self.norm:
            view = (self.norm, reading_view(self.norm))
            self.cache[_READING_KEY] = view
        return view[1]

    @property
    def read_text(self) -> str:
        """:attr:`reading`'s text: voices, names and the language are read here ("Ｍｙ ｕｎｃｌｅ ｓａｉｄ" reads
        "My uncle said"), so the tricks that hide a word from detectors do not hide a speaker either."""
        return self.reading.text

    def read_to_original(self, start: int, end: int) -> tuple[int, int]:
        """A span of :attr:`read_text` as a span of ``original``."""
        return self.reading.to_original(start, end)

    @property
    def text(self) -> str:
        """The normalised text detectors match against."""
        return self.norm.text

    def to_original(self, nstart: int, nend: int) -> tuple[int, int]:
        return self.norm.to_original(nstart, nend)

    def segment_at(self, start: int, end: int) -> Segment | None:
        """The innermost segment containing the original span [start, end)."""
        index = self._segment_index()
        if index is None:  # voices that cross each other: compare with every one
            best: Segment | None = None
            for seg in self.segments:
                if seg.start <= start and end <= seg.end:
                    if best is None or (seg.end - seg.start) < (best.end - best.start):
                        best = seg
            return best
        # Nested voices: every segment holding ``start`` is the last one starting at or before it, or
        # one of its enclosing segments, so the walk is as long as the nesting is deep.
        best = None
        i = bisect.bisect_right(index, start) - 1
        while i >= 0:
            seg = self.segments[i]
            if seg.start <= start and end <= seg.end and (best is None or seg.end - seg.start <= best.end - best.start):
                best = seg  # outwards, so on a tie the earlier segment wins, as in reading order
            i = seg.parent if seg.parent is not None else -1
        return best

    def _segment_index(self) -> list[int] | None:
        """Segment starts when the segments nest (sorted, each ``parent`` its innermost enclosing one), else None."""
        return self._index(_SEGMENT_INDEX_KEY, self.segments, _nesting_starts)

    def _index(self, key: str, items: list[Any], build: Callable[[list[Any]], Any]) -> Any:
        """``build(items)``, kept until ``items`` is another list or changes length. The list itself is kept
        with it: an ``id`` alone could be reused by a new list once the old one is freed."""
        cached = self.cache.get(key)
        if cached is None or cached[0] is not items or cached[1] != len(items):
            cached = (items, len(items), build(items))
            self.cache[key] = cached
        return cached[2]

    def sentence_at(self, nstart: int) -> Sentence | None:
        starts = self._index(_SENTENCE_INDEX_KEY, self.sentences, lambda sents: [s.nstart for s in sents])
        i = bisect.bisect_right(starts, nstart) - 1
        if i >= 0 and self.sentences[i].nstart <= nstart < max(self.sentences[i].nend, self.sentences[i].nstart + 1):
            return self.sentences[i]
        return None

    def finding(self, *, label: str, nstart: int, nend: int, score: float, detector: str, **kw: Any) -> Finding:
        """Build a Finding from a normalised span; its offsets and text come from the original."""
        start, end = self.to_original(nstart, nend)
        seg = self.segment_at(start, end)
        return Finding(
            label=label,
            start=start,
            end=end,
            text=self.original[start:end],
            score=float(score),
            detector=detector,
            segment=seg.index if seg is not None else None,
            **kw,
        )


def _nesting_starts(segments: list[Segment]) -> list[int] | None:
    """Starts of ``segments`` if they are in reading order, numbered by position, with parents that
    are their innermost enclosing segments and no two crossing; None otherwise."""
    open_: list[Segment] = []
    for i, seg in enumerate(segments):
        if seg.index != i or (i and (segments[i - 1].start, -segments[i - 1].end) > (seg.start, -seg.end)):
            return None
        while open_ and not (open_[-1].start <= seg.start and seg.end <= open_[-1].end):
            if open_[-1].end > seg.start:
                return None  # crossing voices
            open_.pop()
        if seg.parent != (open_[-1].index if open_ else None):
            return None
        open_.append(seg)
    return [s.start for s in segments]
