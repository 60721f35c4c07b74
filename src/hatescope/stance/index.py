"""Per-document indexes for the stance rules: each question about a finding's surroundings (which
mentions are in this sentence, is this word part of a group's name, where does the next sentence
start) is a bisection instead of a pass over the whole document.
"""

from __future__ import annotations

import bisect
import re

from hatescope.document import Document

#: Where a sentence boundary is (the pattern the stance rules split sentences with).
TERMINAL = re.compile(r"[.!?…]+[\"'”’)\]]*\s+|\n")
#: Every position where a boundary can start (a lookahead also finds those inside another's match).
TERMINAL_AT = re.compile(f"(?={TERMINAL.pattern})")
_PRONOUN_MENTION = re.compile(r"they|them|their|theirs|themselves|these people|those people|such people|that lot")


def terminal_from(doc: Document, pos: int) -> re.Match[str] | None:
    """``TERMINAL.search(doc.text, pos)``, from the positions where a boundary can start (found once per
    document; a lookahead also finds those inside another boundary's match)."""
    key = "hatescope.stance.terminal_starts"
    starts = doc.cache.get(key)
    if starts is None:
        starts = doc.cache[key] = [m.start() for m in TERMINAL_AT.finditer(doc.text)]
    k = bisect.bisect_left(starts, pos)
    return TERMINAL.match(doc.text, starts[k]) if k < len(starts) else None


def mention_index(doc: Document) -> tuple[list[int], list[int]]:
    """Mention starts in ascending order and the position in ``doc.mentions`` of each, once per document."""
    key = (id(doc.mentions), len(doc.mentions))
    cached = doc.cache.get("hatescope.stance.mentions")
    if cached is None or cached[0] != key:
        order = sorted(range(len(doc.mentions)), key=lambda k: doc.mentions[k].nstart)
        cached = (key, ([doc.mentions[k].nstart for k in order], order))
        doc.cache["hatescope.stance.mentions"] = cached
    return cached[1]


def mentions_between(doc: Document, lo: int, hi: int) -> list:
    """The mentions starting in [lo, hi), in the order of ``doc.mentions``."""
    starts, order = mention_index(doc)
    picked = sorted(order[bisect.bisect_left(starts, lo) : bisect.bisect_left(starts, hi)])
    return [doc.mentions[k] for k in picked]


def in_group_words(doc: Document, pos: int) -> bool:
    """Whether ``pos`` lies in a group mention (a pronoun counts, other proxies do not): merged spans,
    built once per document."""
    key = (id(doc.mentions), len(doc.mentions))
    cached = doc.cache.get("hatescope.stance.group_words")
    if cached is None or cached[0] != key:
        merged: list[list[int]] = []
        spans = sorted((m.nstart, m.nend) for m in doc.mentions if m.kind != "proxy" or _PRONOUN_MENTION.fullmatch(doc.text[m.nstart : m.nend]))
        for s, e in spans:
            if e <= s:
                continue
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        cached = (key, ([s for s, _ in merged], [e for _, e in merged]))
        doc.cache["hatescope.stance.group_words"] = cached
    starts, ends = cached[1]
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and pos < ends[i]
