"""The teacher network: all-mpnet-base-v2 → mean pooling → L2 norm → a small MLP head (one logit per label).

The encoder can run in two halves, ``lower(ids, mask, k)`` (embeddings + layers 0..k-1) and
``upper(hidden, mask, k)`` (layers k.. + pooling + head), so a CPU run computes the frozen lower layers once
(:mod:`training.teacher.cache`) and trains only the top. ``forward`` is the two halves joined.

Also here: the masked multi-label loss, reading/writing the teacher's weights (the base safetensors plus the
tensors a run trained) and scoring a run. Batches over a pack are :mod:`training.teacher.batches` (the cache
builds them too).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from training.teacher.batches import batch_groups, load_pack, padded

#: The L2-normalised sentence embedding is scaled before the head so the head starts with useful activations.
EMB_SCALE = 20.0
HEAD_HIDDEN = 256


def additive_mask(mask, dtype):
    """(B, T) 0/1 → (B, 1, 1, T) additive attention mask (large negative on padding)."""
    import torch

    return (1.0 - mask[:, None, None, :].to(dtype)) * torch.finfo(dtype).min


def build(teacher_dir: Path, n_labels: int):
    """The teacher with the base weights loaded (head freshly initialised, seeded by the caller)."""
    import torch
    from safetensors.torch import load_file
    from transformers import MPNetConfig, MPNetModel

    cfg = MPNetConfig.from_pretrained(str(teacher_dir))
    mpnet = MPNetModel(cfg, add_pooling_layer=False)
    state = {k: v for k, v in load_file(str(teacher_dir / "model.safetensors")).items()
             if not k.startswith("pooler.") and not k.endswith("position_ids")}
    missing, unexpected = mpnet.load_state_dict(state, strict=False)
    missing = [m for m in missing if not m.endswith("position_ids")]
    if missing or unexpected:
        raise SystemExit(f"{teacher_dir}: weights do not fit mpnet (missing {missing}, unexpected {unexpected})")

    class Teacher(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.mpnet = mpnet
            self.hidden = torch.nn.Linear(cfg.hidden_size, HEAD_HIDDEN)
            self.out = torch.nn.Linear(HEAD_HIDDEN, n_labels)
            self.drop = torch.nn.Dropout(0.1)
            self.n_layers = cfg.num_hidden_layers

        def _layers(self, x, mask, start: int, stop: int):
            if start >= stop:
                return x
            bias = self.mpnet.encoder.compute_position_bias(x)
            am = additive_mask(mask, torch.float32)
            for layer in self.mpnet.encoder.layer[start:stop]:
                x = layer(x, am, bias)[0]
            return x

        def lower(self, ids, mask, k: int):
            return self._layers(self.mpnet.embeddings(input_ids=ids), mask, 0, k)

        def embed(self, hidden, mask, k: int):
            h = self._layers(hidden, mask, k, self.n_layers)
            m = mask.unsqueeze(-1).to(h.dtype)
            pooled = (h * m).sum(1) / m.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled.float(), p=2, dim=1)

        def upper(self, hidden, mask, k: int):
            e = self.embed(hidden, mask, k) * EMB_SCALE
            return self.out(self.drop(torch.relu(self.hidden(e))))

        def forward(self, ids, mask):
            return self.upper(self.lower(ids, mask, 0), mask, 0)

    return Teacher()


def freeze_below(model, k: int) -> list[str]:
    """Freeze embeddings, the shared relative-position table and layers 0..k-1 (when k > 0); return trained names."""
    for name, p in model.named_parameters():
        top = any(name.startswith(f"mpnet.encoder.layer.{i}.") for i in range(k, model.n_layers))
        p.requires_grad_(k == 0 or top or not name.startswith("mpnet."))
    # Word embeddings stay frozen even in a full fine-tune: rare tokens keep their pretrained meaning.
    model.mpnet.embeddings.word_embeddings.weight.requires_grad_(False)
    return [n for n, p in model.named_parameters() if p.requires_grad]


def masked_loss(logits, y, known_w):
    """Multi-label BCE where a label the row's dataset does not annotate contributes nothing."""
    import torch

    loss = torch.nn.functional.binary_cross_entropy_with_logits(logits.float(), y, reduction="none")
    return (loss * known_w).sum() / known_w.sum().clamp(min=1.0)


def save_trained(model, path: Path, names: list[str], meta: dict) -> None:
    """The tensors a run trained (all of them in a full fine-tune), fp32, with how to rebuild the rest."""
    from safetensors.torch import save_file

    sd = model.state_dict()
    save_file({n: sd[n].detach().cpu().contiguous() for n in names}, str(path),
              metadata={"teacher": json.dumps(meta)})


def load_trained(teacher_dir: Path, path: Path, n_labels: int):
    """Base weights + a run's trained tensors → the fine-tuned teacher (eval mode) and the run's metadata."""
    from safetensors import safe_open
    from safetensors.torch import load_file

    model = build(teacher_dir, n_labels)
    with safe_open(str(path), "pt") as fh:
        meta = json.loads(fh.metadata()["teacher"])
    missing, unexpected = model.load_state_dict(load_file(str(path)), strict=False)
    if unexpected or any(not m.startswith("mpnet.") for m in missing):
        raise SystemExit(f"{path}: not a teacher run (unexpected {unexpected[:3]}, missing {missing[:3]})")
    return model.eval(), meta


def load_for_scoring(run: Path, pack: Path, teacher_dir: Path, cache_dir: Path | None):
    """What scoring a run needs: the pack, the run's teacher on the GPU when there is one, that device, and the
    layer-k cache in ``cache_dir`` (None when absent or built for another k than the run froze)."""
    import torch

    from training.teacher.cache import HiddenCache

    z = load_pack(pack)
    model, meta = load_trained(teacher_dir, run / "teacher.safetensors", len(z["labels"]))
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    model.to(device)
    cache = HiddenCache(cache_dir) if cache_dir and (cache_dir / "meta.json").exists() else None
    if cache is not None and cache.k != meta["k"]:
        cache = None
    return z, model, cache, device


def add_scoring_arguments(ap, cache_help: str) -> None:
    """The flags naming a trained run and what it was trained from (evaluate and soft_labels take them)."""
    ap.add_argument("--run", type=Path, default=Path(".cache/teacher/run"))
    ap.add_argument("--pack", type=Path, default=Path(".cache/teacher/pack.npz"))
    ap.add_argument("--teacher", type=Path, default=Path(".cache/teacher/all-mpnet-base-v2"))
    ap.add_argument("--cache", type=Path, default=None, help=cache_help)


def predict(model, z: dict, rows: np.ndarray, *, cache=None, device=None, batch: int = 128) -> np.ndarray:
    """Logits (len(rows), labels) float32 in ``rows`` order: from the layer-k cache where it holds the rows
    (only the top layers run), otherwise the whole network from token ids."""
    import torch

    device = device or torch.device("cpu")
    rows = np.asarray(rows, np.int64)
    out = np.zeros((len(rows), len(z["labels"])), np.float32)
    if len(rows) == 0:
        return out
    pos = {int(r): i for i, r in enumerate(rows)}
    cached = cache is not None and all(int(r) in cache for r in rows)
    model.eval()
    with torch.no_grad(), torch.autocast(device.type, dtype=torch.bfloat16, enabled=device.type == "cuda"):
        for group in batch_groups(z["lengths"], rows, batch, None):
            if cached:
                hidden, mask = cache.batch(group)
                logits = model.upper(torch.from_numpy(hidden).to(device), torch.from_numpy(mask).to(device), cache.k)
            else:
                ids, mask = padded(z["ids"], z["offsets"], z["lengths"], group)
                logits = model(torch.from_numpy(ids).to(device), torch.from_numpy(mask).to(device))
            out[[pos[int(r)] for r in group]] = logits.float().cpu().numpy()
    return out
