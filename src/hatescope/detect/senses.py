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
* ``sense`` tables (:mod:`hatescope.detect.lexicon_senses`): the ordinary senses of some spellings and what
  marks each: neighbouring words ("kaffir lime", "Maine Coon", "Offa's Dyke", "Mr Coon"), words in the
  sentence (grappling for the martial art Sambo, bowling for a chinaman), a name written with a capital.
  A neighbour drops the match unless the word is said to someone; a sentence word drops it unless the
  sentence is hostile: the sense's or entry's ``hostile_context``, a mention of the slur's own group beside
  it, or the word used of a person ("a X family", "the X next door", "he's a X").

The lexicon detector asks :func:`innocent_sense` for every hit and remembers the spans it dropped as
another word or an in-group use (:func:`innocent_spans`) so that the stance stage can tell a classifier
score driven by such a word; a name built on the slur ("the Spastics Society") is dropped, not remembered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from hatescope.detect import lexicon_senses, targets
from hatescope.detect.lexicon_senses import Sense
from hatescope.detect.lexicon_hit import LexiconHit
from hatescope.document import Document

_WORD = re.compile(r"[\w']+")
#: The writer names themselves with the word: "i am the X", "us X", "we X", "as an old X", "me, a X".
_SELF = re.compile(r"\b(?:i am|i'm|im|we are|we're|us|we|me|as an?|as one of the|fellow)\s+(?:\w+\s+){0,2}?$")
#: The word said to someone: "you X", "ur a X", "shut up X".
_ADDRESSED = re.compile(r"\b(?:you|your|ur|u|ya|shut up|f\w*k off)\s+(?:\w+\s+){0,2}?$")
#: The word used of a person: "he's a X", "they're X", before it ...
_PERSON_BEFORE = re.compile(r"\b(?:he|she|they)(?:'s|’s|'re|’re|\s+is|\s+are|\s+was|\s+were)\s+"
                            r"(?:a\s+|an\s+|such\s+a\s+|just\s+a\s+|some\s+|proper\s+|total\s+)?(?:\w+\s+)?$")
#: ... or after it: "a X family", "the X next door", "a X moved in", "the X who".
_PERSON_AFTER = re.compile(r"^(?:['’]s)?\s+(?:family|families|bloke|blokes|guy|guys|man|men|woman|women|lad|lads|girl|"
                           r"girls|boy|boys|kid|kids|couple|neighbou?rs?|next door|down the (?:road|street)|who|whose|"
                           r"moved|moving|move|live|lives|living|working|running|serving)\b")

_DETERMINER = re.compile(r"\b(?:a|an|the|that|this|some|such|what|ya|you|ur|little|big|fat|old|stupid|dirty|fucking)\s+$")


@dataclass(frozen=True)
class Innocent:
    """Why a match is not the hateful word, and whether it is another word (remembered for the stance stage)."""

    why: str
    everyday: bool = True


def innocent_sense(doc: Document, hit: LexiconHit) -> Innocent | None:
    """Why ``hit`` is the term's innocent sense ("in the phrase “spic and span”"), or None."""
    entry, text = hit.entry, doc.text
    for phrase in entry.innocent_phrases:
        reach = len(phrase) + (40 if "*" in phrase else 0)  # a gap of up to three words
        lo = max(0, hit.start - reach)
        for m in _phrase_pattern(phrase).finditer(text[lo : hit.end + reach]):
            if lo + m.start() <= hit.start and hit.end <= lo + m.end():
                return Innocent(f"in the phrase “{phrase}”")
    s, e = targets.sentence_window(doc, hit.start, hit.end)
    if entry.reclaimable and _SELF.search(text, max(s, hit.start - 40), hit.start):
        return Innocent("the writer names themselves with it (in-group use)")
    sentence = text[s:e]
    words = set(_WORD.findall(sentence))
    if entry.innocent_context:
        cue = next((w for w in entry.innocent_context if _said(w, words, sentence)), None)
        if cue is not None and not _hostile(doc, hit, s, e, words, sentence):
            return Innocent(f"“{cue}” in the same sentence signals its innocent sense")
    for sense in entry.senses:
        if sense.covers(hit.form):
            why = _sense_holds(doc, hit, sense, s, words, sentence)
            if why is not None:
                return Innocent(f"{sense.name}: {why}", everyday=not sense.name_of_slur)
    return None


def _sense_holds(doc: Document, hit: LexiconHit, sense: Sense, s: int, words: set[str], sentence: str) -> str | None:
    """What marks ``sense`` at this hit (a neighbour, a word of the sentence, a capital), or None."""
    text = doc.text
    if sense.capitalised and not _written_as_name(doc, hit, s, first_word_ok=sense.collocation):
        return None
    if _ADDRESSED.search(text, max(s, hit.start - 30), hit.start):
        return None
    if sense.before:
        m = lexicon_senses.before_pattern(sense.before).search(text, max(s, hit.start - 40), hit.start)
        if m is not None:
            return f"“{m.group(0).strip(' -')}” before it"
    if sense.after:
        m = lexicon_senses.after_pattern(sense.after).match(text, hit.end, min(len(text), hit.end + 40))
        # "Poof!" is an exclamation, "what a poof!" a noun: a mark after the word needs no determiner before it.
        if m is not None and (any(ch.isalnum() for ch in m.group(0))
                              or not _DETERMINER.search(text, max(s, hit.start - 20), hit.start)):
            return f"“{m.group(0).strip(' -')}” after it"
    if sense.collocation and not sense.context:
        return None
    hostile = _hostile_to_people(doc, hit, sense, words, sentence)
    if sense.context:
        cue = next((w for w in sense.context if _said(w, words, sentence)), None)
        return f"“{cue}” in the same sentence" if cue is not None and not hostile else None
    return "written as a name" if not hostile else None


def _written_as_name(doc: Document, hit: LexiconHit, s: int, *, first_word_ok: bool) -> bool:
    """The match as written starts with a capital and is not all capitals; unless a neighbour marks the
    sense too, not the first word of its sentence (where every word has a capital)."""
    start, end = doc.to_original(hit.start, hit.end)
    written = doc.original[start:end]
    if not written[:1].isupper() or (written.isupper() and len(written) > 1):
        return False
    return first_word_ok or any(ch.isalpha() for ch in doc.text[s : hit.start])


def _hostile_to_people(doc: Document, hit: LexiconHit, sense: Sense, words: set[str], sentence: str) -> bool:
    """The word aimed at people: a hostile word, its own group named beside it, or used of a person."""
    text = doc.text
    if any(_said(w, words, sentence) for w in (*sense.hostile_context, *hit.entry.hostile_context)):
        return True
    if _PERSON_BEFORE.search(text, max(0, hit.start - 30), hit.start) or _PERSON_AFTER.match(text[hit.end : hit.end + 40]):
        return True
    own = hit.entry.targets
    return any(m.group in own and not (m.nstart < hit.end and hit.start < m.nend)
               for m in targets.mentions_in_scope(doc, hit.start, hit.end, ("people",)))


@lru_cache(maxsize=None)
def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    """The phrase as a whole-word pattern, compiled once (it is asked for at every hit of its entry); a ``*``
    stands for one to three words ("chink in * armour": "in my own armour", "in Kane's armour")."""
    body = re.escape(phrase).replace(r"\*", r"[\w'’-]+(?:\s+[\w'’-]+){0,2}")
    return re.compile(rf"(?<!\w){body}(?!\w)")


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
    """Whether the sentence holds ``cue``: a single word among its words (not only as "must never", "should not":
    "we must never let it be forgotten" remembers, it does not call for anything), a phrase anywhere in it."""
    if " " in cue:
        return cue in sentence
    return cue in words and any(not _DENIED_AFTER.match(sentence, m.end())
                                for m in re.finditer(rf"(?<![\w']){re.escape(cue)}(?![\w'])", sentence))


_DENIED_AFTER = re.compile(r"\s+(?:never|not)\b")


def remember(doc: Document, hit: LexiconHit, why: str) -> None:
    doc.innocent_senses.append((hit.start, hit.end, why))


def innocent_spans(doc: Document) -> list[tuple[int, int, str]]:
    """Normalised spans of lexicon matches dropped as innocent senses, with the reason."""
    return list(doc.innocent_senses)
