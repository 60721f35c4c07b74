"""The one small protocol every detector follows."""

from __future__ import annotations

from typing import Protocol, Sequence, runtime_checkable

from hatescope.document import Document
from hatescope.types import Finding


@runtime_checkable
class Detector(Protocol):
    #: Versioned registry name, e.g. "hatescope.lexicon.v1".
    name: str

    def load(self) -> None:
        """Load models or data files. Constructors stay cheap; this may be slow."""

    def detect(self, doc: Document) -> list[Finding]:
        """Findings for one document, offsets in the original text (use ``doc.finding``)."""


def detect_many(detector: Detector, docs: Sequence[Document]) -> list[list[Finding]]:
    """Batch entry point: detectors that batch (the classifier) define ``detect_many`` themselves."""
    batched = getattr(detector, "detect_many", None)
    if batched is not None:
        return batched(docs)
    return [detector.detect(d) for d in docs]
