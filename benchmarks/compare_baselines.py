"""Run the "datasets" evaluation on two offline peers, alt-profanity-check and hatesonar, side by side.

Both pin old scikit-learn versions, so they live in their own virtualenv (never the project's):

    python3 -m venv .cache/bench-venv && .cache/bench-venv/bin/pip install alt-profanity-check hatesonar
    .venv/bin/python benchmarks/compare_baselines.py --venv .cache/bench-venv
    hatescope eval --suite datasets        # the report then shows the peers' columns

Writes benchmarks/results/baselines.json (same metrics as the suite, identical rows and scoring code).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
from pathlib import Path

import numpy as np

from hatescope.evaluation.dataset_suite import BASELINES_JSON, score_rows, test_rows

# Runs inside the baseline venv: reads texts (JSON list) and writes {model: {"hate": [...], "insult": [...]}}.
SCORER = r'''
import json, sys, warnings
warnings.filterwarnings("ignore")
texts = json.load(open(sys.argv[1]))
out = {}
try:
    from profanity_check import predict_prob
    p = [float(x) for x in predict_prob(texts)]
    out["alt-profanity-check"] = {"hate": p, "insult": p}
except Exception as exc:
    print("alt-profanity-check failed:", exc, file=sys.stderr)
try:
    from hatesonar import Sonar
    sonar = Sonar()
    hate, off = [], []
    for t in texts:
        c = {d["class_name"]: d["confidence"] for d in sonar.ping(text=t)["classes"]}
        hate.append(float(c["hate_speech"]))
        off.append(float(c["hate_speech"] + c["offensive_language"]))
    out["hatesonar"] = {"hate": hate, "insult": off}
except Exception as exc:
    print("hatesonar failed:", exc, file=sys.stderr)
json.dump(out, open(sys.argv[2], "w"))
'''


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--venv", type=Path, default=Path(".cache/bench-venv"))
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args()
    rows, written = test_rows(args.data, limit=args.limit)
    with tempfile.TemporaryDirectory() as tmp:
        src, dst, script = Path(tmp) / "texts.json", Path(tmp) / "probs.json", Path(tmp) / "score.py"
        src.write_text(json.dumps([r.text for r in rows]))
        script.write_text(SCORER)
        subprocess.run([str(args.venv / "bin" / "python"), str(script), str(src), str(dst)], check=True)
        probs = json.loads(dst.read_text())
    # Peers have no dev-tuned thresholds: 0.5 everywhere, their documented default.
    th = {"hate": 0.5, "hatexplain_hate": 0.5, "hatexplain_offensive": 0.5}
    results = {}
    for model, p in probs.items():
        m = score_rows(rows, {k: np.asarray(v) for k, v in p.items() if k == "hate" or k == "insult"}, th, written)
        m["labels"] = {}  # peers' scores are not calibrated for our labels; ECE would mislead
        results[model] = m
        print(model, {s: round(v["macro_f1"], 3) for s, v in m["datasets"].items()})
    BASELINES_JSON.parent.mkdir(parents=True, exist_ok=True)
    BASELINES_JSON.write_text(json.dumps(results, indent=1) + "\n")
    print(BASELINES_JSON)


if __name__ == "__main__":
    main()
