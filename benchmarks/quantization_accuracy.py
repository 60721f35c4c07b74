"""What int8 activations and the distilled fast model cost: the classifier with its fp32-activation encoder
vs its int8 twin vs the fast model (3-layer student, int8), on held-out text.

    python benchmarks/quantization_accuracy.py            # every test split (about 21k texts, a few minutes)

All paths score the same texts, gate off (every text through the encoder); fp32 and int8 share heads and
thresholds, so their difference is the encoder alone; the fast model has its own (fitted the same way on dev). Reports per dataset accuracy and macro-F1 of the
``hate`` decision, HateXplain 3-class macro-F1, decision agreement, and the encoder's CPU time per
text (one thread). Writes docs/performance/quantization.json; benchmarks/throughput.py renders it into
docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # `python benchmarks/X.py`: the benchmarks package

from benchmarks.harness import OUT_DIR, env_prefix  # noqa: E402


def held_out_rows(limit: int | None):
    from hatescope.evaluation import default_data_dir

    from training.finetune_pack import rows_for_training

    rows = [r for r in rows_for_training(default_data_dir()) if r.split in ("test", "eval_test")]
    return rows[:: max(1, len(rows) // limit)] if limit else rows


#: path name → (packaged model, precision)
PATHS = {"fp32": ("default", "fp32"), "int8": ("default", "int8"), "fast": ("fast", "int8")}


def score(model: str, precision: str, texts: list[str]) -> tuple[np.ndarray, float]:
    from hatescope.detect.classifier import ClassifierDetector

    det = ClassifierDetector(model=model, precision=precision, threads=1)
    det.load()
    det.predict_proba(texts[:32], gate=False)  # warm-up
    cpu = time.process_time()
    p = det.predict_proba(texts, gate=False)
    return p, 1000 * (time.process_time() - cpu) / len(texts)


def metrics(rows, p: np.ndarray, thresholds: dict) -> dict:
    from hatescope.evaluation.datasets import LABELS
    from hatescope.evaluation.metrics import classification_report, three_class

    hate, insult = LABELS.index("hate"), LABELS.index("insult")
    y = np.array([r.hateful for r in rows])
    src = np.array([r.source for r in rows])
    pred = p[:, hate] >= thresholds["hate"]
    out = {"all": classification_report(y, pred, [True, False])["accuracy"]}
    for s in sorted(set(src)):
        m = src == s
        rep = classification_report(y[m], pred[m], [True, False])
        out[s] = {"n": int(m.sum()), "accuracy": rep["accuracy"], "macro_f1": rep["macro_f1"]}
    hx = src == "hatexplain"
    k = np.array([r.klass for r in rows])
    three = three_class(p[hx, hate], p[hx, insult], thresholds["hatexplain_hate"], thresholds["hatexplain_offensive"])
    out["hatexplain_3class_macro_f1"] = classification_report(k[hx], three, ["hatespeech", "offensive", "normal"])["macro_f1"]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=None, help="about this many texts (quick runs)")
    args = ap.parse_args()
    from hatescope.detect.classifier import MODELS

    rows = held_out_rows(args.limit)
    texts = [r.text for r in rows]
    res = {"command": env_prefix() + "python benchmarks/quantization_accuracy.py " + " ".join(sys.argv[1:]),
           "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "n": len(texts), "paths": {}}
    preds = {}
    for path, (model, precision) in PATHS.items():
        if not (MODELS[model] / "manifest.json").exists():
            continue
        thresholds = json.loads((MODELS[model] / "manifest.json").read_text())["thresholds"]
        p, ms = score(model, precision, texts)
        preds[path] = p[:, 0] >= thresholds["hate"]
        res["paths"][path] = {"encoder_cpu_ms_per_text": round(ms, 2), **metrics(rows, p, thresholds)}
        print(path, json.dumps(res["paths"][path]), flush=True)
    res["agreement"] = float(np.mean(preds["fp32"] == preds["int8"]))
    res["accuracy_change_points"] = round(100 * (res["paths"]["int8"]["all"] - res["paths"]["fp32"]["all"]), 2)
    if "fast" in preds:
        res["fast_agreement"] = float(np.mean(preds["fp32"] == preds["fast"]))
        res["fast_accuracy_change_points"] = round(100 * (res["paths"]["fast"]["all"] - res["paths"]["fp32"]["all"]), 2)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / "quantization.json").write_text(json.dumps(res, indent=1) + "\n")
    print(json.dumps({k: res[k] for k in ("n", "agreement", "accuracy_change_points")}))


if __name__ == "__main__":
    main()
