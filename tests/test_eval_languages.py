"""The per-language report: its scores, its bar, and the files it writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hatescope.evaluation import default_data_dir
from hatescope.evaluation.languages import (BAR, binary_scores, build_support, constant_scores, gates, meets_bar,
                                            wilson_low)
from hatescope.evaluation.languages_report import SECTION, write_doc_section


def test_scores_and_the_constant_baseline():
    gold = [True, True, False, False, False]
    assert binary_scores(gold, [True, False, False, False, True]) == {"accuracy": 0.6, "macro_f1": pytest.approx(7 / 12)}
    # Always hateful: accuracy is the hateful share; the not-hateful class has F1 0.
    assert constant_scores(gold) == {"accuracy": 0.4, "macro_f1": pytest.approx((2 * 2 / (2 * 2 + 3)) / 2)}


def test_wilson_lower_bound():
    assert wilson_low(0, 0) == 0.0
    assert wilson_low(59, 100) == pytest.approx(0.492, abs=1e-3)
    assert wilson_low(590, 1000) < 0.59 and wilson_low(590, 1000) > wilson_low(59, 100)


def _public(macro_f1: float, *, kind: str = "hate", n: int = 400, n_hateful: int = 100) -> dict:
    return {"title": "set", "kind": kind, "n": n, "n_hateful": n_hateful, "macro_f1": macro_f1}


SEALED_GOOD = {"n": 200, "accuracy": 0.7, "wilson_low": wilson_low(140, 200), "constant_accuracy": 0.5}


@pytest.mark.parametrize("sealed, public, meets", [
    (SEALED_GOOD, [], True),                                     # no public set: sealed rows alone
    (SEALED_GOOD, [_public(0.70)], True),
    (SEALED_GOOD, [_public(0.55)], False),                       # a hate-labelled set below the bar
    (SEALED_GOOD, [_public(0.30, kind="offensive")], True),      # an offensive label does not gate
    (SEALED_GOOD, [_public(0.30, n_hateful=10)], True),          # ten hateful rows cannot gate
    ({**SEALED_GOOD, "n": 40}, [], False),                       # too few sealed rows
    ({"n": 100, "accuracy": 0.56, "wilson_low": wilson_low(56, 100), "constant_accuracy": 0.5}, [], False),  # chance
    (None, [_public(0.9)], False),                               # no in-house rounds at all
])
def test_the_bar(sealed, public, meets):
    assert (not meets_bar(sealed, public)) is meets


def test_languages_answered_regardless_of_the_bar_are_named_with_a_reason():
    weak = {"n": 100, "accuracy": 0.5, "wilson_low": wilson_low(50, 100), "constant_accuracy": 0.5}
    support = build_support({"en": weak, "de": SEALED_GOOD, "ar": weak}, {}, {}, limit=10)
    assert support["supported"] == ["de", "en"] and BAR["answered_regardless"]["en"]
    assert support["languages"]["en"]["meets_bar"] is False and support["languages"]["en"]["answered"] is True
    assert support["languages"]["ar"]["answered"] is False


def test_a_small_sample_grows_until_each_class_can_gate(tmp_path):
    from hatescope.evaluation.language_sets import LanguageSet, load

    rows = [(f"text {i}", i % 20 == 0) for i in range(2000)]  # 5% hateful
    (tmp_path / "set").mkdir()
    spec = LanguageSet("s", "xx", "S", "hate", "hate", "set", lambda _: rows)
    sample = load(spec, tmp_path, limit=100, min_per_class=30)
    assert sum(h for _, h in sample) == 30 and len(sample) > 100
    assert sample[:100] == load(spec, tmp_path, limit=100)  # the same rows first: only extended


def test_only_hate_sets_with_both_classes_gate():
    assert gates(_public(0.5)) and not gates(_public(0.5, kind="toxic"))
    assert not gates(_public(0.5, n=100, n_hateful=100 - BAR["public_min_per_class"] + 1))


def test_the_doc_section_is_replaced_in_place(tmp_path):
    doc = tmp_path / "M.md"
    doc.write_text("# Title\n\nintro\n", encoding="utf-8")
    write_doc_section(doc, "first")
    write_doc_section(doc, "second")
    text = doc.read_text(encoding="utf-8")
    assert text.startswith("# Title\n\nintro\n") and "second" in text and "first" not in text
    assert text.count(f"<!-- section:{SECTION} -->") == 1


def test_the_multilingual_benchmark_keeps_the_section(tmp_path, monkeypatch):
    import benchmarks.multilingual_check as check

    doc = tmp_path / "docs" / "MULTILINGUAL.md"
    doc.parent.mkdir()
    (doc.parent / "multilingual_report.json").write_text((check.ROOT / "docs" / "multilingual_report.json").read_text())
    doc.write_text("# old\n", encoding="utf-8")
    write_doc_section(doc, "per-language table")
    monkeypatch.setattr(check, "ROOT", tmp_path)
    check.write_doc(json.loads((Path(check.__file__).parent.parent / "docs" / "multilingual_check.json").read_text()))
    text = doc.read_text(encoding="utf-8")
    assert text.startswith("# Text that is not English") and text.count("per-language table") == 1


@pytest.mark.datasets
def test_suite_writes_the_report_the_api_reads(tmp_path):
    data = default_data_dir()
    if not (data / "germeval2018").is_dir():
        pytest.skip(f"datasets not found in {data}")
    from hatescope.api.languages import load_language_support
    from hatescope.evaluation.languages import languages_suite

    class Verdict:
        def __init__(self, hateful: bool) -> None:
            self.hateful = hateful

    class EveryOtherText:  # a stand-in engine: deterministic, no model
        def analyze_many(self, texts):
            return [Verdict(len(t) % 2 == 0) for t in texts]

        def versions(self):
            return {"stand-in": "1"}

    support_file = tmp_path / "language_support.json"
    result = languages_suite(engine=EveryOtherText(), data_dir=data, out_dir=tmp_path / "eval", limit=40,
                             support_file=support_file, doc=tmp_path / "MULTILINGUAL.md")
    report = load_language_support(support_file)
    assert report["bar"] == BAR and report["public_rows_per_set"] == 40
    assert report["supported"] == sorted({k for k, v in report["languages"].items() if v["meets_bar"]} | {"en"})
    assert {"de", "ar", "en"} <= set(report["languages"])
    for p in (p for v in report["languages"].values() for p in v["public"]):  # 40 rows, or grown to 30 of a class
        assert p["n"] == 40 or min(p["n_hateful"], p["n"] - p["n_hateful"]) == BAR["public_min_per_class"], p["set"]
    assert (tmp_path / "eval" / "languages.json").exists() and result.name == "languages"
    assert "<!-- section:languages -->" in (tmp_path / "MULTILINGUAL.md").read_text(encoding="utf-8")
