"""The GPU path's encoder: weights read back from the shipped ONNX file, and the PyTorch forward pass.

A GPU is not needed to check that the PyTorch encoder computes what the ONNX encoder computes: on the
CPU, in fp32, both must agree to float rounding. The reader is checked without torch (numpy forward).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from hatescope.detect.classifier import MODELS, ClassifierDetector
from hatescope.detect.onnx_weights import bert_weights, layer_count
from hatescope.errors import ModelError

TEXTS = ["hello there friends", "the weather in this city was great today, can't wait for the weekend", "ok"]


def _batch(model_dir):
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tok.enable_padding()
    encs = tok.encode_batch(TEXTS)
    return np.array([e.ids for e in encs], np.int64), np.array([e.attention_mask for e in encs], np.int64)


def _onnx_reference(model_dir, ids, mask):
    """The graph as written: ONNX Runtime with its graph rewrites off (its extended rewrites fuse the
    de-quantised MatMuls into lower-precision kernels, ~3e-3 away from the graph's own arithmetic)."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    sess = ort.InferenceSession(str(model_dir / "encoder.onnx"), opts, providers=["CPUExecutionProvider"])
    return sess.run(None, {"input_ids": ids, "attention_mask": mask})[0]


def _numpy_forward(w, ids, mask):
    """A plain BERT forward pass over the read weights: the test's oracle for the reader."""
    def ln(x, g, b):
        mu, var = x.mean(-1, keepdims=True), x.var(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + 1e-12) * g + b

    n, length = ids.shape
    x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:length]
    x = ln(x + w["embeddings.token_type_embeddings.weight"][0], w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
    bias = np.where(mask[:, None, None, :] > 0, 0.0, -1e9)
    for i in range(layer_count(w)):
        p = f"encoder.layer.{i}."
        heads = [(x @ w[p + f"attention.self.{k}.weight"] + w[p + f"attention.self.{k}.bias"]).reshape(n, length, 12, 32).transpose(0, 2, 1, 3)
                 for k in ("query", "key", "value")]
        q, k, v = heads
        s = q @ k.transpose(0, 1, 3, 2) / math.sqrt(32) + bias
        a = np.exp(s - s.max(-1, keepdims=True))
        ctx = ((a / a.sum(-1, keepdims=True)) @ v).transpose(0, 2, 1, 3).reshape(n, length, 384)
        x = ln(ctx @ w[p + "attention.output.dense.weight"] + w[p + "attention.output.dense.bias"] + x,
               w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"])
        h = x @ w[p + "intermediate.dense.weight"] + w[p + "intermediate.dense.bias"]
        h = 0.5 * h * (1 + np.vectorize(math.erf)(h / math.sqrt(2)))
        x = ln(h @ w[p + "output.dense.weight"] + w[p + "output.dense.bias"] + x,
               w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
    m = mask[..., None].astype(np.float32)
    pooled = (x * m).sum(1) / m.sum(1)
    return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


@pytest.mark.parametrize("name,layers", [("default", 6), ("fast", 3)])
def test_weights_read_from_onnx_reproduce_the_encoder(name, layers):
    model_dir = MODELS[name]
    w = bert_weights(model_dir / "encoder.onnx")
    assert layer_count(w) == layers
    assert w["embeddings.word_embeddings.weight"].shape == (30522, 384)
    assert w["encoder.layer.0.intermediate.dense.weight"].shape == (384, 1536)  # ONNX (in, out) layout
    ids, mask = _batch(model_dir)
    np.testing.assert_allclose(_numpy_forward(w, ids, mask), _onnx_reference(model_dir, ids, mask), atol=1e-5)


def test_a_file_that_is_not_an_encoder_is_a_coded_error(tmp_path):
    bad = tmp_path / "encoder.onnx"
    bad.write_bytes(b"\x3a\x05hello-not-a-graph")
    with pytest.raises(ModelError) as exc:
        bert_weights(bad)
    assert exc.value.code == "HS302"


@pytest.mark.parametrize("name", ["default", "fast"])
def test_torch_encoder_matches_onnx_on_the_cpu(name):
    pytest.importorskip("torch")
    from hatescope.detect.torch_encoder import TorchEncoder

    model_dir = MODELS[name]
    ids, mask = _batch(model_dir)
    out = TorchEncoder(model_dir / "encoder.onnx", device="cpu")(ids, mask)
    np.testing.assert_allclose(out, _onnx_reference(model_dir, ids, mask), atol=1e-5)


def test_torch_backend_scores_like_the_onnx_backend():
    pytest.importorskip("torch")
    texts = ["they are vermin and should be thrown out", "my neighbour made my day", "shut up you stupid clown"]
    torch_probs = ClassifierDetector(backend="torch", use_gate=False).predict_proba(texts)
    onnx_probs = ClassifierDetector(precision="fp32", use_gate=False).predict_proba(texts)
    np.testing.assert_allclose(torch_probs, onnx_probs, atol=0.02)


def test_int8_is_refused_on_the_torch_backend():
    pytest.importorskip("torch")
    with pytest.raises(ModelError) as exc:
        ClassifierDetector(backend="torch", precision="int8").load()
    assert exc.value.code == "HS304"


def test_cuda_without_a_reachable_gpu_is_a_coded_error():
    from hatescope.device import encoder_backend

    try:
        import torch

        if torch.cuda.is_available():
            pytest.skip("this machine has a CUDA GPU: the error path cannot be exercised")
    except ImportError:
        pass
    with pytest.raises(ModelError) as exc:
        encoder_backend("cuda", "torch")
    assert exc.value.code == "HS311"
    with pytest.raises(ModelError) as exc:
        encoder_backend("cpu", "tensorflow")
    assert exc.value.code == "HS311"


def test_the_parents_device_check_does_not_import_torch():
    """Importing PyTorch takes seconds; the parent only asks whether it is installed, the workers probe the GPU."""
    import importlib.util
    import subprocess
    import sys

    if importlib.util.find_spec("torch") is None:
        pytest.skip("PyTorch is not installed here")
    code = ("import sys; from hatescope.device import encoder_backend; "
            "print(encoder_backend('cuda', probe_gpu=False), 'torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.split() == ["torch", "False"], out.stderr


def test_padding_does_not_change_the_embedding():
    """Masked padding (the GPU path rounds widths up to a multiple of 8) leaves every text's embedding as it was."""
    pytest.importorskip("torch")
    from hatescope.detect.torch_encoder import TorchEncoder

    model_dir = MODELS["fast"]
    ids, mask = _batch(model_dir)
    enc = TorchEncoder(model_dir / "encoder.onnx", device="cpu")
    wide_ids = np.pad(ids, ((0, 0), (0, 9)))
    wide_mask = np.pad(mask, ((0, 0), (0, 9)))
    np.testing.assert_allclose(enc(wide_ids, wide_mask), enc(ids, mask), atol=1e-5)
