"""Train the learned stance component: a logistic regression (pure numpy) for counter-speech vs endorsement.

Data (all marked "ship" in ../shared/data/README.md or written for hatescope):
* training/data/stance_labelled.toml — sentences written for hatescope, expanded over groups (weight 3);
* hickey2025-reddit-counterspeech/gpt_4o_labels.csv — replies labelled hate (1) or counter-speech (2) by
  GPT-4o (silver, MIT); "other" (0) is left out.
Held out for the report: hickey2025 validation_set.csv (human labels, hate vs counter-speech).

    python -m training.train_stance            # writes src/hatescope/data/models/stance/{counter_lr.npz,manifest.json}
"""

from __future__ import annotations

import csv
import hashlib
import json
import sys
import tomllib
from pathlib import Path

import numpy as np

from hatescope.evaluation import default_data_dir
from hatescope.stance.learned import DIM, MODEL_DIR, features

HERE = Path(__file__).resolve().parent
OWN = HERE / "data" / "stance_labelled.toml"
HICKEY = "hickey2025-reddit-counterspeech"
SEED = 13


def own_examples() -> list[tuple[str, int]]:
    data = tomllib.loads(OWN.read_text(encoding="utf-8"))
    out = []
    for label, key in ((1, "counter"), (0, "endorse")):
        for template in data[key]:
            out += [(template.replace("{g}", g), label) for g in data["groups"]]
    return out


def hickey(name: str) -> list[tuple[str, int]]:
    path = default_data_dir() / HICKEY / name
    if not path.exists():
        sys.exit(f"missing {path}: set HATESCOPE_DATA to the shared data folder")
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return [(r["reply"], 1 if r["label"] == "2" else 0) for r in rows if r["label"] in ("1", "2") and r["reply"].strip()]


def matrix(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rows, cols, vals = [], [], []
    for i, t in enumerate(texts):
        idx, val = features(t)
        rows += [i] * len(idx)
        cols += idx.tolist()
        vals += val.tolist()
    return np.array(rows), np.array(cols), np.array(vals, np.float32)


def fit(texts: list[str], y: np.ndarray, weight: np.ndarray, *, l2: float = 1e-4, epochs: int = 300, lr: float = 2.0):
    r, c, v = matrix(texts)
    w, b = np.zeros(DIM, np.float32), 0.0
    n = len(texts)
    wsum = weight.sum()
    for _ in range(epochs):
        z = np.zeros(n, np.float32)
        np.add.at(z, r, v * w[c])
        p = 1.0 / (1.0 + np.exp(-(z + b)))
        g = (p - y) * weight / wsum
        grad = np.zeros(DIM, np.float32)
        np.add.at(grad, c, v * g[r])
        w -= lr * (grad + l2 * w)
        b -= lr * float(g.sum())
    return w, b


def predict(w: np.ndarray, b: float, texts: list[str]) -> np.ndarray:
    out = []
    for t in texts:
        idx, val = features(t)
        out.append(1.0 / (1.0 + np.exp(-(float(val @ w[idx]) + b))))
    return np.array(out)


def scores(y: np.ndarray, p: np.ndarray, threshold: float = 0.5) -> dict[str, float]:
    pred = p >= threshold
    tp = float((pred & (y == 1)).sum())
    prec = tp / max(1.0, float(pred.sum()))
    rec = tp / max(1.0, float((y == 1).sum()))
    return {"accuracy": float((pred == (y == 1)).mean()), "precision": prec, "recall": rec,
            "f1": 2 * prec * rec / max(1e-9, prec + rec), "n": int(len(y))}


def main() -> None:
    own = own_examples()
    silver = hickey("gpt_4o_labels.csv")
    texts = [t for t, _ in own] + [t for t, _ in silver]
    y = np.array([l for _, l in own] + [l for _, l in silver], np.float32)
    weight = np.array([3.0] * len(own) + [1.0] * len(silver), np.float32)
    w, b = fit(texts, y, weight)
    held = hickey("validation_set.csv")
    hy = np.array([l for _, l in held], np.float32)
    hp = predict(w, b, [t for t, _ in held])
    report = {
        "train": {"own": len(own), "hickey2025_gpt4o": len(silver)},
        "heldout_hickey2025_human": {k: round(v, 4) for k, v in scores(hy, hp).items()},
        "heldout_hickey2025_human_at_0.85": {k: round(v, 4) for k, v in scores(hy, hp, 0.85).items()},
    }
    MODEL_DIR.mkdir(parents=True, exist_ok=True)
    path = MODEL_DIR / "counter_lr.npz"
    np.savez_compressed(path, w=w.astype(np.float16), b=np.float32(b))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    manifest = {
        "file": path.name, "sha256": digest, "dim": DIM, "features": "hashed word 1-2 grams (hatescope.stance.learned)",
        "trained_by": "python -m training.train_stance", "data": {
            "own": "training/data/stance_labelled.toml (written for hatescope)",
            "hickey2025-reddit-counterspeech": "gpt_4o_labels.csv, hate vs counter-speech replies (MIT, silver labels)",
        },
        "metrics": report,
    }
    (MODEL_DIR / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
