"""Image intake without OCR: formats, corrupt files, decompression bombs, non-images, the CLI's one-line errors."""

from __future__ import annotations

import io
import time

import numpy as np
import pytest
from PIL import Image

from hatescope.errors import EmptyInput, InputTooLarge, InvalidImage, OcrUnavailable, UnsupportedFormat
from hatescope.ingest import image as image_mod, image_safety, ocr_text, tesseract
from hatescope.ingest.image import load_image, sniff_format
from hatescope.ingest.ocr_preprocess import otsu_threshold, polarities, to_grayscale
from tests.images_util import png_bomb, png_header_only, poster, reencode, truncated

POSTER = poster("Keep calm", size=(240, 120))


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP", "GIF", "BMP", "TIFF"])
def test_supported_formats_load(fmt):
    data = reencode(POSTER, fmt)
    assert sniff_format(data) == fmt
    assert load_image(data).size == (240, 120)


@pytest.mark.parametrize(
    "data, error, code",
    [
        (b"just some words in a text file\n", UnsupportedFormat, "HS106"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", UnsupportedFormat, "HS106"),
        (b"", EmptyInput, "HS101"),
        (truncated(POSTER), InvalidImage, "HS107"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 50, InvalidImage, "HS107"),
        (b"\xff\xd8\xff\xe0" + b"\x13" * 300, InvalidImage, "HS107"),
        (png_header_only(20000, 20000), InputTooLarge, "HS103"),
        (png_header_only(0, 10), InvalidImage, "HS107"),
    ],
    ids=["text", "pdf", "empty", "truncated-png", "garbage-png", "garbage-jpeg", "20000x20000-header", "zero-width"],
)
def test_bad_inputs_get_coded_errors(data, error, code):
    with pytest.raises(error) as info:
        load_image(data, source="upload.png")
    assert info.value.code == code
    assert "upload.png" in info.value.message


def test_real_decompression_bomb_is_refused_before_decoding():
    bomb = png_bomb(20000, 20000)
    assert len(bomb) < 200_000  # tiny on disk ...
    started = time.perf_counter()
    with pytest.raises(InputTooLarge, match="40,000,000 pixels"):
        load_image(bomb)  # ... 400 MP decoded: refused from the header, nothing allocated
    assert time.perf_counter() - started < 1.0


def test_unsupported_pillow_format_is_refused():
    ico = reencode(POSTER, "ICO")
    with pytest.raises(UnsupportedFormat):
        load_image(ico)


def test_file_size_limit(monkeypatch, tmp_path):
    monkeypatch.setattr(image_safety, "MAX_IMAGE_BYTES", 1000)
    with pytest.raises(InputTooLarge):
        load_image(b"\x89PNG\r\n\x1a\n" + b"\x00" * 2000)
    big = tmp_path / "big.png"
    big.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 2000)
    with pytest.raises(InputTooLarge):
        image_mod.read_image_file(big)


def test_missing_tesseract_is_a_coded_error(monkeypatch):
    import pytesseract

    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    tesseract._installed_languages.cache_clear()
    try:
        with pytest.raises(OcrUnavailable) as info:
            image_mod.ocr_image(POSTER)
        assert info.value.code == "HS310"
        assert not image_mod.tesseract_available()
    finally:
        monkeypatch.undo()
        tesseract._installed_languages.cache_clear()


def test_transparent_png_is_composited_on_white():
    img = Image.new("RGBA", (20, 10), (0, 0, 0, 0))  # fully transparent black: should read as white paper
    img.putpixel((5, 5), (0, 0, 0, 255))
    gray = np.asarray(to_grayscale(img))
    assert gray[0, 0] == 255 and gray[5, 5] == 0


def test_sixteen_bit_image_is_rescaled_not_clipped():
    arr = np.linspace(0, 65535, 100 * 10, dtype=np.uint16).reshape(10, 100)
    gray = np.asarray(to_grayscale(Image.fromarray(arr)))
    assert gray.min() == 0 and gray.max() == 255


def test_otsu_splits_two_modes():
    arr = np.concatenate([np.full(500, 40), np.full(500, 200)]).astype(np.uint8).reshape(10, 100)
    assert 40 <= otsu_threshold(arr) < 200


@pytest.mark.parametrize("dark, expected", [(False, (False,)), (True, (True,))])
def test_polarity_follows_the_background(dark, expected):
    gray = np.asarray(to_grayscale(Image.open(io.BytesIO(poster("Keep calm", dark=dark, size=(300, 200))))))
    assert polarities(gray, otsu_threshold(gray)) == expected


def test_unsure_polarity_tries_both():
    arr = np.zeros((100, 100), dtype=np.uint8)
    arr[:, 50:] = 255  # half dark, half light frame
    assert polarities(arr, otsu_threshold(arr)) == (False, True)


@pytest.mark.parametrize(
    "content, code",
    [(b"\x89PNG\r\n\x1a\n\x00\x00", "HS107"), (b"not an image at all", "HS106"), (png_header_only(20000, 20000), "HS103")],
    ids=["corrupt", "non-image", "20000x20000"],
)
def test_cli_prints_one_coded_line(tmp_path, capsys, content, code):
    from hatescope.cli import main

    bad = tmp_path / "bad.png"
    bad.write_bytes(content)
    assert main(["analyze", str(bad)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"error {code}: "), err
    assert "Traceback" not in err[0]


def _row(text, key, left=0, conf=90.0):
    return {"text": text, "conf": conf, "key": key, "left": left, "top": 0, "width": 10, "height": 10}


def test_assemble_keeps_sentences_across_wrapped_lines():
    rows = [
        _row("They", (1, 1, 1, 1)), _row("are", (1, 1, 1, 1)), _row("exter-", (1, 1, 1, 1)),
        _row("minated", (1, 1, 1, 2)), _row("now", (1, 1, 1, 2)),  # wrapped line, same paragraph
        _row("Vote", (1, 2, 1, 1)),  # another block
    ]
    text, words = ocr_text.assemble(rows)
    assert text == "They are exter-minated now\nVote"
    assert [text[w.start : w.end] for w in words] == [r["text"] for r in rows]


def test_findings_get_the_boxes_of_the_words_they_cover():
    from hatescope.types import Analysis, Finding

    ocr = image_mod.OcrResult(
        text="They are vermin",
        words=(
            image_mod.OcrWord("They", 0, 4, 10, 5, 40, 20, 96.0),
            image_mod.OcrWord("are", 5, 8, 60, 5, 30, 20, 95.0),
            image_mod.OcrWord("vermin", 9, 15, 100, 5, 70, 20, 94.0),
        ),
        width=200, height=40, languages="eng", variant="normal@1.00x",
    )
    finding = Finding("dehumanization", 5, 15, "are vermin", 0.9, "test", meta={"entry": "x"})
    analysis = Analysis("They are vermin", "post", True, "remove", {"hate": 0.9}, findings=(finding,))
    out = image_mod.attach_ocr(analysis, ocr)
    assert out.findings[0].meta == {
        "entry": "x",
        "boxes": [{"left": 60, "top": 5, "width": 30, "height": 20}, {"left": 100, "top": 5, "width": 70, "height": 20}],
    }
    assert out.context["ocr"]["image"] == {"width": 200, "height": 40}
    assert [w["text"] for w in out.context["ocr"]["words"]] == ["They", "are", "vermin"]


@pytest.mark.parametrize("dark", [False, True])
def test_poster_is_a_png_of_the_requested_size_and_polarity(dark):
    img = Image.open(io.BytesIO(poster("Keep calm and carry on", size=(320, 180), dark=dark)))
    assert img.format == "PNG" and img.size == (320, 180)
    corner = to_grayscale(img).getpixel((0, 0))
    assert (corner < 60) if dark else (corner > 200)


def test_poster_refuses_unknown_fonts_and_empty_text():
    with pytest.raises(ValueError, match="font not found"):
        poster("hello", font="NoSuchFont.ttf")
    with pytest.raises(ValueError, match="empty"):
        poster("   ")
