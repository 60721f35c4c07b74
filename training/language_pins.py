"""The pin set in other languages: ordinary innocent posts that name a group, written in each language, held at "not hateful".

    python -m training.language_pins blind TAG de nl   # .cache/pins/lang/blind_TAG.jsonl: pins + decoys, opaque ids
    python -m training.language_pins agree TAG         # reads .cache/pins/lang/labels_TAG.jsonl; per-language gold + kappa
    python -m training.language_pins datasheet         # training/data/pins/lang/DATASHEET.md from every language's stats
    python -m training.language_pins flagged [--config X.toml]   # held-out pins the whole engine flags, per language

The English pin set (``training.pins``) holds English identity statements and greetings innocent; the multilingual heads
learn from adversarial rounds and plain hate in each language and drift on a short sentence that only names a group
("my brother is gay", said in German). The remedy is the same idea in each language: writers with one brief
(``briefs/common.md``), two languages each, never probing the model; a blind annotator per language pair labels the pins
mixed with decoys — train-split lines of that language's adversarial rounds with their gold labels, about a third
hateful — under opaque ids, so that neither a pin's label nor whether a line is a pin can be guessed from its id.
A pin is kept only when the annotator also reads it as not hateful and its text is no evaluation text (the case files
of ``tests/cases`` and every string written in a test module). Split as the English pins: 80% train, 20% test.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import random
from collections import Counter
from pathlib import Path

from hatescope.evaluation.datasets import Example, dedup_key

from training.adversarial.annotate import cohen_kappa, read_labels
from training.adversarial.corpus import gold_rows
from training.adversarial.rounds import ROOT as ADVERSARIAL_ROOT
from training.pins import CASES, GOLD_FILE, _jsonl, evaluation_keys, kept_pins

ROOT = Path(__file__).resolve().parent / "data" / "pins" / "lang"
TESTS = CASES.parent
BLIND_DIR = Path(".cache/pins/lang")
SOURCE = "pin"
STATS_FILE = "stats.json"


def pin_languages(root: Path = ROOT) -> list[str]:
    """Codes of the languages with at least one writer's file (``<code>/lp*.jsonl``)."""
    return sorted(p.name for p in root.iterdir() if p.is_dir() and any(p.glob("lp*.jsonl")))


def written(lang: str, root: Path = ROOT) -> list[dict]:
    rows = []
    for path in sorted((root / lang).glob("lp*.jsonl")):
        rows += _jsonl(path)
    return rows


def test_module_keys(tests: Path = TESTS) -> set[str]:
    """Dedup keys of every string constant of every test module: a sentence a test asserts on is never trained on."""
    keys: set[str] = set()
    for path in sorted(tests.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and dedup_key(node.value):
                keys.add(dedup_key(node.value))
    return keys


def language_decoys(lang: str, n: int, seed: int = 11, adversarial_root: Path = ADVERSARIAL_ROOT) -> list[dict]:
    """``n`` train-split lines of the language's adversarial rounds with gold labels, about a third hateful."""
    rng = random.Random(f"{seed}:{lang}")
    train = [r for r in gold_rows(adversarial_root / "lang" / lang) if r["split"] == "train"]
    hateful = [r for r in train if r["gold"]]
    innocent = [r for r in train if not r["gold"]]
    picked = rng.sample(hateful, min(n // 3, len(hateful)))
    picked += rng.sample(innocent, min(n - len(picked), len(innocent)))
    return [{"ref": f"decoy:{lang}:{r['id']}", "text": r["text"], "hateful": bool(r["gold"]), "lang": lang} for r in picked]


def opaque_id(tag: str, ref: str) -> str:
    return "x" + hashlib.sha256(f"{tag}:{ref}".encode()).hexdigest()[:10]


def write_blind(tag: str, langs: list[str], root: Path = ROOT, out_dir: Path = BLIND_DIR, seed: int = 7,
                adversarial_root: Path = ADVERSARIAL_ROOT) -> Path:
    """``blind_TAG.jsonl`` (opaque id and text, shuffled) and ``key_TAG.json`` (what each id is) for one annotator."""
    key: dict[str, dict] = {}
    for lang in langs:
        pins = written(lang, root)
        for p in pins:
            key[opaque_id(tag, p["id"])] = {"ref": p["id"], "lang": lang, "hateful": bool(p["hateful"]), "text": p["text"]}
        for d in language_decoys(lang, len(pins) // 2, adversarial_root=adversarial_root):
            key[opaque_id(tag, d["ref"])] = d
    lines = [{"id": i, "text": v["text"]} for i, v in key.items()]
    random.Random(f"{seed}:{tag}").shuffle(lines)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / f"key_{tag}.json").write_text(json.dumps(key, ensure_ascii=False, indent=0), encoding="utf-8")
    path = out_dir / f"blind_{tag}.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), encoding="utf-8")
    return path


def agree(tag: str, root: Path = ROOT, blind_dir: Path = BLIND_DIR) -> dict[str, dict]:
    """Per language of the annotator's file: kappa over pins and decoys, ``annotator.jsonl`` (by the writers' ids, decoys
    included), ``gold.jsonl`` (the pins kept, with their split) and ``stats.json``."""
    key = json.loads((blind_dir / f"key_{tag}.json").read_text(encoding="utf-8"))
    labels = read_labels(blind_dir / f"labels_{tag}.jsonl")
    missing = sorted(set(key) - set(labels))
    if missing:
        raise SystemExit(f"labels_{tag}.jsonl lacks {len(missing)} ids, e.g. {missing[:3]}")
    taken = evaluation_keys() | test_module_keys()
    out = {}
    for lang in sorted({v["lang"] for v in key.values()}):
        mine = {i: v for i, v in key.items() if v["lang"] == lang}
        ids = sorted(mine)
        decoy_ids = [i for i in ids if mine[i]["ref"].startswith("decoy:")]
        (root / lang / "annotator.jsonl").write_text(
            "".join(json.dumps({"id": mine[i]["ref"], "hateful": labels[i]}) + "\n" for i in sorted(ids, key=lambda i: mine[i]["ref"])),
            encoding="utf-8")
        by_ref = {v["ref"]: labels[i] for i, v in mine.items()}
        pins = written(lang, root)
        first, dropped = kept_pins(pins, by_ref, taken, "text of an evaluation case or a test")
        (root / lang / GOLD_FILE).write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in first),
                                             encoding="utf-8")
        stats = {"annotator": tag, "written": len(pins), "kept": len(first),
                 "kappa_with_decoys": round(cohen_kappa([mine[i]["hateful"] for i in ids], [labels[i] for i in ids]), 3),
                 "decoys": len(decoy_ids), "decoy_agreement": sum(mine[i]["hateful"] == labels[i] for i in decoy_ids),
                 "dropped": {k: n for k, n in dropped.items() if n},
                 "by_kind": dict(Counter(p["kind"] for p in first)),
                 "by_group": dict(Counter(p["group"] for p in first)),
                 "by_split": dict(Counter(p["split"] for p in first))}
        (root / lang / STATS_FILE).write_text(json.dumps(stats, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        out[lang] = stats
    return out


def language_pin_examples(lang: str, root: Path = ROOT) -> list[Example]:
    """A language's kept pins: ``train`` rows and held-out ``test`` rows, not hateful, nor dehumanising or inciting."""
    path = root / lang / GOLD_FILE
    if not path.is_file():
        return []
    labels = {"hate": False, "dehumanization": False, "incitement": False}
    return [Example(r["text"], False, SOURCE, r["split"], dict(labels), (r["group"],), klass=r["kind"]) for r in _jsonl(path)]


def annotated_languages(root: Path = ROOT) -> list[str]:
    return [lang for lang in pin_languages(root) if (root / lang / GOLD_FILE).is_file()]


def flagged(config: str | None = None, root: Path = ROOT) -> dict[str, dict]:
    """Held-out (``test``) pins the whole engine flags, per language: a pin is innocent, so every flag is an error."""
    from hatescope.engine import engine_from_config

    engine = engine_from_config(config)
    out = {}
    for lang in annotated_languages(root):
        texts = [e.text for e in language_pin_examples(lang, root) if e.split == "test"]
        hits = sum(r.hateful for r in engine.analyze_many(texts))
        out[lang] = {"test_pins": len(texts), "flagged": hits}
    total = sum(v["test_pins"] for v in out.values())
    out["all"] = {"test_pins": total, "flagged": sum(v["flagged"] for v in out.values()),
                  "rate": round(sum(v["flagged"] for v in out.values()) / total, 4) if total else None}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="step", required=True)
    b = sub.add_parser("blind")
    b.add_argument("tag")
    b.add_argument("langs", nargs="+")
    a = sub.add_parser("agree")
    a.add_argument("tag")
    sub.add_parser("datasheet")
    f = sub.add_parser("flagged")
    f.add_argument("--config", default=None)
    args = ap.parse_args(argv)
    if args.step == "blind":
        print(write_blind(args.tag, args.langs))
    elif args.step == "agree":
        print(json.dumps(agree(args.tag), ensure_ascii=False, indent=1))
    elif args.step == "datasheet":
        from training.language_pins_datasheet import write_datasheet

        print(write_datasheet(ROOT))
    else:
        print(json.dumps(flagged(args.config), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
