"""What a line of an adversarial round holds, and the vocabularies its labels come from.

One file per writer and round (``training/data/adversarial/rN/WRITER.jsonl``). The writer's label is the
proposal; a second annotator labels the same texts blind and only texts both agree on (or that were
adjudicated) are used to train or evaluate (see ``annotate.py``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

HATEFUL_TYPES = (
    "derogation_emotion", "derogation_attribute", "derogation_comparison", "derogation_implicit", "conspiracy",
    "dehumanisation", "threat", "incitement", "support_hateful", "slur", "exclusion", "denial_trivialisation",
    "hateful_question",
)
BENIGN_TYPES = (
    "identity_neutral", "identity_positive", "greeting", "solidarity", "news_report", "counter_speech",
    "quote_rejected", "moderation_notice", "history_education", "reclaimed_slur", "homonym", "abuse_individual",
    "abuse_nonprotected", "criticism_state_ideology", "profanity_untargeted", "negated_hate", "other_benign",
)
TARGETS = (
    "jews", "israelis", "muslims", "palestinians", "arabs", "iranians", "black_people", "asians", "roma",
    "immigrants", "refugees", "women", "men", "gay_men", "lesbians", "bisexual_people", "trans_people",
    "non_binary_people", "lgbtq", "disabled_people", "christians", "hindus", "sikhs", "indigenous_peoples",
    "latinos", "older_people", "mexicans", "chinese_people", "africans",
)
#: Open-ended target keys: a protected group not in the list, or a non-protected target (professions, fans...).
TARGET_PREFIXES = ("other_protected:", "nonprotected:")

REQUIRED = ("id", "pair_id", "round", "writer", "lang", "text", "hateful", "type", "targets")


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def check_row(row: dict) -> list[str]:
    """The reasons ``row`` is not a valid round line (empty when it is)."""
    missing = [k for k in REQUIRED if k not in row]
    if missing:
        return [f"missing {', '.join(missing)}"]
    problems = []
    if not isinstance(row["text"], str) or not row["text"].strip():
        problems.append("empty text")
    if not isinstance(row["hateful"], bool):
        problems.append("'hateful' is not true/false")
    allowed = HATEFUL_TYPES if row["hateful"] else BENIGN_TYPES
    if row["type"] not in allowed:
        problems.append(f"type {row['type']!r} does not fit hateful={row['hateful']}")
    for target in row["targets"]:
        if target not in TARGETS and not target.startswith(TARGET_PREFIXES):
            problems.append(f"unknown target {target!r}")
    return problems


def read_round_file(path: Path) -> tuple[list[dict], list[Problem]]:
    """Every valid line of one writer's file and a problem for each invalid one (a bad line never hides the rest)."""
    rows, problems = [], []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            row = json.loads(raw)
        except json.JSONDecodeError as exc:
            problems.append(Problem(path, number, f"not JSON ({exc.msg})"))
            continue
        reasons = check_row(row) if isinstance(row, dict) else ["not an object"]
        if reasons:
            problems.append(Problem(path, number, "; ".join(reasons)))
        else:
            rows.append(row)
    return rows, problems
