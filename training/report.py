"""Dev/test metrics for a trained recipe: thresholds are picked on dev only, then applied to test."""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from hatescope.evaluation.datasets import LABELS, Example
from hatescope.evaluation.metrics import (
    binary_f1,
    classification_report,
    expected_calibration_error,
    roc_auc,
    three_class,
)

GRID = np.round(np.arange(0.05, 0.96, 0.05), 2)
HATE, INSULT = LABELS.index("hate"), LABELS.index("insult")


def _rows(rows: list[Example], split: str, source: str | None = None) -> np.ndarray:
    return np.array([r.split == split and (source is None or r.source == source) for r in rows])


def pick_thresholds(rows: list[Example], p: np.ndarray) -> dict[str, float]:
    """Decision thresholds chosen on the dev split (never on test)."""
    dev = _rows(rows, "dev") & np.array([r.source != "contrastive" for r in rows])
    y = np.array([r.hateful for r in rows])
    best_hate = max(GRID, key=lambda t: classification_report(y[dev], p[dev, HATE] >= t, [True, False])["macro_f1"])
    hx = _rows(rows, "dev", "hatexplain")
    k = np.array([r.klass for r in rows])
    classes = ["hatespeech", "offensive", "normal"]
    best = max(((th, to) for th in GRID for to in GRID),
               key=lambda t: classification_report(k[hx], three_class(p[hx, HATE], p[hx, INSULT], *t), classes)["macro_f1"])
    return {"hate": float(best_hate), "hatexplain_hate": float(best[0]), "hatexplain_offensive": float(best[1])}


def evaluate(rows: list[Example], p: np.ndarray, th: dict[str, float]) -> dict:
    """Per-dataset metrics on dev and test, contrastive-dev accuracy by kind, ECE/AUC per label."""
    y = np.array([r.hateful for r in rows])
    k = np.array([r.klass for r in rows])
    src = np.array([r.source for r in rows])
    split = np.array([r.split for r in rows])
    out: dict = {"thresholds": th, "datasets": {}, "contrastive_dev": {}, "labels": {}}
    for s in sorted(set(src)):
        for sp in ("dev", "test", "eval_dev", "eval_test"):
            m = (src == s) & (split == sp)
            if not m.any() or s == "contrastive":
                continue
            rep = classification_report(y[m], p[m, HATE] >= th["hate"], [True, False])
            entry = {"n": int(m.sum()), "accuracy": rep["accuracy"], "macro_f1": rep["macro_f1"],
                     "f1_hate": rep["f1"]["True"], "auc": roc_auc(y[m], p[m, HATE])}
            if s == "hatexplain":
                pred = three_class(p[m, HATE], p[m, INSULT], th["hatexplain_hate"], th["hatexplain_offensive"])
                entry["three_class"] = classification_report(k[m], pred, ["hatespeech", "offensive", "normal"])
            out["datasets"][f"{s}/{sp}"] = entry
    cdev = (src == "contrastive") & (split == "dev")
    by_kind: dict[str, list[bool]] = defaultdict(list)
    for i in np.flatnonzero(cdev):
        by_kind[k[i]].append(bool((p[i, HATE] >= th["hate"]) == y[i]))
    out["contrastive_dev"] = {kind: float(np.mean(v)) for kind, v in sorted(by_kind.items())}
    if by_kind:
        out["contrastive_dev"]["all"] = float(np.mean([x for v in by_kind.values() for x in v]))
    test = np.isin(split, ["test"])
    for j, label in enumerate(LABELS):
        known = test & np.array([label in r.labels for r in rows])
        yl = np.array([bool(r.labels.get(label, False)) for r in rows])
        out["labels"][label] = {
            "n_test": int(known.sum()), "positives": int(yl[known].sum()),
            "ece": expected_calibration_error(yl[known], p[known, j]), "auc": roc_auc(yl[known], p[known, j]),
            "f1@0.5": binary_f1(yl[known], p[known, j] >= 0.5),
        }
    ship_dev = [v["macro_f1"] for key, v in out["datasets"].items() if key.endswith("/dev")]
    out["summary"] = {
        "mean_dev_macro_f1": float(np.mean(ship_dev)) if ship_dev else float("nan"),
        "hatexplain_dev_3class_macro_f1": out["datasets"].get("hatexplain/dev", {}).get("three_class", {}).get("macro_f1"),
        "contrastive_dev_accuracy": out["contrastive_dev"].get("all"),
        "dynahate_dev_accuracy": out["datasets"].get("dynahate/eval_dev", {}).get("accuracy"),
    }
    return out
