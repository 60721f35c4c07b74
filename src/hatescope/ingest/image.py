"""Stage 1 for images: read the text in a poster or meme with Tesseract and analyse it like a post.

    bytes → validated image → pre-processed variants → Tesseract words + boxes → OCR text → engine

The OCR text IS the analysed original text: every finding's ``start``/``end`` points into it, and
``finding.meta["boxes"]`` lists the image regions (original-image pixels) of the words it covers.
``Analysis.context["ocr"]`` carries every word with its offsets, box and confidence (docs/IMAGES.md).

Safety: the format is sniffed from magic bytes and only six Pillow decoders are allowed; the
dimensions are checked from the header *before* any pixel is decoded, so a decompression bomb
(a few KB claiming 20000×20000 pixels) is refused without allocating it.
"""

from __future__ import annotations

import io
import os
import statistics
import warnings
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

import numpy as np
from PIL import Image, ImageOps

from hatescope.errors import EmptyInput, InputError, InputTooLarge, InvalidImage, OcrUnavailable, UnsupportedFormat
from hatescope.ingest.ocr_preprocess import (
    FALLBACK_MODES, Variant, clamp_scale, first_modes, initial_scale, make_variant, to_grayscale,
)
from hatescope.types import Analysis

#: Largest image file accepted, in bytes.
MAX_IMAGE_BYTES = 20 * 1024 * 1024
#: Largest image accepted, in pixels (width × height), checked from the header before decoding.
MAX_IMAGE_PIXELS = 40_000_000
#: Languages tried by default, in this order, when their Tesseract data is installed.
DEFAULT_LANGUAGES = ("eng", "ara", "fas")
#: Seconds one Tesseract run may take.
OCR_TIMEOUT_S = 60
#: Word boxes this tall (in the pre-processed image) read best; far from it, OCR is retried at a better scale.
TARGET_WORD_HEIGHT = 40
#: Below this mean word confidence the fallback variants (text over pictures, meme captions) are tried too.
POOR_CONFIDENCE = 70.0

# Magic bytes → Pillow format name. Only these decoders ever see user bytes.
_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "PNG"),
    (b"\xff\xd8\xff", 0, "JPEG"),
    (b"GIF87a", 0, "GIF"),
    (b"GIF89a", 0, "GIF"),
    (b"WEBP", 8, "WEBP"),
    (b"BM", 0, "BMP"),
    (b"II*\x00", 0, "TIFF"),
    (b"MM\x00*", 0, "TIFF"),
)
SUPPORTED_FORMATS = ("PNG", "JPEG", "WEBP", "GIF", "BMP", "TIFF")


@dataclass(frozen=True)
class OcrWord:
    """One recognised word: its span in the OCR text and its box in original-image pixels."""

    text: str
    start: int
    end: int
    left: int
    top: int
    width: int
    height: int
    confidence: float

    def box(self) -> dict[str, int]:
        return {"left": self.left, "top": self.top, "width": self.width, "height": self.height}

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, **self.box(), "confidence": round(self.confidence, 1)}


@dataclass(frozen=True)
class OcrResult:
    text: str
    words: tuple[OcrWord, ...]
    width: int
    height: int
    languages: str
    #: The pre-processing variant that won, e.g. "inverted+otsu@1.50x".
    variant: str

    @property
    def mean_confidence(self) -> float:
        return statistics.fmean(w.confidence for w in self.words) if self.words else 0.0

    def to_context(self) -> dict[str, Any]:
        return {
            "words": [w.to_dict() for w in self.words],
            "image": {"width": self.width, "height": self.height},
            "languages": self.languages,
            "variant": self.variant,
            "mean_confidence": round(self.mean_confidence, 1),
        }


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


# ---------------------------------------------------------------- loading and validation


def sniff_format(data: bytes) -> str | None:
    for magic, offset, fmt in _MAGIC:
        if data[offset : offset + len(magic)] == magic and (fmt != "WEBP" or data[:4] == b"RIFF"):
            return fmt
    return None


def load_image(data: bytes, *, source: str = "image") -> Image.Image:
    """Decode ``data`` safely or raise UnsupportedFormat (HS106), InvalidImage (HS107) or InputTooLarge (HS103)."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise InputError(f"{source}: image must be bytes, not {type(data).__name__}")
    data = bytes(data)
    if not data:
        raise EmptyInput(f"{source} is empty")
    if len(data) > MAX_IMAGE_BYTES:
        raise InputTooLarge(f"{source} is larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MB", limit=MAX_IMAGE_BYTES)
    fmt = sniff_format(data)
    if fmt is None:
        raise UnsupportedFormat(f"{source} is not a supported image (use {', '.join(SUPPORTED_FORMATS)})")
    with warnings.catch_warnings():
        # Pillow's own bomb check warns below 2× its limit; a warning here must stop, not scroll by.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            img = Image.open(io.BytesIO(data), formats=[fmt])  # reads the header only
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise InputTooLarge(f"{source}: image dimensions exceed {MAX_IMAGE_PIXELS:,} pixels", limit=MAX_IMAGE_PIXELS) from None
        except Exception as exc:  # noqa: BLE001 - any decoder failure is a corrupt image to the user
            raise InvalidImage(f"{source} is a corrupt {fmt} image ({_reason(exc)})") from None
        width, height = img.size
        if width <= 0 or height <= 0:
            raise InvalidImage(f"{source} is a corrupt {fmt} image (size {width}×{height})")
        if width * height > MAX_IMAGE_PIXELS:
            raise InputTooLarge(
                f"{source} is {width}×{height} pixels; the limit is {MAX_IMAGE_PIXELS:,} pixels",
                limit=MAX_IMAGE_PIXELS, width=width, height=height,
            )
        try:
            img.seek(0)  # animated GIF/WebP, multi-page TIFF: the first frame
            img.load()
            # Phone photos store rotation in EXIF; boxes refer to the image as it is displayed.
            img = ImageOps.exif_transpose(img) or img
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise InputTooLarge(f"{source}: image dimensions exceed {MAX_IMAGE_PIXELS:,} pixels", limit=MAX_IMAGE_PIXELS) from None
        except Exception as exc:  # noqa: BLE001
            raise InvalidImage(f"{source} is a corrupt {fmt} image ({_reason(exc)})") from None
    return img


def _reason(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text[:160]


# ---------------------------------------------------------------- Tesseract


@lru_cache(maxsize=1)
def _installed_languages() -> frozenset[str]:
    import pytesseract

    try:
        pytesseract.get_tesseract_version()
        return frozenset(pytesseract.get_languages(config=""))
    except Exception as exc:  # noqa: BLE001 - TesseractNotFoundError, broken install
        raise OcrUnavailable(
            "the Tesseract OCR engine is not installed (run scripts/install-system-deps.sh ocr, "
            f"or apt-get install tesseract-ocr): {_reason(exc)}"
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
class _Read:
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


def _tesseract(variant: Variant, languages: str, options: OcrOptions) -> _Read:
    import pytesseract

    try:
        data = pytesseract.image_to_data(
            variant.image, lang=languages, config=f"--psm {int(options.psm)}",
            output_type=pytesseract.Output.DICT, timeout=options.timeout_s,
        )
    except RuntimeError as exc:  # pytesseract raises RuntimeError on timeout
        raise OcrUnavailable(f"OCR timed out after {options.timeout_s:g} s") from exc
    except pytesseract.TesseractError as exc:
        raise OcrUnavailable(f"Tesseract failed: {_reason(exc)}") from None
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
    return _Read(variant, tuple(rows))


def _assemble(rows: Sequence[dict[str, Any]]) -> tuple[str, tuple[OcrWord, ...]]:
    """Words joined by spaces; wrapped lines of one paragraph by a space (so sentences survive); paragraphs by "\\n"."""
    parts: list[str] = []
    words: list[OcrWord] = []
    pos = 0
    prev_key: tuple[int, ...] | None = None
    for r in rows:
        if prev_key is not None:
            same_line = r["key"] == prev_key
            same_par = r["key"][:3] == prev_key[:3]
            prev_text = words[-1].text
            if not same_line and same_par and prev_text.endswith("-") and len(prev_text) > 1 and r["text"][:1].islower():
                sep = ""  # a word hyphenated across lines: "exter-" + "minate"
            else:
                sep = " " if same_par else "\n"
            parts.append(sep)
            pos += len(sep)
        parts.append(r["text"])
        words.append(OcrWord(r["text"], pos, pos + len(r["text"]), r["left"], r["top"], r["width"], r["height"], r["conf"]))
        pos += len(r["text"])
        prev_key = r["key"]
    return "".join(parts), tuple(words)


def ocr_image(data: bytes | Image.Image, *, options: OcrOptions | None = None, source: str = "image") -> OcrResult:
    """Read the text of an image: the best of the pre-processed variants, with word boxes."""
    options = options or OcrOptions()
    img = data if isinstance(data, Image.Image) else load_image(data, source=source)
    languages = resolve_languages(options.languages)
    gray = to_grayscale(img)

    def read(mode: str, scale: float) -> _Read:
        return _tesseract(make_variant(gray, scale=scale, mode=mode, binarize=options.binarize), languages, options)

    def rescaled(best: _Read) -> _Read:
        for scale in _retry_scales(best, gray) if options.rescale else ():
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
    text, words = _assemble(best.rows)
    return OcrResult(text, words, img.width, img.height, languages, best.variant.name)


def _retry_scales(best: _Read, gray: Image.Image) -> list[float]:
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


# ---------------------------------------------------------------- analysis


def attach_ocr(analysis: Analysis, ocr: OcrResult) -> Analysis:
    """Give every finding the boxes of the words it covers, and the words themselves to ``context["ocr"]``."""
    findings = tuple(
        replace(f, meta={**f.meta, "boxes": [w.box() for w in ocr.words if w.start < f.end and f.start < w.end]})
        for f in analysis.findings
    )
    return replace(analysis, findings=findings, context={**analysis.context, "ocr": ocr.to_context()})


def analyze_image_bytes(
    data: bytes, *, engine: Any = None, kind: str = "post", policy: Any = None,
    options: OcrOptions | None = None, source: str = "image",
) -> Analysis:
    """OCR ``data`` and analyse the text; an image with no legible text is EmptyInput (HS101)."""
    ocr = ocr_image(data, options=options, source=source)
    if not ocr.text.strip():
        raise EmptyInput(f"no text could be read in {source}")
    if engine is None:
        from hatescope.engine import default_engine

        engine = default_engine()
    return attach_ocr(engine.analyze(ocr.text, kind=kind, policy=policy), ocr)


def read_image_file(path: str | Path) -> bytes:
    p = Path(path)
    if not p.is_file():
        raise InputError(f"no such file: {path}", code="HS108")
    with p.open("rb") as fh:
        data = fh.read(MAX_IMAGE_BYTES + 1)
    if len(data) > MAX_IMAGE_BYTES:
        raise InputTooLarge(f"{path} is larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MB", limit=MAX_IMAGE_BYTES)
    return data


def analyze_image(
    path: str | Path, *, engine: Any = None, kind: str = "post", policy: Any = None, options: OcrOptions | None = None
) -> Analysis:
    """``hatescope analyze poster.png``: read the file, OCR it, analyse the text."""
    return analyze_image_bytes(read_image_file(path), engine=engine, kind=kind, policy=policy, options=options, source=str(path))


__all__ = [
    "MAX_IMAGE_BYTES", "MAX_IMAGE_PIXELS", "SUPPORTED_FORMATS", "OcrOptions", "OcrResult", "OcrWord",
    "analyze_image", "analyze_image_bytes", "attach_ocr", "load_image", "ocr_image", "read_image_file",
    "resolve_languages", "sniff_format", "tesseract_available",
]
