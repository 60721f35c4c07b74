"""The learned part of stance: a small logistic regression that tells counter-speech from endorsement.

It runs only where the rules found no cue. Features are hashed word uni/bigrams and a few cue counts
(:func:`features`), shared with ``training/train_stance.py``; the weights (``data/models/stance/
counter_lr.npz``, a few hundred KB) are pinned by sha256 in ``manifest.json`` next to them.
Pure numpy: no extra runtime dependency. Missing weights mean "no opinion" (the rules stand alone).

Each engine holds its own :class:`CounterSpeechModel` (``EngineConfig.stance_model``; hatescope.resources) and
hands it to stance on the document (``Document.counter_speech``); :func:`counter_probability` reads the packaged one.
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


class CounterSpeechModel:
    """The model in one folder (``manifest.json`` and the weights it pins): P(counter-speech) of a sentence.

    Each engine holds its own (``Engine.resources``); :func:`counter_probability` reads the packaged one.
    A folder without a manifest is a model with no opinion."""

    def __init__(self, model_dir: str | Path = MODEL_DIR) -> None:
        self.model_dir = Path(model_dir)
        self._weights: tuple[np.ndarray, float] | None = None
        self._loaded = False
        # Memoised per model: a post's findings (hate, insult, dehumanization…) usually share their sentences,
        # and each asked for the same sentence again (2.3 calls per post on dataset posts).
        self.probability = lru_cache(maxsize=4096)(self._probability)

    def load(self) -> "CounterSpeechModel":
        """Read the weights and check them against their pinned hash (``verify_files``). Safe to call more than once."""
        if not self._loaded:
            self._weights = _read_weights(self.model_dir)
            self._loaded = True
        return self

    @property
    def available(self) -> bool:
        return self.load()._weights is not None

    def _probability(self, text: str) -> float | None:
        """P(counter-speech) for a sentence, or None when the folder holds no model."""
        m = self.load()._weights
        if m is None or not text.strip():
            return None
        w, b = m
        idx, val = features(text, len(w))
        z = float(val @ w[idx]) + b if len(idx) else b
        return float(1.0 / (1.0 + np.exp(-z)))


def _read_weights(model_dir: Path) -> tuple[np.ndarray, float] | None:
    if not (model_dir / "manifest.json").exists():
        return None
    meta = read_manifest(model_dir, "stance model")
    # This manifest pins one file: {"file": NAME, "sha256": DIGEST}.
    verify_files(model_dir, {meta["file"]: meta["sha256"]}, (meta["file"],), "stance model")
    with np.load(model_dir / meta["file"]) as z:
        return z["w"].astype(np.float32), float(z["b"])


@lru_cache(maxsize=1)
def default_model() -> CounterSpeechModel:
    """The packaged model, shared by every engine configured with it."""
    return CounterSpeechModel(MODEL_DIR)


def counter_probability(text: str) -> float | None:
    """P(counter-speech) for a sentence by the packaged model, or None when no model ships."""
    return default_model().probability(text)
