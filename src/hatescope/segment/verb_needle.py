"""A cheap pre-search for a language's verbs: what a sentence must hold for one of them to match.

Speaker rules (:mod:`hatescope.segment.language_speakers`) search each sentence with every language's verb
alternation; most sentences (English ones) hold no verb of any other language, and one search of a needle passes
them over. A needle may admit a sentence without a verb (the verbs then find nothing), never miss one with a verb.

The verbs are matched without case, and so is the needle. A verb is found by one of its non-ASCII characters when
it has one that no ASCII character matches without case: Turkish "ı" is no such character (it matches "i" and "I",
so it would admit nearly every English sentence), "ö" is. A verb without one is found by its own letters, a space
standing for any run of spaces as in the verb's pattern (``context_cues.words_pattern``): every match of the verb
holds them. Where the language's words are spaced and take no prefixes, its verbs' patterns begin at a word's start
(nothing word-like before them, or a frame's ``^\\W*``), so the letters are looked for there alone (``\\b``): most
positions of a sentence are then passed over at once.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable

from hatescope.context_cues import _data

#: Every ASCII character: a needle character that matches one of these without case cannot tell a sentence apart.
_ASCII = "".join(chr(code) for code in range(128))


@lru_cache(maxsize=None)
def distinctive(ch: str) -> bool:
    """True when ``ch`` is a non-ASCII character (not a space) that no ASCII character matches without case."""
    if ord(ch) < 128 or ch.isspace():
        return False
    return re.search(re.escape(ch), _ASCII, re.IGNORECASE) is None


@dataclass(frozen=True)
class NeedleParts:
    """What one or more languages' needle looks for."""

    letters: frozenset[str]  # distinctive characters, anywhere
    at_word_start: frozenset[str]  # words spelled out, found where a word starts
    anywhere: frozenset[str]  # words spelled out, found anywhere (a prefix may be written onto them)

    @property
    def empty(self) -> bool:
        return not (self.letters or self.at_word_start or self.anywhere)


def needle_parts(words: Iterable[str], *, word_start: bool) -> NeedleParts:
    """The parts of the needle of ``words`` (without their trailing ``*`` or ``+``): their distinctive characters
    (letters, and the marks of a word such as "صرّح"), and each word that has none spelled out ("2al", "iddia
    etti", "yazdı"). ``word_start``: the language's verb patterns begin where a word starts (spaced words, no
    prefixes), so a spelled word that begins with a letter or digit is looked for there alone."""
    letters: set[str] = set()
    starting: set[str] = set()
    anywhere: set[str] = set()
    for word in words:
        found = {ch for ch in word if distinctive(ch)}
        if found:
            letters |= found
        elif word.strip():
            word = word.strip()
            (starting if word_start and word[:1].isalnum() else anywhere).add(word)
    return NeedleParts(frozenset(letters), frozenset(starting), frozenset(anywhere))


def compile_needle(parts: Iterable[NeedleParts]) -> re.Pattern[str] | None:
    """One search (without case) for everything ``parts`` look for; None when they look for nothing."""
    letters: set[str] = set()
    starting: set[str] = set()
    anywhere: set[str] = set()
    for part in parts:
        letters |= part.letters
        starting |= part.at_word_start
        anywhere |= part.anywhere
    alts = ["[" + "".join(re.escape(ch) for ch in sorted(letters)) + "]"] if letters else []
    if starting:
        alts.append(r"\b(?:" + _by_first_character(starting) + ")")
    if anywhere:
        alts.append(_by_first_character(anywhere))
    return re.compile("|".join(alts), re.IGNORECASE) if alts else None


def _by_first_character(words: Iterable[str]) -> str:
    """An alternation of ``words`` grouped by their first character (the same matches as listing them; at each
    position a sentence's character is compared once per group, not once per word)."""
    groups: dict[str, list[str]] = defaultdict(list)
    for word in sorted(words, key=lambda w: (-len(w), w)):
        groups[word[0]].append(_spelled(word[1:]))
    return "|".join(re.escape(first) + "(?:" + "|".join(rests) + ")" for first, rests in sorted(groups.items()))


def _spelled(text: str) -> str:
    return re.escape(text).replace(r"\ ", r"\s+")  # a space stands for any run of spaces, as in words_pattern


def verbs_of(language: str) -> tuple[list[str], list[str]] | None:
    """(verbs of saying and reporting, naming verbs and "according to" frames: what its needle looks for) of a
    language with an ``[attribution]`` table and such verbs, read from its cue file without compiling anything."""
    data = _data(language) or {}
    if not data.get("attribution"):
        return None
    words = data.get("words", {})
    said = [*words.get("speech_verbs", ()), *words.get("report_verbs", ())]
    frames = [f.rstrip("+") for key in ("according_to", "according_to_after") for f in data["attribution"].get(key, ())]
    return (said, list(words.get("naming_verbs", ())) + frames) if said else None


def word_start(data: dict[str, Any]) -> bool:
    """Whether the verb patterns of a language (its cue file's ``data``) begin where a word starts: spaced words
    and no prefixes (``context_cues.words_pattern`` then puts no letter before each word, and a frame opens a
    clause after ``^\\W*``)."""
    return bool(data.get("word_boundaries", True)) and not data.get("prefixes")


def language_needle_parts(language: str) -> NeedleParts:
    """The needle parts of a language that :func:`verbs_of` finds verbs for."""
    verbs = verbs_of(language)
    assert verbs is not None  # a language with speaker rules
    return needle_parts([w.rstrip("*") for w in verbs[0] + verbs[1]], word_start=word_start(_data(language) or {}))


__all__ = ["NeedleParts", "compile_needle", "distinctive", "language_needle_parts", "needle_parts", "verbs_of",
           "word_start"]
