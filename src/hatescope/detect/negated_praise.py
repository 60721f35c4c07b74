"""Detector "hatescope.negated_praise.v1": praise or humanity denied to a protected group.

"X are not human", "X are not welcome here", "X can never be trusted", "X should not be allowed to
vote", "I will never accept X as equals", "I don't think X are as intelligent as us": no insult word
appears, so lexicons miss them and classifiers read the praise word. The pattern is the mirror of
negated hate (stance.cues): a negation whose scope holds a positive word (negation_words.POSITIVE) about a
group named in the same clause. It shares the negation-scope and polarity lexicons of the stance rules
(hatescope.detect.negation_words, which hatescope.stance.cues re-exports); the stance stage then judges the finding like any other (a quoted or condemned
"X are not human" is not endorsed).

The finding's span starts at the group or at the negation, whichever comes first, so that the stance
rules see the negation inside the evidence and do not read it as negating hate.
"""

from __future__ import annotations

import bisect
import re

from hatescope.document import Document
from hatescope.detect import negation_words as words
from hatescope.detect.base import builtin_labels
from hatescope.labels import LabelSpec
from hatescope.registry import detectors
from hatescope.types import Finding

# Modal "allowed" only: "X should not be allowed to vote" is exclusion, "X are not allowed to drink" a fact.
_ALLOWED = re.compile(r"\b(?:should|must|shall|ought to)(?:\s*n['o]?t|\s+never)\s+(?:\w+\s+){0,2}?(?:be\s+)?allowed\b")
# Comparatives between the negation and the praise word turn it into negated hate ("not less human").
_COMPARATIVE = re.compile(r"\b(less|lesser|inferior|worse|lower|any less)\b")
#: A group followed by a passive participle ("X being caged", "X getting attacked") is the object of an event.
_DONE_TO = re.compile(r"\s+(?:being|getting|be|get)\s+(?:\w+ly\s+)?\w+(?:ed|en|t)\b")
_PRAISE_WINDOW = 6  # words after the negation in which the praise word must come
_AUXILIARIES = r"(?:are|is|were|was|will|would|can|could|should|shall|must|do|does|did|have|has|had|deserve|belong)"
_AUX_AFTER = re.compile(r"\s+(?:\w+\s+){0,2}?" + _AUXILIARIES + r"\b")


@detectors.register("hatescope.negated_praise.v1")
class NegatedPraiseDetector:
    name = "hatescope.negated_praise.v1"
    version = "1"
    #: The document facts it reads (hatescope.facts): the groups named, and the voice each finding is in.
    requires = ("segments", "mentions")

    def __init__(self, *, score: float = 0.7) -> None:
        self.score = score

    def load(self) -> None:
        """Nothing to load: the patterns are in hatescope.detect.negation_words."""

    def declared_labels(self) -> dict[str, LabelSpec]:
        return builtin_labels(("hate",))

    def detect(self, doc: Document) -> list[Finding]:
        text, out = doc.text, []
        stops = _clause_stops(text)
        for m in doc.mentions:
            if not m.protected or m.kind == "state":
                continue
            lo, hi = _clause(text, m.nstart, m.nend, stops)
            hit = _after_group(text, m.nend, hi) or _before_group(text, lo, m.nstart, m.nend, stops)
            if hit is None:
                continue
            neg, praise_end, praise = hit
            start, end = min(m.nstart, neg), max(m.nend, praise_end)
            out.append(doc.finding(
                label="hate", nstart=start, nend=end, score=self.score, detector=self.name, target=m.group,
                reasons=(f"negated praise: “{praise}” denied to {m.group}",),
                meta={"negated": text[neg:praise_end]},
            ))
        return _dedupe(out)


_SENTENCE_STOP = re.compile(r"[.!?;\n]")
_CLAUSE_STOP = re.compile(r"[.!?;\n]|\bbut\b|,\s*(?:they|we|i|he|she|you|it)\b")
#: Every position where a clause stop starts (a lookahead finds those inside another stop's match too).
_CLAUSE_STOP_AT = re.compile(f"(?={_CLAUSE_STOP.pattern})")
#: How far a clause reaches either side of its mention (characters): a run-on text with no stop stays
#: linear instead of every mention reading to the end of it.
_REACH = 300


def _clause_stops(text: str) -> list[int]:
    return [m.start() for m in _CLAUSE_STOP_AT.finditer(text)]


def _clause(text: str, ns: int, ne: int, stops: list[int]) -> tuple[int, int]:
    """Bounds of the clause around a mention (at most ``_REACH`` characters either side of it)."""
    lo = max(0, ns - _REACH)
    for m in _SENTENCE_STOP.finditer(text, lo, ns):
        lo = m.end()
    for m in words.CLAUSE_BREAK.finditer(text, lo, ns):
        lo = m.end()
    k = bisect.bisect_left(stops, ne)  # the first stop from ne on: what _CLAUSE_STOP.search(text, ne) finds
    return lo, min(stops[k] if k < len(stops) else len(text), ne + _REACH)


def _after_group(text: str, ne: int, hi: int) -> tuple[int, int, str] | None:
    """GROUP aux not/never … PRAISE ("X are not welcome here", "X can never be trusted")."""
    if _DONE_TO.match(text, ne):
        return None  # "X being caged is not a good look": the subject is what is done to the group
    m = _AUX_AFTER.match(text, ne, hi)
    if not m:
        return None
    for neg in words.NEGATION.finditer(text, ne, hi):
        if neg.start() - ne > 40 or words.NOT_A_NEGATION.match(text, neg.start()):
            break
        return _praise_in_scope(text, neg.start(), neg.end(), hi)
    return None


def _before_group(text: str, lo: int, ns: int, ne: int, stops: list[int]) -> tuple[int, int, str] | None:
    """(I) never accept / don't trust / don't think … GROUP … PRAISE."""
    negs = [n for n in words.NEGATION.finditer(text, lo, ns) if not words.NOT_A_NEGATION.match(text, n.start())]
    if not negs or words.SCOPE_END.search(text, negs[-1].end(), ns):
        return None
    neg = negs[-1]
    between = text[neg.end() : ns]
    verb = re.match(r"\s*(?:\w+\s+){0,2}?(trust|accept|respect|want|like|tolerate|welcome)\b", between)
    if verb:
        return neg.start(), neg.end() + verb.end(), verb.group(1)
    if re.match(r"\s*(?:really\s+)?(?:think|believe|consider|feel)\b", between):
        _, hi = _clause(text, ns, ne, stops)
        return _praise_in_scope(text, neg.start(), ne, hi, first_only=False)
    return None


def _praise_in_scope(text: str, neg_start: int, pos: int, hi: int, *, first_only: bool = True):
    stop = words.SCOPE_END.search(text, pos, hi)
    end = stop.start() if stop else hi
    scope = text[pos:end]
    if _ALLOWED.search(text, max(0, neg_start - 20), end):
        m = re.search(r"allowed", text[neg_start:end])
        if m:
            return neg_start, neg_start + m.end(), "allowed"
    for k, w in enumerate(re.finditer(r"[\w']+", scope)):
        if k >= _PRAISE_WINDOW and first_only:
            break
        word = w.group(0)
        if words.NEGATIVE.fullmatch(word) or _COMPARATIVE.fullmatch(word):
            return None  # negated hate, or "not less human"
        if word == "allowed":
            return None  # not modal: a fact ("are not allowed to drink")
        if words.DESIRE.fullmatch(word) and words.HARM.search(scope, w.end()):
            return None  # "don't deserve to be hurt"
        if words.POSITIVE.fullmatch(word) and word not in {"like", "same"}:
            return neg_start, pos + w.end(), text[neg_start : pos + w.end()]
    return None


def _dedupe(found: list[Finding]) -> list[Finding]:
    """Drop a finding that an earlier one (in start order, longest first) spans.

    A span inside a dropped finding is inside the finding that dropped it too, so the furthest end
    reached so far decides it: one sort, then linear."""
    out, furthest = [], -1
    for f in sorted(found, key=lambda f: (f.start, -f.end)):
        if f.end <= furthest:
            continue
        furthest = f.end
        out.append(f)
    return out
