"""Whole-word phrase matching with one Aho-Corasick automaton.

The automaton scans the text once whatever the number of phrases, so the cost per post stays
nearly flat as lexicons grow (benchmarks/lexicon_scaling.py measures it). Matches are then kept
only at word boundaries, and a match inside a longer one is dropped ("final solution" inside
"final solution to the jewish question").

Word boundaries follow the script. Chinese and Japanese are written without spaces, so a phrase in Han or
kana needs no boundary on that side ("难民都是害虫": "难民" and "害虫" inside a run of characters). An Indic
vowel sign or virama continues its word ("कीड़" is not a match inside "कीड़े"). Hebrew and Arabic write
"the", "and", "in", "to" as letters glued to the next word ("הפליטים", "ולפליטים", "بالحشرات", "واليهود"):
such a run of proclitic letters before a phrase still counts as a boundary.

(A token-level automaton was tried: pyahocorasick searches a node's children linearly, and a root
with one child per known word made it five times slower, so the automaton stays character-level.)
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Generic, Iterable, TypeVar

import ahocorasick

T = TypeVar("T")


@dataclass(frozen=True)
class PhraseMatch(Generic[T]):
    start: int
    end: int
    form: str
    payloads: tuple[T, ...]


class PhraseMatcher(Generic[T]):
    def __init__(self, phrases: Iterable[tuple[str, T]]) -> None:
        table: dict[str, list[T]] = {}
        for form, payload in phrases:
            form = form.lower()
            if form:
                table.setdefault(form, []).append(payload)
        self.size = len(table)
        self._auto = ahocorasick.Automaton()
        # Sorted insertion allocates trie nodes in depth-first order: better memory locality
        # when the lexicon is large.
        for form in sorted(table):
            self._auto.add_word(form, (form, tuple(table[form])))
        if table:
            self._auto.make_automaton()

    @property
    def memory_bytes(self) -> int:
        return int(self._auto.get_stats()["total_size"]) if self.size else 0

    def find(self, text: str, *, keep_nested: bool = False) -> list[PhraseMatch[T]]:
        if not self.size:
            return []
        found: list[PhraseMatch[T]] = []
        for end_idx, (form, payloads) in self._auto.iter(text):
            start, end = end_idx - len(form) + 1, end_idx + 1
            if _bounded(text, start, end, form):
                found.append(PhraseMatch(start, end, form, payloads))
        if keep_nested or len(found) < 2:
            return sorted(found, key=lambda m: (m.start, m.end))
        return _outermost(found)


def _bounded(text: str, start: int, end: int, form: str) -> bool:
    """A phrase that starts (ends) with a letter or digit must not continue a word there, except in a script
    written without spaces and after the proclitic letters of Hebrew and Arabic."""
    if start > 0 and _wordish(form[0]) and _wordish(text[start - 1]):
        if not (_unspaced(form[0]) or _unspaced(text[start - 1]) or _after_proclitics(text, start, form[0])):
            return False
    if end < len(text) and _wordish(form[-1]) and _wordish(text[end]):
        if not (_unspaced(form[-1]) or _unspaced(text[end])):
            return False
    return True


def _wordish(ch: str) -> bool:
    """A letter, digit or "_", or a mark that belongs to its letter in an Indic script (a vowel sign, virama
    or nukta: Devanagari words often end in one). Hebrew and Arabic vowel points are left out: they are
    optional, and "مرضٌ" is the word "مرض"."""
    if ch.isalnum() or ch == "_":
        return True
    return _INDIC_FIRST <= ch <= _INDIC_LAST and unicodedata.category(ch) in ("Mn", "Mc")


#: Devanagari to Sinhala: scripts whose vowel signs are combining marks inside the word.
_INDIC_FIRST, _INDIC_LAST = "\u0900", "\u0dff"
#: Scripts written without spaces between words: Thai, Lao, Myanmar, Khmer, kana, Han (and their extensions).
_UNSPACED = ((0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF), (0x3040, 0x30FF), (0x3400, 0x4DBF),
             (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F))


def _unspaced(ch: str) -> bool:
    code = ord(ch)
    return code >= 0x0E00 and any(lo <= code <= hi for lo, hi in _UNSPACED)


#: Runs of proclitic letters a Hebrew or Arabic word may carry: Hebrew ו ה ש ב ל מ כ (up to three: "ושה",
#: "מה", "לכש"); Arabic و/ف, then ب/ك/ل, then the article ال ("وبال"), or لل (ل + ال), or the future س.
_PROCLITICS = {
    "hebrew": re.compile(r"[והשבלמכ]{1,3}"),
    "arabic": re.compile(r"[وف]?(?:لل|[بكل]?(?:ال)?|س)"),
}
#: How many letters a run of proclitics holds at most ("وبال", "ולכש").
_PROCLITIC_MAX = 4


def _script(ch: str) -> str | None:
    if "\u05d0" <= ch <= "\u05ea":
        return "hebrew"
    if "\u0620" <= ch <= "\u064a" or "\u066e" <= ch <= "\u06d3":
        return "arabic"
    return None


def _after_proclitics(text: str, start: int, first: str) -> bool:
    """Whether the letters between the start of the word and ``start`` are proclitics of ``first``'s script."""
    script = _script(first)
    if script is None:
        return False
    lo = start
    while lo > 0 and start - lo <= _PROCLITIC_MAX and _wordish(text[lo - 1]):
        lo -= 1
    if start - lo > _PROCLITIC_MAX or not lo < start:
        return False
    return _PROCLITICS[script].fullmatch(text, lo, start) is not None and _script(text[lo]) == script


def _outermost(found: list[PhraseMatch[T]]) -> list[PhraseMatch[T]]:
    """Drop every match that a strictly longer match contains.

    Containment is transitive, so "contained in a kept match" is the same as "contained in any longer
    match": one sweep in (start, longest first) order, carrying the furthest end seen so far, decides
    it in O(k log k) for k matches. Matches on the same span stand or fall together.
    """
    ordered = sorted(found, key=lambda m: (m.start, -m.end))
    kept: list[PhraseMatch[T]] = []
    furthest = -1  # furthest end among matches on earlier spans (their starts are <= this one's)
    i = 0
    while i < len(ordered):
        span = (ordered[i].start, ordered[i].end)
        j = i
        while j < len(ordered) and (ordered[j].start, ordered[j].end) == span:
            j += 1
        if furthest < span[1]:
            kept.extend(ordered[i:j])
        furthest = max(furthest, span[1])
        i = j
    return sorted(kept, key=lambda m: (m.start, m.end))
