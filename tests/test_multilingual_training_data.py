"""The rows the multilingual heads learn from: label mapping per public set, held-out parts, and the ship rule's checks."""

from __future__ import annotations

import csv
import json

import pytest

from hatescope.evaluation import default_data_dir
from hatescope.evaluation.foreign_datasets import cold, mlma, osact4, told_br


def _write_csv(path, header, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


def test_mlma_reads_hate_only_from_its_hateful_type(tmp_path):
    _write_csv(tmp_path / "mlma" / "fr_dataset.csv", ["HITId", "tweet", "sentiment", "directness", "annotator_sentiment",
                                                      "target", "group"],
               [[1, "a", "offensive_hateful", "", "", "", ""], [2, "b", "offensive", "", "", "", ""],
                [3, "c", "normal", "", "", "", ""], [4, "d", "fearful", "", "", "", ""]])
    labels = {r.text: r.labels for r in mlma(tmp_path, "fr")}
    assert labels == {"a": {"hate": True, "insult": True}, "b": {"hate": False, "insult": True},
                      "c": {"hate": False, "insult": False}, "d": {"hate": False}}  # fear alone says nothing of insult


def test_an_offensive_comment_in_cold_never_trains_hate(tmp_path):
    for split in ("train", "dev", "test"):
        _write_csv(tmp_path / "cold" / f"{split}.csv", ["", "split", "topic", "label", "TEXT"],
                   [[0, split, "race", "1", f"offensive {split}"], [1, split, "race", "0", f"safe {split}"],
                    [2, split, "race", "1", "in two files"]])
    rows = {r.text: r for r in cold(tmp_path)}
    assert rows["offensive train"].labels == {"insult": True}
    assert rows["safe dev"].labels == {"hate": False, "insult": False}
    assert rows["in two files"].split == "test"  # a comment in several files counts in the held-out one


def test_osact4_dev_file_is_held_out_and_hate_is_its_hs_label(tmp_path):
    folder = tmp_path / "osact4-arabic-offensive"
    folder.mkdir()
    (folder / "OSACT2020-sharedTask-train.txt").write_text(
        "".join(f"tweet {i}\tOFF\t{'HS' if i % 2 else 'NOT_HS'}\n" for i in range(50)), encoding="utf-8")
    (folder / "OSACT2020-sharedTask-dev.txt").write_text("dev tweet<LF>two\tNOT_OFF\tNOT_HS\n", encoding="utf-8")
    rows = osact4(tmp_path)
    assert {r.split for r in rows if r.text.startswith("tweet")} <= {"train", "dev"}
    held = [r for r in rows if r.split == "test"]
    assert [(r.text, r.labels) for r in held] == [("dev tweet\ntwo", {"hate": False, "insult": False})]
    assert {r.text: r.labels["hate"] for r in rows}["tweet 1"] is True


def test_told_br_keeps_its_published_test_split_out_of_training(tmp_path):
    folder = tmp_path / "told-br"
    cats = ["homophobia", "obscene", "insult", "racism", "misogyny", "xenophobia"]
    _write_csv(folder / "ToLD-BR.csv", ["text", *cats],
               [["racist", 0, 0, 0, 1, 0, 0], ["rude", 0, 2, 1, 0, 0, 0], ["both", 0, 0, 0, 0, 0, 0]])
    _write_csv(folder / "splits_1annotator" / "ptbr_train_1annotator.csv", ["text", "toxic"],
               [["racist", 1], ["rude", 1], ["both", 0]])
    _write_csv(folder / "splits_1annotator" / "ptbr_validation_1annotator.csv", ["text", "toxic"], [])
    _write_csv(folder / "splits_1annotator" / "ptbr_test_1annotator.csv", ["text", "toxic"], [["both", 0]])
    rows = {r.text: r for r in told_br(tmp_path)}
    assert rows["racist"].labels == {"hate": True, "insult": False}
    assert rows["rude"].labels == {"hate": False, "insult": True}  # obscene and insult are not hate
    assert rows["both"].split == "test"


@pytest.mark.datasets
def test_the_per_language_report_scores_only_mlmas_held_out_part():
    data = default_data_dir()
    if not (data / "mlma").is_dir():
        pytest.skip(f"datasets not found in {data}")
    from hatescope.evaluation.language_sets import SETS

    spec = next(s for s in SETS if s.key == "mlma_fr")
    scored = {t for t, _ in spec.read(data)}
    trainable = {r.text for r in mlma(data, "fr") if r.split in ("train", "dev")}
    assert scored and not scored & trainable
    assert 0.15 < len(scored) / (len(scored) + len(trainable)) < 0.25


def _support(sealed: dict[str, float], macro_f1: float, meets: list[str], en_public: float = 0.5) -> dict:
    langs = {lang: {"meets_bar": lang in meets, "sealed": {"n": 100, "accuracy": acc},
                    "public": [{"set": f"set_{lang}", "title": lang, "kind": "hate", "gates": True,
                                "macro_f1": en_public if lang == "en" else macro_f1}]}
             for lang, acc in sealed.items()}
    return {"engine": {"hatescope.multilingual.v1": "x"}, "languages": langs}


def test_the_ship_rule_needs_every_check():
    from training.multilingual_report import compare

    before = _support({"en": 0.7, "de": 0.6, "fr": 0.6}, 0.60, ["de"])
    good = compare(before, _support({"en": 0.7, "de": 0.66, "fr": 0.66}, 0.62, ["de", "fr"]), tests_passed=True)
    assert good["ship"] and good["pooled_sealed"]["after"] == pytest.approx(0.66)
    assert not compare(before, _support({"en": 0.7, "de": 0.66, "fr": 0.66}, 0.62, ["de"]))["ship"]  # tests not run
    cases = [
        _support({"en": 0.7, "de": 0.61, "fr": 0.61}, 0.62, ["de"]),   # pooled rise under 3 points
        _support({"en": 0.7, "de": 0.80, "fr": 0.51}, 0.62, ["de"]),   # French falls 9 points
        _support({"en": 0.7, "de": 0.66, "fr": 0.66}, 0.56, ["de"]),   # public sets fall
        _support({"en": 0.7, "de": 0.66, "fr": 0.66}, 0.62, ["fr"]),   # German loses the bar
        _support({"en": 0.71, "de": 0.66, "fr": 0.66}, 0.62, ["de"]),  # English changed
    ]
    for after in cases:
        assert not compare(before, after, tests_passed=True)["ship"], json.dumps(after)


def test_english_is_the_same_when_only_timings_and_versions_differ():
    from training.multilingual_report import compare

    before = _support({"en": 0.7, "de": 0.6}, 0.60, ["de"])
    after = _support({"en": 0.7, "de": 0.66}, 0.62, ["de"])
    after["languages"]["en"]["public"][0]["seconds"] = 12.5
    context = {"metrics": {"accuracy": 0.97, "versions": {"hatescope.multilingual.v1": "1"}}}
    moved = {"metrics": {"accuracy": 0.97, "versions": {"hatescope.multilingual.v1": "2"}}}
    assert compare(before, after, context, moved, tests_passed=True)["ship"]
    assert not compare(before, after, context, {"metrics": {"accuracy": 0.96}}, tests_passed=True)["ship"]
