"""Finding labels: what each one means downstream, declared once.

A detector declares the labels it emits (``declared_labels()``, see :mod:`hatescope.detect.base`), each with a
:class:`LabelSpec`; the engine adds every loaded detector's declarations to :data:`catalogue`. Policy validation,
stance, the store's training export, the API mappings and the review page read the catalogue instead of lists of
their own, so a plug-in detector can emit a label nobody downstream has heard of.

The built-in labels (:data:`BUILTIN_LABELS`) are in the catalogue from the start, in the order the JSON contract
lists their scores; every Analysis carries a score for each of them whatever detectors run. Labels declared by
plug-ins follow in the order they were first declared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Callable, Iterator, Mapping

from hatescope.errors import RegistryError


@dataclass(frozen=True)
class LabelSpec:
    """What a label means to the stages after detection."""

    #: Whether the label is hate by nature: it makes a text hateful under a policy that has no rule saying
    #: otherwise, and its narrow findings decide whose voice a sentence-wide finding is in (an insult word does not).
    hateful: bool
    description: str = ""
    #: Thresholds (label, review, remove) for a policy that has no ``[labels.NAME]`` rule of its own. None: such a
    #: policy only scores the label (the built-in labels: every packaged policy names them).
    default_rule: tuple[float, float, float] | None = None
    #: Asking still counts as saying it ("Should we kill all X?"): a question does not soften its stance.
    asked_still_counts: bool = False
    #: A reviewer's "not hateful" verdict is a negative example for this label in the training export.
    negative_when_harmless: bool = False
    #: Perspective attributes whose summary score is the maximum over their labels (every label feeds TOXICITY).
    perspective: tuple[str, ...] = ()
    #: OpenAI moderation categories besides "hate" (which reads the labels the policy calls hateful).
    moderation: tuple[str, ...] = ()


#: The labels the built-in detectors emit, in the JSON contract's order of scores.
BUILTIN_LABELS: Mapping[str, LabelSpec] = MappingProxyType({
    "hate": LabelSpec(
        hateful=True, description="hatred of a protected group", negative_when_harmless=True,
        perspective=("SEVERE_TOXICITY", "IDENTITY_ATTACK", "HATE")),
    "dehumanization": LabelSpec(
        hateful=True, description="a group called vermin, disease, animals…", negative_when_harmless=True,
        perspective=("SEVERE_TOXICITY", "IDENTITY_ATTACK", "DEHUMANIZATION")),
    "incitement": LabelSpec(
        hateful=True, description="a call to harm or expel a group", asked_still_counts=True,
        negative_when_harmless=True, perspective=("SEVERE_TOXICITY", "THREAT", "INCITEMENT"),
        moderation=("hate/threatening", "violence")),
    "threat": LabelSpec(
        hateful=True, description="a threat of violence", asked_still_counts=True,
        perspective=("SEVERE_TOXICITY", "THREAT"),
        moderation=("harassment", "harassment/threatening", "hate/threatening", "violence")),
    "antisemitism": LabelSpec(
        hateful=True, description="antisemitism (IHRA and JDA readings)",
        perspective=("SEVERE_TOXICITY", "IDENTITY_ATTACK", "ANTISEMITISM")),
    "coded_language": LabelSpec(
        hateful=True, description="dog whistles, coded and conspiracy language",
        perspective=("IDENTITY_ATTACK", "CODED_LANGUAGE")),
    "insult": LabelSpec(hateful=False, description="an insult", perspective=("INSULT",), moderation=("harassment",)),
    "profanity": LabelSpec(hateful=False, description="swearing", perspective=("PROFANITY",)),
})

#: Label names become policy keys, store filters and CSS class names: keep them plain.
_NAME = re.compile(r"[a-z][a-z0-9_]{0,63}")


class LabelRegistry:
    """Every label known to this process: the built-in ones, then those declared by loaded detectors."""

    def __init__(self, builtin: Mapping[str, LabelSpec]) -> None:
        self._specs: dict[str, LabelSpec] = dict(builtin)
        self._declared_by: dict[str, str] = {name: "hatescope" for name in builtin}
        self._hateful: frozenset[str] | None = None

    def declare(self, name: str, spec: LabelSpec, *, by: str) -> None:
        """Add ``name``; declaring it again is fine when the spec is the same, an error when it differs."""
        if not isinstance(name, str) or not _NAME.fullmatch(name):
            raise RegistryError(f"{by}: label {name!r} is not a plain name (lower-case letters, digits, '_')")
        if not isinstance(spec, LabelSpec):
            raise RegistryError(f"{by}: label '{name}' must be declared with a LabelSpec, got {type(spec).__name__}")
        rule = spec.default_rule
        if rule is not None and not (len(rule) == 3 and all(isinstance(t, (int, float)) and t >= 0 for t in rule)
                                     and rule[0] <= rule[1] <= rule[2]):
            raise RegistryError(f"{by}: label '{name}': default_rule must be three thresholds, "
                                f"label ≤ review ≤ remove, got {rule!r}")
        known = self._specs.get(name)
        if known is not None:
            if known != spec:
                raise RegistryError(f"{by}: label '{name}' is already declared differently by {self._declared_by[name]}")
            return
        self._specs[name] = spec
        self._declared_by[name] = by
        self._hateful = None

    def declare_detector(self, detector: Any) -> tuple[str, ...]:
        """Declare the labels a (loaded) detector says it emits; their names, in its order."""
        declared = getattr(detector, "declared_labels", None)
        if declared is None:  # a detector from before declarations: its labels are scored, never acted on by default
            return ()
        specs = declared()
        by = str(getattr(detector, "name", type(detector).__name__))
        for name, spec in specs.items():
            self.declare(name, spec, by=by)
        return tuple(specs)

    def spec(self, name: str) -> LabelSpec | None:
        return self._specs.get(name)

    def names(self) -> tuple[str, ...]:
        return tuple(self._specs)

    def ordered(self, names: Any) -> list[str]:
        """``names`` in catalogue order; names nobody declared after them, sorted."""
        wanted = set(names)
        return [n for n in self._specs if n in wanted] + sorted(wanted - self._specs.keys())

    def where(self, test: Callable[[LabelSpec], bool]) -> tuple[str, ...]:
        return tuple(name for name, spec in self._specs.items() if test(spec))

    def hateful(self) -> tuple[str, ...]:
        return self.where(lambda s: s.hateful)

    def is_hateful(self, name: str) -> bool:
        if self._hateful is None:  # read for every finding in stance: a set, rebuilt when a label is declared
            self._hateful = frozenset(self.hateful())
        return name in self._hateful

    def __contains__(self, name: object) -> bool:
        return name in self._specs

    def __iter__(self) -> Iterator[str]:
        return iter(tuple(self._specs))

    def __len__(self) -> int:
        return len(self._specs)


#: The process's labels. The engine declares its detectors' labels here when it loads them.
catalogue = LabelRegistry(BUILTIN_LABELS)
