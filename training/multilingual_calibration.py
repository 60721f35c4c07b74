"""Where the multilingual heads' probabilities are calibrated: which dev rows the Platt fit reads and where `hate`'s
0.5 sits (training/train_multilingual.py; training/RECIPES.md, "Run multilingual_r3", says why)."""

from __future__ import annotations

import numpy as np

from hatescope.evaluation.foreign_datasets import ForeignExample
from training.multilingual_data import source_group

#: The heads, in the order of the model's outputs.
LABELS = ("hate", "insult", "dehumanization", "incitement")


def calibration_rows(rows: list[ForeignExample], known: np.ndarray, y: np.ndarray, dev: np.ndarray) -> np.ndarray:
    """Dev rows the Platt calibration of one label is fitted on: real posts (not our twins) that are not English,
    where the label has both classes there, else real posts of every language, else every dev row. Why not
    English: the heads only ever score text that is not English, and their logits there are smaller (calibrated
    on English rows, clear German hate came out at 0.4); why not the twins: calibrated on the clear-cut twins,
    the incitement head flagged 11% of harmless German tweets."""
    real = dev & known & np.array([not r.source.startswith("contrastive") for r in rows])
    foreign = real & np.array([r.language != "en" for r in rows])
    for subset in (foreign, real):
        if len(set(y[subset].tolist())) == 2:
            return subset
    return dev & known


def public_calibration_weights(rows: list[ForeignExample], known: np.ndarray, y: np.ndarray,
                               dev: np.ndarray) -> np.ndarray:
    """Row weights for calibrating on the public dev parts in other languages: each set whose label has both
    classes there weighs the same in all (1 / its rows, scaled so the weights average 1); every other row 0.
    Why: the heads meet real posts where hate is rare, and the in-house pairs (half hateful, written to fool the
    model) had put release 2's 0.5 where hate is common; why equal weights: no one set's base rate decides."""
    weight = np.zeros(len(rows))
    public = dev & known & np.array([source_group(r) == "public" for r in rows])
    sets: dict[str, list[int]] = {}
    for i in np.flatnonzero(public):
        sets.setdefault(rows[i].source, []).append(i)
    both = [idx for idx in sets.values() if len(set(y[idx].tolist())) == 2]
    for idx in both:
        weight[idx] = sum(map(len, both)) / (len(both) * len(idx))
    return weight


def public_base_rate(rows: list[ForeignExample]) -> float:
    """The base rate of hate that the public calibration is fitted to: the mean of the public dev sets' base rates
    (the sets public_calibration_weights uses)."""
    known = np.array(["hate" in r.labels for r in rows])
    y = np.array([bool(r.labels.get("hate", False)) for r in rows])
    weight = public_calibration_weights(rows, known, y, np.array([r.split == "dev" for r in rows]))
    return float((weight * y).sum() / weight.sum())


def with_hate_prior(heads: dict[str, np.ndarray], base_rate: float, prior: float | None) -> dict[str, np.ndarray]:
    """The heads with `hate` calibrated to a prior ``prior`` instead of ``base_rate`` (None: unchanged): Platt's
    intercept moves by the change in prior log-odds, so `hate` ≥ 0.5 means "more likely hateful than not where
    hate has base rate ``prior``". Why: calibrated to the public sets' base rate (about 12%) the head's 0.5 flagged
    nothing on dev (its ranking is too weak for a probability that high); where the decision should sit is chosen
    on dev, the slope and the base stay the public sets'."""
    if prior is None:
        return heads
    out = {k: v.copy() for k, v in heads.items()}
    logit = lambda q: float(np.log(q / (1 - q)))  # noqa: E731
    out["cal"][LABELS.index("hate"), 1] += logit(prior) - logit(base_rate)
    return out
