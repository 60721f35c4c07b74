"""False positives on texts that name a group, at matched recall: is a model better, or only stricter?

    python benchmarks/group_fpr_curve.py src/hatescope/data/models/classifier_v1 /tmp/candidate

For each model folder, on the dev split of the shipped-model datasets (never the test split): the
`hate` threshold that reaches a given recall on hateful texts naming a group (keyword list of
hatescope.evaluation.groups), and at that threshold the false-positive rate on non-hateful texts
naming a group, on all non-hateful texts, and F1. Two models compared at the same recall show whether
one separates better or merely sits at another operating point. Writes docs/group_fpr_curve.json.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RECALLS = (0.80, 0.76, 0.72, 0.68)


def curve(model_dir: str, rows, y: np.ndarray, named: np.ndarray) -> list[dict]:
    from hatescope.detect.classifier import ClassifierDetector
    from hatescope.normalize import normalize

    p = ClassifierDetector(model_dir=model_dir).predict_proba([normalize(r.text).text for r in rows])[:, 0]
    out = []
    for recall in RECALLS:
        t = float(np.quantile(p[y & named], 1 - recall))
        pred = p >= t
        tp, fp, fn = (pred & y).sum(), (pred & ~y).sum(), (~pred & y).sum()
        out.append({"recall_group_hateful": recall, "threshold": round(t, 3),
                    "fpr_group_non_hateful": round(float(pred[~y & named].mean()), 3),
                    "fpr_non_hateful": round(float(pred[~y].mean()), 3), "f1": round(float(2 * tp / (2 * tp + fp + fn)), 3)})
    return out


def main() -> None:
    from hatescope.evaluation import default_data_dir
    from hatescope.evaluation.groups import groups_mentioned

    from training.finetune_pack import rows_for_training

    rows = [r for r in rows_for_training(default_data_dir()) if r.split == "dev" and r.source != "contrastive"]
    y = np.array([r.hateful for r in rows])
    named = np.array([bool(groups_mentioned(r.text)) for r in rows])
    res = {"command": "python benchmarks/group_fpr_curve.py " + " ".join(sys.argv[1:]),
           "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "n_dev": len(rows),
           "n_group_hateful": int((y & named).sum()), "n_group_non_hateful": int((~y & named).sum()), "models": {}}
    for model_dir in sys.argv[1:]:
        res["models"][model_dir] = curve(model_dir, rows, y, named)
        for row in res["models"][model_dir]:
            print(model_dir, json.dumps(row))
    (ROOT / "docs" / "group_fpr_curve.json").write_text(json.dumps(res, indent=1) + "\n")


if __name__ == "__main__":
    main()
