"""All rounds of the adversarial programme: loading, splits by pair, and the per-round model error rate.

Splits are decided by a hash of the *pair* id, so an original and its contrast always land together:
a model never trains on one half of a pair and is scored on the other. 20% of every round is the sealed
test: scored for the report only (``hatescope eval --suite adversarial``), never opened for error analysis.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

# One definition of the split, shared with the evaluation suite that scores the sealed part.
from hatescope.evaluation.sealed import split_of_pair
from training.adversarial.schema import Problem, read_round_file

ROOT = Path(__file__).resolve().parents[1] / "data" / "adversarial"


def round_dirs(root: Path = ROOT) -> list[Path]:
    return sorted((p for p in root.glob("r[0-9]*") if p.is_dir()), key=lambda p: int(p.name[1:]))


def writer_files(round_dir: Path) -> list[Path]:
    """Writers' files only: annotation and blind files live beside them under other names."""
    return sorted(p for p in round_dir.glob("w*.jsonl"))


def load_round(round_dir: Path) -> tuple[list[dict], list[Problem]]:
    rows, problems = [], []
    for path in writer_files(round_dir):
        got, bad = read_round_file(path)
        rows.extend(got)
        problems.extend(bad)
    for row in rows:
        row["split"] = split_of_pair(row["pair_id"])
    return rows, problems


def model_error_rate(rows: list[dict]) -> tuple[float, int]:
    """Share of rows the model in the loop got wrong when they were written (recorded by ``probe --record``)."""
    scored = [r for r in rows if "model_hateful" in r]
    wrong = sum(r["model_hateful"] != r["hateful"] for r in scored)
    return (wrong / len(scored) if scored else float("nan")), len(scored)


def counts(rows: list[dict], key: str) -> Counter:
    out: Counter = Counter()
    for row in rows:
        values = row[key] if isinstance(row[key], list) else [row[key]]
        out.update(values or ["(none)"])
    return out
