"""The homoglyph table: characters that Unicode's confusables data (UTS #39) says look like a Latin letter.

Generated from Unicode's data by training/build_confusables.py into data/normalize/confusables.tsv
(see there for the classes); read once, on first use. ``normalize.confusables`` decides *when* a
character is folded; this module only says what it would become and of which kind it is.
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple


TABLE = Path(__file__).resolve().parent.parent / "data" / "normalize" / "confusables.tsv"


class Homoglyph(NamedTuple):
    letter: str  # the ASCII letter it passes for, lower case
    kind: str  # "nfkc", "latin", "script" or "symbol" (training/build_confusables.py)
    script: str  # first word of its Unicode name: "CYRILLIC", "GREEK", "CHEROKEE"…


@cache
def table() -> dict[str, Homoglyph]:
    """Every character of the table, the ones NFKC already folds included."""
    text = TABLE.read_text(encoding="utf-8")
    out: dict[str, Homoglyph] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        _, ch, letter, kind, script = line.split("\t")
        out[ch] = Homoglyph(letter, kind, script)
    return out


@cache
def folded_here() -> dict[str, Homoglyph]:
    """The characters the confusables stage folds: all but those NFKC turns into the letter already."""
    return {ch: h for ch, h in table().items() if h.kind != "nfkc"}


@lru_cache(maxsize=4096)
def script_of(ch: str) -> str:
    """The script of a letter, as the first word of its Unicode name ("CYRILLIC", "LATIN", "CJK")."""
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0]
