"""Fine-tune MiniLM end to end on the packed corpus (GPU if there is one, CPU otherwise).

    python -m training.finetune_pack --out .cache/gpu            # here: tokenise, pack, base weights
    python -m training.finetune --pack .cache/gpu --out OUT      # on the GPU box (or here, slowly)
    python -m training.finetune_import --run OUT                 # here: ONNX export, heads, calibration

    # continue an earlier run on a CPU: top layers only, a sample of the public rows, every in-house row
    python -m training.finetune --pack .cache/gpu --out OUT2 --init OUT/ft6e2 --train-top 3 --sample 10000

    # distillation: teacher probabilities (see load_soft) mixed into the loss with weight w
    python -m training.finetune --pack .cache/gpu --out OUT3 --soft teacher.npz --soft-weight 0.5

Self-contained on purpose (torch, numpy, transformers, safetensors; no hatescope import) so it runs
on a machine that has only a copy of this folder and the pack. Model: BERT layers → mean pooling →
L2 norm → the same MLP head shape the runtime reads from heads.npz (``hidden_w``/``emb_w``), so the
exported ONNX still returns a pooled embedding and nothing else in the runtime changes.
The word-embedding table stays frozen: the runtime keeps the base table (and OOV-ish tokens in
unseen text keep their pretrained meaning), and the weights sent back are half the size.
Masked multi-label BCE: a label a dataset does not annotate contributes nothing.
In-house rows (contrastive, adversarial and pins, ``in_house``) are what ``--sample`` never drops and what a
variant with CONTRASTIVE=0 leaves out.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import time
from pathlib import Path

import numpy as np

from training.finetune_weights import EMB_SCALE, init_from, save_variant
from training.train_checkpoint import Checkpointer


def text_key(text: str) -> int:
    """The key of a packed text in a ``--soft`` file: the first 8 bytes of sha256(UTF-8 text), big-endian.
    The text is the one packed (normalised like the runtime's input), so a teacher scores those strings."""
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


def in_house(z) -> np.ndarray:
    """Rows written in-house (contrastive; adversarial and pins where the pack has them: older packs lack the keys)."""
    own = z["contrastive"].copy()
    for key in ("adversarial", "pin"):
        if key in z:
            own |= z[key]
    return own


def load_soft(path: Path, z) -> tuple[np.ndarray, np.ndarray]:
    """Teacher probabilities for the pack's rows: (targets, mask), both rows × labels, float32.

    The file is an ``.npz`` with ``text_key`` (uint64, one per scored text, :func:`text_key` of the packed
    text), ``probs`` (float, texts × labels; NaN where the teacher gave no probability) and ``labels`` (the
    label names of ``probs``' columns, any subset and order of the pack's). Keyed by text, not by row, so
    one teacher file serves packs built later with more or fewer rows. Only training rows take soft
    targets: dev picks the epoch and held-out rows are never trained on.
    """
    if "text_key" not in z:
        raise SystemExit("--soft needs a pack with text_key: re-run training.finetune_pack")
    soft = np.load(path)
    names = [str(x) for x in soft["labels"]]
    pack_labels = [str(x) for x in z["labels"]]
    if not set(names) <= set(pack_labels):
        raise SystemExit(f"{path}: labels {names} are not among the pack's {pack_labels}")
    where = {int(k): i for i, k in enumerate(soft["text_key"])}
    row_of = np.array([where.get(int(k), -1) if split == 0 else -1 for k, split in zip(z["text_key"], z["split"])])
    hit = row_of >= 0
    targets = np.full((len(row_of), len(pack_labels)), np.nan, np.float32)  # NaN: no teacher probability
    targets[np.ix_(hit, [pack_labels.index(n) for n in names])] = soft["probs"][row_of[hit]]
    mask = np.isfinite(targets).astype(np.float32)
    return np.nan_to_num(np.clip(targets, 0.0, 1.0), nan=0.0), mask


def log(msg: str, sink: list[str]) -> None:
    line = f"[{time.strftime('%H:%M:%S')}] {msg}"
    print(line, flush=True)
    sink.append(line)


def load_pack(folder: Path, max_rows: int | None = None) -> dict[str, np.ndarray]:
    z = dict(np.load(folder / "pack.npz"))
    offsets = np.concatenate([[0], np.cumsum(z["lengths"])])
    z["offsets"] = offsets
    if max_rows:  # smoke tests: a few rows of every split
        keep = np.concatenate([np.flatnonzero(z["split"] == c)[:max_rows] for c in (0, 1, 2)])
        z["keep"] = np.sort(keep)
    else:
        z["keep"] = np.arange(len(z["lengths"]))
    return z


def build_model(folder: Path, layers: int, n_labels: int, hidden: int = 256):
    import torch
    from safetensors.torch import load_file
    from transformers import BertConfig, BertModel

    cfg = BertConfig.from_pretrained(str(folder))
    cfg.num_hidden_layers = layers
    bert = BertModel(cfg, add_pooling_layer=False)
    state = {k: v.float() for k, v in load_file(str(folder / "base.safetensors")).items()
             if not k.endswith("position_ids") and (not k.startswith("encoder.layer.") or int(k.split(".")[2]) < layers)}
    missing, unexpected = bert.load_state_dict(state, strict=False)
    missing = [m for m in missing if not m.endswith("position_ids")]
    if missing or unexpected:
        raise SystemExit(f"weights do not fit: missing {missing} unexpected {unexpected}")
    bert.embeddings.word_embeddings.weight.requires_grad_(False)

    class Classifier(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert
            self.hidden = torch.nn.Linear(cfg.hidden_size, hidden)
            self.out = torch.nn.Linear(hidden, n_labels)
            self.drop = torch.nn.Dropout(0.1)

        def embed(self, ids, mask):
            h = self.bert(input_ids=ids, attention_mask=mask).last_hidden_state
            m = mask.unsqueeze(-1).to(h.dtype)
            pooled = (h * m).sum(1) / m.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled.float(), p=2, dim=1)

        def forward(self, ids, mask):
            e = self.embed(ids, mask) * EMB_SCALE
            return self.out(self.drop(torch.relu(self.hidden(e))))

    return Classifier()


def batches(z, rows: np.ndarray, size: int, rng: np.random.Generator | None):
    """Length-bucketed batches: shuffled (training) or in order (prediction), each padded to its longest."""
    if rng is not None:
        rows = rng.permutation(rows)
        chunks = [rows[i : i + size * 50] for i in range(0, len(rows), size * 50)]
        groups = []
        for c in chunks:
            c = c[np.argsort(z["lengths"][c], kind="stable")]
            groups.extend(c[i : i + size] for i in range(0, len(c), size))
        order = rng.permutation(len(groups))
        groups = [groups[i] for i in order]
    else:
        rows = rows[np.argsort(z["lengths"][rows], kind="stable")]
        groups = [rows[i : i + size] for i in range(0, len(rows), size)]
    for g in groups:
        width = int(z["lengths"][g].max())
        ids = np.zeros((len(g), width), np.int64)
        mask = np.zeros((len(g), width), np.int64)
        for j, r in enumerate(g):
            a, b = z["offsets"][r], z["offsets"][r + 1]
            ids[j, : b - a] = z["ids"][a:b]
            mask[j, : b - a] = 1
        yield g, ids, mask


def predict(model, z, rows: np.ndarray, device, size: int = 256) -> np.ndarray:
    import torch

    model.eval()
    out = np.zeros((len(z["lengths"]), z["y"].shape[1]), np.float32)
    with torch.no_grad(), torch.autocast(device.type, dtype=torch.bfloat16, enabled=device.type == "cuda"):
        for g, ids, mask in batches(z, rows, size, None):
            out[g] = model(torch.from_numpy(ids).to(device), torch.from_numpy(mask).to(device)).float().cpu().numpy()
    return out


def masked_loss(logits, y, known_w):
    """BCE against ``y`` (hard labels or teacher probabilities) where ``known_w`` > 0, weighted by it."""
    import torch

    loss = torch.nn.functional.binary_cross_entropy_with_logits(logits.float(), y, reduction="none")
    return (loss * known_w).sum() / known_w.sum().clamp(min=1.0)


def mixed_loss(logits, y, known_w, soft_y, soft_w, weight: float):
    """(1 - weight) · masked BCE on the hard labels + weight · BCE against the teacher's probabilities on every
    (row, label) the teacher scored — rows whose hard labels are unknown included. Each term is a mean over
    its own entries, so ``weight`` is the share of the loss whatever the two counts are."""
    hard = masked_loss(logits, y, known_w)
    if soft_y is None:
        return hard
    return (1.0 - weight) * hard + weight * masked_loss(logits, soft_y, soft_w)


def training_setup(model, z, args, n_train: int):
    """Label targets and masks (rows × labels, weighted), AdamW (body ``--lr``, head ``--head-lr``) and a linear
    schedule with 6% warm-up over ``--epochs`` passes of ``n_train`` rows: (y, known_w, optimiser, scheduler, steps)."""
    import torch

    y = torch.from_numpy(z["y"].astype(np.float32))
    kw = torch.from_numpy(z["known"].astype(np.float32) * z["weight"][:, None])
    head = [p for n, p in model.named_parameters() if not n.startswith("bert.")]
    body = [p for n, p in model.named_parameters() if n.startswith("bert.") and p.requires_grad]
    opt = torch.optim.AdamW([{"params": body, "lr": args.lr}, {"params": head, "lr": args.head_lr}], weight_decay=0.01)
    steps = args.epochs * math.ceil(n_train / args.batch)
    warm = max(1, int(0.06 * steps))
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / (steps - warm))))
    return y, kw, opt, sched, steps


def training_rows(z, contrastive: bool, sample: int | None, rng: np.random.Generator,
                  soft_mask: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(train rows, dev rows) of the kept rows: a training row has a hard label or a teacher probability;
    ``sample`` draws that many public rows and keeps every in-house row; without ``contrastive``, no in-house row."""
    keep = np.zeros(len(z["lengths"]), bool)
    keep[z["keep"]] = True
    own = in_house(z)
    use = keep & (contrastive | ~own)
    trainable = z["known"].any(1) if soft_mask is None else z["known"].any(1) | soft_mask.any(1)
    train_rows = np.flatnonzero(use & (z["split"] == 0) & trainable)
    if sample:
        public = train_rows[~own[train_rows]]
        keep_public = rng.choice(public, size=min(sample, len(public)), replace=False)
        train_rows = np.sort(np.concatenate([keep_public, train_rows[own[train_rows]]]))
    return train_rows, np.flatnonzero(use & (z["split"] == 1) & z["known"].any(1))


def train_variant(args, z, name: str, layers: int, contrastive: bool, sink: list[str]) -> dict:
    import torch

    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    model = build_model(args.pack, layers, z["y"].shape[1])
    if args.init:
        init_from(model, args.init)
    if args.train_top is not None:  # continued training on a CPU: only the top layers (and the head) move
        for n, p in model.bert.named_parameters():
            if not any(n.startswith(f"encoder.layer.{i}.") for i in range(layers - args.train_top, layers)):
                p.requires_grad_(False)
    model = model.to(device)
    soft_y, soft_w, soft_mask = None, None, None
    if getattr(args, "soft", None):
        targets, soft_mask = load_soft(args.soft, z)
        soft_y, soft_w = torch.from_numpy(targets), torch.from_numpy(soft_mask * z["weight"][:, None])
    train_rows, dev_rows = training_rows(z, contrastive, args.sample, rng, soft_mask)
    y, kw, opt, sched, steps = training_setup(model, z, args, len(train_rows))
    soft_weight = float(getattr(args, "soft_weight", 0.0))
    soft_note = f", soft targets on {int((soft_w[train_rows].sum(1) > 0).sum())} rows (w={soft_weight})" if soft_w is not None else ""
    log(f"{name}: {layers} layers, contrastive={contrastive}, train {len(train_rows)}, dev {len(dev_rows)}, "
        f"{steps} steps on {device}{soft_note}", sink)
    out = getattr(args, "out", None)
    ck = Checkpointer(out and out / f"{name}.ckpt.pt", run_fingerprint(args, name, layers, contrastive, len(train_rows)),
                      getattr(args, "checkpoint_seconds", 300.0))
    best, best_state, t0, history, start_epoch, skip = float("inf"), None, time.time(), [], 0, 0
    if (state := ck.load()) is not None:  # a run stopped mid-way: continue where it left off
        model.load_state_dict(state["model"]), opt.load_state_dict(state["opt"]), sched.load_state_dict(state["sched"])
        torch.set_rng_state(state["torch_rng"])
        rng.bit_generator.state = state["epoch_rng"]
        best, best_state, history, start_epoch, skip = (state["best"], state["best_state"], state["history"],
                                                        state["epoch"], state["step"])
        t0 -= state["elapsed"]
        log(f"{name}: resumed at epoch {start_epoch} step {skip}", sink)

    def snapshot(epoch: int, step: int, epoch_rng: dict) -> None:
        ck.save({"model": model.state_dict(), "opt": opt.state_dict(), "sched": sched.state_dict(),
                 "torch_rng": torch.get_rng_state(), "epoch_rng": epoch_rng, "best": best, "best_state": best_state,
                 "history": history, "epoch": epoch, "step": step, "elapsed": time.time() - t0})

    for epoch in range(start_epoch, args.epochs):
        model.train()
        epoch_rng = rng.bit_generator.state  # batches() shuffles with rng: this state rebuilds the epoch's order
        for step, (g, ids, mask) in enumerate(batches(z, train_rows, args.batch, rng)):
            if step < skip:
                continue
            with torch.autocast(device.type, dtype=torch.bfloat16, enabled=device.type == "cuda"):
                logits = model(torch.from_numpy(ids).to(device), torch.from_numpy(mask).to(device))
            loss = mixed_loss(logits, y[g].to(device), kw[g].to(device),
                              None if soft_y is None else soft_y[g].to(device),
                              None if soft_w is None else soft_w[g].to(device), soft_weight)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            if ck.due():
                snapshot(epoch, step + 1, epoch_rng)
        skip = 0
        p = predict(model, z, dev_rows, device)
        dev_loss = float(masked_loss(torch.from_numpy(p[dev_rows]), y[dev_rows], kw[dev_rows]))
        history.append({"epoch": epoch, "dev_loss": dev_loss, "seconds": round(time.time() - t0, 1)})
        log(f"{name}: epoch {epoch} dev loss {dev_loss:.4f} ({time.time() - t0:.0f} s)", sink)
        if dev_loss < best:
            best = dev_loss
            best_state = {k: v.detach().to("cpu", copy=True) for k, v in model.state_dict().items()}
        snapshot(epoch + 1, 0, rng.bit_generator.state)
    model.load_state_dict(best_state)
    ck.clear()
    # Every row but the training rows (which no evaluation reads): dev picks thresholds, test reports.
    logits = predict(model, z, z["keep"][z["split"][z["keep"]] != 0], device)
    return {"model": model.cpu(), "logits": logits, "history": history, "layers": layers,
            "contrastive": contrastive, "train_seconds": round(time.time() - t0, 1), "device": device.type,
            "init": args.init, "train_top": args.train_top, "sample": args.sample,
            "soft": str(args.soft) if getattr(args, "soft", None) else None, "soft_weight": soft_weight if soft_y is not None else None}


def run_fingerprint(args, name: str, layers: int, contrastive: bool, n_train: int) -> str:
    """What must match for a checkpoint to be resumed (see train_checkpoint)."""
    keys = ("pack", "init", "train_top", "sample", "epochs", "batch", "lr", "head_lr", "seed", "soft", "soft_weight", "max_rows")
    return json.dumps([name, layers, contrastive, n_train] + [str(getattr(args, k, None)) for k in keys])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pack", type=Path, default=Path(".cache/gpu"))
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--variants", default="ft6:6:1:w,ft3:3:1:w,ft6_public:6:0:-",
                    help="comma list of NAME:LAYERS:CONTRASTIVE(1/0):WEIGHTS(w/-)")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--head-lr", type=float, default=1e-3)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--max-rows", type=int, default=None, help="smoke test: this many rows per split")
    ap.add_argument("--init", default=None, help="continue from an earlier run's variant: RUN_DIR/NAME")
    ap.add_argument("--train-top", type=int, default=None, help="train only the top K layers (and the head)")
    ap.add_argument("--sample", type=int, default=None,
                    help="public training rows to sample (all in-house rows stay: contrastive and adversarial)")
    ap.add_argument("--soft", type=Path, default=None, help="teacher probabilities (.npz keyed by text_key; see load_soft)")
    ap.add_argument("--soft-weight", type=float, default=0.5,
                    help="with --soft: loss = (1-w)·hard-label BCE + w·BCE against the teacher's probabilities")
    ap.add_argument("--deadline", type=float, default=1e9, help="skip variants that would start after this many seconds")
    ap.add_argument("--checkpoint-seconds", type=float, default=300.0,
                    help="save a resumable checkpoint (OUT/NAME.ckpt.pt) this often; a rerun with the same arguments resumes")
    ap.add_argument("--threads", type=int, default=None,
                    help="torch CPU threads (1 on a CPU shared with other jobs: oversubscribed threads wait on each other)")
    args = ap.parse_args()
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)
    args.out.mkdir(parents=True, exist_ok=True)
    sink: list[str] = []
    t0 = time.time()
    z = load_pack(args.pack, args.max_rows)
    for spec in args.variants.split(","):
        name, layers, con, w = spec.split(":")
        if time.time() - t0 > args.deadline:
            log(f"{name}: skipped (deadline)", sink)
            continue
        res = train_variant(args, z, name, int(layers), con == "1", sink)
        save_variant(args.out, name, res, w == "w")
        log(f"{name}: saved ({time.time() - t0:.0f} s since start)", sink)
        (args.out / "finetune.log").write_text("\n".join(sink) + "\n")


if __name__ == "__main__":
    main()
