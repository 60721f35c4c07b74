"""Self-distillation targets: an earlier model's own probabilities on the public rows a continued run trains on.

    python -m training.self_soft --pack .cache/pack_r10 --init .cache/runs/r7/ft6u --sample 10000 --out soft.npz
    python -m training.finetune --pack .cache/pack_r10 --init .cache/runs/r7/ft6u --sample 10000 \\
        --soft soft.npz --soft-weight 0.5 ...

Why: continuing the top layers on the adversarial rounds moved innocent sentences that name a group toward hateful
(runs r8 and r9 in training/RECIPES.md). Holding the public rows to the starting model's probabilities ("learning
without forgetting") lets the rounds teach what is new while the rest of the function stays where the shipped model
had it. The in-house rows keep their hard labels alone. The public rows scored are exactly those ``finetune`` will
draw with the same ``--sample`` and ``--seed`` (:func:`training.finetune.training_rows`), so no time goes to rows
the run never sees. The file has the shape :func:`training.finetune.load_soft` reads.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from training.finetune import build_model, in_house, load_pack, predict, training_rows
from training.finetune_weights import init_from, layer_count, read_weights


def public_rows(z, sample: int | None, seed: int) -> np.ndarray:
    """The public training rows ``finetune --sample SAMPLE --seed SEED`` trains on (every in-house row excluded)."""
    rows, _ = training_rows(z, True, sample, np.random.default_rng(seed))
    return rows[~in_house(z)[rows]]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pack", type=Path, required=True)
    ap.add_argument("--init", required=True, help="the model to keep close to: RUN_DIR/NAME")
    ap.add_argument("--sample", type=int, default=None, help="as finetune's --sample (the same draw)")
    ap.add_argument("--seed", type=int, default=13, help="as finetune's --seed")
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    import torch

    if args.threads:
        torch.set_num_threads(args.threads)
    z = load_pack(args.pack)
    rows = public_rows(z, args.sample, args.seed)
    run, name = Path(args.init).parent, Path(args.init).name
    model = build_model(args.pack, layer_count(read_weights(run, name)), z["y"].shape[1])
    init_from(model, args.init)
    logits = predict(model, z, rows, torch.device("cpu"))[rows]
    probs = 1.0 / (1.0 + np.exp(-logits.astype(np.float64)))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, text_key=z["text_key"][rows], probs=probs.astype(np.float32), labels=z["labels"])
    print(f"{args.out}: {len(rows)} public rows × {len(z['labels'])} labels from {args.init}")


if __name__ == "__main__":
    main()
