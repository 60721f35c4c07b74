"""Spark local mode vs `hatescope score` on the same Parquet input; writes the Spark section of docs/PERFORMANCE.md.

    python benchmarks/spark_throughput.py --n 10000 --master 'local[2]'

Wall time includes starting the JVM and loading one engine per Python worker, which is what a
user of `hatescope spark-score` waits for; peak memory is the whole process tree (JVM + workers).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # `python benchmarks/X.py`: the benchmarks package

from benchmarks import corpus  # noqa: E402
from benchmarks.harness import OUT_DIR, ROOT, env_prefix, hardware, measured, rates, write_section  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--source", choices=("datasets", "synthetic"), default="datasets")
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--no-docs", action="store_true")
    args = ap.parse_args()
    import pyarrow as pa
    import pyarrow.parquet as pq

    hw = hardware()
    texts = corpus.make(args.n, args.source)
    exe = str(Path(sys.executable).with_name("hatescope"))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "posts.parquet"
        pq.write_table(pa.table({"id": list(range(len(texts))), "text": texts}), src)
        env = {**os.environ, "PYSPARK_PYTHON": sys.executable}
        r = measured([exe, "spark-score", str(src), str(Path(tmp) / "out"), "--master", args.master,
                      "--conf", "spark.ui.enabled=false"], env=env)
        rows.append({"tool": f"hatescope spark-score --master {args.master}", "n": args.n, **rates(r, args.n)})
        print(json.dumps(rows[-1]), flush=True)
        r = measured([exe, "score", str(src), "-o", str(Path(tmp) / "out.parquet"), "--no-progress", "--workers", str(args.workers)])
        rows.append({"tool": f"hatescope score --workers {args.workers}", "n": args.n, **rates(r, args.n)})
        print(json.dumps(rows[-1]), flush=True)
    res = {"command": env_prefix() + "python benchmarks/spark_throughput.py " + " ".join(sys.argv[1:]), "hardware": hw,
           "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "rows": rows, "load_avg_end": os.getloadavg()[0]}
    if args.no_docs:
        print(json.dumps(res, indent=1))
        return
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / "spark.json").write_text(json.dumps(res, indent=1) + "\n")
    lines = [
        f"Measured by `{res['command']}` on {res['date']}: {hw['cpu']}, {hw['cores']} cores, shared with other jobs "
        f"(load average {hw['load_avg_start']:.1f} → {res['load_avg_end']:.1f}). Same Parquet input of {args.source} posts for both; "
        "wall time includes the JVM start (Spark) or process start (score) and loading the engine in every worker. "
        "Spark pays a fixed start-up cost and is for corpora beyond one machine (docs/SPARK.md); on one machine "
        "`hatescope score --workers N` is the faster path.",
        "",
        "| tool | posts | wall s | posts/s | peak RSS MiB (tree) |",
        "|---|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(f"| {r['tool']} | {r['n']:,} | {r['wall_s']} | {r['posts_per_s']:,} | {r['peak_rss_mib']} |")
    write_section(ROOT / "docs" / "PERFORMANCE.md", "spark", "\n".join(lines), title="Spark")
    print("wrote docs/PERFORMANCE.md (spark section)")


if __name__ == "__main__":
    main()
