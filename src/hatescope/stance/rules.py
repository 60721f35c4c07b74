"""Stage 5: who endorses, reports, quotes, counters, negates or asks about each finding.

Narrow findings (a lexicon term, a phrase) are judged from the words around them: the voice they are
in (their segment), then local cues (stance.cues) — :mod:`hatescope.stance.narrow`. Wide findings (a
classifier score for a whole sentence or post) have no single position, so they follow the narrow findings
inside them when there are any ("anchors"), and otherwise the sentences inside them that name a group —
:mod:`hatescope.stance.wide`. Every change is recorded with ``Finding.adjusted`` so the analysis shows why.
"""

from __future__ import annotations

import re

from hatescope.document import Document
from hatescope.stance.narrow import narrow
from hatescope.stance.verdict import LEARNED_COUNTER_MIN, Verdict
from hatescope.stance.voices import norm as _norm
from hatescope.stance.wide import wide
from hatescope.types import Finding

__all__ = ["LEARNED_COUNTER_MIN", "WIDE_SHARE", "Verdict", "assign_stance"]

#: Scripts written without spaces between words (Han, kana).
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
#: A finding covering at least this share of its sentence's characters is "wide" (a classifier unit).
WIDE_SHARE = 0.6


def assign_stance(doc: Document, findings: list[Finding]) -> list[Finding]:
    """Findings with stance (and, when a finding really lies in a quote or post, that segment) set."""
    is_wide = [_is_wide(doc, f) for f in findings]
    verdicts: dict[int, Verdict] = {}
    for i, f in enumerate(findings):
        if not is_wide[i]:
            verdicts[i] = narrow(doc, f)
    # Sorted by start (then by position) so that a wide finding finds those inside it by bisection.
    anchors = sorted(((findings[i].start, i, findings[i], verdicts[i]) for i in verdicts), key=lambda a: a[:2])
    for i, f in enumerate(findings):
        if is_wide[i]:
            verdicts[i] = wide(doc, f, anchors)
    out = []
    for i, f in enumerate(findings):
        v = verdicts[i]
        if v.stance != f.stance or v.segment != f.segment or v.reason != "author's own voice":
            f = f.adjusted("stance", v.reason, stance=v.stance, segment=v.segment)
        out.append(f)
    return out


def _is_wide(doc: Document, f: Finding) -> bool:
    ns, ne = _norm(doc, f.start, f.end)
    sent = doc.sentence_at(ns)
    if sent is None:
        return ne - ns > 40
    span = doc.text[ns:ne]
    # One "word" of Chinese or Japanese is a whole run of characters written without spaces: count its characters.
    words = len(span.split()) if not _UNSPACED.search(span) else len(span.strip())
    return (ne - ns) >= WIDE_SHARE * max(1, sent.nend - sent.nstart) and words > 1
