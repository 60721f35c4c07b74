"""DATASHEET.md of the pin set in other languages, from every language's ``stats.json`` (``training.language_pins``)."""

from __future__ import annotations

import json
from pathlib import Path

def _counts(counter: dict) -> str:
    return " · ".join(f"{k} {n}" for k, n in sorted(counter.items()))


def write_datasheet(root: Path) -> Path:
    stats = {p.parent.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(root.glob("*/stats.json"))}
    rows = []
    for lang, s in stats.items():
        split = s["by_split"]
        dropped = "; ".join(f"{why} {n}" for why, n in s["dropped"].items()) or "none"
        writers = ", ".join(sorted(p.stem for p in (root / lang).glob("lp*.jsonl")))  # a writer's file is named for them
        rows.append(f"| {lang} | {writers} | {s['annotator']} | {s['written']} | {s['kept']} | "
                    f"{split.get('train', 0)} / {split.get('test', 0)} | {s['kappa_with_decoys']:.3f} | "
                    f"{s['decoy_agreement']}/{s['decoys']} | {len(s['by_group'])} | {dropped} |")
    written = sum(s["written"] for s in stats.values())
    kept = sum(s["kept"] for s in stats.values())
    details = "\n".join(f"- **{lang}** — kinds: {_counts(s['by_kind'])}.  \n  groups: {_counts(s['by_group'])}."
                        for lang, s in stats.items())
    text = f"""# Datasheet: the pin set in other languages

Ordinary innocent posts that name a group, written in each language (identity statements — many of two to six words —
greetings, slogans, praise, sincere questions, news, history, everyday mentions, biographies), which the multilingual heads'
training holds at "not hateful" so that learning hate said plainly does not pull a sentence that only names a group over the
line. Module and method: `training/language_pins.py`; brief: `briefs/common.md` (one brief; each writer two languages, at
native level). Written by AI writers who did not see each other's files, the evaluation suites, the tests or the model's
answers; synthetic, no real private persons.

- Written: {written}; kept: {kept}.
- Blind annotation: one annotator per language pair (not its writer), the pins mixed with half as many decoys (train-split
  lines of that language's adversarial rounds with gold labels, about a third hateful), shuffled, **opaque ids** (a hash of
  the annotator's tag and the line), texts only. Kappa is over pins and decoys together (the writer's label or the decoy's
  gold against the annotator's). A pin is kept only when the annotator read it as not hateful, its text is no evaluation
  case's or test's (`tests/cases`, every string constant of a test module), and no other kept pin has its text.
- Split by a hash of the id: 80% `train` (trained on with `--language-pins`), 20% `test` (never trained on;
  `python -m training.language_pins flagged` scores it).
- Label rule: the adversarial programme's (`../../adversarial/DATASHEET.md`); every kept pin is not hateful.

| language | writer | annotator | written | kept | train / test | kappa (pins + decoys) | decoys as gold | groups | dropped |
|---|---|---|---:|---:|---:|---:|---:|---:|---|
{chr(10).join(rows)}

{details}
"""
    path = root / "DATASHEET.md"
    path.write_text(text, encoding="utf-8")
    return path
