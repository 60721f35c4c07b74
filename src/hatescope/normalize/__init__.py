"""Stage 2: normalise text against evasion, keeping a map back to the original offsets.

``normalize(text)`` runs the stages below in order. Each is ``MappedText -> MappedText`` and hands
back its input untouched when its pattern does not occur, so clean ASCII text costs a few regex
tests. What is rewritten and what is left alone: docs/NORMALIZATION.md.
"""

from __future__ import annotations

from typing import Callable

from hatescope.normalize.confusables import map_confusables, read_emoji_letters, read_regional_letters
from hatescope.normalize.entities import decode_html_entities
from hatescope.normalize.emoji_names import read_emoji_names
from hatescope.normalize.leetspeak import decode_leet
from hatescope.normalize.deobfuscate import (
    drop_edge_underscores,
    drop_stray_quote_marks,
    join_spaced_letters,
    join_split_words,
    squeeze_repeats,
)
from hatescope.normalize.unicode import casefold, fold_unicode, fold_whitespace
from hatescope.offsets import MappedBuilder, MappedText, compose, rewrite

Stage = Callable[[MappedText], MappedText]

#: The order matters: character references are decoded first ("&#1040;" is a Cyrillic A), look-alikes are read
#: before case is folded (Greek "Η" is an "h", "η" an "n"), emoji that spell a letter are read before the others are
#: read as words (whose spaces are then folded), whitespace is folded before spaced letters are joined, and letters
#: are joined before leetspeak is read ("k 1 l l" → "k1ll" → "kill"), which comes before elongation is cut
#: ("k111" → "klll" → "kll"). Quote marks that quote nothing are judged last, on the words as read: what
#: introduces a quotation ("Ｈe ѕaid “…", "H3 wr073: “…", "H e  s a i d “…") must be seen through its disguise.
STAGES: tuple[Stage, ...] = (
    decode_html_entities,
    fold_unicode,
    map_confusables,
    casefold,
    read_emoji_letters,
    read_regional_letters,
    read_emoji_names,
    fold_whitespace,
    drop_edge_underscores,
    join_spaced_letters,
    join_split_words,
    decode_leet,
    squeeze_repeats,
    drop_stray_quote_marks,
)


def normalize(text: str) -> MappedText:
    """The full normalisation chain used by the engine; offsets map back to ``text``."""
    mt = MappedText.identity(text)
    for stage in STAGES:
        mt = stage(mt)
    return mt


def fold_term(term: str) -> str:
    """A lexicon term in the form ``normalize`` gives text, so term and text compare equal.

    Lexicons should store (or fold at load time) their terms with this: "Ärger" → "arger".
    """
    return normalize(term).text


__all__ = [
    "STAGES",
    "MappedBuilder",
    "MappedText",
    "compose",
    "fold_term",
    "normalize",
    "rewrite",
]
