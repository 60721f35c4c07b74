"""What int8 activations cost: the classifier with its fp32-activation encoder vs its int8 twin, on held-out text.

    python benchmarks/quantization_accuracy.py            # every test split (about 21k texts, a few minutes)

Both paths score the same texts with the same heads and thresholds, gate off (every text through the
encoder), so the difference is the encoder alone. Reports per dataset accuracy and macro-F1 of the
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
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from throughput import OUT_DIR, _env_prefix  # noqa: E402


def held_out_rows(limit: int | None):
    from hatescope.evaluation import default_data_dir

    from training.finetune_pack import rows_for_training

    rows = [r for r in rows_for_training(default_data_dir()) if r.split in ("test", "eval_test")]
    return rows[:: max(1, len(rows) // limit)] if limit else rows


def score(precision: str, texts: list[str]) -> tuple[np.ndarray, float]:
    from hatescope.detect.classifier import ClassifierDetector

    det = ClassifierDetector(precision=precision, threads=1)
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
    from hatescope.detect.classifier import DEFAULT_MODEL_DIR

    manifest = json.loads((DEFAULT_MODEL_DIR / "manifest.json").read_text())
    rows = held_out_rows(args.limit)
    texts = [r.text for r in rows]
    res = {"command": _env_prefix() + "python benchmarks/quantization_accuracy.py " + " ".join(sys.argv[1:]),
           "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "n": len(texts), "paths": {}}
    preds = {}
    for precision in ("fp32", "int8"):
        p, ms = score(precision, texts)
        preds[precision] = p[:, 0] >= manifest["thresholds"]["hate"]
        res["paths"][precision] = {"encoder_cpu_ms_per_text": round(ms, 2), **metrics(rows, p, manifest["thresholds"])}
        print(precision, json.dumps(res["paths"][precision]), flush=True)
    res["agreement"] = float(np.mean(preds["fp32"] == preds["int8"]))
    res["accuracy_change_points"] = round(100 * (res["paths"]["int8"]["all"] - res["paths"]["fp32"]["all"]), 2)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / "quantization.json").write_text(json.dumps(res, indent=1) + "\n")
    print(json.dumps({k: res[k] for k in ("n", "agreement", "accuracy_change_points")}))


if __name__ == "__main__":
    main()


def quantization_markdown(q: dict) -> str:
    f, i = q["paths"]["fp32"], q["paths"]["int8"]
    lines = [
        f"Measured by `{q['command']}` on {q['date']}: the classifier alone, gate off, on {q['n']:,} held-out test texts "
        "(test splits of every dataset, DynaHate included), same heads and thresholds. *fp32*: the weight-only-int8 encoder "
        "with fp32 activations, batches of 8 (the path used on a GPU and before this change). *int8*: its dynamically "
        "quantised twin (`training/quantize.py`), one text per call so scores stay batch-independent (the CPU default, "
        "`precision = \"auto\"`). Encoder CPU time is one thread's.",
        "",
        "| | encoder CPU ms/text | accuracy (all) | HateXplain 3-class macro-F1 |",
        "|---|---:|---:|---:|",
        f"| fp32 | {f['encoder_cpu_ms_per_text']} | {100 * f['all']:.2f}% | {f['hatexplain_3class_macro_f1']:.3f} |",
        f"| int8 | {i['encoder_cpu_ms_per_text']} | {100 * i['all']:.2f}% | {i['hatexplain_3class_macro_f1']:.3f} |",
        "",
        f"Accuracy change: {q['accuracy_change_points']:+.2f} points; the two paths take the same `hate` decision on "
        f"{100 * q['agreement']:.2f}% of texts. Per dataset accuracy, fp32 → int8: "
        + ", ".join(f"{k} {100 * v['accuracy']:.1f} → {100 * i[k]['accuracy']:.1f}" for k, v in f.items() if isinstance(v, dict)) + ".",
    ]
    return "\n".join(lines)
