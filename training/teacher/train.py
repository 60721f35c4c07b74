"""Fine-tune the teacher (all-mpnet-base-v2 + MLP head, masked multi-label BCE) on the teacher pack.

    python -m training.teacher.train --out .cache/teacher/run                    # CPU: K=10 frozen, top 2 trained
    python -m training.teacher.train --out .cache/teacher/run --deadline 3000    # stop cleanly; rerun continues

GPU (``torch.cuda.is_available()``): full fine-tune (word embeddings frozen), bf16 autocast; the epochs are sized
from the token count to fit ``--budget-s`` (8 minutes) on one H100 and the estimate is printed first.
CPU: layers 0..K-1 are frozen; their output is computed once per row into ``--cache`` (fp16, real tokens only,
sharded, resumable) and only layers K..11 + the head are trained from it.

Either way a checkpoint (trained tensors, optimiser, scheduler, RNG, epoch/batch position) is written every
``--ckpt-every`` steps and at a deadline, and a rerun with the same ``--out`` continues from it. Model
selection: dev loss at the end of each epoch (dev macro-F1 logged too); split 2 is never read here.
Outputs in OUT: ``teacher.safetensors`` (best trained tensors + metadata), ``train.json`` (history).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import time
from pathlib import Path

import numpy as np

from training.teacher.evaluate import dev_metrics
from training.teacher.batches import batch_groups, load_pack, padded
from training.teacher.model import build, freeze_below, masked_loss, predict, save_trained
from training.teacher.progress import Progress

TRAIN, DEV = 0, 1
#: H100 planning figures for mpnet-base at ~30-token rows: effective bf16 throughput and per-step overhead
#: (kernel launches, optimiser); the estimate is their sum over the planned steps.
GPU_FLOPS = 100e12
GPU_STEP_S = 0.04
ENCODER_PARAMS = 86e6  # mpnet-base without the word-embedding table


def select(z: dict, max_rows: int | None) -> tuple[np.ndarray, np.ndarray]:
    """Training and dev rows that have at least one known label (``max_rows`` of each for smoke tests)."""
    has = z["known"].any(1)
    train, dev = np.flatnonzero((z["split"] == TRAIN) & has), np.flatnonzero((z["split"] == DEV) & has)
    return (train[:max_rows], dev[:max_rows]) if max_rows else (train, dev)


def gpu_estimate_s(z: dict, rows: np.ndarray, epochs: int, batch: int) -> float:
    """Seconds for ``epochs`` full fine-tune passes on one H100 (padding in length buckets taken as +15%)."""
    tokens = float(z["lengths"][rows].sum()) * 1.15 * epochs
    steps = epochs * math.ceil(len(rows) / batch)
    return 6 * ENCODER_PARAMS * tokens / GPU_FLOPS + steps * GPU_STEP_S


def fit_gpu_budget(z: dict, rows: np.ndarray, args) -> tuple[int, np.ndarray]:
    """The most epochs (of ``--epochs``, at least 2) that fit the budget; below 2 the public rows are sampled."""
    for epochs in range(args.epochs, 1, -1):
        if gpu_estimate_s(z, rows, epochs, args.batch) <= args.budget_s:
            return epochs, rows
    share = args.budget_s / gpu_estimate_s(z, rows, 2, args.batch)
    rng = np.random.default_rng(args.seed)
    return 2, np.sort(rng.choice(rows, size=int(len(rows) * share), replace=False))


def _atomic_torch_save(obj, path: Path) -> None:
    import torch

    tmp = path.with_name(path.name + ".tmp")
    torch.save(obj, tmp)
    os.replace(tmp, path)


class Run:
    """Optimiser, schedule and the resumable position of one training run."""

    def __init__(self, model, names: list[str], args, steps: int, config: dict) -> None:
        import torch

        self.model, self.names, self.args, self.steps, self.config = model, names, args, steps, config
        params = dict(model.named_parameters())
        head = [params[n] for n in names if not n.startswith("mpnet.")]
        body = [params[n] for n in names if n.startswith("mpnet.")]
        self.opt = torch.optim.AdamW([{"params": body, "lr": args.lr}, {"params": head, "lr": args.head_lr}],
                                     weight_decay=0.01)
        warm = max(1, int(0.06 * steps))
        self.sched = torch.optim.lr_scheduler.LambdaLR(
            self.opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm))))
        self.epoch = self.batch_index = self.step = 0
        self.best, self.history, self.done = float("inf"), [], False
        self.path = args.out / "checkpoint.pt"

    def save(self) -> None:
        import torch

        sd = self.model.state_dict()
        _atomic_torch_save({
            "config": self.config, "trained": {n: sd[n].detach().cpu() for n in self.names},
            "opt": self.opt.state_dict(), "sched": self.sched.state_dict(), "rng": torch.get_rng_state(),
            "cuda_rng": torch.cuda.get_rng_state_all() if torch.cuda.is_available() else None,
            "epoch": self.epoch, "batch_index": self.batch_index, "step": self.step, "best": self.best,
            "history": self.history, "done": self.done}, self.path)

    def resume(self) -> bool:
        import torch

        if not self.path.exists():
            return False
        ck = torch.load(self.path, weights_only=False)
        if ck["config"] != self.config:
            raise SystemExit(f"{self.path}: written by a run with other settings {ck['config']}; use another --out")
        self.model.load_state_dict(ck["trained"], strict=False)
        self.opt.load_state_dict(ck["opt"])
        self.sched.load_state_dict(ck["sched"])
        torch.set_rng_state(ck["rng"])
        if ck["cuda_rng"] is not None and torch.cuda.is_available():
            torch.cuda.set_rng_state_all(ck["cuda_rng"])
        for key in ("epoch", "batch_index", "step", "best", "history", "done"):
            setattr(self, key, ck[key])
        return True


def evaluate_dev(run: Run, z: dict, dev: np.ndarray, cache, device, k: int, tag: str) -> None:
    """Dev metrics now; the trained tensors become ``best.safetensors`` when dev loss improves."""
    m = dev_metrics(predict(run.model, z, dev, cache=cache, device=device), z, dev)
    run.history.append({"at": tag, "step": run.step, **m})
    print(f"dev after {tag} (step {run.step}): loss {m['loss']:.4f} macro-F1 {m['macro_f1']:.4f} {m['f1']}", flush=True)
    if m["loss"] < run.best:
        run.best = m["loss"]
        save_trained(run.model, run.args.out / "best.safetensors", run.names,
                     {"k": k, "step": run.step, "dev": m, "labels": [str(x) for x in z["labels"]]})


def train(args) -> int:
    import torch

    torch.set_num_threads(args.threads)
    gpu = torch.cuda.is_available() and args.device != "cpu"
    device = torch.device("cuda" if gpu else "cpu")
    k = 0 if gpu else args.freeze
    deadline = time.time() + args.deadline if args.deadline else None
    args.out.mkdir(parents=True, exist_ok=True)
    z = load_pack(args.pack)
    train_rows, dev = select(z, args.max_rows)
    epochs = args.epochs
    if gpu:
        epochs, train_rows = fit_gpu_budget(z, train_rows, args)
        print(f"GPU plan: {len(train_rows)} rows ({int(z['lengths'][train_rows].sum())} tokens) x {epochs} epochs, "
              f"batch {args.batch}: estimated {gpu_estimate_s(z, train_rows, epochs, args.batch) / 60:.1f} min "
              f"on one H100 (budget {args.budget_s / 60:.1f} min)", flush=True)
    torch.manual_seed(args.seed)
    model = build(args.teacher, len(z["labels"]))
    names = freeze_below(model, k)
    cache = None
    if k:
        from training.teacher.cache import HiddenCache, build_cache

        rows = np.union1d(train_rows, dev)
        if not build_cache(model, z, rows, k, args.cache, args.teacher, shard_rows=args.shard_rows, deadline=deadline):
            print("cache incomplete at the deadline; rerun the same command to continue", flush=True)
            return 0
        cache = HiddenCache(args.cache)
    model.to(device)
    groups_per_epoch = math.ceil(len(train_rows) / args.batch)
    steps = min(epochs * groups_per_epoch, args.max_steps or 10**12)
    config = {"k": k, "rows": len(train_rows), "epochs": epochs, "batch": args.batch, "lr": args.lr,
              "head_lr": args.head_lr, "seed": args.seed, "steps": steps, "device": device.type}
    run = Run(model, names, args, steps, config)
    if run.resume():
        print(f"resuming at epoch {run.epoch}, batch {run.batch_index}, step {run.step}/{steps}", flush=True)
    else:
        print(f"training {len(names)} tensors ({sum(p.numel() for p in model.parameters() if p.requires_grad) / 1e6:.1f}M "
              f"parameters, layers {k}-11 + head) on {device}: {len(train_rows)} rows x {epochs} epochs = {steps} steps",
              flush=True)
    y = torch.from_numpy(z["y"].astype(np.float32))
    kw = torch.from_numpy(z["known"].astype(np.float32) * z["weight"][:, None])
    params = [p for p in model.parameters() if p.requires_grad]
    stopped = False
    while not run.done:
        groups = batch_groups(z["lengths"], train_rows, args.batch, np.random.default_rng([args.seed, run.epoch]))
        bar = Progress(sum(len(g) for g in groups), f"epoch {run.epoch + 1}/{epochs}", "rows",
                       initial=sum(len(g) for g in groups[: run.batch_index]))
        model.train()
        while run.batch_index < len(groups) and run.step < steps:
            g = groups[run.batch_index]
            with torch.autocast(device.type, dtype=torch.bfloat16, enabled=gpu):
                if k:
                    hidden, mask = cache.batch(g)
                    logits = model.upper(torch.from_numpy(hidden).to(device), torch.from_numpy(mask).to(device), k)
                else:
                    ids, mask = padded(z["ids"], z["offsets"], z["lengths"], g)
                    logits = model(torch.from_numpy(ids).to(device), torch.from_numpy(mask).to(device))
            loss = masked_loss(logits, y[g].to(device), kw[g].to(device))
            run.opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            run.opt.step()
            run.sched.step()
            run.batch_index += 1
            run.step += 1
            bar.update(len(g), f"loss {loss.item():.4f} step {run.step}/{steps}")
            if run.step % args.ckpt_every == 0:
                run.save()
            if args.halt_at_step and run.step == args.halt_at_step:  # simulates an interruption (tests)
                run.save()
                bar.close(f"halted at step {run.step}")
                return 0
            if deadline is not None and time.time() > deadline:
                stopped = True
                break
        bar.close()
        if stopped:
            run.save()
            print(f"stopped at the deadline after step {run.step}; rerun the same command to continue", flush=True)
            return 0
        finished = run.step >= steps
        evaluate_dev(run, z, dev, cache, device, k, f"epoch {run.epoch + 1}" if run.batch_index >= len(groups) else
                     f"step {run.step}")
        if run.batch_index >= len(groups):
            run.epoch, run.batch_index = run.epoch + 1, 0
        run.done = finished or run.epoch >= epochs
        run.save()
    shutil.copy(args.out / "best.safetensors", args.out / "teacher.safetensors")
    (args.out / "train.json").write_text(json.dumps({"config": config, "history": run.history, "best_dev_loss": run.best},
                                                    indent=1) + "\n")
    print(f"done: best dev loss {run.best:.4f} → {args.out / 'teacher.safetensors'}", flush=True)
    return 0


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pack", type=Path, default=Path(".cache/teacher/pack.npz"))
    ap.add_argument("--teacher", type=Path, default=Path(".cache/teacher/all-mpnet-base-v2"), help="base weights folder")
    ap.add_argument("--out", type=Path, default=Path(".cache/teacher/run"))
    ap.add_argument("--cache", type=Path, default=None, help="layer-K cache folder (default .cache/teacher/cache_kK)")
    ap.add_argument("--freeze", type=int, default=10, help="CPU: lower layers frozen and cached (of 12)")
    ap.add_argument("--device", choices=("auto", "cpu"), default="auto")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=None, help="encoder lr (default 2e-5 GPU full, 5e-5 CPU top layers)")
    ap.add_argument("--head-lr", type=float, default=1e-3)
    ap.add_argument("--budget-s", type=float, default=480.0, help="GPU: training time the plan must fit")
    ap.add_argument("--deadline", type=float, default=None, help="stop cleanly at a checkpoint after this many seconds")
    ap.add_argument("--ckpt-every", type=int, default=200, help="steps between checkpoints")
    ap.add_argument("--shard-rows", type=int, default=1000, help="rows per cache shard")
    ap.add_argument("--max-rows", type=int, default=None, help="smoke test: this many training and dev rows")
    ap.add_argument("--max-steps", type=int, default=None, help="smoke test: stop training after this many steps")
    ap.add_argument("--halt-at-step", type=int, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=13)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    import torch

    gpu = torch.cuda.is_available() and args.device != "cpu"
    if args.lr is None:
        args.lr = 2e-5 if gpu else 5e-5
    if args.cache is None:
        args.cache = Path(f".cache/teacher/cache_k{args.freeze}")
    return train(args)


if __name__ == "__main__":
    raise SystemExit(main())
