"""benchmarks/load_test.py: its posts and the way it rewrites only its own section of docs/PERFORMANCE.md."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("load_test", ROOT / "benchmarks" / "load_test.py")
load_test = importlib.util.module_from_spec(spec)
spec.loader.exec_module(load_test)


def test_posts_are_280_characters_and_deterministic():
    a, b = load_test.posts(50), load_test.posts(50)
    assert a == b and all(len(p) == 280 for p in a) and len(set(a)) > 40


def test_write_docs_replaces_only_its_section(tmp_path, monkeypatch):
    doc = tmp_path / "PERFORMANCE.md"
    monkeypatch.setattr(load_test, "DOCS", doc)
    load_test.write_docs(f"{load_test.BEGIN}\nfirst\n{load_test.END}")
    doc.write_text("# Performance\n\n## Other\nkeep me\n\n" + doc.read_text().split("\n\n", 2)[-1] + "\n## After\nkeep too\n")
    load_test.write_docs(f"{load_test.BEGIN}\nsecond\n{load_test.END}")
    text = doc.read_text()
    assert "keep me" in text and "keep too" in text and "second" in text and "first" not in text
    assert text.count(load_test.BEGIN) == 1
