"""The adversarial rounds are well-formed data: every line valid, every pair an original and its label-flipping
contrast, splits decided per pair, and the agreement statistic computed as Cohen defined it."""

from __future__ import annotations

import json
from collections import defaultdict

import pytest

from training.adversarial.annotate import agreement, cohen_kappa
from hatescope.evaluation.sealed import round_folders
from training.adversarial.rounds import ROOT, load_round, split_of_pair
from training.adversarial.schema import check_row

ROUNDS = round_folders(ROOT)


def test_kappa_matches_a_hand_computed_case() -> None:
    # 10 items: observed agreement 0.8; both say "yes" half the time → expected 0.5 → kappa 0.6
    a = [True] * 5 + [False] * 5
    b = [True, True, True, True, False, True, False, False, False, False]
    assert cohen_kappa(a, b) == pytest.approx(0.6)
    assert cohen_kappa(a, a) == pytest.approx(1.0)


def test_a_row_with_a_type_that_contradicts_its_label_is_refused() -> None:
    row = {"id": "x", "pair_id": "p", "round": 1, "writer": "w", "lang": "en", "text": "hi",
           "hateful": True, "type": "greeting", "targets": []}
    assert any("does not fit" in p for p in check_row(row))
    assert check_row({**row, "hateful": False}) == []
    assert any("unknown target" in p for p in check_row({**row, "hateful": False, "targets": ["martians"]}))


def test_split_is_a_function_of_the_pair_and_seals_about_a_fifth() -> None:
    pairs = [f"r9-w9-p{i:04d}" for i in range(4000)]
    splits = [split_of_pair(p) for p in pairs]
    assert splits == [split_of_pair(p) for p in pairs]
    assert 0.17 < splits.count("sealed") / len(splits) < 0.23


@pytest.mark.skipif(not ROUNDS, reason="no round written yet")
@pytest.mark.parametrize("rdir", [d for _, d in ROUNDS], ids=[name for name, _ in ROUNDS])
def test_every_round_line_is_valid_and_pairs_flip_the_label(rdir) -> None:
    rows, problems = load_round(rdir)
    assert not problems, "\n".join(map(str, problems[:10]))
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)), "duplicate ids"
    pairs = defaultdict(list)
    for row in rows:
        pairs[row["pair_id"]].append(row)
    for pair_id, members in pairs.items():
        assert len({m["split"] for m in members}) == 1
        originals = [m for m in members if not m.get("contrast_of")]
        assert len(originals) == 1, f"{pair_id}: {len(originals)} originals"
        for m in members:
            if m.get("contrast_of"):
                assert m["contrast_of"] == originals[0]["id"], pair_id
                assert m["hateful"] != originals[0]["hateful"], f"{pair_id}: the contrast does not flip the label"


def test_agreement_keeps_agreed_rows_and_drops_unadjudicated_disputes(tmp_path) -> None:
    rdir = tmp_path / "r1"
    rdir.mkdir()
    base = {"round": 1, "writer": "w1", "lang": "en", "type": "other_benign", "targets": [], "hateful": False}
    rows = [{**base, "id": f"a{i}", "pair_id": f"p{i}", "text": f"text {i}"} for i in range(4)]
    (rdir / "w1.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    labels = [False, False, True, True]  # annotator disagrees on a2 and a3
    (rdir / "annotator.jsonl").write_text(
        "".join(json.dumps({"id": f"a{i}", "hateful": h}) + "\n" for i, h in enumerate(labels)))
    (rdir / "adjudicator.jsonl").write_text(json.dumps({"id": "a2", "hateful": False}) + "\n")
    stats = agreement(rdir)
    gold = [json.loads(line) for line in (rdir / "gold.jsonl").read_text().splitlines()]
    assert stats["agreed"] == 2 and stats["adjudicated"] == 1 and stats["dropped"] == 1
    assert [g["id"] for g in gold] == ["a0", "a1", "a2"] and not any(g["gold"] for g in gold)
