"""Where time goes in Engine.analyze_many: per-stage wall time and a cProfile of the whole run.

    python benchmarks/profile_engine.py --input /tmp/posts10k.jsonl [--detectors hatescope.lexicon.v1] [--cprofile]

Stages are timed by running them the way the engine does (prepare → each detector → stance +
policy) on the same batches, so the split adds up to the engine's own time.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import time
from pathlib import Path


def read_texts(path: Path, limit: int | None = None) -> list[str]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            out.append(json.loads(line)["text"])
            if limit and len(out) >= limit:
                break
    return out


def stage_times(engine, texts: list[str], batch: int = 64, clock=time.process_time) -> dict[str, float]:
    """Seconds spent in each stage; CPU time by default, which other jobs on the machine do not inflate."""
    from hatescope.detect.base import detect_many
    from hatescope.policy import decide
    from hatescope.stance import assign_stance

    engine.load()
    times: dict[str, float] = {"prepare": 0.0, "stance+policy": 0.0}
    for det in engine.detectors:
        times[det.name] = 0.0
    for s in range(0, len(texts), batch):
        chunk = texts[s : s + batch]
        t = clock()
        docs = [engine.prepare(x) for x in chunk]
        times["prepare"] += clock() - t
        per = [[] for _ in docs]
        for det in engine.detectors:
            t = clock()
            for found, bucket in zip(detect_many(det, docs), per):
                bucket.extend(found)
            times[det.name] += clock() - t
        t = clock()
        versions = engine.versions()
        for doc, found in zip(docs, per):
            decide(doc, assign_stance(doc, found), engine.policy, versions=versions)
        times["stance+policy"] += clock() - t
    return times


def main() -> None:
    from hatescope.config import DetectorSpec, EngineConfig
    from hatescope.engine import Engine

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--input", type=Path, required=True)
    ap.add_argument("--limit", type=int, default=10_000)
    ap.add_argument("--detectors", nargs="*", default=None, help="registry names (default: the engine's)")
    ap.add_argument("--param", action="append", default=[], help="detector param NAME.KEY=JSON, e.g. hatescope.classifier.v1.threads=1")
    ap.add_argument("--cprofile", action="store_true")
    args = ap.parse_args()
    texts = read_texts(args.input, args.limit)
    config = EngineConfig() if args.detectors is None else EngineConfig(detectors=[DetectorSpec(name=n) for n in args.detectors])
    for p in args.param:
        key, value = p.split("=", 1)
        name, param = key.rsplit(".", 1)
        for spec in config.detectors:
            if spec.name == name:
                spec.params[param] = json.loads(value)
    engine = Engine(config=config).load()
    engine.analyze_many(texts[:64])  # warm-up (lazy caches, first ONNX run)
    t, c = time.perf_counter(), time.process_time()
    times = stage_times(engine, texts)
    total, cpu = time.perf_counter() - t, time.process_time() - c
    print(f"{len(texts)} posts in {total:.2f}s = {len(texts) / total:,.0f} posts/s (one process); "
          f"CPU {cpu:.2f}s = {len(texts) / cpu:,.0f} posts per CPU-second")
    for name, sec in sorted(times.items(), key=lambda kv: -kv[1]):
        print(f"  {name:28s} {sec:7.2f} CPU-s  {1e6 * sec / len(texts):8.1f} µs/post  {100 * sec / cpu:5.1f}%")
    if args.cprofile:
        prof = cProfile.Profile()
        prof.enable()
        for s in range(0, len(texts), 64):
            engine.analyze_many(texts[s : s + 64])
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(35)


if __name__ == "__main__":
    main()
