"""What starting `hatescope score`'s workers costs: the fork server (the default on Linux) against spawning them.

    python benchmarks/score_startup.py                       # 256 posts, --workers 2, median of 5
    python benchmarks/score_startup.py --n 10000 --repeats 3 --workers 0

The same command on the same posts of the realistic mix (benchmarks/corpus.py), its workers started one way then the
other, interleaved so both see the same machine load; wall and CPU seconds of the whole process tree (the parent, the
fork server, the workers: benchmarks.harness.measured). ``--workers 0`` is the command's own default (one process
for an input under 64 KiB). The start method is chosen by patching hatescope.worker_start.default_start_method in a
small runner, as nothing else picks it. Writes docs/performance/score_startup.json and the ``score-startup`` section
of docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # `python benchmarks/X.py`: the benchmarks package

from benchmarks import corpus  # noqa: E402
from benchmarks.harness import OUT_DIR, ROOT, hardware, measured, write_section  # noqa: E402

RUNNER = ("import sys; from hatescope import worker_start; method = sys.argv.pop(1); "
          "worker_start.default_start_method = lambda *a, **k: method; "
          "from hatescope.cli import main; sys.exit(main(sys.argv[1:]))")
METHODS = ("spawn", "forkserver")


def run(path: Path, method: str, workers: int) -> dict[str, float]:
    load = os.getloadavg()[0]
    r = measured([sys.executable, "-c", RUNNER, method, "score", str(path), "-o", str(path.with_suffix(".out.jsonl")),
                  "--no-progress", "--workers", str(workers)])
    return {"wall_s": round(r["wall_s"], 2), "cpu_s": round(r["cpu_s"], 2), "load_1min": round(load, 2)}


def markdown(res: dict) -> str:
    hw = res["hardware"]
    lines = [f"Measured by `{res['command']}` on {res['date']}: {hw['cpu']}, {hw['cores']} cores, Python {hw['python']} "
             "(the machine is shared: compare the rows of one run, whose runs were interleaved, not runs). "
             f"{res['n']:,} posts of the realistic mix, `--workers {res['workers']}`; CPU is user + system time of "
             "the parent, the fork server and every worker.", "",
             "| workers start by | wall s (median) | CPU s (median) | wall s, runs | CPU s, runs | 1-min load, runs |",
             "|---|---:|---:|---|---|---|"]
    for method, runs in res["runs"].items():
        walls, cpus = [r["wall_s"] for r in runs], [r["cpu_s"] for r in runs]
        lines.append(f"| {method} | {statistics.median(walls)} | {statistics.median(cpus)} | "
                     f"{', '.join(map(str, walls))} | {', '.join(map(str, cpus))} | "
                     f"{', '.join(str(r['load_1min']) for r in runs)} |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=256)
    ap.add_argument("--workers", type=int, default=2, help="0: the command's default")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--no-docs", action="store_true")
    args = ap.parse_args()
    res: dict = {"command": shlex.join(["python", "benchmarks/score_startup.py", *sys.argv[1:]]),
                 "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "hardware": hardware(),
                 "n": args.n, "workers": args.workers, "runs": {m: [] for m in METHODS}}
    with tempfile.TemporaryDirectory() as tmp:
        path = corpus.write_jsonl(corpus.make(args.n, "realistic"), Path(tmp) / "in.jsonl")
        for _ in range(args.repeats):
            for method in METHODS:
                res["runs"][method].append(run(path, method, args.workers))
                print(method, json.dumps(res["runs"][method][-1]), flush=True)
    if args.no_docs:
        print(markdown(res))
        return
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / "score_startup.json").write_text(json.dumps(res, indent=1) + "\n")
    write_section(ROOT / "docs" / "PERFORMANCE.md", "score-startup", markdown(res),
                  title="Starting `hatescope score`'s workers: fork server or spawn")
    print("wrote docs/performance/score_startup.json and docs/PERFORMANCE.md")


if __name__ == "__main__":
    main()
