"""Posters in Arabic script, end to end: drawn, read by Tesseract, and judged like the same post typed.

The whole public path runs: ``Engine.analyze_image`` with the default OCR options (eng+ara+fas), the
default engine (the multilingual classifier scores these texts) and the default policy.

Tolerance, and why: with all three language models loaded Tesseract may read the Persian yeh (ی, U+06CC)
as the Arabic one (ي, U+064A), and kaf likewise (ک/ك); readers see the same letter. So the OCR text must
equal the typed text once those pairs are folded, the action and the ``hateful`` verdict must be the
same, and every score may differ by at most 0.05 (the classifier reads the letter variant a hair apart).
"""

from __future__ import annotations

import pytest

from tests.images_util import needs_tesseract, poster

pytestmark = [pytest.mark.ocr, pytest.mark.slow, needs_tesseract]

#: Letters Tesseract may swap between its Arabic and Persian models (the same letter to a reader).
_FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک"})
SCORE_TOLERANCE = 0.05


def _shaping_available() -> bool:
    """Arabic letters join and run right to left only when Pillow lays text out with Raqm (needs FriBiDi)."""
    from PIL import features

    return bool(features.check("raqm"))


@pytest.mark.parametrize(
    "text, lang",
    [
        ("اليهود حشرات.", "ara"),  # "The Jews are insects."
        ("مهاجران انگل هستند و باید بیرون رانده شوند", "fas"),  # "Immigrants are parasites and must be driven out"
    ],
    ids=["arabic", "persian"],
)
def test_poster_is_read_and_judged_like_the_typed_post(text, lang):
    from hatescope.engine import default_engine
    from hatescope.ingest.image import OcrOptions
    from hatescope.ingest.tesseract import _installed_languages

    if lang not in _installed_languages():
        pytest.skip(f"tesseract-ocr-{lang} is not installed (scripts/install-system-deps.sh ocr)")
    if not _shaping_available():
        pytest.skip("Pillow cannot shape Arabic script without FriBiDi (scripts/install-system-deps.sh ocr: libfribidi0)")
    engine = default_engine()
    typed = engine.analyze(text)
    from_image = engine.analyze_image(poster(text, size=(1000, 400), font="DejaVuSans.ttf", font_size=56),
                                      options=OcrOptions())

    assert " ".join(from_image.text.split()).translate(_FOLD) == text.translate(_FOLD), from_image.text
    assert (from_image.action, from_image.hateful) == (typed.action, typed.hateful)
    for label, score in typed.scores.items():
        assert abs(from_image.scores.get(label, 0.0) - score) <= SCORE_TOLERANCE, label
    assert sorted({f.label for f in from_image.findings}) == sorted({f.label for f in typed.findings})
    for f in from_image.findings:  # offsets point into the text that was read
        assert from_image.text[f.start:f.end] == f.text
    assert from_image.context["language"]["language_guess"] == lang[:2]
