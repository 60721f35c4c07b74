"""Blind second annotation of a round, Cohen's kappa, and the labels that are kept.

    python -m training.adversarial.annotate blind r1       # writes r1/blind.jsonl: ids and texts only, shuffled
    python -m training.adversarial.annotate agree r1       # kappa of the writers' vs annotator's labels; writes r1/gold.jsonl

The annotator never sees the writer's label, type, pair or the model's answer: ``blind.jsonl`` holds the
text alone, in an order that hides which texts form a pair. The annotator's file ``annotator.jsonl`` has one
``{"id", "hateful"}`` per line. Where writer and annotator disagree, an adjudicator's blind label
(``adjudicator.jsonl``, same shape, only the disputed ids) decides by majority; without one the text is dropped.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from training.adversarial.rounds import ROOT, load_round


def cohen_kappa(a: list[bool], b: list[bool]) -> float:
    n = len(a)
    if n == 0:
        return float("nan")
    observed = sum(x == y for x, y in zip(a, b)) / n
    pa, pb = sum(a) / n, sum(b) / n
    expected = pa * pb + (1 - pa) * (1 - pb)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def read_labels(path: Path) -> dict[str, bool]:
    """``{id: hateful}`` of an annotator's or adjudicator's file (empty when there is none yet)."""
    if not path.exists():
        return {}
    labels = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.strip():
            row = json.loads(raw)
            labels[row["id"]] = bool(row["hateful"])
    return labels


def write_blind(round_dir: Path, *, seed: int = 7) -> Path:
    rows, _ = load_round(round_dir)
    items = [{"id": r["id"], "text": r["text"]} for r in rows]
    random.Random(seed).shuffle(items)
    out = round_dir / "blind.jsonl"
    out.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
    return out


def agreement(round_dir: Path) -> dict:
    """Kappa over the texts both labelled, and the kept rows written to ``gold.jsonl`` (label = agreed or adjudicated)."""
    rows, _ = load_round(round_dir)
    second = read_labels(round_dir / "annotator.jsonl")
    third = read_labels(round_dir / "adjudicator.jsonl")
    both = [r for r in rows if r["id"] in second]
    kappa = cohen_kappa([r["hateful"] for r in both], [second[r["id"]] for r in both])
    kept, dropped, adjudicated = [], 0, 0
    for row in both:
        votes = [row["hateful"], second[row["id"]]]
        if votes[0] != votes[1]:
            if row["id"] not in third:
                dropped += 1
                continue
            votes.append(third[row["id"]])
            adjudicated += 1
        gold = sum(votes) * 2 > len(votes)
        kept.append({**row, "gold": gold})
    (round_dir / "gold.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in kept), encoding="utf-8")
    agreed = sum(r["hateful"] == second[r["id"]] for r in both)
    return {"round": round_dir.name, "written": len(rows), "annotated": len(both), "agreed": agreed,
            "kappa": round(kappa, 3), "adjudicated": adjudicated, "dropped": dropped, "kept": len(kept)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("step", choices=("blind", "agree"))
    parser.add_argument("round", help="round folder name, e.g. r1")
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    round_dir = args.root / args.round
    if args.step == "blind":
        print(write_blind(round_dir))
    else:
        print(json.dumps(agreement(round_dir), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
