"""Stage 2: normalise text against evasion, keeping a map back to the original offsets.

``normalize(text)`` runs the stages below in order. Each is ``MappedText -> MappedText`` and hands
back its input untouched when its pattern does not occur, so clean ASCII text costs a few regex
tests. What is rewritten and what is left alone: docs/NORMALIZATION.md.
"""

from __future__ import annotations

from typing import Callable

from hatescope.normalize.confusables import map_confusables, read_emoji_letters
from hatescope.normalize.entities import decode_html_entities
from hatescope.normalize.emoji_names import read_emoji_names
from hatescope.normalize.deobfuscate import decode_leet, join_spaced_letters, join_split_words, squeeze_repeats
from hatescope.normalize.offsets import MappedBuilder, MappedText, compose, rewrite
from hatescope.normalize.unicode import casefold, fold_unicode, fold_whitespace

Stage = Callable[[MappedText], MappedText]

#: The order matters: character references are decoded first ("&#1040;" is a Cyrillic A), look-alikes are read before case is folded (Greek "Η" is an "h", "η" an "n"),
#: emoji that spell a letter are read before the others are read as words (whose spaces are then folded),
#: whitespace is folded before spaced letters are joined, and letters are joined before leetspeak
#: is read ("k 1 l l" → "k1ll" → "kill"), which comes before elongation is cut ("k111" → "klll" → "kll").
STAGES: tuple[Stage, ...] = (
    decode_html_entities,
    fold_unicode,
    map_confusables,
    casefold,
    read_emoji_letters,
    read_emoji_names,
    fold_whitespace,
    join_spaced_letters,
    join_split_words,
    decode_leet,
    squeeze_repeats,
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
