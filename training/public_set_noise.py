"""How far a gating public set's macro-F1 moves by sampling alone: a paired bootstrap of two engines' verdicts.

    python -m training.public_set_noise --before CONFIG_A --after CONFIG_B --sets mlma_fr hasoc2019_hi toxicn

The multilingual ship rules let no gating public set fall by more than 0.03 macro-F1. Each set is about 1,000 held-out
rows (some with 125 hateful), so that number has sampling noise of its own; this tool measures it for a pair of
engines on the same rows (the languages suite's rows: ``hatescope.evaluation.language_sets``): the observed change, the
standard deviation of the change over bootstrap resamples of the rows, the share of resamples in which the change is
below −0.03, and the share in which it is a fall at all (e5ft3's rule: a fall past 0.03 counts only when that share is
at least 0.95). Aggregates only; it is for writing a rule, not for choosing a model.
"""

from __future__ import annotations

import argparse
import json
import sys

import numpy as np

from hatescope.engine import engine_from_config
from hatescope.evaluation import default_data_dir
from hatescope.evaluation.language_sets import SETS, load
from hatescope.evaluation.languages import BAR, DEFAULT_LIMIT, _judge


def macro_f1(gold: np.ndarray, pred: np.ndarray) -> np.ndarray:
    """Macro-F1 of each row of ``pred`` / ``gold`` (resamples × rows, booleans)."""
    tp = (gold & pred).sum(-1)
    tn = (~gold & ~pred).sum(-1)
    fp = (~gold & pred).sum(-1)
    fn = (gold & ~pred).sum(-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        f_pos = np.where(tp > 0, 2 * tp / (2 * tp + fp + fn), 0.0)
        f_neg = np.where(tn > 0, 2 * tn / (2 * tn + fn + fp), 0.0)
    return (f_pos + f_neg) / 2


def paired_bootstrap(gold: list[bool], before: list[bool], after: list[bool], *, resamples: int = 2000,
                     seed: int = 13, tolerance: float = 0.03) -> dict:
    g, b, a = (np.asarray(x, bool) for x in (gold, before, after))
    idx = np.random.default_rng(seed).integers(0, len(g), size=(resamples, len(g)))
    delta = macro_f1(g[idx], a[idx]) - macro_f1(g[idx], b[idx])
    observed = float(macro_f1(g[None], a[None])[0] - macro_f1(g[None], b[None])[0])
    return {"n": len(g), "n_hateful": int(g.sum()), "observed_change": round(observed, 4),
            "sd_of_change": round(float(delta.std()), 4),
            "share_below_minus_tolerance": round(float((delta < -tolerance).mean()), 3),
            "share_showing_a_fall": round(float((delta < 0).mean()), 3),
            "verdicts_differ": int((a != b).sum())}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--before", required=True, help="engine config (TOML) of the release")
    ap.add_argument("--after", required=True, help="engine config (TOML) of the candidate")
    ap.add_argument("--sets", nargs="+", required=True, help="keys of hatescope.evaluation.language_sets.SETS")
    ap.add_argument("--resamples", type=int, default=2000)
    args = ap.parse_args(argv)
    specs = {s.key: s for s in SETS}
    unknown = [k for k in args.sets if k not in specs]
    if unknown:
        ap.error(f"unknown set(s): {', '.join(unknown)}; known: {', '.join(sorted(specs))}")
    rows = {k: load(specs[k], default_data_dir(), limit=DEFAULT_LIMIT, min_per_class=BAR["public_min_per_class"])
            for k in args.sets}
    verdicts = {}
    for side, config in (("before", args.before), ("after", args.after)):
        engine = engine_from_config(config)
        verdicts[side] = {k: _judge(engine, [t for t, _ in r]) for k, r in rows.items()}
    out = {k: paired_bootstrap([h for _, h in r], verdicts["before"][k], verdicts["after"][k],
                               resamples=args.resamples) for k, r in rows.items()}
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
