"""Stage 1 for images: read the text in a poster or meme with Tesseract and analyse it like a post.

    bytes → validated image (image_safety) → pre-processed variants (ocr_preprocess) → Tesseract words
    + boxes (tesseract) → OCR text (ocr_text) → ``Engine.analyze_image``

The OCR text IS the analysed original text: every finding's ``start``/``end`` points into it, and
``finding.meta["boxes"]`` lists the image regions (original-image pixels) of the words it covers.
``Analysis.context["ocr"]`` carries every word with its offsets, box and confidence (docs/IMAGES.md).

This module holds the pipeline (``ocr_image``) and its options; each neighbour named above does one step, and
the names in ``__all__`` are this stage's public face for images.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

from hatescope.errors import EmptyInput
from hatescope.ingest.image_safety import (
    MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS, SUPPORTED_FORMATS, load_image, read_image_file, sniff_format,
)
from hatescope.ingest.ocr_preprocess import FALLBACK_MODES, clamp_scale, first_modes, initial_scale, make_variant, to_grayscale
from hatescope.ingest.ocr_text import OcrResult, OcrWord, assemble, attach_ocr
from hatescope.ingest.tesseract import (
    OCR_TIMEOUT_S, VariantRead, read_variant, resolve_languages, retry_scales, tesseract_available,
)

#: Below this mean word confidence the fallback variants (text over pictures, meme captions) are tried too.
POOR_CONFIDENCE = 70.0


@dataclass(frozen=True)
class OcrOptions:
    """How to OCR. ``languages`` None → $HATESCOPE_OCR_LANGS (e.g. "eng+ara"), else every installed default language."""

    languages: str | None = None
    #: Tesseract page segmentation mode; 3 (automatic) handles posters, 11 (sparse) suits scattered meme text.
    psm: int = 3
    #: Binarise with Otsu before OCR (docs/IMAGES.md has the accuracy with and without).
    binarize: bool = False
    #: Retry at a better scale when the words read are far smaller or larger than Tesseract likes.
    rescale: bool = True
    #: When little is read with confidence, try the fallback variants (local contrast, caption isolation).
    fallback: bool = True
    timeout_s: float = OCR_TIMEOUT_S


def ocr_image(data: bytes | Image.Image, *, options: OcrOptions | None = None, source: str = "image") -> OcrResult:
    """Read the text of an image: the best of the pre-processed variants, with word boxes."""
    options = options or OcrOptions()
    img = data if isinstance(data, Image.Image) else load_image(data, source=source)
    languages = resolve_languages(options.languages)
    gray = to_grayscale(img)

    def read(mode: str, scale: float) -> VariantRead:
        variant = make_variant(gray, scale=scale, mode=mode, binarize=options.binarize)
        return read_variant(variant, languages, psm=options.psm, timeout_s=options.timeout_s)

    def rescaled(best: VariantRead) -> VariantRead:
        for scale in retry_scales(best, gray) if options.rescale else ():
            retry = read(best.variant.mode, scale)
            if retry.quality > best.quality:
                best = retry
        return best

    # 1. The background's polarity (or both), then the text size Tesseract likes best.
    scale = initial_scale(gray.width, gray.height)
    modes = first_modes(np.asarray(gray))
    best = rescaled(max((read(m, scale) for m in modes), key=lambda r: r.quality))
    if options.fallback and (len(modes) > 1 or best.mean_confidence < POOR_CONFIDENCE):
        # 2. A busy background (unclear polarity) or little read with confidence: text over a photo
        #    or texture, or an outlined meme caption.
        fallback_scale = best.variant.scale
        if best.median_height() is None:  # nothing read with confidence: small text is likelier than huge
            fallback_scale = clamp_scale(fallback_scale * 2.5, gray.width, gray.height)
        fallback = max((read(m, fallback_scale) for m in FALLBACK_MODES), key=lambda r: r.quality)
        if fallback.quality > best.quality:
            best = rescaled(fallback)
    text, words = assemble(best.rows)
    return OcrResult(text, words, img.width, img.height, languages, best.variant.name)


def read_image_text(data: bytes, *, options: OcrOptions | None = None, source: str = "image") -> OcrResult:
    """The OCR of ``data`` for analysis (``Engine.analyze_image``); an image with no legible text is EmptyInput (HS101)."""
    ocr = ocr_image(data, options=options, source=source)
    if not ocr.text.strip():
        raise EmptyInput(f"no text could be read in {source}")
    return ocr


__all__ = [
    "MAX_IMAGE_BYTES", "MAX_IMAGE_PIXELS", "SUPPORTED_FORMATS", "OcrOptions", "OcrResult", "OcrWord",
    "attach_ocr", "load_image", "ocr_image", "read_image_file", "read_image_text",
    "resolve_languages", "sniff_format", "tesseract_available",
]
