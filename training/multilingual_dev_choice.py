"""One language's scoring chosen on dev rows only: the in-house dev rows and a public set's rows the suite never scores.

    python -m training.multilingual_dev_choice --language hi --set hasoc2019_hi \\
        --before release2.toml --after candidate.toml

The languages suite scores a public set's first ``limit`` rows in its hash order (``language_sets.load``); the next
``limit`` rows in that order are never scored by it and were never trained on (a "dev" set), so a choice between two
engines for one language can be made there, beside the language's in-house dev rows (never its sealed ones). Prints,
per engine, the in-house dev accuracy, the public rows' macro-F1 and their mean (RECIPES, "e5ft3h").
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from hatescope.engine import engine_from_config
from hatescope.evaluation import default_data_dir
from hatescope.evaluation.language_sets import SETS, LanguageSet, _order, load
from hatescope.evaluation.languages import BAR, DEFAULT_LIMIT, _judge
from hatescope.evaluation.sealed import _round_rows, round_folders, split_of_pair

from training.public_set_noise import macro_f1


def held_aside_rows(spec: LanguageSet, data_dir: Path, n: int = DEFAULT_LIMIT) -> list[tuple[str, bool]]:
    """The ``n`` rows after the suite's own rows, in the suite's order: disjoint from what the suite scores."""
    scored = load(spec, data_dir, limit=DEFAULT_LIMIT, min_per_class=BAR["public_min_per_class"]) or []
    taken = {t for t, _ in scored}
    rest = sorted((r for r in load(spec, data_dir) or [] if r[0] not in taken), key=lambda r: _order(r[0]))
    return rest[:n]


def inhouse_dev_rows(language: str) -> list[tuple[str, bool]]:
    rows = []
    for name, rdir in round_folders():
        if name.split(" ")[0] != language:
            continue
        found, _ = _round_rows(rdir)
        rows += [(r["text"], bool(r["label"])) for r in found if split_of_pair(r["pair_id"]) == "dev"]
    return rows


def dev_score(config: str, inhouse: list[tuple[str, bool]], public: list[tuple[str, bool]]) -> dict:
    engine = engine_from_config(config)
    got_in = _judge(engine, [t for t, _ in inhouse])
    got_pub = _judge(engine, [t for t, _ in public])
    accuracy = sum(bool(g) == y for g, (_, y) in zip(got_in, inhouse)) / max(1, len(inhouse))
    f1 = float(macro_f1(np.array([[y for _, y in public]]), np.array([[bool(g) for g in got_pub]]))[0])
    return {"inhouse_dev_accuracy": round(accuracy, 4), "public_dev_macro_f1": round(f1, 4),
            "dev_score": round((accuracy + f1) / 2, 4)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--language", required=True)
    ap.add_argument("--set", required=True, help="a key of hatescope.evaluation.language_sets.SETS")
    ap.add_argument("--before", required=True, help="engine config of the release")
    ap.add_argument("--after", required=True, help="engine config of the candidate")
    ap.add_argument("--data", type=Path, default=None)
    args = ap.parse_args(argv)
    spec = next(s for s in SETS if s.key == args.set)
    public = held_aside_rows(spec, args.data or default_data_dir())
    inhouse = inhouse_dev_rows(args.language)
    out = {"rows": {"inhouse_dev": len(inhouse), "public_held_aside": len(public),
                    "public_hateful": sum(y for _, y in public)},
           "before": dev_score(args.before, inhouse, public), "after": dev_score(args.after, inhouse, public)}
    out["keep_release_scoring"] = out["before"]["dev_score"] > out["after"]["dev_score"]
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
