"""The rows the multilingual heads learn from and are chosen on (``training.train_multilingual``).

In the order of Röttger et al. (2022), though the heads see them together: English first (a sample of the
ship-licensed sets, the contrastive rows and the English adversarial rounds), then public sets in other
languages, then the in-house rounds written in each language. Train and dev parts only: test parts of public
sets are the per-language report's (``hatescope eval --suite languages``), and the sealed 20% of every
adversarial round is never returned — nor is any other row whose text is a sealed pair's text.

Every public set is capped (``cap`` training rows, a sixth of that for dev), so that English does not drown the
rest and the embedding cost stays bounded; which rows are kept depends on the seed only.
"""

from __future__ import annotations

import random
import tomllib
from collections import Counter
from pathlib import Path
from typing import Collection

from hatescope.evaluation.datasets import dedup_key
from hatescope.evaluation.foreign_datasets import SHIP_FOREIGN, ForeignExample

from training import contrastive
from training.adversarial.corpus import adversarial_examples, annotated_rounds, sealed_keys
from training.adversarial.rounds import ROOT as ADVERSARIAL_ROOT
from training.data import corpus
from training.language_pins import annotated_languages, language_pin_examples
from training.pins import pin_examples

#: Contrastive twins written in other languages (same format and generator as contrastive_v2.toml).
CONTRASTIVE_DIR = Path(__file__).with_name("contrastive_ml")
#: The ship-licensed public sets in other languages, as the rows' keys name them ("<set>/<split>").
PUBLIC_TRAINING_SETS = tuple(SHIP_FOREIGN)
#: English adversarial rounds read by default: the annotated ones when this recipe was written. A round annotated
#: later joins only when named (``--english-rounds``), so a rerun rebuilds the same rows.
ENGLISH_ROUNDS = ("r1", "r2")
#: Share of the English sample drawn from dev (English dev rows are reported, not used to choose).
ENGLISH_DEV_SHARE = 0.05


def language_roots(root: Path = ADVERSARIAL_ROOT) -> dict[str, Path]:
    """The in-house rounds' folder of every language other than English (``lang/<code>``)."""
    return {p.name: p for p in sorted((root / "lang").glob("*")) if p.is_dir()}


def sealed_texts(root: Path = ADVERSARIAL_ROOT) -> set[str]:
    """Dedup keys of every sealed pair's texts, English and every other language (written or annotated)."""
    keys = sealed_keys(root)
    for lang_root in language_roots(root).values():
        keys |= sealed_keys(lang_root)
    return keys


def english_rows(data_dir: Path, n_english: int, n_contrastive: int, seed: int) -> list[ForeignExample]:
    """A seeded sample of the English ship-licensed rows and of the contrastive rows, as written."""
    rng = random.Random(seed)
    rows = corpus(data_dir, ship_only=True, contrastive=True, as_written=True)
    out: list[ForeignExample] = []
    for source, limit in (("public", n_english), ("contrastive", n_contrastive)):
        for split, share in (("train", 1.0), ("dev", ENGLISH_DEV_SHARE)):
            pool = [r for r in rows if r.split == split and (r.source == "contrastive") == (source == "contrastive")]
            rng.shuffle(pool)
            out += [ForeignExample(r.text, "en", r.source, split, dict(r.labels), r.klass) for r in pool[:int(limit * share)]]
    return out


def contrastive_foreign_rows(seed: int, per_language: int) -> list[ForeignExample]:
    """The contrastive twins of each language: a seeded sample of ``per_language`` training rows and half as many
    dev rows (frames split by id, as generated)."""
    out = []
    for path in sorted(CONTRASTIVE_DIR.glob("*.toml")):
        language = tomllib.loads(path.read_text(encoding="utf-8"))["language"]
        rows = [ForeignExample(r.text, language, f"contrastive_{language}", r.split, dict(r.labels), r.klass)
                for r in contrastive.generate(seed=seed, path=path)]
        for split, limit in (("train", per_language), ("dev", per_language // 2)):
            pool = [r for r in rows if r.split == split]
            random.Random(f"{seed}:{language}:{split}").shuffle(pool)
            out += pool[:limit]
    return out


def inhouse_rows(english_rounds: Collection[str], n_english: int, seed: int,
                 root: Path = ADVERSARIAL_ROOT) -> tuple[list[ForeignExample], dict]:
    """Train and dev rows of the adversarial rounds (gold labels, split by pair): a seeded sample of ``n_english``
    rows of the English rounds named, every row of every annotated round of the other languages. Also which
    rounds each language contributed."""
    english = [ForeignExample(e.text, "en", "inhouse_en", e.split, dict(e.labels), e.klass)
               for e in adversarial_examples(root, english_rounds)]
    random.Random(f"{seed}:inhouse_en").shuffle(english)
    out = english[:n_english]
    rounds = {"en": sorted(set(english_rounds) & set(annotated_rounds(root)))}
    for lang, lang_root in language_roots(root).items():
        rounds[lang] = annotated_rounds(lang_root)
        out += [ForeignExample(e.text, lang, f"inhouse_{lang}", e.split, dict(e.labels), e.klass)
                for e in adversarial_examples(lang_root)]
    return out, rounds


def english_pin_rows() -> list[ForeignExample]:
    """The English pin set's train rows (innocent posts that only name a group), weighted as in-house rows: the
    encoder is shared across languages, so "I'm Jewish" held at "not hateful" pulls its translations with it."""
    return [ForeignExample(e.text, "en", "inhouse_en_pins", e.split, dict(e.labels), e.klass)
            for e in pin_examples() if e.split == "train"]


def language_pin_rows() -> list[ForeignExample]:
    """The train rows of the pin set in other languages (``training.language_pins``), as in-house rows of their
    language: the English pins pull translations only so far, and a two-word identity statement in German is its own
    sentence to hold innocent."""
    return [ForeignExample(e.text, lang, f"inhouse_{lang}_pins", e.split, dict(e.labels), e.klass)
            for lang in annotated_languages() for e in language_pin_examples(lang) if e.split == "train"]


def public_foreign_rows(data_dir: Path, cap: int, seed: int, dev_cap: int | None = None) -> list[ForeignExample]:
    """Train (at most ``cap``) and dev (at most ``dev_cap``, by default ``cap // 6``) rows of every ship-licensed set
    in another language. Each split is shuffled by its own seed, so a larger ``dev_cap`` keeps the same train rows
    and the smaller dev sample as its first rows."""
    out = []
    for name, read in SHIP_FOREIGN.items():
        rows = read(data_dir)
        for split, limit in (("train", cap), ("dev", cap // 6 if dev_cap is None else dev_cap)):
            pool = sorted((r for r in rows if r.split == split), key=lambda r: r.text)  # file order never matters
            random.Random(f"{seed}:{name}:{split}").shuffle(pool)
            out += pool[:limit]
    return out


def training_rows(data_dir: Path, *, n_english: int, n_contrastive: int, n_twins: int, n_english_inhouse: int, cap: int,
                  seed: int, english_rounds: Collection[str] = ENGLISH_ROUNDS,
                  public_dev: int | None = None, english_pins: bool = False,
                  language_pins: bool = False) -> tuple[list[ForeignExample], dict]:
    """Every row the heads may train or be chosen on, and a summary (counts per source and split, rounds read,
    rows dropped because their text is a sealed pair's). ``public_dev``: dev rows kept per public set in another
    language (default ``cap // 6``); ``english_pins``: add the English pin set's train rows; ``language_pins``: add
    the train rows of the pin set in other languages."""
    inhouse, rounds = inhouse_rows(english_rounds, n_english_inhouse, seed)
    if english_pins:
        inhouse += english_pin_rows()
    if language_pins:
        inhouse += language_pin_rows()
    rows = (english_rows(data_dir, n_english, n_contrastive, seed) + contrastive_foreign_rows(seed, n_twins) + inhouse
            + public_foreign_rows(data_dir, cap, seed, public_dev))
    sealed = sealed_texts()
    kept = [r for r in rows if dedup_key(r.text) not in sealed]
    counts = Counter(f"{r.source}/{r.split}" for r in kept)
    summary = {"rounds": rounds, "sealed_copies_dropped": len(rows) - len(kept), "rows": dict(sorted(counts.items()))}
    return kept, summary


def source_group(row: ForeignExample) -> str:
    """english / contrastive / inhouse / public: the groups whose weights the recipe sets."""
    if row.source.startswith("contrastive"):
        return "contrastive"
    if row.source.startswith("inhouse_"):
        return "inhouse"
    return "english" if row.language == "en" else "public"


def english_training_sets(rows: dict[str, int]) -> list[str]:
    """The English ship-licensed sets among a training report's row counts ("<set>/<split>" → n): not a public set in
    another language, not contrastive, not in-house."""
    names = {k.split("/")[0] for k in rows}
    return sorted(n for n in names if n not in PUBLIC_TRAINING_SETS and not n.startswith(("contrastive", "inhouse_")))
