"""The shared working document that every stage reads and annotates.

Pre-computation (normalisation, sentences, segments, language, target mentions) happens once, each fact
filled into its typed field by the component that owns it (hatescope.facts lists them and who declares what);
detectors read the fields and never recompute them.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from hatescope.normalize.reading import reading_view
from hatescope.offsets import MappedText
from hatescope.types import Finding, Segment

if TYPE_CHECKING:
    from hatescope.ingest.language import LanguageReport
    from hatescope.ingest.language_guess import LanguageGuess


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
    #: Fact "sentences" (segment stage).
    sentences: list[Sentence] = field(default_factory=list)
    #: Fact "segments": the voices (segment stage).
    segments: list[Segment] = field(default_factory=list)
    #: Fact "mentions" (target stage, hatescope.detect.targets).
    mentions: list[Mention] = field(default_factory=list)
    #: Fact "mentions", with ``mentions``: groups implied by where a word stands rather than named ("somali
    #: families", "the 🇵🇸 kids"; hatescope.detect.people_slots), read only to find what a span is aimed at.
    implied_mentions: list[Mention] = field(default_factory=list)
    #: Fact "language" (language stage, hatescope.ingest.language.identify): the language of the text as written,
    #: with its confidence; None until the stage has run.
    language: LanguageGuess | None = None
    #: Fact "language", with ``language``: the share of the normalised text's words that are English (None: too few).
    english_share: float | None = None
    #: Guesses of single sentences' languages by original start, filled as detectors ask
    #: (hatescope.ingest.language.sentence_language).
    sentence_languages: dict[int, LanguageGuess] = field(default_factory=dict)
    #: What detectors did with a text that is not English (hatescope.ingest.language.record): the policy's reasons.
    language_report: LanguageReport | None = None
    #: Fact "innocent_senses" (lexicon detector, hatescope.detect.senses): (nstart, nend, why) of lexicon matches
    #: dropped as innocent senses, read by the stance stage.
    innocent_senses: list[tuple[int, int, str]] = field(default_factory=list)
    #: The facts filled so far (names of hatescope.facts.FACTS, and plug-ins' own).
    assigned: set[str] = field(default_factory=set)
    #: Free space for plug-ins' own pre-computation (a fact a plug-in assigns is kept under its name).
    cache: dict[str, Any] = field(default_factory=dict)
    #: Indexes the built-in stages derive from the facts (sentence starts, segment starts…), built once each.
    memos: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    #: For an input read through a reduction (an HTML article): the text as read, mapped to ``original``.
    source: MappedText | None = None
    #: P(counter-speech) of a sentence by the engine's model (``Engine.resources``; hatescope.stance.learned),
    #: which stance asks where no cue decides; None: the packaged model.
    counter_speech: Callable[[str], float | None] | None = None

    def __post_init__(self) -> None:
        # A document built with its facts given (tests, callers of a single detector) has them assigned.
        self.assigned.update(name for name in ("sentences", "segments", "mentions") if getattr(self, name))
        if self.language is not None:
            self.assigned.add("language")

    @property
    def reading(self) -> MappedText:
        """The text as a reader sees it, mapped to ``original``: the normalised text (an HTML article's text,
        evasion undone) with the original's capitals (``hatescope.normalize.reading``)."""
        view = self.memos.get(_READING_KEY)
        if view is None or view[0] is not self.norm:
            view = (self.norm, reading_view(self.norm))
            self.memos[_READING_KEY] = view
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
        cached = self.memos.get(key)
        if cached is None or cached[0] is not items or cached[1] != len(items):
            cached = (items, len(items), build(items))
            self.memos[key] = cached
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
