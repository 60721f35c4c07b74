"""Draw a slogan onto a poster with Pillow: the demo's image and the OCR tests' known-text images.

``make_poster("They are vermin", dark=True)`` returns PNG bytes: the text word-wrapped, centred,
at the largest size that fits (or at ``font_size``), in a TrueType font from the system when one
is found, else Pillow's bundled font — so it works on a bare machine too.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

#: Where Debian (fonts-dejavu-core, fonts-liberation), macOS and the user keep TrueType fonts.
FONT_DIRS = (
    Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts",
    Path("/Library/Fonts"), Path("/System/Library/Fonts"),
)
#: Fonts tried, in order, when none is named: bold sans faces read like posters.
DEFAULT_FONTS = ("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf", "DejaVuSans.ttf", "LiberationSans-Regular.ttf")

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@lru_cache(maxsize=64)
def find_font(name: str) -> Path | None:
    """A font file by path or by file name (``"DejaVuSerif.ttf"``) under the usual font folders."""
    direct = Path(name)
    if direct.is_file():
        return direct
    for folder in FONT_DIRS:
        if folder.is_dir():
            for hit in folder.rglob(direct.name):
                return hit
    return None


def load_font(font: str | None, size: int) -> Font:
    names = (font,) if font else DEFAULT_FONTS
    for name in names:
        path = find_font(name)
        if path is not None:
            return ImageFont.truetype(str(path), size)
    if font:
        raise ValueError(f"font not found: {font}")
    return ImageFont.load_default(size)  # Pillow's bundled font (FreeType builds of Pillow ≥ 10.1)


def wrap(text: str, font: Font, width: int, draw: ImageDraw.ImageDraw) -> list[str]:
    """Greedy word wrap; explicit line breaks in ``text`` are kept."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            cand = f"{line} {word}" if line else word
            if line and draw.textlength(cand, font=font) > width:
                lines.append(line)
                line = word
            else:
                line = cand
        lines.append(line)
    return lines


def _layout(text: str, font: Font, box: tuple[int, int], draw: ImageDraw.ImageDraw, spacing: float) -> tuple[list[str], int, int, int]:
    lines = wrap(text, font, box[0], draw)
    ascent, descent = font.getmetrics() if hasattr(font, "getmetrics") else (font.size, 0)  # type: ignore[union-attr]
    line_h = int((ascent + descent) * spacing)
    widest = max((int(draw.textlength(line, font=font)) for line in lines), default=0)
    return lines, line_h, widest, line_h * len(lines)


def make_poster(
    text: str,
    *,
    size: tuple[int, int] = (1200, 675),
    dark: bool = False,
    font: str | None = None,
    font_size: int | None = None,
    foreground: tuple[int, int, int] | None = None,
    background: tuple[int, int, int] | None = None,
    margin: float = 0.06,
    line_spacing: float = 1.25,
    outline: int = 0,
    backdrop: Image.Image | None = None,
) -> bytes:
    """A PNG poster with ``text`` centred on it. ``dark`` = light text on a dark background.

    ``outline`` draws a stroke of that many px in the background colour around each letter and
    ``backdrop`` replaces the plain background with a picture: together, the classic meme caption.
    """
    if not text.strip():
        raise ValueError("poster text is empty")
    width, height = size
    fg = foreground or ((245, 245, 240) if dark else (20, 20, 20))
    bg = background or ((18, 18, 22) if dark else (250, 248, 240))
    img = backdrop.convert("RGB").resize((width, height)) if backdrop is not None else Image.new("RGB", (width, height), bg)
    draw = ImageDraw.Draw(img)
    box = (int(width * (1 - 2 * margin)), int(height * (1 - 2 * margin)))
    if font_size is None:
        lo, hi = 8, max(9, height)
        while lo < hi:  # the largest size whose wrapped text fits the box
            mid = (lo + hi + 1) // 2
            _, _, w, h = _layout(text, load_font(font, mid), box, draw, line_spacing)
            lo, hi = (mid, hi) if w <= box[0] and h <= box[1] else (lo, mid - 1)
        font_size = lo
    face = load_font(font, font_size)
    lines, line_h, _, total_h = _layout(text, face, box, draw, line_spacing)
    y = (height - total_h) // 2
    for line in lines:
        x = (width - int(draw.textlength(line, font=face))) // 2
        draw.text((x, y), line, font=face, fill=fg, stroke_width=outline, stroke_fill=bg)
        y += line_h
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    return out.getvalue()


__all__ = ["make_poster", "find_font", "load_font"]
