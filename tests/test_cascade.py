"""The classifier's learned cascade gate (hatescope.detect.cascade) and `hatescope score`'s defaults."""

from __future__ import annotations

import json
import zlib

import numpy as np
import pytest

from hatescope.detect.cascade import CASCADE_FILE, CASCADE_FORMAT, CascadeGate, fitted_against, load_cascade
from hatescope.detect.classifier import DEFAULT_MODEL_DIR, ClassifierDetector
from hatescope.normalize import normalize
from hatescope.parallel import default_workers
from hatescope.score_defaults import SMALL_INPUT_BYTES, default_batch_size, default_workers_for
from tests.test_classifier import fake_detector


def _gate_on(word: str, dim: int = 1 << 12) -> CascadeGate:
    weights = np.zeros(dim, np.float32)
    weights[zlib.crc32(b"w:" + word.encode()) & (dim - 1)] = 100.0
    return CascadeGate(weights=weights, bias=-1.0, threshold=0.0)


def test_the_encoder_reads_only_texts_both_gates_pass_and_the_rest_keep_char_scores():
    det = fake_detector()  # its char model fires on "vermin" only, so only "vermin ..." passes its own gate
    det._cascade = _gate_on("rats")
    calls = []
    det.embed = lambda texts: calls.append(list(texts)) or np.ones((len(texts), 384), np.float32)  # type: ignore[method-assign]
    texts = ["vermin and rats", "vermin alone", "rats alone", "calm sea"]
    det.predict_proba(texts)
    assert calls == [["vermin and rats"]]
    det._cascade = None  # the manifest's char gate alone: "vermin alone" is read again
    calls.clear()
    det.predict_proba(texts)
    assert calls == [["vermin and rats", "vermin alone"]]


def test_gate_off_reads_every_text_whatever_the_learned_gate_says():
    det = fake_detector()
    det._cascade = _gate_on("rats")
    calls = []
    det.embed = lambda texts: calls.append(list(texts)) or np.zeros((len(texts), 384), np.float32)  # type: ignore[method-assign]
    det.predict_proba(["calm sea", "vermin"], gate=False)
    assert calls == [["calm sea", "vermin"]]


def _write_gate(folder, manifest, dim=8, against=None):
    np.savez(folder / CASCADE_FILE, weights=np.ones(dim, np.float32), bias=np.float32(0.5), threshold=np.float32(1.5),
             fitted_against=json.dumps(against if against is not None else fitted_against(manifest)), report="{}")


def test_a_gate_fitted_for_other_weights_is_not_used(tmp_path):
    manifest = {"sha256": {"encoder.onnx": "a" * 64, "heads.npz": "b" * 64, "encoder_int8.onnx": "c" * 64},
                "int8_encoder": "encoder_int8.onnx"}
    assert load_cascade(tmp_path, manifest, 8) is None  # no file: the manifest's char gate alone
    _write_gate(tmp_path, manifest)
    gate = load_cascade(tmp_path, manifest, 8)
    assert gate is not None and gate.threshold == 1.5 and gate.bias == 0.5
    assert list(gate.needs_encoder(np.array([0.9, 1.0, 2.0]))) == [False, True, True]
    retrained = {**manifest, "sha256": {**manifest["sha256"], "heads.npz": "d" * 64}}
    assert load_cascade(tmp_path, retrained, 8) is None
    assert load_cascade(tmp_path, manifest, 16) is None  # another feature space


def test_an_old_format_gate_loads_and_later_or_damaged_files_are_ignored(tmp_path):
    manifest = {"sha256": {"encoder.onnx": "a" * 64, "heads.npz": "b" * 64}}
    _write_gate(tmp_path, manifest)  # format 1: no "format" key, no logit weights
    old = load_cascade(tmp_path, manifest, 8, 4)
    assert old is not None and old.logit_weights is None
    assert list(old.logit_score(np.ones((2, 4), np.float32))) == [0.0, 0.0]
    for version, lw, usable in ((CASCADE_FORMAT, np.arange(4, dtype=np.float32), True),
                                (CASCADE_FORMAT, np.ones(3, np.float32), False),  # fitted for other labels
                                (CASCADE_FORMAT + 1, np.ones(4, np.float32), False)):  # a format this code predates
        np.savez(tmp_path / CASCADE_FILE, format=np.int32(version), weights=np.ones(8, np.float32), logit_weights=lw,
                 bias=np.float32(0.0), threshold=np.float32(0.0), fitted_against=json.dumps(fitted_against(manifest)),
                 report="{}")
        gate = load_cascade(tmp_path, manifest, 8, 4)
        assert (gate is not None) == usable
    assert list(gate_of_format_2(tmp_path, manifest).logit_score(np.eye(4, dtype=np.float32))) == [0, 1, 2, 3]
    (tmp_path / CASCADE_FILE).write_bytes(b"PK\x03\x04 not a zip at all")
    assert load_cascade(tmp_path, manifest, 8, 4) is None
    np.savez(tmp_path / CASCADE_FILE, format=np.int32(2), weights=np.ones(8, np.float32),
             fitted_against=json.dumps(fitted_against(manifest)))  # no logit weights, bias or threshold
    assert load_cascade(tmp_path, manifest, 8, 4) is None


def gate_of_format_2(folder, manifest) -> CascadeGate:
    np.savez(folder / CASCADE_FILE, format=np.int32(2), weights=np.ones(8, np.float32),
             logit_weights=np.arange(4, dtype=np.float32), bias=np.float32(0.0), threshold=np.float32(0.0),
             fitted_against=json.dumps(fitted_against(manifest)), report="{}")
    gate = load_cascade(folder, manifest, 8, 4)
    assert gate is not None
    return gate


def test_the_gate_scores_at_run_time_what_fit_cascade_scored():
    from training.fit_cascade import gate_features

    det = fake_detector()
    dim = det._heads.dim
    rng = np.random.default_rng(0)
    gate = CascadeGate(weights=rng.normal(size=dim).astype(np.float32), bias=0.3, threshold=0.0,
                       logit_weights=rng.normal(size=4).astype(np.float32))
    texts = [normalize(t).text for t in ("All vermin OUT!", "a calm sea", "they are rats, every one", "x")]
    logits, scores = det._char_pass(texts, gate)
    design = gate_features(texts, det.char_logits(texts), dim)
    fitted = design @ np.concatenate([gate.weights, gate.logit_weights])
    assert np.allclose(scores, fitted, atol=1e-5)
    assert not np.allclose(scores, design[:, :dim] @ gate.weights, atol=1e-3)  # the logit part counts


def test_the_char_heads_logits_alone_can_send_a_text_to_the_encoder():
    det = fake_detector()  # char_w fires on "vermin": its hate logit is about +40, every other logit -5
    det._heads.gate = 0.0  # the manifest's gate lets everything through: only the learned gate decides
    det._cascade = CascadeGate(weights=np.zeros(det._heads.dim, np.float32), bias=0.0, threshold=1.0,
                               logit_weights=np.array([0.1, 0.0, 0.0, 0.0], np.float32))
    calls = []
    det.embed = lambda texts: calls.append(list(texts)) or np.zeros((len(texts), 384), np.float32)  # type: ignore[method-assign]
    det.predict_proba(["vermin everywhere", "calm sea"])
    assert calls == [["vermin everywhere"]]


def _posts(rng: np.random.Generator, n: int) -> tuple[list[str], np.ndarray]:
    """Posts of everyday words, a third with one of three slurs that the 'full model' flags (only "vermin" is a
    word the fake detector's char heads know, so the gate has to learn the other two from their n-grams)."""
    everyday = ("the bus was late again today", "my sister baked bread", "council meeting on tuesday night",
                "great match last night", "new phone battery lasts", "coffee in this city is good")
    slurs = ("vermin", "parasites", "subhumans")
    texts, flagged = [], []
    for _ in range(n):
        words = rng.choice(everyday).split()
        hateful = rng.random() < 1 / 3
        if hateful:
            words.insert(int(rng.integers(len(words) + 1)), str(rng.choice(slurs)))
        texts.append(normalize(" ".join(words)).text)
        flagged.append(hateful)
    return texts, np.array(flagged)


def test_a_gate_fitted_by_fit_cascade_sends_what_the_full_model_flags_to_the_encoder():
    from training.fit_cascade import fit_gate, gate_features, threshold_for

    det = fake_detector()
    det._heads.gate = 0.0  # the manifest's char gate lets everything through: the learned gate alone decides
    dim = det._heads.dim
    rng = np.random.default_rng(0)
    (train, y_train), (dev, y_dev), (held_out, y_held_out) = (_posts(rng, n) for n in (600, 300, 300))
    coef, bias = fit_gate(gate_features(train, det.char_logits(train), dim), y_train, c=3.0, positive_weight=1.0, seed=0)
    dev_scores = gate_features(dev, det.char_logits(dev), dim) @ coef + bias
    gate = CascadeGate(weights=coef[:dim], bias=bias, threshold=threshold_for(dev_scores, y_dev, 0.997),
                       logit_weights=coef[dim:])
    det._cascade = gate
    read = []
    det.embed = lambda texts: read.extend(texts) or np.zeros((len(texts), 384), np.float32)  # type: ignore[method-assign]
    det.predict_proba(held_out)
    sent = np.array([text in set(read) for text in held_out])
    assert sent[y_held_out].all()  # every text the full model flags is read, "parasites" and "subhumans" too
    assert sent[~y_held_out].mean() < 0.1  # and the everyday posts skip the encoder


shipped = pytest.mark.skipif(not (DEFAULT_MODEL_DIR / CASCADE_FILE).exists(), reason="no fitted cascade packaged")


@shipped
def test_shipped_gate_is_loaded_sends_hate_to_the_encoder_and_lets_plain_texts_skip():
    det = ClassifierDetector()
    det.load()
    assert det._cascade is not None and det._cascade.logit_weights is not None  # the packaged gate is format 2
    with np.load(DEFAULT_MODEL_DIR / CASCADE_FILE) as z:
        report = json.loads(str(z["report"]))
    for split in ("dev", "test"):  # fit_cascade's bar: the flagged units that still reach the encoder at run time
        assert report[split]["with_char_gate"]["recall"] >= 0.995, split
    hateful = [normalize(t).text for t in ("they are parasites who should be wiped out", "all immigrants are vermin")]
    plain = [normalize(t).text for t in ("i love my friends", "thanks for the lovely dinner")]
    counted = []
    embed = det.embed
    det.embed = lambda texts: counted.extend(texts) or embed(texts)  # type: ignore[method-assign]
    with_gate = det.predict_proba(hateful + plain)
    assert set(hateful) <= set(counted) and not set(plain) & set(counted)
    full = det.predict_proba(hateful + plain, gate=False)
    assert np.allclose(with_gate[:2], full[:2], atol=1e-5)
    off = ClassifierDetector(cascade=False)
    off.load()
    assert off._cascade is None


@shipped
def test_fit_cascade_leaves_the_shipped_gate_alone_when_the_recall_bar_fails(tmp_path):
    import argparse

    from training.fit_cascade import fit

    det = ClassifierDetector()
    det.load()
    rng = np.random.default_rng(1)
    for split, n in (("train", 300), ("dev", 150), ("test", 150)):
        texts, flagged = _posts(rng, n)
        probs = np.where(flagged[:, None], 0.9, 0.05) * np.ones((1, len(det.labels)))
        np.savez(tmp_path / f"{split}.npz", probs=probs.astype(np.float32), char_logits=det.char_logits(texts))
        (tmp_path / f"{split}.jsonl").write_text("".join(json.dumps({"text": t}) + "\n" for t in texts))
    before = (DEFAULT_MODEL_DIR / CASCADE_FILE).read_bytes()
    args = argparse.Namespace(model="default", cache=tmp_path, recall=0.997, c=3.0, positive_weight=1.0, seed=0,
                              min_recall=1.01)  # a bar no gate meets: nothing may be written
    with pytest.raises(SystemExit, match="not written"):
        fit(args)
    assert (DEFAULT_MODEL_DIR / CASCADE_FILE).read_bytes() == before


def test_score_uses_every_core_but_one_process_for_a_small_file(tmp_path):
    small = tmp_path / "small.jsonl"
    small.write_text('{"id": 1, "text": "hello"}\n')
    big = tmp_path / "big.jsonl"
    big.write_text('{"id": 1, "text": "hello"}\n' * (SMALL_INPUT_BYTES // 20))
    assert default_workers_for(str(small)) == 1
    assert default_workers_for(str(big)) == default_workers()
    assert default_workers_for("-") == default_workers()
    assert default_batch_size("cpu") == 128 and default_batch_size("cuda") == 512


def test_the_char_gate_chosen_anew_lets_the_asked_share_of_flagged_units_through():
    from types import SimpleNamespace

    from training.fit_cascade import char_gate_for

    heads = SimpleNamespace(char_cal=np.tile(np.array([1.0, 0.0], np.float32), (2, 1)))
    det = SimpleNamespace(_heads=heads)
    rng = np.random.default_rng(0)
    logits = rng.normal(size=(1000, 2)).astype(np.float32)
    flagged = rng.random(1000) < 0.3
    gate = char_gate_for(det, logits, flagged, keep=0.99)
    probs = 1 / (1 + np.exp(-logits))
    assert (probs[flagged].max(axis=1) >= gate).mean() >= 0.99
    assert char_gate_for(det, logits, flagged, keep=0.9) > gate  # keeping fewer allows a higher gate
