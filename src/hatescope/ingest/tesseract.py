"""Tesseract: which languages are installed, reading one pre-processed variant (words, confidences, boxes in
original-image pixels), and the scales worth retrying when the words read are far from the size it reads best.
"""

from __future__ import annotations

import os
import statistics
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from PIL import Image

from hatescope.errors import OcrUnavailable
from hatescope.ingest.image_safety import error_reason
from hatescope.ingest.ocr_preprocess import Variant, clamp_scale

#: Languages tried by default, in this order, when their Tesseract data is installed.
DEFAULT_LANGUAGES = ("eng", "ara", "fas")
#: Seconds one Tesseract run may take.
OCR_TIMEOUT_S = 60
#: Word boxes this tall (in the pre-processed image) read best; far from it, OCR is retried at a better scale.
TARGET_WORD_HEIGHT = 40


@lru_cache(maxsize=1)
def _installed_languages() -> frozenset[str]:
    import pytesseract

    try:
        pytesseract.get_tesseract_version()
        return frozenset(pytesseract.get_languages(config=""))
    except Exception as exc:  # noqa: BLE001 - TesseractNotFoundError, broken install
        raise OcrUnavailable(
            "the Tesseract OCR engine is not installed (run scripts/install-system-deps.sh ocr, "
            f"or apt-get install tesseract-ocr): {error_reason(exc)}"
        ) from None


def tesseract_available() -> bool:
    try:
        _installed_languages()
    except OcrUnavailable:
        return False
    return True


def resolve_languages(requested: str | None = None) -> str:
    """The Tesseract language string: explicit languages must be installed; defaults use what is."""
    installed = _installed_languages()
    requested = requested or os.environ.get("HATESCOPE_OCR_LANGS") or None
    if requested:
        langs = [lang for lang in requested.replace(",", "+").split("+") if lang]
        missing = [lang for lang in langs if lang not in installed]
        if missing:
            raise OcrUnavailable(f"Tesseract language data not installed: {', '.join(missing)} (installed: {', '.join(sorted(installed))})")
        return "+".join(langs)
    langs = [lang for lang in DEFAULT_LANGUAGES if lang in installed]
    if not langs:
        raise OcrUnavailable(f"no Tesseract language data for {', '.join(DEFAULT_LANGUAGES)} is installed")
    return "+".join(langs)


@dataclass(frozen=True)
class VariantRead:
    """The words of one variant, boxes already in original-image pixels."""

    variant: Variant
    rows: tuple[dict[str, Any], ...]

    @property
    def quality(self) -> float:
        # Confident characters count for, doubtful ones against: junk read from texture scores below zero.
        return sum(len(r["text"]) * (r["conf"] - 50.0) for r in self.rows)

    @property
    def mean_confidence(self) -> float:
        return statistics.fmean(r["conf"] for r in self.rows) if self.rows else 0.0

    def median_height(self) -> float | None:
        heights = [r["height"] * self.variant.scale for r in self.rows if r["conf"] >= 60]
        return statistics.median(heights) if heights else None


def read_variant(variant: Variant, languages: str, *, psm: int, timeout_s: float) -> VariantRead:
    """Tesseract's words in one pre-processed variant (page segmentation mode ``psm``)."""
    import pytesseract

    try:
        data = pytesseract.image_to_data(
            variant.image, lang=languages, config=f"--psm {int(psm)}",
            output_type=pytesseract.Output.DICT, timeout=timeout_s,
        )
    except RuntimeError as exc:  # pytesseract raises RuntimeError on timeout
        raise OcrUnavailable(f"OCR timed out after {timeout_s:g} s") from exc
    except pytesseract.TesseractError as exc:
        raise OcrUnavailable(f"Tesseract failed: {error_reason(exc)}") from None
    rows = []
    s = variant.scale
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        if conf < 30 and not any(ch.isalnum() for ch in text):
            continue  # specks and texture read as punctuation
        rows.append({
            "text": text, "conf": conf,
            "key": (data["page_num"][i], data["block_num"][i], data["par_num"][i], data["line_num"][i]),
            "left": int(data["left"][i] / s), "top": int(data["top"][i] / s),
            "width": max(1, round(data["width"][i] / s)), "height": max(1, round(data["height"][i] / s)),
        })
    return VariantRead(variant, tuple(rows))


def retry_scales(best: VariantRead, gray: Image.Image) -> list[float]:
    """Better scales to try when the words read are far from TARGET_WORD_HEIGHT, or when nothing was read."""
    scale = best.variant.scale
    height = best.median_height()
    if height is None:
        # Nothing legible: the text may be tiny (upscale) or huge (downscale).
        wanted = [scale * 2.5, scale * 0.4]
    elif height < TARGET_WORD_HEIGHT / 2 or height > TARGET_WORD_HEIGHT * 4:
        wanted = [scale * TARGET_WORD_HEIGHT / height]
    else:
        return []
    out = []
    for s in wanted:
        s = clamp_scale(s, gray.width, gray.height)
        if abs(s / scale - 1.0) > 0.25:
            out.append(s)
    return out
