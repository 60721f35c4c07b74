"""Readers for the datasets in languages other than English (../shared/data), into one small schema.

They are kept apart from :mod:`hatescope.evaluation.datasets` on purpose: the English classifier's
corpus is every loader there, and German or Arabic text has no place in it.

* GermEval 2018 (German tweets, CC BY 4.0, may ship): OFFENSE/OTHER and ABUSE/INSULT/PROFANITY/OTHER.
  ``hate`` is read as ABUSE (offence aimed at someone for the group they belong to: the closest of its
  labels to hate speech) and ``insult`` as OFFENSE. Official files: training → train/dev by a hash of
  the text (90/10), test → test.
* L-HSAB (Levantine Arabic tweets, no licence stated: evaluation only): normal / abusive / hate;
  ``hate`` = hate, ``insult`` = abusive or hate. No official split: all of it is ``test``.

The other ship-licensed sets (../shared/data/README.md), with labels mapped no further than they go: an
"offensive" label may say ``insult`` but never ``hate``; a label left unknown is absent from ``labels``.

* MLMA French and Arabic tweets (MIT): hostility types. ``hate`` = the type ``hateful``; ``insult`` = offensive,
  abusive or disrespectful (False when the only type is ``normal``, else unknown). No official split: by a hash
  of the text, 70% train, 10% dev, 20% ``test`` (held out; the per-language report scores that part only).
* ToLD-Br (Brazilian Portuguese tweets, CC BY-SA 4.0): per category the number of annotators (of 3) who
  flagged it. ``hate`` = homophobia, racism, misogyny or xenophobia flagged by at least one (the dataset's
  "1annotator" convention, also the report's), ``insult`` = insult flagged by at least one. Its one published
  split (``splits_1annotator``) gives train / dev (validation) / ``test``; a text in several parts counts in
  the held-out one.
* COLD (Mandarin comments, Apache-2.0): offensive / safe only (train and dev carry no finer label), so an
  offensive comment is ``insult`` with ``hate`` unknown, and a safe one neither. Official train / dev / test.
* OSACT4 (Arabic tweets, CC-BY): ``hate`` = HS, ``insult`` = OFF. Its train file → train/dev by a hash of the
  text (90/10); its dev file is ``test``: the per-language report scores it, nothing trains or tunes on it.
"""

from __future__ import annotations

import csv
import hashlib
import zlib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ForeignExample:
    text: str
    language: str
    source: str
    split: str
    labels: dict[str, bool]
    #: What kind of text it is, where the source says (a contrastive twin: "negated", "counter"...).
    kind: str = ""


def _hash_split(text: str, dev_share: float = 0.1) -> str:
    return "dev" if zlib.crc32(text.encode("utf-8")) % 1000 < dev_share * 1000 else "train"


def germeval(data_dir: Path) -> list[ForeignExample]:
    folder = data_dir / "germeval2018"
    out: list[ForeignExample] = []
    seen: set[str] = set()
    for fname, official in (("germeval2018.test.txt", "test"), ("germeval2018.training.txt", "train")):
        with (folder / fname).open(encoding="utf-8") as fh:
            for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                if len(row) < 3 or row[0] in seen:  # a tweet in both files counts as test only
                    continue
                seen.add(row[0])
                text = row[0].replace("|LBR|", "\n")
                split = official if official == "test" else _hash_split(text)
                out.append(ForeignExample(text, "de", "germeval2018", split,
                                          {"hate": row[2] == "ABUSE", "insult": row[1] == "OFFENSE"}))
    return out


def l_hsab(data_dir: Path) -> list[ForeignExample]:
    with (data_dir / "l-hsab-arabic" / "L-HSAB.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    seen: set[str] = set()
    out: list[ForeignExample] = []
    for r in rows:
        if r["Tweet"] in seen:
            continue
        seen.add(r["Tweet"])
        out.append(ForeignExample(r["Tweet"], "ar", "l_hsab", "test",
                                  {"hate": r["Class"] == "hate", "insult": r["Class"] != "normal"}))
    return out


def _hash_split3(text: str, salt: str, test_share: float = 0.2, dev_share: float = 0.1) -> str:
    """test / dev / train by a salted hash of the text: the same on every machine, and a duplicate follows its twin."""
    b = int.from_bytes(hashlib.sha256(f"{salt}:{text}".encode("utf-8")).digest()[:4], "big") / 2**32
    return "test" if b < test_share else "dev" if b < test_share + dev_share else "train"


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


#: MLMA hostility types that are an insult or worse (``fearful`` alone is not one; ``hateful`` is read as hate).
_MLMA_INSULT = {"offensive", "abusive", "disrespectful"}


def mlma(data_dir: Path, language: str) -> list[ForeignExample]:
    out, seen = [], set()
    for r in _csv_rows(data_dir / "mlma" / f"{language}_dataset.csv"):
        text, types = r["tweet"], set(r["sentiment"].split("_"))
        if not text.strip() or text in seen:
            continue
        seen.add(text)
        labels = {"hate": "hateful" in types}
        if types & _MLMA_INSULT or types == {"normal"}:
            labels["insult"] = bool(types & _MLMA_INSULT)
        out.append(ForeignExample(text, language, f"mlma_{language}", _hash_split3(text, "mlma"), labels))
    return out


#: ToLD-Br categories about a group (the others are obscene and insult).
TOLD_GROUP_CATEGORIES = ("homophobia", "racism", "misogyny", "xenophobia")


def told_br(data_dir: Path) -> list[ForeignExample]:
    folder = data_dir / "told-br"
    flags: dict[str, tuple[float, float]] = {}
    for r in _csv_rows(folder / "ToLD-BR.csv"):  # a duplicated text keeps its highest counts
        group, insult = max(float(r[c]) for c in TOLD_GROUP_CATEGORIES), float(r["insult"])
        old = flags.get(r["text"], (0.0, 0.0))
        flags[r["text"]] = (max(old[0], group), max(old[1], insult))
    split_of: dict[str, str] = {}
    for split, name in (("test", "test"), ("dev", "validation"), ("train", "train")):  # held-out parts first
        for r in _csv_rows(folder / "splits_1annotator" / f"ptbr_{name}_1annotator.csv"):
            split_of.setdefault(r["text"], split)
    return [ForeignExample(text, "pt", "told_br", split, {"hate": flags[text][0] >= 1, "insult": flags[text][1] >= 1})
            for text, split in split_of.items() if text in flags and text.strip()]


def cold(data_dir: Path) -> list[ForeignExample]:
    out, seen = [], set()
    for split in ("test", "dev", "train"):  # a comment in several files counts in the held-out one
        for r in _csv_rows(data_dir / "cold" / f"{split}.csv"):
            if not r["TEXT"].strip() or r["TEXT"] in seen:
                continue
            seen.add(r["TEXT"])
            offensive = r["label"] == "1"
            labels = {"insult": True} if offensive else {"hate": False, "insult": False}
            out.append(ForeignExample(r["TEXT"], "zh", "cold", split, labels))
    return out


def osact4(data_dir: Path) -> list[ForeignExample]:
    folder, out, seen = data_dir / "osact4-arabic-offensive", [], set()
    for fname, official in (("OSACT2020-sharedTask-dev.txt", "test"), ("OSACT2020-sharedTask-train.txt", "train")):
        with (folder / fname).open(encoding="utf-8") as fh:
            for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                if len(row) < 3 or row[0] in seen:
                    continue
                seen.add(row[0])
                text = row[0].replace("<LF>", "\n")
                split = official if official == "test" else _hash_split(text)
                out.append(ForeignExample(text, "ar", "osact4", split, {"hate": row[2] == "HS", "insult": row[1] == "OFF"}))
    return out


#: Which of them may train the model that ships (../shared/data/README.md, column "ship").
SHIP_FOREIGN = {"germeval2018": germeval, "mlma_fr": lambda d: mlma(d, "fr"), "mlma_ar": lambda d: mlma(d, "ar"),
                "told_br": told_br, "cold": cold, "osact4": osact4}
EVAL_ONLY_FOREIGN = {"l_hsab": l_hsab}
