"""The context stage per language and kind: the dev sentences of tests/test_context_languages.py and the sealed
file tests/cases/sealed/context_languages_sealed.toml (aggregates only), judged with the tests' criteria
(hatescope.evaluation.context_languages.judge).

    python benchmarks/context_languages.py [--languages ru,tr,...] [--save NAME] [--misses]

Prints, per language and kind, how many dev sentences get the verdict right and how many are right in full
(language guessed, verdict, stance, a report's speaker); then the sealed totals per language. ``--save NAME``
keeps the counts in benchmarks/results/context_languages_NAME.json (so a "before" and an "after" can be
compared); ``--misses`` lists the dev sentences that are not right in full, never the sealed ones.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))  # the dev sentences are the test module's lists

from hatescope.evaluation.context_languages import (  # noqa: E402
    KINDS, judge, language_of, load_sealed, score, totals,
)

TESTS = ROOT / "tests" / "test_context_languages.py"
RESULTS = ROOT / "benchmarks" / "results"
NEW_LANGUAGES = ("ru", "tr", "he", "ar", "fa", "hi", "zh")


def dev_cases(languages: tuple[str, ...]) -> list[dict]:
    """The test module's lists as cases (language, category, text, speaker)."""
    spec = importlib.util.spec_from_file_location("context_language_tests", TESTS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    cases = []
    for kind, rows in zip(KINDS, (module.HATE, module.COUNTER, module.REPORT, module.NEGATED)):
        for row in rows:
            if row[0] in languages:
                cases.append({"language": row[0], "category": kind, "text": row[1],
                              "speaker": row[2] if len(row) > 2 else None})
    return cases


def table_lines(table: dict, languages: tuple[str, ...]) -> list[str]:
    lines = ["| language | " + " | ".join(KINDS) + " | total (verdict / all) |", "|---|" + "---:|" * (len(KINDS) + 1)]
    for lang in languages:
        if lang not in table:
            continue
        cells = []
        for kind in KINDS:
            c = table[lang].get(kind, {"n": 0, "verdict": 0, "full": 0})
            cells.append(f"{c['verdict']}/{c['full']} of {c['n']}")
        t = totals({lang: table[lang]})
        lines.append(f"| {lang} | " + " | ".join(cells) + f" | {t['verdict']}/{t['full']} of {t['n']} |")
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--languages", default=",".join(NEW_LANGUAGES))
    ap.add_argument("--save", help="keep the counts as benchmarks/results/context_languages_NAME.json")
    ap.add_argument("--misses", action="store_true", help="list the dev sentences not right in full")
    ap.add_argument("--no-sealed", action="store_true", help="leave the sealed file out (while working on cues)")
    args = ap.parse_args()
    languages = tuple(args.languages.split(","))

    from hatescope.engine import default_engine

    engine = default_engine()
    dev = dev_cases(languages)
    dev_table = score(dev, engine=engine)
    print("Dev sentences (tests/test_context_languages.py), verdict right / all right of n:")
    print("\n".join(table_lines(dev_table, languages)))
    print("dev total:", totals(dev_table))
    sealed = [] if args.no_sealed else [c for c in load_sealed() if c["language"] in languages]
    sealed_table = score(sealed, engine=engine)
    sealed_by_language = {lang: totals({lang: sealed_table[lang]}) for lang in languages if lang in sealed_table}
    print("Sealed (aggregates):", totals(sealed_table))
    for lang, t in sealed_by_language.items():
        print(f"  {lang}: verdict {t['verdict']}/{t['n']}, all {t['full']}/{t['n']}")
    if args.misses:
        for case, analysis in zip(dev, engine.analyze_many([c["text"] for c in dev])):
            got = judge(analysis, case["category"], speaker=case["speaker"])
            if not (got["full"] and language_of(analysis) == case["language"]):
                stances = sorted({f"{f.label}:{f.stance}" for f in analysis.findings})
                quoted = [(s.speaker, s.kind) for s in analysis.segments if s.kind != "author"]
                print(f"MISS {case['language']} {case['category']} lang={language_of(analysis)} hateful={analysis.hateful} "
                      f"{stances} {quoted} :: {case['text']}")
    if args.save:
        RESULTS.mkdir(exist_ok=True)
        out = RESULTS / f"context_languages_{args.save}.json"
        out.write_text(json.dumps({"dev": dev_table, "sealed_total": totals(sealed_table),
                                   "sealed_by_language": sealed_by_language}, indent=1, ensure_ascii=False) + "\n")
        print("saved", out.relative_to(ROOT))


if __name__ == "__main__":
    main()
