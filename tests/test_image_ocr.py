"""OCR end to end on generated posters: known text in, same words and same findings out."""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image

from hatescope.errors import EmptyInput, OcrUnavailable
from hatescope.evaluation.ocr import word_accuracy
from hatescope.ingest.image import OcrOptions, ocr_image, read_image_file
from tests.images_util import fixed_words_engine, installed_fonts, needs_tesseract, poster, reencode

pytestmark = [pytest.mark.ocr, needs_tesseract]

TEXT = "Keep the harbour open for every family that lives here"
#: Slogans with words the fake detector flags, and the labels the plain text gets.
SLOGANS = (
    "They are vermin and must leave our town",
    "Stop the rats before they take over",
    "We will exterminate them all",
    "Welcome neighbours, new and old",  # nothing flagged: the image must not invent findings
)
EN = OcrOptions(languages="eng")


@pytest.mark.parametrize("font", installed_fonts())
@pytest.mark.parametrize("font_size", [16, 40])
@pytest.mark.parametrize("dark", [False, True], ids=["dark-on-light", "light-on-dark"])
def test_known_text_is_read_word_for_word(font, font_size, dark):
    png = poster(TEXT, size=(900, 400), dark=dark, font=font, font_size=font_size)
    ocr = ocr_image(png, options=EN)
    hit, total = word_accuracy(TEXT, ocr.text)
    assert hit / total >= 0.9, (ocr.variant, ocr.text)
    assert ocr.variant.startswith("inverted" if dark else "normal")


def test_words_carry_offsets_and_boxes_inside_the_image():
    png = poster("They are vermin", size=(800, 300), font_size=48)
    ocr = ocr_image(png, options=EN)
    assert [w.text for w in ocr.words] == ["They", "are", "vermin"]
    for w in ocr.words:
        assert ocr.text[w.start : w.end] == w.text
        assert 0 <= w.left and w.left + w.width <= 800 and 0 <= w.top and w.top + w.height <= 300
        assert 20 <= w.height <= 80 and w.confidence > 60
    lefts = [w.left for w in ocr.words]
    assert lefts == sorted(lefts)  # left to right on one line


def test_small_image_is_upscaled_and_boxes_map_back_to_original_pixels():
    png = poster("Small print matters", size=(260, 60), font="DejaVuSans.ttf", font_size=14)
    ocr = ocr_image(png, options=EN)
    assert word_accuracy("Small print matters", ocr.text) == (3, 3)
    assert "@1.00x" not in ocr.variant  # it was scaled
    assert all(w.left + w.width <= 260 and w.top + w.height <= 60 for w in ocr.words)


def test_lines_of_one_paragraph_join_into_one_sentence():
    ocr = ocr_image(poster("They are vermin\nand must leave", size=(900, 500), font_size=60), options=EN)
    assert ocr.text == "They are vermin and must leave"


def test_jpeg_and_webp_read_like_png():
    png = poster(TEXT, size=(900, 400), font_size=32)
    for fmt, kw in (("JPEG", {"quality": 60}), ("WEBP", {"quality": 70})):
        assert word_accuracy(TEXT, ocr_image(reencode(png, fmt, **kw), options=EN).text)[0] >= 9


@pytest.mark.parametrize("slogan", SLOGANS)
@pytest.mark.parametrize("dark", [False, True], ids=["dark-on-light", "light-on-dark"])
def test_image_gets_the_same_findings_as_its_text(slogan, dark):
    engine = fixed_words_engine()
    plain = engine.analyze(slogan)
    png = poster(slogan, size=(1000, 500), dark=dark)
    from_image = engine.analyze_image(png, options=EN)
    assert [(f.label, f.text.lower()) for f in from_image.findings] == [(f.label, f.text.lower()) for f in plain.findings]
    assert from_image.action == plain.action and from_image.hateful == plain.hateful
    ocr = from_image.context["ocr"]
    assert ocr["image"] == {"width": 1000, "height": 500}
    assert from_image.text == " ".join(w["text"] for w in ocr["words"])
    for f in from_image.findings:
        assert from_image.text[f.start : f.end] == f.text  # offsets into the OCR text
        (box,) = f.meta["boxes"]  # one word → one box
        (word,) = [w for w in ocr["words"] if w["start"] == f.start]
        assert box == {k: word[k] for k in ("left", "top", "width", "height")}


def test_analysis_round_trips_through_json(tmp_path):
    path = tmp_path / "poster.png"
    path.write_bytes(poster("They are vermin", dark=True))
    analysis = fixed_words_engine().analyze_image(read_image_file(path), options=EN, source=str(path))
    back = json.loads(analysis.to_json())
    assert back["findings"][0]["meta"]["boxes"] and back["context"]["ocr"]["words"]


def test_cli_analyzes_a_poster(tmp_path, capsys, monkeypatch):
    from hatescope import engine as engine_mod
    from hatescope.cli import main

    monkeypatch.setattr(engine_mod, "default_engine", fixed_words_engine)
    monkeypatch.setenv("HATESCOPE_OCR_LANGS", "eng")
    path = tmp_path / "poster.png"
    path.write_bytes(poster("Stop the rats"))
    assert main(["analyze", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["text"] == "Stop the rats" and out["findings"][0]["meta"]["boxes"]


def test_image_without_text_is_empty_input():
    blank = io.BytesIO()
    Image.new("RGB", (400, 300), (240, 240, 240)).save(blank, format="PNG")
    with pytest.raises(EmptyInput, match="no text"):
        fixed_words_engine().analyze_image(blank.getvalue(), options=EN)


def test_default_languages_include_arabic_and_persian_when_installed():
    from hatescope.ingest.tesseract import _installed_languages, resolve_languages

    langs = resolve_languages().split("+")
    assert langs[0] == "eng"
    assert set(langs) == {"eng", "ara", "fas"} & set(_installed_languages())


def test_missing_language_data_is_a_coded_error():
    with pytest.raises(OcrUnavailable, match="xyz"):
        ocr_image(poster("hello"), options=OcrOptions(languages="eng+xyz"))


@pytest.mark.parametrize(
    "text, lang",
    [("مرحبا بكم في المدينة", "ara"), ("به شهر ما خوش آمدید", "fas")],  # "welcome to the city" / "welcome to our city"
    ids=["arabic", "persian"],
)
@pytest.mark.parametrize("languages", ["single", "default"])
def test_arabic_and_persian_posters_are_read(text, lang, languages):
    from hatescope.ingest.tesseract import _installed_languages

    if lang not in _installed_languages():
        pytest.skip(f"tesseract-ocr-{lang} is not installed")
    options = OcrOptions(languages=lang) if languages == "single" else OcrOptions()
    ocr = ocr_image(poster(text, size=(900, 300), font="DejaVuSans.ttf", font_size=48), options=options)
    hit, total = word_accuracy(text, ocr.text)
    assert hit / total >= 0.75, ocr.text
    assert all(ocr.text[w.start : w.end] == w.text for w in ocr.words)


@pytest.mark.parametrize(
    "degradation, dark", [("meme", True), ("meme", False), ("photo", False)],
    ids=["white-caption-over-picture", "black-caption-over-picture", "dark-text-over-photo"],
)
def test_text_over_a_picture_is_read_by_the_fallback_variants(degradation, dark):
    from hatescope.evaluation.ocr import SENTENCES, Case, render

    case = Case(SENTENCES[0], "LiberationSans-Bold.ttf", 24, dark, degradation)
    if not installed_fonts() or "LiberationSans-Regular.ttf" not in installed_fonts():
        pytest.skip("fonts-liberation is not installed")
    ocr = ocr_image(render(case), options=EN)
    hit, total = word_accuracy(case.sentence, ocr.text)
    assert hit / total >= 0.9, (ocr.variant, ocr.text)
    assert not ocr.variant.startswith(("normal", "inverted")), ocr.variant  # the plain polarities could not read it


def test_cli_poster_then_ocr_json(tmp_path, capsys):
    from hatescope.cli import main

    path = tmp_path / "p.png"
    assert main(["poster", "Open day at the library", "--dark", "--size", "800x300", "-o", str(path)]) == 0
    assert main(["ocr", str(path), "--json", "--langs", "eng"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["text"] == "Open day at the library"
    assert out["image"] == {"width": 800, "height": 300} and out["variant"].startswith("inverted")
