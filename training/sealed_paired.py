"""Item-paired change on the small sealed sets, counts only: is one more item wrong a change or noise?

    python -m training.sealed_paired score --config release8.toml --out before.json
    python -m training.sealed_paired score --config candidate.toml --out after.json
    python -m training.sealed_paired compare before.json after.json

Sets (the engine's verdict on each item, the verdict a user sees): the context suite's sealed part (right or wrong),
the identity sanity set's sealed part and the held-out English pins (``pin/test``; flagged is wrong: every one is
innocent). A ship rule that says "no worse" on a set of 272–410 items turns on one item; the paired view says how many
items changed each way and how likely that split is when neither engine is better (exact one-sided McNemar).

Sealed stays sealed: ``score`` stores a hash of each item's id with its right/wrong bit, never a text, an id or a
category, and ``compare`` prints counts. Nothing here tells which item changed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import tomllib
from pathlib import Path
from typing import Any

from training.adversarial_compare import mcnemar_one_sided

SETS = ("context_sealed", "identity_sanity_sealed", "pins_test")
#: The rise a rule may let pass as noise (RECIPES, "Run r24"): not significant, and at most this share of the set.
MAX_RISE_SHARE = 0.01
ALPHA = 0.05


def opaque(set_name: str, item_id: str) -> str:
    return hashlib.sha256(f"{set_name}:{item_id}".encode()).hexdigest()[:16]


def _items() -> dict[str, list[tuple[str, str, bool | None, str | None]]]:
    """Per set: (id, text, expected hateful, kind for the engine)."""
    from hatescope.evaluation.context import load_cases
    from hatescope.evaluation.sealed import CASES, bucket, context_sealed_files
    from training.pins import GOLD_FILE, ROOT, _jsonl

    context = [(c.id, c.text, c.hateful, c.kind) for p in context_sealed_files() for c in load_cases(p)]
    sanity = tomllib.loads((CASES / "identity_sanity.toml").read_text(encoding="utf-8"))["case"]
    identity = [(c["id"], c["text"], False, None) for c in sanity if bucket("identity:" + c["id"]) >= 0.4]
    pins = [(r["id"], r["text"], False, None) for r in _jsonl(ROOT / GOLD_FILE) if r["split"] == "test"]
    return {"context_sealed": context, "identity_sanity_sealed": identity, "pins_test": pins}


def score(config: str | None) -> dict[str, dict[str, bool]]:
    """Per set, opaque item key → whether the engine (built from ``config``, else the default) got it right."""
    from hatescope.engine import engine_from_config

    engine = engine_from_config(config)
    out: dict[str, dict[str, bool]] = {}
    for name, items in _items().items():
        kinds = [k for _, _, _, k in items]
        got = engine.analyze_many([t for _, t, _, _ in items], kinds=kinds if any(kinds) else None)
        out[name] = {opaque(name, i): bool(a.hateful) == bool(expected) for (i, _, expected, _), a in zip(items, got)}
    return out


def compare_set(before: dict[str, bool], after: dict[str, bool]) -> dict[str, Any]:
    if set(before) != set(after):
        raise ValueError("the two scores cover different items: score both from the same tree")
    broken = sum(before[k] and not after[k] for k in before)
    fixed = sum(after[k] and not before[k] for k in before)
    n = len(before)
    rise = broken - fixed
    p_worse = mcnemar_one_sided(broken, fixed)
    noise = rise <= 0 or (p_worse >= ALPHA and rise <= int(MAX_RISE_SHARE * n))
    return {"n": n, "wrong_before": sum(not v for v in before.values()), "wrong_after": sum(not v for v in after.values()),
            "fixed": fixed, "broken": broken, "p_worse": p_worse, "rise_within_noise": noise}


def compare(before: dict, after: dict) -> dict[str, dict[str, Any]]:
    return {name: compare_set(before[name], after[name]) for name in SETS if name in before and name in after}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("score", help="score the sealed sets under one engine config")
    s.add_argument("--config", default=None, help="engine config TOML (default: the packaged defaults)")
    s.add_argument("--out", type=Path, required=True)
    c = sub.add_parser("compare", help="counts and exact one-sided McNemar p per set")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = ap.parse_args(argv)
    if args.cmd == "score":
        args.out.write_text(json.dumps(score(args.config)))
        return 0
    result = compare(json.loads(args.before.read_text()), json.loads(args.after.read_text()))
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
