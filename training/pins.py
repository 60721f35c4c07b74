"""The pin set: ordinary innocent posts that name a group, which training holds at "not hateful".

    python -m training.pins blind     # .cache/pins/blind.jsonl: the pins mixed with labelled decoys, shuffled, texts only
    python -m training.pins agree     # agreement with the blind annotator; writes gold.jsonl and DATASHEET.md

Continued training on the adversarial rounds (hateful posts beside innocent near-twins) drifts on everyday posts that only
*name* a group — greetings, slogans, sincere questions. The pins are the counterweight: written by writers with their own
briefs (``briefs/``), never probed against the model, every one meant as innocent. A blind annotator labels them mixed with
decoys — lines of the adversarial rounds' train splits with their gold labels, about one in three of them hateful — so that
the annotator cannot answer "not hateful" by rote and Cohen's kappa is defined. A pin is kept only when the annotator, too,
reads it as not hateful, and never when its text is one of an evaluation suite's (``tests/cases``, sealed parts included).

Split by a hash of the id: 80% ``train`` (trained on), 20% ``test`` (never trained on; the import's report scores it),
none ``dev`` — a one-class dev set would move the public composite that model selection reads.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import tomllib
from collections import Counter
from pathlib import Path

from hatescope.evaluation.datasets import Example, dedup_key

from training.adversarial.annotate import cohen_kappa, read_labels

ROOT = Path(__file__).resolve().parent / "data" / "pins"
CASES = Path(__file__).resolve().parents[1] / "tests" / "cases"
BLIND_DIR = Path(".cache/pins")
SOURCE = "pin"
GOLD_FILE = "gold.jsonl"
DECOY_PREFIX = "decoy-"


def split_of_pin(pin_id: str) -> str:
    return "test" if int.from_bytes(hashlib.sha256(pin_id.encode()).digest()[:4], "big") % 5 == 0 else "train"


def written_pins(root: Path = ROOT) -> list[dict]:
    """Every writer's line (files ``p*.jsonl``), in file order."""
    rows = []
    for path in sorted(root.glob("p*.jsonl")):
        rows += _jsonl(path)
    return rows


def evaluation_keys(cases: Path = CASES) -> set[str]:
    """Dedup keys of every text in the evaluation suites' case files (never shown, only compared)."""
    keys: set[str] = set()

    def walk(node) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "text" and isinstance(value, str):
                    keys.add(dedup_key(value))
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for path in sorted(cases.rglob("*.toml")):
        walk(tomllib.loads(path.read_text(encoding="utf-8")))
    return keys


def decoys(n: int, seed: int = 11) -> list[dict]:
    """``n`` labelled lines of the adversarial rounds' train splits (never dev or sealed), about a third hateful."""
    from training.adversarial.corpus import gold_rows

    rng = random.Random(seed)
    train = [r for r in gold_rows() if r["split"] == "train"]
    hateful = [r for r in train if r["gold"]]
    innocent = [r for r in train if not r["gold"]]
    picked = rng.sample(hateful, n // 3) + rng.sample(innocent, n - n // 3)
    return [{"id": f"{DECOY_PREFIX}{i:04d}", "text": r["text"], "hateful": bool(r["gold"])} for i, r in enumerate(picked)]


def write_blind(out_dir: Path = BLIND_DIR, seed: int = 7) -> Path:
    """The blind file (ids and texts) and, beside it, the decoys' labels the agreement step reads."""
    pins = written_pins()
    mixed = [{"id": p["id"], "text": p["text"]} for p in pins]
    decoy_rows = decoys(len(pins) // 2)
    mixed += [{"id": d["id"], "text": d["text"]} for d in decoy_rows]
    random.Random(seed).shuffle(mixed)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "decoys.jsonl").write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in decoy_rows))
    path = out_dir / "blind.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in mixed), encoding="utf-8")
    return path


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(raw) for raw in path.read_text(encoding="utf-8").splitlines() if raw.strip()]


def agree(root: Path = ROOT, blind_dir: Path = BLIND_DIR, cases: Path = CASES) -> dict:
    """Kappa over pins and decoys together (the writer's label, or the decoy's gold, against the annotator's);
    writes ``gold.jsonl`` (the pins kept) and returns the counts for the datasheet."""
    pins = written_pins(root)
    annotated = read_labels(root / "annotator.jsonl")
    reference = {p["id"]: bool(p["hateful"]) for p in pins}
    reference |= {d["id"]: d["hateful"] for d in _jsonl(blind_dir / "decoys.jsonl")}
    missing = sorted(set(reference) - set(annotated))
    if missing:
        raise SystemExit(f"annotator.jsonl lacks {len(missing)} ids, e.g. {missing[:3]}")
    ids = sorted(reference)
    stats = {"kappa_with_decoys": cohen_kappa([reference[i] for i in ids], [annotated[i] for i in ids]),
             "decoys": sum(i.startswith(DECOY_PREFIX) for i in ids),
             "decoy_agreement": sum(reference[i] == annotated[i] for i in ids if i.startswith(DECOY_PREFIX))}
    unique, dropped = kept_pins(pins, annotated, evaluation_keys(cases), "text of an evaluation case")
    (root / GOLD_FILE).write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in unique), encoding="utf-8")
    return {**stats, "written": len(pins), "kept": len(unique), "dropped": dict(dropped),
            "by_kind": dict(Counter(p["kind"] for p in unique)), "by_group": dict(Counter(p["group"] for p in unique)),
            "by_split": dict(Counter(p["split"] for p in unique))}


def kept_pins(pins: list[dict], annotated: dict[str, bool], taken: set[str], taken_reason: str) -> tuple[list[dict], Counter]:
    """The pins kept, each with its split: written as innocent and read so by the annotator, whose text is not in
    ``taken`` (evaluation texts' dedup keys), the first of each text; and why the others were dropped."""
    kept, dropped = [], Counter()
    for p in pins:
        if annotated[p["id"]] or p["hateful"]:
            dropped["annotator read it as hateful"] += 1
        elif dedup_key(p["text"]) in taken:
            dropped[taken_reason] += 1
        else:
            kept.append({**p, "split": split_of_pin(p["id"])})
    first_of_text: dict[str, dict] = {}
    for p in kept:
        first_of_text.setdefault(dedup_key(p["text"]), p)
    dropped["duplicate text"] += len(kept) - len(first_of_text)
    return list(first_of_text.values()), dropped


def pin_examples(root: Path = ROOT) -> list[Example]:
    """The kept pins as training rows (``train``) and held-out rows (``test``): not hateful, nor dehumanising or
    inciting."""
    path = root / GOLD_FILE
    if not path.is_file():
        return []
    rows = _jsonl(path)
    labels = {"hate": False, "dehumanization": False, "incitement": False}
    return [Example(r["text"], False, SOURCE, r["split"], dict(labels), (r["group"],), klass=r["kind"]) for r in rows]


def write_datasheet(stats: dict, root: Path = ROOT) -> None:
    kinds = " · ".join(f"{k} {n}" for k, n in sorted(stats["by_kind"].items()))
    groups = " · ".join(f"{g} {n}" for g, n in sorted(stats["by_group"].items()))
    dropped = "; ".join(f"{why}: {n}" for why, n in stats["dropped"].items() if n) or "none"
    text = f"""# Datasheet: the pin set

Ordinary innocent English posts that name a group (greetings, slogans, identity statements, praise, sincere questions,
news, history, everyday mentions, biographies), which continued training holds at "not hateful" so that learning from the
adversarial rounds does not drift on them. Module and method: `training/pins.py`. Briefs: `briefs/` (one common brief, one per
writer: p1 greetings and wishes, p2 slogans, identity and praise, p3 sincere questions, p4 news, history, everyday mentions
and biographies). Written by AI writers who did not see each other's files, the evaluation suites or the model's answers;
synthetic, no real private persons.

- Written: {stats["written"]}; kept: {stats["kept"]}; dropped: {dropped}.
- Blind annotation: three annotators, each a third of the file, labelled the pins mixed with {stats["decoys"]} decoys (train-split lines of the adversarial
  rounds with gold labels, a third hateful), shuffled, texts only. Cohen's kappa over pins and decoys: **{stats["kappa_with_decoys"]:.3f}**;
  decoys labelled as their gold: {stats["decoy_agreement"]} of {stats["decoys"]}. A pin is kept only when the annotator read it as
  not hateful. The blind file kept the writers' ids and named the decoys "decoy-…": an annotator could tell a decoy from a
  pin (not its label), and the annotators of this release said so in their notes; a later blind file should use opaque ids.
- Split by a hash of the id: {stats["by_split"]} (`test` is never trained on).
- By kind: {kinds}.
- By group: {groups}.
- Label rule: the adversarial programme's (`../adversarial/DATASHEET.md`); every kept pin is not hateful.
"""
    (root / "DATASHEET.md").write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("step", choices=("blind", "agree"))
    args = ap.parse_args(argv)
    if args.step == "blind":
        print(write_blind())
        return 0
    stats = agree()
    write_datasheet(stats)
    print(json.dumps(stats, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
