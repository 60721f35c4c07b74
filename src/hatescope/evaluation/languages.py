"""``hatescope eval --suite languages``: how the engine does in each language, and which languages it answers for.

For every language it scores the public test sets that exist for it (:mod:`hatescope.evaluation.language_sets`;
accuracy and macro-F1 of the engine's ``hateful`` decision) and the sealed part of the in-house adversarial
rounds in that language (accuracy and n; aggregates only, like :mod:`hatescope.evaluation.sealed`), each
beside a constant "always hateful" answer on the same rows. Rounds are read as they are when the suite runs:
a round that has no adjudicated ``gold.jsonl`` yet counts with its writers' labels.

A language meets the bar (:data:`BAR`) when both hold:

* in-house sealed rows: at least ``sealed_min_n`` of them, and the lower end of the 95% Wilson interval of
  the engine's accuracy is above both the constant answer's accuracy and a coin's (0.5). The rounds are
  adversarial (written to fool the model), so this asks "measurably better than guessing", not "good";
* every public set of that language whose label is hate speech: macro-F1 ≥ ``public_min_macro_f1`` (0.60:
  a coin scores about 0.50 and the constant answer at most 0.50; the English classifier alone scores
  0.66–0.83 on English test sets). Sets labelled "offensive" or "toxic", and sets with fewer than
  ``public_min_per_class`` rows of either class (their macro-F1 rests on a handful of texts), are shown
  but do not gate.
  A language without a public set is judged on its sealed rows alone.

Languages in ``BAR["answered_regardless"]`` (English) are answered whatever the table says, for the reason
written there; the report still shows whether they meet the bar.

The result goes to ``src/hatescope/data/language_support.json`` (versioned; the Perspective-compatible
endpoint reads its list at startup), to docs/eval/languages.json and to a generated section of
docs/MULTILINGUAL.md with a plot (:mod:`hatescope.evaluation.languages_report`).
"""

from __future__ import annotations

import json
import math
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from hatescope.evaluation import SuiteResult, suites
from hatescope.evaluation.language_sets import SETS, load
from hatescope.evaluation.sealed import REPO, _round_rows, round_folders, split_of_pair

#: The packaged report the API reads (hatescope.api.languages.load_language_support).
SUPPORT_FILE = REPO / "src" / "hatescope" / "data" / "language_support.json"
SCHEMA = 1
BAR: dict[str, Any] = {
    "sealed_min_n": 50,
    "sealed_rule": "95% Wilson lower bound of sealed accuracy > max(constant 'always hateful' accuracy, 0.5)",
    "public_min_macro_f1": 0.60,
    "public_min_per_class": 30,
    "public_rule": "macro-F1 >= public_min_macro_f1 on every public set whose label is hate speech and that has "
                   "at least public_min_per_class hateful and non-hateful rows",
    # Answered whatever this table says, with the reason; the table still shows whether they meet the bar.
    "answered_regardless": {
        "en": "English is scored by the English classifier, whose gate is its own evaluation on ten public English "
              "test sets (docs/EVALUATION.md: macro-F1 0.66-0.83, classifier alone); this table has one of them",
    },
}
#: Texts per public set (chosen by a hash of the text): keeps a full run within minutes on two cores.
DEFAULT_LIMIT = 1000
CHUNK = 64


def wilson_low(hits: int, n: int, z: float = 1.96) -> float:
    """Lower end of the Wilson score interval for a proportion (0 when n is 0)."""
    if n == 0:
        return 0.0
    p = hits / n
    centre = p + z * z / (2 * n)
    spread = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - spread) / (1 + z * z / n)


def binary_scores(gold: list[bool], pred: list[bool]) -> dict[str, float]:
    """Accuracy and macro-F1 (hateful and not hateful, unweighted mean of the two F1s)."""
    tp = sum(g and p for g, p in zip(gold, pred))
    tn = sum(not g and not p for g, p in zip(gold, pred))
    fp = sum(p and not g for g, p in zip(gold, pred))
    fn = sum(g and not p for g, p in zip(gold, pred))

    def f1(t: int, false_pos: int, false_neg: int) -> float:
        return 2 * t / (2 * t + false_pos + false_neg) if t else 0.0

    n = len(gold)
    return {"accuracy": (tp + tn) / n if n else 0.0, "macro_f1": (f1(tp, fp, fn) + f1(tn, fn, fp)) / 2}


def constant_scores(gold: list[bool]) -> dict[str, float]:
    """The same scores for a system that calls every text hateful."""
    return binary_scores(gold, [True] * len(gold))


def _judge(engine: Any, texts: list[str]) -> list[bool]:
    return [a.hateful for i in range(0, len(texts), CHUNK) for a in engine.analyze_many(texts[i:i + CHUNK])]


def _language_of(round_name: str) -> str:
    """"de r1" -> de; English rounds are named "r1", "r2"."""
    return round_name.split()[0] if " " in round_name else "en"


def sealed_by_language(engine: Any, root: Path | None = None) -> dict[str, dict[str, Any]]:
    """Aggregates of the sealed adversarial rows per language (no text, id or per-row answer leaves here)."""
    rows_by_lang: dict[str, list[dict]] = defaultdict(list)
    rounds: dict[str, list[str]] = defaultdict(list)
    for name, rdir in (round_folders(root) if root else round_folders()):
        rows, labels = _round_rows(rdir)
        lang = _language_of(name)
        rounds[lang].append(f"{name.split()[-1]} ({labels})")
        rows_by_lang[lang] += [r for r in rows if split_of_pair(r["pair_id"]) == "sealed"]
    out = {}
    for lang, rows in sorted(rows_by_lang.items()):
        gold = [r["label"] for r in rows]
        got = _judge(engine, [r["text"] for r in rows]) if rows else []
        hits = sum(g == p for g, p in zip(gold, got))
        out[lang] = {"n": len(rows), "rounds": rounds[lang], "accuracy": hits / len(rows) if rows else None,
                     "wilson_low": wilson_low(hits, len(rows)),
                     "constant_accuracy": constant_scores(gold)["accuracy"] if rows else None}
    return out


def public_by_language(engine: Any, data_dir: Path, limit: int | None) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for spec in SETS:
        rows = load(spec, data_dir, limit=limit, min_per_class=BAR["public_min_per_class"])
        if not rows:
            continue
        gold = [h for _, h in rows]
        t0 = time.perf_counter()
        got = _judge(engine, [t for t, _ in rows])
        out[spec.language].append({
            "set": spec.key, "title": spec.title, "label": spec.label, "kind": spec.kind, "n": len(rows),
            "n_hateful": sum(gold), **binary_scores(gold, got), "constant": constant_scores(gold),
            "seconds": round(time.perf_counter() - t0, 1)})
    return dict(out)


def gates(public_set: dict[str, Any], bar: dict[str, Any] = BAR) -> bool:
    """Whether a public set counts towards the bar: hate-labelled, with enough rows of both classes that its
    macro-F1 is not a handful of texts."""
    least = min(public_set["n_hateful"], public_set["n"] - public_set["n_hateful"])
    return public_set["kind"] == "hate" and least >= bar["public_min_per_class"]


def meets_bar(sealed: dict[str, Any] | None, public: list[dict[str, Any]], bar: dict[str, Any] = BAR) -> list[str]:
    """Why a language falls short of the bar (empty: it meets it)."""
    why = []
    if not sealed or sealed["n"] < bar["sealed_min_n"]:
        why.append(f"fewer than {bar['sealed_min_n']} sealed in-house rows")
    elif sealed["wilson_low"] <= max(sealed["constant_accuracy"], 0.5):
        why.append(f"sealed accuracy {sealed['accuracy']:.1%} (95% lower bound {sealed['wilson_low']:.1%}) is not "
                   f"above max(constant {sealed['constant_accuracy']:.1%}, 50%)")
    for p in public:
        if gates(p, bar) and p["macro_f1"] < bar["public_min_macro_f1"]:
            why.append(f"{p['title']}: macro-F1 {p['macro_f1']:.3f} < {bar['public_min_macro_f1']:.2f}")
    return why


def build_support(sealed: dict, public: dict, versions: dict[str, str], *, limit: int | None,
                  date: str | None = None) -> dict[str, Any]:
    """The report the API reads: per language its numbers and verdict, the bar, and the languages answered."""
    languages = {}
    for lang in sorted(set(sealed) | set(public)):
        for p in public.get(lang, []):
            p["gates"] = gates(p)
        why = meets_bar(sealed.get(lang), public.get(lang, []))
        languages[lang] = {"meets_bar": not why, "short_of_bar": why,
                           "answered": not why or lang in BAR["answered_regardless"],
                           "sealed": sealed.get(lang), "public": public.get(lang, [])}
    supported = sorted({lang for lang, v in languages.items() if v["answered"]} | set(BAR["answered_regardless"]))
    return {"schema": SCHEMA, "version": time.strftime("%Y.%m.%d", time.gmtime()),
            "generated_by": "hatescope eval --suite languages",
            "date": date or time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "engine": versions, "public_rows_per_set": limit, "bar": BAR, "supported": supported, "languages": languages}


@suites.register("languages")
def languages_suite(*, engine: Any = None, data_dir: Path | None = None, out_dir: Path | None = None,
                    limit: int | None = DEFAULT_LIMIT, support_file: Path | None = SUPPORT_FILE,
                    doc: Path | None = None, **_: Any) -> SuiteResult:
    from hatescope.engine import default_engine
    from hatescope.evaluation import default_data_dir
    from hatescope.evaluation.languages_report import render, write_doc_section, write_plot

    engine = engine or default_engine()
    sealed = sealed_by_language(engine)
    public = public_by_language(engine, Path(data_dir or default_data_dir()), limit)
    support = build_support(sealed, public, engine.versions(), limit=limit)
    if support_file is not None:
        Path(support_file).parent.mkdir(parents=True, exist_ok=True)
        Path(support_file).write_text(json.dumps(support, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    docs = Path(out_dir).parent if out_dir else REPO / "docs"
    plots = [write_plot(support, docs)] if out_dir is not None else []
    markdown = render(support, plot=plots[0] if plots and plots[0] else None)
    if out_dir is not None:
        write_doc_section(doc or docs / "MULTILINGUAL.md", markdown)
    result = SuiteResult(name="languages", title="Per language: public test sets and in-house sealed rounds",
                         markdown=markdown, metrics=support, plots=[p for p in plots if p])
    if out_dir is not None:
        result.save(Path(out_dir))
    return result


def redraw() -> None:
    """Redraw the report from the saved numbers without running the engine (after a change to its wording or
    bar): ``python -m hatescope.evaluation.languages``."""
    from hatescope.evaluation import write_report
    from hatescope.evaluation.languages_report import render, write_doc_section, write_plot

    docs = REPO / "docs"
    saved = json.loads(SUPPORT_FILE.read_text(encoding="utf-8"))
    # The verdict is recomputed from the saved numbers, so a change to the bar's code reaches the list too.
    sealed = {lang: v["sealed"] for lang, v in saved["languages"].items() if v["sealed"]}
    public = {lang: v["public"] for lang, v in saved["languages"].items() if v["public"]}
    support = build_support(sealed, public, saved["engine"], limit=saved["public_rows_per_set"], date=saved["date"])
    SUPPORT_FILE.write_text(json.dumps(support, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    plot = write_plot(support, docs)
    markdown = render(support, plot=plot)
    write_doc_section(docs / "MULTILINGUAL.md", markdown)
    result_file = docs / "eval" / "languages.json"
    result = SuiteResult(**json.loads(result_file.read_text(encoding="utf-8")))
    result.markdown, result.metrics, result.plots = markdown, support, [plot] if plot else []
    result.save(result_file.parent)
    write_report(result_file.parent, docs / "EVALUATION.md")


if __name__ == "__main__":
    redraw()
