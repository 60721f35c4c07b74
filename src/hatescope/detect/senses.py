"""Innocent senses of lexicon terms: when a match is not the hateful word at all.

Many terms have an everyday sense beside the hateful one: "fag" is a cigarette in British English,
"faggots and peas" a dish, "spic and span" means spotless, a "tranny" is a car's gearbox, engineers
"retard the ignition", a defence has a "chink in the armour", the "final solution" of a puzzle or of
a history lesson is not a call to genocide, and a community may name itself with a reclaimed slur
("us dykes on bikes"). Each entry says which of these guards apply to it (lexicon_files.Entry):

* ``innocent_phrases``: fixed phrases holding the term in its innocent sense; a match inside one is none.
* ``innocent_context``: words in the same sentence that signal the innocent sense; the match is dropped
  unless the sentence is hostile (``hostile_context``, or else a person or group aimed at besides the term).
* ``reclaimable``: the writer names themselves with the word ("i am the X", "us X", "as an old X").

The lexicon detector asks :func:`innocent_sense` for every hit and remembers the spans it dropped
(:func:`innocent_spans`) so that the stance stage can tell a classifier score driven by such a word.
"""

from __future__ import annotations

import re
from functools import lru_cache

from hatescope.detect import targets
from hatescope.detect.lexicon_hit import LexiconHit
from hatescope.document import Document

_WORD = re.compile(r"[\w']+")
#: The writer names themselves with the word: "i am the X", "us X", "we X", "as an old X", "me, a X".
_SELF = re.compile(r"\b(?:i am|i'm|im|we are|we're|us|we|me|as an?|as one of the|fellow)\s+(?:\w+\s+){0,2}?$")
#: The word said to someone: "you X", "ur a X", "shut up X".
_ADDRESSED = re.compile(r"\b(?:you|your|ur|u|ya|shut up|f\w*k off)\s+(?:\w+\s+){0,2}?$")
_CACHE_KEY = "hatescope.lexicon.innocent_spans"


def innocent_sense(doc: Document, hit: LexiconHit) -> str | None:
    """Why ``hit`` is the term's innocent sense ("in the phrase “spic and span”"), or None."""
    entry, text = hit.entry, doc.text
    for phrase in entry.innocent_phrases:
        lo = max(0, hit.start - len(phrase))
        for m in _phrase_pattern(phrase).finditer(text[lo : hit.end + len(phrase)]):
            if lo + m.start() <= hit.start and hit.end <= lo + m.end():
                return f"in the phrase “{phrase}”"
    s, e = targets.sentence_bounds(doc, hit.start)
    s, e = min(s, hit.start), max(e, hit.end)
    if entry.reclaimable and _SELF.search(text, max(s, hit.start - 40), hit.start):
        return "the writer names themselves with it (in-group use)"
    if entry.innocent_context:
        sentence = text[s:e]
        words = set(_WORD.findall(sentence))
        cue = next((w for w in entry.innocent_context if _said(w, words, sentence)), None)
        if cue is not None and not _hostile(doc, hit, s, e, words, sentence):
            return f"“{cue}” in the same sentence signals its innocent sense"
    return None


@lru_cache(maxsize=None)
def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    """The phrase as a whole-word pattern, compiled once (it is asked for at every hit of its entry)."""
    return re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)")


def _hostile(doc: Document, hit: LexiconHit, s: int, e: int, words: set[str], sentence: str) -> bool:
    entry = hit.entry
    if _ADDRESSED.search(doc.text, max(s, hit.start - 30), hit.start):
        return True
    if entry.hostile_context:
        return any(_said(w, words, sentence) for w in entry.hostile_context)
    others = [m for m in targets.mentions_in_scope(doc, hit.start, hit.end, ("people",))
              if not (m.nstart < hit.end and hit.start < m.nend)]
    return bool(others)


def _said(cue: str, words: set[str], sentence: str) -> bool:
    """Whether the sentence holds ``cue``: a single word among its words, a phrase anywhere in it."""
    return cue in words if " " not in cue else cue in sentence


def remember(doc: Document, hit: LexiconHit, why: str) -> None:
    doc.cache.setdefault(_CACHE_KEY, []).append((hit.start, hit.end, why))


def innocent_spans(doc: Document) -> list[tuple[int, int, str]]:
    """Normalised spans of lexicon matches dropped as innocent senses, with the reason."""
    return list(doc.cache.get(_CACHE_KEY, ()))
