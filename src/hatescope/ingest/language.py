"""Does a text read as English? The learned classifier is English; on other languages its scores are noise.

Measured (benchmarks/german_check.py; docs/LEXICONS.md, "Other languages"): on German tweets its
`hate` score separates abusive from harmless tweets that name a group barely better than chance (AUC
0.56), while it calls plain German mentions hateful ("Meine Nachbarn sind Muslime." 0.74). So the
engine asks this module first, and the classifier sits out on text that is clearly not English;
the lexicons (which have entries in several languages) still run.

The test is the share of words found in ``english_words.txt.gz`` (SCOWL's common lower-case words,
capitalised ones the English encoder knows, the lexicons' English slurs and profanity; built by
training/build_normalize_data.py). Mentions, hashtags and placeholders do not count, and a text needs
at least ``MIN_WORDS`` words to be judged at all: "Ausländer raus!" is too short to tell, and stays
with the classifier. Judged on normalised text (lower case, accents folded, emoji read as words).
"""

from __future__ import annotations

import re

from hatescope.normalize.spelling import word_list

#: doc.cache key where a detector that sat out records why (read by the policy stage for its reasons).
LANGUAGE_KEY = "hatescope.language"
_WORD = re.compile(r"(?<![@#\w])[a-z]{2,}")
#: Tokens datasets and scrapers put in place of users, numbers and links.
_PLACEHOLDERS = frozenset({"user", "number", "url", "http", "https", "www", "rt", "amp", "percent", "com"})
MIN_WORDS = 3
#: Below this share of English words a text is not English. English posts full of slang and slurs stay
#: above it (9 of 17,199 English dataset test texts fall below, 4 of them in fact Dutch or Spanish);
#: 79% of GermEval's German test tweets fall below it.
ENGLISH_SHARE = 0.3


def english_share(text: str) -> float | None:
    """Share of the words of (normalised) ``text`` that are English, or None when it has too few words."""
    words = [w for w in _WORD.findall(text) if w not in _PLACEHOLDERS]
    if len(words) < MIN_WORDS:
        return None
    english = word_list("english_words")
    return sum(w in english for w in words) / len(words)


def english_enough(share: float | None) -> bool:
    """Whether a text with this ``english_share`` is English (too short to judge counts as English)."""
    return share is None or share >= ENGLISH_SHARE


def reads_as_english(text: str) -> bool:
    return english_enough(english_share(text))
