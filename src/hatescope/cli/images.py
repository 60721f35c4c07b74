"""``hatescope ocr`` (the text and word boxes in an image) and ``hatescope poster`` (draw a slogan as a PNG).

``hatescope analyze poster.png`` (cli/analyze.py) runs the whole engine on an image; these two show
and produce the pieces: what OCR read, and a test poster with known text.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from hatescope.cli.app import app
from hatescope.errors import EmptyInput, InputError


@app.command()
def ocr(
    source: Path = typer.Argument(..., help="An image: png, jpg, webp, gif, bmp or tiff."),
    json_out: bool = typer.Option(False, "--json", help="Print the words with offsets, boxes and confidences as JSON."),
    langs: Optional[str] = typer.Option(None, "--langs", help="Tesseract languages, e.g. eng+ara (default: $HATESCOPE_OCR_LANGS or eng+ara+fas as installed)."),
    psm: int = typer.Option(3, "--psm", min=0, max=13, help="Tesseract page segmentation mode (11 = sparse text, for memes)."),
    binarize: bool = typer.Option(False, "--binarize/--no-binarize", help="Otsu-binarise before OCR."),
) -> None:
    """Read the text in an image (no analysis): the OCR text, or every word with its box as JSON."""
    from hatescope.ingest.image import OcrOptions, ocr_image, read_image_file

    result = ocr_image(read_image_file(source), options=OcrOptions(languages=langs, psm=psm, binarize=binarize), source=str(source))
    if json_out:
        sys.stdout.write(json.dumps({"text": result.text, **result.to_context()}, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(result.text + "\n")


def _parse_size(size: str) -> tuple[int, int]:
    try:
        w, h = (int(x) for x in size.lower().split("x"))
    except ValueError:
        raise InputError(f"--size must look like 1200x675, not {size!r}") from None
    if not (16 <= w <= 8000 and 16 <= h <= 8000):
        raise InputError("--size: each side must be between 16 and 8000 pixels")
    return w, h


@app.command()
def poster(
    text: str = typer.Argument(..., help="The slogan; \\n starts a new line."),
    output: Path = typer.Option(..., "--output", "-o", help="Where to write the PNG."),
    dark: bool = typer.Option(False, "--dark", help="Light text on a dark background."),
    font: Optional[str] = typer.Option(None, "--font", help="A TrueType file or name, e.g. DejaVuSerif.ttf."),
    font_size: Optional[int] = typer.Option(None, "--font-size", min=4, max=1000, help="Text height in px (default: largest that fits)."),
    size: str = typer.Option("1200x675", "--size", help="Width x height in pixels."),
) -> None:
    """Draw TEXT onto a poster (PNG), e.g. to try `hatescope analyze` on an image."""
    from hatescope.ingest.poster import make_poster

    if not text.strip():
        raise EmptyInput("poster text is empty")
    try:
        png = make_poster(text.replace("\\n", "\n"), size=_parse_size(size), dark=dark, font=font, font_size=font_size)
    except ValueError as exc:  # an unknown font
        raise InputError(str(exc)) from None
    output.write_bytes(png)
    sys.stderr.write(f"wrote {output} ({len(png):,} bytes)\n")
