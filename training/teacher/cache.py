"""Disk cache of the frozen lower layers' output, so a CPU run trains the top layers without recomputing them.

For each cached row: the hidden states after layer ``k`` (fp16, real tokens only — no padding) and its
length. Rows are cached in shards of consecutive rows; a shard is complete once its ``rows_NNNNN.npy``
exists (written last, by rename), so an interrupted pass resumes at the first missing shard.

    folder/meta.json           k, rows per shard, fingerprint of the pack rows and the base weights
    folder/hidden_NNNNN.npy    (tokens, 768) float16, the shard's rows back to back
    folder/lengths_NNNNN.npy   (rows,) int32
    folder/rows_NNNNN.npy      (rows,) int64 pack row indices (the completion marker)
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

import numpy as np

from training.teacher.batches import batch_groups, padded
from training.teacher.progress import Progress


def fingerprint(z: dict, rows: np.ndarray, k: int, teacher_dir: Path) -> str:
    """Changes whenever the rows, their token ids, k or the base weights change (a stale cache is refused)."""
    digest = hashlib.sha1(f"k={k}".encode())
    digest.update(np.ascontiguousarray(rows, np.int64).tobytes())
    digest.update(np.ascontiguousarray(z["lengths"][rows]).tobytes())
    digest.update(z["ids"].tobytes())
    weights = teacher_dir / "model.safetensors"
    digest.update(f"{weights.stat().st_size}".encode())
    return digest.hexdigest()


def _save_atomic(path: Path, array: np.ndarray) -> None:
    tmp = path.with_name(path.name + ".tmp.npy")
    np.save(tmp, array)
    os.replace(tmp, path)


def build_cache(model, z: dict, rows: np.ndarray, k: int, folder: Path, teacher_dir: Path, *,
                shard_rows: int = 1000, batch: int = 64, deadline: float | None = None) -> bool:
    """Cache layer-``k`` outputs of ``rows`` (pack order). True when complete, False when stopped at ``deadline``
    (a ``time.time()`` value): the shards written so far stay and the next call continues after them."""
    import torch

    folder.mkdir(parents=True, exist_ok=True)
    meta = {"k": k, "shard_rows": shard_rows, "rows": len(rows), "fingerprint": fingerprint(z, rows, k, teacher_dir)}
    meta_path = folder / "meta.json"
    if meta_path.exists():
        old = json.loads(meta_path.read_text())
        if {**old, "shard_rows": shard_rows} != meta:
            raise SystemExit(f"{folder}: cache was built for other rows, k or weights; delete the folder to rebuild it")
        meta, shard_rows = old, old["shard_rows"]  # an existing cache keeps its own sharding
    meta_path.write_text(json.dumps(meta) + "\n")
    shards = [rows[i : i + shard_rows] for i in range(0, len(rows), shard_rows)]
    todo = [i for i in range(len(shards)) if not (folder / f"rows_{i:05d}.npy").exists()]
    if not todo:
        return True
    model.eval()
    bar = Progress(sum(len(shards[i]) for i in todo), f"cache layers 0-{k - 1}", "rows")
    for i in todo:
        if deadline is not None and time.time() > deadline:
            bar.close(f"stopped at the deadline: {len(shards) - todo.index(i)} shards left")
            return False
        shard = shards[i]
        where = {r: j for j, r in enumerate(shard)}
        lengths = z["lengths"][shard].astype(np.int32)
        starts = np.concatenate([[0], np.cumsum(lengths)])
        hidden = np.zeros((int(lengths.sum()), model.mpnet.config.hidden_size), np.float16)
        with torch.no_grad():
            for group in batch_groups(z["lengths"], shard, batch, None):
                ids, mask = padded(z["ids"], z["offsets"], z["lengths"], group)
                h = model.lower(torch.from_numpy(ids), torch.from_numpy(mask), k).to(torch.float16).numpy()
                for j, r in enumerate(group):
                    a = starts[where[r]]
                    hidden[a : a + lengths[where[r]]] = h[j, : lengths[where[r]]]
                bar.update(len(group))
        _save_atomic(folder / f"hidden_{i:05d}.npy", hidden)
        _save_atomic(folder / f"lengths_{i:05d}.npy", lengths)
        _save_atomic(folder / f"rows_{i:05d}.npy", np.asarray(shard, np.int64))
    bar.close()
    return True


class HiddenCache:
    """Read side: row index → its cached hidden states (memory-mapped), gathered into padded batches."""

    def __init__(self, folder: Path) -> None:
        meta = json.loads((folder / "meta.json").read_text())
        self.k = meta["k"]
        self.hidden: list[np.ndarray] = []
        self.where: dict[int, tuple[int, int, int]] = {}
        for i in range(-(-meta["rows"] // meta["shard_rows"])):
            marker = folder / f"rows_{i:05d}.npy"
            if not marker.exists():
                raise SystemExit(f"{folder}: shard {i} missing; rerun training to finish the cache")
            rows, lengths = np.load(marker), np.load(folder / f"lengths_{i:05d}.npy")
            starts = np.concatenate([[0], np.cumsum(lengths)])
            self.hidden.append(np.load(folder / f"hidden_{i:05d}.npy", mmap_mode="r"))
            for r, a, n in zip(rows.tolist(), starts.tolist(), lengths.tolist()):
                self.where[r] = (len(self.hidden) - 1, a, n)

    def __contains__(self, row: int) -> bool:
        return int(row) in self.where

    def batch(self, group: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(hidden float32 (B, T, H), mask int64 (B, T)) for ``group``, padded with zeros to its longest row."""
        spans = [self.where[int(r)] for r in group]
        width = max(n for _, _, n in spans)
        out = np.zeros((len(group), width, self.hidden[0].shape[1]), np.float32)
        mask = np.zeros((len(group), width), np.int64)
        for j, (s, a, n) in enumerate(spans):
            out[j, :n] = self.hidden[s][a : a + n]
            mask[j, :n] = 1
        return out, mask
