"""Platt calibration of a fine-tuned multilingual encoder on its dev rows, and the check that the runtime agrees.

The rows are rebuilt from the run's own arguments (``training.e5_finetune``'s checkpoint), so the dev rows are
the ones the run chose its epoch on; each label is calibrated on ``calibration_rows`` (real posts not in English),
as the heads are (``training.train_multilingual``).
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Callable

import numpy as np
import torch

from hatescope.evaluation import default_data_dir
from hatescope.evaluation.foreign_datasets import ForeignExample
from training.multilingual_calibration import (LABELS, calibration_rows, public_base_rate, public_calibration_weights,
                                              with_hate_prior)
from training.multilingual_data import training_rows
from training.train_multilingual import dev_measures


def run_rows(run: Path) -> list[ForeignExample]:
    args = torch.load(run / "checkpoint.pt", map_location="cpu", weights_only=False)["args"]
    data = Path(args["data"]) if args.get("data") not in (None, "None") else default_data_dir()
    rows, _ = training_rows(data, n_english=args["english"], n_contrastive=args["contrastive"], n_twins=150,
                            n_english_inhouse=args["english_inhouse"], cap=6000, seed=args["seed"],
                            english_rounds=args["english_rounds"], public_dev=1000, english_pins=True,
                            language_pins=True)
    if args.get("limit") is not None:
        rows = random.Random(args["seed"]).sample(rows, min(args["limit"], len(rows)))
    return rows


def platt_on_dev(run: Path, dev_logits: Callable[[Path, list[str]], np.ndarray], *, hate: str = "foreign",
                 priors: tuple[float, ...] = (0.2, 0.3, 0.4)) -> tuple[np.ndarray, dict]:
    """Per label a Platt fit on the dev rows. ``hate="public"``: `hate` as release 2's heads were calibrated — on the
    public dev sets in other languages, each weighing the same, then moved to the prior among ``priors`` whose dev
    score (``dev_measures``) is best; the other labels always on the real dev posts not in English."""
    from sklearn.linear_model import LogisticRegression

    rows = run_rows(run)
    dev = np.array([r.split == "dev" for r in rows])
    idx = np.flatnonzero(dev)
    z = np.zeros((len(rows), len(LABELS)), np.float32)
    z[idx] = dev_logits(run, [rows[i].text for i in idx])
    cal = np.zeros((len(LABELS), 2), np.float32)
    for j, label in enumerate(LABELS):
        known = np.array([label in r.labels for r in rows])
        y = np.array([bool(r.labels.get(label, False)) for r in rows])
        if label == "hate" and hate == "public":
            w = public_calibration_weights(rows, known, y, dev)
        else:
            w = calibration_rows(rows, known, y, dev).astype(float)
        sel = w > 0
        if len(set(y[sel].tolist())) < 2:
            cal[j] = 1.0, 0.0
            continue
        fit = LogisticRegression(C=100.0, max_iter=1000).fit(z[sel, j : j + 1], y[sel], sample_weight=w[sel])
        cal[j] = fit.coef_[0][0], fit.intercept_[0]

    def measures(c: np.ndarray) -> dict:
        return dev_measures(rows, 1.0 / (1.0 + np.exp(-(z * c[:, 0] + c[:, 1]))), "macro_f1", "public_half")

    report: dict = {"rows": int(dev.sum()), "hate": hate}
    if hate == "public":
        base = public_base_rate(rows)
        tried = {q: with_hate_prior({"cal": cal}, base, q)["cal"] for q in priors}
        scores = {q: measures(c)["dev_score"] for q, c in tried.items()}
        best = max(scores, key=lambda q: scores[q])
        cal = tried[best]
        report.update(base_rate=round(base, 4), priors=scores, prior=best)
    report.update(platt=cal.round(4).tolist(), dev=measures(cal))
    return cal, report


def check_runtime(run: Path, out: Path, dev_logits: Callable[[Path, list[str]], np.ndarray]) -> int:
    """ONNX Runtime (the detector's path) against PyTorch on texts in sixteen scripts and registers."""
    import json

    from hatescope.detect.e5_classifier import E5Classifier
    from training.e5_torch import CHECK_TEXTS

    manifest = json.loads((out / "manifest.json").read_text())
    runtime = E5Classifier(out, manifest).logits(CHECK_TEXTS)
    torch_ = dev_logits(run, CHECK_TEXTS)
    diff = float(np.abs(runtime - torch_).max())
    print(f"largest |logit difference| runtime vs torch: {diff:.5f}")
    return 0 if diff < 0.02 else 1  # the trained weights ship in fp16
