"""GPU throughput and accuracy: `hatescope score --device cuda` (PyTorch encoder) on a lent GPU machine.

The GPU machine has no datasets and no network, so the inputs are prepared here and carried there:

    python benchmarks/gpu_throughput.py prepare                      # here: .cache/devrun/{posts100k,heldout}.jsonl
    python benchmarks/gpu_throughput.py run --out $OUT/gpu.json      # there (see docs/PERFORMANCE.md, GPU)
    python benchmarks/gpu_throughput.py render RUN1.json [RUN2.json…]  # here: docs/performance/gpu.json + PERFORMANCE.md

``prepare`` writes 100k dataset posts (the same draw as ``throughput.py --source datasets``) and the
held-out test texts with this machine's CPU scores (fp32 encoder, gate off). ``run`` measures, on the
machine it runs on: the classifier's accuracy on those texts with the GPU encoder (fp16 and fp32) and
its agreement with the CPU scores; the encoder alone in texts/s; `hatescope score` over N posts
(the 100k cycled, ids unique) with the GPU for several worker counts and without it (all cores);
single-post latency. The result file is rewritten after every step, so a run cut short keeps what it measured.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))  # `python benchmarks/X.py`: the benchmarks package

INPUTS = ROOT / ".cache" / "devrun"

from benchmarks.throughput import latency  # noqa: E402 - single-post latency, the same measurement as on the CPU


def prepare(out: Path) -> None:
    from benchmarks import corpus
    from benchmarks.quantization_accuracy import held_out_rows

    from hatescope.detect.classifier import ClassifierDetector

    out.mkdir(parents=True, exist_ok=True)
    corpus.write_jsonl(corpus.make(100_000, "datasets"), out / "posts100k.jsonl")
    rows = held_out_rows(None)
    probs = ClassifierDetector(precision="fp32", use_gate=False).predict_proba([r.text for r in rows])
    with (out / "heldout.jsonl").open("w", encoding="utf-8") as fh:
        for r, p in zip(rows, probs):
            fh.write(json.dumps({"text": r.text, "hateful": bool(r.hateful), "source": r.source, "klass": r.klass,
                                 "cpu_fp32": [round(float(x), 6) for x in p]}, ensure_ascii=False) + "\n")
    print(f"wrote {out}/posts100k.jsonl and heldout.jsonl ({len(rows):,} texts)")


def _environment() -> dict[str, object]:
    import torch
    from benchmarks.harness import hardware

    return {**hardware(), "gpu": torch.cuda.get_device_name(0), "torch": torch.__version__,
            "cuda": torch.version.cuda, "gpu_memory_gib": round(torch.cuda.get_device_properties(0).total_memory / 2**30, 1)}


def _accuracy(rows: list[dict], precision: str) -> dict[str, object]:
    import torch

    from hatescope.detect.classifier import ClassifierDetector

    det = ClassifierDetector(device="cuda", precision=precision, use_gate=False)
    det.load()
    texts = [r["text"] for r in rows]
    det.predict_proba(texts[:512])  # warm-up: kernels chosen, memory pooled
    torch.cuda.synchronize()
    started = time.perf_counter()
    p = det.predict_proba(texts)
    seconds = time.perf_counter() - started
    hate = float(det.manifest["thresholds"]["hate"])
    gold = np.array([r["hateful"] for r in rows])
    cpu = np.array([r["cpu_fp32"] for r in rows], np.float32)
    return {"precision": precision, "n": len(rows), "texts_per_s": round(len(rows) / seconds, 1),
            "accuracy": round(100 * float(np.mean((p[:, 0] >= hate) == gold)), 2),
            "cpu_fp32_accuracy": round(100 * float(np.mean((cpu[:, 0] >= hate) == gold)), 2),
            "agreement_with_cpu": round(100 * float(np.mean((p[:, 0] >= hate) == (cpu[:, 0] >= hate))), 2),
            "max_abs_prob_diff": round(float(np.abs(p - cpu).max()), 4),
            "mean_abs_prob_diff": round(float(np.abs(p - cpu).mean()), 5)}


def _encoder_speed(texts: list[str]) -> dict[str, object]:
    import torch

    from hatescope.detect.classifier import ClassifierDetector

    det = ClassifierDetector(device="cuda", gpu_batch_size=1024)
    det.load()
    det.embed(texts[:2048])
    torch.cuda.synchronize()
    started = time.perf_counter()
    det.embed(texts)
    return {"n": len(texts), "texts_per_s": round(len(texts) / (time.perf_counter() - started), 1), "batch": 1024}


def _score_input(posts: Path, n: int, path: Path) -> Path:
    lines = posts.read_text(encoding="utf-8").splitlines()
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            rec = json.loads(lines[i % len(lines)])
            fh.write(json.dumps({"id": i, "text": rec["text"]}, ensure_ascii=False) + "\n")
    return path


def _score(path: Path, n: int, device: str, workers: int, batch: int) -> dict[str, object]:
    from benchmarks.harness import measured

    out = path.with_suffix(".out.jsonl")
    cmd = [sys.executable, "-m", "hatescope", "score", str(path), "-o", str(out), "--no-progress",
           "--device", device, "--workers", str(workers), "--batch-size", str(batch)]
    r = measured(cmd)
    if not out.exists():
        raise RuntimeError(f"no output; stderr: {r['stderr']}")
    written = sum(1 for _ in out.open(encoding="utf-8"))
    out.unlink()
    return {"device": device, "workers": workers, "batch": batch, "n": n, "written": written,
            "wall_s": round(r["wall_s"], 2), "cpu_s": round(r["cpu_s"], 2), "posts_per_s": round(n / r["wall_s"], 1),
            "peak_rss_mib": round(r["peak_rss_mib"], 1)}


def run(args: argparse.Namespace) -> None:
    res: dict[str, object] = {"command": "python benchmarks/gpu_throughput.py run " + " ".join(sys.argv[2:]),
                              "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "steps": {}}
    out: Path = args.out
    out.parent.mkdir(parents=True, exist_ok=True)

    def step(name: str, fn, *a) -> None:
        started = time.perf_counter()
        try:
            res["steps"][name] = fn(*a)
        except (Exception, SystemExit) as exc:  # noqa: BLE001 - record and go on: device time is scarce
            res["steps"][name] = {"error": f"{type(exc).__name__}: {exc}"[-2000:]}
        print(name, json.dumps(res["steps"][name]), f"({time.perf_counter() - started:.0f} s)", flush=True)
        out.write_text(json.dumps(res, indent=1) + "\n")

    step("environment", _environment)
    heldout = args.inputs / "heldout.jsonl"
    if heldout.exists():  # left behind when the carried files must stay small (the 64 MiB a device call takes)
        rows = [json.loads(line) for line in heldout.open(encoding="utf-8")]
        for precision in ("auto", "fp32"):
            step(f"accuracy_{precision}", _accuracy, rows, precision)
    posts = args.inputs / "posts100k.jsonl"
    texts = [json.loads(line)["text"] for line in posts.open(encoding="utf-8")]
    step("encoder", _encoder_speed, texts)
    step("latency", latency, texts[:1000], "cuda")
    files = {n: _score_input(posts, n, Path("/tmp") / f"posts{n}.jsonl") for n in args.sizes}
    for i, workers in enumerate(args.workers):  # every size for the first worker count (fixed + per-post cost), then the largest
        for n in sorted(args.sizes) if i == 0 else [max(args.sizes)]:
            step(f"score_cuda_w{workers}_b{args.batch_size}_n{n}", _score, files[n], n, "cuda", workers, args.batch_size)
    if args.cpu_n:
        small = _score_input(posts, args.cpu_n, Path("/tmp") / f"posts{args.cpu_n}.jsonl")
        cores = len(os.sched_getaffinity(0))
        step(f"score_cpu_w{cores}", _score, small, args.cpu_n, "cpu", cores, 128)
    print(f"wrote {out}")


def plot(runs: list[dict], path: Path) -> None:
    """Posts/s of every `hatescope score` run, GPU and CPU-only, one bar each (start-up included)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [(f"run {i + 1}: {r['device']}, {r['workers']} workers, {r['n']:,} posts", r["posts_per_s"], r["device"])
            for i, g in enumerate(runs) for name, r in g["steps"].items() if name.startswith("score_") and "error" not in r]
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(rows) + 1.2))
    ax.barh([r[0] for r in rows], [r[1] for r in rows], color=["tab:green" if r[2] == "cuda" else "tab:gray" for r in rows])
    ax.axvline(20_000, color="tab:red", linestyle="--", label="20,000 posts/s")
    ax.invert_yaxis()
    ax.set_xlabel("posts/s (wall clock, start-up included)")
    ax.set_title(f"hatescope score on {runs[-1]['steps'].get('environment', {}).get('gpu', 'a GPU')}")
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def render(paths: list[Path]) -> None:
    from benchmarks.harness import OUT_DIR
    from benchmarks.throughput_report import render_docs

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    runs = [json.loads(p.read_text()) for p in paths]  # a run may carry a "note" (what differed in that run)
    (OUT_DIR / "gpu.json").write_text(json.dumps({"runs": runs}, indent=1) + "\n")
    plot(runs, OUT_DIR / "gpu.png")
    render_docs()
    print(f"wrote {OUT_DIR / 'gpu.json'} and docs/PERFORMANCE.md")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--out", type=Path, default=INPUTS)
    r = sub.add_parser("run")
    r.add_argument("--inputs", type=Path, default=INPUTS)
    r.add_argument("--out", type=Path, required=True)
    r.add_argument("--sizes", type=int, nargs="+", default=[200_000, 1_000_000], help="posts per `hatescope score` run on the GPU")
    r.add_argument("--workers", type=int, nargs="+", default=[16])
    r.add_argument("--batch-size", type=int, default=512)
    r.add_argument("--cpu-n", type=int, default=100_000, help="posts for the CPU-only run on the same machine (0: skip)")
    d = sub.add_parser("render")
    d.add_argument("results", type=Path, nargs="+", help="result files of `run`, oldest first")
    args = ap.parse_args()
    if args.cmd == "prepare":
        prepare(args.out)
    elif args.cmd == "run":
        run(args)
    else:
        render(args.results)


if __name__ == "__main__":
    main()
