"""The throughput section of docs/PERFORMANCE.md, rendered from the JSON results that throughput.py,
gpu_throughput.py, cascade_eval.py and quantization_accuracy.py save under docs/performance/.

Each of those scripts re-renders the whole section after saving its own results, so the renderers of every part
live here, apart from the scripts that measure.
"""

from __future__ import annotations

import json

from benchmarks.harness import OUT_DIR, ROOT, write_section


def throughput_markdown(res: dict[str, object]) -> str:
    hw = res["hardware"]
    lines = [
        f"Measured by `{res['command']}` on {res['date']}: {hw['cpu']}, {hw['cores']} cores, {hw['memory_gib']} GiB, "
        f"Python {hw['python']}; device `{res['device']}`; classifier model `{res.get('model', 'default')}`; engine: {res.get('engine', 'default')}; input: {res['source']} posts (mean {res['mean_chars']:.0f} chars). "
        f"The machine was shared with other jobs (1-min load average {hw['load_avg_start']:.1f} at the start, "
        f"{res['load_avg_end']:.1f} at the end on {hw['cores']} cores), so wall-clock rates are lower bounds; "
        "posts per CPU-second shows the cost independent of that contention. Wall time includes starting the "
        "process and loading the model. `--workers 1` leaves onnxruntime its default thread pool (one thread per core), "
        "whose spinning threads burn CPU on a busy machine; with N workers each gets one thread, and numpy's BLAS one thread "
        "too (an idle OpenBLAS pool spinning after each small matrix product of the classifier head cost about 1.3 ms of "
        "CPU per post before `hatescope.device.one_thread_per_process`, measured in-process on the fast model: 2.87 → 1.5 ms).",
        "",
        "| tool | posts | wall s | posts/s | CPU s | posts per CPU-s | peak RSS MiB |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in res["compare"]:
        runs = f" (median of {', '.join(map(str, r['wall_s_runs']))})" if r.get("wall_s_runs") else ""
        lines.append(f"| {r['tool']} | {r['n']:,} | {r['wall_s']}{runs} | {r['posts_per_s']:,} | {r['cpu_s']} | "
                     f"{r['posts_per_cpu_s']:,} | {r['peak_rss_mib']} |")
    lines += ["", "**Cost curve** (same tool, growing input):", "",
              "| posts | wall s | posts/s | CPU s | peak RSS MiB |", "|---:|---:|---:|---:|---:|"]
    for r in res["curve"]:
        lines.append(f"| {r['n']:,} | {r['wall_s']} | {r['posts_per_s']:,} | {r['cpu_s']} | {r['peak_rss_mib']} |")
    if res.get("fit"):
        f = res["fit"]
        lo, hi = res["curve"][0], res["curve"][-1]
        lines += ["", f"Least-squares fit of wall time: {f['fixed_s']:.1f} s fixed + {f['ms_per_post']:.2f} ms per post "
                      f"(R² {f['r2']:.3f}). Peak memory: {lo['peak_rss_mib']} MiB at {lo['n']:,} posts, "
                      f"{hi['peak_rss_mib']} MiB at {hi['n']:,} posts."]
    lat = res.get("latency")
    if lat:
        lines += ["", f"**Single-post latency** (`Engine.analyze`, one process, model loaded, {lat['n']} posts): "
                      f"p50 {lat['p50_ms']} ms, p99 {lat['p99_ms']} ms, mean {lat['mean_ms']} ms."]
    st = res.get("stages")
    if st:
        total = sum(st["us_per_post"].values())
        lines += ["", f"**Where the time goes** (CPU µs per post, one process, one ONNX thread, {st['n']:,} posts, "
                      "`benchmarks/profile_engine.py` for a cProfile):", "", "| stage | µs/post | share |", "|---|---:|---:|"]
        for name, us in sorted(st["us_per_post"].items(), key=lambda kv: -kv[1]):
            lines.append(f"| {name} | {us:,.0f} | {100 * us / total:.0f}% |")
        lines.append(f"| total | {total:,.0f} | → {2e6 / total:,.0f} posts/s on 2 cores at best |")
    lines += ["", f"![throughput](performance/{res['plot']})"]
    return "\n".join(lines)


def cascade_markdown(c: dict[str, object]) -> str:
    lines = [
        f"Measured by `{c['command']}` on {c['date']}: the whole engine on {c['n']:,} posts from the {c['datasets']} "
        f"({c['hateful_share']}% hateful): the un-optimised path (fp32 activations, char n-gram gate off: every post "
        f"through the encoder), then the int8 encoder, then int8 with the gate on (shipped gate {c['shipped_gate']:.4g}). "
        "Accuracy of `hateful` against the gold labels; one process.",
        "",
        "| path | accuracy % | F1 % | posts sent to the encoder % | posts/s | posts per CPU-s |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in c["rows"]:
        lines.append(f"| {r['path']} | {r['accuracy']} | {r['f1']} | {r['encoder_share']} | {r['posts_per_s']:,} | {r['posts_per_cpu_s']:,} |")
    lines += ["", f"Accuracy change, un-optimised → shipped default: {c['accuracy_change']:+.2f} points; the two agree on "
                  f"{c['agreement']}% of posts."]
    if "fast_accuracy_change" in c:
        lines[-1] += (f" Un-optimised → `--model fast`: {c['fast_accuracy_change']:+.2f} points, agreeing on "
                      f"{c['fast_agreement']}% of posts.")
    lines[-1] += " Other gate values (default model, same posts, embeddings reused):"
    lines += ["",
              "| gate | accuracy % | F1 % | encoder % |", "|---:|---:|---:|---:|"]
    for r in c["sweep"]:
        lines.append(f"| {r['gate']:.4g} | {r['accuracy']} | {r['f1']} | {r['encoder_share']} |")
    return "\n".join(lines)


def render_docs() -> None:
    """Rebuild the throughput section of docs/PERFORMANCE.md from the saved JSON results."""
    parts = []
    for t in sorted(OUT_DIR.glob("throughput_*.json")):
        res = json.loads(t.read_text())
        model = "" if res.get("model", "default") == "default" else f", `--model {res['model']}`"
        parts.append(f"### {res['source'].capitalize()} posts{model}\n\n" + throughput_markdown(res))
    g = OUT_DIR / "gpu.json"
    if g.exists():
        parts.append("### GPU\n\n" + gpu_markdown(json.loads(g.read_text())))
    c = OUT_DIR / "cascade.json"
    if c.exists():
        parts.append("### Cascade\n\n" + cascade_markdown(json.loads(c.read_text())))
    q = OUT_DIR / "quantization.json"
    if q.exists():
        parts.append("### int8 activations and the fast model\n\n" + quantization_markdown(json.loads(q.read_text())))
    if parts:
        write_section(ROOT / "docs" / "PERFORMANCE.md", "throughput", "\n\n".join(parts), title="Throughput")


def gpu_markdown(g: dict) -> str:
    """The GPU section from one or more runs (``{"runs": [...]}``), newest first."""
    runs = g.get("runs", [g])
    note = [f"*{g['note']}*"] if g.get("note") else []  # e.g. which classifier release the runs measured
    return "\n\n".join(note + [_summary(runs), "![GPU throughput](performance/gpu.png)"]
                       + [_run_markdown(r) for r in reversed(runs)])


def _summary(runs: list[dict]) -> str:
    """One paragraph over all runs: the largest `score --device cuda` runs and the steady rates."""
    big = [r for g in runs for name, r in g["steps"].items() if name.startswith("score_cuda") and "error" not in r]
    if not big:
        return "No GPU run has been recorded yet."
    n = max(r["n"] for r in big)
    rows = ", ".join(f"{r['posts_per_s']:,.0f} (`--workers {r['workers']}`)" for r in big if r["n"] == n)
    fits = [f for f in (_fit([r for name, r in g["steps"].items() if name.startswith("score_cuda") and "error" not in r])
                        for g in runs) if f]
    gpu = runs[-1]["steps"].get("environment", {}).get("gpu", "the GPU")
    text = f"**Summary** ({gpu}): `hatescope score --device cuda` over {n:,} posts, start-up included: {rows} posts/s."
    if fits:
        steady = " and ".join(f"{f['steady_posts_per_s']:,.0f}" for f in fits)
        fixed = " and ".join(f"{f['fixed_s']:.1f}" for f in fits)
        text += (f" Once started: {steady} posts/s; the start (each worker importing PyTorch, opening a CUDA context "
                 f"and loading the model) costs {fixed} s.")
    return text + (" The GPU is not what limits: one process drives the encoder at ~30,000 texts/s; the host's cores "
                   "running normalisation, segmentation, lexicons, stance and policy are. To measure on another machine: "
                   "`python benchmarks/gpu_throughput.py prepare` where the datasets are, `... run --out gpu.json` on the "
                   "GPU machine (with `hatescope[gpu,bench]` installed), `... render gpu.json` to write this section.")


def _run_markdown(g: dict) -> str:
    s = g["steps"]
    env = s.get("environment", {})
    lines = [f"Measured by `{g['command']}` on {g['date']}: {env.get('gpu', '?')} ({env.get('gpu_memory_gib', '?')} GiB), "
             f"PyTorch {env.get('torch', '?')} (CUDA {env.get('cuda', '?')}), host {env.get('cpu', '?')} with "
             f"{env.get('cores', '?')} vCPUs; input: datasets posts (the 100k of `throughput.py --source datasets`, cycled). "
             "Only the encoder runs on the GPU; each worker process normalises, segments, runs the lexicons, "
             "stance and policy on the CPU and sends its batch's texts to the GPU in length-sorted batches. Wall time "
             "includes starting the workers and loading the model.", "",
             "| run | posts | wall s | posts/s | peak RSS MiB (host) |", "|---|---:|---:|---:|---:|"]
    for name, r in s.items():
        if name.startswith("score_") and "error" not in r:
            label = f"`hatescope score --device {r['device']} --workers {r['workers']} --batch-size {r['batch']}`"
            lines.append(f"| {label} | {r['n']:,} | {r['wall_s']} | {r['posts_per_s']:,} | {r['peak_rss_mib']:,} |")
    fit = _fit([r for name, r in s.items() if name.startswith("score_cuda") and "error" not in r])
    if fit:
        lines += ["", f"Fit over the sizes of `--workers {fit['workers']}`: {fit['fixed_s']:.1f} s fixed (starting the "
                      f"workers: Python, PyTorch, CUDA, the model) + {fit['us_per_post']:.1f} µs per post, i.e. "
                      f"**{fit['steady_posts_per_s']:,.0f} posts/s** once started."]
    enc, lat = s.get("encoder", {}), s.get("latency", {})
    if "texts_per_s" in enc:
        lines += ["", f"The encoder alone (one process, batches of {enc['batch']}, fp16): {enc['texts_per_s']:,} texts/s "
                      f"over {enc['n']:,} posts."]
    if "p50_ms" in lat:
        lines += ["", f"Single-post latency (`Engine.analyze`, one process, GPU encoder): p50 {lat['p50_ms']} ms, "
                      f"p99 {lat['p99_ms']} ms ({lat['n']} posts)."]
    acc = [s[k] for k in ("accuracy_auto", "accuracy_fp32") if k in s and "error" not in s[k]]
    if acc:
        lines += ["", f"**Accuracy on the GPU**: the classifier alone, gate off, on the {acc[0]['n']:,} held-out test texts "
                      "of `benchmarks/quantization_accuracy.py`, compared with the same model's fp32 encoder on this "
                      f"project's CPU (ONNX Runtime; accuracy {acc[0]['cpu_fp32_accuracy']}%):", "",
                  "| GPU encoder | accuracy % | same `hate` decision as the CPU % | max / mean abs. probability difference |",
                  "|---|---:|---:|---:|"]
        for a in acc:
            name = "fp16 (default on CUDA)" if a["precision"] == "auto" else "fp32"
            lines.append(f"| {name} | {a['accuracy']} | {a['agreement_with_cpu']} | {a['max_abs_prob_diff']} / "
                         f"{a['mean_abs_prob_diff']} |")
    if g.get("note"):
        lines += ["", g["note"]]
    return "\n".join(lines)


def _fit(runs: list[dict]) -> dict[str, float] | None:
    """Wall time = fixed + per-post cost, from the runs of the first worker count (two sizes or more)."""
    if not runs:
        return None
    workers = runs[0]["workers"]
    pts = sorted({r["n"]: r["wall_s"] for r in runs if r["workers"] == workers}.items())
    if len(pts) < 2:
        return None
    (n0, w0), (n1, w1) = pts[0], pts[-1]
    per_post = (w1 - w0) / (n1 - n0)
    return {"workers": workers, "fixed_s": w0 - per_post * n0, "us_per_post": 1e6 * per_post,
            "steady_posts_per_s": 1 / per_post}


def quantization_markdown(q: dict) -> str:
    f, i = q["paths"]["fp32"], q["paths"]["int8"]
    lines = [
        f"Measured by `{q['command']}` on {q['date']}: the classifier alone, gate off, on {q['n']:,} held-out test texts "
        "(test splits of every dataset, DynaHate included); fp32 and int8 share heads and thresholds, the fast model has its "
        "own (fitted the same way on dev). *fp32*: the weight-only-int8 encoder "
        "with fp32 activations, batches of 8 (the path used on a GPU and before this change). *int8*: its dynamically "
        "quantised twin (`training/quantize.py`), one text per call so scores stay batch-independent (the CPU default, "
        "`precision = \"auto\"`). Encoder CPU time is one thread's.",
        "",
        "| | encoder CPU ms/text | accuracy (all) | HateXplain 3-class macro-F1 |",
        "|---|---:|---:|---:|",
        f"| fp32 | {f['encoder_cpu_ms_per_text']} | {100 * f['all']:.2f}% | {f['hatexplain_3class_macro_f1']:.3f} |",
        f"| int8 | {i['encoder_cpu_ms_per_text']} | {100 * i['all']:.2f}% | {i['hatexplain_3class_macro_f1']:.3f} |",
    ]
    fast = q["paths"].get("fast")
    if fast:
        lines.append(f"| fast (`--model fast`: 3-layer student, int8) | {fast['encoder_cpu_ms_per_text']} | "
                     f"{100 * fast['all']:.2f}% | {fast['hatexplain_3class_macro_f1']:.3f} |")
    lines += [
        "",
        f"Accuracy change, fp32 → int8: {q['accuracy_change_points']:+.2f} points; the two paths take the same `hate` decision on "
        f"{100 * q['agreement']:.2f}% of texts. Per dataset accuracy, fp32 → int8: "
        + ", ".join(f"{k} {100 * v['accuracy']:.1f} → {100 * i[k]['accuracy']:.1f}" for k, v in f.items() if isinstance(v, dict)) + ".",
    ]
    if fast:
        lines += ["", f"Accuracy change, fp32 → fast: {q['fast_accuracy_change_points']:+.2f} points; same `hate` decision on "
                      f"{100 * q['fast_agreement']:.2f}% of texts. Per dataset accuracy, fp32 → fast: "
                  + ", ".join(f"{k} {100 * v['accuracy']:.1f} → {100 * fast[k]['accuracy']:.1f}"
                              for k, v in f.items() if isinstance(v, dict)) + "."]
    return "\n".join(lines)
