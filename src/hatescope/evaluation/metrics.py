"""Classification metrics in plain numpy (the runtime install has no scikit-learn)."""

from __future__ import annotations

from typing import Sequence

import numpy as np


def f1_per_class(y_true: Sequence, y_pred: Sequence, classes: Sequence) -> dict:
    t, p = np.asarray(y_true), np.asarray(y_pred)
    out = {}
    for c in classes:
        tp = float(np.sum((p == c) & (t == c)))
        fp = float(np.sum((p == c) & (t != c)))
        fn = float(np.sum((p != c) & (t == c)))
        out[c] = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
    return out


def classification_report(y_true: Sequence, y_pred: Sequence, classes: Sequence) -> dict:
    """Accuracy, macro-F1 and per-class F1 (plain Python floats, JSON-safe)."""
    per = f1_per_class(y_true, y_pred, classes)
    t, p = np.asarray(y_true), np.asarray(y_pred)
    return {
        "n": int(len(t)),
        "accuracy": float(np.mean(t == p)) if len(t) else 0.0,
        "macro_f1": float(np.mean(list(per.values()))) if per else 0.0,
        "f1": {str(k): float(v) for k, v in per.items()},
    }


def binary_f1(y_true: Sequence[bool], y_pred: Sequence[bool]) -> float:
    return f1_per_class(np.asarray(y_true, bool), np.asarray(y_pred, bool), [True])[True]


def expected_calibration_error(y_true: Sequence[bool], prob: Sequence[float], bins: int = 10) -> float:
    """ECE with equal-width bins: mean |accuracy - confidence| weighted by bin size."""
    y, p = np.asarray(y_true, float), np.asarray(prob, float)
    if not len(y):
        return float("nan")
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    ece = 0.0
    for b in range(bins):
        m = which == b
        if m.any():
            ece += m.mean() * abs(y[m].mean() - p[m].mean())
    return float(ece)


def reliability_curve(y_true: Sequence[bool], prob: Sequence[float], bins: int = 10) -> list[tuple[float, float, int]]:
    """(mean predicted, observed rate, count) per non-empty bin, for calibration plots."""
    y, p = np.asarray(y_true, float), np.asarray(prob, float)
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    return [(float(p[which == b].mean()), float(y[which == b].mean()), int((which == b).sum()))
            for b in range(bins) if (which == b).any()]


def roc_auc(y_true: Sequence[bool], score: Sequence[float]) -> float:
    """Area under the ROC curve via the rank-sum statistic (ties get average ranks)."""
    y, s = np.asarray(y_true, bool), np.asarray(score, float)
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    if not n_pos or not n_neg:
        return float("nan")
    order = np.argsort(s, kind="mergesort")
    ranks = np.empty(len(s))
    sorted_s = s[order]
    i = 0
    while i < len(s):
        j = i
        while j + 1 < len(s) and sorted_s[j + 1] == sorted_s[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return float((ranks[y].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def three_class(p_hate: np.ndarray, p_insult: np.ndarray, t_hate: float, t_insult: float) -> np.ndarray:
    """HateXplain-style decision: hatespeech if p_hate ≥ t_hate, else offensive if p_insult ≥ t_insult, else normal."""
    out = np.full(len(p_hate), "normal", dtype=object)
    out[p_insult >= t_insult] = "offensive"
    out[p_hate >= t_hate] = "hatespeech"
    return out
