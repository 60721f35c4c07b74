"""The classifier's cheap features: hashed char n-grams inside word boundaries plus word unigrams.

Shared by training (``training/train.py``, ``training/fit_cascade.py``) and the runtime (the char n-gram heads
and the cascade gate of :mod:`hatescope.detect.classifier`), so both see identical features.
"""

from __future__ import annotations

import functools
import zlib

import numpy as np

_PUNCT = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~…“”‘’"


def char_ngram_features(text: str, dim: int, ngrams: tuple[int, ...] = (2, 3, 4, 5)) -> tuple[np.ndarray, np.ndarray]:
    """Hashed char n-grams (inside word boundaries) + word unigrams: (sorted bucket indices, L2-normalised weights).

    Computed word by word and memoised per word (words repeat across posts, so most cost a dictionary
    lookup instead of ~20 hashes).
    """
    parts = [_word_buckets(word, dim, ngrams) for word in text.split()]
    if not parts:
        return np.zeros(0, np.int64), np.zeros(0, np.float32)
    idx = np.unique(np.concatenate(parts))
    return idx, np.full(len(idx), 1.0 / np.sqrt(len(idx)), np.float32)


@functools.lru_cache(maxsize=1 << 15)
def _word_buckets(word: str, dim: int, ngrams: tuple[int, ...]) -> np.ndarray:
    """The buckets of one word: its bare form (``w:`` + word without edge punctuation) and the n-grams of
    `` word `` (padded, so prefixes and suffixes are their own features). crc32 is used because it is
    stable across processes and Python versions (``hash()`` is salted)."""
    mask = dim - 1
    padded = f" {word} "
    bare = word.strip(_PUNCT) or word  # "vermin." and "vermin" share their word feature
    out = [zlib.crc32(b"w:" + bare.encode("utf-8")) & mask]
    for n in ngrams:
        out.extend(zlib.crc32(padded[i : i + n].encode("utf-8")) & mask for i in range(len(padded) - n + 1))
    return np.array(out, np.int64)
