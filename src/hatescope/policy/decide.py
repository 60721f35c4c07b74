"""Apply a Policy to stance-annotated findings: scores, hateful, action, and the reasons for each."""

from __future__ import annotations

from hatescope.document import Document
from hatescope.policy.policy import Policy
from hatescope.types import ACTIONS, SCORE_LABELS, Analysis, Finding

_SEVERITY = {a: i for i, a in enumerate(ACTIONS)}


def decide(doc: Document, findings: list[Finding], policy: Policy, *, versions: dict[str, str]) -> Analysis:
    scores = {label: 0.0 for label in SCORE_LABELS}
    action, reasons, hateful = "allow", [], False
    reported: list[Finding] = []
    for f in sorted(findings, key=lambda f: -f.score):
        rule = policy.rule(f.label)
        if not policy.counts(f):
            if rule is not None and rule.hateful and f.score >= rule.review:
                reported.append(f)
            continue
        scores[f.label] = max(scores.get(f.label, 0.0), f.score)
        if rule is None:
            continue
        act = rule.action_for(f.score)
        if act != "allow":
            reasons.append(
                f"{act}: {f.label} {f.score:.2f} ≥ {getattr(rule, act):.2f} "
                f"({f.detector}, stance {f.stance}) on “{_clip(f.text)}” [{f.start}:{f.end}]"
            )
        if _SEVERITY[act] > _SEVERITY[action]:
            action = act
        if rule.hateful and f.score >= rule.review:
            hateful = True
    labels: list[str] = []
    context: dict[str, object] = {}
    if reported:
        labels.append("reports_hate")
        speakers = sorted({_speaker(doc, f) or "unknown" for f in reported})
        context["reported_hate"] = [
            {"speaker": _speaker(doc, f), "stance": f.stance, "label": f.label, "start": f.start, "end": f.end}
            for f in reported
        ]
        reasons.append(f"reported/quoted/countered hate by {', '.join(speakers)}: not in the author's voice")
        if _SEVERITY[policy.reported_hate_action] > _SEVERITY[action]:
            action = policy.reported_hate_action
    if not reasons:
        reasons.append("no finding reached a policy threshold")
    return Analysis(
        text=doc.original,
        kind=doc.kind,
        hateful=hateful,
        action=action,
        scores=scores,
        findings=tuple(sorted(findings, key=lambda f: (f.start, f.end, f.label))),
        segments=tuple(doc.segments),
        reasons=tuple(reasons),
        labels=tuple(labels),
        context=context,
        versions={**versions, "policy": f"{policy.name}@{policy.version}"},
    )


def _speaker(doc: Document, f: Finding) -> str | None:
    if f.segment is None or f.segment >= len(doc.segments):
        return None
    return doc.segments[f.segment].speaker


def _clip(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
