"""Microseconds per post for hatescope.normalize.normalize on tweet-length texts.

    python benchmarks/bench_normalize.py --n 10000

Each input is timed twice: the fixed chain (``normalize``) and the chain plus the engine's spelling
repair towards the packaged lexicons' words (``hatescope.normalize.spelling.normalize_with_spelling``
with ``hatescope.resources.default_speller``), whose word lists load before timing.

Three inputs of --n posts each: real posts (benchmarks/corpus.py ``datasets``, skipped when the
data folder is absent), the synthetic corpus (mostly clean ASCII: the fast path), and the synthetic
corpus with one evasion applied to every post (Cyrillic look-alikes, leetspeak, spaced letters,
zero-width characters, fullwidth, elongation): the slow path.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `python benchmarks/X.py`: the benchmarks package

from benchmarks import corpus  # noqa: E402

from hatescope.normalize import normalize  # noqa: E402
from hatescope.normalize.spelling import normalize_with_spelling  # noqa: E402
from hatescope.resources import default_speller  # noqa: E402

_CYRILLIC = str.maketrans("aeopcxi", "аеорсхі")
_LEET = str.maketrans("aeiost", "4310$7")


def _evade(text: str, rnd: random.Random) -> str:
    words = text.split(" ")
    i = rnd.randrange(len(words))
    w = words[i]
    kind = rnd.randrange(6)
    if kind == 0:
        w = w.translate(_CYRILLIC)
    elif kind == 1:
        w = w[:1] + w[1:-1].translate(_LEET) + w[-1:]
    elif kind == 2:
        w = " ".join(w)
    elif kind == 3:
        w = "\u200b".join(w)
    elif kind == 4:
        w = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in w)
    else:
        w = "".join(c * 4 if c in "aeiou" else c for c in w)
    words[i] = w
    return " ".join(words)


def time_per_post(texts: list[str], repeats: int, fn=normalize) -> float:
    """Best of ``repeats`` runs, in CPU microseconds per post (CPU time: the machine may be shared)."""
    runs = []
    for _ in range(repeats):
        t0 = time.process_time()
        for t in texts:
            fn(t)
        runs.append((time.process_time() - t0) / len(texts) * 1e6)
    return min(runs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()

    rnd = random.Random(0)
    clean = corpus.synthetic(args.n, seed=0)
    inputs = {"synthetic (clean)": clean, "synthetic + one evasion each": [_evade(t, rnd) for t in clean]}
    try:
        inputs = {"dataset posts": corpus.from_datasets(args.n, seed=0), **inputs}
    except SystemExit as exc:
        print(f"skipping dataset posts: {exc}")

    speller = default_speller()  # the word lists load here, before timing

    def with_spelling(text: str):
        return normalize_with_spelling(text, speller=speller)

    print(f"{'input':32} {'posts':>6} {'mean chars':>10} {'µs/post':>8} {'+ spelling':>10}")
    for name, texts in inputs.items():
        us = time_per_post(texts, args.repeats)
        us_sp = time_per_post(texts, args.repeats, with_spelling)
        print(f"{name:32} {len(texts):>6} {statistics.mean(map(len, texts)):>10.0f} {us:>8.1f} {us_sp:>10.1f}")


if __name__ == "__main__":
    main()
