"""Peer libraries scored on the same input, for side-by-side numbers (``pip install 'hatescope[bench]'``).

* alt-profanity-check — a linear SVM on word n-grams (``predict_prob`` on the whole list, batched);
* hatesonar — Davidson et al.'s logistic regression, as ONNX: its public API (``Sonar().ping``, one
  text at a time) and the same model fed the whole batch through its ONNX session.

Run one peer in this process (throughput.py runs each in its own process to measure its memory):

    python benchmarks/peers.py profanity_check /tmp/posts10k.jsonl
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Callable

import numpy as np


def _texts(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line in fh]


def profanity_check() -> Callable[[list[str]], object]:
    from profanity_check import predict_prob

    return lambda texts: predict_prob(texts)


def hatesonar_api() -> Callable[[list[str]], object]:
    from hatesonar import Sonar

    sonar = Sonar()
    return lambda texts: [sonar.ping(text=t) for t in texts]


def hatesonar_batched() -> Callable[[list[str]], object]:
    from hatesonar import Sonar

    sonar = Sonar()

    def run(texts: list[str]) -> object:
        out = []
        for s in range(0, len(texts), 1024):
            out.append(sonar.sess.run(None, {"text": np.array(texts[s : s + 1024], dtype=object)})[1])
        return out

    return run


PEERS: dict[str, Callable[[], Callable[[list[str]], object]]] = {
    "profanity_check": profanity_check,
    "hatesonar_api": hatesonar_api,
    "hatesonar_batched": hatesonar_batched,
}


def main() -> None:
    name, path = sys.argv[1], Path(sys.argv[2])
    started = time.perf_counter()
    texts = _texts(path)
    model = PEERS[name]()
    t = time.perf_counter()
    model(texts)
    scored = time.perf_counter() - t
    print(json.dumps({"peer": name, "n": len(texts), "score_s": scored, "total_s": time.perf_counter() - started}))


if __name__ == "__main__":
    main()
