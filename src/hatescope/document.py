"""The shared working document that every stage reads and annotates.

Pre-computation (normalisation, sentences, segments, target mentions, embeddings) happens once
here; detectors read it and never recompute it.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from hatescope.normalize.offsets import MappedText
from hatescope.types import Finding, Segment


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

    @property
    def read_text(self) -> str:
        """The text as a reader sees it (an HTML article's text, else the input itself): voices and names are read here."""
        return self.source.text if self.source is not None else self.original

    def read_to_original(self, start: int, end: int) -> tuple[int, int]:
        """A span of :attr:`read_text` as a span of ``original``."""
        return self.source.to_original(start, end) if self.source is not None else (start, end)

    @property
    def text(self) -> str:
        """The normalised text detectors match against."""
        return self.norm.text

    def to_original(self, nstart: int, nend: int) -> tuple[int, int]:
        return self.norm.to_original(nstart, nend)

    def segment_at(self, start: int, end: int) -> Segment | None:
        """The innermost segment containing the original span [start, end)."""
        best: Segment | None = None
        for seg in self.segments:
            if seg.start <= start and end <= seg.end:
                if best is None or (seg.end - seg.start) < (best.end - best.start):
                    best = seg
        return best

    def sentence_at(self, nstart: int) -> Sentence | None:
        starts = [s.nstart for s in self.sentences]
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
