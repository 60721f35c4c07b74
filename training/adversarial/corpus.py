"""Adversarial rounds as training rows: the annotated ``gold.jsonl`` of each round, as ``Example``s.

Only ``gold.jsonl`` is read (written by ``annotate agree`` after blind annotation); a round without one
is not annotated yet and gives nothing. Splits come from the pair id (:func:`rounds.split_of_pair`),
recomputed here rather than trusted from the file: train → ``train``, dev → ``dev``, and **sealed
pairs are never returned** — they are the programme's test, scored elsewhere for the report only.

Labels are those the data settles: ``hate`` is the gold label. A text judged not hateful is a negative
for hate, dehumanization and incitement (neither can exist without hate). A hateful text of type
``dehumanisation`` is a positive for dehumanization, of type ``threat`` or ``incitement`` a positive
for incitement; every other label (insult always, and the other hateful types' sub-labels) stays
unknown, so the masked loss ignores it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Collection

from hatescope.evaluation.datasets import Example, dedup_key

from training.adversarial.rounds import ROOT, load_round, round_dirs, split_of_pair

SOURCE = "adversarial"
GOLD_FILE = "gold.jsonl"
DEHUMANISING_TYPES = {"dehumanisation"}
INCITING_TYPES = {"threat", "incitement"}


def annotated_rounds(root: Path = ROOT) -> list[str]:
    """Names of the rounds that have a ``gold.jsonl`` (the ones training can read), in round order."""
    return [rdir.name for rdir in round_dirs(root) if (rdir / GOLD_FILE).is_file()]


def gold_rows(root: Path = ROOT, rounds: Collection[str] | None = None) -> list[dict]:
    """Every line of every round's ``gold.jsonl`` (or of the ``rounds`` named), each with its pair's split
    (sealed ones included)."""
    rows = []
    for rdir in round_dirs(root):
        path = rdir / GOLD_FILE
        if not path.is_file() or (rounds is not None and rdir.name not in rounds):
            continue
        for raw in path.read_text(encoding="utf-8").splitlines():
            if raw.strip():
                row = json.loads(raw)
                rows.append({**row, "split": split_of_pair(row["pair_id"])})
    return rows


def labels_of(row: dict) -> dict[str, bool]:
    hateful = bool(row["gold"])
    if not hateful:
        return {"hate": False, "dehumanization": False, "incitement": False}
    labels = {"hate": True}
    if row["type"] in DEHUMANISING_TYPES:
        labels["dehumanization"] = True
    if row["type"] in INCITING_TYPES:
        labels["incitement"] = True
    return labels


def adversarial_examples(root: Path = ROOT, rounds: Collection[str] | None = None) -> list[Example]:
    """Train and dev rows of every annotated round (or of the ``rounds`` named: a pack records which it holds,
    so a round annotated later does not change the rows an import of that pack expects), as written."""
    return [Example(r["text"], bool(r["gold"]), SOURCE, r["split"], labels_of(r), tuple(r["targets"]), klass=r["type"])
            for r in gold_rows(root, rounds) if r["split"] in ("train", "dev")]


def sealed_keys(root: Path = ROOT, rounds: Collection[str] | None = None) -> set[str]:
    """Dedup keys (never the texts) of every written text of a sealed pair, annotated or not: a copy of one
    elsewhere in the corpus must not be trained or tuned on either. ``rounds``: only those rounds' (an import
    must rebuild exactly the rows its pack was made from, before a later round existed)."""
    dirs = [rdir for rdir in round_dirs(root) if rounds is None or rdir.name in rounds]
    rows = [r for rdir in dirs for r in load_round(rdir)[0]] + gold_rows(root, rounds)
    return {dedup_key(r["text"]) for r in rows if r["split"] == "sealed"}
