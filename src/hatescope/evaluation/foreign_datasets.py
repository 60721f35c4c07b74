"""Readers for the datasets in languages other than English (../shared/data), into one small schema.

They are kept apart from :mod:`hatescope.evaluation.datasets` on purpose: the English classifier's
corpus is every loader there, and German or Arabic text has no place in it.

* GermEval 2018 (German tweets, CC BY 4.0, may ship): OFFENSE/OTHER and ABUSE/INSULT/PROFANITY/OTHER.
  ``hate`` is read as ABUSE (offence aimed at someone for the group they belong to: the closest of its
  labels to hate speech) and ``insult`` as OFFENSE. Official files: training → train/dev by a hash of
  the text (90/10), test → test.
* L-HSAB (Levantine Arabic tweets, no licence stated: evaluation only): normal / abusive / hate;
  ``hate`` = hate, ``insult`` = abusive or hate. No official split: all of it is ``test``.
"""

from __future__ import annotations

import csv
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


#: Which of them may train the model that ships (../shared/data/README.md, column "ship").
SHIP_FOREIGN = {"germeval2018": germeval}
EVAL_ONLY_FOREIGN = {"l_hsab": l_hsab}
