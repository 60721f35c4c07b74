"""Criterion 1 of the English candidates' rule: pooled dev error, exact McNemar, per-round tolerance."""

from __future__ import annotations

import pytest

from training.adversarial_compare import compare, mcnemar_one_sided


def _run(rows: dict[str, list[bool]]) -> dict:
    return {"dev": {name: {f"{name}-{i}": ok for i, ok in enumerate(bits)} for name, bits in rows.items()},
            "sealed_error": {name: 0.1 for name in rows}}


def test_mcnemar_matches_the_binomial_tail():
    assert mcnemar_one_sided(0, 0) == 1.0
    assert mcnemar_one_sided(5, 0) == pytest.approx(1 / 32)
    assert mcnemar_one_sided(3, 3) == pytest.approx(42 / 64)  # P(X >= 3), X ~ Bin(6, 1/2)


def test_a_clear_pooled_gain_passes():
    before = _run({"r1": [False] * 20 + [True] * 80, "r2": [False] * 10 + [True] * 90})
    after = _run({"r1": [True] * 20 + [True] * 80, "r2": [True] * 5 + [False] * 5 + [True] * 90})
    result = compare(before, after)
    assert result["fixed"] == 25 and result["broken"] == 0
    assert result["mcnemar_p"] < 0.05 and result["passed"]


def test_one_round_rising_past_the_tolerance_fails_even_with_a_pooled_gain():
    before = _run({"r1": [False] * 30 + [True] * 70, "r2": [True] * 100})
    after = _run({"r1": [True] * 100, "r2": [False] * 2 + [True] * 98})  # r2: +2 points
    result = compare(before, after, tolerance=1.0)
    assert result["pooled_error_after"] < result["pooled_error_before"]
    assert result["rounds"][1]["rises_too_much"] and not result["passed"]


def test_a_gain_of_a_few_rows_is_not_significant():
    before = _run({"r1": [False] * 3 + [True] * 97})
    after = _run({"r1": [True] * 2 + [False] + [True] * 97})
    result = compare(before, after)
    assert result["pooled_error_after"] < result["pooled_error_before"]
    assert result["mcnemar_p"] > 0.05 and not result["passed"]


def test_runs_over_different_rows_are_refused():
    before = _run({"r1": [True, False]})
    after = {"dev": {"r1": {"other": True, "r1-1": False}}, "sealed_error": {"r1": 0.1}}
    with pytest.raises(SystemExit):
        compare(before, after)


def test_per_round_mcnemar_lets_a_small_rise_pass_and_stops_a_significant_one():
    before = _run({"r1": [False] * 30 + [True] * 70, "r2": [True] * 100})
    small = _run({"r1": [True] * 100, "r2": [False] * 2 + [True] * 98})  # r2: 2 rows broken, p(worse) = 0.25
    result = compare(before, small, round_test="mcnemar")
    assert result["rounds"][1]["p_worse"] == pytest.approx(0.25)
    assert not result["rounds"][1]["rises_too_much"] and result["passed"]
    large = _run({"r1": [True] * 100, "r2": [False] * 6 + [True] * 94})  # 6 broken, none fixed: p = 1/64
    result = compare(before, large, round_test="mcnemar")
    assert result["rounds"][1]["rises_too_much"] and not result["passed"]


def test_english_rounds_stop_at_the_last_round_a_rule_names():
    from training.adversarial_compare import english_rounds

    every = english_rounds()
    assert len(every) >= 13 and all(" " not in name for name, _ in every)
    assert [name for name, _ in english_rounds(12)] == [f"r{n}" for n in range(1, 13)]
