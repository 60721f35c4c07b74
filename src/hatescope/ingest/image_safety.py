"""Image safety checks: the format is sniffed from magic bytes and only six Pillow decoders are allowed; the
dimensions are checked from the header *before* any pixel is decoded, so a decompression bomb (a few KB claiming
20000×20000 pixels) is refused without allocating it.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path

from PIL import Image, ImageOps

from hatescope.errors import EmptyInput, InputError, InputTooLarge, InvalidImage, NoSuchFile, UnsupportedFormat

#: Largest image file accepted, in bytes.
MAX_IMAGE_BYTES = 20 * 1024 * 1024
#: Largest image accepted, in pixels (width × height), checked from the header before decoding.
MAX_IMAGE_PIXELS = 40_000_000

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
            raise InvalidImage(f"{source} is a corrupt {fmt} image ({error_reason(exc)})") from None
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
            raise InvalidImage(f"{source} is a corrupt {fmt} image ({error_reason(exc)})") from None
    return img


def error_reason(exc: Exception) -> str:
    """An exception's message, short enough for an error line."""
    text = str(exc).strip() or type(exc).__name__
    return text[:160]


def read_image_file(path: str | Path) -> bytes:
    p = Path(path)
    if not p.is_file():
        raise NoSuchFile(f"no such file: {path}")
    with p.open("rb") as fh:
        data = fh.read(MAX_IMAGE_BYTES + 1)
    if len(data) > MAX_IMAGE_BYTES:
        raise InputTooLarge(f"{path} is larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MB", limit=MAX_IMAGE_BYTES)
    return data
