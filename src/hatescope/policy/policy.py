"""Stage 6: turn findings (with stance) into a decision a moderation team can act on and audit.

A policy is a versioned TOML file (docs/POLICY.md). Two ways to derive one policy from another:

* ``[policy] extends = "default"`` — a whole file on top of a packaged policy (by name) or another
  file (path relative to the extending file); tables merge key by key.
* ``[communities.NAME]`` — overlays inside one file, selected with ``Policy.load(path, community=NAME)``,
  ``resolve_policy("path.toml#NAME")`` or ``--policy path.toml#NAME`` on the command line.

Every file is validated before use; an error names the file, the line and the key.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

from hatescope.errors import PolicyError
from hatescope.labels import catalogue as label_catalogue
from hatescope.policy.schema import SourceText, check_complete, check_document, fail, merge
from hatescope.types import Finding

#: Policies shipped in ``hatescope/policy/defaults`` and usable by name.
PACKAGED = ("default", "strict", "newsroom")
_MAX_EXTENDS = 8


@dataclass(frozen=True)
class LabelRule:
    label: float
    review: float
    remove: float
    hateful: bool
    #: Stances that count for this label; None = the policy's ``actionable_stances``.
    stances: tuple[str, ...] | None = None

    def action_for(self, score: float) -> str:
        if score >= self.remove:
            return "remove"
        if score >= self.review:
            return "review"
        if score >= self.label:
            return "label"
        return "allow"

    def threshold(self, action: str) -> float:
        return float(getattr(self, action))


@dataclass(frozen=True)
class Policy:
    name: str
    version: str
    labels: Mapping[str, LabelRule]
    actionable_stances: tuple[str, ...] = ("endorse",)
    antisemitism_definition: str = "ihra"
    reported_hate_action: str = "allow"
    #: The most severe action this policy takes automatically (a newsroom: "review", never "remove").
    max_action: str = "remove"
    #: Actions that put an item in the human review queue.
    queue_actions: tuple[str, ...] = ("review",)
    #: Fraction of the other items sampled into the queue for quality control (deterministic by text).
    sample_rate: float = 0.0
    #: What to do when the definition in force calls an antisemitism finding "contested".
    contested_action: str = "review"
    contested_hateful: bool = False
    #: What to do when the definition in force says a finding is not antisemitic.
    not_antisemitic_action: str = "label"
    description: str = ""
    community: str | None = None
    communities: tuple[str, ...] = ()
    source: str = "<builtin>"
    #: The whole merged document (``extends`` applied, communities kept), for ``for_community``.
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False)
    #: The files the policy came from, for line numbers in later errors.
    sources: tuple[SourceText, ...] = field(default=(), repr=False, compare=False)

    # -- building -------------------------------------------------------------------------------

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], *, source: str = "<dict>", community: str | None = None,
        _sources: list[SourceText] | None = None,
    ) -> "Policy":
        sources = _sources or [SourceText(source, "")]
        if _sources is None:  # a plain dict: validate it, and follow `extends` to a packaged policy
            data, sources = _with_base(dict(data), sources, None, ())
        communities = dict(data.get("communities", {}))
        merged = {k: v for k, v in data.items() if k != "communities"}
        check_complete(merged, sources)
        for name, overlay in communities.items():  # every community is checked, selected or not
            check_complete(merge(merged, overlay), sources, prefix=("communities", name))
        if community is not None:
            if community not in communities:
                known = ", ".join(sorted(communities)) or "none"
                raise PolicyError(f"{sources[-1].name}: no [communities.{community}] section (communities: {known})",
                                  key=f"communities.{community}")
            merged = merge(merged, communities[community])
        head = merged.get("policy", {})
        labels = {
            name: LabelRule(
                label=float(rule["label"]),
                review=float(rule["review"]),
                remove=float(rule["remove"]),
                hateful=bool(rule.get("hateful", False)),
                stances=tuple(rule["stances"]) if "stances" in rule else None,
            )
            for name, rule in merged.get("labels", {}).items()
        }
        review = merged.get("review", {})
        anti = merged.get("antisemitism", {})
        return cls(
            name=str(head.get("name", "unnamed")),
            version=str(head.get("version", "0")),
            labels=labels,
            actionable_stances=tuple(head.get("actionable_stances", ("endorse",))),
            antisemitism_definition=str(head.get("antisemitism_definition", "ihra")),
            reported_hate_action=str(head.get("reported_hate_action", "allow")),
            max_action=str(head.get("max_action", "remove")),
            queue_actions=tuple(review.get("queue_actions", ("review",))),
            sample_rate=float(review.get("sample_rate", 0.0)),
            contested_action=str(anti.get("contested_action", "review")),
            contested_hateful=bool(anti.get("contested_hateful", False)),
            not_antisemitic_action=str(anti.get("not_antisemitic_action", "label")),
            description=str(head.get("description", "")),
            community=community,
            communities=tuple(sorted(communities)),
            source=sources[-1].name,
            raw=dict(data),
            sources=tuple(sources),
        )

    @classmethod
    def load(cls, path: str | Path, *, community: str | None = None) -> "Policy":
        data, sources = _load_chain(Path(path), seen=())
        return cls.from_dict(data, community=community, _sources=sources)

    @classmethod
    def packaged(cls, name: str, *, community: str | None = None) -> "Policy":
        if name not in PACKAGED:
            raise PolicyError(f"no packaged policy '{name}' (packaged: {', '.join(PACKAGED)})")
        return _packaged_policy(name, community)

    @classmethod
    def default(cls) -> "Policy":
        return cls.packaged("default")

    # -- using ----------------------------------------------------------------------------------

    @property
    def id(self) -> str:
        """``name[/community]@version``: what analyses record as the policy version."""
        scope = f"/{self.community}" if self.community else ""
        return f"{self.name}{scope}@{self.version}"

    def rule(self, label: str) -> LabelRule | None:
        """The policy's rule for ``label``; else the default rule the label's declaration carries (a plug-in
        detector's label the policy does not name); else None: the label is scored, never acted on."""
        own = self.labels.get(label)
        if own is not None:
            return own
        spec = label_catalogue.spec(label)
        if spec is None or spec.default_rule is None:
            return None
        return _declared_rule(label, spec.default_rule, spec.hateful)

    def counts(self, finding: Finding) -> bool:
        """Whether the finding's stance makes it count (the label's own stances, else the policy's)."""
        rule = self.rule(finding.label)
        stances = rule.stances if rule is not None and rule.stances is not None else self.actionable_stances
        return finding.stance in stances

    def for_community(self, community: str | None) -> "Policy":
        """This policy with ``[communities.NAME]`` applied (re-validated)."""
        if community is None or community == self.community:
            return self
        return Policy.from_dict(self.raw, source=self.source, community=community,
                                _sources=list(self.sources) or None)


@functools.lru_cache(maxsize=64)
def _declared_rule(label: str, thresholds: tuple[float, float, float], hateful: bool) -> LabelRule:
    # The label catalogue checked the thresholds' order when the label was declared.
    low, review, remove = (float(t) for t in thresholds)
    return LabelRule(label=low, review=review, remove=remove, hateful=hateful)


@functools.lru_cache(maxsize=32)
def _packaged_policy(name: str, community: str | None) -> Policy:
    # Packaged files never change while running, and a Policy is immutable: parse each once.
    data, sources = _load_packaged(name, seen=())
    return Policy.from_dict(data, community=community, _sources=sources)


def _packaged_text(name: str) -> str:
    return resources.files("hatescope.policy").joinpath(f"defaults/{name}.toml").read_text(encoding="utf-8")


def _parse(text: str, name: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # tomllib's message already ends "(at line N, column M)".
        raise PolicyError(f"{name}: not valid TOML: {exc}", file=name) from None


def _with_base(data: dict[str, Any], sources: list[SourceText], here: Path | None, seen: tuple[str, ...]) -> tuple[dict[str, Any], list[SourceText]]:
    check_document(data, sources)
    extends = data.get("policy", {}).get("extends")
    if extends is None:
        return data, sources
    if len(seen) >= _MAX_EXTENDS or extends in seen:
        raise fail(sources, ("policy", "extends"), f"'extends' chain is circular or deeper than {_MAX_EXTENDS}: {' → '.join(seen + (extends,))}")
    candidate = (here.parent / extends) if here is not None else None
    if candidate is not None and candidate.is_file():
        base, base_sources = _load_chain(candidate, seen=seen + (extends,))
    elif extends in PACKAGED:
        base, base_sources = _load_packaged(extends, seen=seen + (extends,))
    else:
        raise fail(sources, ("policy", "extends"), f"cannot find '{extends}': not a packaged policy ({', '.join(PACKAGED)}) nor a file next to this one")
    own = {k: v for k, v in data.items()}
    own["policy"] = {k: v for k, v in data.get("policy", {}).items() if k != "extends"}
    return merge(base, own), base_sources + sources


def _load_chain(path: Path, *, seen: tuple[str, ...]) -> tuple[dict[str, Any], list[SourceText]]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PolicyError(f"policy file not found: {path}", file=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(f"cannot read policy file {path}: {exc}", file=str(path)) from None
    return _with_base(_parse(text, str(path)), [SourceText(str(path), text)], path, seen)


def _load_packaged(name: str, *, seen: tuple[str, ...]) -> tuple[dict[str, Any], list[SourceText]]:
    text = _packaged_text(name)
    label = f"packaged:{name}"
    return _with_base(_parse(text, label), [SourceText(label, text)], None, seen)


def resolve_policy(policy: "Policy | str | Path | None", *, community: str | None = None) -> Policy:
    """A Policy from a Policy, a file path, a packaged name (``"strict"``), or None (the default).

    Strings may name a community after ``#``: ``"site.toml#kids"``, ``"default#newsroom"``.
    """
    if policy is None:
        resolved = Policy.default()
    elif isinstance(policy, Policy):
        resolved = policy
    else:
        spec = str(policy)
        if "#" in spec and not Path(spec).is_file():
            spec, _, name = spec.rpartition("#")
            community = community or name or None
        if spec in PACKAGED and not Path(spec).is_file():
            return Policy.packaged(spec, community=community)
        return Policy.load(spec, community=community)
    return resolved.for_community(community)
