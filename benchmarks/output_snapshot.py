"""Did a speed-up change any result? Dump the engine's analyses of dataset posts, change the code, dump again, compare.

    python benchmarks/output_snapshot.py dump /tmp/before.jsonl          # 2,000 posts: realistic + hard mixes
    ... change the code ...
    python benchmarks/output_snapshot.py dump /tmp/after.jsonl
    python benchmarks/output_snapshot.py compare /tmp/before.jsonl /tmp/after.jsonl

Each line is one post's full ``Analysis.to_json()`` (findings, spans, stance, reasons, scores) and the row
``hatescope score`` writes for it, so the comparison is byte for byte. ``--no-cascade`` runs the classifier
with its learned cascade gate off (only the manifest's char n-gram gate): for changes that must not move any
output, whatever the gate decides.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `python benchmarks/X.py`: the benchmarks package

from benchmarks import corpus  # noqa: E402


def posts(n: int) -> list[str]:
    """Half from the realistic mix, half from the hard one (dataset dev/test posts), plus a few long texts."""
    half = n // 2
    texts = corpus.make(half, "realistic", seed=7) + corpus.make(n - half, "hard", seed=7)
    # Long posts (past the whole-post limit) are read sentence by sentence: a path of their own.
    texts[::97] = [" ".join(texts[i : i + 6]) for i in range(0, len(texts), 97)]
    return texts


def dump(out: Path, n: int, cascade: bool) -> None:
    from hatescope.engine import Engine, default_engine
    from hatescope.parallel import output_record

    config = default_engine().config
    if not cascade:
        specs = [s.model_copy(update={"params": {**s.params, "cascade": False}}) if s.name == "hatescope.classifier.v1"
                 else s for s in config.detectors]
        config = config.model_copy(update={"detectors": specs})
    engine = Engine(config=config).load()
    texts = posts(n)
    with out.open("w", encoding="utf-8") as fh:
        for s in range(0, len(texts), 64):
            for i, a in enumerate(engine.analyze_many(texts[s : s + 64]), start=s):
                fh.write(json.dumps({"i": i, "analysis": json.loads(a.to_json()),
                                     "row": output_record(i, a)}, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"wrote {len(texts)} analyses to {out}")


def compare(a: Path, b: Path) -> int:
    left, right = a.read_text(encoding="utf-8").splitlines(), b.read_text(encoding="utf-8").splitlines()
    differ = [i for i, (x, y) in enumerate(zip(left, right)) if x != y]
    if len(left) != len(right):
        print(f"different lengths: {len(left)} vs {len(right)}")
    print(f"{len(differ)} of {min(len(left), len(right))} analyses differ" + (f"; first: {differ[:10]}" if differ else ""))
    return 1 if differ or len(left) != len(right) else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="step", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("--n", type=int, default=2000)
    d.add_argument("--no-cascade", action="store_true", help="the learned cascade gate off")
    c = sub.add_parser("compare")
    c.add_argument("a", type=Path)
    c.add_argument("b", type=Path)
    args = ap.parse_args()
    if args.step == "dump":
        dump(args.out, args.n, cascade=not args.no_cascade)
    else:
        raise SystemExit(compare(args.a, args.b))


if __name__ == "__main__":
    main()
