"""Posts per second of the shipped classifier (gated first pass vs encoder on every text).

    .venv/bin/python benchmarks/classifier_speed.py [--n 2000] [--threads 2]

Texts: the first N test-split texts of the public datasets (needs ../shared/data). Writes
docs/classifier_speed.json, which the model card quotes.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from hatescope.detect.classifier import ClassifierDetector
from hatescope.evaluation.dataset_suite import test_rows


def rate(fn, texts) -> float:
    t0 = time.perf_counter()
    fn(texts)
    return len(texts) / (time.perf_counter() - t0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--out", type=Path, default=Path("docs/classifier_speed.json"))
    args = ap.parse_args()
    texts = [r.text for r in test_rows(limit=args.n)[0]][: args.n]
    det = ClassifierDetector(threads=args.threads)
    det.load()
    det.predict_proba(texts[:64])  # warm-up
    res = {
        "char n-gram pass only": rate(det.char_logits, texts),
        "gated (shipped default)": rate(lambda t: det.predict_proba(t, gate=True), texts),
        "encoder on every text": rate(lambda t: det.predict_proba(t, gate=False), texts),
    }
    out = {"command": f"python benchmarks/classifier_speed.py --n {args.n} --threads {args.threads}",
           "n_texts": len(texts), "mean_chars": sum(map(len, texts)) / len(texts), "posts_per_s": res}
    args.out.write_text(json.dumps(out, indent=1) + "\n")
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
