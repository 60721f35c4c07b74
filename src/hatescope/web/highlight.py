"""Turn an analysis into safe HTML pieces: the text with highlighted evidence, and score bars.

The text is cut at every finding boundary and every piece is HTML-escaped on its own, so
whatever the analysed text contains (``<script>``, quotes, ``&``) reaches the browser as text.
Overlapping and nested findings are flattened into runs: each run of characters carries the
set of findings that cover it, coloured by the strongest one and marked ``hl-multi`` when
several overlap. Offsets are Python string indices into the ORIGINAL text, as every finding's are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from markupsafe import Markup, escape

from hatescope.labels import BUILTIN_LABELS, catalogue as label_catalogue
from hatescope.types import Finding, Segment

#: Labels with their own colour in web.css (the built-in ones); a plug-in's label is drawn as ``hl-other``.
COLOURED_LABELS: frozenset[str] = frozenset(BUILTIN_LABELS)


def label_class(label: str) -> str:
    """A CSS class for a label. Only known labels become class names: a label is data, not markup."""
    return f"hl-{label}" if label in COLOURED_LABELS else "hl-other"


def _describe(finding: Finding) -> str:
    parts = [f"{finding.label} {finding.score:.2f}", f"stance {finding.stance}"]
    if finding.target:
        parts.append(f"target {finding.target}")
    return ", ".join(parts)


def highlight(text: str, findings: Sequence[Finding]) -> Markup:
    """The text as HTML with ``<mark>`` around evidence; every piece of text escaped."""
    n = len(text)
    spans = []
    for index, f in enumerate(findings):
        start, end = max(0, min(int(f.start), n)), max(0, min(int(f.end), n))
        if start < end:  # an empty or inverted span has nothing to show
            spans.append((start, end, index, f))
    if not spans:
        return Markup(escape(text))
    cuts = sorted({0, n, *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans)})
    spans.sort(key=lambda s: s[0])
    out: list[str] = []
    active: list[tuple[int, int, int, Finding]] = []
    next_span = 0
    for a, b in zip(cuts, cuts[1:]):
        # Sweep: add spans starting here, drop spans that ended. Runs are between consecutive cuts,
        # so a span either covers a run entirely or not at all.
        while next_span < len(spans) and spans[next_span][0] <= a:
            active.append(spans[next_span])
            next_span += 1
        active = [s for s in active if s[1] > a]
        piece = escape(text[a:b])
        if not active:
            out.append(str(piece))
            continue
        covering = sorted(active, key=lambda s: (-s[3].score, s[2]))
        top = covering[0][3]
        classes = ["hl", label_class(top.label)]
        if len(covering) > 1:
            classes.append("hl-multi")
        if all(s[3].stance != "endorse" for s in covering):
            classes.append("hl-not-author")  # quoted, reported, countered, negated: drawn dashed
        title = "; ".join(_describe(s[3]) for s in covering)
        refs = " ".join(f"finding-{s[2]}" for s in sorted(covering, key=lambda s: s[2]))
        out.append(
            f'<mark class="{" ".join(classes)}" title="{escape(title)}" data-findings="{refs}">{piece}</mark>'
        )
    return Markup("".join(out))


@dataclass(frozen=True)
class ScoreBar:
    label: str
    score: float
    css: str

    @property
    def percent(self) -> float:
        return round(max(0.0, min(1.0, self.score)) * 100, 1)


def score_bars(scores: Mapping[str, float]) -> list[ScoreBar]:
    """Scores in the label catalogue's order (the built-in labels, then plug-ins'; any others sorted), for the bar chart."""
    ordered = label_catalogue.ordered(scores)
    return [ScoreBar(label=k, score=float(scores[k]), css=label_class(k)) for k in ordered]


@dataclass(frozen=True)
class VoiceRow:
    """One segment as the item page lists it: whose voice, with what stance, and its findings."""

    segment: Segment
    findings: tuple[int, ...]


def voices(segments: Iterable[Segment], findings: Sequence[Finding]) -> list[VoiceRow]:
    rows = []
    for seg in segments:
        hits = tuple(i for i, f in enumerate(findings) if f.segment == seg.index)
        rows.append(VoiceRow(segment=seg, findings=hits))
    return rows


def labels_present(findings: Iterable[Finding]) -> list[str]:
    """Labels to show in the legend: those that occur, in the label catalogue's order."""
    return label_catalogue.ordered({f.label for f in findings})
