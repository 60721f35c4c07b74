"""Emoji as evidence: which normalised words were read from emoji, and what follows for targets and matches.

Normalisation reads every emoji as words (hatescope.normalize.emoji_names: "🐒" → "monkey", "🇵🇸" →
"palestinian territories"), so the detectors see "new neighbours are jewish snake money bag". Three
things follow from knowing which words were emoji:

* A run of emoji after a sentence's end is a comment on that sentence ("the family next door is jewish.
  🐍🐍"): it has no subject of its own, so the group it is aimed at is looked for in the sentence before it
  (:func:`emoji_only`, read by hatescope.detect.targets.sentence_window).
* An emoji that repeats a word written in its sentence ("my dog 🐶", "rats in the bins 🐀") illustrates
  the word and adds no match of its own: the written word, with its innocent senses ("my dog"), decides
  (:func:`echoed_hits`, read by the lexicon detector).
* An emoji right after a state's name ("the israeli army 🐀") labels the state (:func:`labels_state`): a
  people named further on in the sentence is not its target.
* A flag names its country; in a slot for people ("the 🇵🇸 kids", "every 🇮🇷 in my uni") it names the
  country's people (hatescope.detect.people_slots, which asks :func:`reads_emoji`).
"""

from __future__ import annotations

import re
from typing import Sequence

from hatescope.detect.lexicon_hit import LexiconHit
from hatescope.document import Document

_WORD = re.compile(r"[^\W\d_]+")


def reads_emoji(doc: Document, nstart: int, nend: int) -> bool:
    """Whether the normalised span [nstart, nend) was read from emoji: it has letters, and the original
    characters it maps to have none (nor digits)."""
    if nend <= nstart or doc.original.isascii():
        return False
    a, b = doc.to_original(nstart, nend)
    written = doc.original[a:b]
    return bool(_WORD.search(doc.text, nstart, nend)) and not any(ch.isalnum() for ch in written)


def emoji_only(doc: Document, nstart: int, nend: int) -> bool:
    """Whether every word of the normalised stretch [nstart, nend) was read from emoji (and it has one)."""
    words = list(_WORD.finditer(doc.text, nstart, nend))
    if not words or doc.original.isascii():
        return False
    a, b = doc.to_original(words[0].start(), words[-1].end())
    return not any(ch.isalnum() for ch in doc.original[a:b])


def echoed_hits(doc: Document, hits: Sequence[LexiconHit], window) -> set[int]:
    """Indexes of ``hits`` read from an emoji whose entry also matched written words in the same sentence
    (``window(doc, start, end)`` gives a sentence's bounds): "my dog … 🐶" is one dog, judged as written."""
    if doc.original.isascii():
        return set()
    from_emoji = [reads_emoji(doc, h.start, h.end) for h in hits]
    written: dict[str, list[LexiconHit]] = {}
    for h, emoji in zip(hits, from_emoji):
        if not emoji:
            written.setdefault(h.entry.id, []).append(h)
    out: set[int] = set()
    for i, (h, emoji) in enumerate(zip(hits, from_emoji)):
        words = written.get(h.entry.id) if emoji else None
        if words:
            s, e = window(doc, h.start, h.end)
            voice = _voice(doc, h)
            if any(s <= w.start < e and _voice(doc, w) is voice for w in words):
                out.add(i)
    return out


def labels_state(doc: Document, hit: LexiconHit) -> bool:
    """Whether ``hit`` was read from emoji put right after a state's mention ("the israeli army 🐀"): the emoji
    labels the state, not a people named further on."""
    if not reads_emoji(doc, hit.start, hit.end):
        return False
    before = [m for m in doc.mentions if m.nend <= hit.start]
    last = max(before, key=lambda m: m.nend, default=None)
    return last is not None and last.kind == "state" and not doc.text[last.nend : hit.start].strip()


def _voice(doc: Document, hit: LexiconHit):
    """The segment (the author, a quote) a hit is in: an emoji after a quote is the author's, not an echo of it."""
    return doc.segment_at(*doc.to_original(hit.start, hit.end))


__all__ = ["echoed_hits", "emoji_only", "labels_state", "reads_emoji"]
