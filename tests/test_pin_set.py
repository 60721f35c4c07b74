"""The pin set keeps only what a blind annotator also read as innocent, never an evaluation suite's text, splits by id,
and enters a training pack as in-house rows that ``--sample`` keeps and the held-out fifth never trains."""

from __future__ import annotations

import json

import numpy as np
import pytest

pins = pytest.importorskip("training.pins", reason="training/ is only in a source checkout")


def _write(path, rows) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def _pin(i: int, text: str) -> dict:
    return {"id": f"p9-{i:04d}", "text": text, "hateful": False, "kind": "greeting", "group": "muslims"}


def test_split_is_a_function_of_the_id_and_holds_out_about_a_fifth() -> None:
    ids = [f"p1-{i:04d}" for i in range(3000)]
    splits = [pins.split_of_pin(i) for i in ids]
    assert splits == [pins.split_of_pin(i) for i in ids]
    assert set(splits) == {"train", "test"}
    assert 0.17 < splits.count("test") / len(splits) < 0.23


def test_agree_keeps_what_both_read_as_innocent_and_drops_suite_texts_and_copies(tmp_path) -> None:
    root, blind, cases = tmp_path / "pins", tmp_path / "blind", tmp_path / "cases"
    for d in (root, blind, cases):
        d.mkdir()
    _write(root / "p9.jsonl", [_pin(1, "Eid Mubarak to the whole street!"), _pin(2, "Ramadan kareem, neighbours"),
                               _pin(3, "Happy Diwali from all of us"), _pin(4, "happy diwali   from all of us")])
    (cases / "suite.toml").write_text('[[case]]\nid = "x1"\ntext = "Ramadan Kareem, neighbours"\n', encoding="utf-8")
    _write(blind / "decoys.jsonl", [{"id": "decoy-0000", "text": "a", "hateful": True},
                                    {"id": "decoy-0001", "text": "b", "hateful": False}])
    _write(root / "annotator.jsonl", [{"id": "p9-0001", "hateful": True}, {"id": "p9-0002", "hateful": False},
                                      {"id": "p9-0003", "hateful": False}, {"id": "p9-0004", "hateful": False},
                                      {"id": "decoy-0000", "hateful": True}, {"id": "decoy-0001", "hateful": False}])
    stats = pins.agree(root, blind, cases)
    kept = [json.loads(line) for line in (root / "gold.jsonl").read_text().splitlines()]
    assert [k["id"] for k in kept] == ["p9-0003"]
    assert stats["dropped"] == {"annotator read it as hateful": 1, "text of an evaluation case": 1, "duplicate text": 1}
    assert stats["decoy_agreement"] == 2
    # 6 items, one disagreement (p9-0001): observed 5/6; reference yes 1/6, annotator yes 2/6
    assert stats["kappa_with_decoys"] == pytest.approx((5 / 6 - (1 / 6 * 2 / 6 + 5 / 6 * 4 / 6)) / (1 - (1 / 6 * 2 / 6 + 5 / 6 * 4 / 6)))


def test_agree_refuses_an_annotation_with_missing_ids(tmp_path) -> None:
    root, blind = tmp_path / "pins", tmp_path / "blind"
    root.mkdir(), blind.mkdir()
    _write(root / "p9.jsonl", [_pin(1, "Shalom, friends")])
    _write(blind / "decoys.jsonl", [])
    _write(root / "annotator.jsonl", [])
    with pytest.raises(SystemExit, match="lacks 1 ids"):
        pins.agree(root, blind, tmp_path)


def test_pins_are_in_house_rows_that_sampling_keeps_and_held_out_pins_never_train(tmp_path) -> None:
    from hatescope.detect.classifier import DEFAULT_MODEL_DIR
    from hatescope.evaluation.datasets import Example
    from training.finetune import in_house, training_rows
    from training.finetune_pack import HELD_OUT, pack

    rows = [Example(f"public post number {i}", i % 2 == 0, "hatexplain", "train", {"hate": i % 2 == 0}) for i in range(20)]
    rows += [Example(f"happy holidays number {i}", False, "pin", split, {"hate": False}) for i, split in
             enumerate(["train", "train", "test"])]
    z = pack(rows, DEFAULT_MODEL_DIR / "tokenizer.json", pin_weight=3.0)
    assert z["pin"].tolist() == [False] * 20 + [True] * 3
    assert z["weight"][z["pin"]].tolist() == [3.0, 3.0, 3.0]
    assert z["split"][-1] == HELD_OUT and not z["known"][-1].any()
    z = {**z, "keep": np.arange(len(rows))}
    assert in_house(z)[-3:].all()
    train, _ = training_rows(z, True, 5, np.random.default_rng(0))
    assert {20, 21} <= set(train.tolist()) and 22 not in train and len(train) == 7
