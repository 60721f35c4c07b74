"""Whole-word phrase matching with one Aho-Corasick automaton.

The automaton scans the text once whatever the number of phrases, so the cost per post stays
nearly flat as lexicons grow (benchmarks/lexicon_scaling.py measures it). Matches are then kept
only at word boundaries, and a match inside a longer one is dropped ("final solution" inside
"final solution to the jewish question").

(A token-level automaton was tried: pyahocorasick searches a node's children linearly, and a root
with one child per known word made it five times slower, so the automaton stays character-level.)
"""

from __future__ import annotations

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
    """A phrase that starts (ends) with a letter or digit must not continue a word there."""
    if form[0].isalnum() and start > 0 and _wordish(text[start - 1]):
        return False
    if form[-1].isalnum() and end < len(text) and _wordish(text[end]):
        return False
    return True


def _wordish(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


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
