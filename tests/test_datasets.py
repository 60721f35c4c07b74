"""Dataset loaders: one schema, deterministic splits, no dev/test text inside train."""

from __future__ import annotations

import pytest

from hatescope.evaluation import default_data_dir
from hatescope.evaluation.datasets import (
    LOADERS,
    SHIP,
    Example,
    dedup_key,
    deduplicate,
    load,
    load_all,
    split_of,
)

DATA = default_data_dir()
needs_data = pytest.mark.skipif(not DATA.is_dir(), reason=f"datasets folder {DATA} absent (set HATESCOPE_DATA)")


def test_split_is_deterministic_and_case_insensitive():
    assert split_of("Hello   World") == split_of("hello world")
    shares = [split_of(f"text number {i}") for i in range(5000)]
    assert 0.07 < shares.count("test") / 5000 < 0.13 and 0.07 < shares.count("dev") / 5000 < 0.13


def test_dedup_prefers_test_over_train_and_ignores_users_and_punctuation():
    rows = [
        Example("@bob They are GREAT!!", False, "a", "train"),
        Example("they are great", False, "b", "test"),
        Example("another one", True, "a", "train"),
        Example("Another one.", True, "b", "train"),
    ]
    kept = deduplicate(rows)
    assert [(r.source, r.split) for r in kept] == [("b", "test"), ("a", "train")]
    assert dedup_key("<user> hi http://x.y") == dedup_key("hi")


def test_dev_only_datasets_are_not_shipped():
    assert "dynahate" in LOADERS and "dynahate" not in SHIP
    assert {"hatexplain", "ethos", "isca"} <= set(SHIP)


@needs_data
@pytest.mark.datasets
@pytest.mark.parametrize("name", list(LOADERS))
def test_each_loader_yields_the_schema(name):
    rows = load(name, DATA)
    assert len(rows) > 500
    assert {r.split for r in rows} <= {"train", "dev", "test"} and "test" in {r.split for r in rows}
    assert all(r.text and r.source == name and isinstance(r.hateful, bool) for r in rows)
    assert all(r.labels.get("hate") == r.hateful for r in rows)
    assert any(r.hateful for r in rows) and not all(r.hateful for r in rows)


@needs_data
@pytest.mark.datasets
def test_hatexplain_keeps_the_official_split_and_rationales():
    rows = load("hatexplain", DATA)
    counts = {s: sum(r.split == s for r in rows) for s in ("train", "dev", "test")}
    assert counts == {"train": 15383, "dev": 1922, "test": 1924}
    with_spans = [r for r in rows if r.rationales]
    assert with_spans and all(r.split != "train" for r in with_spans)
    r = with_spans[0]
    assert all(0 <= a < b <= len(r.text) for a, b in r.rationales)


@needs_data
@pytest.mark.datasets
def test_no_dev_or_test_text_leaks_into_train():
    rows = load_all(DATA)
    held = {dedup_key(r.text) for r in rows if r.split in ("dev", "test")}
    train = [r for r in rows if r.split == "train"]
    assert train and not any(dedup_key(r.text) in held for r in train)
    test = {dedup_key(r.text) for r in rows if r.split == "test"}
    assert not any(dedup_key(r.text) in test for r in rows if r.split == "dev")


@needs_data
@pytest.mark.datasets
@pytest.mark.slow
def test_eval_suite_reports_every_dataset_and_group(tmp_path):
    from hatescope.detect.classifier import DEFAULT_MODEL_DIR
    from hatescope.evaluation import write_report
    from hatescope.evaluation.dataset_suite import datasets_suite

    if not (DEFAULT_MODEL_DIR / "manifest.json").exists():
        pytest.skip("no trained artifact packaged")
    result = datasets_suite(data_dir=DATA, out_dir=tmp_path / "eval", limit=300, plot_dir=tmp_path)
    assert {"hatexplain", "ethos", "isca"} <= set(result.metrics["datasets"])
    assert "three_class" in result.metrics["datasets"]["hatexplain"]
    assert all(0 <= v["fpr"] <= 1 for v in result.metrics["groups"].values())
    report = write_report(tmp_path / "eval", tmp_path / "EVALUATION.md").read_text()
    assert "macro-F1" in report and "FPR" in report
