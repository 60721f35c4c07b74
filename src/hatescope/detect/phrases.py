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
    # Longest first, then keep a match unless a kept one strictly contains it.
    kept: list[PhraseMatch[T]] = []
    for m in sorted(found, key=lambda m: (-(m.end - m.start), m.start)):
        if any(k.start <= m.start and m.end <= k.end and (k.end - k.start) > (m.end - m.start) for k in kept):
            continue
        kept.append(m)
    return sorted(kept, key=lambda m: (m.start, m.end))
