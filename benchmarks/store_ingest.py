"""Store write speed, apart from the model: how fast ``ingest_many`` stores pre-computed analyses.

    python benchmarks/store_ingest.py                          # SQLite in a temp dir
    python benchmarks/store_ingest.py --db postgresql+psycopg://user@host:port/db   # empty database!
    python benchmarks/store_ingest.py --postgres               # also a throwaway scripts/start-postgres.sh cluster

The analyses come from the fake word detector (tests/fakes.py) and are computed before timing,
so the numbers are the store's alone: item + analysis + decision + audit rows, one transaction
per batch. Prints one line per database; docs/STORE.md quotes them.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hatescope.store import Store  # noqa: E402
from tests.fakes import fake_engine  # noqa: E402


class Precomputed:
    """An engine that returns analyses computed before the clock started."""

    def __init__(self, texts: list[str]) -> None:
        self.by_text = {a.text: a for a in fake_engine().analyze_many(texts)}

    def analyze_many(self, texts, *, kinds=None, policy=None):
        return [self.by_text[t] for t in texts]


def run(url: str, n: int, batch: int) -> str:
    records = [
        {"source": "bench", "id": f"e{i}", "text": f"item {i}: they are vermin" if i % 5 == 0 else f"item {i}: a calm remark"}
        for i in range(n)
    ]
    engine = Precomputed([r["text"] for r in records])
    with Store.open(url) as store:
        t0 = time.perf_counter()
        first = store.ingest_many(records, engine=engine, batch_size=batch)
        t1 = time.perf_counter()
        again = store.ingest_many(records, engine=engine, batch_size=batch)
        t2 = time.perf_counter()
        store.queue(limit=50)
        t3 = time.perf_counter()
        dialect = store.dialect
    return (
        f"{dialect}: stored {first.inserted} items in {t1 - t0:.2f} s ({first.inserted / (t1 - t0):,.0f}/s, batch {batch}); "
        f"re-run skipped {again.existing} in {t2 - t1:.2f} s; one queue page in {(t3 - t2) * 1000:.1f} ms"
    )


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", help="database URL (must be empty); default: SQLite in a temp dir")
    ap.add_argument("--postgres", action="store_true", help="also run on a throwaway PostgreSQL cluster")
    ap.add_argument("-n", type=int, default=2000)
    ap.add_argument("--batch", type=int, default=64)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(run(args.db or f"sqlite:///{tmp}/bench.db", args.n, args.batch))
    if args.postgres:
        base = tempfile.mkdtemp(prefix="hatescope-pg-", dir="/tmp")
        os.chmod(base, 0o755)
        script = str(ROOT / "scripts" / "start-postgres.sh")
        url = subprocess.run([script, f"{base}/pg"], check=True, capture_output=True, text=True).stdout.strip()
        try:
            print(run(url, args.n, args.batch))
        finally:
            subprocess.run([script, "--stop", f"{base}/pg"], capture_output=True)
            os.rmdir(base) if os.path.isdir(base) else None
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
