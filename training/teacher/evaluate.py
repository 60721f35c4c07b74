"""The teacher's metrics: dev (model selection) and, for the report only, each dataset's held-out split.

    python -m training.teacher.evaluate --run .cache/teacher/run       # prints both tables, writes RUN/eval.json

Dev: masked loss and per-label F1 at p = 0.5 over the labels each dev row's dataset annotates; macro-F1 is the
mean over labels that have positives. Held out (split 2, never trained on nor selected on): per dataset and
split, the accuracy and F1 of ``hate`` and the macro-F1 over the labels that dataset annotates. A fixed 0.5
threshold throughout, so nothing is tuned on the held-out rows.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from training.teacher.model import add_scoring_arguments, load_for_scoring, predict

DEV, HELD_OUT = 1, 2


def f1(pred: np.ndarray, gold: np.ndarray) -> float:
    tp = float((pred & gold).sum())
    denom = float(pred.sum() + gold.sum())
    return 2 * tp / denom if denom else 0.0


def label_metrics(logits: np.ndarray, y: np.ndarray, known: np.ndarray, labels) -> dict:
    """Per-label F1 (where the label is annotated and has positives), their mean, and ``hate`` accuracy."""
    pred = logits > 0.0  # p > 0.5
    per = {}
    for j, name in enumerate(labels):
        m = known[:, j].astype(bool)
        if m.any() and y[m, j].any():
            per[str(name)] = round(f1(pred[m, j], y[m, j].astype(bool)), 4)
    out = {"f1": per, "macro_f1": round(float(np.mean(list(per.values()))), 4) if per else 0.0}
    m = known[:, 0].astype(bool)
    if m.any():
        out["hate_accuracy"] = round(float((pred[m, 0] == y[m, 0].astype(bool)).mean()), 4)
    return out


def dev_metrics(logits: np.ndarray, z: dict, rows: np.ndarray) -> dict:
    """Masked BCE (same weights as training) and F1s on dev ``rows`` (``logits`` aligned with ``rows``)."""
    import torch

    from training.teacher.model import masked_loss

    kw = z["known"][rows].astype(np.float32) * z["weight"][rows, None]
    loss = float(masked_loss(torch.from_numpy(logits), torch.from_numpy(z["y"][rows].astype(np.float32)),
                             torch.from_numpy(kw)))
    return {"rows": int(len(rows)), "loss": round(loss, 5), **label_metrics(logits, z["y"][rows], z["known"][rows], z["labels"])}


def held_out_table(logits: np.ndarray, z: dict, rows: np.ndarray) -> list[dict]:
    """One line per dataset among split-2 ``rows``, scored on the labels that dataset annotates."""
    table = []
    for source in sorted(set(z["source"][rows].tolist())):
        pick = z["source"][rows] == source
        r = rows[pick]
        m = label_metrics(logits[pick], z["y"][r], z["annotated"][r], z["labels"])
        table.append({"dataset": source, "rows": int(len(r)), **m})
    return table


def print_table(title: str, lines: list[dict]) -> None:
    print(f"\n{title}")
    print(f"{'dataset':<16}{'rows':>7}{'hate acc':>10}{'hate F1':>9}{'macro-F1':>10}  per label")
    for ln in lines:
        per = " ".join(f"{k}={v:.3f}" for k, v in ln["f1"].items())
        acc = f"{ln['hate_accuracy']:.3f}" if "hate_accuracy" in ln else "-"
        hf1 = f"{ln['f1']['hate']:.3f}" if "hate" in ln["f1"] else "-"
        print(f"{ln['dataset']:<16}{ln['rows']:>7}{acc:>10}{hf1:>9}{ln['macro_f1']:>10.3f}  {per}")


def evaluate(run: Path, pack: Path, teacher_dir: Path, cache_dir: Path | None, held_out: bool = True) -> dict:
    z, model, cache, device = load_for_scoring(run, pack, teacher_dir, cache_dir)
    dev = np.flatnonzero((z["split"] == DEV) & z["known"].any(1))
    report = {"dev": dev_metrics(predict(model, z, dev, cache=cache, device=device), z, dev)}
    print_table("dev (model selection)", [{"dataset": "all dev", **report["dev"]}])
    if held_out:
        test = np.flatnonzero(z["split"] == HELD_OUT)
        report["held_out"] = held_out_table(predict(model, z, test, device=device), z, test)
        print_table("held out (split 2: ship test splits, dev-only datasets) — report only", report["held_out"])
    (run / "eval.json").write_text(json.dumps(report, indent=1) + "\n")
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_scoring_arguments(ap, cache_help="layer-k cache (speeds up dev on a CPU)")
    ap.add_argument("--no-held-out", action="store_true", help="dev metrics only")
    args = ap.parse_args(argv)
    evaluate(args.run, args.pack, args.teacher, args.cache, held_out=not args.no_held_out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
