"""A round's model error rate against a model other than the one its writers probed.

    python -m training.adversarial.rescore r2 --model-dir .cache/models/r4 --note "trained on r1"
    python -m training.adversarial.rescore r1 r2 --root training/data/adversarial/lang/de

The programme's key number is each round's error rate *before training on it*: the writers' probe records it
against the model of the day (``model_*`` fields), but when a new model trained on the earlier rounds ships
between writing and training, the fair "before" is that new model. This scores a round's annotated rows
(``gold.jsonl``: the settled label, not the writer's proposal) with any classifier folder and appends the
result to ``rescored.jsonl`` beside the rounds, which the datasheet reads. Only the aggregate is written: the
sealed pairs are scored, never listed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from training.adversarial.corpus import GOLD_FILE
from training.adversarial.rounds import ROOT, split_of_pair

RESULTS = "rescored.jsonl"


def engine_for(model_dir: Path | None):
    from hatescope.config import DetectorSpec, EngineConfig
    from hatescope.engine import Engine

    config = EngineConfig()
    if model_dir is not None:
        config.detectors = [DetectorSpec(name=d.name, params={**d.params, "model_dir": str(model_dir)})
                            if d.name == "hatescope.classifier.v1" else d for d in config.detectors]
    return Engine(config=config)


def rescore(round_dir: Path, engine) -> dict:
    rows = [json.loads(line) for line in (round_dir / GOLD_FILE).read_text(encoding="utf-8").splitlines() if line.strip()]
    analyses = engine.analyze_many([r["text"] for r in rows])
    wrong = {"all": 0, "train": 0, "dev": 0, "sealed": 0}
    total = dict.fromkeys(wrong, 0)
    for row, analysis in zip(rows, analyses):
        miss = bool(analysis.hateful) != bool(row["gold"])
        for key in ("all", split_of_pair(row["pair_id"])):
            total[key] += 1
            wrong[key] += miss
    return {"round": round_dir.name, "rows": total["all"],
            "error_rate": {k: round(wrong[k] / total[k], 4) for k in total if total[k]}}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("rounds", nargs="+", help="round folder names (r1, r2, ...)")
    ap.add_argument("--root", type=Path, default=ROOT)
    ap.add_argument("--model-dir", type=Path, default=None, help="classifier folder (default: the packaged model)")
    ap.add_argument("--note", default="", help="what the model was trained on, for the datasheet")
    args = ap.parse_args(argv)
    engine = engine_for(args.model_dir)
    version = engine.versions().get("hatescope.classifier.v1", "?")
    for name in args.rounds:
        if not (args.root / name / GOLD_FILE).is_file():
            print(f"{args.root / name}: not annotated yet (no {GOLD_FILE})", file=sys.stderr)
            return 2
        result = {**rescore(args.root / name, engine), "model_version": version, "model": args.note}
        print(json.dumps(result))
        with (args.root / RESULTS).open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
