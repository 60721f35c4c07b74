"""A separate process for crash and concurrency tests: ingest a JSONL file into a store.

    python -m tests.store_worker URL FILE BATCH_SIZE DELAY_PER_TEXT

With $HATESCOPE_TEST_GO_FILE set, it prints ``READY`` once the store is open and waits for that
file to exist, so that two writers start ingesting at the same moment.

Prints one JSON line per committed batch (so the test knows how far it got) and ``DONE {...}``
at the end. The fake engine sleeps ``DELAY_PER_TEXT`` seconds per text to stand in for a model.
"""

from __future__ import annotations

import json
import os
import sys
import time

from hatescope.store import Store
from tests.fakes import fake_engine


class SlowEngine:
    def __init__(self, delay: float) -> None:
        self.inner = fake_engine()
        self.delay = delay

    def analyze_many(self, texts, *, kinds=None, policy=None):
        time.sleep(self.delay * len(texts))
        return self.inner.analyze_many(texts, kinds=kinds, policy=policy)

    def analyze(self, text, *, kind="post", policy=None):
        return self.analyze_many([text], kinds=[kind], policy=policy)[0]


def main(argv: list[str]) -> int:
    url, path, batch_size, delay = argv[0], argv[1], int(argv[2]), float(argv[3])
    records = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    with Store.open(url) as store:
        go = os.environ.get("HATESCOPE_TEST_GO_FILE")
        if go:  # start together with the other writer: wait for the test's signal
            print("READY", flush=True)
            while not os.path.exists(go):
                time.sleep(0.005)
        report = store.ingest_many(
            records,
            engine=SlowEngine(delay),
            batch_size=batch_size,
            on_batch=lambda r: print(json.dumps(r.to_dict()), flush=True),
        )
    print("DONE " + json.dumps(report.to_dict()), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
