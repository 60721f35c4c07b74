"""Where the multilingual `hate` head is calibrated and chosen: on the public dev parts (each set weighing the same),
never on in-house pairs, when the recipe asks; larger public dev parts that keep the training rows as they were."""

from __future__ import annotations

import numpy as np
import pytest

from hatescope.evaluation.foreign_datasets import ForeignExample
from training import multilingual_data
from training.train_multilingual import (LABELS, dev_measures, fit_heads, predict, public_base_rate,
                                         public_calibration_weights, public_dev_flagged, with_hate_prior)


def _row(source: str, split: str, hate: bool, language: str = "de") -> ForeignExample:
    return ForeignExample(f"{source} {split} {hate}", language, source, split, {"hate": hate})


def _arrays(rows: list[ForeignExample]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    known = np.array(["hate" in r.labels for r in rows])
    y = np.array([r.labels.get("hate", False) for r in rows])
    dev = np.array([r.split == "dev" for r in rows])
    return known, y, dev


def test_each_public_set_weighs_the_same_and_nothing_else_counts():
    rows = ([_row("germeval2018", "dev", h) for h in (True, True, False, False)]
            + [_row("mlma_fr", "dev", h, "fr") for h in (True,) + (False,) * 7]
            + [_row("cold", "dev", False, "zh")] * 3                     # one class only: says nothing of a threshold
            + [_row("inhouse_de", "dev", h) for h in (True, False)]      # adversarial pairs
            + [_row("contrastive_de", "dev", True), _row("germeval2018", "train", True)]
            + [_row("hatexplain", "dev", True, "en"), _row("hatexplain", "dev", False, "en")])
    w = public_calibration_weights(rows, *_arrays(rows))
    assert w[:4].sum() == pytest.approx(w[4:12].sum()) == pytest.approx(6.0)
    assert w[:12].mean() == pytest.approx(1.0)
    assert not w[12:].any()


def _synthetic(inhouse_hate: bool, seed: int = 0) -> tuple[list[ForeignExample], np.ndarray]:
    """Train rows whose first coordinate says hate; public dev rows where hate is rare; in-house dev rows."""
    rng = np.random.default_rng(seed)
    rows, emb = [], []
    for split, source, n, share in (("train", "germeval2018", 400, 0.5), ("dev", "germeval2018", 200, 0.1),
                                    ("dev", "mlma_fr", 200, 0.2), ("dev", "inhouse_de", 100, 0.5)):
        for i in range(n):
            hate = bool(rng.random() < share)
            x = rng.normal(size=4)
            x[0] = rng.normal(0.8 if hate else -0.8)
            rows.append(ForeignExample(f"{source}{split}{i}", "fr" if source == "mlma_fr" else "de", source, split,
                                       {"hate": hate or (source == "inhouse_de" and inhouse_hate)}))
            emb.append(x)
    return rows, np.array(emb, np.float32)


def test_public_calibration_matches_the_public_base_rate_and_ignores_in_house_pairs():
    rows, emb = _synthetic(inhouse_hate=False)
    kw = dict(alpha=1e-3, inhouse=1.0, public=1.0, labels=("hate",), hidden=8)
    heads = fit_heads(rows, emb, calibrate_hate="public", **kw)
    public, foreign = heads["cal"][0], fit_heads(rows, emb, calibrate_hate="foreign", **kw)["cal"][0]
    # Platt with an intercept: the mean probability of each set, averaged over the sets, is their mean base rate.
    p, y = predict(heads, emb)[:, 0], np.array([r.labels["hate"] for r in rows])
    sets = [[i for i, r in enumerate(rows) if r.split == "dev" and r.source == s] for s in ("germeval2018", "mlma_fr")]
    assert np.mean([p[s].mean() for s in sets]) == pytest.approx(np.mean([y[s].mean() for s in sets]), abs=0.01)
    flipped_rows, _ = _synthetic(inhouse_hate=True)  # every in-house dev pair now labelled hateful
    assert fit_heads(flipped_rows, emb, calibrate_hate="public", **kw)["cal"][0] == pytest.approx(public)
    assert fit_heads(flipped_rows, emb, calibrate_hate="foreign", **kw)["cal"][0][1] > foreign[1] + 0.3


def test_the_dev_score_can_read_the_public_sets_at_the_threshold():
    rows = ([_row("germeval2018", "dev", h) for h in (True, True, False, False)]
            + [_row("inhouse_de", "dev", h) for h in (True, False)] + [_row("contrastive_de", "dev", False)])
    p = np.zeros((len(rows), len(LABELS)))
    p[:, 0] = [0.9, 0.4, 0.3, 0.1, 0.9, 0.1, 0.2]  # ranks the public set perfectly, flags one of its two hateful rows
    auc, f1 = dev_measures(rows, p, "auc"), dev_measures(rows, p, "macro_f1")
    assert auc["public_auc"]["germeval2018"] == f1["public_auc"]["germeval2018"] == 1.0
    assert f1["public_macro_f1"]["germeval2018"] == pytest.approx((2 / 3 + 0.8) / 2, abs=1e-4)
    assert auc["dev_score"] == pytest.approx(1.0)
    assert f1["dev_score"] == pytest.approx((1 + (2 / 3 + 0.8) / 2 + 1) / 3, abs=1e-4)


def test_harmless_public_dev_rows_flagged_per_head():
    rows = [_row("germeval2018", "dev", False)] * 4 + [_row("germeval2018", "dev", True), _row("inhouse_de", "dev", False)]
    p = np.zeros((len(rows), len(LABELS)))
    p[0, LABELS.index("hate")] = 0.6
    p[1, LABELS.index("incitement")] = 0.46  # incitement makes a text hateful from 0.45 in the default policy
    p[4:, :] = 1.0  # a hateful row and an in-house row are no false alarm of a public set
    got = public_dev_flagged(rows, p)
    assert got == {"germeval2018": {"n": 4, "hate": 0.25, "dehumanization": 0.0, "incitement": 0.25, "any": 0.5}}


def test_larger_public_dev_parts_keep_the_training_rows(monkeypatch):
    def read(_data_dir):
        return [ForeignExample(f"t{i}", "de", "fake", "train" if i % 3 else "dev", {"hate": i % 2 == 0})
                for i in range(300)]

    monkeypatch.setattr(multilingual_data, "SHIP_FOREIGN", {"fake": read})
    small = multilingual_data.public_foreign_rows(None, cap=60, seed=13)
    large = multilingual_data.public_foreign_rows(None, cap=60, seed=13, dev_cap=50)
    train = lambda rows: [r.text for r in rows if r.split == "train"]  # noqa: E731
    dev = lambda rows: [r.text for r in rows if r.split == "dev"]  # noqa: E731
    assert train(small) == train(large) and len(train(small)) == 60
    assert len(dev(small)) == 10 and len(dev(large)) == 50
    assert dev(large)[:10] == dev(small)


def test_a_prior_moves_the_hate_odds_by_the_change_in_base_rate_and_nothing_else():
    rows, emb = _synthetic(inhouse_hate=False)
    heads = fit_heads(rows, emb, alpha=1e-3, inhouse=1.0, public=1.0, labels=("hate",), hidden=8, calibrate_hate="public")
    base = public_base_rate(rows)
    assert base == pytest.approx(np.mean([np.mean([r.labels["hate"] for r in rows if r.split == "dev" and r.source == s])
                                          for s in ("germeval2018", "mlma_fr")]))
    odds = lambda p: p / (1 - p)  # noqa: E731
    before, after = predict(heads, emb), predict(with_hate_prior(heads, base, 0.4), emb)
    np.testing.assert_allclose(odds(after[:, 0]) / odds(before[:, 0]), odds(0.4) / odds(base), rtol=1e-3)
    np.testing.assert_array_equal(after[:, 1:], before[:, 1:])
    assert with_hate_prior(heads, base, None) is heads
