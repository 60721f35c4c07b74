"""Tweet-length benchmark inputs, written as JSONL (`{"id", "text"}` per line).

Sources:

* ``datasets`` — real posts from the dev/test splits of the shipped-model datasets (HateXplain,
  Davidson, Implicit Hate, ISCA, ...), drawn with replacement. About a third is hateful or
  offensive: far more than a platform's stream, so it is the harder case for a cascade.
* ``realistic`` and ``hard`` — the same posts drawn so that 5% (``realistic``, closer to a platform's
  stream) or 70% (``hard``, a queue of reported posts: the worst case for a cascade) are hateful by
  their dataset's gold label.
* ``synthetic`` — generated posts (a seeded mix of everyday sentences, group mentions, insults and
  a few dehumanising lines, ~5% non-benign), closer to what a platform sees. No dataset needed.

    python benchmarks/corpus.py --n 10000 --source datasets --out /tmp/posts10k.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

_SUBJECTS = ["my neighbour", "the new teacher", "our team", "this city", "the bus driver", "my sister", "the mayor",
             "that restaurant", "the weather", "my landlord", "the game last night", "this phone", "the council"]
_GROUPS = ["immigrants", "muslims", "jews", "women", "gay people", "black people", "refugees", "christians", "trans people"]
_BENIGN = [
    "{s} was great today, can't wait for the weekend",
    "anyone else think {s} needs a new logo? lol",
    "just finished reading about {s}, really interesting thread",
    "honestly {s} made my day 😂 #blessed",
    "@user {s} is closed again, third time this month",
    "can't believe {s} is trending, what happened?",
    "{s} is overrated tbh but the coffee is good",
    "new blog post about {s} is up, link in bio",
    "the debate about {g} in parliament was long but useful",
    "our volunteer group helps {g} find housing, join us on saturday",
    "interesting study on how {g} are portrayed in the news",
]
_NASTY = [
    "{s} is a total idiot, unbelievable",
    "{g} are vermin and should be thrown out",
    "all {g} are criminals, every single one",
    "i hate {g}, they ruin everything",
    "shut up you stupid clown",
]


def synthetic(n: int, seed: int = 0) -> list[str]:
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        pool = _NASTY if rnd.random() < 0.05 else _BENIGN
        text = rnd.choice(pool).format(s=rnd.choice(_SUBJECTS), g=rnd.choice(_GROUPS))
        if rnd.random() < 0.5:  # a second sentence, so lengths spread like tweets (40–200 chars)
            text += ". " + rnd.choice(_BENIGN).format(s=rnd.choice(_SUBJECTS), g=rnd.choice(_GROUPS))
        out.append(text)
    return out


#: The share of hateful posts (gold labels) in each mixed source.
MIXES = {"realistic": 0.05, "hard": 0.70}


def _dataset_pool(max_chars: int = 280) -> list:
    """Dev and test examples (never train) of tweet length from the shipped-model datasets."""
    from hatescope.evaluation import default_data_dir
    from hatescope.evaluation.datasets import load

    pool: list = []
    for name in ("hatexplain", "davidson2017", "implicit_hate", "isca", "hatemoji"):
        try:
            pool += [ex for ex in load(name, default_data_dir()) if ex.split != "train" and len(ex.text) <= max_chars]
        except Exception as exc:  # noqa: BLE001 - a missing dataset only narrows the pool
            print(f"corpus: skipping {name}: {exc}")
    if not pool:
        raise SystemExit("corpus: no dataset could be read (set HATESCOPE_DATA); use --source synthetic")
    return pool


def from_datasets(n: int, seed: int = 0, max_chars: int = 280) -> list[str]:
    pool = [ex.text for ex in _dataset_pool(max_chars)]
    rnd = random.Random(seed)
    return [rnd.choice(pool) for _ in range(n)]


def mixed(n: int, hateful_share: float, seed: int = 0, max_chars: int = 280) -> list[str]:
    """``n`` dataset posts (drawn with replacement) of which ``hateful_share`` are hateful by gold label."""
    pool = _dataset_pool(max_chars)
    hateful = [ex.text for ex in pool if ex.hateful]
    harmless = [ex.text for ex in pool if not ex.hateful]
    rnd = random.Random(seed)
    return [rnd.choice(hateful if rnd.random() < hateful_share else harmless) for _ in range(n)]


def write_jsonl(texts: list[str], path: Path) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for i, t in enumerate(texts):
            fh.write(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n")
    return path


SOURCES = ("datasets", "synthetic", *MIXES)


def make(n: int, source: str, seed: int = 0) -> list[str]:
    if source in MIXES:
        return mixed(n, MIXES[source], seed)
    return from_datasets(n, seed) if source == "datasets" else synthetic(n, seed)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--source", choices=SOURCES, default="datasets")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    print(write_jsonl(make(args.n, args.source, args.seed), args.out))


if __name__ == "__main__":
    main()
