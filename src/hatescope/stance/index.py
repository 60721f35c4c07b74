"""Per-document indexes for the stance rules: each question about a finding's surroundings (which
mentions are in this sentence, is this word part of a group's name, where does the next sentence
start) is a bisection instead of a pass over the whole document.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from hatescope.detect.targets import Spans, mention_index
from hatescope.document import Document
from hatescope.segment.sentences import CLOSERS, ensure_sentences

#: A mention that is a pronoun (resolved to a group) rather than the group's name.
PRONOUN_MENTION = re.compile(r"they|them|their|theirs|themselves|these people|those people|such people|that lot")
_FINAL_MARKS = ".!?…"


@dataclass(frozen=True)
class Boundaries:
    """The places between ``doc.sentences``, in normalised offsets, one per sentence that has a next one (and the
    last one's when spaces follow it), in text order. Each runs from ``stops`` (the sentence's final run of
    marks, "?!" or "...", or the line break or cut after a sentence without one) to ``ends`` (the next
    sentence's start); ``visible`` is where the sentence's marks end (closing quotes and brackets included),
    ``last_mark`` the last place in it a sentence end is written (its last mark or line break)."""

    stops: list[int]
    ends: list[int]
    visible: list[int]
    last_mark: list[int]
    #: Whether a blank line (two line breaks or more) lies in it: a new paragraph.
    paragraph: list[bool]


def boundaries(doc: Document) -> Boundaries:
    """The boundaries between the segment stage's sentences (``doc.sentences``), built once per document."""
    key = "hatescope.stance.boundaries"
    cached = doc.memos.get(key)
    sents = ensure_sentences(doc)
    if cached is not None and cached[0] is sents and cached[1] == len(sents):
        return cached[2]
    text = doc.text
    found = Boundaries([], [], [], [], [])
    for k, sent in enumerate(sents):
        end = sents[k + 1].nstart if k + 1 < len(sents) else len(text)
        marks = len(text[sent.nstart : sent.nend]) - len(text[sent.nstart : sent.nend].rstrip(_FINAL_MARKS))
        visible = sent.nend + (len(text[sent.nend : end]) - len(text[sent.nend : end].lstrip(CLOSERS)) if marks else 0)
        gap = text[visible:end]
        if k + 1 == len(sents) and not gap[:1].isspace():
            break  # the text ends with the sentence: nothing lies after it
        newline = gap.find("\n")
        stop = sent.nend - marks if marks else (visible + newline if newline >= 0 else sent.nend)
        found.stops.append(stop)
        found.ends.append(end)
        found.visible.append(visible if marks else stop)
        found.last_mark.append(max(sent.nend - 1 if marks else stop, visible + gap.rfind("\n") if newline >= 0 else -1))
        found.paragraph.append(gap.count("\n") >= 2)
    doc.memos[key] = (sents, len(sents), found)
    return found


def mentions_between(doc: Document, lo: int, hi: int) -> list:
    """The mentions starting in [lo, hi), in the order of ``doc.mentions``."""
    starts, order = mention_index(doc)
    picked = sorted(order[bisect.bisect_left(starts, lo) : bisect.bisect_left(starts, hi)])
    return [doc.mentions[k] for k in picked]


def in_group_words(doc: Document, pos: int) -> bool:
    """Whether ``pos`` lies in a group mention (a pronoun counts, other proxies do not): merged spans,
    built once per document."""
    key = (id(doc.mentions), len(doc.mentions))
    cached = doc.memos.get("hatescope.stance.group_words")
    if cached is None or cached[0] != key:
        spans = Spans((m.nstart, m.nend) for m in doc.mentions
                      if m.nend > m.nstart and (m.kind != "proxy" or PRONOUN_MENTION.fullmatch(doc.text[m.nstart : m.nend])))
        cached = doc.memos["hatescope.stance.group_words"] = (key, spans)
    return cached[1].overlaps(pos, pos + 1)
