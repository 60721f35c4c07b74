"""Could the default encoder stop half way on most units? An exit head on its own lower layers, measured.

An early exit would run the default model's first k layers on every unit the gates send, and the rest only
where a head on layer k cannot tell whether the full model flags the unit. Its saving depends on one number:
the share of units that head must send on while keeping 99.7% of the flagged ones (``training/fit_cascade.py``'s
recall, chosen on dev as it chooses the learned gate's threshold). For k = 2, 3, 4 and for the final embedding
(the upper bound of a linear head), this fits a logistic head on the mean-pooled hidden states beside the char
n-gram logits (standardised; the first ``--train`` collected train units) and reports the share it sends on the
collected test units, with the recall it keeps there and the share of the units the packaged gates pass that it
sends on (an exit would sit behind them); and a ridge regression of the full model's margin, whose
residual spread is comparable with ``benchmarks/cascade_ceiling.py``'s σ.

    python benchmarks/early_exit.py --cache .cache/cascade/default      # ~2 min on one core; needs the onnx package

Reads a ``training.fit_cascade collect`` folder (units and the full model's probabilities); writes
docs/performance/early_exit.json (docs/PERFORMANCE.md, the throughput budget section, cites it).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # `python benchmarks/X.py`: the benchmarks package

from benchmarks.cascade_ceiling import RECALL, margins  # noqa: E402
from benchmarks.harness import OUT_DIR  # noqa: E402

LAYERS = (2, 3, 4)


def hidden_state_encoder(model_dir: Path, out: Path) -> Path:
    """The int8 encoder with the output of each layer in ``LAYERS`` added as a graph output."""
    import onnx

    model = onnx.load(str(model_dir / "encoder_int8.onnx"))
    for k in LAYERS:  # layer k-1 (0-based) ends in its output LayerNorm
        name = f"/enc/encoder/layer.{k - 1}/output/LayerNorm/LayerNormalization_output_0"
        model.graph.output.append(onnx.helper.make_tensor_value_info(name, onnx.TensorProto.FLOAT, None))
    onnx.save(model, str(out))
    return out


def features(graph: Path, tokenizer: Path, texts: list[str]) -> dict[str, np.ndarray]:
    import onnxruntime as ort
    from tokenizers import Tokenizer

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    session = ort.InferenceSession(str(graph), opts, providers=["CPUExecutionProvider"])
    tok = Tokenizer.from_file(str(tokenizer))
    tok.enable_truncation(128)
    tok.no_padding()
    out = {k: np.zeros((len(texts), 384), np.float32) for k in ("final", *map(str, LAYERS))}
    for i, enc in enumerate(tok.encode_batch(texts)):
        final, *hidden = session.run(None, {"input_ids": np.array([enc.ids], np.int64)})
        out["final"][i] = final[0]
        for k, h in zip(LAYERS, hidden):
            out[str(k)][i] = h[0].mean(axis=0)
    return out


def measure(cache: Path, n_train: int) -> dict:
    from sklearn.linear_model import LogisticRegression, Ridge

    from hatescope.detect.classifier import DEFAULT_MODEL_DIR
    from training.fit_cascade import _load, flag_thresholds, threshold_for

    labels = tuple(json.loads((DEFAULT_MODEL_DIR / "manifest.json").read_text())["labels"])
    thresholds = flag_thresholds(labels)
    data, probs = {}, {}
    for split in ("train", "dev", "test"):
        texts, flagged, char = _load(cache, split, thresholds)
        keep = slice(0, n_train) if split == "train" else slice(None)
        data[split] = (texts[keep], flagged[keep], char[keep])
        with np.load(cache / f"{split}.npz") as z:
            probs[split] = z["probs"][keep]
    with tempfile.TemporaryDirectory() as tmp:
        graph = hidden_state_encoder(DEFAULT_MODEL_DIR, Path(tmp) / "hidden.onnx")
        feats = {s: features(graph, DEFAULT_MODEL_DIR / "tokenizer.json", data[s][0]) for s in data}
    gate = learned_gate_sends(data["test"][0])
    rows = []
    for key in (*map(str, LAYERS), "final"):
        x = {s: np.hstack([feats[s][key], data[s][2]]) for s in data}
        mean, std = x["train"].mean(axis=0), x["train"].std(axis=0) + 1e-6
        x = {s: (v - mean) / std for s, v in x.items()}
        clf = LogisticRegression(C=0.1, max_iter=3000).fit(x["train"], data["train"][1])
        score = {s: clf.decision_function(x[s]) for s in ("dev", "test")}
        cut = threshold_for(score["dev"], data["dev"][1], RECALL)
        ridge = Ridge(alpha=1.0).fit(x["train"], margins(probs["train"], thresholds))
        residual = ridge.predict(x["dev"]) - margins(probs["dev"], thresholds)
        rows.append({"exit": f"after layer {key}" if key != "final" else "final embedding (upper bound)",
                     "sent_on_test": round(float((score["test"] >= cut).mean()), 3),
                     "recall_test": round(float((score["test"][data["test"][1]] >= cut).mean()), 4),
                     "margin_residual_sd": round(float(residual.std()), 2),
                     # behind the packaged gates, which already keep the easy units from the encoder
                     "sent_of_gate_passed": round(float((score["test"] >= cut)[gate].mean()), 3)})
        print(json.dumps(rows[-1]), flush=True)
    return {"command": " ".join(["python benchmarks/early_exit.py", *sys.argv[1:]]), "recall_target": RECALL,
            "train_units": len(data["train"][0]), "test_units": len(data["test"][0]),
            "test_flagged": round(float(data["test"][1].mean()), 3), "learned_gate_sends": round(float(gate.mean()), 3),
            "rows": rows}


def learned_gate_sends(texts: list[str]) -> np.ndarray:
    """Which units the packaged char n-gram and learned gates send to the encoder."""
    from training.fit_cascade import _classifier, char_gate_passes

    det = _classifier("default", use_gate=True)
    logits, scores = det._char_pass(texts, det._cascade)  # noqa: SLF001 - the gates' own pass
    return char_gate_passes(det, logits) & det._cascade.needs_encoder(scores)  # noqa: SLF001


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", type=Path, required=True, help="a training.fit_cascade collect folder")
    ap.add_argument("--train", type=int, default=8000, help="train units read (the encoder runs on each)")
    args = ap.parse_args()
    res = measure(args.cache, args.train)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / "early_exit.json").write_text(json.dumps(res, indent=1) + "\n")


if __name__ == "__main__":
    main()
