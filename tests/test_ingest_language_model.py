"""py3langid's model read from the user's cache (hatescope.ingest.language_model): the same identifier as py3langid's
own loading, written once and atomically, and a cache folder that cannot be used changes nothing but the speed."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from hatescope.ingest import language_model

_TEXTS = ["Bakan, göçmenlerin hırsız olduğunu söyledi.", "the mayor said it is fine", "Мэр сказал, что всё хорошо",
          "", "¿Dónde está la biblioteca?"]


@pytest.fixture(scope="module")
def reference() -> object:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _same(a: object, b: object) -> None:
    assert a.nb_classes == b.nb_classes and a.tk_output == b.tk_output
    assert a.tk_nextmove == b.tk_nextmove and a.tk_row == b.tk_row
    assert np.array_equal(a.nb_ptc, b.nb_ptc) and a.nb_ptc.dtype == b.nb_ptc.dtype
    assert np.array_equal(a.nb_pc, b.nb_pc)
    for text in _TEXTS:
        assert a.rank(text) == b.rank(text)


def test_the_cached_model_is_py3langids_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reference: object) -> None:
    monkeypatch.setenv(language_model.CACHE_ENV, str(tmp_path / "cache"))
    first = language_model.load_identifier(norm_probs=True)  # writes the cache
    written = list((tmp_path / "cache").iterdir())
    assert len(written) == 1 and written[0].name.startswith("py3langid-") and written[0].suffix == ".npz"
    stamp = written[0].stat().st_mtime_ns
    second = language_model.load_identifier(norm_probs=True)  # reads it
    assert written[0].stat().st_mtime_ns == stamp and list((tmp_path / "cache").iterdir()) == written
    _same(first, reference)
    _same(second, reference)


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes into a read-only folder")
def test_a_read_only_cache_folder_still_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reference: object) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    monkeypatch.setenv(language_model.CACHE_ENV, str(folder))
    try:
        _same(language_model.load_identifier(norm_probs=True), reference)
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_an_unusable_cache_folder_still_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reference: object) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv(language_model.CACHE_ENV, str(blocked / "cache"))  # cannot be created under a file
    _same(language_model.load_identifier(norm_probs=True), reference)
    assert blocked.read_text() == "not a folder"


def test_a_damaged_cache_file_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reference: object) -> None:
    monkeypatch.setenv(language_model.CACHE_ENV, str(tmp_path))
    language_model.load_identifier(norm_probs=True)
    (cached,) = tmp_path.iterdir()
    cached.write_bytes(b"PK\x03\x04 damaged")
    _same(language_model.load_identifier(norm_probs=True), reference)
    assert list(tmp_path.iterdir()) == []  # removed, to be written again by the next process
    _same(language_model.load_identifier(norm_probs=True), reference)
    assert cached.stat().st_size > 1_000_000


def test_the_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(language_model.CACHE_ENV, "")
    assert language_model.cache_folder() is None
    monkeypatch.delenv(language_model.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert language_model.cache_folder() == tmp_path / "hatescope"
