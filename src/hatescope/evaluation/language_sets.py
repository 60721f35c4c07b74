"""Public test sets per language (../shared/data), for the per-language table of ``hatescope eval``.

Each set names the label read as "hateful" and whether that label is hate speech (``kind="hate"``) or a
wider one (offensive, toxic). Only hate-labelled sets count towards the bar that decides which languages
the Perspective-compatible endpoint answers for (:mod:`hatescope.evaluation.languages`): the engine is
built not to flag profanity or insults between individuals, so an "offensive" label would punish it for
doing what it should.

Held-out parts only: an official test split where the dataset has one, else the part nothing trains on
(OSACT4 dev, HASOC 2019 and HaSpeeDe 2 are dev-licence sets or splits that never enter the weights; MLMA has no
split: its held-out 20%, by a hash of the text, :func:`hatescope.evaluation.foreign_datasets.mlma`).
Existing readers are reused (GermEval 2018 and L-HSAB from :mod:`hatescope.evaluation.foreign_datasets`).
"""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from hatescope.evaluation.foreign_datasets import germeval, l_hsab, mlma

#: (text, hateful) rows of one set.
Rows = list[tuple[str, bool]]


@dataclass(frozen=True)
class LanguageSet:
    key: str
    language: str
    title: str
    #: The dataset label read as hateful, in the dataset's words.
    label: str
    #: "hate" when that label is hate speech; otherwise what it is ("offensive", "toxic").
    kind: str
    folder: str
    read: Callable[[Path], Rows]


def _tsv(path: Path, **kw) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE, **kw))


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _germeval(d: Path) -> Rows:
    return [(r.text, r.labels["hate"]) for r in germeval(d) if r.split == "test"]


def _l_hsab(d: Path) -> Rows:
    return [(r.text, r.labels["hate"]) for r in l_hsab(d)]


def _osact4(d: Path) -> Rows:
    with (d / "osact4-arabic-offensive" / "OSACT2020-sharedTask-dev.txt").open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [(r[0].replace("<LF>", "\n"), r[2] == "HS") for r in rows if len(r) >= 3]


def _cold(d: Path) -> Rows:
    return [(r["TEXT"], r["label"] == "1") for r in _csv(d / "cold" / "test.csv")]


def _toxicn(d: Path) -> Rows:
    rows = json.loads((d / "toxicn" / "test.json").read_text(encoding="utf-8"))
    return [(r["content"], r["toxic_type"] == 2) for r in rows]


#: ToLD-Br categories about a group (the others are obscene and insult).
_TOLD_GROUP = ("homophobia", "racism", "misogyny", "xenophobia")


def _told_br(d: Path) -> Rows:
    folder = d / "told-br"
    flags: dict[str, float] = {}
    for r in _csv(folder / "ToLD-BR.csv"):  # a duplicated text keeps its highest count
        flags[r["text"]] = max(flags.get(r["text"], 0.0), max(float(r[c]) for c in _TOLD_GROUP))
    test = _csv(folder / "splits_1annotator" / "ptbr_test_1annotator.csv")
    # The dataset's own convention: one annotator's flag makes a text positive ("1annotator" split).
    return [(r["text"], flags.get(r["text"], 0.0) >= 1) for r in test]


def _hateval_es(d: Path) -> Rows:
    return [(r["text"], r["HS"] == "1") for r in _tsv(d / "hateval2019" / "hateval2019_es_test.tsv")]


def _hateval_en(d: Path) -> Rows:
    return [(r["text"], r["HS_relabeled"] == "1") for r in _tsv(d / "hateval2019" / "hateval2019_en_test.tsv")]


def _hasoc_hi(d: Path) -> Rows:
    return [(r["text"], r["task_2"] == "HATE") for r in _tsv(d / "hasoc2019" / "hindi_dataset.tsv")]


def _poleval(d: Path) -> Rows:
    return [(r["text"], r["task2_type"] == "2") for r in _csv(d / "poleval2019-cyberbullying" / "test.csv")]


def _haspeede(d: Path) -> Rows:
    rows = _tsv(d / "haspeede2" / "haspeede2_dev_taskAB.tsv")
    return [(r.get("text ", r.get("text", "")), r["hs"] == "1") for r in rows]


def _mlma(lang: str) -> Callable[[Path], Rows]:
    def read(d: Path) -> Rows:  # the held-out part only: the rest may train the multilingual classifier
        return [(r.text, r.labels["hate"]) for r in mlma(d, lang) if r.split == "test"]
    return read


def _parsoffensive(d: Path) -> Rows:
    return [(r["comment"], r["label"] == "Offensive") for r in _csv(d / "parsoffensive-persian" / "ParsOffensive.csv")]


SETS: tuple[LanguageSet, ...] = (
    LanguageSet("hateval_en", "en", "HatEval 2019 en test (relabelled)", "HS (Wang & Banko 2021 relabelling)", "hate",
                "hateval2019", _hateval_en),
    LanguageSet("germeval2018", "de", "GermEval 2018 test", "ABUSE", "hate", "germeval2018", _germeval),
    LanguageSet("hateval_es", "es", "HatEval 2019 es test", "HS", "hate", "hateval2019", _hateval_es),
    LanguageSet("mlma_fr", "fr", "MLMA fr (held-out 20%)", "hostility type includes hateful", "hate", "mlma", _mlma("fr")),
    LanguageSet("haspeede2", "it", "HaSpeeDe 2 dev/training set", "hs", "hate", "haspeede2", _haspeede),
    LanguageSet("told_br", "pt", "ToLD-Br test (1annotator split)",
                "homophobia, racism, misogyny or xenophobia flagged by ≥ 1 annotator", "hate", "told-br", _told_br),
    LanguageSet("osact4", "ar", "OSACT4 dev", "HS", "hate", "osact4-arabic-offensive", _osact4),
    LanguageSet("l_hsab", "ar", "L-HSAB (all)", "hate", "hate", "l-hsab-arabic", _l_hsab),
    LanguageSet("mlma_ar", "ar", "MLMA ar (held-out 20%)", "hostility type includes hateful", "hate", "mlma", _mlma("ar")),
    LanguageSet("parsoffensive", "fa", "ParsOffensive (all)", "Offensive", "offensive", "parsoffensive-persian",
                _parsoffensive),
    LanguageSet("hasoc2019_hi", "hi", "HASOC 2019 hi (training set; no test released)", "HATE (task 2)", "hate",
                "hasoc2019", _hasoc_hi),
    LanguageSet("poleval2019", "pl", "PolEval 2019 task 6 test", "hate speech (task 2 = 2)", "hate",
                "poleval2019-cyberbullying", _poleval),
    LanguageSet("cold", "zh", "COLD test", "offensive", "offensive", "cold", _cold),
    LanguageSet("toxicn", "zh", "ToxiCN test", "hate speech (toxic_type = 2)", "hate", "toxicn", _toxicn),
)


def _order(text: str) -> bytes:
    return hashlib.sha1(text.encode("utf-8")).digest()


def load(spec: LanguageSet, data_dir: Path, *, limit: int | None = None, min_per_class: int = 0) -> Rows | None:
    """The set's rows, de-duplicated by text; ``limit`` keeps that many chosen by a hash of the text (the same
    rows on every machine), and more, in the same order, until each class has ``min_per_class`` rows (a
    sample of a set with 5% hateful rows would otherwise hold a handful). None when the dataset is not in
    ``data_dir``."""
    if not (data_dir / spec.folder).is_dir():
        return None
    seen: dict[str, bool] = {}
    for text, hateful in spec.read(data_dir):
        if text.strip() and text not in seen:
            seen[text] = hateful
    rows = list(seen.items())
    if limit is None or len(rows) <= limit:
        return rows
    rows = sorted(rows, key=lambda r: _order(r[0]))
    end, hateful = limit, sum(h for _, h in rows[:limit])
    while end < len(rows) and min(hateful, end - hateful) < min_per_class:
        hateful += rows[end][1]
        end += 1
    return rows[:end]
