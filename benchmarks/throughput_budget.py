"""What `hatescope score` could reach on this machine at best: the CPU budget of a post, measured part by part.

    python benchmarks/throughput_budget.py            # 2,000 posts per mix, one thread; about a minute

For each mix of benchmarks/corpus.py (realistic, 5% hateful; hard, 70%), in one process with one thread:

- the encoder's CPU per unit it reads (``embed`` over the mix's classifier units), for the default model and the
  distilled fast one;
- the share of units the full default model flags: a gate that keeps ≥ 99.5% of what the model flags must send at least
  about this share to the encoder, so it is the floor of any gate (the shipped learned gate's share beside it);
- the CPU of everything else per post (the engine with the classifier's encoder left out: prepare, lexicons, the
  multilingual check, stance, policy, and the classifier's char n-gram pass).

Ceiling (posts/s on N cores) = N × 1000 / (other ms per post + units per post × share sent × encoder ms per unit):
the rate with perfect parallelism and no start-up, which the measured `score` runs stay below. Writes
docs/performance/throughput_budget.json and the ``throughput-budget`` section of docs/PERFORMANCE.md.
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
sys.path.insert(0, str(HERE.parent))  # `python benchmarks/X.py`: the benchmarks package

from benchmarks import corpus  # noqa: E402
from benchmarks.cascade_ceiling import margins  # noqa: E402
from benchmarks.harness import OUT_DIR, ROOT, hardware, write_section  # noqa: E402

TARGETS = {"realistic": 1500, "hard": 1000}  # the speed issue's goals, posts/s on two cores


def cpu_ms(fn, *args) -> tuple[object, float]:
    start = time.process_time()
    out = fn(*args)
    return out, 1e3 * (time.process_time() - start)


def other_cpu_per_post(texts: list[str], char_pass_ms: float) -> float:
    """CPU ms per post of the engine without the classifier, plus the classifier's char n-gram pass over the mix's units
    (``char_pass_ms``, timed by the caller: it runs on every unit whatever the gate decides)."""
    from hatescope.engine import Engine, default_engine
    from hatescope.parallel import configure

    config = configure(default_engine().config, threads=1)
    specs = [s for s in config.detectors if s.name != "hatescope.classifier.v1"]
    engine = Engine(config=config.model_copy(update={"detectors": specs})).load()
    engine.analyze_many(texts[:64])  # warm-up
    _, rest = cpu_ms(lambda: [engine.analyze_many(texts[s : s + 64]) for s in range(0, len(texts), 64)])
    return (rest + char_pass_ms) / len(texts)


def measure(n: int) -> dict:
    from hatescope.device import one_thread_per_process
    from training.fit_cascade import _classifier, char_gate_passes, flag_thresholds

    from benchmarks.cascade_ceiling import mix_units

    one_thread_per_process()
    models = {"default": _classifier("default", use_gate=True), "fast": _classifier("fast")}
    out: dict = {}
    for mix in ("realistic", "hard"):
        texts = corpus.make(n, mix)
        units = mix_units(n, mix)
        det = models["default"]
        probs = np.concatenate([det.predict_proba(units[s : s + 256], gate=False) for s in range(0, len(units), 256)])
        flagged = margins(probs, flag_thresholds(det.labels)) >= 0
        (logits, scores), char_pass_ms = cpu_ms(det._char_pass, units, det._cascade)  # noqa: SLF001 - the gate's own pass
        sent = char_gate_passes(det, logits) & det._cascade.needs_encoder(scores)  # noqa: SLF001
        encoder = {}
        for name, model in models.items():
            model.embed(units[:32])  # warm-up
            _, ms = cpu_ms(model.embed, units)
            encoder[name] = round(ms / len(units), 3)
        other = other_cpu_per_post(texts, char_pass_ms)
        row = {"posts": n, "units": len(units), "units_per_post": round(len(units) / n, 3),
               "encoder_ms_per_unit": encoder, "other_ms_per_post": round(other, 3),
               "share_flagged": round(float(flagged.mean()), 4), "share_sent_learned_gate": round(float(sent.mean()), 4),
               "ceilings": {}}
        for model in models:
            for label, share in (("learned gate", row["share_sent_learned_gate"]), ("perfect gate", row["share_flagged"])):
                per_post = other + row["units_per_post"] * share * encoder[model]
                row["ceilings"][f"{model}, {label}"] = round(2 * 1000 / per_post)
        out[mix] = row
        print(mix, json.dumps(row), flush=True)
    return out


def markdown(res: dict) -> str:
    hw = res["hardware"]
    lines = [f"Measured by `{res['command']}` on {res['date']}: {hw['cpu']}, Python {hw['python']}, one thread, "
             f"CPU time (1-min load {hw['load_avg_start']:.2f} at the start). Ceilings assume two cores used perfectly "
             "and no start-up; the measured `score` runs above stay below them.", "",
             "| | realistic | hard |", "|---|---:|---:|"]
    mixes = res["mixes"]
    r, h = mixes["realistic"], mixes["hard"]
    lines += [f"| classifier units per post | {r['units_per_post']} | {h['units_per_post']} |",
              f"| encoder CPU ms per unit, default model (6 layers, int8) | {r['encoder_ms_per_unit']['default']} | "
              f"{h['encoder_ms_per_unit']['default']} |",
              f"| encoder CPU ms per unit, fast model (3 layers, int8) | {r['encoder_ms_per_unit']['fast']} | "
              f"{h['encoder_ms_per_unit']['fast']} |",
              f"| everything else, CPU ms per post | {r['other_ms_per_post']} | {h['other_ms_per_post']} |",
              f"| units the default model flags (a perfect gate's floor) | {100 * r['share_flagged']:.1f}% | "
              f"{100 * h['share_flagged']:.1f}% |",
              f"| units the shipped learned gate sends | {100 * r['share_sent_learned_gate']:.1f}% | "
              f"{100 * h['share_sent_learned_gate']:.1f}% |"]
    for key in r["ceilings"]:
        lines.append(f"| ceiling, posts/s on 2 cores: {key} | {r['ceilings'][key]:,} | {h['ceilings'][key]:,} |")
    lines.append(f"| goal (posts/s) | {TARGETS['realistic']:,} | {TARGETS['hard']:,} |")
    lines += ["", "Each row is measured, the ceilings computed from them. Where a ceiling is below the goal, no gate "
              "and no scheduling reaches the goal with that model on this machine: the encoder's cost per unit, or the "
              "share of units that must reach it, has to fall first."]
    lines += early_exit_lines()
    return "\n".join(lines)


def early_exit_lines() -> list[str]:
    """What an early exit inside the default encoder would send on (benchmarks/early_exit.py), when it was measured."""
    path = OUT_DIR / "early_exit.json"
    if not path.exists():
        return []
    res = json.loads(path.read_text())
    rows = {r["exit"]: r for r in res["rows"]}
    layer3, final = rows.get("after layer 3"), rows.get("final embedding (upper bound)")
    if not layer3 or not final:
        return []
    saved = 1 - (0.5 + 0.5 * layer3["sent_of_gate_passed"])
    return ["", f"An early exit does not change this (`{res['command']}`): a head on the default encoder's first three "
            f"layers, keeping {100 * res['recall_target']:.1f}% of the flagged dev units, sends "
            f"{100 * layer3['sent_on_test']:.1f}% of the {res['test_units']:,} test units on to layers 4–6 (margin error "
            f"{layer3['margin_residual_sd']} logits), against {100 * res['learned_gate_sends']:.1f}% that the packaged "
            f"gates send to the encoder; behind those gates it would send on {100 * layer3['sent_of_gate_passed']:.1f}% "
            f"of what they pass, saving about {100 * saved:.0f}% of the encoder's cost. Even a linear head on the final "
            f"embedding sends {100 * final['sent_on_test']:.1f}% ({100 * res['test_flagged']:.1f}% are flagged)."]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=2000, help="posts per mix")
    ap.add_argument("--no-docs", action="store_true", help="print only")
    args = ap.parse_args()
    res = {"command": "python benchmarks/throughput_budget.py " + " ".join(sys.argv[1:]),
           "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "hardware": hardware(), "mixes": measure(args.n),
           "load_avg_end": os.getloadavg()[0]}
    if args.no_docs:
        return
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / "throughput_budget.json").write_text(json.dumps(res, indent=1) + "\n")
    write_section(ROOT / "docs" / "PERFORMANCE.md", "throughput-budget", markdown(res),
                  title="The CPU budget of a post: what `score` could reach at best")


if __name__ == "__main__":
    main()
