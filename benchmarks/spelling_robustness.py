"""How much detection survives the spellings people use to dodge filters?

    python benchmarks/spelling_robustness.py [--n 600] [--split dev] [--no-docs]

Texts: the dev split of the public datasets (never trained on), non-hateful and hateful texts that
name a group (keyword list of hatescope.evaluation.groups). In each, the first group word is
rewritten five ways: two adjacent inner letters swapped, one inner letter dropped, the word glued to
the word before it, its letters spaced out, leetspeak. For hateful texts the system flagged as
written, the share still flagged after each rewrite (recall kept); for non-hateful texts the system
did not flag, the share now flagged (new false positives). Measured for the classifier alone
(normalised text, the manifest's `hate` threshold) and for the whole engine (`Analysis.hateful`),
each with and without the spelling repair (hatescope.normalize.spelling). Writes
docs/spelling_robustness.json and the "spelling" section of docs/NORMALIZATION.md.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7"}


def swap(word: str, rng: random.Random) -> str:
    j = rng.randrange(1, len(word) - 2)
    return word[:j] + word[j + 1] + word[j] + word[j + 2:]


def drop(word: str, rng: random.Random) -> str:
    j = rng.randrange(1, len(word) - 1)
    return word[:j] + word[j + 1:]


def spaced(word: str, rng: random.Random) -> str:
    return " ".join(word)


def leet(word: str, rng: random.Random) -> str:
    out = "".join(_LEET.get(c.lower(), c) for c in word)
    return out if out != word else word[:1] + "*" + word[2:]


#: Rewrites of one word; "glued" is handled apart because it changes the text around the word.
REWRITES = {"swap": swap, "drop": drop, "spaced": spaced, "leet": leet}
KINDS = ("swap", "drop", "glued", "spaced", "leet")


def perturb(text: str, start: int, end: int, kind: str, rng: random.Random) -> str | None:
    """``text`` with the word at [start, end) rewritten by ``kind``; None where the rewrite does not apply."""
    word = text[start:end]
    if kind == "glued":  # the space before the word removed ("hate jews" -> "hatejews")
        before = text[:start]
        if not before.endswith(" ") or not before.rstrip() or not before.rstrip()[-1].isalpha():
            return None
        return before.rstrip(" ") + word + text[end:]
    if len(word) < 4:
        return None
    return text[:start] + REWRITES[kind](word, rng) + text[end:]


def group_word(text: str) -> tuple[int, int] | None:
    """Span of the first word that names a group (the whole word, e.g. "muslims" not "muslim")."""
    from hatescope.evaluation.groups import _COMPILED

    hits = [m for rx in _COMPILED.values() for m in [rx.search(text)] if m]
    if not hits:
        return None
    m = min(hits, key=lambda m: m.start())
    w = re.match(r"\w+", text[m.start():])
    return (m.start(), m.start() + len(w.group(0))) if w else None


def split_rows(split: str):
    from hatescope.evaluation import default_data_dir
    from hatescope.evaluation.datasets import SHIP, deduplicate, load_all

    return [r for r in deduplicate(load_all(default_data_dir(), SHIP)) if r.split == split]


def as_written(rows) -> dict:
    """On the texts as people wrote them: how many the repair changes, and which engine decisions move."""
    from hatescope.normalize import normalize
    from hatescope.normalize.spelling import normalize_with_spelling
    from hatescope.resources import default_speller

    speller = default_speller()
    changed = [r for r in rows if normalize_with_spelling(r.text, speller=speller).text != normalize(r.text).text]
    texts = [r.text for r in changed]
    on, off = flags(texts, "engine"), flags(texts, "engine, no repair")
    gold = np.array([r.hateful for r in changed], bool)
    return {"texts": len(rows), "changed": len(changed), "decisions_changed": int((on != off).sum()),
            "now_right": int(((on != off) & (on == gold)).sum()), "now_wrong": int(((on != off) & (on != gold)).sum())}


def sample(rows, n: int, seed: int):
    rng = random.Random(seed)
    picked = {}
    for hateful in (True, False):
        cands = [(r, s) for r in rows if r.hateful == hateful and len(r.text) <= 400 for s in [group_word(r.text)] if s]
        rng.shuffle(cands)
        picked[hateful] = cands[:n]
    return picked


#: name -> (what runs, spelling repair on)
SYSTEMS = {"classifier, no repair": ("classifier", False), "classifier": ("classifier", True),
           "engine, no repair": ("engine", False), "engine": ("engine", True)}


def flags(texts: list[str], system: str) -> np.ndarray:
    from hatescope.config import EngineConfig
    from hatescope.engine import Engine
    from hatescope.normalize.spelling import normalize_with_spelling
    from hatescope.resources import default_speller

    what, spelling = SYSTEMS[system]
    if what == "classifier":
        from hatescope.detect.classifier import ClassifierDetector

        det = ClassifierDetector()
        det.load()
        t = det.manifest["thresholds"]["hate"]
        speller = default_speller() if spelling else None
        return det.predict_proba([normalize_with_spelling(x, speller=speller).text for x in texts])[:, 0] >= t
    eng = Engine(config=EngineConfig(spelling=spelling))
    out = []
    for i in range(0, len(texts), 64):
        out += [a.hateful for a in eng.analyze_many(texts[i:i + 64])]
    return np.array(out)


def measure(picked, system: str, seed: int) -> dict:
    rng = random.Random(seed)
    res = {}
    for hateful, items in picked.items():
        base = flags([r.text for r, _ in items], system)
        keep = [(r, s) for (r, s), f in zip(items, base) if f == hateful]  # flagged hateful / unflagged benign
        row = {"n": len(items), "base_rate": round(float(base.mean()), 3), "n_scored": len(keep)}
        for kind in KINDS:
            variants = [(perturb(r.text, a, b, kind, rng)) for r, (a, b) in keep]
            texts = [v for v in variants if v is not None]
            f = flags(texts, system) if texts else np.zeros(0, bool)
            row[kind] = {"n": len(texts), "flagged": round(float(f.mean()), 3) if len(f) else None}
        res["hateful" if hateful else "non_hateful"] = row
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=600, help="texts per class (hateful / non-hateful)")
    ap.add_argument("--split", default="dev")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "spelling_robustness.json")
    ap.add_argument("--no-docs", action="store_true", help="write only --out, not docs/NORMALIZATION.md")
    args = ap.parse_args()
    rows = split_rows(args.split)
    picked = sample(rows, args.n, args.seed)
    report = {"command": "python benchmarks/spelling_robustness.py " + " ".join(sys.argv[1:]),
              "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "split": args.split,
              "as_written": as_written(rows), "systems": {}}
    print("as written", json.dumps(report["as_written"]), flush=True)
    for system in SYSTEMS:
        t0 = time.time()
        report["systems"][system] = measure(picked, system, args.seed)
        print(system, f"{time.time() - t0:.0f}s", json.dumps(report["systems"][system]), flush=True)
    args.out.write_text(json.dumps(report, indent=1) + "\n")
    if not args.no_docs:
        from benchmarks.harness import write_section

        write_section(ROOT / "docs" / "NORMALIZATION.md", "spelling", render(report), title="Misspelt words: measured")


def render(report: dict) -> str:
    sy = report["systems"]
    h, b = sy["engine"]["hateful"], sy["engine"]["non_hateful"]
    lines = [f"Command: `{report['command']}` ({report['date']}). Texts: {report['split']} split of the shipped-model "
             f"datasets that name a group; {h['n_scored']} hateful texts the engine flags as written and "
             f"{b['n_scored']} non-hateful ones it does not (engine numbers; the classifier's own counts are in "
             "docs/spelling_robustness.json). The first group word of each is rewritten one way at a time.", "",
             "Hateful texts still flagged after the rewrite (higher is better):", "",
             "| system | " + " | ".join(KINDS) + " |", "|---|" + "---:|" * len(KINDS)]
    for name, r in sy.items():
        lines.append(f"| {name} | " + " | ".join(f"{r['hateful'][k]['flagged']:.1%}" for k in KINDS) + " |")
    lines += ["", "Non-hateful texts flagged after the rewrite (lower is better):", "",
              "| system | " + " | ".join(KINDS) + " |", "|---|" + "---:|" * len(KINDS)]
    for name, r in sy.items():
        lines.append(f"| {name} | " + " | ".join(f"{r['non_hateful'][k]['flagged']:.1%}" for k in KINDS) + " |")
    w = report["as_written"]
    lines += ["", f"On all {w['texts']:,} {report['split']} texts as written, the repair changes {w['changed']} of them and "
              f"{w['decisions_changed']} engine decisions ({w['now_right']} now right, {w['now_wrong']} now wrong)."]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
