"""A stance verdict, and the fallback when no cue decides: the writer's own voice, or the learned model.

Shared by the rules for narrow findings (:mod:`hatescope.stance.narrow`) and wide ones
(:mod:`hatescope.stance.wide`).
"""

from __future__ import annotations

from dataclasses import dataclass

from hatescope.document import Document
from hatescope.stance.learned import counter_probability
from hatescope.types import Segment

#: The learned counter-speech model overrides "endorse" only above this probability (no hateful dev case
#: scores above 0.56; see docs/CONTEXT.md).
LEARNED_COUNTER_MIN = 0.7
#: Reason prefix of a denial that only hedges a claim ("I don't hate X, I just …"): the words it denies are denied, but
#: a finding over the whole sentence must not take that denial for its own (the claim after it decides).
HEDGE = "a hedge: "


@dataclass(frozen=True)
class Verdict:
    stance: str
    reason: str
    segment: int | None


def _learned(doc: Document, lo: int, hi: int) -> tuple[str, str] | None:
    # The engine's own model where the engine hands one in; else the packaged one (documents built by hand).
    probability = doc.counter_speech or counter_probability
    p = probability(doc.text[lo:hi])
    if p is not None and p >= LEARNED_COUNTER_MIN:
        return "counter", f"counter-speech model p={p:.2f}"
    return None


def own_voice(doc: Document, seg: Segment | None, lo: int, hi: int, idx: int | None) -> Verdict:
    """No cue decided: an embedded post is its author's own voice; else the learned model, else the author's."""
    if seg is not None and seg.kind == "embedded_post":
        return Verdict("endorse", f"embedded post: the own words of {seg.speaker or 'its author'}", idx)
    learned = _learned(doc, lo, hi)
    if learned is not None:
        return Verdict(learned[0], learned[1], idx)
    return Verdict("endorse", "author's own voice", idx)
