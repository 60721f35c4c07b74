"""False flags and catches on the in-house adversarial rows of Russian, Turkish, Hebrew, Arabic, Persian, Hindi and
Mandarin (training/data/adversarial/lang/<code>/r1/gold.jsonl), the whole engine and the lexicon detector alone.

    python benchmarks/lexicon_languages.py [--split dev|train] [--languages ru,tr,...] [--save NAME] [--flags]

Per language: the share of non-hateful rows the engine calls hateful (false flags), the share of hateful rows it
calls hateful (caught), and the same two shares for "the lexicon detector finds a hateful label" (its own evidence,
whatever the stance stage then makes of it). Rows are split by pair (``hatescope.evaluation.sealed.split_of_pair``);
only the dev and train parts can be chosen, never the sealed one. ``--save NAME`` keeps the counts in
benchmarks/results/lexicon_languages_NAME.json; ``--flags`` lists the lexicon's matches on non-hateful rows
(a dev or train row, with the entry that matched) for error analysis.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from hatescope.evaluation.sealed import split_of_pair  # noqa: E402

DATA = ROOT / "training" / "data" / "adversarial" / "lang"
RESULTS = ROOT / "benchmarks" / "results"
LANGUAGES = ("ru", "tr", "he", "ar", "fa", "hi", "zh")
LEXICON = "hatescope.lexicon.v1"
#: Labels whose lexicon evidence counts as "the lexicon calls it hateful" (insult and profanity do not).
_HATEFUL_LABELS = {"hate", "dehumanization", "incitement", "threat", "antisemitism", "coded_language"}


def rows_of(language: str, split: str) -> list[dict]:
    """The rows of one language whose pair falls in ``split`` (the sealed split is refused by the caller)."""
    out = []
    for path in sorted((DATA / language).glob("r*/gold.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if split_of_pair(row["pair_id"]) == split:
                out.append(row)
    return out


def _share(hits: int, n: int) -> str:
    return f"{hits}/{n} ({hits / n:.1%})" if n else "–"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=("dev", "train"), default="dev")
    ap.add_argument("--languages", default=",".join(LANGUAGES))
    ap.add_argument("--save", help="keep the counts as benchmarks/results/lexicon_languages_NAME.json")
    ap.add_argument("--flags", action="store_true", help="list the lexicon's matches on non-hateful rows")
    args = ap.parse_args()

    from hatescope.engine import default_engine

    engine = default_engine()
    table: dict[str, dict[str, int]] = {}
    flags: list[str] = []
    for language in args.languages.split(","):
        rows = rows_of(language, args.split)
        counts = dict.fromkeys(("hateful", "innocent", "engine_caught", "engine_false", "lexicon_caught",
                                "lexicon_false"), 0)
        for row, analysis in zip(rows, engine.analyze_many([r["text"] for r in rows])):
            lexicon = [f for f in analysis.findings if f.detector == LEXICON and f.label in _HATEFUL_LABELS]
            kind = "caught" if row["hateful"] else "false"
            counts["hateful" if row["hateful"] else "innocent"] += 1
            counts[f"engine_{kind}"] += bool(analysis.hateful)
            counts[f"lexicon_{kind}"] += bool(lexicon)
            if lexicon and not row["hateful"] and args.flags:
                entries = sorted({f"{f.meta.get('entry')}:{f.text}" for f in lexicon})
                flags.append(f"{language} {row['id']} engine={analysis.hateful} {entries} :: {row['text']}")
        table[language] = counts

    print(f"{args.split} rows: false flags (innocent rows called hateful) and caught (hateful rows called hateful)")
    print("| language | innocent | hateful | engine false flags | engine caught | lexicon false flags | lexicon caught |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    total = dict.fromkeys(next(iter(table.values())), 0)
    for language, c in [*table.items(), ("all", total)]:
        if language != "all":
            for key in total:
                total[key] += c[key]
        print(f"| {language} | {c['innocent']} | {c['hateful']} | {_share(c['engine_false'], c['innocent'])} | "
              f"{_share(c['engine_caught'], c['hateful'])} | {_share(c['lexicon_false'], c['innocent'])} | "
              f"{_share(c['lexicon_caught'], c['hateful'])} |")
    for line in flags:
        print("FLAG", line)
    if args.save:
        RESULTS.mkdir(exist_ok=True)
        out = RESULTS / f"lexicon_languages_{args.save}.json"
        out.write_text(json.dumps({"split": args.split, "by_language": table, "total": total}, indent=1) + "\n")
        print("saved", out.relative_to(ROOT))


if __name__ == "__main__":
    main()
