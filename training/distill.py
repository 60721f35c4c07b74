"""Distil the shipped fine-tuned encoder into a shallower student (for the fast profile; runs on a CPU).

    python -m training.distill --pack .cache/gpu2 --teacher RUN/ft6id --out RUN3 --layers 0,2,4
    python -m training.finetune_import --run RUN3 --name st3 --pack .cache/gpu2 --out DIR

    # or only the teacher's probabilities on the training rows, for training.finetune --soft
    python -m training.distill --pack .cache/gpu2 --teacher RUN/ft6id --write-soft RUN/teacher_soft.npz

The student is the teacher with fewer layers (``--layers`` picks which teacher layers it starts from)
and the teacher's MLP head. It learns to reproduce the teacher on the training rows: the pooled,
L2-normalised embedding (cosine loss) and the head's logits (soft-target BCE), plus the labels
themselves with a small weight. The teacher's outputs are computed once and cached beside the run.
The output has :mod:`training.finetune`'s format, so ``finetune_import`` turns it into a model folder
(ONNX export, char heads, stacking, thresholds on dev) exactly as it does for the teacher.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from training.finetune import batches, build_model, load_pack, log, masked_loss, predict, training_setup
from training.finetune_weights import EMB_SCALE, init_from, init_head, layer_count, read_weights, save_variant


def teacher_outputs(args, z, rows: np.ndarray, sink: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(pooled embeddings, logits) of the teacher for ``rows``; cached in ``OUT/teacher_outputs.bin`` (an npz
    archive under another name, so that tools that read every ``*.npz`` of a run take it for no variant)."""
    import torch

    cache = args.out / "teacher_outputs.bin"
    if cache.exists():
        c = np.load(cache)
        if np.array_equal(c["rows"], rows):
            return c["emb"], c["logits"]
    run, name = Path(args.teacher).parent, Path(args.teacher).name
    layers = layer_count(read_weights(run, name))
    teacher = build_model(args.pack, layers, z["y"].shape[1])
    init_from(teacher, args.teacher)
    teacher.eval()
    emb = np.zeros((len(z["lengths"]), 384), np.float32)
    logits = np.zeros((len(z["lengths"]), z["y"].shape[1]), np.float32)
    t0 = time.time()
    with torch.no_grad():
        for g, ids, mask in batches(z, rows, 64, None):
            e = teacher.embed(torch.from_numpy(ids), torch.from_numpy(mask))
            emb[g] = e.numpy()
            logits[g] = teacher.out(torch.relu(teacher.hidden(e * EMB_SCALE))).numpy()
    log(f"teacher outputs for {len(rows)} rows ({time.time() - t0:.0f} s)", sink)
    with cache.open("wb") as fh:
        np.savez(fh, rows=rows, emb=emb[rows], logits=logits[rows])
    return emb[rows], logits[rows]


def student(args, z):
    """A ``len(--layers)``-layer model whose layer i starts as teacher layer ``layers[i]``, with the teacher's head."""
    picks = [int(x) for x in args.layers.split(",")]
    model = build_model(args.pack, len(picks), z["y"].shape[1])
    teacher = Path(args.teacher)
    tuned = read_weights(teacher.parent, teacher.name)
    state = {}
    for k, v in tuned.items():
        if k.startswith("encoder.layer."):
            src = int(k.split(".")[2])
            if src in picks:
                state[k.replace(f"encoder.layer.{src}.", f"encoder.layer.{picks.index(src)}.", 1)] = v
        else:
            state[k] = v
    missing, unexpected = model.bert.load_state_dict(state, strict=False)
    if unexpected or [m for m in missing if "word_embeddings" not in m and not m.endswith("position_ids")]:
        raise SystemExit(f"teacher weights do not fit the student: missing {missing} unexpected {unexpected}")
    init_head(model, teacher.parent, teacher.name)
    return model, picks


def train(args, z, sink: list[str]) -> dict:
    import torch

    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    train_rows = np.flatnonzero(z["split"] == 0)
    if args.sample:
        train_rows = np.sort(rng.choice(train_rows, size=min(args.sample, len(train_rows)), replace=False))
    dev_rows = np.flatnonzero((z["split"] == 1) & z["known"].any(1))
    t_emb, t_logits = teacher_outputs(args, z, train_rows, sink)
    pos = np.full(len(z["lengths"]), -1)
    pos[train_rows] = np.arange(len(train_rows))
    t_emb, t_soft = torch.from_numpy(t_emb), torch.sigmoid(torch.from_numpy(t_logits))
    model, picks = student(args, z)
    y, kw, opt, sched, steps = training_setup(model, z, args, len(train_rows))
    log(f"{args.name}: {len(picks)} layers from teacher layers {picks}, train {len(train_rows)}, {steps} steps", sink)
    best, best_state, t0, history, step = float("inf"), None, time.time(), [], 0
    for epoch in range(args.epochs):
        model.train()
        for g, ids, mask in batches(z, train_rows, args.batch, rng):
            i = torch.from_numpy(pos[g])
            e = model.embed(torch.from_numpy(ids), torch.from_numpy(mask))
            logits = model.out(model.drop(torch.relu(model.hidden(e * EMB_SCALE))))
            cos = 1.0 - (e * t_emb[i]).sum(1).mean()
            soft = torch.nn.functional.binary_cross_entropy_with_logits(logits, t_soft[i])
            loss = args.w_emb * cos + soft + args.w_label * masked_loss(logits, y[g], kw[g])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            if step % 200 == 0:
                log(f"{args.name}: step {step}/{steps} cos {cos.item():.4f} soft {soft.item():.4f} "
                    f"({time.time() - t0:.0f} s)", sink)
        p = predict(model, z, dev_rows, torch.device("cpu"))
        dev_loss = float(masked_loss(torch.from_numpy(p[dev_rows]), y[dev_rows], kw[dev_rows]))
        history.append({"epoch": epoch, "dev_loss": dev_loss, "seconds": round(time.time() - t0, 1)})
        log(f"{args.name}: epoch {epoch} dev loss {dev_loss:.4f} ({time.time() - t0:.0f} s)", sink)
        if dev_loss < best:
            best = dev_loss
            best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
    model.load_state_dict(best_state)
    logits = predict(model, z, np.flatnonzero(z["split"] != 0), torch.device("cpu"))
    return {"model": model, "logits": logits, "history": history, "layers": len(picks), "contrastive": True,
            "train_seconds": round(time.time() - t0, 1), "device": "cpu", "init": f"distilled from {Path(args.teacher).name} "
            f"(teacher layers {picks})", "train_top": None, "sample": args.sample}


def write_soft(args, z, sink: list[str]) -> Path:
    """The teacher's probabilities on every training row, in :func:`training.finetune.load_soft`'s format."""
    if "text_key" not in z:
        raise SystemExit("--write-soft needs a pack with text_key: re-run training.finetune_pack")
    rows = np.flatnonzero(z["split"] == 0)
    _, logits = teacher_outputs(args, z, rows, sink)
    np.savez_compressed(args.write_soft, text_key=z["text_key"][rows],
                        probs=(1 / (1 + np.exp(-logits))).astype(np.float32), labels=z["labels"])
    log(f"teacher probabilities on {len(rows)} training rows: {args.write_soft}", sink)
    return args.write_soft


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pack", type=Path, default=Path(".cache/gpu2"))
    ap.add_argument("--teacher", required=True, help="the teacher run's variant: RUN_DIR/NAME")
    ap.add_argument("--out", type=Path, default=None, help="the student's run folder")
    ap.add_argument("--write-soft", type=Path, default=None,
                    help="write the teacher's probabilities (finetune --soft) to this .npz instead of training a student")
    ap.add_argument("--name", default="st3")
    ap.add_argument("--layers", default="0,2,4", help="teacher layers the student's layers start from")
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--head-lr", type=float, default=1e-4)
    ap.add_argument("--w-emb", type=float, default=5.0, help="weight of the embedding (cosine) loss")
    ap.add_argument("--w-label", type=float, default=0.2, help="weight of the true-label loss")
    ap.add_argument("--sample", type=int, default=None, help="train on this many training rows only")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=None)
    args = ap.parse_args()
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)
    if args.write_soft:
        args.out = args.out or args.write_soft.parent  # where the teacher's outputs are cached
    elif not args.out:
        ap.error("--out is required (unless --write-soft)")
    args.out.mkdir(parents=True, exist_ok=True)
    sink: list[str] = []
    if args.write_soft:
        write_soft(args, load_pack(args.pack), sink)
        return
    res = train(args, load_pack(args.pack), sink)
    save_variant(args.out, args.name, res, True)
    (args.out / "distill.log").write_text("\n".join(sink) + "\n")
    log(f"{args.name}: saved to {args.out}", sink)


if __name__ == "__main__":
    main()
