"""Embeddings of training texts, computed once per encoder file and cached outside the repository.

The cache lives in $HATESCOPE_CACHE (default /work/main/.cache or ./.cache) keyed by the encoder's
sha256, so heads are always trained on the exact int8 encoder that ships.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from hatescope.detect.artifacts import sha256_file
from hatescope.detect.classifier import ClassifierDetector


def cache_dir() -> Path:
    env = os.environ.get("HATESCOPE_CACHE")
    return Path(env) if env else Path(__file__).resolve().parent.parent / ".cache"


def _key(text: str) -> bytes:
    return hashlib.sha1(text.encode("utf-8")).digest()[:12]


def open_encoder(model_dir: Path, threads: int | None = None) -> ClassifierDetector:
    """A detector with only the encoder opened (heads need not exist yet)."""
    import onnxruntime as ort
    from tokenizers import Tokenizer

    det = ClassifierDetector(model_dir=model_dir, threads=threads)
    opts = ort.SessionOptions()
    if threads:
        opts.intra_op_num_threads = threads
    det._session = ort.InferenceSession(str(model_dir / "encoder.onnx"), opts, providers=["CPUExecutionProvider"])
    tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tok.enable_truncation(det.max_tokens)
    tok.no_padding()
    det._tokenizer = tok
    return det


def embed_cached(texts: Sequence[str], model_dir: Path, *, chunk: int = 8192) -> np.ndarray:
    """Embeddings for ``texts`` by the encoder in ``model_dir``; only texts not yet in the cache are encoded."""
    digest = sha256_file(model_dir / "encoder.onnx")[:16]
    return cached_embeddings(texts, digest, lambda: open_encoder(model_dir).embed, chunk=chunk)


def cached_embeddings(texts: Sequence[str], name: str, open_embed: Callable[[], Callable[[list[str]], np.ndarray]], *,
                      chunk: int = 8192, key: Callable[[str], bytes] = _key) -> np.ndarray:
    """Embeddings for ``texts`` from the cache file ``embeddings/<name>.npz``; the texts it lacks are embedded
    by the function ``open_embed()`` returns (opened only when some are missing), shortest first, and the
    file is saved after every ``chunk`` of them."""
    path = cache_dir() / "embeddings" / f"{name}.npz"
    path.parent.mkdir(parents=True, exist_ok=True)
    store = load_store(path)
    missing = sorted({t for t in texts if key(t) not in store}, key=len)
    if missing:
        embed, t0 = open_embed(), time.time()
        for s in range(0, len(missing), chunk):
            part = missing[s : s + chunk]
            for t, v in zip(part, embed(part)):
                store[key(t)] = v
            save_store(path, store)
            done = s + len(part)
            print(f"  embedded {done}/{len(missing)} ({done / (time.time() - t0):.0f}/s)", file=sys.stderr, flush=True)
    return np.stack([store[key(t)] for t in texts]) if texts else np.zeros((0, 384), np.float32)


def load_store(path: Path) -> dict[bytes, np.ndarray]:
    """A cache file as {text key: vector}. Keys were once saved as numpy ``S12`` strings, which drop
    trailing zero bytes (1 key in 256): they are padded back, so those texts are not embedded again."""
    if not path.exists():
        return {}
    z = np.load(path)
    keys = z["keys"]
    if keys.dtype.kind == "S":
        return {bytes(k).ljust(12, b"\0"): v for k, v in zip(keys, z["vecs"])}
    return {row.tobytes(): v for row, v in zip(keys, z["vecs"])}


def save_store(path: Path, store: dict[bytes, np.ndarray]) -> None:
    keys = np.frombuffer(b"".join(store), dtype=np.uint8).reshape(len(store), 12)
    vecs = np.stack(list(store.values())).astype(np.float32)
    tmp = path.with_suffix(".tmp.npz")
    np.savez(tmp, keys=keys, vecs=vecs)
    tmp.replace(path)
