"""The YAML front matter of docs/MODEL_CARD.md (the Hugging Face model-card convention).

Written by ``python -m training.model_card`` from the same files as the card's body, so it cannot
drift from them: the model manifests (what each model was trained on), ../shared/data/README.md
(each dataset's licence and whether it may ship inside the weights), docs/eval/datasets.json,
docs/finetune_report.json, docs/classifier_speed.json and docs/performance/quantization.json.
A manifest that names a dataset not marked "ship" stops the card: such data must not be in the weights.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

#: Dataset names in the manifests (hatescope.evaluation.datasets.LOADERS) -> folders in ../shared/data.
FOLDERS = {
    "isca": "isca-antisemitism-twitter",
    "implicit_hate": "implicit-hate",
    "hatemoji": "hatemoji-build",
    "hickey2025": "hickey2025-reddit-counterspeech",
}
#: Training data written for hatescope itself (training/contrastive*.toml, and the adversarial rounds'
#: train splits under training/data/adversarial, see its DATASHEET.md): the project's licence.
OWN_DATA = {"contrastive": "training/contrastive*.toml", "adversarial": "training/data/adversarial (DATASHEET.md)",
            "pin": "training/data/pins (DATASHEET.md)"}
PROJECT_LICENSE = "MIT"

INTENDED_USE = (
    "Scoring English social-media posts and news text for hate, insult, dehumanisation and incitement as one stage "
    "of the hatescope engine, whose context stages (speakers, quotes, stance) and policy turn the scores into a "
    "decision a human moderator can review; evaluation and research on hate speech detection.")
OUT_OF_SCOPE_USE = [
    "Automated removal or sanctions without human review: scores are evidence, not verdicts.",
    "Text that is not English (hatescope.multilingual.v1 scores it instead).",
    "Judging people (authors, users) rather than texts, or inferring anyone's identity or protected characteristics.",
    "Long documents scored whole: the classifier sees one sentence or short post at a time.",
    "Domains far from social media and news (medical, legal, literary text) without re-evaluation.",
]


def shared_data_table(readme: Path) -> dict[str, dict[str, Any]]:
    """Folder -> {"licence", "ship"} from the datasets README's table (columns found by their header)."""
    rows = [line for line in readme.read_text(encoding="utf-8").splitlines() if line.startswith("|")]
    header = [c.strip() for c in rows[0].strip("|").split("|")]
    folder, licence, ship = header.index("folder"), header.index("licence (as stated)"), header.index("ship")
    table = {}
    for line in rows[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        table[cells[folder]] = {"licence": cells[licence], "ship": cells[ship].startswith("✓"),
                                "ship_note": cells[ship].lstrip("✓ ").strip("()")}
    return table


def _training_data(manifests: dict[str, dict], table: dict[str, dict]) -> list[dict[str, Any]]:
    used: dict[str, list[str]] = {}
    for model, manifest in manifests.items():
        for name in manifest["trained_on"]:
            used.setdefault(name, []).append(model)
    out = []
    for name, models in used.items():
        own = next((where for prefix, where in OWN_DATA.items() if name.startswith(prefix)), None)
        if own:
            out.append({"name": name, "source": f"written for hatescope ({own})", "licence": PROJECT_LICENSE,
                        "ship": True, "models": models})
            continue
        folder = FOLDERS.get(name, name)
        if folder not in table:
            raise ValueError(f"{name}: no folder {folder!r} in the datasets README's table")
        row = table[folder]
        if not row["ship"]:
            raise ValueError(f"{name} ({folder}) is not licensed to ship, yet a manifest says the weights were trained on it")
        entry = {"name": name, "folder": folder, "licence": row["licence"], "ship": True, "models": models}
        if row["ship_note"]:  # the datasets README's condition on shipping, e.g. "name it", "share-alike"
            entry["ship_condition"] = row["ship_note"]
        out.append(entry)
    return out


def _evaluation_only(evaluation: dict | None, table: dict[str, dict]) -> list[dict[str, Any]]:
    if not evaluation:
        return []
    out = []
    for name, v in sorted(evaluation["metrics"]["datasets"].items()):
        if v.get("shipped_training_data") is False:
            folder = FOLDERS.get(name, name)
            row = table.get(folder, {"licence": "unknown", "ship": False})
            out.append({"name": name, "folder": folder, "licence": row["licence"], "ship": row["ship"],
                        "use": "evaluation only, never trained on: its test split in docs/eval/datasets.json, its "
                               "dev split in the ablation tables below (a comparison column, not a selection criterion)"})
    return out


def _metrics(evaluation: dict | None, shipped: dict | None, speed: dict | None, quantization: dict | None) -> list[dict]:
    out: list[dict[str, Any]] = []
    if evaluation:
        datasets = evaluation["metrics"]["datasets"]
        for name, v in sorted(datasets.items()):
            out.append({"name": "binary hateful vs not, classifier alone", "dataset": name, "split": "test",
                        "n": v["n"], "accuracy": v["accuracy"], "macro_f1": v["macro_f1"], "f1_hateful": v["f1"]["hateful"],
                        "auc": v["auc"], "trained_on": bool(v.get("shipped_training_data")),
                        "command": "hatescope eval --suite datasets", "source": "docs/eval/datasets.json"})
        hx = datasets.get("hatexplain", {}).get("three_class")
        if hx:
            out.append({"name": "3-class macro-F1 (hatespeech / offensive / normal)", "dataset": "hatexplain",
                        "split": "test", "n": hx["n"], "macro_f1": hx["macro_f1"],
                        "command": "hatescope eval --suite datasets", "source": "docs/eval/datasets.json"})
        groups = {g: v["fpr"] for g, v in evaluation["metrics"]["groups"].items() if v["n"] >= 50}
        out.append({"name": "false-positive rate of the hate decision on non-hateful test texts naming a group (n >= 50)",
                    "dataset": "all test splits", "split": "test", "by_group": groups,
                    "command": "hatescope eval --suite datasets", "source": "docs/eval/datasets.json"})
    if shipped:
        out.append({"name": "dev-split scores of the shipped variant (selection: the mean of the first three; DynaHate compared only)", "dataset": "dev splits", "split": "dev",
                    **{k: v for k, v in shipped["summary"].items()},
                    "command": "python -m training.finetune_import", "source": "docs/finetune_report.json"})
    if speed:
        out.append({"name": "posts per second, 2 CPU cores", "posts_per_s": speed["posts_per_s"],
                    "command": speed["command"], "source": "docs/classifier_speed.json"})
    if quantization:
        out.append({"name": "accuracy change against fp32 activations, held-out test texts", "n": quantization["n"],
                    "int8_default_points": quantization["accuracy_change_points"],
                    "fast_model_points": quantization["fast_accuracy_change_points"],
                    "command": quantization["command"].strip(), "source": "docs/performance/quantization.json"})
    return out


def front_matter(manifests: dict[str, dict], table: dict[str, dict], *, evaluation: dict | None = None,
                 shipped: dict | None = None, speed: dict | None = None, quantization: dict | None = None) -> str:
    """The header: ``manifests`` maps a model name (default, fast) to its manifest.json."""
    training = _training_data(manifests, table)
    header = {
        "model_name": manifests["default"]["name"],
        "license": PROJECT_LICENSE.lower(),
        "license_note": "The weights ship under the project's MIT licence. Each training set's own licence is named under "
                        "training_data; only sets marked ship in ../shared/data/README.md are in the weights.",
        "language": ["en"],
        "pipeline_tag": "text-classification",
        "tags": ["hate-speech-detection", "content-moderation", "onnx"],
        "base_model": "sentence-transformers/all-MiniLM-L6-v2",
        "datasets": [e.get("folder", e["name"]) for e in training],
        "training_data": training,
        "evaluation_only_data": _evaluation_only(evaluation, table),
        "intended_use": INTENDED_USE,
        "out_of_scope_use": OUT_OF_SCOPE_USE,
        "metrics": _metrics(evaluation, shipped, speed, quantization),
    }
    return "---\n" + _yaml(header) + "---\n\n"


# --- a small YAML writer: block mappings and sequences, every string double-quoted (JSON escapes are YAML's too) ---


def _scalar(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    if isinstance(value, float):
        return repr(round(value, 4))
    if isinstance(value, int):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)


def _key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key) else json.dumps(key, ensure_ascii=False)


def _yaml(value: Any, indent: int = 0) -> str:
    pad = " " * indent
    if isinstance(value, dict):
        lines = []
        for k, v in value.items():
            if isinstance(v, (dict, list)) and v:
                lines.append(f"{pad}{_key(k)}:\n{_yaml(v, indent + 2)}")
            else:
                lines.append(f"{pad}{_key(k)}: {_scalar(v) if not isinstance(v, (dict, list)) else ('{}' if isinstance(v, dict) else '[]')}\n")
        return "".join(lines)
    lines = []
    for item in value:
        if isinstance(item, (dict, list)) and item:
            body = _yaml(item, indent + 2)
            lines.append(f"{pad}- {body[indent + 2:]}")  # the first key on the dash's line
        else:
            lines.append(f"{pad}- {_scalar(item)}\n")
    return "".join(lines)
