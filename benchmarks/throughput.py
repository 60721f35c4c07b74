"""Throughput benchmark: `hatescope score` vs peers, cost curve, single-post latency, memory.

    python benchmarks/throughput.py                     # the full run (tens of minutes on 2 cores)
    python benchmarks/throughput.py --sizes 1000 10000 --compare-sizes 10000 --no-peers   # quick look

Every number is measured by this script in this run: wall time and CPU time of the `hatescope score`
process tree (model loading included), peak resident memory of the tree (workers summed; sampled
every 20 ms with psutil), posts/s = posts / wall seconds. Results go to docs/performance/throughput_SOURCE.json,
the plot to docs/performance/throughput_SOURCE.png, and the tables into docs/PERFORMANCE.md between the
``<!-- section:throughput -->`` markers.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `python benchmarks/X.py`: the benchmarks package

from benchmarks import corpus  # noqa: E402
from benchmarks.harness import OUT_DIR, env_prefix, hardware, measured, rates  # noqa: E402
from benchmarks.throughput_report import render_docs  # noqa: E402


def engine_description() -> str:
    """The detectors (and their non-default parameters) the benchmarked engine runs."""
    from hatescope.engine import default_engine

    parts = []
    for spec in default_engine().config.detectors:
        params = ", ".join(f"{k}={v}" for k, v in spec.params.items())
        parts.append(f"`{spec.name}`" + (f" ({params})" if params else ""))
    return " + ".join(parts)


#: Runs this short are repeated and the median (by wall time) reported: on a shared 2-core VM one 10-second
#: run of the same input varied by ±5% between consecutive tries.
REPEAT_UP_TO = 10_000


def hatescope_run(path: Path, n: int, workers: int, device: str, batch: int, model: str = "default",
                  repeats: int = 1) -> dict[str, object]:
    exe = Path(sys.executable).with_name("hatescope")
    out = path.with_suffix(f".w{workers}.out.jsonl")
    runs = [measured([str(exe), "score", str(path), "-o", str(out), "--no-progress", "--workers", str(workers),
                      "--device", device, "--batch-size", str(batch), "--model", model])
            for _ in range(repeats if n <= REPEAT_UP_TO else 1)]
    out.unlink(missing_ok=True)
    r = sorted(runs, key=lambda x: x["wall_s"])[len(runs) // 2]
    flag = "" if model == "default" else f" --model {model}"
    row = {"tool": f"hatescope score --workers {workers}{flag}", "n": n, **rates(r, n)}
    if len(runs) > 1:
        row["wall_s_runs"] = [round(x["wall_s"], 2) for x in runs]
    return row


def peer_run(name: str, path: Path, n: int) -> dict[str, object]:
    r = measured([sys.executable, str(HERE / "peers.py"), name, str(path)])
    return {"tool": name, "n": n, **rates(r, n)}


def latency(texts: list[str], device: str, model: str = "default") -> dict[str, float]:
    """Single-post latency of Engine.analyze in this process (model loaded; 20 warm-up calls first)."""
    from hatescope.engine import Engine, default_engine
    from hatescope.parallel import configure

    engine = Engine(config=configure(default_engine().config, device=device, model=model)).load()
    for t in texts[:20]:
        engine.analyze(t)
    ms = []
    for t in texts:
        s = time.perf_counter()
        engine.analyze(t)
        ms.append(1000 * (time.perf_counter() - s))
    ms.sort()
    return {"n": len(ms), "p50_ms": round(statistics.median(ms), 2), "p99_ms": round(ms[int(0.99 * (len(ms) - 1))], 2),
            "mean_ms": round(statistics.fmean(ms), 2)}


def stages(texts: list[str], device: str, model: str = "default") -> dict[str, object]:
    """CPU µs per post in each engine stage (one process, batches of 64 as `hatescope score` sends them)."""
    from hatescope.engine import Engine, default_engine
    from hatescope.parallel import configure
    from benchmarks.profile_engine import stage_times

    engine = Engine(config=configure(default_engine().config, device=device, threads=1, model=model)).load()
    engine.analyze_many(texts[:64])
    times = stage_times(engine, texts)
    return {"n": len(texts), "us_per_post": {k: round(1e6 * v / len(texts), 1) for k, v in times.items()}}


def plot(curve: list[dict[str, object]], compare: list[dict[str, object]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (a, b) = plt.subplots(1, 2, figsize=(11, 4))
    ns = [r["n"] for r in curve]
    a.plot(ns, [r["wall_s"] for r in curve], "o-", label="wall s")
    a.plot(ns, [r["cpu_s"] for r in curve], "s--", label="CPU s")
    a.set_xscale("log"), a.set_yscale("log"), a.set_xlabel("posts"), a.set_ylabel("seconds")
    a.set_title(f"cost curve: {curve[0]['tool']}" if curve else "cost curve"), a.legend(), a.grid(alpha=0.3)
    for size in sorted({r["n"] for r in compare}):
        rows = [r for r in compare if r["n"] == size]
        b.barh([f"{r['tool']} ({size:,})" for r in rows], [r["posts_per_s"] for r in rows])
    b.set_xlabel("posts/s (wall clock)"), b.set_title("throughput, same input")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def fit(curve: list[dict[str, object]]) -> dict[str, float] | None:
    if len(curve) < 2:
        return None
    import numpy as np

    x = np.array([r["n"] for r in curve], float)
    y = np.array([r["wall_s"] for r in curve], float)
    slope, icpt = np.polyfit(x, y, 1)
    pred = slope * x + icpt
    r2 = 1 - ((y - pred) ** 2).sum() / max(((y - y.mean()) ** 2).sum(), 1e-12)
    return {"fixed_s": float(icpt), "ms_per_post": float(1000 * slope), "r2": float(r2)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source", choices=corpus.SOURCES, default="datasets")
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000, 10000, 30000, 100000])
    ap.add_argument("--compare-sizes", type=int, nargs="+", default=[10000, 100000])
    ap.add_argument("--single-worker-sizes", type=int, nargs="*", default=[10000])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=128)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--model", default="default", help="classifier model: default or fast")
    ap.add_argument("--repeats", type=int, default=3, help=f"runs of each size up to {REPEAT_UP_TO:,} posts (median reported)")
    ap.add_argument("--no-peers", action="store_true")
    ap.add_argument("--latency-posts", type=int, default=1000)
    ap.add_argument("--stage-posts", type=int, default=2000, help="posts for the per-stage CPU breakdown (0: skip)")
    ap.add_argument("--no-docs", action="store_true", help="print results only")
    args = ap.parse_args()

    res: dict[str, object] = {"command": env_prefix() + "python benchmarks/throughput.py " + " ".join(sys.argv[1:]),
                              "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "hardware": hardware(),
                              "device": args.device, "source": args.source, "model": args.model}
    res["engine"] = engine_description()
    from hatescope.device import one_thread_per_process

    one_thread_per_process()  # the in-process parts (latency, stages) as `hatescope score` workers run
    biggest = max(args.sizes + args.compare_sizes)
    texts = corpus.make(biggest, args.source)
    res["mean_chars"] = sum(map(len, texts)) / len(texts)
    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        for n in sorted(set(args.sizes + args.compare_sizes)):
            files[n] = corpus.write_jsonl(texts[:n], Path(tmp) / f"posts{n}.jsonl")
        curve, compare = [], []
        for n in sorted(set(args.sizes)):
            row = hatescope_run(files[n], n, args.workers, args.device, args.batch_size, args.model, args.repeats)
            print(json.dumps(row), flush=True)
            curve.append(row)
        for n in sorted(set(args.compare_sizes)):
            row = next((r for r in curve if r["n"] == n), None) or hatescope_run(files[n], n, args.workers, args.device,
                                                                                 args.batch_size, args.model, args.repeats)
            compare.append(row)
            if n in args.single_worker_sizes and args.workers != 1:
                compare.append(hatescope_run(files[n], n, 1, args.device, args.batch_size, args.model, args.repeats))
                print(json.dumps(compare[-1]), flush=True)
            if not args.no_peers:
                for peer in ("profanity_check", "hatesonar_api", "hatesonar_batched"):
                    compare.append(peer_run(peer, files[n], n))
                    print(json.dumps(compare[-1]), flush=True)
    res["curve"], res["compare"], res["fit"] = curve, compare, fit(curve)
    if args.latency_posts:
        res["latency"] = latency(texts[: args.latency_posts], args.device, args.model)
        print(json.dumps(res["latency"]))
    if args.stage_posts:
        res["stages"] = stages(texts[: args.stage_posts], args.device, args.model)
        print(json.dumps(res["stages"]))
    res["load_avg_end"] = os.getloadavg()[0]
    if args.no_docs:
        print(json.dumps(res, indent=1))
        return
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    stem = f"throughput_{args.source}" + ("" if args.model == "default" else f"_{args.model}")
    res["plot"] = f"{stem}.png"
    (OUT_DIR / f"{stem}.json").write_text(json.dumps(res, indent=1) + "\n")
    plot(curve, compare, OUT_DIR / res["plot"])
    render_docs()
    print(f"wrote {OUT_DIR}/{stem}.json and .png, docs/PERFORMANCE.md")


if __name__ == "__main__":
    main()
