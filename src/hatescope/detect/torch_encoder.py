"""The classifier's encoder in PyTorch, for ``--device cuda`` (optional extra ``hatescope[gpu]``).

Same weights as the ONNX path (read from ``encoder.onnx`` by :mod:`hatescope.detect.onnx_weights`),
same computation: BERT embeddings and layers, mean pooling over real tokens, L2 normalisation.
On CUDA it runs in fp16 by default (``precision="auto"``), with PyTorch's fused attention kernel;
``precision="fp32"`` keeps fp32. On the CPU it runs in fp32 and matches the ONNX encoder to ~1e-5,
which is what the tests check (a GPU is not needed to know the two compute the same thing).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from hatescope.detect.onnx_weights import bert_weights, layer_count
from hatescope.errors import DeviceUnavailable

HEAD_DIM = 32  # MiniLM-L6: 384 hidden = 12 heads x 32
LN_EPS = 1e-12


class TorchEncoder:
    """``encoder(ids, mask) -> (n, hidden) float32`` on ``device`` ("cuda", "cuda:1", "cpu")."""

    def __init__(self, onnx_path: str | Path, *, device: str = "cuda", precision: str = "auto",
                 threads: int | None = None) -> None:
        try:
            import torch
        except ImportError:
            raise DeviceUnavailable("the PyTorch encoder needs torch: pip install 'hatescope[gpu]'") from None
        self.torch = torch
        if threads or device != "cpu":
            # On CUDA the host only copies ids in and embeddings out: a CPU thread pool per worker would only spin.
            torch.set_num_threads(threads or 1)
        self.device = torch.device(device)
        half = precision in ("auto", "fp16") and self.device.type == "cuda"
        self.dtype = torch.float16 if half else torch.float32
        w = bert_weights(onnx_path)
        self.layers = layer_count(w)

        def t(name: str):
            return torch.from_numpy(w[name]).to(self.device, self.dtype)

        self.word = t("embeddings.word_embeddings.weight")
        self.pos = t("embeddings.position_embeddings.weight")
        self.type0 = t("embeddings.token_type_embeddings.weight")[0]  # every token is segment 0
        self.emb_ln = (t("embeddings.LayerNorm.weight"), t("embeddings.LayerNorm.bias"))
        self.blocks = []
        for i in range(self.layers):
            p = f"encoder.layer.{i}."
            # q, k and v as one (hidden, 3*hidden) product: one kernel launch instead of three.
            qkv_w = torch.cat([t(p + f"attention.self.{x}.weight") for x in ("query", "key", "value")], dim=1)
            qkv_b = torch.cat([t(p + f"attention.self.{x}.bias") for x in ("query", "key", "value")])
            self.blocks.append({
                "qkv": (qkv_w, qkv_b),
                "out": (t(p + "attention.output.dense.weight"), t(p + "attention.output.dense.bias")),
                "ln1": (t(p + "attention.output.LayerNorm.weight"), t(p + "attention.output.LayerNorm.bias")),
                "up": (t(p + "intermediate.dense.weight"), t(p + "intermediate.dense.bias")),
                "down": (t(p + "output.dense.weight"), t(p + "output.dense.bias")),
                "ln2": (t(p + "output.LayerNorm.weight"), t(p + "output.LayerNorm.bias")),
            })
        self.hidden = self.word.shape[1]
        self.heads = self.hidden // HEAD_DIM

    def __call__(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        torch = self.torch
        F = torch.nn.functional
        with torch.inference_mode():
            ids_t = torch.from_numpy(ids).to(self.device, non_blocking=True)
            keep = torch.from_numpy(mask).to(self.device, non_blocking=True).bool()
            n, length = ids_t.shape
            x = self.word[ids_t] + self.pos[:length] + self.type0
            x = F.layer_norm(x, (self.hidden,), *self.emb_ln, eps=LN_EPS)
            attn_mask = keep[:, None, None, :]  # True = attend; padding is never attended to
            for b in self.blocks:
                qkv = torch.addmm(b["qkv"][1], x.reshape(-1, self.hidden), b["qkv"][0]).view(n, length, 3, self.heads, HEAD_DIM)
                q, k, v = qkv.permute(2, 0, 3, 1, 4)
                ctx = F.scaled_dot_product_attention(q, k, v, attn_mask=attn_mask, scale=1.0 / math.sqrt(HEAD_DIM))
                ctx = ctx.transpose(1, 2).reshape(n * length, self.hidden)
                attn = torch.addmm(b["out"][1], ctx, b["out"][0]).view(n, length, self.hidden)
                x = F.layer_norm(attn + x, (self.hidden,), *b["ln1"], eps=LN_EPS)
                up = F.gelu(torch.addmm(b["up"][1], x.reshape(-1, self.hidden), b["up"][0]))
                down = torch.addmm(b["down"][1], up, b["down"][0]).view(n, length, self.hidden)
                x = F.layer_norm(down + x, (self.hidden,), *b["ln2"], eps=LN_EPS)
            weights = keep.to(torch.float32)[..., None]
            pooled = (x.float() * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
            pooled = pooled / pooled.norm(dim=1, keepdim=True).clamp(min=1e-12)
            return pooled.cpu().numpy()
