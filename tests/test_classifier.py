"""ClassifierDetector: loading/pinning errors, batching and offsets (with fake heads), and the shipped model."""

from __future__ import annotations

import json
import zlib

import numpy as np
import pytest

from hatescope.detect.classifier import (
    DEFAULT_MODEL_DIR,
    MODELS,
    ClassifierDetector,
    _Heads,
    char_ngram_features,
)
from hatescope.document import Document, Sentence
from hatescope.errors import ModelError
from hatescope.normalize import normalize
from hatescope.registry import detectors

LABELS = ("hate", "insult", "dehumanization", "incitement")


def make_doc(text: str, sentences: list[tuple[int, int]] = ()) -> Document:
    norm = normalize(text)
    sents = []
    for a, b in sentences:
        s, e = norm.to_original(a, b)
        sents.append(Sentence(a, b, s, e))
    return Document(original=text, kind="post", norm=norm, sentences=sents)


def fake_detector(word: str = "vermin", **kw) -> ClassifierDetector:
    """A detector whose char model fires on one word and whose encoder is a constant: no files needed."""
    det = ClassifierDetector(model_dir="/nonexistent", **kw)
    dim = 1 << 12
    char_w = np.zeros((dim, len(LABELS)), np.float32)
    char_w[zlib.crc32(b"w:" + word.encode()) & (dim - 1), 0] = 200.0  # the word feature only, hate only
    det._heads = _Heads(
        labels=LABELS, emb_w=np.zeros((384, 4), np.float32), emb_b=np.zeros(4, np.float32),
        char_w=char_w, char_b=np.full(4, -5.0, np.float32),
        char_cal=np.tile(np.array([1.0, 0.0], np.float32), (4, 1)),
        stack=np.tile(np.array([0.0, 1.0, 0.0], np.float32), (4, 1)),
        gate=0.01, dim=dim,
    )
    det._session = object()  # never used: embed() is replaced below
    det.embed = lambda texts: np.zeros((len(texts), 384), np.float32)  # type: ignore[method-assign]
    return det


def test_registered_and_constructor_is_cheap(tmp_path):
    factory = detectors.get("hatescope.classifier.v1")
    det = factory(model_dir=tmp_path / "missing", emit_threshold=0.4)
    assert det.name == "hatescope.classifier.v1" and det.emit_threshold == 0.4  # no load yet, no error


def test_missing_model_is_a_coded_error(tmp_path):
    with pytest.raises(ModelError) as info:
        ClassifierDetector(model_dir=tmp_path).load()
    assert info.value.code == "HS301"


def test_sha256_mismatch_is_a_coded_error(tmp_path):
    (tmp_path / "heads.npz").write_bytes(b"tampered")
    for name in ("encoder.onnx", "tokenizer.json"):  # present, so the check reaches heads.npz
        (tmp_path / name).write_bytes(b"")
    (tmp_path / "manifest.json").write_text(json.dumps({"labels": list(LABELS), "char_dim": 8, "sha256": {"heads.npz": "0" * 64}}))
    with pytest.raises(ModelError) as info:
        ClassifierDetector(model_dir=tmp_path).load()
    assert info.value.code == "HS302" and "sha256" in info.value.message


def test_char_features_are_stable_and_unit_length():
    idx, val = char_ngram_features("they are vermin", 1 << 18)
    idx2, _ = char_ngram_features("they are vermin", 1 << 18)
    assert np.array_equal(idx, idx2) and idx.max() < 1 << 18
    assert float(np.sum(val**2)) == pytest.approx(1.0, rel=1e-5)
    assert char_ngram_features("   ", 1 << 18)[0].size == 0


def test_char_features_are_the_words_and_their_padded_ngrams():
    text, dim = "Naïve, naïve!", 1 << 18
    expected = set()
    for word in text.split():
        expected.add(zlib.crc32(b"w:" + word.strip(",!").encode()) & (dim - 1))
        padded = f" {word} "
        for n in (2, 3, 4, 5):
            expected.update(zlib.crc32(padded[i : i + n].encode()) & (dim - 1) for i in range(len(padded) - n + 1))
    for _ in range(2):  # the second call is served from the per-word memo: same features
        idx, val = char_ngram_features(text, dim)
        assert set(idx.tolist()) == expected and len(idx) == len(expected)


def test_short_post_is_one_unit_with_original_offsets():
    text = "Ｔｈｅｙ are VERMIN"
    (f,) = fake_detector().detect(make_doc(text))
    assert f.label == "hate" and f.score > 0.9 and (f.start, f.end) == (0, len(text))
    assert f.detector == "hatescope.classifier.v1"


def test_long_text_is_classified_per_sentence():
    first = "A calm sentence about the weather in the harbour and nothing else. " * 7
    text = first + "They are vermin."
    doc = make_doc(text, [(0, len(first) - 1), (len(first), len(text))])
    (f,) = fake_detector().detect(doc)
    assert f.text == "They are vermin." and f.start == len(first)


def test_threshold_and_batch_equal_single():
    det = fake_detector(emit_threshold=0.5)
    docs = [make_doc("nice day"), make_doc("vermin!"), make_doc("   ")]
    assert [len(x) for x in det.detect_many(docs)] == [0, 1, 0]
    assert det.detect_many(docs) == [det.detect(d) for d in docs]


def test_gate_skips_encoder_for_clean_texts():
    det = fake_detector()
    calls = []
    det.embed = lambda texts: calls.append(list(texts)) or np.zeros((len(texts), 384), np.float32)  # type: ignore[method-assign]
    det.predict_proba(["nice day", "vermin", "calm sea"])
    assert calls == [["vermin"]]


shipped = pytest.mark.skipif(not (DEFAULT_MODEL_DIR / "manifest.json").exists(), reason="no trained artifact packaged")


@shipped
def test_shipped_model_loads_and_scores_in_range():
    det = ClassifierDetector()
    det.load()
    assert det.labels == LABELS
    texts = [normalize(t).text for t in ("what a lovely morning at the lake", "you are all subhuman rats and should be exterminated")]
    p = det.predict_proba(texts, gate=False)
    assert p.shape == (2, 4) and np.all((p >= 0) & (p <= 1))
    assert p[1, 0] > p[0, 0] and p[1, 2] > p[0, 2]


@shipped
def test_shipped_model_gate_agrees_with_full_model_on_texts_it_passes():
    det = ClassifierDetector()
    texts = [normalize(t).text for t in ("the bus was late again", "they are parasites who should be wiped out", "i love my friends")]
    full, gated = det.predict_proba(texts, gate=False), det.predict_proba(texts, gate=True)
    passed = full.max(axis=1) >= det.emit_threshold
    assert np.allclose(full[passed], gated[passed], atol=1e-5) or not passed.any()


@shipped
def test_shipped_model_scores_do_not_depend_on_the_batch():
    det = ClassifierDetector(use_gate=False)
    texts = [normalize(t).text for t in ("short one", "a much longer sentence about the harbour, the boats and the weather today", "they are vermin")]
    together = det.predict_proba(texts)
    alone = np.concatenate([det.predict_proba([t]) for t in texts])
    assert np.allclose(together, alone, atol=1e-5)


def test_unknown_precision_is_a_coded_error():
    with pytest.raises(ModelError) as info:
        ClassifierDetector(precision="int4")
    assert info.value.code == "HS304"


def test_unknown_model_name_is_a_coded_error():
    with pytest.raises(ModelError) as info:
        ClassifierDetector(model="tiny")
    assert info.value.code == "HS305"


fast_shipped = pytest.mark.skipif(not (MODELS["fast"] / "manifest.json").exists(), reason="no fast model packaged")


@fast_shipped
def test_fast_model_is_a_shallower_encoder_that_ranks_like_the_default():
    fast, default = ClassifierDetector(model="fast", use_gate=False), ClassifierDetector(use_gate=False)
    fast.load()
    default.load()
    assert fast.model_dir == MODELS["fast"] and fast.labels == default.labels
    assert fast.manifest["fine_tuned"]["layers"] == 3 < default.manifest["fine_tuned"]["layers"]
    # Fewer layers, smaller files (the shared token table is most of both).
    assert (fast.model_dir / "encoder_int8.onnx").stat().st_size < (default.model_dir / "encoder_int8.onnx").stat().st_size
    texts = [normalize(t).text for t in ("the harbour was calm this morning", "they are vermin and must be wiped out")]
    f, d = fast.predict_proba(texts), default.predict_proba(texts)
    assert f[1, 0] > 0.5 > f[0, 0] and d[1, 0] > 0.5 > d[0, 0]


@shipped
def test_int8_twin_is_the_cpu_default_and_fp32_stays_selectable():
    manifest = json.loads((DEFAULT_MODEL_DIR / "manifest.json").read_text())
    if "int8_encoder" not in manifest:
        pytest.skip("artifact has no int8 encoder")
    auto, fp32 = ClassifierDetector(use_gate=False), ClassifierDetector(use_gate=False, precision="fp32")
    texts = [normalize(t).text for t in ("the harbour was calm this morning", "they are vermin and must be wiped out")]
    a, f = auto.predict_proba(texts), fp32.predict_proba(texts)
    assert auto.int8 and not fp32.int8
    assert [i.name for i in auto._session.get_inputs()] == ["input_ids"]  # single-text graph: no mask to build
    # Same heads, quantised activations: close, not equal (benchmarks/quantization_accuracy.py has the full comparison).
    assert np.abs(a - f).max() < 0.25 and not np.array_equal(a, f)
    hate = manifest["thresholds"]["hate"]
    assert ((a[:, 0] >= hate) == (f[:, 0] >= hate)).all()
    assert a[1, 0] > 0.5 > a[0, 0]


@shipped
def test_int8_asked_of_a_model_without_twin_is_a_coded_error(tmp_path):
    import shutil

    for name in ("encoder.onnx", "tokenizer.json", "heads.npz"):
        shutil.copy(DEFAULT_MODEL_DIR / name, tmp_path / name)
    manifest = json.loads((DEFAULT_MODEL_DIR / "manifest.json").read_text())
    manifest.pop("int8_encoder", None)
    manifest["sha256"] = {k: v for k, v in manifest["sha256"].items() if k != "encoder_int8.onnx"}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ModelError) as info:
        ClassifierDetector(model_dir=tmp_path, precision="int8").load()
    assert info.value.code == "HS304"
    det = ClassifierDetector(model_dir=tmp_path)  # auto falls back to the fp32-activation encoder
    det.load()
    assert not det.int8


def test_load_checks_only_the_files_it_reads(tmp_path):
    """A GPU worker reads the fp32 encoder, never the int8 twin: a missing twin stops only the paths that need it."""
    import shutil

    from hatescope.detect.classifier import DEFAULT_MODEL_DIR

    for name in ("encoder.onnx", "tokenizer.json", "heads.npz", "manifest.json"):
        shutil.copy(DEFAULT_MODEL_DIR / name, tmp_path / name)
    ClassifierDetector(model_dir=tmp_path, precision="fp32").load()
    with pytest.raises(ModelError) as info:
        ClassifierDetector(model_dir=tmp_path, precision="int8").load()
    assert info.value.code == "HS301" and "encoder_int8.onnx" in info.value.message


def test_the_version_names_the_model_that_scored():
    """Analyses record which classifier produced them: the fast model must not pass for the default one."""
    default, fast = ClassifierDetector(), ClassifierDetector(model="fast")
    # Default release 7: release 6 distilled from the teacher on rounds 1-12 and the pins; the fast model is still release 2.
    assert default.version == "1.8" and fast.version == "1.3+fast"
    default.load()
    assert default.version == f"1.{default.manifest['release']}"


# --- long texts: each distinct sentence read once, and a bound on the encoder's work per document -----


def _counting(det: ClassifierDetector) -> list[str]:
    seen: list[str] = []

    def embed(texts):
        seen.extend(texts)
        return np.zeros((len(texts), 384), np.float32)

    det.embed = embed  # type: ignore[method-assign]
    return seen


def test_the_encoder_reads_each_distinct_text_once():
    det = fake_detector()
    seen = _counting(det)
    texts = ["they are vermin", "they are vermin", "vermin everywhere", "they are vermin"]
    probs = det.predict_proba(texts)
    assert sorted(seen) == ["they are vermin", "vermin everywhere"]
    assert np.allclose(probs[0], probs[1]) and np.allclose(probs[0], probs[3])


def test_past_the_budget_the_encoder_reads_the_units_the_char_model_scores_highest(monkeypatch):
    from hatescope.detect import classifier as clf

    monkeypatch.setattr(clf, "MAX_ENCODED_UNITS", 2)
    det = fake_detector(use_gate=False)
    seen = _counting(det)
    texts = ["calm words one", "they are vermin", "calm words two", "vermin vermin", "calm words three"]
    det.predict_proba(texts, gate=False, documents=[0, 0, 0, 0, 0])
    assert sorted(seen) == ["they are vermin", "vermin vermin"]  # the char model's two suspects
    seen.clear()
    det.predict_proba(texts, gate=False, documents=[0, 0, 1, 1, 2])  # no document over the budget
    assert len(seen) == 5


def test_symbols_stuck_to_a_units_edges_are_not_read():
    det = fake_detector()
    doc = make_doc("<they are vermin.*")
    (unit,) = det.detect(doc)[:1]
    assert doc.original[unit.start : unit.end] == "they are vermin."
    echo = make_doc("(((they))) are vermin")
    assert det.detect(echo)[0].start == 0  # a run of three is an echo, and is read


def test_marks_around_a_whole_unit_are_not_read_but_marks_that_pair_inside_it_are():
    from hatescope.detect.units import _trim

    def trimmed(text: str) -> str:
        a, b = _trim(text, 0, len(text))
        return text[a:b]

    assert trimmed("[why are they so lazy?]") == "why are they so lazy?"
    assert trimmed("›they are dirty.") == "they are dirty."
    assert trimmed("...i hate them.") == "i hate them."
    assert trimmed("(a) and (b)") == "(a) and (b)"
    assert trimmed('"x" is hate speech') == '"x" is hate speech'
    assert trimmed("#tag them") == "#tag them"
