"""The paired bootstrap behind training.public_set_noise: macro-F1 per resample and the spread of a change."""

from __future__ import annotations

import numpy as np

from training.public_set_noise import macro_f1, paired_bootstrap


def test_macro_f1_matches_the_definition():
    gold = np.array([[True, True, False, False]])
    pred = np.array([[True, False, False, True]])
    # hateful F1: tp 1, fp 1, fn 1 → 0.5; not hateful likewise 0.5
    assert macro_f1(gold, pred)[0] == 0.5
    assert macro_f1(gold, gold)[0] == 1.0


def test_same_verdicts_do_not_move_and_a_real_fall_is_seen():
    rng = np.random.default_rng(0)
    gold = list(rng.random(600) < 0.3)
    before = [g if rng.random() < 0.85 else not g for g in gold]
    same = paired_bootstrap(gold, before, before, resamples=200)
    assert same["observed_change"] == 0 and same["sd_of_change"] == 0 and same["share_below_minus_tolerance"] == 0
    worse = [g if rng.random() < 0.6 else not g for g in gold]
    fall = paired_bootstrap(gold, before, worse, resamples=200)
    assert fall["observed_change"] < -0.1 and fall["share_below_minus_tolerance"] > 0.95 and fall["sd_of_change"] > 0
    assert fall["share_showing_a_fall"] >= fall["share_below_minus_tolerance"] and same["share_showing_a_fall"] == 0
