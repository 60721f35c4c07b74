"""Apply a Policy to stance-annotated findings: scores, hateful, action, and the reasons for each.

Every reason names the finding (label, score, detector, stance, span), the rule
(``labels.<label>.<action>`` of ``policy@version``) and the threshold it crossed, so a moderator
can tell exactly why an item was labelled, queued or removed.
"""

from __future__ import annotations

import hashlib
from typing import Any, Sequence

from hatescope.document import Document
from hatescope.ingest.language_guess import CONFIDENT
from hatescope.policy.policy import Policy
from hatescope.types import ACTIONS, SCORE_LABELS, Analysis, Finding

_SEVERITY = {a: i for i, a in enumerate(ACTIONS)}


def _milder(a: str, b: str) -> str:
    return a if _SEVERITY[a] <= _SEVERITY[b] else b


def decide(
    doc: Document, findings: list[Finding], policy: Policy, *, versions: dict[str, str],
    scored_labels: Sequence[str] = SCORE_LABELS,
) -> Analysis:
    """``scored_labels``: those every analysis scores (0.0 when nothing found): the built-in ones and the engine's
    detectors' (``Engine.labels``)."""
    scores = {label: 0.0 for label in scored_labels}
    action, reasons, hateful = "allow", [], False
    reported: list[Finding] = []
    flagged_labels: set[str] = set()
    flagged_targets: set[str] = set()
    definitions: dict[tuple[int, int], dict[str, Any]] = {}
    kept: list[Finding] = []
    for f in sorted(findings, key=lambda f: -f.score):
        rule = policy.rule(f.label)
        verdict = _definition_verdict(f, policy, definitions)
        if not policy.counts(f):
            # Not the author's voice. It is reported *hate* only if the definition in force agrees.
            if rule is not None and rule.hateful and f.score >= rule.review and verdict != "not_antisemitic":
                reported.append(f)
            kept.append(f)
            continue
        scores[f.label] = max(scores.get(f.label, 0.0), f.score)
        if rule is None:
            kept.append(f)
            continue
        act = rule.action_for(f.score)
        makes_hateful = rule.hateful and f.score >= rule.review
        if verdict in ("not_antisemitic", "contested"):
            cap = policy.not_antisemitic_action if verdict == "not_antisemitic" else policy.contested_action
            makes_hateful = makes_hateful and verdict == "contested" and policy.contested_hateful
            note = _definition_note(f, policy, verdict, act, cap)
            f = f.adjusted("policy", note)
            act = _milder(act, cap)
            reasons.append(note)
        kept.append(f)
        if act != "allow":
            flagged_labels.add(f.label)
            if f.target:
                flagged_targets.add(f.target)
            reasons.append(
                f"{act}: {f.label} {f.score:.2f} ≥ {rule.threshold(act):.2f} "
                f"(rule labels.{f.label}.{act} of {_rule_origin(policy, f.label)}; {f.detector}, stance {f.stance}) "
                f"on “{_clip(f.text)}” [{f.start}:{f.end}]"
            )
        if _SEVERITY[act] > _SEVERITY[action]:
            action = act
        hateful = hateful or makes_hateful
    labels: list[str] = []
    context: dict[str, Any] = {}
    if reported:
        labels.append("reports_hate")
        speakers = sorted({_speaker(doc, f) or "unknown" for f in reported})
        context["reported_hate"] = [
            {"speaker": _speaker(doc, f), "stance": f.stance, "label": f.label, "start": f.start, "end": f.end}
            for f in reported
        ]
        reasons.append(f"reported/quoted/countered hate by {', '.join(speakers)}: not in the author's voice "
                       f"(rule policy.reported_hate_action = {policy.reported_hate_action})")
        if _SEVERITY[policy.reported_hate_action] > _SEVERITY[action]:
            action = policy.reported_hate_action
    if definitions:
        differ = any(d["ihra_verdict"] != d["jda_verdict"] for d in definitions.values())
        context["antisemitism"] = {
            "definition": policy.antisemitism_definition,
            "definitions_differ": differ,
            "findings": [definitions[k] for k in sorted(definitions)],
        }
        if differ:
            labels.append("antisemitism_definitions_differ")
    if _SEVERITY[action] > _SEVERITY[policy.max_action]:
        reasons.append(f"{policy.max_action}: {policy.id} never takes '{action}' automatically "
                       f"(rule policy.max_action = {policy.max_action})")
        action = policy.max_action
    if doc.language_report is not None:  # an English-only detector sat out, a multilingual one may have scored
        language = context["language"] = doc.language_report.to_dict()
        scored_by = ", ".join(language.get("applied", [])) or "the lexicons only"
        guess, confidence = language.get("language_guess"), language.get("language_confidence", 0.0)
        confident = guess not in (None, "en", "und") and confidence >= CONFIDENT
        why = (f"read as {guess}, confidence {confidence:.2f}" if confident
               else f"{language['english_share']:.0%} of its words are English")
        reasons.append(f"not read as English ({why}): "
                       f"{', '.join(language['skipped']) or 'no detector'} not applied; scored by {scored_by}")
    if not reasons:
        reasons.append("no finding reached a policy threshold")
    queued = action in policy.queue_actions
    sampled = not queued and policy.sample_rate > 0 and _bucket(doc.original) < policy.sample_rate
    if sampled:
        reasons.append(f"sampled for review at rate {policy.sample_rate:g} (rule review.sample_rate)")
    context["review"] = {"queued": queued or sampled, "sampled": sampled}
    context["flagged"] = {"labels": sorted(flagged_labels), "targets": sorted(flagged_targets)}
    if doc.source is not None:  # an HTML article, read as its text; offsets still refer to the HTML (`text`)
        context["ingest"] = {"format": "html", "received_chars": len(doc.original), "text_chars": len(doc.source.text)}
    return Analysis(
        text=doc.original,
        kind=doc.kind,
        hateful=hateful,
        action=action,
        scores=scores,
        findings=tuple(sorted(kept, key=lambda f: (f.start, f.end, f.label))),
        segments=tuple(doc.segments),
        reasons=tuple(reasons),
        labels=tuple(labels),
        context=context,
        versions={**versions, "policy": policy.id},
    )


def _rule_origin(policy: Policy, label: str) -> str:
    """The policy, or the label's declared default rule when the policy names no rule for it."""
    return policy.id if label in policy.labels else f"the label's declared default under {policy.id}"


def _definition_verdict(f: Finding, policy: Policy, seen: dict[tuple[int, int], dict[str, Any]]) -> str | None:
    """The verdict of the antisemitism definition in force on ``f``; None when ``f`` has none.

    Records both definitions' readings (once per span) so the output shows them side by side.
    """
    meta = f.meta or {}
    ihra, jda = meta.get("ihra_verdict"), meta.get("jda_verdict")
    if ihra is None and jda is None:
        return None
    ihra, jda = ihra or "antisemitic", jda or "contested"
    verdict = ihra if policy.antisemitism_definition == "ihra" else jda
    seen.setdefault((f.start, f.end), {
        "start": f.start, "end": f.end, "text": f.text,
        "ihra": meta.get("ihra"), "jda": meta.get("jda"),
        "ihra_verdict": ihra, "jda_verdict": jda,
        "in_force": policy.antisemitism_definition, "verdict": verdict,
    })
    return verdict


def _definition_note(f: Finding, policy: Policy, verdict: str, act: str, cap: str) -> str:
    meta = f.meta or {}
    chosen = policy.antisemitism_definition.upper()
    other = "JDA" if chosen == "IHRA" else "IHRA"
    ref = meta.get(policy.antisemitism_definition) or "?"
    other_ref = meta.get(other.lower()) or "?"
    other_verdict = meta.get(f"{other.lower()}_verdict") or "?"
    return (
        f"{f.label} on “{_clip(f.text)}” is {verdict.replace('_', ' ')} under {chosen} ({ref}); "
        f"{other} ({other_ref}) says {other_verdict.replace('_', ' ')}: action at most '{cap}' "
        f"(rule antisemitism.{'contested' if verdict == 'contested' else 'not_antisemitic'}_action"
        f"{'' if _SEVERITY[act] <= _SEVERITY[cap] else f', was {act}'})"
    )


def _bucket(text: str) -> float:
    """A stable number in [0, 1) per text, so sampling is reproducible across runs and machines."""
    return int.from_bytes(hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()[:8], "big") / 2**64


def _speaker(doc: Document, f: Finding) -> str | None:
    if f.segment is None or f.segment >= len(doc.segments):
        return None
    return doc.segments[f.segment].speaker


def _clip(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
