"""How much could any first pass let skip the encoder? A gate that knew the full model's own scores, blurred.

The learned cascade gate (hatescope.detect.cascade) must keep 99.7% of the dev units the full model flags
(a label the default policy counts as hateful at or above its lowest action threshold). This script
replaces the gate by an oracle: the full model's own margin (its largest hateful-label logit less that
label's threshold logit) plus Gaussian noise of σ logits, thresholded on the collected dev units as
``training/fit_cascade.py`` thresholds its gate, and reports the share of the realistic and hard mixes'
units (benchmarks/corpus.py, as ``benchmarks/score_mixes.py`` builds them) it would send to the
encoder, with the manifest's char n-gram gate as well. σ = 0 is the floor (the units the full model
flags); the packaged gate's own row is beside it, with its error measured the same way.

    python benchmarks/cascade_ceiling.py --cache .cache/cascade/release5_all

Writes docs/performance/cascade_ceiling.json (benchmarks/score_mixes.py cites it).
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

from benchmarks import corpus  # noqa: E402
from benchmarks.harness import OUT_DIR  # noqa: E402

SIGMAS = (0.0, 0.25, 0.5, 1.0)
RECALL = 0.997  # training/fit_cascade.py's default


def margins(probs: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """The full model's largest logit over the hateful labels, less that label's threshold logit (≥ 0: flagged)."""
    p = np.clip(probs, 1e-6, 1 - 1e-6)
    hateful = np.isfinite(thresholds)
    t = np.where(hateful, thresholds, 0.5)
    return np.where(hateful, np.log(p / (1 - p)) - np.log(t / (1 - t)), -np.inf).max(axis=1)


def mix_units(n: int, mix: str) -> list[str]:
    from hatescope.detect.units import classifier_units
    from hatescope.engine import Engine
    from hatescope.ingest.language import document_is_english

    engine, units = Engine(), []
    for text in corpus.make(n, mix):
        doc = engine.prepare(text)
        if document_is_english(doc):
            units += [doc.text[a:b] for a, b in classifier_units(doc)]
    return units


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", type=Path, required=True, help="a training.fit_cascade collect folder (its dev split)")
    ap.add_argument("--n", type=int, default=10_000, help="posts per mix")
    args = ap.parse_args()
    from hatescope.device import one_thread_per_process
    from training.fit_cascade import _classifier, char_gate_passes, flag_thresholds, threshold_for

    one_thread_per_process()
    det = _classifier("default")
    thresholds = flag_thresholds(det.labels)
    with np.load(args.cache / "dev.npz") as z:
        dev_margin = margins(z["probs"], thresholds)
    dev_texts = [json.loads(line)["text"] for line in (args.cache / "dev.jsonl").open(encoding="utf-8")]
    gate = det._cascade  # noqa: SLF001 - the packaged gate, measured beside the oracle
    res: dict = {"command": "python benchmarks/cascade_ceiling.py " + " ".join(sys.argv[1:]),
                 "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "recall_target": RECALL,
                 "dev_units": len(dev_margin), "mixes": {}}
    for mix in ("realistic", "hard"):
        units = mix_units(args.n, mix)
        probs = np.concatenate([det.predict_proba(units[s : s + 256], gate=False) for s in range(0, len(units), 256)])
        logits, gate_scores = det._char_pass(units, gate)  # noqa: SLF001
        char_gate = char_gate_passes(det, logits)
        margin = margins(probs, thresholds)
        flagged = margin >= 0
        rows = []
        for sigma in SIGMAS:
            rng = np.random.default_rng(0)
            t = threshold_for(dev_margin + sigma * rng.standard_normal(len(dev_margin)), dev_margin >= 0, RECALL)
            sent = char_gate & (margin + sigma * rng.standard_normal(len(margin)) >= t)
            rows.append({"sigma": sigma, "sent": round(100 * float(sent.mean()), 1),
                         "recall": round(100 * float(sent[flagged].mean()), 2)})
        row = {"units": len(units), "flagged": round(100 * float(flagged.mean()), 1), "oracle": rows}
        if gate is not None:
            sent = char_gate & gate.needs_encoder(gate_scores)
            row["packaged_gate"] = {"sent": round(100 * float(sent.mean()), 1),
                                    "recall": round(100 * float(sent[flagged].mean()), 2)}
        res["mixes"][mix] = row
        print(mix, json.dumps(row), flush=True)
    if gate is not None:  # the packaged gate's error as a predictor of the full model's margin, near a threshold
        _, dev_scores = det._char_pass(dev_texts, gate)  # noqa: SLF001
        near = np.abs(dev_margin) < 2
        fit = np.polyfit(dev_scores[near], dev_margin[near], 1)  # the gate's score on the margin's scale
        res["packaged_gate_error_near_threshold"] = round(float(np.std(np.polyval(fit, dev_scores[near]) - dev_margin[near])), 2)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / "cascade_ceiling.json").write_text(json.dumps(res, indent=1) + "\n")
    print(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
