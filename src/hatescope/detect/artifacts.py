"""Model folders on disk: a ``manifest.json`` that pins every file by sha256, read and checked in one place.

Every packaged model (the classifier, its fast student, the multilingual heads, the counter-speech model)
ships this way, so a damaged or swapped file is an HS302 at load time rather than silently different scores.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Iterable

from hatescope.errors import ModelFileCorrupt, ModelFileMissing


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_manifest(folder: Path, what: str) -> dict:
    """``folder/manifest.json`` as a dict: HS301 when the folder holds none, HS302 when it cannot be read."""
    path = folder / "manifest.json"
    if not path.is_file():
        raise ModelFileMissing(f"{what} not found: {path}", path=str(path))
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelFileCorrupt(f"{what} manifest unreadable: {exc}", path=str(path)) from None
    if not isinstance(manifest, dict):
        raise ModelFileCorrupt(f"{what} manifest is not a JSON object: {path}", path=str(path))
    return manifest


def verify_files(folder: Path, digests: dict, files: Iterable[str], what: str, *, required: bool = False) -> None:
    """Check the sha256 of the files a load reads (HS301 missing, HS302 mismatch). Only the files named:
    a GPU worker never reads the int8 twin, and hashing 23 MB it does not use costs each worker ~50 ms.
    ``required``: a file the manifest does not pin is an error too (not merely unchecked)."""
    for name in files:
        path = folder / name
        if not path.is_file():
            raise ModelFileMissing(f"{what} file missing: {path}", path=str(path))
        if name not in digests:
            if required:
                raise ModelFileCorrupt(f"{what} file not pinned in its manifest: {path}", path=str(path))
            continue
        if sha256_file(path) != digests[name]:
            raise ModelFileCorrupt(f"{what} file corrupt (sha256 mismatch): {path}", path=str(path))
