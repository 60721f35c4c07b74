"""The learned hate-speech classifier: fine-tuned MiniLM encoder (ONNX) + MLP head, with a cheap char n-gram pass.

Runtime needs only onnxruntime, tokenizers and numpy. The artifact (src/hatescope/data/models/
classifier_v1, built by ``training/finetune*.py``; see docs/MODEL_CARD.md) holds:

* ``encoder.onnx`` + ``tokenizer.json`` — the encoder with int8 weights and fp32 activations, mean-pooled
  and L2-normalised inside the graph;
* ``encoder_int8.onnx`` — the same encoder with int8 activations too, as a single-text graph without an
  attention mask (CPU default, one text per call);
* ``heads.npz`` — per label: the fine-tuned MLP head on the embedding, a logistic head on hashed char
  n-grams (:func:`char_ngram_features`), and calibration (Platt) for the char-only score and for the stacked pair;
* ``manifest.json`` — labels, thresholds, and the sha256 of every file (each file verified when ``load()`` reads it).

On ``device="cuda"`` the encoder runs in PyTorch (:mod:`hatescope.detect.torch_encoder`, fp16) on the
weights of ``encoder.onnx``, or in ONNX Runtime's CUDA provider where PyTorch has no GPU
(:func:`hatescope.device.encoder_backend`).

Why two models: the char n-gram model costs microseconds per post and catches obfuscated spelling;
texts it scores far below every threshold (``gate``) skip the encoder entirely, which pays on benign
traffic (docs/PERFORMANCE.md, cascade). Where the folder holds a learned gate fitted for its weights
(``cascade.npz``, :mod:`hatescope.detect.cascade`), a text must pass that gate too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from hatescope.detect.artifacts import read_manifest, verify_files
from hatescope.detect.base import builtin_labels
from hatescope.detect.cascade import CascadeGate, load_cascade
from hatescope.detect.char_ngrams import char_ngram_features
from hatescope.document import Document
from hatescope.errors import ModelError, ModelFileCorrupt, UnknownModel, UnknownPrecision
from hatescope.labels import LabelSpec
from hatescope.registry import detectors
from hatescope.detect.units import MAX_ENCODED_UNITS, SHORT_POST_CHARS, classifier_units, unit_findings, within_budget
from hatescope.types import Finding

__all__ = ["ClassifierDetector", "MAX_ENCODED_UNITS", "SHORT_POST_CHARS", "char_ngram_features", "classifier_units",
           "unit_findings"]

MODELS_DIR = Path(__file__).resolve().parent.parent / "data" / "models"
DEFAULT_MODEL_DIR = MODELS_DIR / "classifier_v1"
#: Packaged models by name (``model=``): the default, and a distilled 3-layer student of it that costs
#: about half as much per post (``hatescope score --model fast``; docs/PERFORMANCE.md measures both).
MODELS = {"default": DEFAULT_MODEL_DIR, "fast": MODELS_DIR / "classifier_v1_fast"}


PRECISIONS = ("auto", "fp32", "int8")


def packaged_model(name: str) -> Path:
    """The folder of a packaged model by name; HS305 for a name that is not one."""
    if name not in MODELS:
        raise UnknownModel(f"unknown model {name!r}; use one of: {', '.join(MODELS)}")
    return MODELS[name]


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -40, 40)))


@dataclass
class _Heads:
    labels: tuple[str, ...]
    emb_w: np.ndarray  # (384 or hidden, L)
    emb_b: np.ndarray  # (L,)
    char_w: np.ndarray  # (dim, L)
    char_b: np.ndarray  # (L,)
    char_cal: np.ndarray  # (L, 2): a, c  -> sigmoid(a * char_logit + c)
    stack: np.ndarray  # (L, 3): a_emb, a_char, c -> sigmoid(a_emb*emb_logit + a_char*char_logit + c)
    gate: float
    dim: int
    #: Optional hidden layer (MLP head): embedding -> relu(e @ hidden_w + hidden_b) -> emb_w.
    hidden_w: np.ndarray | None = None
    hidden_b: np.ndarray | None = None

    def emb_logits(self, emb: np.ndarray) -> np.ndarray:
        if self.hidden_w is not None:
            emb = np.maximum(emb @ self.hidden_w + self.hidden_b, 0.0)
        return emb @ self.emb_w + self.emb_b


@detectors.register("hatescope.classifier.v1")
class ClassifierDetector:
    """Sentence/post-level multi-label classifier (hate, insult, dehumanization, incitement)."""

    name = "hatescope.classifier.v1"
    requires = ("segments", "sentences", "language")  # document facts read (hatescope.facts)

    def __init__(
        self,
        *,
        model_dir: str | Path | None = None,
        emit_threshold: float = 0.25,
        batch_size: int = 8,
        max_tokens: int = 128,
        use_gate: bool = True,
        threads: int | None = None,
        device: str = "cpu",
        precision: str = "auto",
        model: str = "default",
        backend: str = "auto",
        gpu_batch_size: int = 256,
        cascade: bool = True,
    ) -> None:
        self.model = model
        self.model_dir = Path(model_dir) if model_dir is not None else packaged_model(model)
        self.emit_threshold = emit_threshold
        self.batch_size = batch_size
        self.max_tokens = max_tokens
        self.use_gate = use_gate
        self.threads = threads
        self.device = device
        if precision not in PRECISIONS:
            raise UnknownPrecision(f"unknown precision {precision!r}; use one of: {', '.join(PRECISIONS)}")
        self.precision = precision
        self.backend = backend  # "auto": ONNX Runtime on the CPU, PyTorch on CUDA (hatescope.device.encoder_backend)
        self.gpu_batch_size = gpu_batch_size
        self.cascade = cascade  # the model folder's learned gate (cascade.npz), when it has one for these weights
        self._cascade: CascadeGate | None = None
        self._session = None
        self._torch = None
        self._takes_mask = True
        self._tokenizer = None
        self._heads: _Heads | None = None
        self.int8 = False
        self.manifest: dict = {}

    # --- loading ------------------------------------------------------------------------

    def load(self) -> None:
        if self._heads is not None:
            return
        manifest = read_manifest(self.model_dir, "classifier model")
        from hatescope.device import encoder_backend

        backend = encoder_backend(self.device, self.backend)
        encoder = self._encoder_file(manifest, backend)
        verify_files(self.model_dir, manifest.get("sha256", {}), (encoder, "tokenizer.json", "heads.npz"), "classifier")
        try:
            from tokenizers import Tokenizer

            if backend == "torch":
                from hatescope.detect.torch_encoder import TorchEncoder

                self._torch = TorchEncoder(self.model_dir / encoder, device=self.device, precision=self.precision,
                                           threads=self.threads)
            else:
                self._session = self._onnx_session(self.model_dir / encoder)
                # The int8 twin is a single-text graph without an attention mask (training/quantize.py).
                self._takes_mask = "attention_mask" in {i.name for i in self._session.get_inputs()}
            tok = Tokenizer.from_file(str(self.model_dir / "tokenizer.json"))
            tok.enable_truncation(self.max_tokens)
            tok.no_padding()
            self._tokenizer = tok
            z = np.load(self.model_dir / "heads.npz")
            self._heads = _Heads(
                labels=tuple(manifest["labels"]),
                emb_w=z["emb_w"].astype(np.float32), emb_b=z["emb_b"].astype(np.float32),
                char_w=z["char_w"].astype(np.float32), char_b=z["char_b"].astype(np.float32),
                char_cal=z["char_cal"].astype(np.float32), stack=z["stack"].astype(np.float32),
                gate=float(manifest.get("gate", 0.0)), dim=int(manifest["char_dim"]),
                hidden_w=z["hidden_w"].astype(np.float32) if "hidden_w" in z else None,
                hidden_b=z["hidden_b"].astype(np.float32) if "hidden_b" in z else None,
            )
            if self.cascade:
                self._cascade = load_cascade(self.model_dir, manifest, self._heads.dim, len(self._heads.labels))
        except ModelError:
            raise
        except Exception as exc:  # onnxruntime/tokenizers raise their own types for bad files
            raise ModelFileCorrupt(f"classifier model could not be loaded: {exc}") from None
        self.manifest = manifest

    def _onnx_session(self, path: Path):
        import onnxruntime as ort

        from hatescope.device import onnx_providers

        opts = ort.SessionOptions()
        if self.threads:
            opts.intra_op_num_threads = self.threads
        # Spinning threads burn the other core between small batches (measured: 276 vs 503 posts
        # per CPU-second in one process); they buy nothing for batches this small.
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        return ort.InferenceSession(str(path), opts, providers=onnx_providers(self.device))

    def _encoder_file(self, manifest: dict, backend: str) -> str:
        """fp32: the weight-only-int8 encoder (fp32 activations; any batch). int8: the dynamically quantised twin,
        fed one text per call (its activation scales are per call, so batching would make scores batch-dependent).
        auto: int8 on the CPU when the artifact has it (docs/PERFORMANCE.md shows the accuracy cost), else fp32.
        The PyTorch backend reads its weights from the fp32 file (fp16 on CUDA unless precision is fp32)."""
        twin = manifest.get("int8_encoder")
        if self.precision == "int8" and (not twin or backend == "torch"):
            where = "the PyTorch backend" if twin else "this model (manifest key int8_encoder)"
            raise UnknownPrecision(f"precision int8: {where} has no int8 encoder")
        self.int8 = backend == "onnx" and bool(twin) and (
            self.precision == "int8" or (self.precision == "auto" and self.device == "cpu"))
        return twin if self.int8 else "encoder.onnx"

    @property
    def version(self) -> str:
        """Which model scored, for the audit trail (``Analysis.versions``): "1" for the default model, "1+fast"
        for the distilled one, "1+sha:…" (its encoder's sha256) for a model folder of one's own. A packaged
        model whose files were refitted carries a release in its manifest: "1.2", "1.2+fast"."""
        manifest = self.manifest
        if not manifest and (self.model_dir / "manifest.json").is_file():  # not loaded yet: the release is all we need
            manifest = json.loads((self.model_dir / "manifest.json").read_text())
        release = int(manifest.get("release", 1)) if self.model_dir in MODELS.values() else 1
        base = "1" if release == 1 else f"1.{release}"
        if self.model_dir == DEFAULT_MODEL_DIR:
            return base
        if self.model_dir == MODELS.get(self.model):
            return f"{base}+{self.model}"
        return "1+sha:" + str(manifest.get("sha256", {}).get("encoder.onnx", "unknown"))[:12]

    @property
    def labels(self) -> tuple[str, ...]:
        self.load()
        assert self._heads is not None
        return self._heads.labels

    def declared_labels(self) -> dict[str, LabelSpec]:
        """One label per head of the model (the packaged models: hate, insult, dehumanization, incitement)."""
        return builtin_labels(self.labels)

    # --- scoring ------------------------------------------------------------------------

    def char_logits(self, texts: Sequence[str]) -> np.ndarray:
        """Raw char n-gram logits (n, L); pure numpy, microseconds per text."""
        return self._char_pass(texts, None)[0]

    def _char_pass(self, texts: Sequence[str], gate: CascadeGate | None) -> tuple[np.ndarray, np.ndarray]:
        """Char n-gram logits (n, L) and, with a learned ``gate``, its scores without the bias (n,), from one
        feature pass (the gate reads the n-gram features and these logits: hatescope.detect.cascade)."""
        self.load()
        h = self._heads
        assert h is not None
        out = np.empty((len(texts), len(h.labels)), np.float32)
        scores = np.zeros(len(texts), np.float32)
        for i, text in enumerate(texts):
            idx, val = char_ngram_features(text, h.dim)
            out[i] = val @ h.char_w[idx] if len(idx) else 0.0
            if gate is not None and len(idx):
                scores[i] = val @ gate.weights[idx]
        out += h.char_b
        if gate is not None:
            scores += gate.logit_score(out)
        return out, scores

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Sentence embeddings (n, 384): all texts sorted by length, then small batches padded to their longest.

        Small batches (8) after a global sort measured about 3x cheaper per post than batches of 64 on
        two cores (benchmarks/throughput.py): less padding and activations that stay in cache.
        """
        if self._session is None and self._torch is None:
            self.load()
        assert self._tokenizer is not None
        encs = self._tokenizer.encode_batch(list(texts))
        order = np.argsort([len(e.ids) for e in encs], kind="stable")
        out = np.zeros((len(texts), 384), np.float32)
        # A GPU wants large batches (one launch per layer for hundreds of texts); the CPU small ones.
        step = 1 if self.int8 else self.gpu_batch_size if self._torch is not None else self.batch_size
        for s in range(0, len(order), step):
            rows = order[s : s + step]
            width = max(len(encs[r].ids) for r in rows)
            if self._torch is not None:
                # Widths rounded up to a multiple of 8: a GPU then sees 16 shapes instead of 128, each picked
                # a kernel for once, and tensor cores want multiples of 8; padding is masked out.
                width = -(-width // 8) * 8
            ids = np.zeros((len(rows), width), np.int64)
            mask = np.zeros((len(rows), width), np.int64)
            for j, r in enumerate(rows):
                n = len(encs[r].ids)
                ids[j, :n] = encs[r].ids
                mask[j, :n] = 1
            if self._torch is not None:
                out[rows] = self._torch(ids, mask)
                continue
            feed = {"input_ids": ids, "attention_mask": mask} if self._takes_mask else {"input_ids": ids}
            out[rows] = self._session.run(None, feed)[0]
        return out

    def predict_proba(self, texts: Sequence[str], *, gate: bool | None = None,
                      documents: Sequence[int] | None = None) -> np.ndarray:
        """Calibrated probabilities (n, L) in the order of :attr:`labels`; texts are already normalised.

        The encoder reads each distinct text once. ``documents`` (the document each text is a unit of)
        bounds the encoder's work per document: past :data:`MAX_ENCODED_UNITS` units of one document, it
        reads those the char n-gram model scores highest, and the others keep their char-only score, as
        texts below the gate do.
        """
        self.load()
        h = self._heads
        assert h is not None
        if not len(texts):
            return np.zeros((0, len(h.labels)), np.float32)
        use_gate = self.use_gate if gate is None else gate
        learned = self._cascade if use_gate else None
        cl, gate_scores = self._char_pass(texts, learned)
        probs = _sigmoid(cl * h.char_cal[:, 0] + h.char_cal[:, 1])
        need = np.ones(len(texts), bool) if not use_gate else probs.max(axis=1) >= h.gate
        if learned is not None:
            need &= learned.needs_encoder(gate_scores)
        if documents is not None:
            need &= within_budget(probs.max(axis=1), need, documents, MAX_ENCODED_UNITS)
        if need.any():
            sel = np.flatnonzero(need)
            distinct: dict[str, int] = {}
            first = np.array([distinct.setdefault(texts[i], len(distinct)) for i in sel])
            emb = self.embed(list(distinct))[first]  # a sentence repeated in a text or a batch is read once
            el = h.emb_logits(emb)
            z = el * h.stack[:, 0] + cl[sel] * h.stack[:, 1] + h.stack[:, 2]
            probs[sel] = _sigmoid(z)
        return probs.astype(np.float32)

    # --- detector protocol --------------------------------------------------------------

    def detect_many(self, docs: Sequence[Document]) -> list[list[Finding]]:
        from hatescope.ingest.language import document_is_english, record

        self.load()
        # An English model on text that is not English scores noise (hatescope.ingest.language): it sits out.
        english = [document_is_english(doc) for doc in docs]
        for doc, ok in zip(docs, english):
            if not ok:
                record(doc, skipped=self.name)
        units = [(d, a, b) for d, doc in enumerate(docs) if english[d] for a, b in classifier_units(doc)]
        probs = self.predict_proba([docs[d].text[a:b] for d, a, b in units], documents=[d for d, _, _ in units])
        out: list[list[Finding]] = [[] for _ in docs]
        for (d, a, b), row in zip(units, probs):
            out[d] += unit_findings(docs[d], (a, b), row, self.labels, self.emit_threshold, self.name)
        return out

    def detect(self, doc: Document) -> list[Finding]:
        return self.detect_many([doc])[0]
