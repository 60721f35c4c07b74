"""Averaging two sets of multilingual heads gives the average of their calibrated logits."""

from __future__ import annotations

import numpy as np
import pytest

from hatescope.detect.multilingual import head_logits
from training.multilingual_average import average_heads


def _heads(rng: np.random.Generator, hidden: int) -> dict[str, np.ndarray]:
    return {"hidden_w": rng.normal(size=(4, 8, hidden)).astype(np.float32),
            "hidden_b": rng.normal(size=(4, hidden)).astype(np.float32),
            "w": rng.normal(size=(4, hidden)).astype(np.float32), "b": rng.normal(size=4).astype(np.float32),
            "cal": rng.normal(size=(4, 2)).astype(np.float32)}


def _calibrated(heads: dict[str, np.ndarray], emb: np.ndarray) -> np.ndarray:
    return head_logits(heads, emb) * heads["cal"][:, 0] + heads["cal"][:, 1]


@pytest.mark.parametrize("share", [0.0, 0.3, 0.5, 1.0])
def test_average_is_the_mean_of_calibrated_logits(share):
    rng = np.random.default_rng(3)
    new, old, emb = _heads(rng, 5), _heads(rng, 7), rng.normal(size=(6, 8)).astype(np.float32)
    mixed = average_heads(new, old, share)
    assert mixed["hidden_w"].shape == (4, 8, 12)
    expected = (1 - share) * _calibrated(new, emb) + share * _calibrated(old, emb)
    np.testing.assert_allclose(_calibrated(mixed, emb), expected, rtol=1e-4, atol=1e-4)


def test_share_outside_the_unit_interval_is_refused():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError):
        average_heads(_heads(rng, 2), _heads(rng, 2), 1.5)
