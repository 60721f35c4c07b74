"""Per-document indexes for the stance rules: each question about a finding's surroundings (which
mentions are in this sentence, is this word part of a group's name, where does the next sentence
start) is a bisection instead of a pass over the whole document.
"""

from __future__ import annotations

import bisect
import re

from hatescope.detect.targets import Spans, mention_index
from hatescope.document import Document

#: Where a sentence boundary is (the pattern the stance rules split sentences with).
TERMINAL = re.compile(r"[.!?…]+[\"'”’)\]]*\s+|\n")
#: Every position where a boundary can start (a lookahead also finds those inside another's match).
TERMINAL_AT = re.compile(f"(?={TERMINAL.pattern})")
#: A mention that is a pronoun (resolved to a group) rather than the group's name.
PRONOUN_MENTION = re.compile(r"they|them|their|theirs|themselves|these people|those people|such people|that lot")


def terminal_from(doc: Document, pos: int) -> re.Match[str] | None:
    """``TERMINAL.search(doc.text, pos)``, from the positions where a boundary can start (found once per
    document; a lookahead also finds those inside another boundary's match)."""
    key = "hatescope.stance.terminal_starts"
    starts = doc.cache.get(key)
    if starts is None:
        starts = doc.cache[key] = [m.start() for m in TERMINAL_AT.finditer(doc.text)]
    k = bisect.bisect_left(starts, pos)
    return TERMINAL.match(doc.text, starts[k]) if k < len(starts) else None


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
        spans = Spans((m.nstart, m.nend) for m in doc.mentions
                      if m.nend > m.nstart and (m.kind != "proxy" or PRONOUN_MENTION.fullmatch(doc.text[m.nstart : m.nend])))
        cached = doc.cache["hatescope.stance.group_words"] = (key, spans)
    return cached[1].overlaps(pos, pos + 1)
