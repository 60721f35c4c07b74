"""OpenAI moderation compatibility: an Analysis as one OpenAI moderation result, and OpenAI's error shape.

Scores count only findings in the author's own voice (``Analysis.scores``), so quoted, reported and
countered hate scores 0 here too. ``flagged`` follows the policy's decision, never a threshold of its own:

    category                score = max of these scores          flagged when
    hate                    every label the policy marks          the analysis is hateful
                            ``hateful`` (default: hate,
                            dehumanization, incitement, threat,
                            antisemitism, coded_language)
    hate/threatening        incitement, threat                    hateful, and a counted incitement/threat
                                                                  finding reached its label's review threshold
    harassment              insult, threat                        a counted insult/threat finding reached the
                                                                  score at which the policy acts on its label
    harassment/threatening  threat                                a counted threat reached its review threshold
    violence                incitement, threat                    a counted incitement/threat reached its review
                                                                  threshold
    illicit, illicit/violent, self-harm, self-harm/intent, self-harm/instructions, sexual, sexual/minors,
    violence/graphic: not modelled by hatescope; always false, score 0.0, applied input types [].

``CATEGORIES`` is the single source of truth for this table and for docs/API.md's; the labels behind each
category come from the labels' declarations (hatescope.labels.LabelSpec.moderation; "hate" reads the policy), so
a plug-in detector's label reaches the categories it names with no change here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

from starlette.responses import JSONResponse

from hatescope.labels import catalogue as label_catalogue
from hatescope.types import SCORE_LABELS, Analysis, Finding


@dataclass(frozen=True)
class Category:
    name: str
    #: The category score is the maximum over the labels the policy marks hateful (else: over the labels whose
    #: declaration names the category; none: a category hatescope does not model).
    from_policy: bool = False
    #: Which of the label's policy thresholds a counted finding must reach: "review" or "label" (first action).
    level: str = "review"
    #: Flag only when the whole analysis is hateful (the policy's verdict on protected-group hate).
    needs_hateful: bool = False


CATEGORIES: tuple[Category, ...] = (
    Category("harassment", level="label"),
    Category("harassment/threatening"),
    Category("hate", from_policy=True, needs_hateful=True),
    Category("hate/threatening", needs_hateful=True),
    Category("illicit"),
    Category("illicit/violent"),
    Category("self-harm"),
    Category("self-harm/intent"),
    Category("self-harm/instructions"),
    Category("sexual"),
    Category("sexual/minors"),
    Category("violence"),
    Category("violence/graphic"),
)
CATEGORY_NAMES: tuple[str, ...] = tuple(c.name for c in CATEGORIES)


def hateful_labels(policy: Any) -> tuple[str, ...]:
    """The labels that make a text hateful under ``policy`` (its rules, or the labels' declared default rules,
    with ``hateful = true``); with none, the labels declared hateful."""
    rule = getattr(policy, "rule", None)
    found = ()
    if rule is not None:
        found = tuple(label for label in label_catalogue if (r := rule(label)) is not None and r.hateful)
    return found or label_catalogue.hateful()


def category_sources(cat: Category, policy: Any) -> tuple[str, ...]:
    """The labels whose maximum score is ``cat``'s score; empty for a category hatescope does not model."""
    if cat.from_policy:
        return hateful_labels(policy)
    return label_catalogue.where(lambda spec: cat.name in spec.moderation)


def _reached(findings: Sequence[Finding], labels: tuple[str, ...], level: str, policy: Any) -> bool:
    """True when a finding in the author's voice with one of ``labels`` reached the policy's ``level`` threshold."""
    for f in findings:
        if f.label not in labels or not policy.counts(f):
            continue
        rule = policy.rule(f.label)
        if rule is not None and f.score >= rule.threshold(level):
            return True
    return False


@dataclass(frozen=True)
class TextPiece:
    """Where one text part sits in the text that was analysed (parts are joined), so spans map back to it."""

    part: int
    start: int
    end: int


def moderation_result(analysis: Analysis, policy: Any, *, pieces: Sequence[TextPiece] | None = None) -> dict[str, Any]:
    """One entry of ``results``: OpenAI's four keys, and hatescope's account of the decision under ``hatescope``."""
    categories: dict[str, bool] = {}
    scores: dict[str, float] = {}
    applied: dict[str, list[str]] = {}
    for cat in CATEGORIES:
        sources = category_sources(cat, policy)
        if not sources:  # a category hatescope does not model
            categories[cat.name], scores[cat.name], applied[cat.name] = False, 0.0, []
            continue
        score = max(float(analysis.scores.get(label, 0.0)) for label in sources)
        if cat.from_policy:  # hate: the policy's own verdict, definitions of antisemitism included
            flagged = analysis.hateful
        else:
            flagged = _reached(analysis.findings, sources, cat.level, policy) and (analysis.hateful or not cat.needs_hateful)
        categories[cat.name], scores[cat.name], applied[cat.name] = flagged, round(score, 6), ["text"]
    return {
        "flagged": any(categories.values()),
        "categories": categories,
        "category_scores": scores,
        "category_applied_input_types": applied,
        "hatescope": hatescope_details(analysis, policy.counts, pieces=pieces),
    }


def blank_result(reason: str) -> dict[str, Any]:
    """The result for an input with no text to analyse: nothing flagged, every score 0."""
    return {
        "flagged": False,
        "categories": {c.name: False for c in CATEGORIES},
        "category_scores": {c.name: 0.0 for c in CATEGORIES},
        "category_applied_input_types": {c.name: (["text"] if category_sources(c, None) else []) for c in CATEGORIES},
        "hatescope": {
            "action": "allow", "hateful": False, "scores": {label: 0.0 for label in SCORE_LABELS},
            "labels": [], "targets": [], "spans": [], "reasons": [reason], "versions": {},
        },
    }


def hatescope_details(
    analysis: Analysis, counts: Callable[[Finding], bool], *, pieces: Sequence[TextPiece] | None = None
) -> dict[str, Any]:
    """What OpenAI's shape has no room for: the action, every finding's span (offsets into the input as sent,
    in code points), its target and stance, and the reasons for the decision."""
    spans = []
    for f in analysis.findings:
        span: dict[str, Any] = {
            "label": f.label, "start": f.start, "end": f.end, "text": f.text, "score": round(float(f.score), 6),
            "stance": f.stance, "target": f.target, "counted": bool(counts(f)), "reasons": list(f.reasons),
        }
        if pieces is not None:
            span.update(_in_part(f.start, f.end, pieces))
        spans.append(span)
    return {
        "action": analysis.action,
        "hateful": analysis.hateful,
        "scores": {k: round(float(v), 6) for k, v in analysis.scores.items()},
        "labels": list(analysis.labels),
        "targets": sorted({f.target for f in analysis.findings if f.target and counts(f)}),
        "spans": spans,
        "reasons": list(analysis.reasons),
        "versions": dict(analysis.versions),
    }


def _in_part(start: int, end: int, pieces: Sequence[TextPiece]) -> dict[str, int]:
    """Offsets into the joined text → the text part they fall in, with offsets into that part."""
    piece = next((p for p in pieces if start < p.end or p is pieces[-1]), pieces[-1])
    s = min(max(start, piece.start), piece.end) - piece.start
    e = min(max(end, piece.start), piece.end) - piece.start
    return {"part": piece.part, "start": s, "end": max(s, e)}


# ------------------------------------------------------------------ errors
#: OpenAI's error ``type`` for each HTTP status this endpoint answers with.
_ERROR_TYPES = {401: "invalid_request_error", 403: "invalid_request_error", 429: "requests"}


def error_type(status: int) -> str:
    if status in _ERROR_TYPES:
        return _ERROR_TYPES[status]
    return "server_error" if status >= 500 else "invalid_request_error"


def openai_error_response(
    status: int, code: str, message: str, *, details: dict[str, Any] | None = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    """``{"error": {"message", "type", "param", "code"}}`` as OpenAI answers; ``code`` is the hatescope code.

    OpenAI never answers 422: a body of the wrong shape is a 400, as OpenAI's SDKs expect (BadRequestError)."""
    status = 400 if status == 422 else status
    param = (details or {}).get("param")
    body = {"error": {
        "message": message, "type": error_type(status), "param": param if isinstance(param, str) else None, "code": code,
    }}
    return JSONResponse(body, status_code=status, headers=headers)
