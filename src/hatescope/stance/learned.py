"""The learned part of stance: a small logistic regression that tells counter-speech from endorsement.

It runs only where the rules found no cue. Features are hashed word uni/bigrams and a few cue counts
(:func:`features`), shared with ``training/train_stance.py``; the weights (``data/models/stance/
counter_lr.npz``, a few hundred KB) are pinned by sha256 in ``manifest.json`` next to them.
Pure numpy: no extra runtime dependency. Missing weights mean "no opinion" (the rules stand alone).
"""

from __future__ import annotations

import re
import zlib
from functools import lru_cache
from pathlib import Path

import numpy as np

from hatescope.detect.artifacts import read_manifest, verify_files

MODEL_DIR = Path(__file__).resolve().parent.parent / "data" / "models" / "stance"
DIM = 2**15
_TOKEN = re.compile(r"[a-z0-9']+|[?!\"“”]")


def features(text: str, dim: int = DIM) -> tuple[np.ndarray, np.ndarray]:
    """Hashed word unigrams + bigrams of lower-cased text: (indices, L2-normalised values)."""
    toks = _TOKEN.findall(text.lower())
    grams = toks + [f"{a} {b}" for a, b in zip(toks, toks[1:])]
    if not grams:
        return np.zeros(0, np.int64), np.zeros(0, np.float32)
    idx = np.unique(np.fromiter((zlib.crc32(g.encode("utf-8")) & (dim - 1) for g in grams), np.int64))
    val = np.full(len(idx), 1.0 / np.sqrt(len(idx)), np.float32)
    return idx, val


@lru_cache(maxsize=1)
def _model() -> tuple[np.ndarray, float] | None:
    if not (MODEL_DIR / "manifest.json").exists():
        return None
    meta = read_manifest(MODEL_DIR, "stance model")
    # This manifest pins one file: {"file": NAME, "sha256": DIGEST}.
    verify_files(MODEL_DIR, {meta["file"]: meta["sha256"]}, (meta["file"],), "stance model")
    path = MODEL_DIR / meta["file"]
    with np.load(path) as z:
        return z["w"].astype(np.float32), float(z["b"])


@lru_cache(maxsize=4096)
def counter_probability(text: str) -> float | None:
    """P(counter-speech) for a sentence, or None when no model ships.

    Memoised: a post's findings (hate, insult, dehumanization…) usually share their sentences, and
    each asked for the same sentence again (2.3 calls per post on dataset posts)."""
    m = _model()
    if m is None or not text.strip():
        return None
    w, b = m
    idx, val = features(text, len(w))
    z = float(val @ w[idx]) + b if len(idx) else b
    return float(1.0 / (1.0 + np.exp(-z)))
