"""Loaders that read each public dataset in ../shared/data into one schema (:class:`Example`).

Every loader keeps the dataset's official split when it has one and otherwise assigns a
deterministic split from a hash of the text, so train/dev/test never depend on row order or a
random seed. ``labels`` holds only what the dataset actually annotates (a missing key means
"unknown", not "no"): the trainer masks unknown labels instead of guessing them.

Which datasets may train the shipped model is stated in ../shared/data/README.md ("ship");
:data:`SHIP` mirrors that column and the trainer refuses anything else.
"""

from __future__ import annotations

import csv
import hashlib
import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from hatescope.errors import UnknownDataset

#: The labels the classifier models ("insult" = offensive/abusive language, "incitement" = incitement or threat).
LABELS = ("hate", "insult", "dehumanization", "incitement")


@dataclass(frozen=True)
class Example:
    text: str
    hateful: bool
    source: str
    split: str  # train / dev / test
    labels: dict[str, bool] = field(default_factory=dict)
    targets: tuple[str, ...] = ()
    #: Character spans of human rationales (where the dataset has them).
    rationales: tuple[tuple[int, int], ...] = ()
    #: The dataset's own class name (e.g. HateXplain "offensive"), for dataset-specific metrics.
    klass: str = ""


def split_of(text: str, *, dev: float = 0.1, test: float = 0.1) -> str:
    """Deterministic split from a hash of the whitespace/case-folded text (stable across runs and machines)."""
    key = " ".join(text.lower().split()).encode("utf-8")
    bucket = int.from_bytes(hashlib.sha1(key).digest()[:4], "big") / 2**32
    if bucket < test:
        return "test"
    if bucket < test + dev:
        return "dev"
    return "train"


def dedup_key(text: str) -> str:
    """Key under which two texts count as the same post across datasets (case, spacing, punctuation, @users ignored)."""
    t = re.sub(r"@\w+|<user>|https?://\S+|<url>", " ", text.lower())
    return re.sub(r"[\W_]+", "", t)


def _clean_tweet(text: str) -> str:
    t = html.unescape(text)
    t = re.sub(r"^(\s*RT\s+@\w+:?)+", "", t)
    t = re.sub(r"@\w+", "@user", t)
    t = re.sub(r"https?://\S+", "http", t)
    return " ".join(t.split())


def _negatives(hateful: bool, extra: dict[str, bool] | None = None) -> dict[str, bool]:
    """Non-hateful texts are negatives for every group-directed label; hateful ones set what they know."""
    labels = {"hate": hateful}
    if not hateful:
        labels.update(dehumanization=False, incitement=False)
    labels.update(extra or {})
    return labels


def _read_csv(path: Path, **kw: object) -> Iterator[dict[str, str]]:
    with path.open(newline="", encoding=kw.pop("encoding", "utf-8")) as fh:  # type: ignore[arg-type]
        yield from csv.DictReader(fh, **kw)  # type: ignore[arg-type]


# --- one loader per dataset -------------------------------------------------------------------


def load_hatexplain(root: Path) -> Iterator[Example]:
    for line in (root / "hatexplain" / "hatexplain_merged.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        text, klass = row["text"], row["majority_label"]
        tokens = text.split(" ")
        starts, pos = [], 0
        for tok in tokens:
            starts.append(pos)
            pos += len(tok) + 1
        spans: list[tuple[int, int]] = []
        masks = row.get("rationales") or []
        if masks:
            # Majority of annotators who gave a rationale marked the token.
            votes = [sum(m[i] for m in masks if i < len(m)) for i in range(len(tokens))]
            need = len(masks) / 2
            for i, v in enumerate(votes):
                if v > need:
                    spans.append((starts[i], starts[i] + len(tokens[i])))
        targets = tuple(t for t in row["targets_union"] if t not in ("None", "Other"))
        hateful = klass == "hatespeech"
        yield Example(text, hateful, "hatexplain", {"val": "dev"}.get(row["split"], row["split"]),
                      _negatives(hateful, {"insult": klass != "normal"}), targets, tuple(spans), klass)


def load_davidson2017(root: Path) -> Iterator[Example]:
    for row in _read_csv(root / "davidson2017" / "labeled_data.csv"):
        text = _clean_tweet(row["tweet"])
        klass = {"0": "hate", "1": "offensive", "2": "neither"}[row["class"]]
        hateful = klass == "hate"
        yield Example(text, hateful, "davidson2017", split_of(text),
                      _negatives(hateful, {"insult": klass != "neither"}), klass=klass)


def load_ethos(root: Path) -> Iterator[Example]:
    folder = root / "ethos"
    violent = {r["comment"].strip(): float(r["violence"]) >= 0.5
               for r in _read_csv(folder / "Ethos_Dataset_Multi_Label.csv", delimiter=";")}
    for row in _read_csv(folder / "Ethos_Dataset_Binary.csv", delimiter=";"):
        text = row["comment"].strip()
        hateful = float(row["isHate"]) >= 0.5
        extra = {"incitement": violent[text]} if hateful and text in violent else {}
        yield Example(text, hateful, "ethos", split_of(text), _negatives(hateful, extra),
                      klass="hate" if hateful else "not")


def load_isca(root: Path) -> Iterator[Example]:
    seen: dict[str, bool] = {}
    for row in _read_csv(root / "isca-antisemitism-twitter" / "Updated_dataset_with_full_text.csv"):
        # 4 ids appear twice with conflicting labels: keep "antisemitic" if any annotation says so.
        seen[row["TweetID"]] = seen.get(row["TweetID"], False) or row["Biased"] == "1"
        seen.setdefault("text:" + row["TweetID"], row["Text"])  # type: ignore[arg-type]
    for tid, biased in list(seen.items()):
        if tid.startswith("text:"):
            continue
        text = _clean_tweet(str(seen["text:" + tid]))
        yield Example(text, bool(biased), "isca", split_of(text), _negatives(bool(biased)), ("Jewish",),
                      klass="antisemitic" if biased else "not")


def load_implicit_hate(root: Path) -> Iterator[Example]:
    folder = root / "implicit-hate"
    threat: dict[str, bool] = {}
    for r in _read_csv(folder / "implicit_hate_v1_stg2_posts.tsv", delimiter="\t"):
        kinds = {r["implicit_class"], r.get("extra_implicit_class") or ""}
        threat[r["post"]] = bool(kinds & {"incitement", "threatening"})
    target: dict[str, str] = {r["post"]: r["target"] for r in _read_csv(folder / "implicit_hate_v1_stg3_posts.tsv", delimiter="\t") if r["post"]}
    for r in _read_csv(folder / "implicit_hate_v1_stg1_posts.tsv", delimiter="\t"):
        raw = r["post"]
        text = _clean_tweet(raw.replace('""', '"').strip(' "'))
        if not text:
            continue
        hateful = r["class"] != "not_hate"
        extra = {"incitement": threat[raw]} if raw in threat else {}
        tg = (target[raw],) if raw in target else ()
        yield Example(text, hateful, "implicit_hate", split_of(text), _negatives(hateful, extra), tg, klass=r["class"])


def load_hatemoji(root: Path) -> Iterator[Example]:
    for name, split in (("train", "train"), ("validation", "dev"), ("test", "test")):
        for r in _read_csv(root / "hatemoji-build" / f"{name}.csv"):
            hateful = r["label_gold"] == "1"
            extra = {"dehumanization": r["type"] == "dehumanizinglanguage",
                     "incitement": r["type"] == "threateninglanguage"} if hateful else {}
            tg = tuple(t for t in re.findall(r"'([^']+)'", r["target"]) if t != "none")
            yield Example(r["text"], hateful, "hatemoji", split, _negatives(hateful, extra), tg, klass=r["type"])


def load_toxigen(root: Path) -> Iterator[Example]:
    seen: set[str] = set()
    for path in sorted((root / "toxigen" / "prompts").glob("*.txt")):
        kind, group = path.stem.split("_", 1)
        group = group.removesuffix("_1k")
        for line in path.open(encoding="utf-8"):
            for sent in line.strip().split("\\n-"):
                text = sent.strip().lstrip("-").strip()
                if not text or text in seen:
                    continue
                seen.add(text)
                hateful = kind == "hate"
                # ToxiGen's neutral sentences are benign statements about the group: not insults either.
                extra = {} if hateful else {"insult": False}
                yield Example(text, hateful, "toxigen", split_of(text), _negatives(hateful, extra), (group,), klass=kind)


def load_sbic(root: Path) -> Iterator[Example]:
    for name in ("dev", "tst"):
        for r in _read_csv(root / "sbic" / f"SBIC.v2.agg.{name}.csv"):
            text = _clean_tweet(r["post"])
            if not text:
                continue
            offensive = float(r["offensiveYN"] or 0) >= 0.5
            groups = tuple(json.loads(r["targetMinority"] or "[]"))
            # Hate = offensive, aimed at a group, with a written stereotype (hasBiasedImplication 0 means one exists).
            hateful = offensive and bool(groups) and r["hasBiasedImplication"] == "0"
            # SBIC's train split is not available: its dev file is split by hash into train/dev, tst stays test.
            split = "test" if name == "tst" else split_of(text, dev=0.15, test=0.0)
            yield Example(text, hateful, "sbic", split, _negatives(hateful, {"insult": offensive}), groups,
                          klass="offensive" if offensive else "not")


def load_hickey2025(root: Path) -> Iterator[Example]:
    folder = root / "hickey2025-reddit-counterspeech"
    names = {"0": "other", "1": "hate", "2": "counter"}
    human = {r["id"] for r in _read_csv(folder / "validation_set.csv")}
    for fname, gold in (("validation_set.csv", True), ("gpt_4o_labels.csv", False)):
        for r in _read_csv(folder / fname):
            if not gold and r["id"] in human:
                continue
            text = " ".join(r["reply"].split())
            hateful = r["label"] == "1"
            # Human labels are the test set; GPT-4o silver labels are split into train/dev.
            split = "test" if gold else split_of(text, dev=0.1, test=0.0)
            yield Example(text, hateful, "hickey2025", split, _negatives(hateful), klass=names.get(r["label"], "other"))


def load_dynahate(root: Path) -> Iterator[Example]:
    """Dev-only data (no licence for shipping): DynaHate dev/test, rich in hard negatives."""
    for name in ("dev", "test"):
        for r in _read_csv(root / "dynahate" / f"{name}.csv"):
            hateful = r["label"] == "hate"
            extra = {"dehumanization": r["type"] == "dehumanization",
                     "incitement": r["type"] == "threatening"} if hateful and r["type"] != "notgiven" else {}
            tg = tuple(t for t in re.split(r"[.,]", r["target"]) if t not in ("none", "notgiven", ""))
            yield Example(r["text"], hateful, "dynahate", name, _negatives(hateful, extra), tg, klass=r["type"])


#: name -> (loader, may train the shipped model). Mirrors the "ship" column of ../shared/data/README.md.
LOADERS: dict[str, tuple[Callable[[Path], Iterable[Example]], bool]] = {
    "hatexplain": (load_hatexplain, True),
    "davidson2017": (load_davidson2017, True),
    "ethos": (load_ethos, True),
    "isca": (load_isca, True),
    "implicit_hate": (load_implicit_hate, True),
    "hatemoji": (load_hatemoji, True),
    "toxigen": (load_toxigen, True),
    "sbic": (load_sbic, True),
    "hickey2025": (load_hickey2025, True),
    "dynahate": (load_dynahate, False),
}
SHIP = tuple(name for name, (_, ship) in LOADERS.items() if ship)


def load(name: str, data_dir: Path) -> list[Example]:
    if name not in LOADERS:
        raise UnknownDataset(f"unknown dataset '{name}' (known: {', '.join(LOADERS)})")
    return [ex for ex in LOADERS[name][0](data_dir) if ex.text.strip()]


def load_all(data_dir: Path, names: Iterable[str] = tuple(LOADERS)) -> list[Example]:
    """All requested datasets, de-duplicated across datasets (see :func:`deduplicate`)."""
    out: list[Example] = []
    for name in names:
        out.extend(load(name, data_dir))
    return deduplicate(out)


def deduplicate(examples: list[Example]) -> list[Example]:
    """Drop repeats so that no dev/test text (of ANY dataset) is trained on, and no test text is tuned on.

    A text in several splits keeps its most protected one (test > dev > train); within one split
    the first occurrence wins.
    """
    rank = {"test": 0, "dev": 1, "train": 2}
    best: dict[str, int] = {}
    for ex in examples:
        k = dedup_key(ex.text)
        best[k] = min(best.get(k, 3), rank[ex.split])
    kept: list[Example] = []
    used: set[tuple[str, str]] = set()
    for ex in examples:
        k = dedup_key(ex.text)
        if not k or rank[ex.split] != best[k] or (k, ex.split) in used:
            continue
        used.add((k, ex.split))
        kept.append(ex)
    return kept
