"""What a learned classifier scores in a document: its units (the whole post, or sentence by sentence),
how many of them its encoder reads, and the findings a unit's scores make.

Shared by the English classifier (hatescope.detect.classifier) and the multilingual one.
"""

from __future__ import annotations

import unicodedata
from typing import Sequence

import numpy as np

from hatescope.document import Document
from hatescope.types import Finding

#: Posts up to this many normalised characters are classified whole; longer texts sentence by sentence.
SHORT_POST_CHARS = 400
#: The encoder reads at most this many units (sentences) of one document: about 30,000 characters of
#: prose, so longer texts stay within about 2 s on a CPU core (docs/PERFORMANCE.md, "Length scaling").
#: Past it, the units the char n-gram model scores highest are read; the others keep their char-only score.
MAX_ENCODED_UNITS = 256


def within_budget(score: np.ndarray, need: np.ndarray, documents: Sequence[int], budget: int) -> np.ndarray:
    """Which texts the encoder may read: of each document's texts in ``need``, the ``budget`` with the
    highest char-only ``score`` (ties: the earlier text)."""
    keep = np.ones(len(score), bool)
    docs = np.asarray(documents)
    counts = np.bincount(docs[need]) if need.any() else np.zeros(0, int)
    for d in np.flatnonzero(counts > budget):
        mine = np.flatnonzero(need & (docs == d))
        ranked = mine[np.argsort(-score[mine], kind="stable")]
        keep[ranked[budget:]] = False
    return keep


def classifier_units(doc: Document) -> list[tuple[int, int]]:
    """What a learned classifier scores, in normalised offsets: short posts whole; articles and long posts
    sentence by sentence, so that an embedded post or a quote is judged on its own and not diluted by
    the report around it."""
    text = doc.text
    if (doc.kind != "article" and len(text) <= SHORT_POST_CHARS) or not doc.sentences:
        return [_trim(text, 0, len(text))] if text.strip() else []
    return [_trim(text, s.nstart, s.nend) for s in doc.sentences if text[s.nstart : s.nend].strip()]


#: A mark and the mark that closes it: a mark at a unit's edge whose partner is in the unit is kept.
_PAIRS = {'"': '"', "'": "'", "“": "”", "‘": "’", "„": "“", "«": "»", "‹": "›", "「": "」", "『": "』",
          "(": ")", "[": "]", "{": "}", "<": ">"}
_CLOSERS = {close: open_ for open_, close in _PAIRS.items()}
#: At most this many marks are left out at each edge; "(((" (an echo, which says something) is read.
_EDGE_RUN = 2
_KEEP = set("#@$")  # hashtags, mentions, cashtags
_SENTENCE_END = set(".!?…")


def _stray(ch: str) -> bool:
    return not (ch.isalnum() or ch.isspace() or ch in _KEEP) and unicodedata.category(ch)[0] in "PS"


def _wraps(text: str, a: int, b: int) -> bool:
    """Whether text[a] and text[b - 1] are a mark and its partner with all of text[a + 1 : b - 1] between them."""
    opener, closer = text[a], text[b - 1]
    if _PAIRS.get(opener) != closer:
        return False
    if opener == closer:
        return text.count(opener, a, b) == 2
    depth = 0
    for i in range(a, b - 1):
        depth += (text[i] == opener) - (text[i] == closer)
        if depth == 0:
            return False  # "(a) and (b)": the first mark closes before the end
    return True


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    """``(a, b)`` less whitespace, and less one or two marks stuck to either edge that pair with nothing
    in the unit ("›Hindus are …", "?I hate …", "… parliament.*"): the encoder read such a mark as a
    change of tone and moved its scores by up to 0.5 (benchmarks/evasion.py, tests/test_evasion.py).
    Sentence ends, and quote marks and brackets whose partner is in the unit (but not around all of it), are read."""
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b - a > 2 and text[a + 1] != text[a] and _wraps(text, a, b):
        a, b = a + 1, b - 1  # a pair of marks around the whole unit ("(…)", "<…>"; not an echo, "((…))")
    k = a
    while k < b and k - a <= _EDGE_RUN and _stray(text[k]) and not (
            text[k] in _PAIRS and _PAIRS[text[k]] in text[k + 1 : b]):
        k += 1
    if (k - a <= _EDGE_RUN or text[a:k] == "...") and k < b:  # "…" is "..." once normalised
        a = k
    k = b
    while k > a and b - k <= _EDGE_RUN and _stray(text[k - 1]) and text[k - 1] not in _SENTENCE_END and not (
            text[k - 1] in _CLOSERS and _CLOSERS[text[k - 1]] in text[a : k - 1]):
        k -= 1
    if b - k <= _EDGE_RUN and k > a:
        b = k
    return a, b


def unit_findings(doc: Document, unit: tuple[int, int], row: np.ndarray, labels: Sequence[str], threshold: float,
                  detector: str) -> list[Finding]:
    """One finding per label whose score for the unit reaches ``threshold``."""
    return [doc.finding(label=label, nstart=unit[0], nend=unit[1], score=float(p), detector=detector)
            for label, p in zip(labels, row) if p >= threshold]
