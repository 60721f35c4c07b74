"""The one small protocol every detector follows."""

from __future__ import annotations

from typing import Iterable, Mapping, Protocol, Sequence, runtime_checkable

from hatescope.document import Document
from hatescope.labels import BUILTIN_LABELS, LabelSpec
from hatescope.types import Finding


@runtime_checkable
class Detector(Protocol):
    #: Versioned registry name, e.g. "hatescope.lexicon.v1".
    name: str

    def load(self) -> None:
        """Load models or data files. Constructors stay cheap; this may be slow."""

    def detect(self, doc: Document) -> list[Finding]:
        """Findings for one document, offsets in the original text (use ``doc.finding``)."""

    def declared_labels(self) -> Mapping[str, LabelSpec]:
        """Every label ``detect`` may emit, with what it means downstream (hatescope.labels). Read after ``load``;
        the engine adds them to the label catalogue that policy, stance, store, API and the review page read."""


def builtin_labels(names: Iterable[str]) -> dict[str, LabelSpec]:
    """The built-in labels' specs for those of ``names`` that are built in, in the catalogue's order: what a
    built-in detector declares. A name with no built-in spec (a custom model head, a custom lexicon entry's label)
    is left out: its findings are scored, and acted on only by a policy that names it."""
    wanted = set(names)
    return {name: spec for name, spec in BUILTIN_LABELS.items() if name in wanted}


def detect_many(detector: Detector, docs: Sequence[Document]) -> list[list[Finding]]:
    """Batch entry point: detectors that batch (the classifier) define ``detect_many`` themselves."""
    batched = getattr(detector, "detect_many", None)
    if batched is not None:
        return batched(docs)
    return [detector.detect(d) for d in docs]
