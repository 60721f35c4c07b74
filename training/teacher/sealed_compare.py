"""The teacher beside the shipped student on the English adversarial rounds: the classifiers alone, aggregates only.

    python -m training.teacher.sealed_compare                  # dev and sealed parts of every English round
    python -m training.teacher.sealed_compare --out .cache/teacher/run/sealed.json

Both read the same normalised text and answer ``hate`` at p > 0.5 (the student through its calibrated heads, without its
gate, so every row reaches its encoder). Only accuracies per round and split are kept: sealed rows are scored for the
report and never printed, so nothing in them can guide the next round. This is the measurement the generalisation issue
names for an ``accurate`` model (the teacher beats the student by more than 2 points on the sealed test).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from hatescope.evaluation.sealed import _round_rows, split_of_pair
from hatescope.normalize import normalize
from training.adversarial_compare import english_rounds


def english_parts() -> dict[str, list[tuple[str, bool]]]:
    """``"r3 sealed"`` → [(normalised text, gold)], for every English round's dev and sealed parts."""
    parts: dict[str, list[tuple[str, bool]]] = {}
    for name, rdir in english_rounds():
        rows, _ = _round_rows(rdir)
        for r in rows:
            split = split_of_pair(r["pair_id"])
            if split != "train":
                parts.setdefault(f"{name} {split}", []).append((normalize(r["text"]).text, bool(r["label"])))
    return parts


def teacher_hate(texts: list[str], run: Path, pack: Path, teacher_dir: Path, threads: int) -> tuple[np.ndarray, float]:
    import torch

    from training.teacher.model import load_trained, predict
    from training.teacher.pack import tokenize

    torch.set_num_threads(threads)
    labels = [str(x) for x in np.load(pack)["labels"]]  # the label order the run's head was trained in
    ids, lengths = tokenize(texts, teacher_dir / "tokenizer.json")
    z = {"ids": ids, "lengths": lengths, "offsets": np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64),
         "labels": np.array(labels)}
    model, _ = load_trained(teacher_dir, run / "teacher.safetensors", len(z["labels"]))
    t = time.perf_counter()
    logits = predict(model, z, np.arange(len(texts)))
    return logits[:, list(z["labels"]).index("hate")] > 0.0, time.perf_counter() - t


def student_hate(texts: list[str]) -> tuple[np.ndarray, float]:
    from hatescope.detect.classifier import ClassifierDetector

    det = ClassifierDetector(use_gate=False)
    det.load()
    t = time.perf_counter()
    probs = det.predict_proba(texts, gate=False)
    return probs[:, list(det.labels).index("hate")] > 0.5, time.perf_counter() - t


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--run", type=Path, default=Path(".cache/teacher/run"))
    ap.add_argument("--pack", type=Path, default=Path(".cache/teacher/pack.npz"))
    ap.add_argument("--teacher", type=Path, default=Path(".cache/teacher/all-mpnet-base-v2"))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--out", type=Path, default=None, help="JSON of the aggregates (default RUN/sealed_compare.json)")
    args = ap.parse_args(argv)
    parts = english_parts()
    names = sorted(parts, key=lambda k: (int(k.split()[0][1:]), k.split()[1]))
    texts = [t for k in names for t, _ in parts[k]]
    gold = np.array([g for k in names for _, g in parts[k]])
    teacher, t_s = teacher_hate(texts, args.run, args.pack, args.teacher, args.threads)
    student, s_s = student_hate(texts)
    table, start = [], 0
    for k in names:
        n = len(parts[k])
        sl = slice(start, start + n)
        start += n
        table.append({"part": k, "n": n, "student": float((student[sl] == gold[sl]).mean()),
                      "teacher": float((teacher[sl] == gold[sl]).mean())})
    pooled = {}
    for split in ("dev", "sealed"):
        m = np.concatenate([np.full(r["n"], r["part"].endswith(split)) for r in table])
        pooled[split] = {"n": int(m.sum()), "student": float((student[m] == gold[m]).mean()),
                         "teacher": float((teacher[m] == gold[m]).mean())}
    result = {"parts": table, "pooled": pooled, "texts": len(texts),
              "ms_per_text": {"teacher_fp32_torch": 1000 * t_s / len(texts), "student_int8_onnx": 1000 * s_s / len(texts)},
              "threads": args.threads}
    out = args.out or args.run / "sealed_compare.json"
    out.write_text(json.dumps(result, indent=1))
    print("| part | n | student | teacher |\n|---|---:|---:|---:|")
    for r in table:
        print(f"| {r['part']} | {r['n']} | {r['student']:.1%} | {r['teacher']:.1%} |")
    for split, p in pooled.items():
        print(f"pooled {split}: n {p['n']}, student {p['student']:.1%}, teacher {p['teacher']:.1%}")
    print(json.dumps(result["ms_per_text"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
