"""Two dehumanising names for one group in one sentence count for more than either alone.

A single animal or disease word about a group scores below the remove bar on purpose (0.75–0.8): "animals"
is also praise of athletes and a figure of speech. A sentence that calls the same group by two *different*
dehumanising names ("savages and animals", "rats and a plague") leaves no such reading, so each of those
findings takes the combined score, as if the terms were independent evidence (1 − Π(1 − s)), capped below
certainty. Only the lexicon's own dehumanisation findings with a named target take part; the stance stage
still decides afterwards whether the author says it, quotes it or condemns it.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Mapping

from hatescope.types import Finding

LABEL = "dehumanization"
#: Two terms of 0.75 combine to 0.94; never certainty from word counts alone.
CAP = 0.95

Key = tuple[str, int, int]


def corroborate(best: Mapping[Key, Finding], sentence_of: Mapping[Key, tuple[int, int]]) -> list[Finding]:
    """``best``'s findings, those of a sentence that names one target with ≥ 2 distinct terms raised."""
    groups: dict[tuple[tuple[int, int], str], list[Key]] = defaultdict(list)
    for key, f in best.items():
        if f.label == LABEL and f.target:
            groups[(sentence_of[key], f.target)].append(key)
    out = dict(best)
    for keys in groups.values():
        terms = _distinct_terms([best[k] for k in keys])
        if len(terms) < 2:
            continue
        miss = 1.0
        for score in terms.values():
            miss *= 1.0 - score
        combined = min(CAP, 1.0 - miss)
        named = " + ".join(f"'{t}'" for t in sorted(terms))
        for k in keys:
            if out[k].score < combined:
                out[k] = out[k].adjusted(
                    "detect", f"corroborated: {named} name the same group in one sentence", score=combined)
    return list(out.values())


def _distinct_terms(findings: list[Finding]) -> dict[str, float]:
    """The best score of each term, counting overlapping spans (one word read by two entries) once."""
    terms: dict[str, float] = {}
    taken: list[tuple[int, int]] = []
    for f in sorted(findings, key=lambda f: -f.score):
        if any(f.start < e and s < f.end for s, e in taken):
            continue
        taken.append((f.start, f.end))
        term = str(f.meta.get("term", f.text)).casefold()
        terms[term] = max(terms.get(term, 0.0), f.score)
    return terms


__all__ = ["corroborate", "CAP"]
