"""The text read in an image: its words with their spans and boxes, assembled into the OCR text that is analysed
as the original (findings' offsets point into it), and the boxes attached to an analysis of that text.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, replace
from typing import Any, Sequence

from hatescope.types import Analysis


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


def assemble(rows: Sequence[dict[str, Any]]) -> tuple[str, tuple[OcrWord, ...]]:
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


def attach_ocr(analysis: Analysis, ocr: OcrResult) -> Analysis:
    """Give every finding the boxes of the words it covers, and the words themselves to ``context["ocr"]``."""
    findings = tuple(
        replace(f, meta={**f.meta, "boxes": [w.box() for w in ocr.words if w.start < f.end and f.start < w.end]})
        for f in analysis.findings
    )
    return replace(analysis, findings=findings, context={**analysis.context, "ocr": ocr.to_context()})
