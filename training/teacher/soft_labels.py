"""Score the student's texts with the trained teacher → the ``--soft`` file of :mod:`training.finetune`.

    python -m training.teacher.soft_labels --run .cache/teacher/run     # → .cache/teacher/soft.npz

Scored: every packed row of split 0 (train) and 1 (dev), and the pack's unlabelled extra texts (ship data
without a loader and the project's own sentences; see :mod:`training.teacher.pack`). Split 2 rows are not
scored: the student never trains on them, and a teacher opinion of a test text has no business in a file
that exists to be trained on.

Format (as :func:`training.finetune.load_soft` reads it): ``text_key`` uint64 (:func:`training.finetune.text_key`
of the exact normalised text the student packs), ``probs`` float16 (texts × labels), ``labels``. Also
``extra`` (bool, which texts are extra) and ``extra_texts`` (their normalised text, in order), so a student
pack can add them as soft-only rows.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from training.teacher.model import add_scoring_arguments, load_for_scoring, predict

TRAIN, DEV = 0, 1


def extra_view(z: dict) -> dict:
    """The extra texts as a pack of their own (what :func:`model.predict` reads)."""
    lengths = z["extra_lengths"]
    return {"ids": z["extra_ids"], "lengths": lengths, "labels": z["labels"],
            "offsets": np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)}


def soft_labels(run: Path, pack: Path, teacher_dir: Path, out: Path, cache_dir: Path | None = None) -> dict:
    z, model, cache, device = load_for_scoring(run, pack, teacher_dir, cache_dir)
    rows = np.flatnonzero(np.isin(z["split"], (TRAIN, DEV)))
    use_cache = cache if cache is not None and all(int(r) in cache for r in rows) else None
    logits = [predict(model, z, rows, cache=use_cache, device=device)]
    keys = [z["text_key"][rows]]
    n_extra = len(z.get("extra_lengths", ()))
    if n_extra:
        logits.append(predict(model, extra_view(z), np.arange(n_extra), device=device))
        keys.append(z["extra_text_key"])
    probs = 1.0 / (1.0 + np.exp(-np.concatenate(logits)))
    extra = np.concatenate([np.zeros(len(rows), bool), np.ones(n_extra, bool)])
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out, text_key=np.concatenate(keys).astype(np.uint64), probs=probs.astype(np.float16),
                        labels=z["labels"], extra=extra,
                        extra_texts=z["extra_texts"] if n_extra else np.array([], dtype=str))
    summary = {"texts": int(len(extra)), "packed": int(len(rows)), "extra": n_extra,
               "mean_prob": {str(n): round(float(probs[:, j].mean()), 4) for j, n in enumerate(z["labels"])}}
    print(json.dumps(summary))
    return summary


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_scoring_arguments(ap, cache_help="layer-k cache of the packed rows (CPU speed-up)")
    ap.add_argument("--out", type=Path, default=Path(".cache/teacher/soft.npz"))
    args = ap.parse_args(argv)
    soft_labels(args.run, args.pack, args.teacher, args.out, args.cache)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
