"""training.sealed_paired: item-paired counts on the small sealed sets, and what a rule may call noise."""

from __future__ import annotations

import json

import pytest

from training import sealed_paired
from training.sealed_paired import compare_set


def _items(n: int, wrong: set[int]) -> dict[str, bool]:
    return {f"k{i}": i not in wrong for i in range(n)}


def test_one_more_wrong_of_three_hundred_is_noise_but_a_one_sided_run_is_not():
    before = _items(311, {1, 2})
    one = compare_set(before, _items(311, {1, 2, 3}))
    assert (one["broken"], one["fixed"], one["p_worse"]) == (1, 0, 0.5) and one["rise_within_noise"]
    five = compare_set(before, _items(311, {1, 2, 3, 4, 5, 6, 7}))
    assert five["broken"] == 5 and five["p_worse"] == pytest.approx(1 / 32) and not five["rise_within_noise"]


def test_a_rise_above_one_percent_fails_even_when_not_significant():
    before = _items(272, set(range(0, 40, 2)))            # 20 wrong
    after = _items(272, set(range(1, 46, 2)))             # 23 wrong: 23 broken, 20 fixed
    c = compare_set(before, after)
    assert (c["broken"], c["fixed"]) == (23, 20) and c["p_worse"] > 0.05
    assert not c["rise_within_noise"]                     # a rise of 3 > 1% of 272 (2)
    assert compare_set(after, before)["rise_within_noise"]  # a fall is never held against a candidate


def test_scores_from_different_item_sets_are_refused():
    with pytest.raises(ValueError):
        compare_set(_items(3, set()), _items(4, set()))


def test_score_keeps_no_id_or_text(monkeypatch, tmp_path):
    items = {"context_sealed": [("c1", "Jews are vermin and should be exterminated.", True, "post"),
                                ("c2", "Happy Hanukkah to everyone celebrating tonight!", False, "post")],
             "identity_sanity_sealed": [("i1", "My grandmother was a Roma musician.", False, None)],
             "pins_test": [("p1", "Eid Mubarak, neighbours!", False, None)]}
    monkeypatch.setattr(sealed_paired, "_items", lambda: items)
    out = tmp_path / "s.json"
    assert sealed_paired.main(["score", "--out", str(out)]) == 0
    stored = out.read_text()
    for name, rows in items.items():
        for item_id, text, _, _ in rows:
            assert item_id not in stored and text[:12] not in stored
    scored = json.loads(stored)
    assert sorted(scored) == sorted(items) and all(len(v) == len(items[k]) for k, v in scored.items())
    assert scored["context_sealed"][sealed_paired.opaque("context_sealed", "c1")] is True  # plain hate is caught
