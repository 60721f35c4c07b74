"""The classifier's learned cascade gate: which texts may skip the MiniLM encoder.

A logistic model over what the char pass computes anyway: the classifier's hashed char n-gram features
and its char heads' raw logits (one per label). It costs one more sparse dot product and one dot product
of length L per text. ``training/fit_cascade.py`` fits it, on every unit of the ship datasets' train
splits, to predict whether the *full* model scores a text at or above a hateful label's lowest action
threshold, with a threshold that keeps 99.7% of such dev texts going to the encoder, and writes it only
if 99.5% or more of the flagged dev and test units still reach it (docs/PERFORMANCE.md, score-mixes).
The char heads' logits carry most of the gain over the n-grams alone: the full model stacks them with the
encoder's logits, so the gate learns how much encoder evidence a text would still need. What it cannot
let skip are the texts the full model scores near a threshold; no cheap feature tried (static word
vectors, token bags, lexicon findings, group mentions, a hidden layer) told those apart from the
flagged ones (measurements in ``training/fit_cascade.py``).

It lives in the model folder as ``cascade.npz`` and records the sha256 of the encoder and heads it was
fitted against: a gate fitted for other weights is not used (a retrained model falls back to its
manifest's char n-gram gate, ``gate``, until the gate is fitted again). A text the gate lets skip keeps
its char n-gram scores, exactly as a text below the manifest's gate does.

File format (``format`` in the file): 1, the first gate (``weights`` over the n-gram buckets, no
``format`` key), loads with zero logit weights; 2 adds ``logit_weights``. A file of a later format, or
one that cannot be read, is ignored: the gate only saves work, so the classifier runs without it.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

CASCADE_FILE = "cascade.npz"
#: The newest format this module reads and ``training/fit_cascade.py`` writes.
CASCADE_FORMAT = 2


def fitted_against(manifest: dict) -> dict[str, str]:
    """What the gate's decisions depend on: the files whose weights make the full model's scores."""
    sha = manifest.get("sha256", {})
    names = ["encoder.onnx", "heads.npz", manifest.get("int8_encoder") or "encoder.onnx"]
    return {name: str(sha.get(name, "")) for name in sorted(set(names))}


@dataclass(frozen=True)
class CascadeGate:
    weights: np.ndarray  # (char_dim,) over the char n-gram buckets
    bias: float
    threshold: float
    logit_weights: np.ndarray | None = None  # (L,) over the char heads' raw logits; None: format 1

    def logit_score(self, char_logits: np.ndarray) -> np.ndarray:
        """The char heads' part of the texts' scores, from their raw logits (n, L); the n-gram part is
        ``val @ weights[idx]`` of each text's ``char_ngram_features``, summed in the classifier's char pass."""
        if self.logit_weights is None:
            return np.zeros(len(char_logits), np.float32)
        return char_logits @ self.logit_weights

    def needs_encoder(self, score: np.ndarray) -> np.ndarray:
        """Which texts, by their score without the bias (n-gram part + :meth:`logit_score`), the encoder must read."""
        return score + self.bias >= self.threshold


def load_cascade(model_dir: Path, manifest: dict, dim: int, n_labels: int | None = None) -> CascadeGate | None:
    """The folder's gate, or None when it has none, has one fitted for other weights or another feature
    space, or has one this version cannot read (a later format, a damaged file)."""
    path = Path(model_dir) / CASCADE_FILE
    if not path.is_file():
        return None
    try:
        with np.load(path) as z:
            version = int(z["format"]) if "format" in z else 1
            if version > CASCADE_FORMAT or json.loads(str(z["fitted_against"])) != fitted_against(manifest):
                return None
            weights = z["weights"].astype(np.float32)
            logit_weights = z["logit_weights"].astype(np.float32) if version >= 2 else None
            gate = CascadeGate(weights=weights, bias=float(z["bias"]), threshold=float(z["threshold"]),
                               logit_weights=logit_weights)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return None
    if gate.weights.shape != (dim,):
        return None
    if gate.logit_weights is not None and n_labels is not None and gate.logit_weights.shape != (n_labels,):
        return None
    return gate
