"""The vocabularies a lexicon entry's fields are checked against (:mod:`hatescope.detect.lexicon_files`
re-exports them): categories and the labels each emits, antisemitism defaults, languages, verdicts."""

from __future__ import annotations

import re

#: Categories an entry may have, and the finding labels each emits unless the entry says otherwise.
CATEGORY_LABELS: dict[str, tuple[str, ...]] = {
    "coded_language": ("coded_language",),
    "conspiracy": ("coded_language",),
    "stereotype": ("hate",),
    "dehumanization": ("dehumanization",),
    "incitement": ("incitement",),
    "threat": ("threat",),
    "glorification": ("hate",),
    "holocaust_denial": ("antisemitism",),
    "israel_discourse": ("antisemitism",),
    "slur": ("hate", "insult"),
    "insult": ("insult",),
    "profanity": ("profanity",),
}

#: When a hateful entry hits a Jewish target, the IHRA example and JDA guideline it falls under by
#: default (an entry may name its own). See docs/LEXICONS.md for the reasoning.
ANTISEMITISM_DEFAULTS: dict[str, tuple[str, str]] = {
    "coded_language": ("2", "A4"),
    "conspiracy": ("2", "A2"),
    "stereotype": ("2", "A3"),
    "dehumanization": ("2", "A1"),
    "incitement": ("1", "A3"),
    "threat": ("1", "A3"),
    "glorification": ("1", "A3"),
    "holocaust_denial": ("4", "A5"),
    "slur": ("2", "A3"),
    "insult": ("2", "A1"),
}

#: ``languages = ["*"]``: an entry of no language (numbers, symbols, emoji: "1488", "(((").
ANY_LANGUAGE = "*"
#: Entries without ``languages``, in a file whose ``[lexicon]`` table names none, are English.
DEFAULT_LANGUAGES = ("en",)
_LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}$")
VERDICTS = ("antisemitic", "not_antisemitic", "contested")
TARGET_KINDS = ("people", "state", "proxy")
INFLECTIONS = ("none", "noun", "verb")
IHRA_EXAMPLES = tuple(str(i) for i in range(1, 12))
JDA_GUIDELINES = tuple(f"A{i}" for i in range(1, 6)) + tuple(f"B{i}" for i in range(6, 11)) + tuple(
    f"C{i}" for i in range(11, 16)
)
