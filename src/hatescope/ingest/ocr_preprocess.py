"""Image pre-processing that helps Tesseract read posters and memes.

Tesseract reads dark text on a light background best, with capital letters roughly 20–60 px
tall. Posters break both assumptions (white slogans on black or red, huge or tiny type), so
each image becomes one or more *variants*: grayscale, scaled, inverted when the background is
dark, and optionally binarised with Otsu's threshold. When the background's polarity is unclear
both polarities are tried. When Tesseract still reads little (text over a photo) four *fallback*
variants follow, each dark text on white:

- local-light / local-dark: pixels much lighter (darker) than their neighbourhood (a Gaussian
  blur), which removes a textured or graded background but keeps strokes;
- white-text / black-text: only near-white (near-black) pixels, which isolates meme captions drawn
  in pure white (black) with an outline.

The OCR step keeps the variant it read with the highest confidence.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter, ImageOps

#: Images whose longer side is below this are upscaled before OCR (small memes, thumbnails).
MIN_OCR_SIDE = 1000
#: Never upscale by more than this: beyond it the blur of interpolation outweighs the gain.
MAX_UPSCALE = 4.0
#: Upper bound on the pixels handed to Tesseract; larger images are downscaled (time is ~linear in pixels).
MAX_OCR_PIXELS = 16_000_000
#: Border pixels darker than the threshold above this share → dark background (light text).
DARK_BORDER_SHARE = 0.7
#: Below this share → light background. In between the polarity is "unsure" and both are tried.
LIGHT_BORDER_SHARE = 0.3
#: Isolation variants: pixels at least this light are "white text", at most this dark "black text".
WHITE_TEXT_LEVEL = 225
BLACK_TEXT_LEVEL = 30

#: Blur radius (px, in the scaled image) that estimates the local background for the local-* modes.
LOCAL_RADIUS = 8
#: A pixel must differ from its local background by at least this much to count as text.
LOCAL_MIN_CONTRAST = 20

#: normal / inverted: the whole image, one polarity; the others: see the module docstring.
MODES = ("normal", "inverted", "local-light", "local-dark", "white-text", "black-text")
FALLBACK_MODES = ("local-light", "local-dark", "white-text", "black-text")


@dataclass(frozen=True)
class Variant:
    """One pre-processed image handed to Tesseract, and how to map its boxes back."""

    name: str
    image: Image.Image
    #: Processed size / original size; boxes are divided by it to get original-image pixels.
    scale: float
    mode: str


def to_grayscale(img: Image.Image) -> Image.Image:
    """8-bit grayscale; transparency is composited onto white, 16-bit and float images are rescaled."""
    if img.mode in ("P", "PA", "LA", "RGBA") or "transparency" in img.info:
        rgba = img.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("L")
    if img.mode in ("I", "I;16", "I;16B", "I;16L", "F"):
        # Pillow clips these to 0..255 when converting, which turns most 16-bit scans white.
        arr = np.asarray(img, dtype=np.float64)
        lo, hi = float(arr.min()), float(arr.max())
        arr = (arr - lo) * (255.0 / (hi - lo)) if hi > lo else np.zeros_like(arr)
        return Image.fromarray(arr.astype(np.uint8), mode="L")
    if img.mode == "1":
        return img.convert("L")
    return img.convert("L")


def otsu_threshold(gray: np.ndarray) -> int:
    """Otsu's threshold for an 8-bit image: the level that maximises between-class variance."""
    hist = np.bincount(gray.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    if total == 0:
        return 127
    levels = np.arange(256, dtype=np.float64)
    weight_bg = np.cumsum(hist)  # pixels at or below each level
    weight_fg = total - weight_bg
    cum_mass = np.cumsum(hist * levels)
    mean_bg = np.divide(cum_mass, weight_bg, out=np.zeros(256), where=weight_bg > 0)
    mean_fg = np.divide(cum_mass[-1] - cum_mass, weight_fg, out=np.zeros(256), where=weight_fg > 0)
    between = weight_bg * weight_fg * (mean_bg - mean_fg) ** 2
    return int(np.argmax(between))


def dark_border_share(gray: np.ndarray, threshold: int) -> float:
    """Share of the outer frame (3% of each side) that is darker than ``threshold``.

    The frame is usually background, so this tells light-on-dark posters from dark-on-light ones.
    """
    h, w = gray.shape
    bh, bw = max(1, h * 3 // 100), max(1, w * 3 // 100)
    frame = np.concatenate([gray[:bh].ravel(), gray[-bh:].ravel(), gray[:, :bw].ravel(), gray[:, -bw:].ravel()])
    return float(np.mean(frame <= threshold))


def polarities(gray: np.ndarray, threshold: int) -> tuple[bool, ...]:
    """Which ``inverted`` settings to try: (True,) for a dark background, (False,) for a light one, both if unsure."""
    share = dark_border_share(gray, threshold)
    if share >= DARK_BORDER_SHARE:
        return (True,)
    if share <= LIGHT_BORDER_SHARE:
        return (False,)
    return (False, True)


def first_modes(gray: np.ndarray) -> tuple[str, ...]:
    """The modes to OCR first: the background's polarity, or both when it is unclear."""
    return tuple("inverted" if inv else "normal" for inv in polarities(gray, otsu_threshold(gray)))


def _mask(keep: np.ndarray) -> Image.Image:
    return Image.fromarray(np.where(keep, 0, 255).astype(np.uint8), mode="L")


def _local_contrast(img: Image.Image, *, light: bool) -> Image.Image:
    values = np.asarray(img).astype(np.int16)
    background = np.asarray(img.filter(ImageFilter.GaussianBlur(LOCAL_RADIUS))).astype(np.int16)
    diff = np.clip(values - background if light else background - values, 0, 255).astype(np.uint8)
    return _mask(diff > max(otsu_threshold(diff), LOCAL_MIN_CONTRAST))


def initial_scale(width: int, height: int) -> float:
    """Upscale small images (text in them is usually small too); shrink huge ones to bound OCR time."""
    scale = 1.0
    longer = max(width, height)
    if longer < MIN_OCR_SIDE:
        scale = min(MAX_UPSCALE, MIN_OCR_SIDE / longer)
    if width * height * scale * scale > MAX_OCR_PIXELS:
        scale = (MAX_OCR_PIXELS / (width * height)) ** 0.5
    return scale


def clamp_scale(scale: float, width: int, height: int) -> float:
    """Keep a requested scale within the upscale limit and the pixel budget."""
    scale = min(scale, MAX_UPSCALE)
    if width * height * scale * scale > MAX_OCR_PIXELS:
        scale = (MAX_OCR_PIXELS / (width * height)) ** 0.5
    return max(scale, 0.05)


def make_variant(gray: Image.Image, *, scale: float, mode: str, binarize: bool) -> Variant:
    """Scale (Lanczos, before thresholding so edges stay smooth), then invert, binarise or isolate.

    Every variant shows dark text on a light background, the way Tesseract reads best.
    """
    if mode not in MODES:
        raise ValueError(f"unknown pre-processing mode {mode!r}")
    img = gray
    if abs(scale - 1.0) > 1e-3:
        size = (max(1, round(gray.width * scale)), max(1, round(gray.height * scale)))
        img = gray.resize(size, Image.Resampling.LANCZOS)
    if mode == "inverted":
        img = ImageOps.invert(img)
    if mode in ("local-light", "local-dark"):
        img = _local_contrast(img, light=mode == "local-light")
    elif mode in ("white-text", "black-text"):
        arr = np.asarray(img)
        img = _mask(arr >= WHITE_TEXT_LEVEL if mode == "white-text" else arr <= BLACK_TEXT_LEVEL)
    elif binarize:
        arr = np.asarray(img)
        t = otsu_threshold(arr)
        img = Image.fromarray(np.where(arr > t, 255, 0).astype(np.uint8), mode="L")
    otsu = "+otsu" if binarize and mode in ("normal", "inverted") else ""
    name = f"{mode}{otsu}@{scale:.2f}x"
    return Variant(name=name, image=img, scale=img.width / gray.width, mode=mode)


def variants(gray: Image.Image, modes: tuple[str, ...], *, binarize: bool) -> list[Variant]:
    """One variant per mode at the initial scale."""
    scale = initial_scale(gray.width, gray.height)
    return [make_variant(gray, scale=scale, mode=m, binarize=binarize) for m in modes]
