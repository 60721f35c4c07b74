"""`hatescope score in.jsonl -o out.jsonl` with no flags, on two mixes of real posts, beside the peers.

    python benchmarks/score_mixes.py                  # 10k posts per mix, median of 3 (some minutes on 2 cores)
    python benchmarks/score_mixes.py --memory         # also peak RSS over 10k vs 1M posts (realistic mix; long)

Mixes (benchmarks/corpus.py): *realistic*, 10,000 tweet-length dataset posts (dev/test splits) of which 5% are
hateful by gold label, and *hard*, 70% hateful. For each mix, interleaved so both see the same machine load:
the plain command (every core, the learned cascade gate of the model folder), the same with the learned gate
off (``cascade = false``: the manifest's char n-gram gate only), and the command as it ran before the defaults
changed (``--workers 1 --batch-size 64``, learned gate off). Then the peers (benchmarks/peers.py, when
installed) on the same file. Wall time includes start-up and model loading. Writes
docs/performance/score_mixes.json and the ``score-mixes`` section of docs/PERFORMANCE.md.
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

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # `python benchmarks/X.py`: the benchmarks package

from benchmarks import corpus  # noqa: E402
from benchmarks.harness import OUT_DIR, ROOT, hardware, measured, rates, write_section  # noqa: E402

NO_CASCADE_TOML = """
[[detectors]]
name = "hatescope.lexicon.v1"
[[detectors]]
name = "hatescope.negated_praise.v1"
[[detectors]]
name = "hatescope.classifier.v1"
params = { cascade = false }
[[detectors]]
name = "hatescope.multilingual.v1"
"""

STAGE_ORDER = ("prepare", "hatescope.lexicon.v1", "hatescope.negated_praise.v1", "hatescope.classifier.v1",
               "hatescope.multilingual.v1", "stance+policy")
VARIANTS = {
    "plain": ([], False),
    "learned gate off": ([], True),
    "before (--workers 1 --batch-size 64, learned gate off)": (["--workers", "1", "--batch-size", "64"], True),
}


def _score(path: Path, flags: list[str], no_cascade: Path | None) -> dict[str, float]:
    exe = Path(sys.executable).with_name("hatescope")
    env = {**os.environ, "HATESCOPE_CONFIG": str(no_cascade)} if no_cascade else None
    out = path.with_suffix(".out.jsonl")
    out.unlink(missing_ok=True)
    r = measured([str(exe), "score", str(path), "-o", str(out), "--no-progress", *flags], env=env)
    # A run that stopped early (exit 1 means "some records were bad") must not pass as a fast one.
    with open(path, "rb") as f_in, open(out, "rb") if out.exists() else open(os.devnull, "rb") as f_out:
        wanted, written = sum(1 for _ in f_in), sum(1 for _ in f_out)
    if written != wanted:
        raise SystemExit(f"hatescope score {' '.join(flags)} wrote {written} of {wanted} records: {r['stderr'][-800:]}")
    return r


def run_mix(path: Path, n: int, repeats: int, no_cascade: Path) -> list[dict[str, object]]:
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in VARIANTS}
    for _ in range(repeats):  # interleaved: each repeat runs every variant once
        for name, (flags, off) in VARIANTS.items():
            runs[name].append(_score(path, flags, no_cascade if off else None))
    rows = []
    for name, rs in runs.items():
        med = sorted(rs, key=lambda r: r["wall_s"])[len(rs) // 2]
        rows.append({"tool": f"hatescope score ({name})", "n": n, **rates(med, n),
                     "wall_s_runs": [round(r["wall_s"], 2) for r in rs]})
        print(json.dumps(rows[-1]), flush=True)
    return rows


def peers(path: Path, n: int) -> list[dict[str, object]]:
    rows = []
    for peer in ("profanity_check", "hatesonar_api", "hatesonar_batched"):
        try:
            r = measured([sys.executable, str(HERE / "peers.py"), peer, str(path)])
        except SystemExit as exc:  # not installed: say so in the JSON, not in a table of numbers
            rows.append({"tool": peer, "n": n, "error": str(exc)[:200]})
            continue
        if '"peer"' not in r["stdout"]:  # it exited 1 without scoring (hatesonar needs the en_US.UTF-8 locale)
            rows.append({"tool": peer, "n": n, "error": r["stderr"].strip().splitlines()[-1][:200]})
            continue
        rows.append({"tool": peer, "n": n, **rates(r, n)})
        print(json.dumps(rows[-1]), flush=True)
    return rows


def encoder_shares(texts: list[str]) -> dict[str, float]:
    """Share of the classifier's units that reach the encoder: every gate off, the manifest's char n-gram gate
    alone, and with the learned gate too (in this process; the char pass only, no encoder runs)."""
    from hatescope.detect.classifier import ClassifierDetector
    from hatescope.detect.units import classifier_units
    from hatescope.engine import Engine
    from hatescope.ingest.language import document_is_english

    engine, det = Engine(), ClassifierDetector()
    det.load()
    units = []
    for text in texts:
        doc = engine.prepare(text)
        if document_is_english(doc):
            units += [doc.text[a:b] for a, b in classifier_units(doc)]
    heads, gate = det._heads, det._cascade  # noqa: SLF001 - the benchmark reads the gates' decisions
    logits, scores = det._char_pass(units, gate)  # noqa: SLF001
    char_gate = (1 / (1 + np.exp(-(logits * heads.char_cal[:, 0] + heads.char_cal[:, 1])))).max(axis=1) >= heads.gate
    out = {"units": len(units), "char_gate": round(100 * float(char_gate.mean()), 1)}
    if gate is not None:
        out["learned_gate"] = round(100 * float((char_gate & gate.needs_encoder(scores)).mean()), 1)
    return out


def stages(texts: list[str]) -> dict[str, dict[str, float]]:
    """CPU µs per post in each engine stage, one process, the learned gate on and off (alternating batches of
    the same posts, so both see the same load): benchmarks/profile_engine.py's split."""
    from benchmarks.profile_engine import stage_times
    from hatescope.device import one_thread_per_process
    from hatescope.engine import Engine, default_engine
    from hatescope.parallel import configure

    one_thread_per_process()
    engines = {}
    for name, on in (("learned gate on", True), ("learned gate off", False)):
        config = configure(default_engine().config, threads=1)
        specs = [spec.model_copy(update={"params": {**spec.params, "cascade": on}})
                 if spec.name == "hatescope.classifier.v1" else spec for spec in config.detectors]
        engines[name] = Engine(config=config.model_copy(update={"detectors": specs})).load()
        engines[name].analyze_many(texts[:64])  # warm-up: lazy models, first ONNX run
    totals: dict[str, dict[str, float]] = {name: {} for name in engines}
    for s in range(0, len(texts), 500):
        for name, engine in engines.items():
            for stage, sec in stage_times(engine, texts[s : s + 500]).items():
                totals[name][stage] = totals[name].get(stage, 0.0) + sec
    return {name: {k: round(1e6 * v / len(texts), 1) for k, v in t.items()} for name, t in totals.items()}


def memory(tmp: Path, texts: list[str], sizes: list[int]) -> list[dict[str, object]]:
    """Peak RSS of the plain command over each size of posts (a large file repeats the 10k posts)."""
    rows = []
    for n in sizes:
        path = tmp / f"mem{n}.jsonl"
        corpus.write_jsonl([texts[i % len(texts)] for i in range(n)], path)
        r = _score(path, [], None)
        rows.append({"tool": "hatescope score (plain)", "n": n, **rates(r, n)})
        print(json.dumps(rows[-1]), flush=True)
        path.unlink()
    return rows


def markdown(res: dict) -> str:
    hw = res["hardware"]
    lines = [f"Measured by `{res['command']}` on {res['date']}: {hw['cpu']}, {hw['cores']} cores, Python "
             f"{hw['python']}; 1-min load average {hw['load_avg_start']:.2f} before and {res['load_avg_end']:.2f} after "
             "(the machine is shared: compare rows of one run, not runs). " + res["note"], ""]
    for mix, rows in res["mixes"].items():
        share = res.get("encoder_share", {}).get(mix, {})
        sent = (f"; the classifier's encoder reads {share['learned_gate']}% of its {share['units']:,} units with the "
                f"learned gate, {share['char_gate']}% with the char n-gram gate alone") if "learned_gate" in share else ""
        lines += [f"**{mix}** ({corpus.MIXES[mix]:.0%} hateful, {rows[0]['n']:,} posts{sent})", "",
                  "| command | wall s (median of runs) | runs | posts/s | posts per CPU-s | peak RSS MiB |",
                  "|---|---:|---|---:|---:|---:|"]
        for r in rows:
            if "error" in r:
                lines.append(f"| {r['tool']} | failed: {r['error']} | | | | |")
                continue
            runs = ", ".join(map(str, r.get("wall_s_runs", [r["wall_s"]])))
            lines.append(f"| {r['tool']} | {r['wall_s']} | {runs} | {r['posts_per_s']:,} | {r['posts_per_cpu_s']} | "
                         f"{r['peak_rss_mib']} |")
        lines.append("")
    lines += gate_markdown()
    if res.get("stages"):
        lines += [f"**Where the CPU goes** (µs per post, one process, one model thread; `{res['stages_command']}`):", "",
                  "| mix | learned gate | " + " | ".join(STAGE_ORDER) + " | total |",
                  "|---|---|" + "---:|" * (len(STAGE_ORDER) + 1)]
        for mix, by_gate in res["stages"].items():
            for gate, us in by_gate.items():
                cells = [f"{us.get(stage, 0.0):,.0f}" for stage in STAGE_ORDER]
                lines.append(f"| {mix} | {gate.split()[-1]} | " + " | ".join(cells) + f" | {sum(us.values()):,.0f} |")
        lines.append("")
    if res.get("memory"):
        lines += [f"**Memory**, plain command, realistic mix repeated (`{res.get('memory_command', res['command'])}`):", "",
                  "| posts | wall s | posts/s | peak RSS MiB |",
                  "|---:|---:|---:|---:|"]
        lines += [f"| {r['n']:,} | {r['wall_s']} | {r['posts_per_s']:,} | {r['peak_rss_mib']} |" for r in res["memory"]]
        first, last = res["memory"][0], res["memory"][-1]
        growth = 100 * (last["peak_rss_mib"] / first["peak_rss_mib"] - 1)
        lines += ["", f"Peak RSS (summed over the command's processes, sampled every 20 ms) from {first['n']:,} to {last['n']:,} "
                  f"posts: {growth:+.1f}%. This run measures memory; it may share the machine with other work, so its "
                  "posts/s are not speed figures (the tables above are)."]
    return "\n".join(lines)


def gate_markdown() -> list[str]:
    """The packaged learned gate's recall (from its fit report) and the accuracy with and without it
    (docs/performance/cascade_test.json, written from ``benchmarks/cascade_eval.py --quick --split test``)."""
    lines: list[str] = []
    gate = ROOT / "src" / "hatescope" / "data" / "models" / "classifier_v1" / "cascade.npz"
    if gate.exists():
        with np.load(gate) as z:
            rep = json.loads(str(z["report"]))
        dev, test = (rep[s].get("with_char_gate", rep[s]) for s in ("dev", "test"))  # what reaches the encoder
        lines += [f"The learned gate (`cascade.npz`, fitted by `python -m training.fit_cascade` on "
                  f"{rep['train_units']:,} units of the ship datasets' train splits): of the units the full model flags "
                  "(a label the default policy counts as hateful at or above its lowest action threshold), "
                  f"{100 * dev['recall']:.2f}% still reach the encoder on dev ({rep['dev']['units']:,} units, "
                  f"{100 * dev['skipped']:.1f}% skip it) and {100 * test['recall']:.2f}% on held-out test units "
                  f"({rep['test']['units']:,}; {100 * test['skipped']:.1f}% skip), with the char n-gram gate.", ""]
    ceiling = OUT_DIR / "cascade_ceiling.json"
    if ceiling.exists():  # what any first pass could skip: benchmarks/cascade_ceiling.py
        c = json.loads(ceiling.read_text())
        real = c["mixes"]["realistic"]
        oracle = ", ".join(f"σ = {r['sigma']:g}: {r['sent']}%" for r in real["oracle"])
        lines += [f"What it still sends are mostly units the full model scores near a threshold. A gate that knew the "
                  f"full model's own margin, blurred by noise of σ logits, would send this share of the realistic mix's "
                  f"units to the encoder: {oracle} (`{c['command']}`); the learned gate sends {real['packaged_gate']['sent']}%, its error near "
                  f"a threshold is about {c['packaged_gate_error_near_threshold']} logits, and no cheap feature tried "
                  "made it smaller (training/fit_cascade.py).", ""]
    acc = OUT_DIR / "cascade_test.json"
    if acc.exists():
        c = json.loads(acc.read_text())
        lines += [f"Accuracy of `hateful` with and without it: `{c['command']}` ({c['n']:,} posts of the {c['datasets']}, "
                  f"{c['hateful_share']}% hateful; the whole engine in one process):", "",
                  "| path | accuracy % | F1 % | posts sent to the encoder % |", "|---|---:|---:|---:|"]
        lines += [f"| {r['path']} | {r['accuracy']} | {r['f1']} | {r['encoder_share']} |" for r in c["rows"]]
        lines += ["", f"Gate off → shipped default: {c['accuracy_change']:+.2f} points; `hateful` agrees on "
                      f"{c['agreement']}% of posts.", ""]
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--mixes", nargs="+", default=list(corpus.MIXES), choices=list(corpus.MIXES))
    ap.add_argument("--no-peers", action="store_true")
    ap.add_argument("--memory", action="store_true", help="also peak RSS over --memory-sizes posts (1M: an hour or "
                    "more on 2 cores)")
    ap.add_argument("--memory-sizes", type=int, nargs="+", default=[10_000, 1_000_000])
    ap.add_argument("--memory-only", action="store_true", help="only the memory check, added to the saved JSON")
    ap.add_argument("--note", default="", help="a sentence on the conditions, printed above the tables")
    ap.add_argument("--no-docs", action="store_true")
    ap.add_argument("--render", action="store_true", help="only rewrite the docs section from the saved JSON")
    ap.add_argument("--stages-only", type=int, default=0, metavar="N",
                    help="only the per-stage CPU split over N posts of each mix, added to the saved JSON")
    args = ap.parse_args()
    if args.render:
        render(json.loads((OUT_DIR / "score_mixes.json").read_text()))
        return
    command = "python benchmarks/score_mixes.py " + shlex.join(sys.argv[1:])
    if args.stages_only:
        _add_to_saved(stages={mix: stages(corpus.make(args.stages_only, mix)) for mix in args.mixes},
                      stages_command=command)
        return
    if args.memory_only:
        with tempfile.TemporaryDirectory() as tmp_name:
            rows = memory(Path(tmp_name), corpus.make(10_000, "realistic"), args.memory_sizes)
        _add_to_saved(memory=rows, memory_command=command)
        return
    res: dict = {"command": command,
                 "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "hardware": hardware(),
                 "note": args.note, "mixes": {}}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        no_cascade = tmp / "no_cascade.toml"
        no_cascade.write_text(NO_CASCADE_TOML)
        for mix in args.mixes:
            texts = corpus.make(args.n, mix)
            path = corpus.write_jsonl(texts, tmp / f"{mix}.jsonl")
            res.setdefault("encoder_share", {})[mix] = encoder_shares(texts)
            rows = run_mix(path, args.n, args.repeats, no_cascade)
            res["mixes"][mix] = rows + ([] if args.no_peers else peers(path, args.n))
        if args.memory:
            res["memory"] = memory(tmp, corpus.make(10_000, "realistic"), args.memory_sizes)
    saved = OUT_DIR / "score_mixes.json"
    if "memory" not in res and saved.exists():  # an hour's measurement, kept with its own command until re-measured
        earlier = json.loads(saved.read_text())
        res.update({k: earlier[k] for k in ("memory", "memory_command") if k in earlier})
    res["load_avg_end"] = os.getloadavg()[0]
    res["median_posts_per_s"] = {mix: statistics.median([r["posts_per_s"] for r in rows if r["tool"].endswith("(plain)")])
                                 for mix, rows in res["mixes"].items()}
    if args.no_docs:
        print(json.dumps(res, indent=1))
        return
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / "score_mixes.json").write_text(json.dumps(res, indent=1) + "\n")
    render(res)
    print("wrote docs/performance/score_mixes.json and docs/PERFORMANCE.md")


def _add_to_saved(**parts: object) -> None:
    """Add a part measured on its own to the saved results (read just before the write) and re-render."""
    path = OUT_DIR / "score_mixes.json"
    saved = {**json.loads(path.read_text()), **parts}
    path.write_text(json.dumps(saved, indent=1) + "\n")
    render(saved)


def render(res: dict) -> None:
    write_section(ROOT / "docs" / "PERFORMANCE.md", "score-mixes", markdown(res),
                  title="`hatescope score` with no flags: realistic and hard mixes")


if __name__ == "__main__":
    main()
