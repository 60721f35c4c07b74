"""Stage 6: turn findings (with stance) into a decision a moderation team can act on and audit."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

from hatescope.errors import PolicyError
from hatescope.types import ACTIONS, STANCES, Finding


@dataclass(frozen=True)
class LabelRule:
    label: float
    review: float
    remove: float
    hateful: bool

    def action_for(self, score: float) -> str:
        if score >= self.remove:
            return "remove"
        if score >= self.review:
            return "review"
        if score >= self.label:
            return "label"
        return "allow"


@dataclass(frozen=True)
class Policy:
    name: str
    version: str
    labels: Mapping[str, LabelRule]
    actionable_stances: tuple[str, ...] = ("endorse",)
    antisemitism_definition: str = "ihra"
    reported_hate_action: str = "allow"
    description: str = ""
    source: str = "<builtin>"
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: str = "<dict>") -> "Policy":
        head = data.get("policy", {})
        labels = {}
        for name, rule in data.get("labels", {}).items():
            try:
                labels[name] = LabelRule(
                    label=float(rule["label"]),
                    review=float(rule["review"]),
                    remove=float(rule["remove"]),
                    hateful=bool(rule.get("hateful", False)),
                )
            except (KeyError, TypeError, ValueError) as exc:
                raise PolicyError(f"{source}: [labels.{name}] is invalid: {exc}") from None
        stances = tuple(head.get("actionable_stances", ("endorse",)))
        bad = [s for s in stances if s not in STANCES]
        if bad:
            raise PolicyError(f"{source}: policy.actionable_stances has unknown stance(s) {bad}")
        reported = head.get("reported_hate_action", "allow")
        if reported not in ACTIONS:
            raise PolicyError(f"{source}: policy.reported_hate_action must be one of {ACTIONS}")
        return cls(
            name=str(head.get("name", "unnamed")),
            version=str(head.get("version", "0")),
            labels=labels,
            actionable_stances=stances,
            antisemitism_definition=str(head.get("antisemitism_definition", "ihra")),
            reported_hate_action=reported,
            description=str(head.get("description", "")),
            source=source,
            raw=data,
        )

    @classmethod
    def load(cls, path: str | Path) -> "Policy":
        p = Path(path)
        try:
            data = tomllib.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise PolicyError(f"policy file not found: {p}") from None
        except tomllib.TOMLDecodeError as exc:
            raise PolicyError(f"{p}: {exc}") from None
        return cls.from_dict(data, source=str(p))

    @classmethod
    def default(cls) -> "Policy":
        text = resources.files("hatescope.policy").joinpath("defaults/default.toml").read_text(encoding="utf-8")
        return cls.from_dict(tomllib.loads(text), source="default.toml")

    def rule(self, label: str) -> LabelRule | None:
        return self.labels.get(label)

    def counts(self, finding: Finding) -> bool:
        return finding.stance in self.actionable_stances


def resolve_policy(policy: "Policy | str | Path | None") -> Policy:
    if policy is None:
        return Policy.default()
    if isinstance(policy, Policy):
        return policy
    return Policy.load(policy)
