"""Stage 5 (first cut): rule-based stance of each finding from its segment and local cues."""

from __future__ import annotations

import re

from hatescope.document import Document
from hatescope.types import Finding

_NEGATION = re.compile(r"\b(not|never|no|isn't|aren't|wasn't|weren't|don't|doesn't|didn't|won't|wouldn't|nobody|none)\b")


def assign_stance(doc: Document, findings: list[Finding]) -> list[Finding]:
    out = []
    for f in findings:
        stance, reason = _stance_for(doc, f)
        if stance != f.stance:
            f = f.adjusted("stance", reason, stance=stance)
        out.append(f)
    return out


def _stance_for(doc: Document, f: Finding) -> tuple[str, str]:
    seg = doc.segments[f.segment] if f.segment is not None and f.segment < len(doc.segments) else None
    if seg is not None and seg.kind == "quote":
        return seg.stance if seg.stance != "endorse" else "quote", "inside a quotation"
    nstart, _ = doc.norm.to_normalised(f.start, f.end)
    sent = doc.sentence_at(nstart)
    if sent is not None and _NEGATION.search(doc.text, sent.nstart, nstart):
        return "negated", "negation before the evidence in the same sentence"
    return "endorse", "author's own voice"
