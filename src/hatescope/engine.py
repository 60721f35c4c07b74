"""The engine: one readable pass through the stages.

    ingest → normalize → segment → targets → detect → stance → policy
"""

from __future__ import annotations

import importlib
import os
import threading
from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable, Sequence

from hatescope import ingest, segment as segment_stage
from hatescope.config import EngineConfig
from hatescope.detect.base import Detector, detect_many
from hatescope.document import Document
from hatescope.ingest.article import article_mapped, is_html
from hatescope.normalize import MappedText, compose, normalize
from hatescope.normalize.spelling import TermSpeller
from hatescope.normalize.word_lists import word_list
from hatescope.policy import Policy, decide, resolve_policy
from hatescope.registry import detectors as detector_registry
from hatescope.stance import assign_stance
from hatescope.types import Analysis, Finding

if TYPE_CHECKING:
    from hatescope.ingest.image import OcrOptions

def _import_builtin(name: str) -> None:
    """Built-in detector "hatescope.X.vN" lives in module hatescope.detect.X; importing it registers it."""
    parts = name.split(".")
    if len(parts) == 3 and parts[0] == "hatescope":
        importlib.import_module(f"hatescope.detect.{parts[1]}")


#: Lexicon entries whose (one-word) terms the spelling repair reads through slips of the finger.
SPELLING_CATEGORIES = frozenset({"slur", "dehumanization", "insult", "profanity"})


@lru_cache(maxsize=1)
def _speller() -> TermSpeller:
    """Spelling repair towards the words the lexicons look for: group names, slurs, abuse and
    dehumanising terms (single words), never towards a known English word."""
    from hatescope.detect import lexicon_files

    lex = lexicon_files.load()
    groups = [t for g in lex.groups if g.kind in ("people", "proxy") for t in g.terms]
    # "black people", "gay men": the adjective is what a glued token ("blackpeople") is split around
    # (not an article: "the jewish people" must not split "thearrow").
    adjectives = Counter(t.split()[0] for t in groups if " " in t and t.split()[0] not in ("the", "a", "an"))
    abuse = [f for e in lex.entries if e.category in SPELLING_CATEGORIES for f in e.surface_forms()]
    single = [t for t in groups + abuse if " " not in t]
    return TermSpeller(single, word_list("known_words"), words=word_list("common_words"),
                       groups=[t for t in groups if " " not in t] + [a for a, n in adjectives.items() if n >= 2])


def normalize_with_spelling(text: str, *, spelling: bool = True) -> MappedText:
    """The normalisation chain, then the spelling repair (which needs the lexicons, so the engine adds it)."""
    norm = normalize(text)
    return _speller()(norm) if spelling else norm


def _find_mentions(doc: Document) -> None:
    from hatescope.detect.targets import find_mentions

    doc.mentions = find_mentions(doc)


class Engine:
    def __init__(self, *, config: EngineConfig | None = None, policy: Policy | str | None = None) -> None:
        self.config = config or EngineConfig()
        self._policy_arg = policy if policy is not None else self.config.policy
        self._detectors: list[Detector] | None = None
        self._policy: Policy | None = None
        self._lock = threading.Lock()

    def load(self) -> "Engine":
        """Build and load every detector (models, lexicons). Safe to call more than once."""
        with self._lock:
            if self._detectors is None:
                for spec in self.config.detectors:
                    _import_builtin(spec.name)
                built = [detector_registry.create(s.name, **s.params) for s in self.config.detectors]
                for det in built:
                    det.load()
                self._detectors = built
                self._policy = resolve_policy(self._policy_arg)
        return self

    @property
    def detectors(self) -> list[Detector]:
        return self.load()._detectors  # type: ignore[return-value]

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
        """ingest → normalize → segment → targets: the shared pre-computation for one text."""
        text = ingest.validate_text(text)
        kind = ingest.validate_kind(kind)
        if kind == "article" and is_html(text):
            # The article's text is read, not its markup (paragraphs; embedded posts in the form the segmenter
            # reads), through a map back to the HTML: every offset still refers to the input as given.
            read = article_mapped(text)
            norm = normalize_with_spelling(read.text, spelling=self.config.spelling)
            doc = Document(original=text, kind=kind, norm=compose(read, norm), source=read)
        else:
            doc = Document(original=text, kind=kind, norm=normalize_with_spelling(text, spelling=self.config.spelling))
        segment_stage.segment(doc)
        _find_mentions(doc)
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
        return [decide(doc, assign_stance(doc, found), pol, versions=versions) for doc, found in zip(docs, per_doc)]


_default: Engine | None = None
_default_lock = threading.Lock()


def default_engine() -> Engine:
    """The process-wide engine; $HATESCOPE_CONFIG may name an engine config TOML (see config.py)."""
    global _default
    with _default_lock:
        if _default is None:
            path = os.environ.get("HATESCOPE_CONFIG")
            _default = Engine(config=EngineConfig.load(path) if path else None)
    return _default
