"""The public result objects: Finding, Segment, Analysis.

They are frozen and serialise explicitly (never through ``__dict__``) so that the JSON
contract documented in docs/JSON_SCHEMA.md stays stable while internals change.
Every ``start``/``end`` is an offset into the ORIGINAL input text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any, Literal, Mapping

from hatescope.labels import BUILTIN_LABELS

#: Scores every Analysis carries, each in [0, 1]: the built-in labels (hatescope.labels declares them, with
#: what each means downstream). An analysis also scores the labels its engine's plug-in detectors declare.
SCORE_LABELS: tuple[str, ...] = tuple(BUILTIN_LABELS)

Kind = Literal["post", "article"]
KINDS: tuple[str, ...] = ("post", "article")

Stance = Literal["endorse", "report", "quote", "counter", "negated", "question"]
STANCES: tuple[str, ...] = ("endorse", "report", "quote", "counter", "negated", "question")

SegmentKind = Literal["author", "quote", "embedded_post"]
SEGMENT_KINDS: tuple[str, ...] = ("author", "quote", "embedded_post")

Action = Literal["allow", "label", "review", "remove"]
ACTIONS: tuple[str, ...] = ("allow", "label", "review", "remove")  # ordered by severity


@dataclass(frozen=True)
class Adjustment:
    """One step in a finding's history: which stage changed what, and why."""

    stage: str
    reason: str
    score_before: float | None = None
    score_after: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "stage": self.stage,
            "reason": self.reason,
            "score_before": self.score_before,
            "score_after": self.score_after,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Adjustment":
        return cls(d["stage"], d["reason"], d.get("score_before"), d.get("score_after"))


@dataclass(frozen=True)
class Finding:
    """Something a detector found, with its evidence span in the original text."""

    label: str
    start: int
    end: int
    text: str
    score: float
    detector: str
    target: str | None = None
    stance: str = "endorse"
    reasons: tuple[str, ...] = ()
    segment: int | None = None
    #: Detector-specific facts (lexicon entry id, category, IHRA/JDA paragraph...). JSON-safe values only.
    meta: Mapping[str, Any] = field(default_factory=dict)
    history: tuple[Adjustment, ...] = ()

    def adjusted(self, stage: str, reason: str, **changes: Any) -> "Finding":
        """Return a copy with ``changes`` applied and the step recorded in ``history``."""
        before = self.score
        new = replace(self, **changes)
        step = Adjustment(stage, reason, before, new.score)
        return replace(new, history=self.history + (step,), reasons=new.reasons + (reason,))

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "score": round(float(self.score), 6),
            "detector": self.detector,
            "target": self.target,
            "stance": self.stance,
            "reasons": list(self.reasons),
            "segment": self.segment,
            "meta": dict(self.meta),
            "history": [h.to_dict() for h in self.history],
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Finding":
        return cls(
            label=d["label"],
            start=int(d["start"]),
            end=int(d["end"]),
            text=d["text"],
            score=float(d["score"]),
            detector=d["detector"],
            target=d.get("target"),
            stance=d.get("stance", "endorse"),
            reasons=tuple(d.get("reasons", ())),
            segment=d.get("segment"),
            meta=dict(d.get("meta", {})),
            history=tuple(Adjustment.from_dict(h) for h in d.get("history", ())),
        )


@dataclass(frozen=True)
class Segment:
    """A stretch of the input spoken in one voice: the author's, a quote, or an embedded post."""

    index: int
    start: int
    end: int
    text: str
    kind: str = "author"
    speaker: str | None = None
    stance: str = "endorse"
    #: Index of the segment this one is embedded in (a quote inside an author paragraph), if any.
    parent: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind,
            "speaker": self.speaker,
            "stance": self.stance,
            "parent": self.parent,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Segment":
        return cls(
            index=int(d["index"]),
            start=int(d["start"]),
            end=int(d["end"]),
            text=d["text"],
            kind=d.get("kind", "author"),
            speaker=d.get("speaker"),
            stance=d.get("stance", "endorse"),
            parent=d.get("parent"),
        )


@dataclass(frozen=True)
class Analysis:
    """The engine's answer for one input."""

    text: str
    kind: str
    hateful: bool
    action: str
    scores: Mapping[str, float]
    findings: tuple[Finding, ...] = ()
    segments: tuple[Segment, ...] = ()
    #: Why the policy chose ``action`` (rule, finding, threshold), in order of importance.
    reasons: tuple[str, ...] = ()
    #: Informative labels that do not make the text hateful, e.g. ``reports_hate``.
    labels: tuple[str, ...] = ()
    #: Extra structured facts, e.g. which speakers' hate is reported, and per-definition verdicts.
    context: Mapping[str, Any] = field(default_factory=dict)
    #: Model, lexicon and policy versions that produced this analysis.
    versions: Mapping[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "kind": self.kind,
            "hateful": self.hateful,
            "action": self.action,
            "scores": {k: round(float(v), 6) for k, v in self.scores.items()},
            "findings": [f.to_dict() for f in self.findings],
            "segments": [s.to_dict() for s in self.segments],
            "reasons": list(self.reasons),
            "labels": list(self.labels),
            "context": dict(self.context),
            "versions": dict(self.versions),
        }

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Analysis":
        return cls(
            text=d["text"],
            kind=d["kind"],
            hateful=bool(d["hateful"]),
            action=d["action"],
            scores=dict(d["scores"]),
            findings=tuple(Finding.from_dict(f) for f in d.get("findings", ())),
            segments=tuple(Segment.from_dict(s) for s in d.get("segments", ())),
            reasons=tuple(d.get("reasons", ())),
            labels=tuple(d.get("labels", ())),
            context=dict(d.get("context", {})),
            versions=dict(d.get("versions", {})),
        )
