"""A faster twin of the shipped encoder: int8 weights *and* int8 activations (onnxruntime dynamic quantisation),
for one unpadded text per call.

    python -m training.quantize --run RUN_DIR --name ft6id --pack .cache/gpu2 --model-dir src/hatescope/data/models/classifier_v1

Exported from the run's weights as a single-text graph (``input_ids`` only, no attention mask:
:func:`training.export_encoder.export_single_text`), stored weight-only int8 like ``encoder.onnx``, then
folded back to fp32 and quantised again (per channel for the MatMul weights, which gives back the same
int8 values; per tensor for the token table), so the twin carries exactly the shipped int8 weights.
Dynamic quantisation picks one activation scale per tensor *per call*, so a text's score would
depend on the texts batched with it; the runtime therefore feeds this encoder one text per call
(``ClassifierDetector(precision="int8")``), which keeps scores batch-independent.
benchmarks/quantization_accuracy.py measures what it costs in accuracy.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from training.export_encoder import INT8_ENCODER, export_single_text


def dequantize_weights(src: Path, dst: Path) -> None:
    """Weight-only-int8 graph → plain fp32 graph: every DequantizeLinear of initializers becomes an fp32 initializer.

    (onnxruntime does not constant-fold DequantizeLinear, so the weight-only file dequantises all its
    weights on every call: cheap per text in batches of 8, but the largest cost at one text per call.)"""
    import numpy as np
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(src))
    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    kept, dropped = [], set()
    for node in graph.node:
        if node.op_type == "DequantizeLinear" and all(n in inits for n in node.input):
            q = numpy_helper.to_array(inits[node.input[0]]).astype(np.float32)
            scale = numpy_helper.to_array(inits[node.input[1]])
            axis = next((a.i for a in node.attribute if a.name == "axis"), 1)
            shape = [1, 1]
            shape[axis] = -1
            graph.initializer.append(numpy_helper.from_array((q * scale.reshape(shape)).astype(np.float32), node.output[0]))
            dropped.update(node.input)
        else:
            kept.append(node)
    for name in dropped:
        graph.initializer.remove(inits[name])
    del graph.node[:]
    graph.node.extend(kept)
    onnx.save(model, str(dst))


def dynamic_int8(src: Path, dst: Path) -> Path:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "fp32.onnx"
        dequantize_weights(src, fp32)
        # MatMul weights per channel; the token table (Gather) per tensor, which keeps the file at ~23 MB.
        quantize_dynamic(str(fp32), str(dst), weight_type=QuantType.QInt8, per_channel=True,
                         op_types_to_quantize=["MatMul", "Gather"], extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
    return dst


def single_text_twin(bert, model_dir: Path) -> Path:
    """``model_dir/encoder_int8.onnx`` from a BertModel: the single-text graph, weight-only int8, then dynamic int8."""

    with tempfile.TemporaryDirectory() as tmp:
        single = export_single_text(bert, Path(tmp) / "single.onnx")
        return dynamic_int8(single, model_dir / INT8_ENCODER)


def refresh_twin(run: Path, name: str, pack: Path, model_dir: Path) -> dict:
    """Rebuild a model folder's int8 twin from the run it was imported from; the manifest's sha256 follows."""
    import json

    from hatescope.detect.artifacts import sha256_file

    from training.finetune_weights import load_bert

    bert, _ = load_bert(run, name, pack)
    single_text_twin(bert, model_dir)
    manifest_path = model_dir / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["int8_encoder"] = INT8_ENCODER
    manifest["sha256"][INT8_ENCODER] = sha256_file(model_dir / INT8_ENCODER)
    manifest_path.write_text(json.dumps(manifest, indent=1) + "\n")
    return manifest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--run", type=Path, required=True, help="the fine-tuning (or distillation) run's folder")
    ap.add_argument("--name", required=True, help="the variant the model folder was imported from")
    ap.add_argument("--pack", type=Path, default=Path(".cache/gpu2"), help="pack folder (base word embeddings, config)")
    ap.add_argument("--model-dir", type=Path, required=True)
    args = ap.parse_args()
    print(refresh_twin(args.run, args.name, args.pack, args.model_dir)["sha256"][INT8_ENCODER])


if __name__ == "__main__":
    main()
