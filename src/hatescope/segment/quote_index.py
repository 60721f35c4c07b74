"""Indexes over a paragraph's quotes, so that segment/voices.py asks its questions in O(log n) each.

Which quote encloses a nested one, which spoken quote a continuation or a pronoun goes back to,
whether a position lies inside a quote: asked of every quote, each answered by a scan over all quotes
would make a text of many quotes quadratic.
"""

from __future__ import annotations

import bisect
import re

from hatescope.segment.quotes import Quote

#: A character that no list punctuation or list word ("and", "or") accounts for.
_HARD = re.compile(r"[^\s,;andor]")


def enclosing_starts(quotes: list[Quote]) -> dict[int, int]:
    """For each quote (by ``id``), the largest start of another quote around it (start <= its open mark,
    end >= its close mark), if any. A quote's content starts after its own mark, so it is never its own.

    Offline in O(q log q): quotes are taken in open-mark order, and those starting by then go into a
    Fenwick tree over their ends (largest end first) that keeps the largest start per prefix."""
    ends = sorted({q.end for q in quotes}, reverse=True)
    rank = {e: i + 1 for i, e in enumerate(ends)}
    below = [-e for e in ends]  # ascending, for bisect
    tree = [-1] * (len(ends) + 1)
    by_start = sorted(quotes, key=lambda q: q.start)
    out: dict[int, int] = {}
    k = 0
    for q in sorted(quotes, key=lambda q: q.open_mark):
        while k < len(by_start) and by_start[k].start <= q.open_mark:
            i = rank[by_start[k].end]
            while i < len(tree):
                tree[i] = max(tree[i], by_start[k].start)
                i += i & -i
            k += 1
        i, best = bisect.bisect_right(below, -q.close_mark), -1  # ends >= close_mark: ranks 1..i
        while i > 0:
            best = max(best, tree[i])
            i -= i & -i
        if best >= 0:
            out[id(q)] = best
    return out


class Spoken:
    """The quotes given a voice so far in one paragraph, in order of start, with what the rules ask of
    them kept at hand: the last one that has a name, and the last one at each depth."""

    def __init__(self) -> None:
        self.items: list[tuple[Quote, str | None]] = []
        self.last_named: tuple[Quote, str] | None = None
        self.by_depth: dict[int, list[tuple[Quote, str | None]]] = {}
        self._hard: tuple[int, int] | None = None  # (close mark of the last, first character after it not of a list)

    def __bool__(self) -> bool:
        return bool(self.items)

    def add(self, q: Quote, name: str | None) -> None:
        self.items.append((q, name))
        self.by_depth.setdefault(q.depth, []).append((q, name))
        if name:
            self.last_named = (q, name)

    def listed_before(self, text: str, q: Quote) -> bool:
        """Whether ``q`` follows the last spoken quote with nothing but list words between ("“X”, “Y” and “Z”")."""
        if not self.items or self.items[-1][0].close_mark >= q.open_mark:
            return False
        last = self.items[-1][0].close_mark
        if self._hard is None or self._hard[0] != last:  # once per spoken quote, not once per later quote
            found = _HARD.search(text, last + 1)
            self._hard = (last, found.start() if found else len(text))
        if self._hard[1] < q.open_mark:
            return False  # a character that neither strip nor the list words remove stands between
        return not text[last + 1 : q.open_mark].strip(" ,;").replace("and", "").replace("or", "").strip()

    def same_voice_before(self, q: Quote) -> str | None:
        """The speaker of the last spoken quote at ``q``'s depth that ends before ``q`` starts."""
        # Quotes at one depth do not overlap, so the search stops at once in practice.
        return next((name for o, name in reversed(self.by_depth.get(q.depth, [])) if o.end <= q.start), None)


class QuoteCover:
    """``cover(pos)``: whether ``pos`` lies in the content of one of ``quotes`` (that opened by then)."""

    def __init__(self, quotes: list[Quote]) -> None:
        ordered = sorted(quotes, key=lambda q: max(q.start, q.open_mark))
        self._keys = [max(q.start, q.open_mark) for q in ordered]
        self._reach: list[int] = []  # the furthest end among the first k
        for q in ordered:
            self._reach.append(max(q.end, self._reach[-1]) if self._reach else q.end)

    def __call__(self, pos: int) -> bool:
        k = bisect.bisect_right(self._keys, pos)
        return k > 0 and self._reach[k - 1] > pos
