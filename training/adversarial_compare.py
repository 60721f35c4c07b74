"""Two English models on the adversarial rounds' dev rows, row by row: per-round error, pooled error, exact McNemar.

    HATESCOPE_CONFIG=before.toml python -m training.adversarial_compare score --out /tmp/before.json
    HATESCOPE_CONFIG=after.toml  python -m training.adversarial_compare score --out /tmp/after.json
    python -m training.adversarial_compare compare /tmp/before.json /tmp/after.json

``score`` runs the whole engine (whatever ``HATESCOPE_CONFIG`` builds) over the dev rows of the English rounds and keeps
one right/wrong bit per row, keyed by the row's id, so two runs can be paired. The sealed rows are scored too, but only
their per-round error is kept: a sealed row is never written out, so it cannot be read for errors.

``compare`` is criterion 1 of run r17d's rule (training/RECIPES.md): the pooled dev error must fall with an exact
one-sided McNemar test (a binomial test on the discordant rows) at p < 0.05, and no round's dev error may rise by more
than ``--tolerance`` points. A per-round test alone is too small to show a gain: a round's dev part is 130–470 rows, so
one row is 0.2–0.8 points. ``--round-test mcnemar`` (run r18d's revision) replaces the tolerance with what a round's size
can show: a round fails when its rise is significant on its own rows (one-sided exact McNemar p < 0.05 for "worse").
"""

from __future__ import annotations

import argparse
import json
import sys
from math import comb
from pathlib import Path

from hatescope.evaluation.sealed import _round_rows, round_folders, split_of_pair


def english_rounds(last: int | None = None) -> list[tuple[str, Path]]:
    """The English rounds, up to round ``last`` (a rule names the rounds it pools; a round still being annotated
    is read with its writers' labels and must not slip into a comparison)."""
    return [(name, path) for name, path in round_folders()
            if " " not in name and (last is None or int(name[1:]) <= last)]


def score(out: Path, last_round: int | None = None) -> dict:
    from hatescope.engine import default_engine

    engine = default_engine()
    result: dict = {"dev": {}, "sealed_error": {}}
    for name, rdir in english_rounds(last_round):
        rows, _ = _round_rows(rdir)
        for split in ("dev", "sealed"):
            part = [r for r in rows if split_of_pair(r["pair_id"]) == split]
            got = [a.hateful for a in engine.analyze_many([r["text"] for r in part])]
            right = [bool(r["label"]) == bool(g) for r, g in zip(part, got)]
            if split == "dev":
                result["dev"][name] = {str(r["id"]): ok for r, ok in zip(part, right)}
            else:
                result["sealed_error"][name] = 1 - sum(right) / len(right) if right else None
    out.write_text(json.dumps(result))
    return result


def mcnemar_one_sided(fixed: int, broken: int) -> float:
    """P(at least ``fixed`` of the discordant rows go the candidate's way) when either way is equally likely."""
    n = fixed + broken
    return sum(comb(n, k) for k in range(fixed, n + 1)) / 2**n if n else 1.0


def compare(before: dict, after: dict, tolerance: float = 1.0, round_test: str = "tolerance") -> dict:
    rounds, fixed, broken, n_all, err_b, err_a = [], 0, 0, 0, 0, 0
    for name, rows_b in before["dev"].items():
        rows_a = after["dev"][name]
        if rows_a.keys() != rows_b.keys():
            raise SystemExit(f"round {name}: the two runs scored different dev rows; score both in the same tree")
        eb = sum(not ok for ok in rows_b.values())
        ea = sum(not ok for ok in rows_a.values())
        n = len(rows_b)
        round_fixed = sum(rows_a[k] and not rows_b[k] for k in rows_b)
        round_broken = sum(rows_b[k] and not rows_a[k] for k in rows_b)
        fixed, broken = fixed + round_fixed, broken + round_broken
        n_all, err_b, err_a = n_all + n, err_b + eb, err_a + ea
        p_worse = mcnemar_one_sided(round_broken, round_fixed)
        too_much = p_worse < 0.05 if round_test == "mcnemar" else 100 * (ea - eb) / n > tolerance
        rounds.append({"round": name, "n": n, "error_before": eb / n, "error_after": ea / n, "fixed": round_fixed,
                       "broken": round_broken, "p_worse": p_worse, "rises_too_much": too_much})
    p = mcnemar_one_sided(fixed, broken)
    passed = err_a < err_b and p < 0.05 and not any(r["rises_too_much"] for r in rounds)
    return {"rounds": rounds, "pooled_n": n_all, "pooled_error_before": err_b / n_all, "pooled_error_after": err_a / n_all,
            "fixed": fixed, "broken": broken, "mcnemar_p": p, "tolerance_points": tolerance, "round_test": round_test,
            "passed": passed,
            "sealed_error_before": before["sealed_error"], "sealed_error_after": after["sealed_error"]}


def _print(c: dict) -> None:
    print("| round | dev n | before | after | fixed / broken | p (worse) |\n|---|---:|---:|---:|---:|---:|")
    for r in c["rounds"]:
        flag = " ✗" if r["rises_too_much"] else ""
        print(f"| {r['round']} | {r['n']} | {r['error_before']:.1%} | {r['error_after']:.1%}{flag} | "
              f"{r['fixed']} / {r['broken']} | {r['p_worse']:.3f} |")
    print(f"\npooled dev error {c['pooled_error_before']:.2%} → {c['pooled_error_after']:.2%} over {c['pooled_n']} rows; "
          f"fixed {c['fixed']}, broken {c['broken']}, exact one-sided McNemar p = {c['mcnemar_p']:.4f}; "
          f"criterion 1 {'holds' if c['passed'] else 'fails'}")
    sb, sa = c["sealed_error_before"], c["sealed_error_after"]
    print("sealed error per round (report only): " + ", ".join(
        f"{k} {sb[k]:.1%}→{sa[k]:.1%}" for k in sb if sb[k] is not None and sa.get(k) is not None))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("score")
    s.add_argument("--out", type=Path, required=True)
    s.add_argument("--last-round", type=int, default=None, help="score rounds 1 to N only (default: every round)")
    c = sub.add_parser("compare")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    c.add_argument("--tolerance", type=float, default=1.0, help="points a round's dev error may rise")
    c.add_argument("--round-test", choices=("tolerance", "mcnemar"), default="tolerance",
                   help="a round fails when its error rises by more than --tolerance points, or significantly (McNemar)")
    c.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    if args.cmd == "score":
        score(args.out, args.last_round)
        return
    result = compare(json.loads(args.before.read_text()), json.loads(args.after.read_text()), args.tolerance,
                     args.round_test)
    _print(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))
    sys.exit(0 if result["passed"] else 1)


if __name__ == "__main__":
    main()
