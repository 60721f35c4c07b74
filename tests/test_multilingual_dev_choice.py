"""training.multilingual_dev_choice: the public rows it chooses on are never the rows the languages suite scores."""

from __future__ import annotations

from hatescope.evaluation.language_sets import LanguageSet, load
from training.multilingual_dev_choice import held_aside_rows


def _spec(rows):
    return LanguageSet("toy", "xx", "toy set", "HATE", "hate", "toy", lambda d: rows)


def test_held_aside_rows_are_disjoint_from_the_suites_rows(tmp_path):
    (tmp_path / "toy").mkdir()
    rows = [(f"post number {i}", i % 4 == 0) for i in range(3000)]
    spec = _spec(rows)
    scored = {t for t, _ in load(spec, tmp_path, limit=1000, min_per_class=30)}
    aside = held_aside_rows(spec, tmp_path)
    assert len(aside) == 1000 and not scored & {t for t, _ in aside}
    assert held_aside_rows(spec, tmp_path) == aside  # the same rows on every run
