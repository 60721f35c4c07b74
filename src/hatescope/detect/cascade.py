"""The classifier's learned cascade gate: which texts may skip the MiniLM encoder.

A logistic model over the classifier's own hashed char n-gram features (the char pass computes them
anyway, so the gate costs one more sparse dot product per text), fitted by ``training/fit_cascade.py``
to predict whether the *full* model scores a text at or above the emit threshold on any label, with a
threshold that keeps 99.5% of such dev texts going to the encoder (docs/PERFORMANCE.md, cascade).

It lives in the model folder as ``cascade.npz`` and records the sha256 of the encoder and heads it was
fitted against: a gate fitted for other weights is not used (a retrained model falls back to its
manifest's char n-gram gate, ``gate``, until the gate is fitted again). A text the gate lets skip keeps
its char n-gram scores, exactly as a text below the manifest's gate does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

CASCADE_FILE = "cascade.npz"


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

    def needs_encoder(self, score: np.ndarray) -> np.ndarray:
        """Which texts, by their gate score (features · weights), the encoder must read."""
        return score + self.bias >= self.threshold


def load_cascade(model_dir: Path, manifest: dict, dim: int) -> CascadeGate | None:
    """The folder's gate, or None when it has none or has one fitted for other weights."""
    path = Path(model_dir) / CASCADE_FILE
    if not path.is_file():
        return None
    with np.load(path) as z:
        if json.loads(str(z["fitted_against"])) != fitted_against(manifest) or z["weights"].shape != (dim,):
            return None
        return CascadeGate(weights=z["weights"].astype(np.float32), bias=float(z["bias"]),
                           threshold=float(z["threshold"]))
