"""The engine on German tweets: GermEval 2018's test file (CC BY 4.0), as a check on the multilingual lexicon.

    python benchmarks/german_check.py [--data ../shared/data] [--out docs/german_check.json]

GermEval labels offensive language (ABUSE / INSULT / PROFANITY / OTHER), not hate speech, so this
is a proxy: ABUSE tweets that name a group (a German group word of groups.toml) should often be
flagged `hateful`; OTHER tweets (not offensive) should almost never be. Both rates are reported,
overall and for the tweets that name a group. Run it before and after a change to compare.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

# German group words (a fixed yardstick, not the runtime's list, which the change under test edits).
GROUP = re.compile(r"\b(?:juden|jude|muslime|moslems|islam\w*|schwarze\w*|neger|frauen|schwule\w*|lesben|"
                   r"flüchtling\w*|fluechtling\w*|migrant\w*|ausländer\w*|auslaender\w*|asylant\w*|araber\w*|"
                   r"türken|tuerken|roma|zigeuner|behindert\w*)\b", re.IGNORECASE)


def read(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return [(row[0].replace("|LBR|", "\n"), row[2]) for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
                if len(row) >= 3]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "german_check.json")
    args = ap.parse_args()
    from hatescope.engine import default_engine

    rows = read(args.data / "germeval2018" / "germeval2018.test.txt")
    eng = default_engine()
    t0 = time.time()
    flags = [a.hateful for i in range(0, len(rows), 64) for a in eng.analyze_many([t for t, _ in rows[i:i + 64]])]
    out = {"command": "python benchmarks/german_check.py", "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
           "versions": eng.versions(), "seconds": round(time.time() - t0, 1), "rates": {}}
    for label in ("ABUSE", "INSULT", "PROFANITY", "OTHER"):
        for named in (False, True):
            sel = [f for (t, lab), f in zip(rows, flags) if lab == label and (not named or GROUP.search(t))]
            key = f"{label}{' naming a group' if named else ''}"
            out["rates"][key] = {"n": len(sel), "hateful": round(sum(sel) / max(len(sel), 1), 3)}
            print(f"{key:28} n={len(sel):5} hateful {out['rates'][key]['hateful']:.3f}")
    out["classifier_auc"] = classifier_auc(rows)
    print("classifier alone, hate score AUC:", out["classifier_auc"])
    args.out.write_text(json.dumps(out, indent=1) + "\n")


def classifier_auc(rows: list[tuple[str, str]]) -> dict[str, float]:
    """How well the (English) classifier's `hate` score alone separates the labels on German text."""
    import numpy as np

    from hatescope.detect.classifier import ClassifierDetector
    from hatescope.evaluation.metrics import roc_auc
    from hatescope.normalize import normalize

    det = ClassifierDetector()
    det.load()
    p = det.predict_proba([normalize(t).text for t, _ in rows])[:, 0]
    lab = np.array([lab for _, lab in rows])
    named = np.array([bool(GROUP.search(t)) for t, _ in rows])
    abuse_or_other = np.isin(lab, ["ABUSE", "OTHER"])
    return {"offensive_vs_other": round(roc_auc(lab != "OTHER", p), 3),
            "abuse_vs_other_naming_a_group": round(roc_auc(lab[abuse_or_other & named] == "ABUSE",
                                                           p[abuse_or_other & named]), 3)}


if __name__ == "__main__":
    main()
