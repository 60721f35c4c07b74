"""Score written posts with the current engine, as a writer does while writing a round.

    python -m training.adversarial.probe posts.jsonl            # prints a table, writes nothing
    python -m training.adversarial.probe posts.jsonl --record   # also stores model_* fields in the file

Each line is a JSON object with at least ``text`` and ``hateful`` (the writer's intended label). The
model's answer at writing time (``model_hateful``, ``model_action``, ``model_score``, ``model_version``) is
what the round's "model error rate before training on it" is computed from, so it is recorded once and
never refreshed after a retrain (``--record`` skips lines that already carry it).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _hate_score(analysis) -> float:
    return max((float(v) for k, v in analysis.scores.items() if k in ("hate", "dehumanization", "incitement")), default=0.0)


def probe(path: Path, *, record: bool) -> int:
    from hatescope.engine import default_engine

    engine = default_engine()
    version = engine.versions().get("hatescope.classifier.v1", "?")
    lines = path.read_text(encoding="utf-8").splitlines()
    out, wrong, scored = [], 0, 0
    for raw in lines:
        if not raw.strip():
            continue
        row = json.loads(raw)
        analysis = engine.analyze(row["text"])
        score = _hate_score(analysis)
        miss = bool(analysis.hateful) != bool(row["hateful"])
        scored += 1
        wrong += miss
        mark = "MISS" if miss else "ok  "
        print(f"{mark} gold={'H' if row['hateful'] else 'N'} model={analysis.action:<6} {score:.2f}  {row['text'][:90]}")
        if record and "model_hateful" not in row:
            row.update(model_hateful=bool(analysis.hateful), model_action=analysis.action,
                       model_score=round(score, 4), model_version=version)
        out.append(json.dumps(row, ensure_ascii=False))
    if record:
        path.write_text("\n".join(out) + "\n", encoding="utf-8")
    print(f"{wrong}/{scored} fooled the model ({wrong / max(scored, 1):.1%})", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", type=Path)
    parser.add_argument("--record", action="store_true", help="store the model's answer in each line")
    args = parser.parse_args(argv)
    return probe(args.path, record=args.record)


if __name__ == "__main__":
    raise SystemExit(main())
