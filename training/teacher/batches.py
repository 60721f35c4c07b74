"""Batches over a pack (pack.py's token ids): reading the pack, length-bucketed groups of rows, padding.

Shared by training, scoring (model.py) and the layer-k cache (cache.py), so the cache need not import the model.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

PAD_ID = 1  # mpnet's <pad>; position ids are derived from ids != PAD_ID, so padding must use it


def load_pack(path: Path) -> dict[str, np.ndarray]:
    z = dict(np.load(path))
    z["offsets"] = np.concatenate([[0], np.cumsum(z["lengths"])]).astype(np.int64)
    return z


def batch_groups(lengths: np.ndarray, rows: np.ndarray, size: int, rng: np.random.Generator | None) -> list:
    """Length-bucketed groups: shuffled (training, chunks of 50 batches sorted by length) or in length order."""
    if rng is None:
        rows = rows[np.argsort(lengths[rows], kind="stable")]
        return [rows[i : i + size] for i in range(0, len(rows), size)]
    rows = rng.permutation(rows)
    groups = []
    for start in range(0, len(rows), size * 50):
        chunk = rows[start : start + size * 50]
        chunk = chunk[np.argsort(lengths[chunk], kind="stable")]
        groups.extend(chunk[i : i + size] for i in range(0, len(chunk), size))
    return [groups[i] for i in rng.permutation(len(groups))]


def padded(ids: np.ndarray, offsets: np.ndarray, lengths: np.ndarray, group: np.ndarray):
    """(ids, mask) int64 arrays for ``group``, padded with PAD_ID to the group's longest row."""
    width = int(lengths[group].max())
    out = np.full((len(group), width), PAD_ID, np.int64)
    mask = np.zeros((len(group), width), np.int64)
    for j, r in enumerate(group):
        a, b = offsets[r], offsets[r + 1]
        out[j, : b - a] = ids[a:b]
        mask[j, : b - a] = 1
    return out, mask
