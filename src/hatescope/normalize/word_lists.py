"""The packaged word lists (built by training/build_normalize_data.py), read once each.

Their own module because the spelling repair, the de-obfuscation rules and language identification all read
them, and none of them should have to import another for it.
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from pathlib import Path

WORD_LISTS = Path(__file__).resolve().parent.parent / "data" / "normalize"


@lru_cache(maxsize=None)
def word_list(name: str) -> frozenset[str]:
    """A packaged word list (training/build_normalize_data.py): "known_words" (never repaired), "common_words"
    (may stand beside a group word), "english_words" (hatescope.ingest.language's yardstick)."""
    with gzip.open(WORD_LISTS / f"{name}.txt.gz", "rt", encoding="utf-8") as fh:
        return frozenset(fh.read().split())
