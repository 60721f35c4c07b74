"""Stage 3: split the text into sentences and voices (author, quotes, reported speech, embedded posts).

``segment(doc)`` fills ``doc.segments`` (original offsets, innermost-last nesting through ``parent``)
and ``doc.sentences`` (each tagged with the innermost segment holding it). docs/CONTEXT.md describes
the quote, attribution and embedded-post formats.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import replace

from hatescope.document import Document, Sentence
from hatescope.facts import Component
from hatescope.segment.quotes import blank_stray_marks
from hatescope.segment.sentences import CLOSERS, SCRIPT_FINAL, split_sentences
from hatescope.segment.voices import RawSegment, build_voices
from hatescope.types import Segment


#: The segment stage: it fills the facts "segments" and "sentences" (hatescope.facts).
STAGE = Component("hatescope.segment", assigns=("segments", "sentences"))


def segment(doc: Document) -> None:
    """Fill ``doc.segments`` and ``doc.sentences``."""
    # Voices are read in the text as a reader sees it (evasion undone, capitals kept, stray quote marks
    # dropped): look-alike, zero-width or spaced-out letters in "My uncle said" must not hide the
    # speaker. Their spans go back to the original through the normaliser's map.
    view = doc.reading
    text = blank_stray_marks(view.text)
    if doc.kind != "article":
        text = _blank_edge_symbols(text)
    # One split, read by every later stage: the voice builder attributes quotes within these sentences (the
    # reading view has the normalised text's offsets), and the sentences are then cut where an embedded post begins.
    split = split_sentences(doc)
    voices = [_to_original(doc, v, len(view.text))
              for v in build_voices(text, doc.kind, [(s.nstart, s.nend) for s in split])]
    doc.segments = to_segments(doc.original, voices)
    starts = [s.start for s in doc.segments]
    sentences = _split_at_posts(doc, split)
    doc.sentences = [replace(s, segment=_innermost(doc.segments, starts, s.start, s.end)) for s in sentences]
    doc.assigned.update(STAGE.assigns)


_LEADING_SYMBOLS = re.compile(r"[^\w\s\"'“”‘’«»„‹›「『@#]+")
_KEEP_AT_END = set("\"'“”‘’«».!?…@#" + SCRIPT_FINAL + CLOSERS)


def _blank_edge_symbols(text: str) -> str:
    """A post with symbols stuck to its edges (``]A teacher was…``, ``<My ex…``, ``…otherwise?)``) as spaces:
    the attribution rules read a sentence from its first word. Same length, so offsets hold."""
    lead = _LEADING_SYMBOLS.match(text)
    start = lead.end() if lead else 0
    end = len(text.rstrip())
    cut = end
    while cut > start and not (_in_word(text[cut - 1]) or text[cut - 1].isspace() or text[cut - 1] in _KEEP_AT_END):
        cut -= 1
    if cut == end or cut == start or text[cut - 1].isspace():
        cut = end  # nothing stuck to the last word ("hi :)")
    if start == 0 and cut == end:
        return text
    return " " * start + text[start:cut] + " " * (end - cut) + text[end:]


def _in_word(ch: str) -> bool:
    """A letter, a digit or a vowel sign or other mark written on one ("हैं" ends in two marks)."""
    return ch.isalnum() or unicodedata.category(ch).startswith("M")


def _to_original(doc: Document, voice: RawSegment, n: int) -> RawSegment:
    if doc.kind != "article" and voice.kind == "author" and (voice.start, voice.end) == (0, n):
        return replace(voice, start=0, end=len(doc.original))  # the post's own voice is the whole input
    start, end = doc.read_to_original(voice.start, voice.end)
    return replace(voice, start=start, end=end, speaker=_as_written(doc, voice))


#: Letters that lose no accent in Unicode's decomposition but are folded all the same.
_BASE_LETTER = str.maketrans("ıłŁøØđĐ", "ilLoOdD")
#: How far from its segment a speaker's name is looked for (characters).
_SPEAKER_LOOK = 400


def _as_written(doc: Document, voice: RawSegment) -> str | None:
    """The speaker as the writer spelt it. Voices are read in the reading view, which folds accents ("Yilmaz",
    "Le depute", "Posel"); where the name stands near its segment and the original differs there only by accents
    ("Yılmaz"), the original's letters are kept. A look-alike letter of another script is no accent: kept folded."""
    who = voice.speaker
    if not who:
        return who
    text = doc.read_text
    at = text.rfind(who, max(0, voice.start - _SPEAKER_LOOK), voice.start + len(who))
    if at < 0:
        at = text.find(who, voice.start, voice.end + _SPEAKER_LOOK)
    if at < 0:
        return who
    start, end = doc.read_to_original(at, at + len(who))
    written = doc.original[start:end]
    if len(written) != len(who) or written == who:
        return who
    same = all(_base(w) == r.lower() for w, r in zip(written, who))
    return written if same else who


def _base(ch: str) -> str:
    return unicodedata.normalize("NFD", ch.translate(_BASE_LETTER))[:1].lower()


def _split_at_posts(doc: Document, sentences: list[Sentence]) -> list[Sentence]:
    """A sentence never runs into an embedded post ("@handle: …" keeps the handle out of the post's first sentence)."""
    cuts = sorted(doc.norm.to_normalized(s.start, s.end)[0] for s in doc.segments if s.kind == "embedded_post")
    if not cuts:
        return sentences
    out: list[Sentence] = []
    for sent in sentences:
        inside = [c for c in cuts if sent.nstart < c < sent.nend]
        bounds = [sent.nstart, *inside, sent.nend]
        for a, b in zip(bounds, bounds[1:]):
            while b > a and doc.text[b - 1].isspace():
                b -= 1
            if b > a:
                start, end = doc.to_original(a, b)
                out.append(Sentence(nstart=a, nend=b, start=start, end=end))
    return out


def to_segments(text: str, raw: list[RawSegment]) -> list[Segment]:
    """Number the raw voices in reading order and link each to its innermost enclosing segment."""
    raw = sorted(raw, key=lambda r: (r.start, -r.end))
    segs: list[Segment] = []
    open_: list[Segment] = []  # enclosing candidates, outermost first
    for i, r in enumerate(raw):
        while open_ and not (open_[-1].start <= r.start and r.end <= open_[-1].end):
            open_.pop()
        parent = open_[-1].index if open_ else None
        seg = Segment(i, r.start, r.end, text[r.start : r.end], r.kind, r.speaker, r.stance, parent)
        segs.append(seg)
        open_.append(seg)
    return segs


def _innermost(segs: list[Segment], starts: list[int], start: int, end: int) -> int | None:
    """Innermost segment holding [start, end), else the innermost holding ``start`` (a straddling sentence).

    From the last segment that begins at or before ``start`` the walk goes up the parent chain only: a segment
    that holds ``start`` and began earlier holds that one too, so it is an ancestor (to_segments keeps the open
    segments as a parent chain). Stepping back one segment at a time walked every earlier quote instead,
    quadratic in a long article's quotes."""
    i = bisect.bisect_right(starts, start) - 1
    holder = None
    while i >= 0:
        s = segs[i]
        if s.start <= start < max(s.end, s.start + 1):
            if end <= s.end:
                return s.index
            holder = holder if holder is not None else s.index
        i = s.parent if s.parent is not None else -1
    return holder


__all__ = ["STAGE", "segment", "split_sentences", "to_segments"]
