"""The training/evaluation corpus: public datasets + contrastive data, normalised like the runtime."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from hatescope.evaluation.datasets import LOADERS, SHIP, Example, deduplicate, load
from hatescope.normalize import normalize

from training.contrastive import generate


def normalised(ex: Example) -> Example:
    """The runtime classifies ``normalize(text).text``; training must see the same strings."""
    return replace(ex, text=normalize(ex.text).text)


def corpus(data_dir: Path, *, ship_only: bool = True, contrastive: bool = True, seed: int = 13,
           as_written: bool = False) -> list[Example]:
    """De-duplicated examples (all splits). ``ship_only`` keeps only datasets whose licence allows shipping.
    ``as_written`` keeps the texts as the datasets give them (the multilingual model reads text unnormalised)."""
    names = SHIP if ship_only else tuple(LOADERS)
    rows: list[Example] = []
    for name in names:
        rows.extend(load(name, data_dir))
    if contrastive:
        rows.extend(generate(seed=seed))
    unique = deduplicate(rows)
    return unique if as_written else [normalised(ex) for ex in unique]
