"""Fakes for unit tests: a detector that flags fixed words, so tests never depend on a trained model."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hatescope.document import Document
from hatescope.registry import detectors
from hatescope.types import Finding


@dataclass
class WordDetector:
    """Flags each listed word (on normalised text, whole words) with a fixed label and score."""

    words: dict[str, tuple[str, float]] = field(default_factory=lambda: {"vermin": ("dehumanization", 0.9)})
    name: str = "test.words.v1"
    version: str = "test"
    loaded: bool = False

    def load(self) -> None:
        self.loaded = True

    def detect(self, doc: Document) -> list[Finding]:
        out = []
        for word, (label, score) in self.words.items():
            for m in re.finditer(rf"\b{re.escape(word)}\b", doc.text):
                out.append(doc.finding(label=label, nstart=m.start(), nend=m.end(), score=score, detector=self.name))
        return out


@detectors.register("test.words.v1")
def make_word_detector(**params: object) -> WordDetector:
    return WordDetector(**params)  # type: ignore[arg-type]


def fake_engine(words: dict[str, tuple[str, float]] | None = None, policy: object = None):
    from hatescope.config import DetectorSpec, EngineConfig
    from hatescope.engine import Engine

    params = {"words": words} if words is not None else {}
    return Engine(config=EngineConfig(detectors=[DetectorSpec(name="test.words.v1", params=params)]), policy=policy)


#: The hateful words the stance tests plant (label, score): quoted or reported, whose they are is the stance's question.
STANCE_WORDS = {
    "vermin": ("dehumanization", 0.9),
    "parasites": ("dehumanization", 0.9),
    "thieves": ("hate", 0.8),
    "savages": ("hate", 0.8),
}


def hateful_stances(engine, text: str) -> set[str]:
    """The stances of ``text``'s hateful findings (there must be some: the sentence plants one)."""
    hateful = [f for f in engine.analyze(text).findings if f.label in ("hate", "dehumanization")]
    assert hateful, text
    return {f.stance for f in hateful}


def whole_text_finding(text: str, kind: str = "post"):
    """(document, finding): a whole-text ``hate`` finding, as the classifier makes for a short post, after the
    engine's normalise, segment, target and stance stages — the stance rules without a model."""
    from hatescope.detect.targets import find_mentions
    from hatescope.normalize import normalize
    from hatescope.segment import segment
    from hatescope.stance import assign_stance

    doc = Document(original=text, kind=kind, norm=normalize(text))
    segment(doc)
    doc.mentions = find_mentions(doc)
    f = doc.finding(label="hate", nstart=0, nend=len(doc.text), score=0.9, detector="fake.classifier")
    return doc, assign_stance(doc, [f])[0]
