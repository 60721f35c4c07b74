"""The ordinary senses of a lexicon term, as data: ``[[entry.sense]]`` tables of the lexicon files.

A slur's spelling is often an ordinary word too: a "dyke" holds back the sea, "Sambo" is a martial art,
a "chinaman" is a cricket delivery, "kaffir lime" a fruit, "Coon" a cheese, a surname and a cat (Maine
Coon). Each sense says which spellings it belongs to and what marks it:

```toml
[[entry.sense]]
name = "the lime (makrut lime)"         # shown in the reason the match was dropped
forms = ["kaffir"]                      # spellings it belongs to (their inflections too); empty: all
before = ["maine"]                      # words right before the match ("Maine Coon")
after = ["lime", "lime leaf"]           # words right after ("kaffir lime"; a possessive 's may come between)
context = ["recipe", "curry"]           # words anywhere in the sentence
capitalised = true                      # the match is written as a name: capital first letter, not all capitals
hostile_context = ["moved in"]          # words that keep a context sense from dropping the match
name_of_slur = true                     # a name built on the slur itself (a renamed charity, a sports team)
```

``before``/``after`` (a collocation) are strong: the match is dropped unless it is said to someone. ``context``
is weaker: the match is dropped unless the sentence is hostile (see :mod:`hatescope.detect.senses`). A sense
with ``name_of_slur`` names something after the slur ("the Spastics Society", "Operation Wetback"): the word is
mentioned, not used, but it is not another word either, so the classifier still judges the sentence around it
(the drop is not remembered as an everyday sense). Single words in every list also match their regular plural.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable

from hatescope.errors import LexiconError
from hatescope.normalize import fold_term

_KEYS = {"name", "forms", "before", "after", "context", "capitalised", "hostile_context", "name_of_slur"}
#: An apostrophe as written in a sense's word matches either apostrophe the text may hold.
_APOSTROPHE = "['’]"


@dataclass(frozen=True)
class Sense:
    """One ordinary sense of an entry's spellings, and the words that mark it."""

    name: str
    forms: tuple[str, ...] = ()
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    capitalised: bool = False
    hostile_context: tuple[str, ...] = ()
    name_of_slur: bool = False

    def covers(self, form: str) -> bool:
        """Whether the matched spelling ``form`` (normalised) is one of the sense's."""
        return not self.forms or form in self.forms

    @property
    def collocation(self) -> bool:
        return bool(self.before or self.after)


def parse(where: str, raw: Any, inflect: Callable[[str, str], list[str]], entry_inflect: str) -> tuple[Sense, ...]:
    """The ``sense`` tables of one entry, validated; ``inflect`` is lexicon_files.inflect."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise LexiconError(f"{where}: sense must be a list of tables ([[entry.sense]])")
    senses = []
    for i, table in enumerate(raw):
        here = f"{where}: sense #{i + 1}"
        if not isinstance(table, dict):
            raise LexiconError(f"{here}: must be a table")
        unknown = sorted(set(table) - _KEYS)
        if unknown:
            raise LexiconError(f"{here}: unknown field(s) {unknown} (known: {sorted(_KEYS)})")
        if not str(table.get("name", "")).strip():
            raise LexiconError(f"{here}: needs a name")
        sense = Sense(
            name=str(table["name"]),
            forms=tuple(f for w in _words(here, table, "forms") for f in inflect(w, entry_inflect)),
            before=_plural(here, table, "before", inflect),
            after=_plural(here, table, "after", inflect),
            context=_plural(here, table, "context", inflect),
            capitalised=bool(table.get("capitalised", False)),
            hostile_context=_words(here, table, "hostile_context"),
            name_of_slur=bool(table.get("name_of_slur", False)),
        )
        if not (sense.collocation or sense.context or sense.capitalised):
            raise LexiconError(f"{here}: needs before, after, context or capitalised")
        senses.append(sense)
    return tuple(senses)


def check_forms(where: str, senses: tuple[Sense, ...], spellings: list[str]) -> list[str]:
    """Problems: a sense naming a spelling the entry does not have."""
    known = set(spellings)
    return [f"{where}: sense '{s.name}' names '{f}', not a spelling of the entry"
            for s in senses for f in s.forms if f not in known]


def _words(where: str, table: dict[str, Any], key: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise LexiconError(f"{where}: {key} must be a list of words")
    return tuple(" ".join(fold_term(v).split()) for v in value)


def _plural(where: str, table: dict[str, Any], key: str, inflect: Callable[[str, str], list[str]]) -> tuple[str, ...]:
    words = _words(where, table, key)
    return tuple(dict.fromkeys(f for w in words for f in (inflect(w, "noun") if " " not in w else [w])))


@lru_cache(maxsize=None)
def before_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """One of ``words`` ending right before the match (a space or hyphen between), searched up to the match."""
    return re.compile(rf"(?<![\w'’])(?:{_alternatives(words)})\.?[\s\-]+$")


@lru_cache(maxsize=None)
def after_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """One of ``words`` starting right after the match, a possessive 's allowed between ("Golliwog's Cakewalk");
    a mark without letters ("!") follows the match directly ("Poof!")."""
    marks = tuple(w for w in words if not any(ch.isalnum() for ch in w))
    spelled = tuple(w for w in words if w not in marks)
    alternatives = [rf"(?:{_APOSTROPHE}s)?[\s\-]+(?:{_alternatives(spelled)})(?![\w])"] if spelled else []
    if marks:
        alternatives.append(rf"\s*(?:{_alternatives(marks)})")
    return re.compile("|".join(alternatives))


def _alternatives(words: tuple[str, ...]) -> str:
    return "|".join(re.sub("['’]", lambda _: _APOSTROPHE, re.escape(w)) for w in sorted(words, key=len, reverse=True))


__all__ = ["Sense", "after_pattern", "before_pattern", "check_forms", "parse"]
