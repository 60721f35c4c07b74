"""Does the cascade pay, and does it cost accuracy? Full pipeline with and without the classifier's gate.

The classifier (hatescope.classifier.v1) scores every text with a cheap char n-gram model first;
texts that model puts far below every threshold (``gate`` in its manifest) skip the MiniLM encoder.
This script runs the whole engine on the dev split of the shipped-model datasets three times — fp32
activations with the gate off (every text through the encoder: the un-optimised path), the int8 encoder
with the gate off, and int8 with the gate on (the shipped default) — and reports for each:
accuracy and F1 of ``Analysis.hateful`` against the gold labels, the share of texts that reached the
encoder, and posts/s in one process. A sweep over other gate values reuses cached embeddings.

    python benchmarks/cascade_eval.py --n 4000

Writes docs/performance/cascade.json; benchmarks/throughput.py puts it into docs/PERFORMANCE.md
(or run this with --render to refresh that section from the saved JSON files).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # `python benchmarks/X.py`: the benchmarks package

from benchmarks.harness import OUT_DIR, env_prefix  # noqa: E402

DATASETS = ("hatexplain", "davidson2017", "implicit_hate", "isca", "hatemoji", "ethos", "sbic", "toxigen")


def dev_examples(n: int, seed: int = 0, max_chars: int = 280, split: str = "dev") -> list:
    from hatescope.evaluation import default_data_dir
    from hatescope.evaluation.datasets import load_all

    pool = [ex for ex in load_all(default_data_dir(), DATASETS) if ex.split == split and len(ex.text) <= max_chars]
    random.Random(seed).shuffle(pool)
    return pool[:n]


def engine_with_gate(use_gate: bool, precision: str = "auto", model: str = "default", cascade: bool = True):
    from hatescope.config import EngineConfig
    from hatescope.engine import Engine, default_engine

    base = default_engine().config
    specs = []
    for spec in base.detectors:
        params = dict(spec.params)
        if spec.name == "hatescope.classifier.v1":
            params["use_gate"] = use_gate
            params["precision"] = precision
            params["model"] = model
            params["cascade"] = cascade
        specs.append(spec.model_copy(update={"params": params}))
    return Engine(config=EngineConfig(detectors=specs, policy=base.policy)).load()


def classifier_of(engine):
    return next(d for d in engine.detectors if d.name == "hatescope.classifier.v1")


class EncoderCounter:
    """Wraps the classifier's ``embed`` to count texts sent to the encoder (and optionally memoise them)."""

    def __init__(self, det, *, memo: bool = False) -> None:
        self.det, self.calls, self.memo = det, 0, {} if memo else None
        self._embed = det.embed
        det.embed = self

    def __call__(self, texts):
        import numpy as np

        self.calls += len(texts)
        if self.memo is None:
            return self._embed(texts)
        todo = [t for t in dict.fromkeys(texts) if t not in self.memo]
        if todo:
            for t, row in zip(todo, self._embed(todo)):
                self.memo[t] = row
        return np.stack([self.memo[t] for t in texts]) if texts else self._embed(texts)


def score(engine, texts: list[str], batch: int = 128) -> tuple[list[bool], float, float]:
    out: list[bool] = []
    wall, cpu = time.perf_counter(), time.process_time()
    for s in range(0, len(texts), batch):
        out += [a.hateful for a in engine.analyze_many(texts[s : s + batch])]
    return out, time.perf_counter() - wall, time.process_time() - cpu


def metrics(pred: list[bool], gold: list[bool]) -> dict[str, float]:
    tp = sum(p and g for p, g in zip(pred, gold))
    fp = sum(p and not g for p, g in zip(pred, gold))
    fn = sum(g and not p for p, g in zip(pred, gold))
    acc = sum(p == g for p, g in zip(pred, gold)) / len(gold)
    f1 = 2 * tp / max(2 * tp + fp + fn, 1)
    return {"accuracy": round(100 * acc, 2), "f1": round(100 * f1, 2)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=4000)
    ap.add_argument("--sweep", type=float, nargs="*", default=None, help="other gate values to try (default: around the shipped one)")
    ap.add_argument("--split", default="dev", choices=("dev", "test"), help="which split's posts")
    ap.add_argument("--quick", action="store_true",
                    help="only the int8 paths of the default model (gate off, char gate, learned gate); no sweep")
    ap.add_argument("--render", action="store_true", help="only re-render docs/PERFORMANCE.md from saved JSON")
    ap.add_argument("--no-docs", action="store_true", help="print results only")
    args = ap.parse_args()
    if args.render:
        from benchmarks.throughput_report import render_docs

        render_docs()
        return
    from hatescope.detect.classifier import MODELS
    from hatescope.device import one_thread_per_process

    one_thread_per_process()  # as in `hatescope score` workers: CPU per post without an idle BLAS pool spinning
    exs = dev_examples(args.n, split=args.split)
    texts, gold = [e.text for e in exs], [e.hateful for e in exs]
    res: dict[str, object] = {"command": env_prefix() + "python benchmarks/cascade_eval.py " + " ".join(sys.argv[1:]),
                              "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "n": len(texts),
                              "hateful_share": round(100 * sum(gold) / len(gold), 1),
                              "datasets": f"{args.split} splits of " + ", ".join(DATASETS)}
    rows = {}
    # The un-optimised path first (fp32 activations, every post through the encoder), then each optimisation.
    paths = [("full, fp32 (gate off)", False, "fp32", "default", True), ("full, int8 (gate off)", False, "auto", "default", True),
             ("cascade, int8 (char n-gram gate only)", True, "auto", "default", False),
             ("cascade, int8 (char gate + learned gate; shipped default)", True, "auto", "default", True)]
    if args.quick:
        paths = paths[1:]
    elif (MODELS["fast"] / "manifest.json").exists():
        paths.append(("fast model, int8 (gate on; --model fast)", True, "auto", "fast", True))
    for name, gate, precision, model, cascade in paths:
        engine = engine_with_gate(gate, precision, model, cascade)
        engine.analyze_many(texts[:32])  # warm-up
        counter = EncoderCounter(classifier_of(engine))
        pred, wall, cpu = score(engine, texts)
        rows[name] = {"pred": pred, **metrics(pred, gold), "encoder_share": round(100 * counter.calls / len(texts), 1),
                      "posts_per_s": round(len(texts) / wall, 1), "posts_per_cpu_s": round(len(texts) / cpu, 1)}
        print(name, {k: v for k, v in rows[name].items() if k != "pred"}, flush=True)
    full, casc = rows[paths[0][0]], rows[paths[-1 if args.quick else 3][0]]
    res["rows"] = [{"path": k, **{m: v for m, v in r.items() if m != "pred"}} for k, r in rows.items()]
    res["agreement"] = round(100 * sum(a == b for a, b in zip(full["pred"], casc["pred"])) / len(texts), 2)
    res["accuracy_change"] = round(casc["accuracy"] - full["accuracy"], 2)
    if len(paths) > 4:
        fast = rows[paths[4][0]]
        res["fast_agreement"] = round(100 * sum(a == b for a, b in zip(full["pred"], fast["pred"])) / len(texts), 2)
        res["fast_accuracy_change"] = round(fast["accuracy"] - full["accuracy"], 2)

    if args.quick:
        print(json.dumps(res, indent=1))
        return
    # Sweep: the same engine with other gate values, embeddings memoised so each value is cheap.
    engine = engine_with_gate(True)
    det = classifier_of(engine)
    shipped = float(det._heads.gate)
    sweep = args.sweep if args.sweep is not None else sorted({round(shipped * f, 4) for f in (0.25, 0.5, 1, 1.5, 2, 3)})
    counter = EncoderCounter(det, memo=True)
    res["shipped_gate"], res["sweep"] = shipped, []
    for g in sweep:
        det._heads.gate = g
        counter.calls = 0
        pred, _, _ = score(engine, texts)
        res["sweep"].append({"gate": g, **metrics(pred, gold), "encoder_share": round(100 * counter.calls / len(texts), 1)})
        print("gate", res["sweep"][-1], flush=True)
    if args.no_docs:
        print(json.dumps(res, indent=1))
        return
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / "cascade.json").write_text(json.dumps(res, indent=1) + "\n")
    from benchmarks.throughput_report import render_docs

    render_docs()


if __name__ == "__main__":
    main()
