"""The engine: one readable pass through the stages.

    ingest → normalize → segment → language → targets → detect → stance → policy

Each stage and detector declares the document facts it reads and fills (hatescope.facts); ``load()`` refuses a
pipeline in which one reads a fact nothing before it fills (HS207).
"""

from __future__ import annotations

import importlib
import os
import threading
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from hatescope import ingest, policy as policy_stage, segment as segment_stage, stance as stance_stage
from hatescope.config import EngineConfig
from hatescope.detect import targets as targets_stage
from hatescope.detect.base import Detector, detect_many
from hatescope.detect.lexicon import LexiconDetector
from hatescope.detect.targets import find_mentions
from hatescope.document import Document
from hatescope.facts import check_order
from hatescope.ingest import language as language_stage
from hatescope.labels import catalogue as label_catalogue
from hatescope.ingest.article import article_mapped, is_html
from hatescope.normalize import compose
from hatescope.normalize.spelling import normalize_with_spelling
from hatescope.policy import Policy, decide, resolve_policy
from hatescope.registry import detectors as detector_registry
from hatescope.resources import EngineResources, resources_for
from hatescope.stance import assign_stance
from hatescope.types import SCORE_LABELS, Analysis, Finding

if TYPE_CHECKING:
    from hatescope.ingest.image import OcrOptions

#: The stages before the detectors and after them, in the order they run (``prepare``, ``analyze_many``).
PREPARE_STAGES = (segment_stage.STAGE, language_stage.STAGE, targets_stage.STAGE)
AFTER_STAGES = (stance_stage.STAGE, policy_stage.STAGE)


def _import_builtin(name: str) -> None:
    """Built-in detector "hatescope.X.vN" lives in module hatescope.detect.X; importing it registers it."""
    parts = name.split(".")
    if len(parts) == 3 and parts[0] == "hatescope":
        importlib.import_module(f"hatescope.detect.{parts[1]}")


class Engine:
    def __init__(self, *, config: EngineConfig | None = None, policy: Policy | str | None = None) -> None:
        self.config = config or EngineConfig()
        self._policy_arg = policy if policy is not None else self.config.policy
        self._detectors: list[Detector] | None = None
        self._policy: Policy | None = None
        self._resources: EngineResources | None = None
        self._labels: tuple[str, ...] = SCORE_LABELS
        self._lock = threading.Lock()

    def load(self) -> "Engine":
        """Build the engine's resources (hatescope.resources: speller, target finder, counter-speech model) and
        build and load every detector (models, lexicons). Safe to call more than once."""
        with self._lock:
            resources = self._build_resources()
            if self._detectors is None:
                for spec in self.config.detectors:
                    _import_builtin(spec.name)
                built = [detector_registry.create(s.name, **self._params(s.name, s.params, resources))
                         for s in self.config.detectors]
                # Before anything slow loads: a detector that reads a fact nothing before it fills is refused.
                check_order([*PREPARE_STAGES, *built, *AFTER_STAGES])
                declared: set[str] = set()
                for det in built:
                    det.load()
                    declared.update(label_catalogue.declare_detector(det))
                # Before the policy: a policy file may set thresholds for a label a plug-in declares.
                self._labels = tuple(label_catalogue.ordered(set(SCORE_LABELS) | declared))
                self._detectors = built
                self._policy = resolve_policy(self._policy_arg)
        return self

    def _build_resources(self) -> EngineResources:
        """Called with the lock held."""
        if self._resources is None:
            self._resources = resources_for(self.config)
        return self._resources

    @staticmethod
    def _params(name: str, params: dict[str, Any], resources: EngineResources) -> dict[str, Any]:
        """A detector's parameters; the lexicon detector reads the configured lexicon folder unless it names files."""
        if name == LexiconDetector.name and resources.entry_files is not None and params.get("paths") is None:
            return {**params, "paths": [str(p) for p in resources.entry_files]}
        return params

    @property
    def resources(self) -> EngineResources:
        """What the stages read besides the text, built from the config once (without loading the detectors)."""
        if self._resources is None:
            with self._lock:
                self._build_resources()
        return self._resources  # type: ignore[return-value]

    @property
    def detectors(self) -> list[Detector]:
        return self.load()._detectors  # type: ignore[return-value]

    @property
    def labels(self) -> tuple[str, ...]:
        """The labels every analysis scores: the built-in ones and those this engine's detectors declare."""
        return self.load()._labels

    @property
    def policy(self) -> Policy:
        return self.load()._policy  # type: ignore[return-value]

    @property
    def policy_source(self) -> Policy | str | None:
        """The policy as given (a Policy, a TOML path, or None for the packaged one), without loading anything."""
        return self._policy_arg

    def versions(self) -> dict[str, str]:
        return {d.name: str(getattr(d, "version", "1")) for d in self.detectors}

    def prepare(self, text: object, *, kind: str = "post") -> Document:
        """ingest → normalize → segment → language → targets: the shared pre-computation for one text."""
        text = ingest.validate_text(text)
        kind = ingest.validate_kind(kind)
        resources = self.resources
        speller = resources.speller if self.config.spelling else None
        if kind == "article" and is_html(text):
            # The article's text is read, not its markup (paragraphs; embedded posts in the form the segmenter
            # reads), through a map back to the HTML: every offset still refers to the input as given.
            read = article_mapped(text)
            norm = compose(read, normalize_with_spelling(read.text, speller=speller))
            doc = Document(original=text, kind=kind, norm=norm, source=read)
        else:
            doc = Document(original=text, kind=kind, norm=normalize_with_spelling(text, speller=speller))
        doc.counter_speech = resources.counter_speech.probability
        segment_stage.segment(doc)
        language_stage.identify(doc)
        doc.mentions = find_mentions(doc, resources.targets)
        return doc

    def analyze(self, text: object, *, kind: str = "post", policy: Policy | str | None = None) -> Analysis:
        return self.analyze_many([text], kinds=[kind], policy=policy)[0]

    def analyze_image(
        self, data: bytes, *, kind: str = "post", policy: Policy | str | None = None,
        options: OcrOptions | None = None, source: str = "image",
    ) -> Analysis:
        """OCR a poster or meme (hatescope.ingest.image) and analyse the text read: offsets point into that text,
        each finding's ``meta["boxes"]`` holds its words' image regions. No legible text is EmptyInput (HS101)."""
        from hatescope.ingest.image import attach_ocr, read_image_text  # Pillow and Tesseract only when asked

        ocr = read_image_text(data, options=options, source=source)
        return attach_ocr(self.analyze(ocr.text, kind=kind, policy=policy), ocr)

    def analyze_many(
        self, texts: Sequence[object], *, kinds: Iterable[str] | None = None, policy: Policy | str | None = None
    ) -> list[Analysis]:
        """Analyse a batch; detectors that batch (the classifier) see all documents at once."""
        kinds = list(kinds) if kinds is not None else ["post"] * len(texts)
        docs = [self.prepare(t, kind=k) for t, k in zip(texts, kinds)]
        per_doc: list[list[Finding]] = [[] for _ in docs]
        for det in self.detectors:
            for found, bucket in zip(detect_many(det, docs), per_doc):
                bucket.extend(found)
        pol = self.policy if policy is None else resolve_policy(policy)
        versions = self.versions()
        return [decide(doc, assign_stance(doc, found), pol, versions=versions, scored_labels=self.labels)
                for doc, found in zip(docs, per_doc)]


_default: Engine | None = None
_default_lock = threading.Lock()


def engine_from_config(path: str | os.PathLike[str] | None) -> Engine:
    """An engine built from an engine config TOML (see config.py), or the packaged defaults when ``path`` is empty."""
    return Engine(config=EngineConfig.load(path) if path else None)


def default_engine() -> Engine:
    """The process-wide engine; $HATESCOPE_CONFIG may name an engine config TOML (see config.py)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = engine_from_config(os.environ.get("HATESCOPE_CONFIG"))
    return _default
