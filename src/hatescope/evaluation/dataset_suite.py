"""Eval suite "datasets": the classifier on every dataset's test split, per group FPR, calibration.

``hatescope eval --suite datasets`` runs it. Models are compared on identical rows: benchmarks/
compare_baselines.py calls :func:`score_rows` with other predictors and leaves its JSON in
benchmarks/results/, which this report shows side by side when present.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

from hatescope.evaluation import SuiteResult, default_data_dir, suites
from hatescope.evaluation.datasets import LABELS, SHIP, Example, load_all
from hatescope.evaluation.groups import GROUP_PATTERNS, groups_mentioned
from hatescope.evaluation.metrics import (
    classification_report,
    expected_calibration_error,
    reliability_curve,
    roc_auc,
    three_class,
)

BASELINES_JSON = Path("benchmarks/results/baselines.json")
MIN_GROUP = 50  # groups with fewer non-hateful examples are reported but not judged
#: predictor(texts) -> {"hate": probs, optionally "insult", "dehumanization", "incitement": probs}
Predictor = Callable[[Sequence[str]], dict[str, np.ndarray]]


def test_rows(data_dir: Path | None = None, *, limit: int | None = None) -> tuple[list[Example], list[str]]:
    """Test split of every dataset (de-duplicated across datasets), normalised like the runtime, and the
    texts as written (groups are matched on those: a fixed yardstick, whatever normalisation does)."""
    from dataclasses import replace

    from hatescope.normalize import normalize

    rows = [r for r in load_all(Path(data_dir or default_data_dir())) if r.split == "test"]
    if limit:
        rows = rows[:: max(1, len(rows) // limit)]
    return [replace(r, text=normalize(r.text).text) for r in rows], [r.text for r in rows]


def score_rows(rows: list[Example], probs: dict[str, np.ndarray], th: dict[str, float],
               written: Sequence[str] | None = None) -> dict[str, Any]:
    """Per-dataset accuracy / macro-F1 / per-class F1, per-group FPR on non-hateful texts, ECE per label.

    ``written``: the texts as written, for the group keyword match (default: ``rows``' texts)."""
    y = np.array([r.hateful for r in rows])
    src = np.array([r.source for r in rows])
    ph = probs["hate"]
    pred = ph >= th.get("hate", 0.5)
    out: dict[str, Any] = {"datasets": {}, "groups": {}, "labels": {}, "thresholds": th}
    for s in sorted(set(src)):
        m = src == s
        rep = classification_report(np.where(y[m], "hateful", "not"), np.where(pred[m], "hateful", "not"), ["hateful", "not"])
        rep["auc"] = roc_auc(y[m], ph[m])
        rep["shipped_training_data"] = s in SHIP
        if s == "hatexplain" and "insult" in probs:
            k = np.array([r.klass for r in rows])[m]
            pk = three_class(ph[m], probs["insult"][m], th.get("hatexplain_hate", 0.5), th.get("hatexplain_offensive", 0.5))
            rep["three_class"] = classification_report(k, pk, ["hatespeech", "offensive", "normal"])
        out["datasets"][s] = rep
    benign = ~y
    written = [r.text for r in rows] if written is None else written
    mentions = [groups_mentioned(t) if b else [] for t, b in zip(written, benign)]
    for g in GROUP_PATTERNS:
        m = np.array([g in ms for ms in mentions])
        if m.any():
            out["groups"][g] = {"n": int(m.sum()), "fpr": float(pred[m].mean())}
    for label, p in probs.items():
        known = np.array([label in r.labels for r in rows])
        yl = np.array([bool(r.labels.get(label, False)) for r in rows])
        if known.sum() and yl[known].any():
            out["labels"][label] = {"n": int(known.sum()), "ece": expected_calibration_error(yl[known], p[known]),
                                    "auc": roc_auc(yl[known], p[known]),
                                    "curve": reliability_curve(yl[known], p[known])}
    return out


def classifier_predictor(engine: Any = None) -> tuple[Predictor, dict[str, float], Any]:
    from hatescope.detect.classifier import ClassifierDetector

    det = next((d for d in (engine.detectors if engine is not None else []) if isinstance(d, ClassifierDetector)), None)
    det = det or ClassifierDetector()
    det.load()

    def predict(texts: Sequence[str]) -> dict[str, np.ndarray]:
        p = det.predict_proba(list(texts))
        return {label: p[:, j] for j, label in enumerate(det.labels)}

    return predict, dict(det.manifest.get("thresholds", {})), det


def _plots(metrics: dict, baselines: dict, plot_dir: Path) -> list[str]:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:  # plots need the dev/train extra; the tables do not
        return []
    plot_dir.mkdir(parents=True, exist_ok=True)
    made = []
    models = {"hatescope": metrics, **{k: v for k, v in baselines.items() if isinstance(v, dict) and "datasets" in v}}
    names = list(metrics["datasets"])
    fig, ax = plt.subplots(figsize=(9, 4))
    w = 0.8 / len(models)
    for i, (model, m) in enumerate(models.items()):
        ax.bar(np.arange(len(names)) + i * w, [m["datasets"].get(n, {}).get("macro_f1", 0) for n in names], w, label=model)
    ax.set_xticks(np.arange(len(names)) + 0.4 - w / 2, names, rotation=30, ha="right")
    ax.set_ylabel("macro-F1 (hateful vs not), test split"), ax.legend(), ax.set_ylim(0, 1)
    fig.tight_layout(), fig.savefig(plot_dir / "eval_datasets.png", dpi=90), plt.close(fig)
    made.append("eval_datasets.png")
    groups = list(metrics["groups"])
    fig, ax = plt.subplots(figsize=(9, 4))
    for i, (model, m) in enumerate(models.items()):
        ax.bar(np.arange(len(groups)) + i * w, [m["groups"].get(g, {}).get("fpr", 0) for g in groups], w, label=model)
    ax.axhline(0.05, color="k", ls="--", lw=0.8)
    ax.set_xticks(np.arange(len(groups)) + 0.4 - w / 2, groups, rotation=30, ha="right")
    ax.set_ylabel("false-positive rate, non-hateful texts"), ax.legend()
    fig.tight_layout(), fig.savefig(plot_dir / "eval_groups.png", dpi=90), plt.close(fig)
    made.append("eval_groups.png")
    fig, ax = plt.subplots(figsize=(5, 5))
    ax.plot([0, 1], [0, 1], "k--", lw=0.8)
    for label, v in metrics["labels"].items():
        xs, ys, _ = zip(*v["curve"])
        ax.plot(xs, ys, marker="o", label=f"{label} (ECE {v['ece']:.3f})")
    ax.set_xlabel("predicted probability"), ax.set_ylabel("observed rate"), ax.legend()
    fig.tight_layout(), fig.savefig(plot_dir / "eval_calibration.png", dpi=90), plt.close(fig)
    made.append("eval_calibration.png")
    return made


def _markdown(m: dict, baselines: dict, n_rows: int, plots: list[str], posts_per_s: float) -> str:
    peers = [k for k, v in baselines.items() if isinstance(v, dict) and "datasets" in v]
    head = "| dataset (test split) | n | accuracy | macro-F1 | F1 hateful | AUC |" + "".join(f" {p} macro-F1 |" for p in peers)
    lines = [
        f"Classifier `hatescope.classifier.v1` alone (no lexicon/stance/policy), on the test split of every dataset in "
        f"../shared/data ({n_rows} texts, de-duplicated across datasets; thresholds from the model manifest, chosen on dev). "
        f"Datasets marked † were never trained on (dev-only licence). Throughput here: {posts_per_s:.0f} texts/s. "
        f"Command: `hatescope eval --suite datasets`.", "", head, "|---|---:|---:|---:|---:|---:|" + "---:|" * len(peers),
    ]
    for s, v in m["datasets"].items():
        mark = "" if v["shipped_training_data"] else " †"
        cells = "".join(f" {baselines[p]['datasets'].get(s, {}).get('macro_f1', float('nan')):.3f} |" for p in peers)
        lines.append(f"| {s}{mark} | {v['n']} | {v['accuracy']:.3f} | {v['macro_f1']:.3f} | {v['f1']['hateful']:.3f} | {v['auc']:.3f} |{cells}")
    hx = m["datasets"].get("hatexplain", {}).get("three_class")
    if hx:
        lines += ["", f"HateXplain 3-class (hatespeech / offensive / normal): accuracy {hx['accuracy']:.3f}, "
                      f"**macro-F1 {hx['macro_f1']:.3f}** (goal ≥ 0.69; published BERT-HateXplain 0.687); per class "
                      + ", ".join(f"{k} {v:.3f}" for k, v in hx["f1"].items()) + "."]
    lines += ["", "False-positive rate on NON-hateful test texts that mention each group (keyword match; goal ≤ 0.05 "
                  f"where n ≥ {MIN_GROUP}):", "", "| group | n | FPR |" + "".join(f" {p} |" for p in peers),
              "|---|---:|---:|" + "---:|" * len(peers)]
    for g, v in m["groups"].items():
        cells = "".join(f" {baselines[p]['groups'].get(g, {}).get('fpr', float('nan')):.3f} |" for p in peers)
        flag = "" if v["n"] < MIN_GROUP or v["fpr"] <= 0.05 else " ✗"
        lines.append(f"| {g} | {v['n']} | {v['fpr']:.3f}{flag} |{cells}")
    lines += ["", "Calibration (test rows where the dataset annotates the label): ", "",
              "| label | n | ECE | AUC |", "|---|---:|---:|---:|"]
    lines += [f"| {k} | {v['n']} | {v['ece']:.3f} | {v['auc']:.3f} |" for k, v in m["labels"].items()]
    if plots:
        lines += [""] + [f"![{p}]({p})" for p in plots]
    return "\n".join(lines)


@suites.register("datasets")
def datasets_suite(*, engine: Any = None, data_dir: Any = None, out_dir: Path | None = None, **kw: Any) -> SuiteResult:
    import time

    rows, written = test_rows(data_dir, limit=kw.get("limit"))
    predict, th, _ = classifier_predictor(engine)
    t0 = time.perf_counter()
    probs = predict([r.text for r in rows])
    rate = len(rows) / max(time.perf_counter() - t0, 1e-9)
    metrics = score_rows(rows, probs, th, written)
    metrics["texts_per_s"] = rate
    baselines = json.loads(BASELINES_JSON.read_text()) if BASELINES_JSON.exists() else {}
    plot_dir = Path(kw.get("plot_dir") or (Path(out_dir).parent if out_dir else Path("docs")))
    plots = _plots(metrics, baselines, plot_dir)
    result = SuiteResult(name="datasets", title="Classifier on public dataset test splits",
                         markdown=_markdown(metrics, baselines, len(rows), plots, rate), metrics=metrics, plots=plots)
    if out_dir is not None:
        result.save(Path(out_dir))
    return result
