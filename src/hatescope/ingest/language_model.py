"""py3langid's model, read without its LZMA decompression after the first time on a machine.

The model ships as an LZMA-compressed npz (4.6 MB, 68 MB inside); decompressing it costs each process 0.35–0.65 s of
CPU, paid again by every ``hatescope score`` worker. The decompressed npz (the very bytes py3langid reads) is kept
in the user's cache folder, under a name made of py3langid's version and the compressed file's SHA-256, and read
from there (~0.05 s). It is written to a temporary file in the same folder and renamed into place, so a reader never
sees half of one; a cache folder that is missing, read-only or full only means decompressing as py3langid does.

The folder is ``$HATESCOPE_CACHE_DIR``, else ``$XDG_CACHE_HOME/hatescope``, else ``~/.cache/hatescope``;
``HATESCOPE_CACHE_DIR=""`` turns the cache off.
"""

from __future__ import annotations

import contextlib
import hashlib
import lzma
import os
import shutil
import tempfile
import zipfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

CACHE_ENV = "HATESCOPE_CACHE_DIR"


def cache_folder() -> Path | None:
    """Where decompressed models are kept; None when the cache is turned off."""
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        return Path(configured) if configured.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "hatescope"


def load_identifier(*, norm_probs: bool) -> Any:
    """py3langid's ``LanguageIdentifier`` of its packaged model, the same as
    ``LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=...)``; from the cache when it can be."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    packed = MODEL_DIR / MODEL_FILE
    folder = cache_folder()
    cached = None
    if folder is not None:
        try:
            cached = _cached_npz(packed, folder)
        except (OSError, lzma.LZMAError):
            pass  # no usable cache folder (read-only, full): decompress as py3langid does
    if cached is not None:
        try:
            ptc, pc, classes, nextmove, row, output = _read_npz(cached)
            return LanguageIdentifier(ptc, pc, classes, nextmove, output, norm_probs=norm_probs, tk_row=row)
        except (OSError, ValueError, KeyError, ImportError, zipfile.BadZipFile):
            with contextlib.suppress(OSError):
                cached.unlink()  # damaged: the next process writes it again
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=norm_probs)


def _cached_npz(packed: Path, folder: Path) -> Path:
    """The decompressed npz of ``packed`` in ``folder``, written there first if it is not there yet."""
    try:
        release = version("py3langid")
    except PackageNotFoundError:
        release = "unknown"
    with open(packed, "rb") as f:
        digest = hashlib.file_digest(f, "sha256").hexdigest()
    path = folder / f"py3langid-{release}-{digest[:16]}.npz"
    if path.is_file():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=folder, prefix=path.name + ".", suffix=".tmp", delete=False) as tmp:
        written = Path(tmp.name)
        try:
            with lzma.open(packed) as src:
                shutil.copyfileobj(src, tmp, length=1 << 20)
        except BaseException:
            tmp.close()
            written.unlink(missing_ok=True)
            raise
    try:
        os.replace(written, path)  # atomic: another process reads the whole file or none
    except OSError:
        written.unlink(missing_ok=True)
        raise
    return path


def _read_npz(path: Path) -> tuple[Any, Any, list[str], Any, Any, list[int]]:
    """The arrays py3langid's ``modelio.load_model`` returns, read from a decompressed npz the way it reads them."""
    import numpy as np
    from py3langid.modelio import _to_array

    with np.load(path, allow_pickle=False) as data:
        return (np.asarray(data["ptc"]), np.asarray(data["pc"]), data["classes"].tolist(),
                _to_array(data["nextmove"]), _to_array(data["nextmove_row"]), data["out_feat"].tolist())


__all__ = ["CACHE_ENV", "cache_folder", "load_identifier"]
