"""Eval suite "ocr": word-level OCR accuracy on posters drawn with known text.

Posters are generated (hatescope.ingest.poster) over a grid of fonts, text sizes and polarities
(dark on light, light on dark), plus two degradations that memes suffer (JPEG re-compression,
a noisy photo-like background). Word accuracy = reference words found, in order, in the OCR
words (difflib alignment, case and surrounding punctuation ignored) / reference words.
No dataset is read; nothing random is unseeded.

    python -m hatescope.evaluation.ocr [--out DIR] [--no-compare]   # prints the markdown tables
"""

from __future__ import annotations

import difflib
import io
import os
import random
import statistics
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterable

from PIL import Image, ImageFilter

from hatescope.evaluation import SuiteResult, suites
from hatescope.ingest.image import OcrOptions, ocr_image, resolve_languages, tesseract_available
from hatescope.ingest.poster import find_font, make_poster

#: Neutral sentences: accuracy is about reading, not about what is read.
SENTENCES = (
    "Join us at the town hall on Saturday to plan the summer festival.",
    "Public transport will be free for everyone during the marathon weekend.",
    "Vote for clean parks, safe streets and better schools in our district!",
)
FONTS = ("DejaVuSans.ttf", "DejaVuSerif.ttf", "LiberationSans-Bold.ttf", "LiberationMono-Regular.ttf")
#: Text heights in px; None = the largest size that fits the canvas (a big-slogan poster).
FONT_SIZES: tuple[int | None, ...] = (8, 10, 14, 24, 48, None)
CANVAS = (1000, 560)


def words_of(text: str) -> list[str]:
    out = []
    for raw in text.split():
        w = raw.strip(".,!?;:\"'()[]«»“”‘’").lower()
        if w:
            out.append(w)
    return out


def word_accuracy(reference: str, recognised: str) -> tuple[int, int]:
    """(reference words matched in order, reference words)."""
    ref, got = words_of(reference), words_of(recognised)
    matcher = difflib.SequenceMatcher(a=ref, b=got, autojunk=False)
    return sum(b.size for b in matcher.get_matching_blocks()), len(ref)


@dataclass(frozen=True)
class Case:
    sentence: str
    font: str
    font_size: int | None
    dark: bool
    degradation: str = "none"  # none | jpeg | photo | colour | meme

    @property
    def condition(self) -> str:
        return f"{'light on dark' if self.dark else 'dark on light'}"


def render(case: Case) -> bytes:
    colours: dict[str, Any] = {}
    if case.degradation == "colour":  # yellow on red / dark red on yellow: strong hue, weak luminance contrast
        colours = {"foreground": (255, 214, 0), "background": (190, 20, 30)}
        if not case.dark:
            colours = {"foreground": colours["background"], "background": colours["foreground"]}
    if case.degradation == "meme":  # outlined caption straight over a busy picture, both polarities unclear
        colours = {"outline": max(2, (case.font_size or 40) // 12), "backdrop": _texture(CANVAS)}
    png = make_poster(case.sentence, size=CANVAS, dark=case.dark, font=case.font, font_size=case.font_size, **colours)
    if case.degradation in ("none", "colour", "meme"):
        return png
    img = Image.open(io.BytesIO(png)).convert("RGB")
    if case.degradation == "photo":
        img = _photo_background(img, dark=case.dark)
    out = io.BytesIO()
    img.save(out, format="JPEG", quality=35 if case.degradation == "jpeg" else 80)
    return out.getvalue()


def _texture(size: tuple[int, int]) -> Image.Image:
    """Seeded blurred noise over a gradient: a stand-in for a photo, light in some places and dark in others."""
    rng = random.Random(7)
    w, h = size
    noise = Image.frombytes("L", (w // 8, h // 8), bytes(rng.randrange(256) for _ in range((w // 8) * (h // 8))))
    noise = noise.resize((w, h), Image.Resampling.BICUBIC).filter(ImageFilter.GaussianBlur(3)).convert("RGB")
    gradient = Image.linear_gradient("L").rotate(90).resize((w, h)).convert("RGB")
    return Image.blend(noise, gradient, 0.5)


def _photo_background(img: Image.Image, *, dark: bool) -> Image.Image:
    """Blend the poster with a photo-like texture (35%), like a poster photographed or printed over a picture."""
    return Image.blend(img, _texture(img.size), 0.35)


#: Degraded variants are drawn in these two faces only (a regular and a bold sans), to keep the suite short.
DEGRADED_FONTS = ("DejaVuSans.ttf", "LiberationSans-Bold.ttf")
DEGRADATIONS = ("jpeg", "photo", "colour", "meme")


def grid(fonts: Iterable[str] = FONTS, sizes: Iterable[int | None] = FONT_SIZES) -> list[Case]:
    fonts = [f for f in fonts if find_font(f) is not None]
    cases = [Case(s, f, z, d) for s in SENTENCES for f in fonts for z in sizes for d in (False, True)]
    # Degradations at ordinary caption sizes: they test robustness, not the size limits.
    cases += [Case(SENTENCES[0], f, z, d, deg) for deg in DEGRADATIONS for f in DEGRADED_FONTS if f in fonts
              for z in (14, 24) for d in (False, True)]
    return cases


def hard_cases(cases: list[Case]) -> list[Case]:
    """Where pre-processing choices matter: every degraded image, and the smallest and largest clean text."""
    return [c for c in cases if c.degradation != "none" or (c.sentence == SENTENCES[0] and c.font_size in (8, None))]


def run(cases: list[Case], options: OcrOptions) -> list[dict[str, Any]]:
    rows = []
    for case in cases:
        started = time.perf_counter()
        text = ocr_image(render(case), options=options).text
        hit, total = word_accuracy(case.sentence, text)
        rows.append({"case": case, "hit": hit, "total": total, "seconds": time.perf_counter() - started})
    return rows


def _acc(rows: list[dict[str, Any]]) -> str:
    hit, total = sum(r["hit"] for r in rows), sum(r["total"] for r in rows)
    return f"{100 * hit / total:.1f}% ({hit}/{total})" if total else "–"


def _table(rows: list[dict[str, Any]], key: str, label: str) -> str:
    groups: dict[Any, list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault(key_of(r["case"], key), []).append(r)
    lines = [f"| {label} | images | word accuracy | median s/image |", "|---|---:|---:|---:|"]
    for k, rs in groups.items():
        lines.append(f"| {k} | {len(rs)} | {_acc(rs)} | {statistics.median(r['seconds'] for r in rs):.2f} |")
    return "\n".join(lines)


def key_of(case: Case, key: str) -> str:
    if key == "size":
        return f"{case.font_size} px" if case.font_size else "fit canvas"
    if key == "font":
        return Path(case.font).stem
    if key == "degradation":
        return case.degradation
    return case.condition


def report(options: OcrOptions | None = None, *, compare: bool = True) -> SuiteResult:
    options = options or OcrOptions()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    cases = grid()
    rows = run(cases, options)
    clean_rows = [r for r in rows if r["case"].degradation == "none"]
    fonts = sorted({Path(c.font).stem for c in cases if c.degradation == "none"})
    parts = [
        f"Word-level OCR accuracy on {len(cases)} generated posters: {len(SENTENCES)} neutral sentences × {len(fonts)} fonts "
        f"({', '.join(fonts)}) × {len(FONT_SIZES)} text sizes × 2 polarities on a {CANVAS[0]}×{CANVAS[1]} canvas, plus "
        f"{len(rows) - len(clean_rows)} degraded images (JPEG quality 35; a photo-like texture blended in; yellow/red colours; "
        "an outlined meme caption straight over the texture) at 14 and 24 px. Word accuracy = reference words recovered in "
        "order / reference words. Pipeline: `OcrOptions()` defaults "
        f"(languages {options.languages or resolve_languages()}, psm {options.psm}, "
        f"{'Otsu binarisation' if options.binarize else 'grayscale'}, rescale retry and fallback variants on). "
        f"Command: `python -m hatescope.evaluation.ocr --out DIR` (Tesseract {tesseract_version()}). Seconds are wall time on "
        f"a shared 2-core machine (load average {load:.1f} at the start): compare them within a table only.",
        f"**Clean posters: {_acc(clean_rows)}**; all images: {_acc(rows)}.",
        _table(clean_rows, "polarity", "polarity (clean)"),
        _table(clean_rows, "size", "text size (clean)"),
        _table(clean_rows, "font", "font (clean)"),
        _table(rows, "degradation", "degradation"),
    ]
    metrics: dict[str, Any] = {
        "word_accuracy_clean": _ratio(clean_rows), "word_accuracy_all": _ratio(rows), "images": len(rows),
    }
    if compare:
        # Each choice changed alone, on the images where it can matter: why the defaults are what they are.
        hard = hard_cases(cases)
        hard_rows = [r for r in rows if r["case"] in set(hard)]
        lines = ["| pipeline | word accuracy | median s/image |", "|---|---:|---:|"]
        choices = {
            "default": None,
            "Otsu binarisation first": replace(options, binarize=True),
            "no fallback variants": replace(options, fallback=False),
            "no rescale retry": replace(options, rescale=False),
            "eng only (no ara+fas)": replace(options, languages="eng"),
        }
        for name, opts in choices.items():
            rs = hard_rows if opts is None else run(hard, opts)
            metrics[f"compare:{name}"] = _ratio(rs)
            lines.append(f"| {name} | {_acc(rs)} | {statistics.median(r['seconds'] for r in rs):.2f} |")
        parts.append(f"Pre-processing choices, each changed alone, on the {len(hard)} hard images (all degraded ones; "
                     "8 px and canvas-filling text of one sentence):\n\n" + "\n".join(lines))
    return SuiteResult(name="ocr", title="Text in images (OCR)", markdown="\n\n".join(parts), metrics=metrics)


def _ratio(rows: list[dict[str, Any]]) -> float:
    return round(sum(r["hit"] for r in rows) / max(1, sum(r["total"] for r in rows)), 4)


def tesseract_version() -> str:
    import pytesseract

    return str(pytesseract.get_tesseract_version())


@suites.register("ocr")
def ocr_suite(*, engine: Any = None, data_dir: Any = None, out_dir: Path | None = None, **_: Any) -> SuiteResult:
    if not tesseract_available():
        return SuiteResult(name="ocr", title="Text in images (OCR)", markdown="Skipped: the Tesseract OCR engine is not installed.")
    result = report()
    if out_dir is not None:
        result.save(Path(out_dir))
    return result


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, help="also save the section as OUT/ocr.json (for docs/EVALUATION.md)")
    parser.add_argument("--no-compare", action="store_true", help="skip the pre-processing comparison")
    args = parser.parse_args(argv)
    result = report(compare=not args.no_compare)
    if args.out:
        result.save(args.out)
    print(result.markdown)


if __name__ == "__main__":
    main()
