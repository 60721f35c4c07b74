"""The average of two sets of multilingual heads, as one set of heads (``train_multilingual --average-with``).

Why: a candidate trained on new rows can lose what the shipped heads did well where the new rows say nothing (languages
without public hate-labelled data); averaging with the shipped heads, as the English recipe averages weights
(training/RECIPES.md, "r11w"), keeps part of both. Each label's calibrated logit becomes
``(1 - share) * z_new + share * z_old``: both MLPs' hidden units side by side, the output weights scaled by each
head's Platt slope and share, the intercepts folded into the bias, and an identity calibration — the same file format
and the same maths (``hatescope.detect.multilingual.head_logits``), twice the hidden units.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np


def average_heads(new: dict[str, np.ndarray], old: dict[str, np.ndarray], share: float) -> dict[str, np.ndarray]:
    """Heads whose calibrated logit is ``(1 - share)`` of ``new``'s plus ``share`` of ``old``'s, label by label."""
    if not 0.0 <= share <= 1.0:
        raise ValueError(f"share must be within [0, 1], got {share}")
    parts = [(new, 1.0 - share), (old, share)]
    slope = [h["cal"][:, 0] * s for h, s in parts]
    return {
        "hidden_w": np.concatenate([h["hidden_w"] for h, _ in parts], axis=2).astype(np.float32),
        "hidden_b": np.concatenate([h["hidden_b"] for h, _ in parts], axis=1).astype(np.float32),
        "w": np.concatenate([h["w"] * a[:, None] for (h, _), a in zip(parts, slope)], axis=1).astype(np.float32),
        "b": sum(a * h["b"] + s * h["cal"][:, 1] for (h, s), a in zip(parts, slope)).astype(np.float32),
        "cal": np.tile(np.array([1.0, 0.0], np.float32), (len(new["b"]), 1)),
    }


def load_heads(folder: Path) -> dict[str, np.ndarray]:
    with np.load(Path(folder) / "heads.npz") as data:
        return {k: data[k] for k in data.files}
