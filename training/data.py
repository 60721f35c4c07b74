"""The training/evaluation corpus: public datasets + contrastive data, normalised like the runtime."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Collection

from hatescope.evaluation.datasets import LOADERS, SHIP, Example, dedup_key, deduplicate, load
from hatescope.normalize import normalize

from training.contrastive import generate


def normalised(ex: Example) -> Example:
    """The runtime classifies ``normalize(text).text``; training must see the same strings."""
    return replace(ex, text=normalize(ex.text).text)


def corpus(data_dir: Path, *, ship_only: bool = True, contrastive: bool = True, seed: int = 13,
           as_written: bool = False, adversarial: bool = False, adversarial_root: Path | None = None,
           adversarial_rounds: Collection[str] | None = None, pins: bool = False) -> list[Example]:
    """De-duplicated examples (all splits). ``ship_only`` keeps only datasets whose licence allows shipping.
    ``as_written`` keeps the texts as the datasets give them (the multilingual model reads text unnormalised).
    ``adversarial`` adds the annotated train/dev rows of the adversarial rounds, and drops any row whose text
    is that of a sealed adversarial pair (the sealed test stays unseen whichever dataset carries a copy).
    ``pins`` adds the kept rows of the pin set (:mod:`training.pins`)."""
    names = SHIP if ship_only else tuple(LOADERS)
    rows: list[Example] = []
    for name in names:
        rows.extend(load(name, data_dir))
    if contrastive:
        rows.extend(generate(seed=seed))
    if pins:
        from training.pins import pin_examples

        rows.extend(pin_examples())
    if adversarial:
        from training.adversarial import corpus as adversarial_corpus

        root = adversarial_root or adversarial_corpus.ROOT
        rows.extend(adversarial_corpus.adversarial_examples(root, adversarial_rounds))
        sealed = adversarial_corpus.sealed_keys(root, adversarial_rounds)
        rows = [r for r in rows if dedup_key(r.text) not in sealed]
    unique = deduplicate(rows)
    return unique if as_written else [normalised(ex) for ex in unique]
