"""Perspective API compatibility: request checks, attribute derivation, response shape.

Each Perspective attribute is derived from hatescope's scores (which count only findings in the
author's own voice) and, for span scores, from the findings that produced them:

    attribute          summaryScore = max of these Analysis.scores
    TOXICITY           every score label
    SEVERE_TOXICITY    hate, dehumanization, incitement, threat, antisemitism (not insult/profanity)
    IDENTITY_ATTACK    hate, dehumanization, antisemitism, coded_language
    INSULT             insult
    PROFANITY          profanity
    THREAT             threat, incitement
    HATE, DEHUMANIZATION, INCITEMENT, ANTISEMITISM, CODED_LANGUAGE: the label of the same name

The table is docs/API.md's. Each label's declaration (hatescope.labels.LabelSpec.perspective) names the
attributes it feeds, and every label feeds TOXICITY: ``ATTRIBUTE_SOURCES`` reads the label catalogue, so a
plug-in detector's label reaches TOXICITY, and any attribute it names, with no change here.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Iterable, Iterator, Mapping

from hatescope.api.languages import detect_language, primary_subtag
from hatescope.errors import EmptyInput, InputError, InputTooLarge
from hatescope.labels import LabelRegistry, catalogue as label_catalogue
from hatescope.types import Analysis, Finding

#: The attributes answered, in the order they are listed; an attribute a plug-in label names comes after them.
ATTRIBUTES: tuple[str, ...] = (
    "TOXICITY", "SEVERE_TOXICITY", "IDENTITY_ATTACK", "INSULT", "PROFANITY", "THREAT",
    "HATE", "DEHUMANIZATION", "INCITEMENT", "ANTISEMITISM", "CODED_LANGUAGE",
)


class AttributeSources(Mapping[str, tuple[str, ...]]):
    """Attribute → the labels whose maximum score is its summary score, read from the label catalogue."""

    def __init__(self, labels: LabelRegistry) -> None:
        self._labels = labels
        self._table: dict[str, tuple[str, ...]] = {}
        self._built_for = -1

    def table(self) -> dict[str, tuple[str, ...]]:
        if self._built_for != len(self._labels):  # labels are only ever added: the count says when to rebuild
            table: dict[str, list[str]] = {name: [] for name in ATTRIBUTES}
            for label in self._labels:
                spec = self._labels.spec(label)
                table["TOXICITY"].append(label)
                for name in spec.perspective if spec is not None else ():
                    table.setdefault(name, []).append(label)
            self._table = {name: tuple(labels) for name, labels in table.items()}
            self._built_for = len(self._labels)
        return self._table

    def __getitem__(self, name: str) -> tuple[str, ...]:
        return self.table()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.table())

    def __len__(self) -> int:
        return len(self.table())


ATTRIBUTE_SOURCES = AttributeSources(label_catalogue)
SCORE_TYPE = "PROBABILITY"
_TAG = re.compile(r"<[^>]*>")


class UnsupportedAttribute(InputError):
    code = "HS120"


class UnsupportedLanguage(InputError):
    code = "HS121"


class UnsupportedScoreType(InputError):
    code = "HS122"


def check_attributes(requested: Mapping[str, Any]) -> list[str]:
    """The requested attribute names, in request order; coded 400s for unknown ones or bad parameters."""
    if not requested:
        raise UnsupportedAttribute(
            "requestedAttributes must name at least one attribute", perspective_error_type="ATTRIBUTES_EMPTY"
        )
    names = list(requested)
    unknown = [n for n in names if n not in ATTRIBUTE_SOURCES]
    if unknown:
        raise UnsupportedAttribute(
            f"Attribute {unknown[0]} is not supported; supported attributes: {', '.join(ATTRIBUTE_SOURCES)}",
            perspective_error_type="ATTRIBUTE_NOT_SUPPORTED", attribute=unknown[0],
        )
    for name, params in requested.items():
        score_type = getattr(params, "scoreType", None)
        if score_type not in (None, "", SCORE_TYPE):
            raise UnsupportedScoreType(
                f"Attribute {name} does not support score type {score_type}; use {SCORE_TYPE}",
                perspective_error_type="SCORE_TYPE_NOT_SUPPORTED",
            )
    return names


def comment_text(text: str, text_type: str | None, *, max_bytes: int) -> str:
    """The text to analyse. HTML tags become spaces of the same length so offsets still match the input."""
    if not text.strip():
        raise EmptyInput("Comment must be non-empty.", perspective_error_type="COMMENT_EMPTY")
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        exc = InputTooLarge(
            f"Comment text too long: {size:,} bytes; the limit is {max_bytes:,} bytes of UTF-8",
            perspective_error_type="COMMENT_TOO_LONG", limit_bytes=max_bytes,
        )
        exc.http_status = 400  # Perspective answers 400 INVALID_ARGUMENT, not 413
        raise exc
    if text_type == "HTML":
        text = _TAG.sub(lambda m: " " * len(m.group(0)), text)
        if not text.strip():
            raise EmptyInput("Comment must be non-empty.", perspective_error_type="COMMENT_EMPTY")
    return text


def resolve_languages(
    requested: list[str] | None, text: str, *, supported: Iterable[str], attributes: list[str]
) -> tuple[list[str], list[str]]:
    """(languages, detectedLanguages) as Perspective reports them, or a 400 for unsupported languages."""
    supported = {primary_subtag(s) for s in supported}
    guess = detect_language(text)
    detected = [] if guess == "und" else [guess]
    if requested:
        if not any(primary_subtag(tag) in supported for tag in requested):
            raise UnsupportedLanguage(
                f"Attribute {attributes[0]} does not support request languages: {', '.join(requested)}",
                perspective_error_type="LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE",
            )
        return list(requested), detected
    if guess == "und" and supported:
        # Too little text to tell: analyse it rather than refuse, as English when that is supported.
        return ["en" if "en" in supported else sorted(supported)[0]], detected
    if guess not in supported:
        raise UnsupportedLanguage(
            f"Attribute {attributes[0]} does not support request languages: {guess}",
            perspective_error_type="LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE",
        )
    return [guess], detected


def utf16_offsets(text: str) -> Callable[[int], int]:
    """Perspective's span offsets count UTF-16 code units; Python's count code points."""
    if text.isascii() or all(ord(c) <= 0xFFFF for c in text):
        return lambda i: i
    prefix = [0]
    for ch in text:
        prefix.append(prefix[-1] + (2 if ord(ch) > 0xFFFF else 1))
    return lambda i: prefix[i]


def _score(value: float) -> dict[str, Any]:
    return {"value": round(float(value), 6), "type": SCORE_TYPE}


def attribute_scores(
    analysis: Analysis,
    requested: Mapping[str, Any],
    *,
    span_annotations: bool,
    counts: Callable[[Finding], bool],
) -> dict[str, Any]:
    """``attributeScores`` for the requested attributes (those under their ``scoreThreshold`` are left out)."""
    to16 = utf16_offsets(analysis.text)
    full_end = to16(len(analysis.text))
    out: dict[str, Any] = {}
    for name in requested:
        sources = ATTRIBUTE_SOURCES[name]
        summary = max((float(analysis.scores.get(label, 0.0)) for label in sources), default=0.0)
        threshold = getattr(requested[name], "scoreThreshold", None)
        if threshold is not None and summary < threshold:
            continue
        spans: dict[tuple[int, int], float] = {}
        if span_annotations:
            for f in analysis.findings:
                if f.label in sources and counts(f):
                    key = (to16(f.start), to16(f.end))
                    spans[key] = max(spans.get(key, 0.0), float(f.score))
            if threshold is not None:
                spans = {k: v for k, v in spans.items() if v >= threshold}
        if not spans:
            spans = {(0, full_end): summary}
        out[name] = {
            "spanScores": [{"begin": b, "end": e, "score": _score(v)} for (b, e), v in sorted(spans.items())],
            "summaryScore": _score(summary),
        }
    return out


def build_response(
    analysis: Analysis,
    request: Any,
    *,
    languages: list[str],
    detected: list[str],
    counts: Callable[[Finding], bool],
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "attributeScores": attribute_scores(
            analysis, request.requestedAttributes, span_annotations=request.spanAnnotations, counts=counts
        ),
        "languages": languages,
        "detectedLanguages": detected,
    }
    if request.clientToken is not None:
        body["clientToken"] = request.clientToken
    return body
