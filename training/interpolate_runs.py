"""Weight-space ensemble of two fine-tuned variants of one lineage (WiSE-FT, Wortsman et al. 2022).

    python -m training.interpolate_runs --start .cache/runs/r7/ft6u --tuned .cache/runs/r11/ft6u \\
        --alpha 0.5 --out .cache/runs/r11w
    python -m training.finetune_import --run .cache/runs/r11w --name ft6u --pack … --out …

Why: continuing the shipped model on the adversarial rounds improves every adversarial round but moves innocent
sentences that name a group towards hateful (runs r8–r11, training/RECIPES.md). Averaging the weights of the
starting model and the continued one, parameter by parameter, is known to keep most of the fine-tuning's gain
while restoring the starting model's behaviour away from the fine-tuning data. Both variants must come from one
initialisation (a continued run of the other): only then do their parameters line up. The result is written as
a run folder ``training.finetune_import`` reads: ``NAME.npz`` (the head, interpolated; the saved logits are the
tuned run's and only ``--compare`` reads them) and ``NAME.weights.partK``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from training.finetune_weights import read_weights, write_weights

HEAD_KEYS = ("hidden_w", "hidden_b", "emb_w", "emb_b")


def interpolate(start: dict, tuned: dict, alpha: float) -> dict:
    """(1 - alpha) · start + alpha · tuned for every key; the key sets must match."""
    if set(start) != set(tuned):
        raise SystemExit(f"the variants' parameters differ: {sorted(set(start) ^ set(tuned))[:5]}")
    return {k: (1.0 - alpha) * start[k] + alpha * tuned[k] for k in start}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--start", required=True, help="RUN_DIR/NAME of the starting model")
    ap.add_argument("--tuned", required=True, help="RUN_DIR/NAME of the model continued from it")
    ap.add_argument("--alpha", type=float, default=0.5, help="weight of the tuned model")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--name", default=None, help="variant name written (default: the tuned one's)")
    args = ap.parse_args(argv)
    if not 0.0 <= args.alpha <= 1.0:
        raise SystemExit("--alpha must be in [0, 1]")
    start, tuned = Path(args.start), Path(args.tuned)
    name = args.name or tuned.name
    args.out.mkdir(parents=True, exist_ok=True)
    bert = interpolate(read_weights(start.parent, start.name), read_weights(tuned.parent, tuned.name), args.alpha)
    write_weights(args.out, name, bert)
    zs, zt = np.load(start.parent / f"{start.name}.npz"), np.load(tuned.parent / f"{tuned.name}.npz")
    head = interpolate({k: zs[k] for k in HEAD_KEYS}, {k: zt[k] for k in HEAD_KEYS}, args.alpha)
    meta = json.loads(str(zt["meta"]))
    meta.update({"interpolated": {"start": str(start), "tuned": str(tuned), "alpha": args.alpha}})
    np.savez_compressed(args.out / f"{name}.npz", **{k: v.astype(np.float32) for k, v in head.items()},
                        logits=zt["logits"], meta=np.array(json.dumps(meta)))
    print(f"{args.out}/{name}: {1 - args.alpha:g} × {start} + {args.alpha:g} × {tuned} ({len(bert)} tensors)")


if __name__ == "__main__":
    main()
