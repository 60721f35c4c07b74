"""The teacher pipeline (training/teacher): packing, resumable training from the layer cache, soft labels.

Needs the teacher's files under .cache/teacher (``python -m training.teacher.fetch``); the training test also
needs torch (``.venv-train``). Both are absent in CI, where these tests skip.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

from hatescope.evaluation.datasets import Example

TEACHER = Path(__file__).resolve().parents[1] / ".cache" / "teacher" / "all-mpnet-base-v2"
needs_tokenizer = pytest.mark.skipif(not (TEACHER / "tokenizer.json").exists(), reason="teacher not fetched")
needs_weights = pytest.mark.skipif(
    importlib.util.find_spec("torch") is None or not (TEACHER / "model.safetensors").exists(),
    reason="needs torch and the teacher's weights")

HATEFUL = ["those people are vermin and should be driven out", "they are animals, every one of them",
           "get rid of them all before they breed", "that whole group is a disease on this country"]
BENIGN = ["my neighbours cooked us a lovely dinner", "the match was postponed because of rain",
          "we read a book about the history of the city", "thanks for the help with the garden",
          "the bus was late again this morning", "she plays the cello in an orchestra"]


def rows() -> list[Example]:
    out = []
    for i, text in enumerate(HATEFUL + BENIGN):
        hateful = text in HATEFUL
        split = "train" if i % 5 < 3 else ("dev" if i % 5 == 3 else "test")
        out.append(Example(text, hateful, "hatexplain", split, {"hate": hateful, "insult": hateful}))
    return out


@needs_tokenizer
def test_extra_texts_skip_any_packed_or_sealed_text_and_keep_the_student_key():
    from hatescope.evaluation.datasets import dedup_key
    from training.finetune import text_key
    from training.teacher.pack import pack

    corpus = rows()
    test_text = next(r.text for r in corpus if r.split == "test")
    extras = [("stormfront", test_text.upper() + " !"),   # a held-out text in other clothes
              ("stormfront", "a sealed sentence nobody may see"),
              ("mlma_en", "The weather in the hills was mild today"),
              ("mlma_en", "the weather in the hills was mild today")]  # a repeat of the previous extra
    z = pack(corpus, extras, TEACHER / "tokenizer.json", blocked={dedup_key("a sealed sentence nobody may see")})
    assert [str(s) for s in z["extra_source"]] == ["mlma_en"]
    assert int(z["extra_text_key"][0]) == text_key(str(z["extra_texts"][0]))
    assert [int(k) for k in z["text_key"]] == [text_key(r.text) for r in corpus]
    assert z["lengths"].sum() == len(z["ids"]) and z["extra_lengths"].sum() == len(z["extra_ids"])
    held = z["split"] == 2
    assert held.any() and not z["known"][held].any() and z["annotated"][held][:, 0].all()


@needs_weights
@pytest.mark.slow
def test_tiny_run_resumes_exactly_and_writes_soft_labels(tmp_path, capsys):
    from safetensors.torch import load_file

    from training.finetune import load_soft
    from training.teacher import evaluate, soft_labels, train
    from training.teacher.pack import pack

    z = pack(rows(), [("stance_written", "we will not let you scapegoat refugees again")], TEACHER / "tokenizer.json")
    np.savez(tmp_path / "pack.npz", **z)
    common = ["--pack", str(tmp_path / "pack.npz"), "--teacher", str(TEACHER), "--cache", str(tmp_path / "cache"),
              "--device", "cpu", "--batch", "2", "--max-steps", "4", "--ckpt-every", "1", "--epochs", "2",
              "--shard-rows", "3"]
    assert train.main([*common, "--out", str(tmp_path / "straight")]) == 0
    assert train.main([*common, "--out", str(tmp_path / "resumed"), "--halt-at-step", "2"]) == 0
    assert not (tmp_path / "resumed" / "teacher.safetensors").exists()
    capsys.readouterr()
    assert train.main([*common, "--out", str(tmp_path / "resumed")]) == 0
    assert "resuming at epoch 0, batch 2, step 2/4" in capsys.readouterr().out
    a = load_file(str(tmp_path / "straight" / "teacher.safetensors"))
    b = load_file(str(tmp_path / "resumed" / "teacher.safetensors"))
    assert sorted(a) == sorted(b) and all(bool((a[k] == b[k]).all()) for k in a)
    assert all(k.startswith(("mpnet.encoder.layer.10.", "mpnet.encoder.layer.11.", "hidden.", "out.")) for k in a)
    assert len(list((tmp_path / "cache").glob("rows_*.npy"))) == 3  # 8 train/dev rows in shards of 3

    soft_labels.soft_labels(tmp_path / "straight", tmp_path / "pack.npz", TEACHER, tmp_path / "soft.npz",
                            tmp_path / "cache")
    soft = np.load(tmp_path / "soft.npz")
    assert soft["probs"].dtype == np.float16 and ((soft["probs"] >= 0) & (soft["probs"] <= 1)).all()
    assert soft["extra"].sum() == 1 and len(soft["text_key"]) == int((z["split"] != 2).sum()) + 1
    held_keys = {int(k) for k in z["text_key"][z["split"] == 2]}
    assert held_keys and not held_keys & {int(k) for k in soft["text_key"]}
    targets, mask = load_soft(tmp_path / "soft.npz", z)
    assert mask[z["split"] == 0].all() and not mask[z["split"] != 0].any()

    report = evaluate.evaluate(tmp_path / "straight", tmp_path / "pack.npz", TEACHER, tmp_path / "cache")
    assert report["dev"]["rows"] == int((z["split"] == 1).sum())
    assert {line["dataset"] for line in report["held_out"]} == {"hatexplain"}
    assert json.loads((tmp_path / "straight" / "eval.json").read_text())["dev"]["loss"] == report["dev"]["loss"]
