"""Document facts: typed fields filled once by the component that owns them, and the requires/assigns check.

Components declare the facts they read (``requires``) and fill (``assigns``); ``Engine.load()`` refuses a pipeline
in which a detector reads a fact that nothing before it fills (HS207), before any model loads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from hatescope.config import DetectorSpec, EngineConfig
from hatescope.document import Document
from hatescope.engine import AFTER_STAGES, PREPARE_STAGES, Engine
from hatescope.errors import ConfigError, UnmetRequirement
from hatescope.facts import FACTS, Component, check_order, declared
from hatescope.registry import detectors
from hatescope.stance import assign_stance
from hatescope.types import Finding


@dataclass
class EchoSensesDetector:
    """Reads the lexicon's innocent senses (so it must run after the lexicon) and flags nothing."""

    name: str = "test.facts.echo_senses.v1"
    requires: tuple[str, ...] = ("innocent_senses",)
    loaded: bool = False

    def load(self) -> None:
        self.loaded = True

    def declared_labels(self) -> dict:
        return {}

    def detect(self, doc: Document) -> list[Finding]:
        return []


@dataclass
class NeedsEmbeddingsDetector(EchoSensesDetector):
    name: str = "test.facts.needs_embeddings.v1"
    requires: tuple[str, ...] = ("embeddings",)


@dataclass
class EmbedderDetector(EchoSensesDetector):
    """A plug-in that fills a fact of its own, kept in ``doc.cache``."""

    name: str = "test.facts.embedder.v1"
    requires: tuple[str, ...] = ("sentences",)
    assigns: tuple[str, ...] = ("embeddings",)

    def detect(self, doc: Document) -> list[Finding]:
        doc.cache["embeddings"] = [len(doc.text[s.nstart : s.nend]) for s in doc.sentences]
        doc.assigned.add("embeddings")
        return []


for _cls in (EchoSensesDetector, NeedsEmbeddingsDetector, EmbedderDetector):
    detectors.register(_cls.name)(_cls)


def _engine(*names: str) -> Engine:
    return Engine(config=EngineConfig(detectors=[DetectorSpec(name=n) for n in names]))


def test_a_detector_reading_a_fact_filled_later_is_refused_before_anything_loads() -> None:
    engine = _engine(EchoSensesDetector.name, "hatescope.lexicon.v1")
    with pytest.raises(UnmetRequirement) as err:
        engine.load()
    assert isinstance(err.value, ConfigError) and err.value.code == "HS207"
    message = str(err.value)
    assert message.startswith("HS207: test.facts.echo_senses.v1 requires the document fact 'innocent_senses'")
    assert "assigned before it: segments, sentences, language, mentions)" in message
    assert engine._detectors is None  # nothing was built into the engine


def test_the_same_detector_after_the_one_that_fills_its_fact_is_accepted() -> None:
    engine = _engine("hatescope.lexicon.v1", EchoSensesDetector.name)
    assert [d.name for d in engine.detectors] == ["hatescope.lexicon.v1", EchoSensesDetector.name]
    assert engine.detectors[1].loaded
    assert engine.analyze("Refugees are vermin.").hateful


def test_an_unknown_fact_names_the_built_in_ones() -> None:
    with pytest.raises(UnmetRequirement, match="'embeddings', which no component before it assigns .*"
                                               "the built-in facts are segments, sentences, language, mentions"):
        _engine(NeedsEmbeddingsDetector.name).load()


def test_a_plug_in_fact_filled_by_an_earlier_plug_in_is_read_by_a_later_one() -> None:
    engine = _engine(EmbedderDetector.name, NeedsEmbeddingsDetector.name)
    engine.load()
    doc = engine.prepare("One. Two words.")
    for det in engine.detectors:
        det.detect(doc)
    assert doc.cache["embeddings"] == [4, 10] and "embeddings" in doc.assigned


def test_check_order_reads_stages_and_detectors_alike() -> None:
    assert check_order([Component("a", assigns=("x",)), Component("b", requires=("x",))]) == {"x"}
    with pytest.raises(UnmetRequirement, match="b requires the document fact 'x'"):
        check_order([Component("b", requires=("x",)), Component("a", assigns=("x",))])
    assert declared(EchoSensesDetector()) == Component(EchoSensesDetector.name, ("innocent_senses",), ())
    assert declared(object()).requires == ()  # a detector that declares nothing reads nothing the check knows of


def test_the_built_in_pipeline_declares_every_fact_it_reads() -> None:
    engine = Engine()
    built_in = [declared(d) for d in engine.detectors]
    assigned = check_order([*PREPARE_STAGES, *built_in, *AFTER_STAGES])
    assert assigned == set(FACTS)
    assert all(d.requires for d in built_in)  # every built-in detector says what it reads


def test_prepare_fills_the_typed_facts_once_and_the_stages_leave_the_free_cache_alone() -> None:
    engine = Engine()
    doc = engine.prepare("Mr. Lind said “Los inmigrantes son ratas.” That is disgusting.")
    assert doc.assigned == {"segments", "sentences", "language", "mentions"}
    assert doc.language is not None and doc.language.language == "en" and 0.0 < doc.language.confidence <= 1.0
    assert doc.english_share is not None and doc.english_share > 0.5
    assert [doc.original[s.start : s.end] for s in doc.sentences][0].startswith("Mr. Lind said")
    found = [f for det in engine.detectors for f in det.detect(doc)]
    assign_stance(doc, found)
    assert "innocent_senses" in doc.assigned
    assert doc.cache == {}  # built-in facts live in typed fields; the cache is the plug-ins' own


def test_a_detector_used_on_its_own_computes_what_no_engine_filled() -> None:
    from hatescope.detect.lexicon import LexiconDetector
    from hatescope.normalize import normalize

    text = "Muslims are vermin. They must be driven out."
    doc = Document(original=text, kind="post", norm=normalize(text))
    det = LexiconDetector()
    det.load()
    labels = {f.label for f in det.detect(doc)}
    assert {"dehumanization", "incitement"} <= labels
    assert {"sentences", "language", "mentions", "innocent_senses"} <= doc.assigned
    assert [doc.original[s.start : s.end] for s in doc.sentences] == ["Muslims are vermin.", "They must be driven out."]
    assert any(m.kind == "proxy" and re.fullmatch("they", doc.text[m.nstart : m.nend]) for m in doc.mentions)
