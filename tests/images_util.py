"""Helpers for the image/OCR tests: known-text posters, hostile files, a fake detector, a fake-detector engine."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from hatescope.ingest.image import tesseract_available
from hatescope.ingest.poster import find_font, make_poster

needs_tesseract = pytest.mark.skipif(
    not tesseract_available(), reason="tesseract is not installed (scripts/install-system-deps.sh ocr)"
)

#: Fonts the posters are drawn in (those not installed are skipped by the tests that use them).
FONTS = ("DejaVuSans.ttf", "DejaVuSerif-Bold.ttf", "LiberationSans-Regular.ttf", "LiberationMono-Regular.ttf")


def installed_fonts() -> list[str]:
    return [f for f in FONTS if find_font(f) is not None]


def poster(text: str, **kw: object) -> bytes:
    return make_poster(text, **kw)  # type: ignore[arg-type]


def reencode(png: bytes, fmt: str, **save: object) -> bytes:
    out = io.BytesIO()
    img = Image.open(io.BytesIO(png))
    if fmt == "JPEG":
        img = img.convert("RGB")
    img.save(out, format=fmt, **save)
    return out.getvalue()


# ------------------------------------------------------------------ hostile files


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width``×``height`` but has no pixel data: decoding it would fail."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit grayscale
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IEND", b"")


def png_bomb(width: int = 20000, height: int = 20000) -> bytes:
    """A real, valid 1-bit PNG of ``width``×``height`` zeros: ~50 KB on disk, 400 MP decoded."""
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte + packed bits
    comp = zlib.compressobj(9)
    body = b"".join(comp.compress(row) for _ in range(height)) + comp.flush()
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", body) + _chunk(b"IEND", b"")


def truncated(data: bytes, keep: float = 0.5) -> bytes:
    return data[: int(len(data) * keep)]


# ------------------------------------------------------------------ fake engine

#: Words the fake detector (tests.fakes.WordDetector) flags, with the label and score it gives them.
FLAGGED = {"vermin": ("dehumanization", 0.9), "rats": ("dehumanization", 0.9), "exterminate": ("incitement", 0.9)}


def fixed_words_engine():  # type: ignore[no-untyped-def]
    """An Engine running only the fixed-words fake detector: findings depend on the text, never on a model."""
    from tests.fakes import fake_engine

    engine = fake_engine(FLAGGED)
    try:
        engine.analyze("a probe sentence")
    except ModuleNotFoundError as exc:  # a stage another area has not landed yet
        pytest.skip(f"engine stage missing: {exc.name}")
    return engine
