"""Cut the base weights into parts small enough for a GPU machine that receives at most 64 MiB per call.

    python -m training.teacher.ship                  # → .cache/teacher/gpu/{weights.partN, manifest.json, config.json}
    python -m training.teacher.ship --part-mib 40    # smaller parts when the working tree itself is larger

The fp32 base (438 MB) becomes fp16 (219 MB; the pooler, unused, is left out) and is split into
``--part-mib`` parts; ``manifest.json`` holds each part's size and sha256 and the whole file's, which
``gpu_run.sh`` checks after joining the parts on the machine. See README.md for the call sequence.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
from pathlib import Path

import numpy as np


def fp16_blob(weights: Path) -> bytes:
    """The base weights as fp16 safetensors bytes (integer buffers such as position ids unchanged)."""
    from safetensors.numpy import load_file, save

    state = load_file(str(weights))
    return save({k: (v.astype(np.float16) if v.dtype == np.float32 else v)
                 for k, v in state.items() if not k.startswith("pooler.")})


def write_parts(blob: bytes, out: Path, part_bytes: int) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("weights.part*"):  # a new cut must not leave a stale last part behind
        old.unlink()
    parts = []
    for n, start in enumerate(range(0, len(blob), part_bytes)):
        chunk = blob[start : start + part_bytes]
        (out / f"weights.part{n}").write_bytes(chunk)
        parts.append({"name": f"weights.part{n}", "bytes": len(chunk), "sha256": hashlib.sha256(chunk).hexdigest()})
    manifest = {"file": "model.safetensors", "bytes": len(blob), "sha256": hashlib.sha256(blob).hexdigest(),
                "parts": parts}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    return manifest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--teacher", type=Path, default=Path(".cache/teacher/all-mpnet-base-v2"))
    ap.add_argument("--out", type=Path, default=Path(".cache/teacher/gpu"))
    ap.add_argument("--part-mib", type=float, default=48.0,
                    help="part size; 64 MiB minus the working tree's size minus what else the call carries")
    args = ap.parse_args(argv)
    manifest = write_parts(fp16_blob(args.teacher / "model.safetensors"), args.out, int(args.part_mib * 2**20))
    shutil.copy(args.teacher / "config.json", args.out / "config.json")
    print(json.dumps({"bytes": manifest["bytes"], "parts": [(p["name"], p["bytes"]) for p in manifest["parts"]]}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
