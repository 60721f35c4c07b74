"""Read the encoder's weights back out of the shipped ONNX file, as named BERT parameters.

The GPU path (:mod:`hatescope.detect.torch_encoder`) runs the same encoder in PyTorch. Rather than ship
a second copy of the weights, it takes them from ``encoder.onnx``: the initializers, with the int8
ones de-quantised exactly as the graph's ``DequantizeLinear`` nodes do. Nothing beyond numpy is
needed (the ``onnx`` package is only in the train extra), so this reads the protobuf wire format
itself: only the few fields of ModelProto / GraphProto / NodeProto / TensorProto that hold weights.

Names follow the Hugging Face BERT modules the export started from (``encoder.layer.0.attention.self.query``):
biases and LayerNorm parameters keep their names in the graph; a MatMul weight is named by the
node that uses it (``/enc/encoder/layer.0/attention/self/query/MatMul``). MatMul weights stay in
ONNX's ``(in, out)`` layout, so ``x @ w + b``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from hatescope.errors import ModelFileCorrupt

# TensorProto.DataType codes used by our exports.
_DTYPES = {1: np.float32, 2: np.uint8, 3: np.int8, 6: np.int32, 7: np.int64, 10: np.float16}


def _varint(buf: memoryview, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        byte = buf[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, pos
        shift += 7


def _fields(buf: memoryview):
    """(field number, wire type, value) for each field of one message; value is an int or a memoryview."""
    pos, end = 0, len(buf)
    while pos < end:
        key, pos = _varint(buf, pos)
        field, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(buf, pos)
        elif wire == 2:
            size, pos = _varint(buf, pos)
            value, pos = buf[pos : pos + size], pos + size
        elif wire == 5:
            value, pos = buf[pos : pos + 4], pos + 4
        elif wire == 1:
            value, pos = buf[pos : pos + 8], pos + 8
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")
        yield field, wire, value


def _tensor(buf: memoryview) -> tuple[str, np.ndarray]:
    dims: list[int] = []
    dtype, name, raw = 1, "", None
    for field, wire, value in _fields(buf):
        if field == 1:  # dims: repeated int64, packed or not
            if wire == 2:
                p = 0
                while p < len(value):
                    d, p = _varint(value, p)
                    dims.append(d)
            else:
                dims.append(value)
        elif field == 2:
            dtype = value
        elif field == 8:
            name = bytes(value).decode()
        elif field == 9:
            raw = value
    if raw is None or dtype not in _DTYPES:
        raise ValueError(f"initializer {name!r}: only raw_data tensors of known types are read")
    return name, np.frombuffer(raw, dtype=_DTYPES[dtype]).reshape(dims).copy()


def _node(buf: memoryview) -> tuple[str, list[str], list[str], dict[str, int]]:
    op, inputs, outputs, ints = "", [], [], {}
    for field, _, value in _fields(buf):
        if field == 1:
            inputs.append(bytes(value).decode())
        elif field == 2:
            outputs.append(bytes(value).decode())
        elif field == 4:
            op = bytes(value).decode()
        elif field == 5:  # AttributeProto: keep integer attributes (DequantizeLinear's axis)
            attr = {f: v for f, _, v in _fields(value) if f in (1, 3)}
            if 1 in attr and 3 in attr:
                i = attr[3]
                ints[bytes(attr[1]).decode()] = i - (1 << 64) if i >= 1 << 63 else i
    return op, inputs, outputs, ints


def _graph(path: Path) -> tuple[dict[str, np.ndarray], list[tuple[str, list[str], list[str], dict[str, int]]]]:
    data = memoryview(path.read_bytes())
    graph = next((v for f, w, v in _fields(data) if f == 7 and w == 2), None)
    if graph is None:
        raise ValueError("no graph in the file")
    inits: dict[str, np.ndarray] = {}
    nodes = []
    for field, wire, value in _fields(graph):
        if field == 5 and wire == 2:
            name, arr = _tensor(value)
            inits[name] = arr
        elif field == 1 and wire == 2:
            nodes.append(_node(value))
    return inits, nodes


def _dequantize(q: np.ndarray, scale: np.ndarray, zero: np.ndarray, axis: int) -> np.ndarray:
    shape = [1] * q.ndim
    shape[axis] = -1
    return ((q.astype(np.int32) - zero.astype(np.int32).reshape(shape)) * scale.reshape(shape)).astype(np.float32)


def bert_weights(path: str | Path) -> dict[str, np.ndarray]:
    """Named fp32 parameters of the mean-pooled BERT encoder in ``path`` (see module docstring)."""
    path = Path(path)
    try:
        inits, nodes = _graph(path)
    except (OSError, ValueError, IndexError) as exc:
        raise ModelFileCorrupt(f"encoder weights unreadable in {path}: {exc}", path=str(path)) from None
    values: dict[str, np.ndarray] = {k: v for k, v in inits.items()}
    for op, inputs, outputs, attrs in nodes:
        if op == "DequantizeLinear" and all(i in inits for i in inputs):
            q, scale, zero = (inits[i] for i in inputs)
            values[outputs[0]] = _dequantize(q, scale, zero, attrs.get("axis", 1))
    out: dict[str, np.ndarray] = {}
    for name, arr in values.items():
        if name.startswith("enc.") and arr.dtype == np.float32:
            out[name[len("enc."):]] = arr
    for op, inputs, outputs, _ in nodes:
        if op == "MatMul" and len(inputs) == 2 and inputs[1] in values and outputs[0].endswith("/MatMul_output_0"):
            module = outputs[0][: -len("/MatMul_output_0")].removeprefix("/enc/").replace("/", ".")
            out[f"{module}.weight"] = values[inputs[1]]
    if "embeddings.word_embeddings.weight" not in out or "encoder.layer.0.attention.self.query.weight" not in out:
        raise ModelFileCorrupt(f"{path} does not look like a hatescope encoder export", path=str(path))
    return out


def layer_count(weights: dict[str, np.ndarray]) -> int:
    return len({k.split(".")[2] for k in weights if k.startswith("encoder.layer.")})
