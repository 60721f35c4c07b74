""""According to X, …": a clause that names its speaker with a frame instead of a verb of saying.

English reads "according to X," in segment/voices.py; the other languages' frames are data, the ``according_to``
and ``according_to_after`` lists of a cue file's ``[attribution]`` table (docs/CONTEXT.md, "Languages"), read
here for :mod:`hatescope.segment.language_speakers`:

* ``according_to``: the frame opens the clause and the speaker follows it up to a comma ("לדברי X, "…"",
  "По словам X, …", "بحسب X، …", "به گفته X، …"); a frame ending in ``+`` is written onto the speaker's first
  word (Arabic "وفقا ل+" in "وفقا لرئيس البلدية");
* ``according_to_after``: the frame follows the speaker (Turkish "Bakan Yılmaz'a göre, …").

What follows the comma (a quotation, or the rest of the sentence) is the speaker's, as after a verb of saying.
"""

from __future__ import annotations

import re
from typing import Any

from hatescope.context_cues import words_pattern

#: What ends the speaker phrase: a clause's comma, colon or semicolon (Arabic and Persian ones too).
_CLAUSE_PUNCT = re.compile("[,،:;؛]")
#: How far into a clause the speaker is read (characters): keeps a run-on text linear.
_LOOK = 400


def frames_pattern(frames: list[str], *, spaced: bool, prefixes: tuple[str, ...]) -> re.Pattern[str] | None:
    """The ``according_to`` frames as one pattern at the start of a clause (a conjunction may be written onto the
    frame, "ולדברי": ``prefixes``); a frame ending in ``+`` is written onto the next word, so no boundary follows it."""
    if not frames:
        return None
    free = [f for f in frames if not f.endswith("+")]
    glued = [f[:-1] for f in frames if f.endswith("+")]
    alts = [words_pattern(free, boundaries=spaced, prefixes=prefixes)] if free else []
    alts += [words_pattern(glued, boundaries=False)] if glued else []
    return re.compile(r"^\W*(?:" + "|".join(alts) + r")\s*", re.IGNORECASE)


def according_to(rules: Any, clause: str) -> tuple[str, int] | None:
    """(speaker, where the speaker's words start in ``clause``) when ``clause`` opens with "according to X," in the
    frames of ``rules`` (a language's :class:`~hatescope.segment.language_speakers.SpeakerRules`), else None."""
    m = rules.according.match(clause) if rules.according is not None else None
    if m is not None:
        stop = _CLAUSE_PUNCT.search(clause, m.end(), m.end() + _LOOK)
        if stop is None:
            return None
        who = rules.accept(rules.cut(clause[m.end() : stop.start()]))
        return (who, stop.end()) if who is not None else None
    if rules.according_after is None:
        return None
    head = clause[:_LOOK]
    first = _CLAUSE_PUNCT.search(head)
    m = rules.according_after.search(head, 0, first.start() if first else len(head))
    if m is None:
        return None
    # The speaker opens the clause; a name carries its case ending after an apostrophe ("Yılmaz'a göre").
    who = rules.accept(re.sub(r"['’]\w+$", "", rules.cut(head[: m.start()]).strip()))
    if who is None:
        return None
    after = re.match(r"[\s,،]*", clause[m.end() :])
    return who, m.end() + after.end()
